/* csvout.h: CSV files from a scoped view (the only way a table reaches a person's CSV). */
#ifndef FC_CSVOUT_H
#define FC_CSVOUT_H

#include <stdio.h>

#include "results.h"

struct fc_view_table;
/* Writes a table of a scoped view (packs.h: the rows someone may see, chosen by fc_view_make alone)
 * as CSV to f: a header of its column names and the nx extra names, then each row of the view followed
 * by the nx fixed values. Text is quoted when needed and guarded against spreadsheet formulas.
 * Returns 0 or -1 (errno). */
int fc_csv_write_view(FILE *f, const struct fc_view_table *vt, const char *const *xnames,
                      const char *const *xvals, size_t nx);
/* The table's header and the listed rows, in that order (rows a view chose). */
int fc_csv_write_rows(FILE *f, const fc_table *t, const size_t *rows, size_t n);
/* One CSV text cell: quoted when it holds a comma, quote or line break; a leading = + - @ (or
 * tab / carriage return) is prefixed with a single quote. */
void fc_csv_cell(FILE *f, const char *s);

#endif
