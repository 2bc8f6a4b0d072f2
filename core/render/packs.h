/* packs.h: per-node report packs (nodes/<node path>/): one workbook per role of the people scoped
 * to the node, its charts and its task list, all made from a scoped view of the result store.
 *
 * Role scoping lives in one place, fc_view_make: a view holds only the rows of results whose node
 * lies within the pack's node (rows of node -1, the organisation as a whole, only in the
 * organisation pack). Renderers (xlsx.c, charts.c) see nothing but the view. */
#ifndef FC_PACKS_H
#define FC_PACKS_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "facts.h"
#include "jobs.h"
#include "names.h"
#include "outfiles.h"
#include "results.h"
#include "rowindex.h"
#include "scope.h"
#include "templates.h"

typedef struct fc_view_table {
  const fc_table *t;
  size_t *rows; /* indexes of the rows in scope, in result order; NULL when every row is (row i is i) */
  size_t n;
} fc_view_table;

/* The index in the result of row i of the view (0..n-1). */
static inline size_t fc_view_row(const fc_view_table *t, size_t i) { return t->rows ? t->rows[i] : i; }

typedef struct fc_view {
  const fc_config *cfg;
  int node; /* the pack's node; -1 = the organisation */
  fc_view_table *v;
  size_t n;
  /* the ingested facts; renderers read plugin results only, never facts directly */
  const fc_facts *facts;
  int32_t period, as_of;
} fc_view;

/* The view of results for node: only rows whose node lies within node's subtree (node -1: every
 * row). Returns FC_OK or FC_ERR_NOMEM. Free with fc_view_free. */

fc_status fc_view_make(const fc_results *res, const fc_config *cfg, const fc_facts *facts, int32_t period,
                       int32_t as_of, int node, fc_view *out);
/* The same view, made with an index of the rows by node (rowindex.h) built from res as it is now:
 * the rows in the node's scope are found without looking at the others. Without an index, or with
 * one of another state of the store, it is fc_view_make. */
fc_status fc_view_make_indexed(const fc_results *res, const fc_config *cfg, const fc_facts *facts,
                               int32_t period, int32_t as_of, int node, const fc_row_index *ix, fc_view *out);
void fc_view_free(fc_view *v);
/* The scoped table named name; NULL when absent. */
const fc_view_table *fc_view_find(const fc_view *v, const char *name);
/* Column index by name; -1 when absent. */
int fc_view_col(const fc_view_table *t, const char *name);
/* Row i of the view (0..n-1): its cell and its node. */
fc_value fc_view_cell(const fc_view_table *t, size_t i, int col);
int fc_view_node(const fc_view_table *t, size_t i);
/* A metric of the view's own node from the first *.nodes result that has column name: 1 and *v
 * when found (money/int in v->i, ratio/real in v->r, *type set), else 0. */
int fc_view_node_metric(const fc_view *v, const char *name, fc_value *val, fc_coltype *type);

/* Text safe for a spreadsheet cell that may be exported again: control characters become spaces
 * and a leading = + - @ gets a single quote, as in the CSV files. Returns buf (size >= 2). */
const char *fc_cell_text(const char *s, char *buf, size_t size);

struct fc_run;
/* Writes every pack into dir/nodes/... and records each file in files. Returns FC_OK, or
 * FC_ERR_IO / FC_ERR_CONFIG / FC_ERR_NOMEM with details in the run's diags. */
fc_status fc_packs_write(struct fc_run *r, const fc_templates *tpl, const char *dir, fc_outfiles *files);
/* The same, with first (when not NULL) as the render processes' item 0, before the packs: the
 * run's own files (summary.json, the CSV files) written side by side with the packs, listed and
 * reported first, and with no pack when it fails, exactly as if it had run before them. Every
 * item's files are hashed and fsynced by the process that wrote them (fc_outfiles_complete). */
fc_status fc_packs_write_with(struct fc_run *r, const fc_templates *tpl, const char *dir, fc_outfiles *files,
                              fc_jobs_fn first, void *first_user);

#endif
