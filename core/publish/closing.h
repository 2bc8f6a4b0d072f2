/* closing.h: the month-end close files the host makes itself, for finance and audit:
 * reconciliation.csv (every dollar of the CUR rows read, in and out, per billing family, line item
 * type and invoice) and changes.csv (what changed since a previous pack of the same period, and
 * why). Their figures are also host results in the result store (ledger.reconciliation,
 * ledger.inputs, ledger.changes), so summary.json and the workbooks show them. */
#ifndef FC_CLOSING_H
#define FC_CLOSING_H

#include <jansson.h>

#include "finops/plugin.h"
#include "outputs.h"

struct fc_run;

/* Before the ingest: asks it to count invoices, skipped and malformed rows. */
fc_status fc_close_prepare(struct fc_run *r);
/* After the ingest, instead of fc_facts_sort: sorts the facts and what was counted with them. */
fc_status fc_close_sort(struct fc_run *r);
/* After the plugins, before summary.json: ledger.reconciliation and ledger.inputs; then, when a
 * previous pack exists (compare_dir, else the published folder `final`), ledger.changes. Checks
 * that every dollar in is a dollar out (FC_ERR_RECONCILE otherwise). */
fc_status fc_close_results(struct fc_run *r, const char *final, const char *compare_dir);
/* After summary.json: reconciliation.csv and changes.csv (when there is a comparison) into dir. */
fc_status fc_close_files(struct fc_run *r, const char *dir, fc_outfiles *files);
/* Releases what fc_close_results kept (a run that failed before its files). */
void fc_close_free(void);

/* Reads from the summary.json at path only its period, as_of, the results named in keys
 * (NULL-terminated) under "results", and the first result whose rows carry every one of
 * chargeback_keys under "chargeback". NULL with a message in err ("out of memory" when so). */
json_t *fc_close_read(const char *path, const char *const *keys, const char *const *chargeback_keys,
                      char *err, size_t err_size);

/* restate.c: ledger.changes from the previous pack (fc_close_results calls it), changes.csv. */
fc_status fc_close_changes(struct fc_run *r, const char *final, const char *compare_dir);
fc_status fc_close_changes_file(struct fc_run *r, const char *dir, fc_outfiles *files);

#endif
