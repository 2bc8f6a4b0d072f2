/* xlsx.h: one role's workbook of a pack (libxlsxwriter): a Briefing sheet of sentences and key
 * figures, a Charts sheet with the pack's PNG charts, then the template's data sheets. */
#ifndef FC_XLSX_H
#define FC_XLSX_H

#include "diag.h"
#include "packs.h"
#include "templates.h"

/* Writes the workbook at path from view v with template t. charts: paths of the PNG files to
 * embed (may be 0). Returns FC_OK, FC_ERR_CONFIG (a template column the result lacks) or FC_ERR_IO,
 * with details in diags. The same view gives the same bytes. */
fc_status fc_xlsx_write(const char *path, const fc_template *t, const fc_view *v, const char *const *charts,
                        size_t ncharts, fc_diags *diags);

/* The workbook parts opened through xlsx_zip.c (images stored, XML at a measured level) so far in
 * this process: 0 where libxlsxwriter does not call minizip through the dynamic linker. */
int fc_xlsx_zip_calls(void);
/* parts of workbooks written to memory instead of temporary files (xlsx_zip.c), for tests */
int fc_xlsx_part_calls(void);
/* writes to those parts that failed for want of memory, since the process started */
int fc_xlsx_part_failures(void);

#endif
