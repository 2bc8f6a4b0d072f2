/* xlsx.c: role workbooks. Every text cell is written with worksheet_write_string (never as a
 * formula) after fc_cell_text, so data cannot become a formula here or after a re-export. */
#include "xlsx.h"
#include "xlsx_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "briefing.h"
#include "stmt.h"
#include "util.h"
#include "words.h"

static double usd(int64_t v) { return (double)v / (double)FC_MONEY_SCALE; }

const char *fc_xlsx_scope_words(const fc_view *v) {
  return v->node < 0 ? (v->cfg->organization ? v->cfg->organization : "the organisation")
                     : v->cfg->nodes[v->node].name;
}

static void month_words(const fc_view *v, char *out, size_t size) {
  static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  int m = v->period % 100;
  snprintf(out, size, "%s %d", m >= 1 && m <= 12 ? months[m - 1] : "?", v->period / 100);
}

/* ---- the workbook ---- */

static lxw_format *num_format(lxw_workbook *wb, const char *nf) {
  lxw_format *f = workbook_add_format(wb);
  format_set_num_format(f, nf);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP); /* beside wrapped text in taller rows */
  return f;
}

static void make_formats(lxw_workbook *wb, fmts *f) {
  f->title = workbook_add_format(wb);
  format_set_bold(f->title);
  format_set_font_size(f->title, 16);
  f->subtitle = workbook_add_format(wb);
  format_set_font_color(f->subtitle, 0x595959);
  f->sentence = workbook_add_format(wb);
  format_set_text_wrap(f->sentence);
  format_set_align(f->sentence, LXW_ALIGN_VERTICAL_TOP);
  f->header = workbook_add_format(wb);
  format_set_bold(f->header);
  format_set_bg_color(f->header, 0xE7ECF3);
  format_set_bottom(f->header, LXW_BORDER_THIN);
  format_set_text_wrap(f->header);
  format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
  f->money = num_format(wb, "$#,##0.00");
  f->percent = num_format(wb, "0.0%");
  f->integer = num_format(wb, "#,##0");
  f->date = num_format(wb, "yyyy-mm-dd");
  f->real = num_format(wb, "#,##0.00");
  f->text = NULL;
  f->label = workbook_add_format(wb);
  format_set_bold(f->label);
  f->top = workbook_add_format(wb);
  format_set_align(f->top, LXW_ALIGN_VERTICAL_TOP);
  f->wrap = workbook_add_format(wb);
  format_set_text_wrap(f->wrap);
  format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
  /* the totals row: bold over a rule */
  lxw_format **tot[] = {&f->total_label, &f->total_money, &f->total_integer, &f->total_real};
  const char *tnf[] = {NULL, "$#,##0.00", "#,##0", "#,##0.00"};
  for (int i = 0; i < 4; i++) {
    *tot[i] = workbook_add_format(wb);
    format_set_bold(*tot[i]);
    format_set_top(*tot[i], LXW_BORDER_THIN);
    if (tnf[i])
      format_set_num_format(*tot[i], tnf[i]);
  }
  /* key figures: a small grey label over a large figure */
  f->kf_label = workbook_add_format(wb);
  format_set_font_color(f->kf_label, 0x595959);
  format_set_font_size(f->kf_label, 9);
  format_set_text_wrap(f->kf_label);
  format_set_align(f->kf_label, LXW_ALIGN_VERTICAL_BOTTOM);
  lxw_format **kf[] = {&f->kf_money, &f->kf_percent, &f->kf_integer, &f->kf_text};
  const char *knf[] = {"$#,##0", "0.0%", "#,##0", NULL};
  for (int i = 0; i < 4; i++) {
    *kf[i] = workbook_add_format(wb);
    format_set_bold(*kf[i]);
    format_set_font_size(*kf[i], 16);
    format_set_align(*kf[i], LXW_ALIGN_LEFT);
    format_set_align(*kf[i], LXW_ALIGN_VERTICAL_TOP);
    if (knf[i])
      format_set_num_format(*kf[i], knf[i]);
  }
  f->kf_change = workbook_add_format(wb);
  format_set_bold(f->kf_change);
  format_set_font_size(f->kf_change, 16);
  format_set_align(f->kf_change, LXW_ALIGN_LEFT);
  format_set_num_format(f->kf_change, "+0.0%;-0.0%;0.0%");
  format_set_align(f->kf_change, LXW_ALIGN_VERTICAL_TOP);
  f->heading = workbook_add_format(wb);
  format_set_bold(f->heading);
  format_set_font_size(f->heading, 12);
}

/* The first error libxlsxwriter returned while the current workbook was written (writes are
 * sequential: one workbook at a time). */
static lxw_error lxw_failed;

void fc_xlsx_check(lxw_error e) {
  if (e != LXW_NO_ERROR && lxw_failed == LXW_NO_ERROR)
    lxw_failed = e;
}

/* The page header of every sheet: whose figures, as of which day, whether the month is complete. */
static char page_header[400];

static void make_page_header(const fc_view *v) {
  char who[64], asof[16], through[16], esc[132];
  snprintf(who, sizeof who, "%s",
           v->node < 0 ? (v->cfg->organization ? v->cfg->organization : "Organisation")
                       : v->cfg->nodes[v->node].name);
  size_t o = 0;
  for (const char *p = who; *p && o + 3 < sizeof esc; p++) {
    if (*p == '&')
      esc[o++] = '&'; /* "&&" is a literal ampersand in a header */
    esc[o++] = *p;
  }
  esc[o] = '\0';
  fc_date_format(v->as_of, asof);
  fc_date_format(v->as_of - 1, through);
  snprintf(page_header, sizeof page_header, "&L%s&RAs of %s (data through %s): %s", esc, asof, through,
           fc_month_complete(v->period, v->as_of) ? "month complete" : "month in progress");
}

/* Printing: landscape, one page wide (as many pages tall as it takes), the page header. */
void fc_xlsx_print_setup(lxw_worksheet *ws) {
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.5);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_header(ws, page_header);
}

static const char *role_words(fc_role r) {
  static const char *const w[] = {"FinOps leader", "Portfolio manager", "Product owner", "Cloud engineer"};
  return r >= 0 && r < FC_ROLE_COUNT ? w[r] : "";
}

#define KF_PER_ROW 5
#define BRIEFING_LINES 8 /* the sentences after the key figures: a few */

static void write_briefing(lxw_workbook *wb, const fc_template *t, const fc_view *v, const fmts *f,
                           const char *text) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Briefing");
  worksheet_set_column(ws, 0, KF_PER_ROW - 1, 25, NULL);
  worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
  fc_xlsx_print_setup(ws);
  char title[512], m[32], asof[16];
  snprintf(title, sizeof title, "%s: %s", t->title ? t->title : "Bedrock spend", fc_xlsx_scope_words(v));
  fc_xlsx_put_text(ws, 0, 0, title, f->title);
  worksheet_set_row(ws, 0, 24, NULL);
  month_words(v, m, sizeof m);
  fc_date_format(v->as_of - 1, asof);
  char sub[768];
  snprintf(sub, sizeof sub, "%s report for %s, %s%s (data through %s)", role_words(t->role),
           v->node < 0 ? (v->cfg->organization ? v->cfg->organization : "the organisation")
                       : v->cfg->nodes[v->node].path,
           m, fc_month_complete(v->period, v->as_of) ? ", complete month" : " month to date", asof);
  fc_xlsx_put_text(ws, 1, 0, sub, f->subtitle);
  /* the key figures first, large */
  lxw_row_t r = 3;
  size_t k = 0;
  /* the template's key figures (a column of the node's row), each left out when absent */
  for (size_t i = 0; i < t->nkey_figures; i++) {
    const fc_tpl_figure *kf = &t->key_figures[i];
    fc_value x;
    fc_coltype ct;
    if (!kf->workloads && v->node >= 0 && v->cfg->nodes[v->node].workload >= 0)
      continue;     /* e.g. a workload's usage is all its own */
    if (kf->over) { /* the change of field on over, as a ratio */
      fc_value fx, px;
      fc_coltype ft, pt;
      if (!fc_view_node_metric(v, kf->field, &fx, &ft) || !fc_view_node_metric(v, kf->over, &px, &pt) ||
          ft != FC_COL_MONEY || pt != FC_COL_MONEY || fx.i == FC_NULL_INT || px.i == FC_NULL_INT || px.i <= 0)
        continue;
      ct = FC_COL_RATIO;
      x.r = (double)(fx.i - px.i) / (double)px.i;
    } else if (!fc_view_node_metric(v, kf->field, &x, &ct)) {
      continue;
    }
    if ((ct == FC_COL_MONEY || ct == FC_COL_INT) && x.i == FC_NULL_INT)
      continue;
    if ((ct == FC_COL_RATIO || ct == FC_COL_REAL) && !isfinite(x.r))
      continue;
    if (ct == FC_COL_TEXT && (!x.s || !*x.s))
      continue;
    lxw_row_t row = r + (lxw_row_t)(2 * (k / KF_PER_ROW));
    lxw_col_t col = (lxw_col_t)(k % KF_PER_ROW);
    fc_xlsx_put_text(ws, row, col, kf->label, f->kf_label);
    fc_tpl_format fm = ct == FC_COL_MONEY ? FC_FMT_MONEY : kf->format;
    lxw_format *vf = fm == FC_FMT_MONEY     ? f->kf_money
                     : fm == FC_FMT_PERCENT ? f->kf_percent
                     : fm == FC_FMT_INT     ? f->kf_integer
                                            : f->kf_text;
    if (kf->over)
      vf = f->kf_change;
    if (ct == FC_COL_TEXT)
      fc_xlsx_put_text(ws, row + 1, col, x.s, vf);
    else
      worksheet_write_number(ws, row + 1, col,
                             ct == FC_COL_MONEY ? usd(x.i)
                             : ct == FC_COL_INT ? (double)x.i
                                                : x.r,
                             vf);
    if (col == 0) {
      worksheet_set_row(ws, row, 26, NULL);
      worksheet_set_row(ws, row + 1, 24, NULL);
    }
    k++;
  }
  r += (lxw_row_t)(2 * ((k + KF_PER_ROW - 1) / KF_PER_ROW)) + 1;
  /* then a few sentences */
  size_t lines = 0;
  for (const char *p = text; p && *p && lines < BRIEFING_LINES;) {
    const char *e = strchr(p, '\n');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    char *line = fc_strndup(p, l);
    if (!line)
      fc_xlsx_check(LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (line && *line) {
      fc_xlsx_check(worksheet_merge_range(ws, r, 0, r, KF_PER_ROW - 1, "", f->sentence));
      fc_xlsx_put_text(ws, r, 0, line, f->sentence);
      worksheet_set_row(ws, r, 15.0 * (double)fc_xlsx_wrap_lines(line, 118), NULL);
      r++;
      lines++;
    }
    free(line);
    p = e ? e + 1 : p + l;
  }
}

/* Where libxlsxwriter writes the parts of a workbook before zipping them (about 23 short-lived files
 * per workbook) when its lxw_tmpfile is its own, not xlsx_zip.c's memory streams: TMPDIR when set, else
 * /dev/shm when it is a writable folder with at least 1 GiB free (memory: no disk inodes to allocate and free
 * for each part; a container's small /dev/shm is left alone), else the library's default. The bytes of the
 * workbook do not depend on it. */
static char *fc_xlsx_tmpdir(void) {
  static int chosen;
  static char *dir;
  if (!chosen) {
    const char *env = getenv("TMPDIR");
    struct stat st;
    struct statvfs fs;
    if ((!env || !*env) && stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
        access("/dev/shm", W_OK | X_OK) == 0 && statvfs("/dev/shm", &fs) == 0 &&
        (unsigned long long)fs.f_bavail * fs.f_frsize >= (1ull << 30))
      dir = "/dev/shm";
    chosen = 1;
  }
  return dir;
}

fc_status fc_xlsx_write(const char *path, const fc_template *t, const fc_view *v, const char *const *charts,
                        size_t ncharts, fc_diags *diags) {
  errno = 0;
  char *text = fc_briefing_text(t, v);
  if (!text && errno == EOVERFLOW) {
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0,
                 "a sum of the briefing's figures leaves the exact money range (+-922,337,203 USD)");
    return FC_ERR_OVERFLOW;
  }
  if (!text && errno == EINVAL) {
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "a briefing statement of a plugin does not parse");
    return FC_ERR_PLUGIN;
  }
  if (!text)
    return FC_ERR_NOMEM;
  (void)fc_xlsx_zip_calls(); /* links xlsx_zip.c into every program that writes workbooks */
  lxw_workbook_options o = {0};
  o.tmpdir = fc_xlsx_tmpdir();
  lxw_failed = LXW_NO_ERROR;
  int part_failures = fc_xlsx_part_failures();
  lxw_workbook *wb = workbook_new_opt(path, &o);
  if (!wb) {
    free(text);
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "cannot create the workbook");
    return FC_ERR_IO;
  }
  /* a fixed creation time (the as-of day) keeps the bytes the same from run to run */
  lxw_doc_properties props = {0};
  int y, mo, d;
  fc_civil_from_days(v->as_of, &y, &mo, &d);
  struct tm tm = {0};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  props.created = timegm(&tm);
  props.title = t->title ? t->title : "Bedrock spend";
  props.author = "FinOps Center";
  props.company = v->cfg->organization;
  workbook_set_properties(wb, &props);
  fmts f;
  make_formats(wb, &f);
  make_page_header(v);
  write_briefing(wb, t, v, &f, text);
  free(text);
  if (ncharts) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Charts");
    if (!ws) {
      fc_xlsx_check(LXW_ERROR_MEMORY_MALLOC_FAILED);
      ncharts = 0;
    }
    if (ws)
      worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    if (ws)
      fc_xlsx_print_setup(ws);
    lxw_row_t breaks[16] = {0};
    for (size_t i = 1; i < ncharts && i < 15; i++)
      breaks[i - 1] = (lxw_row_t)(i * 30);
    if (ws)
      fc_xlsx_check(worksheet_set_h_pagebreaks(ws, breaks));
    for (size_t i = 0; i < ncharts; i++) {
      lxw_image_options io = {0};
      io.x_offset = 10;
      io.y_offset = 10;
      io.x_scale = io.y_scale = 1.0;
      fc_xlsx_check(worksheet_insert_image_opt(ws, (lxw_row_t)(i * 30), 0, charts[i], &io));
    }
  }
  fc_status st = FC_OK;
  for (size_t i = 0; i < t->nsheets && !st; i++)
    st = fc_xlsx_write_sheet(wb, t, &t->sheets[i], v, &f, diags);
  lxw_error e = workbook_close(wb);
  if (e == LXW_NO_ERROR && lxw_failed != LXW_NO_ERROR) {
    e = lxw_failed; /* a cell, range, chart or image the workbook would lack */
    remove(path);
  }
  if (e == LXW_NO_ERROR && fc_xlsx_part_failures() != part_failures) {
    e = LXW_ERROR_MEMORY_MALLOC_FAILED; /* a part cut short in memory: the zip would hold less */
    remove(path);
  }
  if (!st && e != LXW_NO_ERROR) {
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
    st = FC_ERR_IO;
  }
  return st;
}
