/* chart_draw.h: drawing primitives of the PNG charts (cairo): canvas, text, numbers, legend, the
 * horizontal bar chart and the daily column / line chart. No state outside the arguments but one image
 * surface kept from chart to chart. */
#ifndef FC_CHART_DRAW_H
#define FC_CHART_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "finops/plugin.h"

#define FC_CHART_WIDTH 1000
#define FC_CHART_HEIGHT 560
#define FC_CHART_MAXS 8     /* series (and daily groups) per chart */
#define FC_CHART_MAXROWS 14 /* bars per chart */

/* The colour of a role (FC_CHART_AUTO: palette entry `index`). */
const double *fc_chart_rgb(fc_chart_colour c, size_t index);
/* A value as its axis / bar label: money "$1,234", percent "12.5%", count "1.2M", number "87". */
void fc_chart_fmt(double v, fc_chart_format fmt, char *out, size_t size);
/* A reference value in words: percent without decimals, else as fc_chart_fmt. */
void fc_chart_fmt_ref(double v, fc_chart_format fmt, char *out, size_t size);

typedef struct fc_hbar {
  const char *title, *subtitle;
  size_t n, ns;
  const char **labels;    /* n */
  char **notes;           /* n, may be NULL: text after the value */
  const double **bar_rgb; /* n, may be NULL: a colour for the whole bar instead of the series' */
  double *v;              /* n * ns */
  const char *series[FC_CHART_MAXS];
  const double *rgb[FC_CHART_MAXS];
  fc_chart_format fmt;
  double ref; /* reference line value, NaN = none */
  const char *ref_label;
  double axis_max; /* fixed axis maximum, 0 = from the data */
} fc_hbar;

/* Returns 1 when written, -1 on error. */
int fc_draw_hbar(const fc_hbar *b, const char *path);

typedef struct fc_daily {
  const char *title, *subtitle, *xlabel;
  int ndays;
  int32_t first, as_of; /* days since 1970: the period's first day; days from as_of are greyed */
  size_t ns;
  const char *names[FC_CHART_MAXS];
  const double *rgb[FC_CHART_MAXS];
  double *v; /* ndays * FC_CHART_MAXS */
  int lines; /* 1: a line per series instead of stacked columns */
  fc_chart_format fmt;
  double ref; /* per-day reference (dashed), <= 0 = none */
  const char *ref_label;
  const double *covered; /* ndays, may be NULL: a solid line up to the as-of day */
} fc_daily;

int fc_draw_daily(const fc_daily *d, const char *path);

/* Frees the image surface kept from chart to chart (before cairo's static data is reset). */
void fc_chart_draw_release(void);

#endif
