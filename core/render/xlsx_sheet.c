/* xlsx_sheet.c: a data sheet of a role workbook: the rows of a result in the pack's scope, the
 * columns a template (and the plugin's declared table) chooses, sized to their content, with a
 * totals row and an optional native chart. Every text cell goes through fc_cell_text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stmt.h"
#include "util.h"
#include "words.h"
#include "xlsx_int.h"

static double usd(int64_t v) { return (double)v / (double)FC_MONEY_SCALE; }

void fc_xlsx_put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f) {
  char buf[4096];
  const char *x = fc_cell_text(s ? s : "", buf, sizeof buf);
  if (*x)
    fc_xlsx_check(worksheet_write_string(ws, r, c, x, f));
}

static fc_tpl_format auto_format(fc_coltype t) {
  switch (t) {
  case FC_COL_MONEY:
    return FC_FMT_MONEY;
  case FC_COL_INT:
    return FC_FMT_INT;
  case FC_COL_RATIO:
    return FC_FMT_PERCENT;
  case FC_COL_DATE:
    return FC_FMT_DATE;
  case FC_COL_REAL:
    return FC_FMT_REAL;
  default:
    return FC_FMT_TEXT;
  }
}

static lxw_format *format_of(const fmts *f, fc_tpl_format k) {
  switch (k) {
  case FC_FMT_MONEY:
    return f->money;
  case FC_FMT_PERCENT:
    return f->percent;
  case FC_FMT_INT:
    return f->integer;
  case FC_FMT_DATE:
    return f->date;
  case FC_FMT_REAL:
    return f->real;
  case FC_FMT_WRAP:
    return f->sentence;
  default:
    return NULL;
  }
}

/* Excel's serial day number of a day since 1970-01-01. */
static double excel_day(int64_t day) { return (double)day + 25569.0; }

/* Writes one cell; returns its display width in characters. */
static size_t put_value(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const fc_column *col, fc_value v,
                        fc_tpl_format k, const fmts *f) {
  char buf[64];
  lxw_format *fm = format_of(f, k);
  switch (col->type) {
  case FC_COL_TEXT:
    fc_xlsx_put_text(ws, r, c, v.s, fm);
    return k == FC_FMT_WRAP ? 0 : v.s ? strlen(v.s) : 0; /* wrapped text keeps the column's width */
  case FC_COL_INT:
  case FC_COL_MONEY:
  case FC_COL_DATE: {
    if (v.i == FC_NULL_INT)
      return 0;
    double x = col->type == FC_COL_MONEY  ? usd(v.i)
               : col->type == FC_COL_DATE ? (k == FC_FMT_DATE ? excel_day(v.i) : (double)v.i)
                                          : (double)v.i;
    fc_xlsx_check(worksheet_write_number(ws, r, c, x, fm));
    snprintf(buf, sizeof buf, "%.2f", x);
    return strlen(buf) + strlen(buf) / 3 + 2;
  }
  case FC_COL_RATIO:
  case FC_COL_REAL:
    if (!isfinite(v.r))
      return 0;
    fc_xlsx_check(worksheet_write_number(ws, r, c, v.r, fm));
    return 10;
  }
  return 0;
}

typedef struct sort_ctx {
  const fc_view_table *table;
  int col, desc;
} sort_ctx;

/* Order of rows for a sheet: by the sort column, ties in result order. */
static int cmp_rows(const void *a, const void *b, void *ctx) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  const sort_ctx *k = ctx;
  const fc_view_table *t = k->table;
  int sort_col = k->col, sort_desc = k->desc;
  int c = 0;
  fc_value vx = fc_view_cell(t, x, sort_col), vy = fc_view_cell(t, y, sort_col);
  switch (t->t->cols[sort_col].type) {
  case FC_COL_TEXT:
    c = strcmp(vx.s ? vx.s : "", vy.s ? vy.s : "");
    break;
  case FC_COL_RATIO:
  case FC_COL_REAL: {
    double p = isnan(vx.r) ? -INFINITY : vx.r, q = isnan(vy.r) ? -INFINITY : vy.r;
    c = p < q ? -1 : p > q;
    break;
  }
  default:
    c = vx.i < vy.i ? -1 : vx.i > vy.i;
  }
  if (sort_desc)
    c = -c;
  if (c == 0)
    c = x < y ? -1 : x > y;
  return c;
}

/* The template column's source: a result column index, or a pseudo column. */
enum { PSEUDO_NODE = -2, PSEUDO_NAME = -3, PSEUDO_LEVEL = -4 };

/* A text cell's display length (plain words for coded columns). */
static size_t text_len(const fc_column *col, const char *x) {
  char buf[256];
  if (!x)
    return 0;
  return strlen(fc_coded_column(col->name) ? fc_plain_words(x, buf, sizeof buf) : x);
}

/* The lines text takes wrapped at `per` characters: word by word, a word longer than a line
 * broken across lines (as a spreadsheet does with a long ARN). */
size_t fc_xlsx_wrap_lines(const char *x, size_t per) {
  size_t lines = 1, used = 0;
  if (per < 4)
    per = 4;
  for (const char *p = x; *p;) {
    size_t sp = strspn(p, " ");
    p += sp;
    size_t w = strcspn(p, " ");
    if (!w)
      break;
    if (used && used + 1 + w <= per) {
      used += 1 + w;
    } else if (!used && w <= per) {
      used = w;
    } else {
      if (used)
        lines++;
      lines += (w - 1) / per;
      used = w % per ? w % per : per;
    }
    p += w;
  }
  return lines;
}

/* Whether a column a plugin does not declare is summed in its totals row: money, and counts of
 * tokens and rows; never running totals or shares. */
static int summed(const fc_column *col) {
  if (strstr(col->name, "cumulative") || strstr(col->name, "to_date") || strstr(col->name, "share"))
    return 0;
  if (col->type == FC_COL_MONEY)
    return 1;
  return col->type == FC_COL_INT && (strstr(col->name, "tokens") || strcmp(col->name, "rows") == 0);
}

/* A declared column says itself whether it is summed; other columns go by the rule above. */
static int col_summed(const fc_tpl_sheet *s, size_t c, const fc_column *col) {
  return s->cols[c].total >= 0 ? s->cols[c].total : summed(col);
}

fc_status fc_xlsx_write_sheet(lxw_workbook *wb, const fc_template *tp, const fc_tpl_sheet *s,
                              const fc_view *v, const fmts *f, fc_diags *diags) {
  const fc_view_table *t = fc_view_find(v, s->result);
  int org_rows = 0; /* the organisation's pack reads another result's organisation rows */
  if (v->node < 0 && s->org_result && fc_view_find(v, s->org_result)) {
    t = fc_view_find(v, s->org_result);
    org_rows = 1;
  }
  if (!t)
    return FC_OK; /* optional and absent */
  int *src = calloc(s->ncols + 1, sizeof *src);
  size_t *rows = calloc(t->n + 1, sizeof *rows);
  size_t *widths = calloc(s->ncols + 1, sizeof *widths);
  size_t *maxlen = calloc(s->ncols + 1, sizeof *maxlen);
  double *colw = calloc(s->ncols + 1, sizeof *colw);
  if (!src || !rows || !widths || !maxlen || !colw) {
    free(src);
    free(rows);
    free(widths);
    free(maxlen);
    free(colw);
    return FC_ERR_NOMEM;
  }
  fc_status st = FC_OK;
  for (size_t c = 0; c < s->ncols; c++) {
    const char *name = s->cols[c].column;
    src[c] = strcmp(name, "$node") == 0    ? PSEUDO_NODE
             : strcmp(name, "$name") == 0  ? PSEUDO_NAME
             : strcmp(name, "$level") == 0 ? PSEUDO_LEVEL
                                           : fc_view_col(t, name);
    if (src[c] == -1 && !s->cols[c].optional) {
      fc_diags_add(diags, FC_SEV_ERROR, tp->file, s->cols[c].pos.line, s->cols[c].pos.col,
                   "result '%s' has no column '%s' (mark the column optional: true if it may be absent)",
                   org_rows ? s->org_result : s->result, name);
      st = FC_ERR_CONFIG;
    }
  }
  if (st) {
    free(src);
    free(rows);
    free(widths);
    free(maxlen);
    free(colw);
    return st;
  }
  size_t n = 0;
  for (size_t i = 0; i < t->n; i++) {
    int node = fc_view_node(t, i);
    int wl = node >= 0 && v->cfg->nodes[node].workload >= 0;
    if (org_rows ? node >= 0
                 : (s->rows == FC_ROWS_WORKLOADS && !wl) || (s->rows == FC_ROWS_GROUPS && (wl || node < 0)) ||
                       (s->rows == FC_ROWS_SELF && node != v->node))
      continue;
    rows[n++] = i;
  }
  int sc = s->sort ? fc_view_col(t, s->sort) : -1;
  if (sc >= 0) {
    sort_ctx k = {t, sc, s->sort_desc};
    qsort_r(rows, n, sizeof *rows, cmp_rows, &k);
  }
  lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
  if (!ws) {
    free(src);
    free(rows);
    free(widths);
    free(maxlen);
    free(colw);
    return FC_ERR_IO;
  }
  lxw_col_t oc = 0;
  lxw_col_t *out_col = calloc(s->ncols + 1, sizeof *out_col);
  int *shown = calloc(s->ncols + 1, sizeof *shown);
  int *wrapped = calloc(s->ncols + 1, sizeof *wrapped);
  if (!out_col || !shown || !wrapped)
    st = FC_ERR_NOMEM;
  /* widths: sized to content (the template's width is an upper bound for text), long text wrapped,
   * the whole no wider than a readable page */
  int tree = strlen(t->t->name) > 6 && strcmp(t->t->name + strlen(t->t->name) - 6, ".nodes") == 0 &&
             s->rows != FC_ROWS_WORKLOADS;
  char label[200]; /* the totals row's: as declared, else "Total" (of the node, in a tree) */
  fc_stmt_err lerr;
  char *declared = s->total_label ? fc_stmt_render(s->total_label, NULL, s->result, v, &lerr) : NULL;
  if (s->total_label && !declared && !st) { /* out of memory, or a total label that does not render */
    st = lerr == FC_STMT_NOMEM ? FC_ERR_NOMEM : FC_ERR_PLUGIN;
    if (st == FC_ERR_PLUGIN)
      fc_diags_add(diags, FC_SEV_ERROR, tp->file, s->pos.line, s->pos.col,
                   "the totals label of table '%s' does not render", s->table ? s->table : s->result);
  }
  if (declared && *declared)
    snprintf(label, sizeof label, "%s", declared);
  else
    snprintf(label, sizeof label, tree ? "Total: %s" : "Total", fc_xlsx_scope_words(v));
  free(declared);
  double total_w = 0, text_w = 0;
  for (size_t c = 0; out_col && shown && wrapped && c < s->ncols; c++) {
    if (src[c] == -1)
      continue;
    shown[c] = 1;
    out_col[c] = oc++;
    const char *h = s->cols[c].header ? s->cols[c].header : s->cols[c].column;
    size_t m = 0;
    for (size_t r = 0; r < n; r++) {
      int node = fc_view_node(t, rows[r]);
      size_t l;
      if (src[c] < 0) {
        l = node < 0                ? (v->cfg->organization ? strlen(v->cfg->organization) : 0)
            : src[c] == PSEUDO_NODE ? strlen(v->cfg->nodes[node].path)
            : src[c] == PSEUDO_NAME ? strlen(v->cfg->nodes[node].name)
                                    : 14;
      } else {
        const fc_column *col = &t->t->cols[src[c]];
        fc_value cv = fc_view_cell(t, rows[r], src[c]);
        l = col->type == FC_COL_TEXT ? text_len(col, cv.s) : 8;
      }
      if (l > m)
        m = l;
    }
    if (src[c] >= 0 && (t->t->cols[src[c]].type == FC_COL_MONEY || t->t->cols[src[c]].type == FC_COL_INT)) {
      /* the widest figure: the sum of the magnitudes bounds every row and the totals row */
      double big = 0;
      for (size_t r = 0; r < n; r++) {
        int64_t x = fc_view_cell(t, rows[r], src[c]).i;
        if (x != FC_NULL_INT)
          big += fabs(t->t->cols[src[c]].type == FC_COL_MONEY ? usd(x) : (double)x);
      }
      char digits[64];
      snprintf(digits, sizeof digits, "%.0f", big);
      size_t dl = strlen(digits);
      size_t l = dl + (dl - 1) / 3 + (t->t->cols[src[c]].type == FC_COL_MONEY ? 5 : 1);
      if (l > m)
        m = l;
    }
    if (out_col[c] == 0 && strlen(label) > m)
      m = strlen(label);
    maxlen[c] = m;
    int is_text = src[c] < 0 || t->t->cols[src[c]].type == FC_COL_TEXT;
    size_t hl = 0; /* the header may wrap between words, never within one */
    for (const char *p = h; *p;) {
      size_t l = strcspn(p, " ");
      if (l > hl)
        hl = l;
      p += l;
      p += strspn(p, " ");
    }
    double w = (double)(m > hl ? m : hl) + 2;
    if (w < 10)
      w = 10;
    if (is_text && s->cols[c].width > 0 && w > s->cols[c].width)
      w = s->cols[c].width;
    if (!is_text && s->cols[c].width > 0)
      w = s->cols[c].width;
    if (w > 60)
      w = 60;
    colw[c] = w;
    total_w += w;
    if (is_text && w > 24)
      text_w += w - 24;
  }
  const double page_w = 215; /* characters across an A4 landscape page at a readable size */
  if (total_w > page_w && text_w > 0) {
    double cut = total_w - page_w > text_w ? 1.0 : (total_w - page_w) / text_w;
    for (size_t c = 0; c < s->ncols; c++) {
      int is_text = shown && shown[c] && (src[c] < 0 || t->t->cols[src[c]].type == FC_COL_TEXT);
      if (is_text && colw[c] > 24)
        colw[c] -= (colw[c] - 24) * cut;
    }
  }
  for (size_t c = 0; out_col && shown && wrapped && c < s->ncols; c++) {
    if (!shown[c])
      continue;
    const char *h = s->cols[c].header ? s->cols[c].header : s->cols[c].column;
    fc_xlsx_put_text(ws, 0, out_col[c], h, f->header);
    wrapped[c] = (double)maxlen[c] > colw[c] - 1;
  }
  for (size_t r = 0; out_col && shown && wrapped && r < n; r++) {
    size_t i = rows[r];
    int node = fc_view_node(t, i);
    size_t lines = 1; /* the row's height: the most lines a wrapped cell needs */
    for (size_t c = 0; c < s->ncols; c++) {
      if (!shown[c])
        continue;
      const char *x = NULL;
      char buf[256];
      if (src[c] < 0) {
        x = node < 0                ? (v->cfg->organization ? v->cfg->organization : "")
            : src[c] == PSEUDO_NODE ? v->cfg->nodes[node].path
            : src[c] == PSEUDO_NAME ? v->cfg->nodes[node].name
            : (size_t)v->cfg->nodes[node].level < v->cfg->nlevels ? v->cfg->levels[v->cfg->nodes[node].level]
                                                                  : "";
        fc_xlsx_put_text(ws, (lxw_row_t)(r + 1), out_col[c], x, wrapped[c] ? f->wrap : f->top);
      } else {
        const fc_column *col = &t->t->cols[src[c]];
        fc_tpl_format k = s->cols[c].format ? s->cols[c].format : auto_format(col->type);
        fc_value cv = fc_view_cell(t, i, src[c]);
        if (col->type == FC_COL_TEXT) {
          x = cv.s && fc_coded_column(col->name) ? fc_plain_words(cv.s, buf, sizeof buf) : cv.s;
          fc_xlsx_put_text(ws, (lxw_row_t)(r + 1), out_col[c], x, wrapped[c] ? f->wrap : f->top);
        } else {
          put_value(ws, (lxw_row_t)(r + 1), out_col[c], col, cv, k, f);
        }
      }
      if (wrapped[c] && x) {
        /* a character is about one unit of column width; leave a little slack per line */
        size_t need = fc_xlsx_wrap_lines(x, (size_t)(colw[c] * 1.05) - 2);
        if (need > lines)
          lines = need;
      }
    }
    if (lines > 1)
      worksheet_set_row(ws, (lxw_row_t)(r + 1), 15.0 * (double)(lines > 27 ? 27 : lines), NULL);
  }
  /* the totals row: the sums of the rows; in a tree of nodes, the pack node's own figures */
  int any = 0;
  for (size_t c = 0; out_col && shown && c < s->ncols && n > 0; c++) {
    if (!shown[c] || src[c] < 0 || !col_summed(s, c, &t->t->cols[src[c]]))
      continue;
    const fc_column *col = &t->t->cols[src[c]];
    fc_tpl_format k = s->cols[c].format ? s->cols[c].format : auto_format(col->type);
    if (k != FC_FMT_MONEY && k != FC_FMT_INT && k != FC_FMT_REAL)
      continue;
    int64_t sum = 0;
    double rsum = 0;
    int have = 0;
    if (tree) {
      fc_value x;
      fc_coltype ct;
      const char *m = v->node < 0 && strcmp(col->name, "usage_usd") == 0 ? "attributed_usd" : col->name;
      if (fc_view_node_metric(v, m, &x, &ct) && (ct == FC_COL_MONEY || ct == FC_COL_INT) &&
          x.i != FC_NULL_INT) {
        sum = x.i;
        have = 1;
      }
    } else {
      for (size_t r = 0; r < n; r++) {
        fc_value x = fc_view_cell(t, rows[r], src[c]);
        if (col->type == FC_COL_REAL) {
          if (isfinite(x.r)) {
            rsum += x.r;
            have = 1;
          }
        } else if (x.i != FC_NULL_INT) {
          sum += x.i;
          have = 1;
        }
      }
    }
    if (!have)
      continue;
    worksheet_write_number(ws, (lxw_row_t)(n + 1), out_col[c],
                           col->type == FC_COL_REAL    ? rsum
                           : col->type == FC_COL_MONEY ? usd(sum)
                                                       : (double)sum,
                           k == FC_FMT_MONEY  ? f->total_money
                           : k == FC_FMT_REAL ? f->total_real
                                              : f->total_integer);
    any = 1;
  }
  if (any) {
    fc_xlsx_put_text(ws, (lxw_row_t)(n + 1), 0, label, f->total_label);
    /* the rule over the whole row */
    for (lxw_col_t c = 1; c < oc; c++) {
      int written = 0;
      for (size_t k = 0; k < s->ncols && !written; k++)
        written = shown[k] && out_col[k] == c && src[k] >= 0 && col_summed(s, k, &t->t->cols[src[k]]);
      if (!written)
        worksheet_write_blank(ws, (lxw_row_t)(n + 1), c, f->total_label);
    }
  }
  for (size_t c = 0; out_col && shown && c < s->ncols; c++)
    if (shown[c])
      worksheet_set_column(ws, out_col[c], out_col[c], colw[c], NULL);
  size_t hlines = 2; /* the header row: as tall as its longest wrapped header */
  for (size_t c = 0; shown && c < s->ncols; c++) {
    size_t l = shown[c] ? fc_xlsx_wrap_lines(s->cols[c].header ? s->cols[c].header : s->cols[c].column,
                                             (size_t)(colw[c] * 0.95))
                        : 0;
    if (l > hlines)
      hlines = l;
  }
  worksheet_set_row(ws, 0, 15.0 * (double)hlines, NULL);
  worksheet_freeze_panes(ws, 1, 0);
  fc_xlsx_print_setup(ws);
  worksheet_repeat_rows(ws, 0, 0);
  if (oc > 0)
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(n > 0 ? n : 1), (lxw_col_t)(oc - 1));
  free(wrapped);
  free(maxlen);
  free(colw);
  /* a native chart of two columns */
  if (s->chart_type && n > 0 && out_col && shown && wrapped) {
    int cat = -1, val = -1;
    for (size_t c = 0; c < s->ncols; c++) {
      if (!shown[c])
        continue;
      if (s->chart_categories && strcmp(s->cols[c].column, s->chart_categories) == 0)
        cat = (int)c;
      if (s->chart_values && strcmp(s->cols[c].column, s->chart_values) == 0)
        val = (int)c;
    }
    if (cat < 0 || val < 0) {
      fc_diags_add(diags, FC_SEV_ERROR, tp->file, s->chart_pos.line, s->chart_pos.col,
                   "the chart's categories and values must be columns of sheet '%s'", s->name);
      st = FC_ERR_CONFIG;
    } else {
      uint8_t type = strcmp(s->chart_type, "bar") == 0   ? LXW_CHART_BAR
                     : strcmp(s->chart_type, "pie") == 0 ? LXW_CHART_PIE
                                                         : LXW_CHART_COLUMN;
      lxw_chart *ch = workbook_add_chart(wb, type);
      lxw_chart_series *se = ch ? chart_add_series(ch, NULL, NULL) : NULL;
      if (!se) {
        fc_xlsx_check(LXW_ERROR_MEMORY_MALLOC_FAILED);
        goto done;
      }
      chart_series_set_categories(se, s->name, 1, out_col[cat], (lxw_row_t)n, out_col[cat]);
      chart_series_set_values(se, s->name, 1, out_col[val], (lxw_row_t)n, out_col[val]);
      if (s->chart_title)
        chart_title_set_name(ch, s->chart_title);
      if (type != LXW_CHART_PIE) {
        chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        /* a bar chart's categories run up the y axis: reversed, they read top down in sheet order */
        lxw_chart_axis *value_axis = type == LXW_CHART_BAR ? ch->x_axis : ch->y_axis;
        if (type == LXW_CHART_BAR)
          chart_axis_set_reverse(ch->y_axis);
        const fc_column *vc = src[val] >= 0 ? &t->t->cols[src[val]] : NULL;
        fc_tpl_format k = s->cols[val].format ? s->cols[val].format
                          : vc                ? auto_format(vc->type)
                                              : FC_FMT_TEXT;
        if (k == FC_FMT_MONEY)
          chart_axis_set_num_format(value_axis, "$#,##0");
        else if (k == FC_FMT_PERCENT)
          chart_axis_set_num_format(value_axis, "0%");
      }
      lxw_chart_options co = {0};
      co.x_scale = 1.4;
      co.y_scale = n > 12 ? 1.0 + (double)(n - 12) / 16 : 1.2;
      fc_xlsx_check(worksheet_insert_chart_opt(ws, 1, (lxw_col_t)(oc + 1), ch, &co));
    }
  }
done:
  free(out_col);
  free(shown);
  free(src);
  free(rows);
  free(widths);
  return st;
}
