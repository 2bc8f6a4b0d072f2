/* xlsx_int.h: what the parts of a workbook share (xlsx.c: formats, the Briefing and the workbook;
 * xlsx_sheet.c: a data sheet of a template). Not for other files. */
#ifndef FC_XLSX_INT_H
#define FC_XLSX_INT_H

#include <xlsxwriter.h>

#include "packs.h"
#include "templates.h"

typedef struct fmts {
  lxw_format *title, *subtitle, *sentence, *header, *money, *percent, *integer, *date, *real, *text, *label,
      *top, *wrap, *total_label, *total_money, *total_integer, *total_real, *kf_label, *kf_money, *kf_percent,
      *kf_integer, *kf_text, *kf_change, *heading;
} fmts;

/* Records the first error libxlsxwriter returned for the workbook being written. */
void fc_xlsx_check(lxw_error e);
/* Printing: landscape, one page wide, the page header of the workbook being written. */
void fc_xlsx_print_setup(lxw_worksheet *ws);
/* A text cell, made safe (fc_cell_text); nothing for an empty text. */
void fc_xlsx_put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);
/* The lines text takes wrapped at per characters. */
size_t fc_xlsx_wrap_lines(const char *x, size_t per);
/* The pack's node by name ("the organisation" for the organisation's pack). */
const char *fc_xlsx_scope_words(const fc_view *v);
/* Writes sheet s of template tp from view v. FC_OK, FC_ERR_CONFIG (a column the result lacks),
 * FC_ERR_NOMEM or FC_ERR_IO, with details in diags. */
fc_status fc_xlsx_write_sheet(lxw_workbook *wb, const fc_template *tp, const fc_tpl_sheet *s,
                              const fc_view *v, const fmts *f, fc_diags *diags);

#endif
