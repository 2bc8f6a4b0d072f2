/* outputs.h: every file a run writes, made from the result store: summary.json in the contract's
 * shape, the CSV files, the manifest. See docs/results.md for the conventions. */
#ifndef FC_OUTPUTS_H
#define FC_OUTPUTS_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "results.h"

struct fc_run;

/* The files of one run, relative to its output folder, with the node and roles they are for. */
typedef struct fc_outfile {
  char *path;        /* "summary.json", "nodes/Enterprise/finops_leader.xlsx" */
  int node;          /* -1 = the organisation */
  unsigned audience; /* bit (1u << fc_role) per role */
} fc_outfile;

typedef struct fc_outfiles {
  fc_outfile *v;
  size_t n, cap;
} fc_outfiles;

int fc_outfiles_add(fc_outfiles *o, const char *path, int node, unsigned audience);
void fc_outfiles_free(fc_outfiles *o);

/* A node path as a relative folder path: each name made safe (no "..", "/", control characters
 * or leading dots). Caller frees. */
char *fc_node_dir(const fc_config *cfg, int node);

struct fc_view_table;
/* Writes a table of a scoped view (packs.h: the rows someone may see, chosen by fc_view_make alone)
 * as CSV to f: a header of its column names and the nx extra names, then each row of the view followed
 * by the nx fixed values. Text is quoted when needed and guarded against spreadsheet formulas.
 * Returns 0 or -1 (errno). */
int fc_csv_write_view(FILE *f, const struct fc_view_table *vt, const char *const *xnames,
                      const char *const *xvals, size_t nx);
/* The table's header and the listed rows, in that order (rows a view chose). */
int fc_csv_write_rows(FILE *f, const fc_table *t, const size_t *rows, size_t n);
/* 1 when the period's data is complete: the as-of day lies after the period's last day. */
int fc_month_complete(int32_t period, int32_t as_of);
/* One CSV text cell: quoted when it holds a comma, quote or line break; a leading = + - @ (or
 * tab / carriage return) is prefixed with a single quote. */
void fc_csv_cell(FILE *f, const char *s);

/* The run's outputs into dir: summary.json and the CSV file of every result declared FC_USE_CSV,
 * recorded in files. Checks that every ledger (FC_USE_LEDGER) reconciles to the Bedrock total.
 * Returns FC_OK, FC_ERR_RECONCILE or FC_ERR_IO (details in the run's diags). */
fc_status fc_outputs_write(struct fc_run *r, const char *dir, fc_outfiles *files);
/* manifest.json listing files (sizes and sha256 read back from disk). */
int fc_manifest_write(struct fc_run *r, const char *dir, const fc_outfiles *files);

#endif
