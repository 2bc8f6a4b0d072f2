/* results.h: the result store: named tables that plugins emit and renderers read. */
#ifndef FC_RESULTS_H
#define FC_RESULTS_H

#include <stddef.h>

#include "finops/plugin.h"
#include "util.h"

/* One stored cell: 8 bytes, the member given by the column's type (TEXT s, RATIO/REAL r, else i). */
typedef union fc_cell {
  const char *s; /* FC_COL_TEXT: owned by the store */
  int64_t i;     /* FC_COL_INT, FC_COL_MONEY, FC_COL_DATE */
  double r;      /* FC_COL_RATIO, FC_COL_REAL */
} fc_cell;

struct fc_table {
  char *name;  /* "plugin.result" */
  char *owner; /* plugin name */
  fc_column *cols;
  size_t ncols;
  fc_cell *cells; /* nrows * ncols; text owned by the store (one copy of each distinct text) */
  int *nodes;     /* node of each row, -1 = organisation */
  size_t nrows, cap;
  /* What the host gives a meaning to (the owner's fc_use declarations, bound by fc_uses_bind once
   * the plugins ran): bit (1u << fc_use_kind) per declared use; the fields of a use hold only when
   * its bit is set. */
  unsigned uses;
  const char *csv_file;  /* FC_USE_CSV */
  const char *pack_file; /* FC_USE_TASKS */
  int ledger_col;        /* FC_USE_LEDGER: the MONEY column that reconciles */
  int assignee_col;      /* FC_USE_TASKS: the TEXT column of assignees' e-mails */
  int approval_col;      /* FC_USE_APPROVALS: the TEXT column approval marks go into */
};

#define FC_TABLE_USES(t, kind) (((t)->uses >> (unsigned)(kind)) & 1u)

typedef struct fc_results {
  fc_table **v;
  size_t n, cap;
  fc_arena arena;
  /* distinct texts of cells: text -> index in texts */
  const char **texts;
  uint32_t ntexts, texts_cap;
  fc_htab text_index;
} fc_results;

/* The cell as the API gives it: the member of the column's type set, the others zero. */
static inline fc_value fc_cell_value(const fc_column *col, fc_cell c) {
  fc_value v = {NULL, 0, 0};
  if (col->type == FC_COL_TEXT)
    v.s = c.s;
  else if (col->type == FC_COL_RATIO || col->type == FC_COL_REAL)
    v.r = c.r;
  else
    v.i = c.i;
  return v;
}

/* Cell (row, col) of t as a value. */
static inline fc_value fc_table_value(const fc_table *t, size_t row, size_t col) {
  return fc_cell_value(&t->cols[col], t->cells[row * t->ncols + col]);
}

/* Text as the store keeps it: one copy of each distinct text, until fc_results_free; NULL on out of
 * memory. Rows appended hold their text this way (the host's own later edits of a cell may not). */
const char *fc_results_text(fc_results *r, const char *s);

void fc_results_init(fc_results *r);
/* Creates an empty table; FC_ERR_EXISTS when the name is taken. */
fc_status fc_results_create(fc_results *r, const char *owner, const char *name, const fc_column *cols,
                            size_t ncols, fc_table **out);
/* Appends a row (values copied; text copied). */
fc_status fc_results_append(fc_results *r, fc_table *t, int node, const fc_value *values);
/* NULL when absent. */
fc_table *fc_results_find(const fc_results *r, const char *name);
void fc_results_free(fc_results *r);

/* The name under which the host's own results are stored ("ledger.<part>"). */
#define FC_CLOSE_OWNER "ledger"

/* 1 when name is a result the host itself produces (templates may bind to it). */
int fc_close_host_result(const char *name);

#endif
