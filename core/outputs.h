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

/* 1 when node is ancestor or lies below it (node -1 is the organisation: only -1 lies in it when
 * ancestor is a node; every node lies in ancestor -1). */
int fc_node_within(const fc_config *cfg, int node, int ancestor);

/* A node path as a relative folder path: each name made safe (no "..", "/", control characters
 * or leading dots). Caller frees. */
char *fc_node_dir(const fc_config *cfg, int node);

/* Writes table t as CSV to f: a header of its column names, then every row whose node lies
 * within `scope` (-1: every row). Text is quoted when needed and guarded against spreadsheet
 * formulas. Returns 0 or -1 (errno). */
int fc_csv_write_table(FILE *f, const fc_config *cfg, const fc_table *t, int scope);
/* The table's header and the listed rows, in that order. */
int fc_csv_write_rows(FILE *f, const fc_table *t, const size_t *rows, size_t n);
/* 1 when the period's data is complete: the as-of day lies after the period's last day. */
int fc_month_complete(int32_t period, int32_t as_of);
/* One CSV text cell: quoted when it holds a comma, quote or line break; a leading = + - @ (or
 * tab / carriage return) is prefixed with a single quote. */
void fc_csv_cell(FILE *f, const char *s);

/* The run's outputs into dir: summary.json, chargeback.csv, unattributed.csv, tasks.csv (when the
 * results exist), recorded in files. Checks that chargeback reconciles to the Bedrock total.
 * Returns FC_OK, FC_ERR_RECONCILE or FC_ERR_IO (details in the run's diags). */
fc_status fc_outputs_write(struct fc_run *r, const char *dir, fc_outfiles *files);
/* manifest.json listing files (sizes and sha256 read back from disk). */
int fc_manifest_write(struct fc_run *r, const char *dir, const fc_outfiles *files);

#endif
