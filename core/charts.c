/* charts.c: the PNG charts of a pack: horizontal bars (spend, tokens, cache, MAP, report card) and
 * daily columns, drawn with cairo on an image surface (deterministic bytes for the same view). */
#include "charts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canary.h"
#include "png_enc.h"
#include "utf8.h"
#include "util.h"
#include "words.h"

#define W FC_CHART_WIDTH
#define H FC_CHART_HEIGHT
#define MAXS 8
#define MAXROWS 14
#define FONT "DejaVu Sans"

enum vfmt { VF_MONEY, VF_PERCENT, VF_TOKENS, VF_SCORE };

static const double palette[MAXS][3] = {
    {0.298, 0.471, 0.659}, /* blue */
    {0.961, 0.522, 0.094}, /* orange */
    {0.329, 0.635, 0.294}, /* green */
    {0.698, 0.475, 0.635}, /* purple */
    {0.447, 0.718, 0.698}, /* teal */
    {0.616, 0.459, 0.365}, /* brown */
    {0.894, 0.341, 0.337}, /* red */
    {0.729, 0.690, 0.675}, /* grey */
};
static const double grey_rgb[3] = {0.62, 0.62, 0.62};

/* ---- text ---- */

static void font(cairo_t *cr, double size, int bold) {
  cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

static double text_w(cairo_t *cr, const char *s) {
  cairo_text_extents_t e;
  char fixed[1024]; /* cairo refuses text that is not UTF-8 (and stops drawing) */
  cairo_text_extents(cr, fc_utf8_fix(s, fixed, sizeof fixed), &e);
  return e.x_advance;
}

/* s cut at a character boundary with an ellipsis so that it fits maxw. */
static void fit(cairo_t *cr, const char *s, double maxw, char *out, size_t size) {
  fc_chart_text_note(s); /* the whole text, before it is cut (FINOPS_CHART_TEXT) */
  snprintf(out, size, "%s", s);
  if (text_w(cr, out) <= maxw)
    return;
  size_t n = strlen(out);
  while (n > 0) {
    n--;
    while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
      n--;
    if (n + 4 > size)
      continue;
    memcpy(out + n, "\xE2\x80\xA6", 4); /* U+2026 */
    if (text_w(cr, out) <= maxw)
      return;
  }
  snprintf(out, size, "\xE2\x80\xA6");
}

/* align: 0 left, 1 centre, 2 right; y is the baseline. */
static void text(cairo_t *cr, double x, double y, const char *s, int align, const double rgb[3]) {
  fc_chart_text_note(s);
  double w = text_w(cr, s);
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
  cairo_move_to(cr, align == 0 ? x : align == 1 ? x - w / 2 : x - w, y);
  char fixed[1024];
  cairo_show_text(cr, fc_utf8_fix(s, fixed, sizeof fixed));
}

static const double ink[3] = {0.13, 0.13, 0.13};
static const double muted[3] = {0.40, 0.40, 0.40};
static const double gridc[3] = {0.88, 0.88, 0.88};

/* ---- numbers ---- */

static void group(double v, int decimals, char *out, size_t size) {
  char raw[64];
  snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
  char *dot = strchr(raw, '.');
  size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
  size_t o = 0;
  if (v < 0 && o + 1 < size)
    out[o++] = '-';
  for (size_t i = 0; i < intlen && o + 2 < size; i++) {
    if (i && (intlen - i) % 3 == 0)
      out[o++] = ',';
    out[o++] = raw[i];
  }
  for (const char *p = dot; p && *p && o + 1 < size; p++)
    out[o++] = *p;
  out[o] = '\0';
}

static void fmt_value(double v, int fmt, char *out, size_t size) {
  char g[64];
  switch (fmt) {
  case VF_MONEY:
    group(fabs(v), fabs(v) >= 100 || v == floor(v) ? 0 : 2, g, sizeof g);
    snprintf(out, size, "%s$%s", v < 0 ? "-" : "", g);
    break;
  case VF_PERCENT:
    snprintf(out, size, "%.1f%%", v * 100);
    break;
  case VF_TOKENS:
    if (fabs(v) >= 1e9)
      snprintf(out, size, "%.2fB", v / 1e9);
    else if (fabs(v) >= 1e6)
      snprintf(out, size, "%.1fM", v / 1e6);
    else if (fabs(v) >= 1e3)
      snprintf(out, size, "%.1fK", v / 1e3);
    else
      snprintf(out, size, "%.0f", v);
    break;
  default:
    snprintf(out, size, "%.0f", v);
  }
}

/* A round axis maximum and step for values up to max. */
static void nice_axis(double max, double *top, double *step) {
  if (!(max > 0))
    max = 1;
  double raw = max / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
  double s = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  *step = s * mag;
  *top = ceil(max / *step - 1e-9) * *step;
  if (*top <= 0)
    *top = *step;
}

/* ---- the canvas ---- */

typedef struct canvas {
  cairo_surface_t *s;
  cairo_t *cr;
} canvas;

static int canvas_open(canvas *c, const char *title, const char *subtitle) {
  c->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
  c->cr = cairo_create(c->s);
  if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS)
    return -1;
  cairo_set_source_rgb(c->cr, 1, 1, 1);
  cairo_paint(c->cr);
  char buf[256];
  font(c->cr, 20, 1);
  fit(c->cr, title, W - 48, buf, sizeof buf);
  text(c->cr, 24, 36, buf, 0, ink);
  if (subtitle) {
    font(c->cr, 13, 0);
    fit(c->cr, subtitle, W - 48, buf, sizeof buf);
    text(c->cr, 24, 58, buf, 0, muted);
  }
  return 0;
}

static int canvas_close(canvas *c, const char *path) {
  cairo_surface_flush(c->s);
  int rc = cairo_status(c->cr) == CAIRO_STATUS_SUCCESS &&
                   cairo_surface_status(c->s) == CAIRO_STATUS_SUCCESS && fc_png_write(c->s, path) == 0
               ? 1
               : -1;
  cairo_destroy(c->cr);
  cairo_surface_destroy(c->s);
  return rc;
}

/* Legend entries from x at baseline y, wrapping; returns the baseline below the legend. */
static double legend(cairo_t *cr, double y, const char *const *names, const double(*const *rgb), size_t n,
                     const char *dashed) {
  font(cr, 13, 0);
  double x = 24;
  char buf[160];
  for (size_t i = 0; i <= n; i++) {
    const char *name = i < n ? names[i] : dashed;
    if (!name)
      continue;
    fit(cr, name, i < n ? 200 : 600, buf, sizeof buf);
    double w = 18 + text_w(cr, buf) + 22;
    if (x + w > W - 24) {
      x = 24;
      y += 20;
    }
    if (i < n) {
      cairo_set_source_rgb(cr, rgb[i][0], rgb[i][1], rgb[i][2]);
      cairo_rectangle(cr, x, y - 10, 12, 12);
      cairo_fill(cr);
    } else {
      cairo_set_source_rgb(cr, palette[6][0], palette[6][1], palette[6][2]);
      cairo_set_line_width(cr, 2);
      double dash[] = {6, 4};
      cairo_set_dash(cr, dash, 2, 0);
      cairo_move_to(cr, x - 2, y - 4);
      cairo_line_to(cr, x + 14, y - 4);
      cairo_stroke(cr);
      cairo_set_dash(cr, NULL, 0, 0);
    }
    text(cr, x + 18, y, buf, 0, ink);
    x += w;
  }
  return y + 24;
}

/* ---- horizontal bars ---- */

typedef struct hbar {
  const char *title, *subtitle;
  size_t n, ns;
  const char **labels; /* n */
  char **notes;        /* n, may be NULL: text after the value */
  double *v;           /* n * ns */
  const char *series[MAXS];
  int colors[MAXS];
  int fmt;
  int stacked_total; /* show the row total after the bar */
  double ref;        /* reference line value, NaN = none */
  const char *ref_label;
  double axis_max; /* fixed axis maximum, 0 = from the data */
  int note_colors; /* a row's note picks its bar's colour: "grade X" by grade, "not approved" red */
} hbar;

/* Grades: A green, B teal, C amber, D orange, F red. */
static const double grade_rgb[5][3] = {{0.204, 0.596, 0.314},
                                       {0.365, 0.647, 0.718},
                                       {0.890, 0.690, 0.200},
                                       {0.929, 0.490, 0.192},
                                       {0.835, 0.243, 0.310}};

static const double *note_rgb(const char *note) {
  if (!note)
    return NULL;
  if (strncmp(note, "grade ", 6) == 0) {
    const char *g = strchr("ABCDF", note[6]);
    return g && note[6] ? grade_rgb[g - "ABCDF"] : NULL;
  }
  if (strstr(note, "of it not approved"))
    return grade_rgb[3];
  if (strstr(note, "not approved"))
    return grade_rgb[4];
  return NULL;
}

static double row_total(const hbar *b, size_t i) {
  double t = 0;
  for (size_t s = 0; s < b->ns; s++)
    t += b->v[i * b->ns + s] > 0 ? b->v[i * b->ns + s] : 0;
  return t;
}

static int draw_hbar(const hbar *b, const char *path) {
  canvas c;
  if (canvas_open(&c, b->title, b->subtitle)) {
    canvas_close(&c, path);
    return -1;
  }
  cairo_t *cr = c.cr;
  double top = 80;
  if (b->ns > 1 || !isnan(b->ref)) {
    const double(*rgb[MAXS]);
    for (size_t s = 0; s < b->ns; s++)
      rgb[s] = palette[b->colors[s]];
    top = legend(cr, 86, b->series, rgb, b->ns > 1 ? b->ns : 0, isnan(b->ref) ? NULL : b->ref_label) + 4;
  }
  double bottom = H - 44;
  /* label column */
  font(cr, 13, 0);
  double labw = 0;
  char buf[256];
  for (size_t i = 0; i < b->n; i++) {
    fit(cr, b->labels[i], 240, buf, sizeof buf);
    double w = text_w(cr, buf);
    if (w > labw)
      labw = w;
  }
  double left = 24 + labw + 12, right = W - 24 - 130;
  double max = b->axis_max;
  for (size_t i = 0; i < b->n && max == 0; i++)
    if (row_total(b, i) > max)
      max = row_total(b, i);
  if (!b->axis_max && !isnan(b->ref) && b->ref > max)
    max = b->ref;
  double axis_top, step;
  if (b->axis_max)
    axis_top = b->axis_max, step = b->axis_max / 5;
  else
    nice_axis(max, &axis_top, &step);
  double scale = (right - left) / axis_top;
  /* grid and ticks */
  cairo_set_line_width(cr, 1);
  for (double t = 0; t <= axis_top + step / 2; t += step) {
    double x = floor(left + t * scale) + 0.5;
    cairo_set_source_rgb(cr, gridc[0], gridc[1], gridc[2]);
    cairo_move_to(cr, x, top);
    cairo_line_to(cr, x, bottom);
    cairo_stroke(cr);
    if (b->fmt == VF_PERCENT)
      snprintf(buf, sizeof buf, "%.0f%%", t * 100);
    else
      fmt_value(t, b->fmt, buf, sizeof buf);
    text(cr, x, bottom + 20, buf, 1, muted);
  }
  if (!isnan(b->ref)) {
    double x = left + b->ref * scale;
    cairo_set_source_rgb(cr, palette[6][0], palette[6][1], palette[6][2]);
    cairo_set_line_width(cr, 2);
    double dash[] = {6, 4};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x, top);
    cairo_line_to(cr, x, bottom);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
  double rowh = (bottom - top - 8) / (double)(b->n ? b->n : 1);
  double bar = rowh * 0.66 < 30 ? rowh * 0.66 : 30;
  for (size_t i = 0; i < b->n; i++) {
    double cy = top + 4 + rowh * ((double)i + 0.5);
    fit(cr, b->labels[i], 240, buf, sizeof buf);
    text(cr, left - 10, cy + 5, buf, 2, ink);
    double x = left;
    for (size_t s = 0; s < b->ns; s++) {
      double v = b->v[i * b->ns + s];
      if (!(v > 0))
        continue;
      double w = v * scale;
      const double *rgb = palette[b->colors[s]];
      if (b->note_colors && b->notes && note_rgb(b->notes[i]))
        rgb = note_rgb(b->notes[i]);
      cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle(cr, x, cy - bar / 2, w, bar);
      cairo_fill(cr);
      x += w;
    }
    char val[64];
    fmt_value(b->stacked_total ? row_total(b, i) : b->v[i * b->ns], b->fmt, val, sizeof val);
    if (b->notes && b->notes[i]) {
      size_t l = strlen(val);
      snprintf(val + l, sizeof val - l, "  %s", b->notes[i]);
    }
    /* on a white ground, so a reference line behind it does not cross the digits */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x + 3, cy - 9, text_w(cr, val) + 6, 18);
    cairo_fill(cr);
    text(cr, x + 6, cy + 5, val, 0, ink);
  }
  /* axis line */
  cairo_set_line_width(cr, 1);
  cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
  cairo_move_to(cr, floor(left) + 0.5, top);
  cairo_line_to(cr, floor(left) + 0.5, bottom);
  cairo_stroke(cr);
  return canvas_close(&c, path);
}

/* ---- data from the view ---- */

typedef struct rowset {
  size_t n;
  const char **labels;
  double *v; /* n * ns */
  char **notes;
  char **own; /* labels in plain words made for this chart */
  size_t nown, ns;
  int skip_zero; /* leave out rows whose values are all zero */
} rowset;

static void rowset_free(rowset *r) {
  for (size_t i = 0; r->notes && i < r->n; i++)
    free(r->notes[i]);
  free(r->notes);
  for (size_t i = 0; r->own && i < r->nown; i++)
    free(r->own[i]);
  free(r->own);
  free(r->labels);
  free(r->v);
  memset(r, 0, sizeof *r);
}

static double cell_num(const fc_view_table *t, size_t i, int col) {
  if (col < 0)
    return NAN;
  fc_value x = fc_view_cell(t, i, col);
  switch (t->t->cols[col].type) {
  case FC_COL_MONEY:
    return x.i == FC_NULL_INT ? NAN : (double)x.i / (double)FC_MONEY_SCALE;
  case FC_COL_INT:
    return x.i == FC_NULL_INT ? NAN : (double)x.i;
  case FC_COL_RATIO:
  case FC_COL_REAL:
    return x.r;
  default:
    return NAN;
  }
}

/* Rows of t at workload nodes (or every row with a label column), ns value columns each. */
static int collect(const fc_view *v, const fc_view_table *t, const char *label_col, const char *const *cols,
                   size_t ns, rowset *out) {
  int skip_zero = ns > 1 || (cols[0] && strstr(cols[0], "usd") != NULL);
  memset(out, 0, sizeof *out);
  out->skip_zero = skip_zero;
  int ci[MAXS], lc = label_col ? fc_view_col(t, label_col) : -1;
  for (size_t s = 0; s < ns; s++)
    if ((ci[s] = fc_view_col(t, cols[s])) < 0)
      return 0;
  if (label_col && lc < 0)
    return 0;
  out->labels = calloc(t->n + 1, sizeof *out->labels);
  out->v = calloc((t->n + 1) * ns, sizeof *out->v);
  out->notes = calloc(t->n + 1, sizeof *out->notes);
  out->own = calloc(t->n + 1, sizeof *out->own);
  if (!out->labels || !out->v || !out->notes || !out->own)
    return -1;
  out->ns = ns;
  for (size_t i = 0; i < t->n; i++) {
    int node = fc_view_node(t, i);
    const char *label;
    if (label_col) {
      if (node != v->node)
        continue; /* rows of the pack's own node only */
      label = fc_view_cell(t, i, lc).s;
    } else {
      if (node < 0 || v->cfg->nodes[node].workload < 0)
        continue;
      label = v->cfg->nodes[node].name;
    }
    int any = 0;
    for (size_t s = 0; s < ns; s++) {
      double x = cell_num(t, i, ci[s]);
      out->v[out->n * ns + s] = isnan(x) ? 0 : x;
      any |= !isnan(x);
    }
    double total = 0;
    for (size_t s = 0; s < ns; s++)
      total += out->v[out->n * ns + s];
    if (!any || (out->skip_zero && total == 0))
      continue;
    char buf[256];
    const char *w =
        label && label_col && fc_coded_column(label_col) ? fc_plain_words(label, buf, sizeof buf) : label;
    if (w == buf) /* made here: kept with the rows */
      w = out->own[out->nown++] = fc_strdup(buf);
    out->labels[out->n++] = w ? w : "";
  }
  return out->n > 0;
}

/* collect() over the view's result `result`: 0 (nothing to draw) when the result or a column is
 * absent; when it returns <= 0 the rowset is already released. *tp (may be NULL) gets the table. */
static int gather(const fc_view *v, const char *result, const char *label_col, const char *const *cols,
                  size_t ns, rowset *out, const fc_view_table **tp) {
  const fc_view_table *t = fc_view_find(v, result);
  if (tp)
    *tp = t;
  if (!t)
    return 0;
  int got = collect(v, t, label_col, cols, ns, out);
  if (got <= 0)
    rowset_free(out);
  return got;
}

/* Orders rows by their total, largest first (ties by label), and folds rows past MAXROWS into one. */
static void order_rows(rowset *r, int fold, const char *fold_word) {
  size_t n = r->n, ns = r->ns;
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0; j--) {
      double a = 0, b = 0;
      for (size_t s = 0; s < ns; s++)
        a += r->v[(j - 1) * ns + s], b += r->v[j * ns + s];
      if (a > b || (a == b && strcmp(r->labels[j - 1], r->labels[j]) <= 0))
        break;
      const char *tl = r->labels[j];
      r->labels[j] = r->labels[j - 1];
      r->labels[j - 1] = tl;
      char *tn = r->notes[j];
      r->notes[j] = r->notes[j - 1];
      r->notes[j - 1] = tn;
      for (size_t s = 0; s < ns; s++) {
        double t = r->v[j * ns + s];
        r->v[j * ns + s] = r->v[(j - 1) * ns + s];
        r->v[(j - 1) * ns + s] = t;
      }
    }
  if (n > MAXROWS) {
    if (fold) {
      for (size_t i = MAXROWS; i < n; i++)
        for (size_t s = 0; s < ns; s++)
          r->v[(MAXROWS - 1) * ns + s] += r->v[i * ns + s];
      r->labels[MAXROWS - 1] = fold_word;
      free(r->notes[MAXROWS - 1]);
      r->notes[MAXROWS - 1] = NULL;
    }
    for (size_t i = MAXROWS; i < n; i++) {
      free(r->notes[i]);
      r->notes[i] = NULL;
    }
    r->n = MAXROWS;
  }
}

static const char *scope_name(const fc_view *v) {
  return v->node < 0 ? (v->cfg->organization ? v->cfg->organization : "the organisation")
                     : v->cfg->nodes[v->node].name;
}

static void period_words(const fc_view *v, char *out, size_t size) {
  static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  int m = v->period % 100;
  snprintf(out, size, "%s %d", m >= 1 && m <= 12 ? months[m - 1] : "?", v->period / 100);
}

static int chart_spend_by_workload(const fc_view *v, const char *path) {
  static const char *const cols[] = {"usage_usd"};
  rowset r;
  int got = gather(v, "attribution.workloads", NULL, cols, 1, &r, NULL);
  if (got <= 0)
    return got;
  order_rows(&r, 1, "Other workloads");
  /* unattributed usage under the scope, as its own grey bar */
  fc_value u;
  fc_coltype ut;
  double unattr = fc_view_node_metric(v, "unattributed_usd", &u, &ut) && u.i != FC_NULL_INT
                      ? (double)u.i / (double)FC_MONEY_SCALE
                      : 0;
  hbar b = {0};
  char sub[256], per[32];
  period_words(v, per, sizeof per);
  snprintf(sub, sizeof sub, "Bedrock usage cost, %s month to date, %s", per, scope_name(v));
  b.title = "Spend by workload";
  b.subtitle = sub;
  b.labels = r.labels;
  b.notes = r.notes;
  b.v = r.v;
  b.n = r.n;
  b.ns = 1;
  b.fmt = VF_MONEY;
  b.ref = NAN;
  if (unattr > 0) {
    /* room was allocated for one more row */
    r.labels[r.n] = "Unclaimed (unattributed)";
    r.v[r.n] = unattr;
    b.n = r.n + 1;
    b.ns = 2;
    double *v2 = calloc(b.n * 2, sizeof *v2);
    if (!v2) {
      rowset_free(&r);
      return -1;
    }
    for (size_t i = 0; i < r.n; i++)
      v2[i * 2] = r.v[i];
    v2[r.n * 2 + 1] = unattr;
    b.v = v2;
    b.series[0] = "Attributed to a workload";
    b.series[1] = "Unclaimed";
    b.colors[0] = 0;
    b.colors[1] = 7;
    b.stacked_total = 1;
    int rc = draw_hbar(&b, path);
    free(v2);
    rowset_free(&r);
    return rc;
  }
  b.colors[0] = 0;
  int rc = draw_hbar(&b, path);
  rowset_free(&r);
  return rc;
}

/* Spend by a text column of a result, over the rows of the pack's own node (the result has a row per
 * node and value, so rows below it would count twice). */
static int chart_spend_by_label(const fc_view *v, const char *path, const char *result, const char *label,
                                const char *title, const char *what, const char *fold) {
  static const char *const cols[] = {"usage_usd"};
  rowset r;
  int got = gather(v, result, label, cols, 1, &r, NULL);
  if (got <= 0)
    return got;
  order_rows(&r, 1, fold);
  /* models outside an approved list somewhere in scope: marked, in red */
  const fc_view_table *pv = strcmp(label, "model") == 0 ? fc_view_find(v, "policy.violations") : NULL;
  int pm = pv ? fc_view_col(pv, "model") : -1, pu = pv ? fc_view_col(pv, "usd") : -1, marked = 0;
  for (size_t i = 0; pm >= 0 && pu >= 0 && i < r.n; i++) {
    double bad = 0;
    for (size_t k = 0; k < pv->n; k++) {
      const char *m = fc_view_cell(pv, k, pm).s;
      if (m && r.labels[i] && strcmp(m, r.labels[i]) == 0)
        bad += cell_num(pv, k, pu);
    }
    if (!(bad > 0) || r.notes[i])
      continue;
    char amt[64];
    fmt_value(bad, VF_MONEY, amt, sizeof amt);
    /* the whole bar, or the part of it some workload is not approved to spend */
    r.notes[i] =
        bad >= r.v[i] - 0.005 ? fc_asprintf("not approved") : fc_asprintf("%s of it not approved", amt);
    if (!r.notes[i]) { /* a chart that drops the mark would tell the reader the spend is approved */
      rowset_free(&r);
      return -1;
    }
    marked = 1;
  }
  char sub[256], per[32];
  period_words(v, per, sizeof per);
  snprintf(sub, sizeof sub, "Bedrock usage cost by %s, %s month to date, %s%s", what, per, scope_name(v),
           marked ? "; red: not approved by the model policy, orange: partly" : "");
  hbar b = {.title = title,
            .subtitle = sub,
            .labels = r.labels,
            .notes = r.notes,
            .v = r.v,
            .n = r.n,
            .ns = 1,
            .fmt = VF_MONEY,
            .ref = NAN,
            .note_colors = 1};
  int rc = draw_hbar(&b, path);
  rowset_free(&r);
  return rc;
}

static int chart_token_mix(const fc_view *v, const char *path) {
  static const char *const cols[] = {"tokens.input", "tokens.output", "tokens.cache_read",
                                     "tokens.cache_write"};
  rowset r;
  int got = gather(v, "tokens.nodes", NULL, cols, 4, &r, NULL);
  if (got <= 0)
    return got;
  order_rows(&r, 1, "Other workloads");
  char sub[256], per[32];
  period_words(v, per, sizeof per);
  snprintf(sub, sizeof sub, "Tokens by kind per workload, %s month to date, %s", per, scope_name(v));
  hbar b = {.title = "Token mix",
            .subtitle = sub,
            .labels = r.labels,
            .v = r.v,
            .n = r.n,
            .ns = 4,
            .fmt = VF_TOKENS,
            .stacked_total = 1,
            .ref = NAN};
  b.series[0] = "Input";
  b.series[1] = "Output";
  b.series[2] = "Cache read";
  b.series[3] = "Cache write";
  for (int s = 0; s < 4; s++)
    b.colors[s] = s;
  int rc = draw_hbar(&b, path);
  rowset_free(&r);
  return rc;
}

static int chart_cache(const fc_view *v, const char *path) {
  static const char *const cols[] = {"cache_hit_rate"};
  rowset r;
  int got = gather(v, "tokens.nodes", NULL, cols, 1, &r, NULL);
  if (got <= 0)
    return got;
  order_rows(&r, 0, NULL);
  double healthy = v->cfg->cache_hit_rate_healthy;
  char sub[256], ref[64];
  snprintf(sub, sizeof sub, "Cache-read tokens / (input + cache-read tokens), %s", scope_name(v));
  snprintf(ref, sizeof ref, "Healthy: %.0f%%", healthy * 100);
  hbar b = {.title = "Cache hit rate",
            .subtitle = sub,
            .labels = r.labels,
            .v = r.v,
            .n = r.n,
            .ns = 1,
            .fmt = VF_PERCENT,
            .ref = healthy,
            .ref_label = ref};
  double max = healthy;
  for (size_t i = 0; i < r.n; i++)
    if (r.v[i] > max)
      max = r.v[i];
  b.axis_max = max > 0.5 ? 1.0 : 0.5;
  int rc = draw_hbar(&b, path);
  rowset_free(&r);
  return rc;
}

static int chart_map(const fc_view *v, const char *path) {
  static const char *const cols[] = {"map.qualifying_usd", "map.at_risk_usd"};
  rowset r;
  int got = gather(v, "map.nodes", NULL, cols, 2, &r, NULL);
  if (got <= 0)
    return got;
  order_rows(&r, 1, "Other workloads");
  char sub[256];
  snprintf(sub, sizeof sub, "Migration Acceleration Program: spend that qualifies and spend at risk, %s",
           scope_name(v));
  hbar b = {.title = "MAP qualifying vs at risk",
            .subtitle = sub,
            .labels = r.labels,
            .v = r.v,
            .n = r.n,
            .ns = 2,
            .fmt = VF_MONEY,
            .stacked_total = 1,
            .ref = NAN};
  b.series[0] = "Qualifying";
  b.series[1] = "At risk";
  b.colors[0] = 2;
  b.colors[1] = 1;
  int rc = draw_hbar(&b, path);
  rowset_free(&r);
  return rc;
}

static int chart_report_card(const fc_view *v, const char *path) {
  static const char *const cols[] = {"score"};
  const fc_view_table *t;
  rowset r;
  int got = gather(v, "scorecard.nodes", NULL, cols, 1, &r, &t);
  if (got <= 0)
    return got;
  /* grades as notes, matched by label (collect keeps result order) */
  int gc = fc_view_col(t, "grade");
  size_t k = 0;
  for (size_t i = 0; i < t->n && gc >= 0 && k < r.n; i++) {
    int node = fc_view_node(t, i);
    if (node < 0 || v->cfg->nodes[node].workload < 0 || isnan(cell_num(t, i, fc_view_col(t, "score"))))
      continue;
    const char *g = fc_view_cell(t, i, gc).s;
    if (g && *g && !(r.notes[k] = fc_asprintf("grade %s", g))) {
      rowset_free(&r);
      return -1; /* out of memory: no chart without its grades */
    }
    k++;
  }
  order_rows(&r, 0, NULL);
  char sub[256];
  snprintf(sub, sizeof sub,
           "Score out of 100 per workload, coloured by grade (A 90+, B 80+, C 70+, D 60+, F), %s",
           scope_name(v));
  hbar b = {.title = "Report card",
            .subtitle = sub,
            .labels = r.labels,
            .notes = r.notes,
            .v = r.v,
            .n = r.n,
            .ns = 1,
            .fmt = VF_SCORE,
            .ref = NAN,
            .axis_max = 100,
            .note_colors = 1};
  int rc = draw_hbar(&b, path);
  rowset_free(&r);
  return rc;
}

/* ---- daily columns ---- */

typedef struct wsum {
  int workload; /* -1 = unattributed */
  double total;
} wsum;

static int cmp_wsum(const void *a, const void *b) {
  const wsum *x = a, *y = b;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return x->workload - y->workload;
}

static int chart_daily(const fc_view *v, const char *path) {
  const fc_view_table *t = fc_view_find(v, "attribution._facts");
  int cf = t ? fc_view_col(t, "fact") : -1, cw = t ? fc_view_col(t, "workload") : -1,
      cu = t ? fc_view_col(t, "usage") : -1;
  if (!t || cf < 0 || cw < 0 || cu < 0 || !v->facts)
    return 0;
  const fc_config *cfg = v->cfg;
  int ndays = fc_period_days(v->period);
  int32_t first = fc_period_first_day(v->period);
  size_t nw = cfg->nworkloads + 1; /* last slot: unattributed */
  double *per = calloc(nw * (size_t)ndays, sizeof *per);
  wsum *tot = calloc(nw, sizeof *tot);
  if (!per || !tot) {
    free(per);
    free(tot);
    return -1;
  }
  for (size_t w = 0; w < nw; w++)
    tot[w] = (wsum){w + 1 == nw ? -1 : (int)w, 0};
  int any = 0;
  for (size_t i = 0; i < t->n; i++) {
    if (fc_view_cell(t, i, cu).i != 1)
      continue;
    int64_t fi = fc_view_cell(t, i, cf).i;
    if (fi < 0 || (size_t)fi >= v->facts->n)
      continue;
    const fc_fact *x = &v->facts->v[fi];
    int d = (int)((int32_t)x->dim[FC_DIM_DAY] - first);
    if (d < 0 || d >= ndays)
      continue;
    int64_t w = fc_view_cell(t, i, cw).i;
    size_t slot = w >= 0 && (size_t)w < cfg->nworkloads ? (size_t)w : nw - 1;
    double usd = (double)x->cost / (double)FC_MONEY_SCALE;
    per[slot * (size_t)ndays + (size_t)d] += usd;
    tot[slot].total += usd;
    any = 1;
  }
  if (!any) {
    free(per);
    free(tot);
    return 0;
  }
  /* the prorated estimate: dollar estimates of the workloads in scope, per day */
  double est = 0;
  fc_value ev;
  fc_coltype et;
  int have_est =
      fc_view_node_metric(v, "estimate_usd", &ev, &et) && et == FC_COL_MONEY && ev.i != FC_NULL_INT;
  if (have_est)
    est = (double)ev.i / (double)FC_MONEY_SCALE / ndays;
  /* else the estimates of the workloads in view, priced (token estimates too) when the tokens
   * plugin gives them */
  const fc_view_table *tw = have_est ? NULL : fc_view_find(v, "tokens.workloads");
  int twc = tw ? fc_view_col(tw, "estimate_usd") : -1;
  for (size_t i = 0; twc >= 0 && i < tw->n; i++) {
    fc_value x = fc_view_cell(tw, i, twc);
    if (x.i != FC_NULL_INT) {
      est += (double)x.i / (double)FC_MONEY_SCALE / ndays;
      have_est = 1;
    }
  }
  for (size_t w = 0; w < cfg->nworkloads && !have_est; w++)
    if (cfg->workloads[w].estimate_kind == FC_ESTIMATE_USD &&
        fc_scope_contains(cfg, cfg->workloads[w].node, v->node))
      est += (double)cfg->workloads[w].estimate_usd / (double)FC_MONEY_SCALE / ndays;
  /* Like with like: the estimate covers the workloads that have one; when that is not all of the
   * spend drawn, their own daily spend is drawn as a line beside the estimate. */
  double *covered = calloc((size_t)ndays + 1, sizeof *covered);
  size_t ncovered = 0, nspending = 0;
  int partial = tot[nw - 1].total != 0;
  for (size_t w = 0; covered && w + 1 < nw; w++) {
    int has = cfg->workloads[w].estimate_kind != FC_ESTIMATE_NONE;
    if (tot[w].total != 0) {
      nspending++;
      if (!has)
        partial = 1;
    }
    if (!has || tot[w].total == 0)
      continue;
    ncovered++;
    for (int d = 0; d < ndays; d++)
      covered[d] += per[w * (size_t)ndays + (size_t)d];
  }
  if (!(est > 0) || ncovered == 0)
    partial = 0;
  /* series: the five largest workloads, the others together, unattributed */
  wsum *order = malloc(nw * sizeof *order);
  if (!order || !covered) {
    free(order);
    free(per);
    free(tot);
    free(covered);
    return -1;
  }
  memcpy(order, tot, nw * sizeof *order);
  qsort(order, nw - 1, sizeof *order, cmp_wsum);
  const char *names[MAXS];
  double *sv = calloc((size_t)ndays * MAXS, sizeof *sv);
  int colors[MAXS];
  size_t ns = 0;
  size_t shown = 0;
  for (size_t k = 0; k < nw - 1 && order[k].total != 0; k++) {
    size_t slot = (size_t)order[k].workload;
    size_t s;
    if (shown < 5) {
      s = ns++;
      names[s] = cfg->workloads[slot].name;
      colors[s] = (int)shown;
      shown++;
    } else {
      if (shown == 5) {
        names[ns] = "Other workloads";
        colors[ns] = 5;
        ns++;
        shown++;
      }
      s = ns - 1;
    }
    for (int d = 0; sv && d < ndays; d++)
      sv[(size_t)d * MAXS + s] += per[slot * (size_t)ndays + (size_t)d];
  }
  if (tot[nw - 1].total != 0) {
    size_t s = ns++;
    names[s] = "Unclaimed";
    colors[s] = 7;
    for (int d = 0; sv && d < ndays; d++)
      sv[(size_t)d * MAXS + s] += per[(nw - 1) * (size_t)ndays + (size_t)d];
  }
  free(order);
  free(per);
  free(tot);
  if (!sv) {
    free(covered);
    return -1;
  }

  char title_sub[256], perw[32], estl[160], buf[64];
  period_words(v, perw, sizeof perw);
  char asof[16];
  fc_date_format(v->as_of - 1, asof);
  snprintf(title_sub, sizeof title_sub, "Bedrock usage cost per day, %s (data through %s), %s", perw, asof,
           scope_name(v));
  canvas c;
  if (canvas_open(&c, "Daily spend", title_sub)) {
    free(sv);
    free(covered);
    canvas_close(&c, path);
    return -1;
  }
  cairo_t *cr = c.cr;
  const double(*rgb[MAXS]);
  for (size_t s = 0; s < ns; s++)
    rgb[s] = palette[colors[s]];
  fmt_value(est, VF_MONEY, buf, sizeof buf);
  if (partial)
    snprintf(estl, sizeof estl,
             "Estimate of the %zu of %zu workloads with one (%s/day); solid line: their spend", ncovered,
             nspending, buf);
  else
    snprintf(estl, sizeof estl, "Prorated estimate (%s/day)", buf);
  double top = legend(cr, 86, names, rgb, ns, est > 0 ? estl : NULL) + 4;
  double bottom = H - 44, left = 90, right = W - 24;
  double max = est;
  for (int d = 0; d < ndays; d++) {
    double s = 0;
    for (size_t k = 0; k < ns; k++)
      s += sv[(size_t)d * MAXS + k] > 0 ? sv[(size_t)d * MAXS + k] : 0;
    if (s > max)
      max = s;
  }
  double axis_top, step;
  nice_axis(max, &axis_top, &step);
  double yscale = (bottom - top) / axis_top;
  font(cr, 13, 0);
  cairo_set_line_width(cr, 1);
  for (double y = 0; y <= axis_top + step / 2; y += step) {
    double py = floor(bottom - y * yscale) + 0.5;
    cairo_set_source_rgb(cr, gridc[0], gridc[1], gridc[2]);
    cairo_move_to(cr, left, py);
    cairo_line_to(cr, right, py);
    cairo_stroke(cr);
    fmt_value(y, VF_MONEY, buf, sizeof buf);
    text(cr, left - 8, py + 5, buf, 2, muted);
  }
  double colw = (right - left) / ndays;
  int every = colw >= 26 ? 1 : 5;
  for (int d = 0; d < ndays; d++) {
    double x = left + colw * d + colw * 0.15, y = bottom;
    for (size_t k = 0; k < ns; k++) {
      double val = sv[(size_t)d * MAXS + k];
      if (!(val > 0))
        continue;
      double h = val * yscale;
      cairo_set_source_rgb(cr, rgb[k][0], rgb[k][1], rgb[k][2]);
      cairo_rectangle(cr, x, y - h, colw * 0.7, h);
      cairo_fill(cr);
      y -= h;
    }
    if (d == 0 || (d + 1) % every == 0) {
      snprintf(buf, sizeof buf, "%d", d + 1);
      text(cr, left + colw * (d + 0.5), bottom + 18, buf, 1, first + d >= v->as_of ? grey_rgb : muted);
    }
  }
  cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
  cairo_move_to(cr, left, floor(bottom) + 0.5);
  cairo_line_to(cr, right, floor(bottom) + 0.5);
  cairo_stroke(cr);
  snprintf(buf, sizeof buf, "Day of %s", perw);
  text(cr, (left + right) / 2, bottom + 36, buf, 1, muted);
  if (est > 0) {
    double py = bottom - est * yscale;
    cairo_set_source_rgb(cr, palette[6][0], palette[6][1], palette[6][2]);
    cairo_set_line_width(cr, 2);
    double dash[] = {6, 4};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, left, py);
    cairo_line_to(cr, right, py);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
  if (partial) {
    /* the covered workloads' own spend, day by day up to the as-of day */
    cairo_set_source_rgb(cr, palette[6][0], palette[6][1], palette[6][2]);
    cairo_set_line_width(cr, 2.5);
    int started = 0;
    for (int d = 0; d < ndays && first + d < v->as_of; d++) {
      double x = left + colw * (d + 0.5), py = bottom - covered[d] * yscale;
      if (started)
        cairo_line_to(cr, x, py);
      else
        cairo_move_to(cr, x, py);
      started = 1;
    }
    cairo_stroke(cr);
    for (int d = 0; d < ndays && first + d < v->as_of; d++) {
      cairo_arc(cr, left + colw * (d + 0.5), bottom - covered[d] * yscale, 3, 0, 2 * M_PI);
      cairo_fill(cr);
    }
  }
  free(sv);
  free(covered);
  return canvas_close(&c, path);
}

int fc_chart_png(const char *kind, const fc_view *v, const char *path) {
  if (strcmp(kind, "spend_by_workload") == 0)
    return chart_spend_by_workload(v, path);
  if (strcmp(kind, "daily_spend") == 0)
    return chart_daily(v, path);
  if (strcmp(kind, "spend_by_model") == 0)
    return chart_spend_by_label(v, path, v->node < 0 ? "tokens.by_model" : "tokens.node_models", "model",
                                "Spend by model", "model", "Other models");
  if (strcmp(kind, "spend_by_region_type") == 0)
    return chart_spend_by_label(v, path, "tokens.by_region_type", "region_type", "Spend by region type",
                                "region type (same region or cross-region inference)", "Other");
  if (strcmp(kind, "token_mix") == 0)
    return chart_token_mix(v, path);
  if (strcmp(kind, "cache_hit_rate") == 0)
    return chart_cache(v, path);
  if (strcmp(kind, "map") == 0)
    return chart_map(v, path);
  if (strcmp(kind, "report_card") == 0)
    return chart_report_card(v, path);
  return 0;
}

void fc_charts_release(void) {
  cairo_debug_reset_static_data();
  FcFini();
}
