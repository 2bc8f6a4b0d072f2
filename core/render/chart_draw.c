/* chart_draw.c: drawing the PNG charts with cairo on an image surface (deterministic bytes for the
 * same input): text fitting, number formats, axes, legend, horizontal bars and daily columns. */
#include "chart_draw.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canary.h"
#include "png_enc.h"
#include "utf8.h"
#include "util.h"

#define W FC_CHART_WIDTH
#define H FC_CHART_HEIGHT
#define FONT "DejaVu Sans"

static const double palette[8][3] = {
    {0.298, 0.471, 0.659}, /* blue */
    {0.961, 0.522, 0.094}, /* orange */
    {0.329, 0.635, 0.294}, /* green */
    {0.698, 0.475, 0.635}, /* purple */
    {0.447, 0.718, 0.698}, /* teal */
    {0.616, 0.459, 0.365}, /* brown */
    {0.894, 0.341, 0.337}, /* red */
    {0.729, 0.690, 0.675}, /* grey */
};
/* Judgements: A green, B teal, C amber, D orange, F red. */
static const double judge_rgb[5][3] = {{0.204, 0.596, 0.314},
                                       {0.365, 0.647, 0.718},
                                       {0.890, 0.690, 0.200},
                                       {0.929, 0.490, 0.192},
                                       {0.835, 0.243, 0.310}};
static const double grey_rgb[3] = {0.62, 0.62, 0.62};
static const double ink[3] = {0.13, 0.13, 0.13};
static const double muted[3] = {0.40, 0.40, 0.40};
static const double gridc[3] = {0.88, 0.88, 0.88};
#define REF_RGB palette[6]

const double *fc_chart_rgb(fc_chart_colour c, size_t index) {
  if (c >= FC_CHART_BLUE && c <= FC_CHART_GREY)
    return palette[c - FC_CHART_BLUE];
  if (c >= FC_CHART_GOOD && c <= FC_CHART_BAD)
    return judge_rgb[c - FC_CHART_GOOD];
  return palette[index % 8];
}

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

/* ---- numbers ---- */

static void group(double v, int decimals, char *out, size_t size) {
  char raw[64];
  snprintf(raw, sizeof raw, "%.*f", decimals, v);
  fc_group_digits(raw, out, size);
}

void fc_chart_fmt(double v, fc_chart_format fmt, char *out, size_t size) {
  char g[64];
  switch (fmt) {
  case FC_CHART_FMT_MONEY:
    group(fabs(v), fabs(v) >= 100 || v == floor(v) ? 0 : 2, g, sizeof g);
    snprintf(out, size, "%s$%s", v < 0 ? "-" : "", g);
    break;
  case FC_CHART_FMT_PERCENT:
    snprintf(out, size, "%.1f%%", v * 100);
    break;
  case FC_CHART_FMT_COUNT:
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

void fc_chart_fmt_ref(double v, fc_chart_format fmt, char *out, size_t size) {
  if (fmt == FC_CHART_FMT_PERCENT)
    snprintf(out, size, "%.0f%%", v * 100);
  else
    fc_chart_fmt(v, fmt, out, size);
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

/* One image surface kept from chart to chart (every chart has its size): no fresh 2 MB to fault
 * in and clear for each. Each chart paints it all white first, so no pixel of the previous chart
 * remains. */
static cairo_surface_t *kept_surface;

void fc_chart_draw_release(void) {
  if (kept_surface)
    cairo_surface_destroy(kept_surface);
  kept_surface = NULL;
}

static int canvas_open(canvas *c, const char *title, const char *subtitle) {
  if (!kept_surface || cairo_surface_status(kept_surface) != CAIRO_STATUS_SUCCESS) {
    fc_chart_draw_release();
    kept_surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
  }
  c->s = cairo_surface_reference(kept_surface);
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

static void dashed(cairo_t *cr, double x0, double y0, double x1, double y1) {
  cairo_set_source_rgb(cr, REF_RGB[0], REF_RGB[1], REF_RGB[2]);
  cairo_set_line_width(cr, 2);
  double dash[] = {6, 4};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
}

/* Legend entries from x at baseline y, wrapping; returns the baseline below the legend. */
static double legend(cairo_t *cr, double y, const char *const *names, const double *const *rgb, size_t n,
                     const char *dashed_name) {
  font(cr, 13, 0);
  double x = 24;
  char buf[160];
  for (size_t i = 0; i <= n; i++) {
    const char *name = i < n ? names[i] : dashed_name;
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
      dashed(cr, x - 2, y - 4, x + 14, y - 4);
    }
    text(cr, x + 18, y, buf, 0, ink);
    x += w;
  }
  return y + 24;
}

/* ---- horizontal bars ---- */

static double row_total(const fc_hbar *b, size_t i) {
  double t = 0;
  for (size_t s = 0; s < b->ns; s++)
    t += b->v[i * b->ns + s] > 0 ? b->v[i * b->ns + s] : 0;
  return t;
}

int fc_draw_hbar(const fc_hbar *b, const char *path) {
  canvas c;
  if (canvas_open(&c, b->title, b->subtitle)) {
    canvas_close(&c, path);
    return -1;
  }
  cairo_t *cr = c.cr;
  double top = 80;
  if (b->ns > 1 || !isnan(b->ref))
    top = legend(cr, 86, b->series, b->rgb, b->ns > 1 ? b->ns : 0, isnan(b->ref) ? NULL : b->ref_label) + 4;
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
  for (size_t i = 0; i < b->n && !b->axis_max; i++) /* every bar: the extra or folded one may be largest */
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
    if (b->fmt == FC_CHART_FMT_PERCENT)
      snprintf(buf, sizeof buf, "%.0f%%", t * 100);
    else
      fc_chart_fmt(t, b->fmt, buf, sizeof buf);
    text(cr, x, bottom + 20, buf, 1, muted);
  }
  if (!isnan(b->ref)) {
    double x = left + b->ref * scale;
    dashed(cr, x, top, x, bottom);
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
      const double *rgb = b->bar_rgb && b->bar_rgb[i] ? b->bar_rgb[i] : b->rgb[s];
      cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle(cr, x, cy - bar / 2, w, bar);
      cairo_fill(cr);
      x += w;
    }
    char val[64];
    fc_chart_fmt(b->ns > 1 ? row_total(b, i) : b->v[i * b->ns], b->fmt, val, sizeof val);
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

/* ---- daily columns ---- */

/* A solid line with dots through vals[d] for the days before the as-of day. */
static void day_line(cairo_t *cr, const fc_daily *d, const double *vals, size_t stride, double left,
                     double colw, double bottom, double yscale) {
  cairo_set_line_width(cr, 2.5);
  int started = 0;
  for (int k = 0; k < d->ndays && d->first + k < d->as_of; k++) {
    double x = left + colw * (k + 0.5), py = bottom - vals[(size_t)k * stride] * yscale;
    if (started)
      cairo_line_to(cr, x, py);
    else
      cairo_move_to(cr, x, py);
    started = 1;
  }
  cairo_stroke(cr);
  for (int k = 0; k < d->ndays && d->first + k < d->as_of; k++) {
    cairo_arc(cr, left + colw * (k + 0.5), bottom - vals[(size_t)k * stride] * yscale, 3, 0, 2 * M_PI);
    cairo_fill(cr);
  }
}

int fc_draw_daily(const fc_daily *d, const char *path) {
  canvas c;
  if (canvas_open(&c, d->title, d->subtitle)) {
    canvas_close(&c, path);
    return -1;
  }
  cairo_t *cr = c.cr;
  char buf[64];
  double top = legend(cr, 86, d->names, d->rgb, d->ns, d->ref > 0 ? d->ref_label : NULL) + 4;
  double bottom = H - 44, left = 90, right = W - 24;
  double max = d->ref;
  for (int k = 0; k < d->ndays; k++) {
    double s = 0;
    for (size_t j = 0; j < d->ns; j++) {
      double x = d->v[(size_t)k * FC_CHART_MAXS + j] > 0 ? d->v[(size_t)k * FC_CHART_MAXS + j] : 0;
      if (d->lines)
        s = x > s ? x : s;
      else
        s += x;
    }
    if (d->covered && d->covered[k] > s) /* lines: the covered total may top every line */
      s = d->covered[k];
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
    fc_chart_fmt(y, d->fmt, buf, sizeof buf);
    text(cr, left - 8, py + 5, buf, 2, muted);
  }
  double colw = (right - left) / d->ndays;
  int every = colw >= 26 ? 1 : 5;
  for (int k = 0; k < d->ndays; k++) {
    double x = left + colw * k + colw * 0.15, y = bottom;
    for (size_t j = 0; j < d->ns && !d->lines; j++) {
      double val = d->v[(size_t)k * FC_CHART_MAXS + j];
      if (!(val > 0))
        continue;
      double h = val * yscale;
      cairo_set_source_rgb(cr, d->rgb[j][0], d->rgb[j][1], d->rgb[j][2]);
      cairo_rectangle(cr, x, y - h, colw * 0.7, h);
      cairo_fill(cr);
      y -= h;
    }
    if (k == 0 || (k + 1) % every == 0) {
      snprintf(buf, sizeof buf, "%d", k + 1);
      text(cr, left + colw * (k + 0.5), bottom + 18, buf, 1, d->first + k >= d->as_of ? grey_rgb : muted);
    }
  }
  cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
  cairo_move_to(cr, left, floor(bottom) + 0.5);
  cairo_line_to(cr, right, floor(bottom) + 0.5);
  cairo_stroke(cr);
  text(cr, (left + right) / 2, bottom + 36, d->xlabel, 1, muted);
  for (size_t j = 0; j < d->ns && d->lines; j++) {
    cairo_set_source_rgb(cr, d->rgb[j][0], d->rgb[j][1], d->rgb[j][2]);
    day_line(cr, d, d->v + j, FC_CHART_MAXS, left, colw, bottom, yscale);
  }
  if (d->ref > 0) {
    double py = bottom - d->ref * yscale;
    dashed(cr, left, py, right, py);
  }
  if (d->covered) { /* the covered groups' own spend, day by day up to the as-of day */
    cairo_set_source_rgb(cr, REF_RGB[0], REF_RGB[1], REF_RGB[2]);
    day_line(cr, d, d->covered, 1, left, colw, bottom, yscale);
  }
  return canvas_close(&c, path);
}
