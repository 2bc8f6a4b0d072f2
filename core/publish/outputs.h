/* outputs.h: every file a run writes, made from the result store: summary.json in the contract's
 * shape, the CSV files, the manifest. See docs/results.md for the conventions. */
#ifndef FC_OUTPUTS_H
#define FC_OUTPUTS_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "csvout.h"
#include "outfiles.h"
#include "results.h"

struct fc_run;

/* The run's outputs into dir: summary.json and the CSV file of every result declared FC_USE_CSV,
 * recorded in files. Checks that every ledger (FC_USE_LEDGER) reconciles to the Bedrock total.
 * Returns FC_OK, FC_ERR_RECONCILE or FC_ERR_IO (details in the run's diags). */
fc_status fc_outputs_write(struct fc_run *r, const char *dir, fc_outfiles *files);
/* manifest.json listing files (sizes and sha256 read back from disk). */
int fc_manifest_write(struct fc_run *r, const char *dir, const fc_outfiles *files);

#endif
