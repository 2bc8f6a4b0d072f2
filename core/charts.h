/* charts.h: PNG charts of a pack (cairo), drawn from a scoped view only. */
#ifndef FC_CHARTS_H
#define FC_CHARTS_H

#include "packs.h"

#define FC_CHART_WIDTH 1000
#define FC_CHART_HEIGHT 560

/* Draws chart `kind` (see fc_tpl_chart_result) of view v into a PNG at path. Returns 1 when written,
 * 0 when the view holds nothing for it (no file is written), -1 on error. The same view gives the
 * same bytes. */
int fc_chart_png(const char *kind, const fc_view *v, const char *path);

/* Releases the font caches charts fill (cairo, fontconfig); called once the packs are drawn. */
void fc_charts_release(void);

#endif
