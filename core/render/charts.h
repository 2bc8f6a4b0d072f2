/* charts.h: PNG charts of a pack (cairo), drawn from a scoped view only, as plugins declare them
 * (fc_chart_def in finops/plugin.h). */
#ifndef FC_CHARTS_H
#define FC_CHARTS_H

#include "chart_draw.h"
#include "packs.h"

/* Draws chart c of view v into a PNG at path. Returns 1 when written, 0 when the view holds nothing
 * for it or the chart is not for this pack's level (no file is written), -1 on error. The same view
 * gives the same bytes. Keeps no state between calls. */
int fc_chart_png(const fc_chart_def *c, const fc_view *v, const char *path);

/* Releases the font caches charts fill (cairo, fontconfig); called once the packs are drawn. */
void fc_charts_release(void);

#endif
