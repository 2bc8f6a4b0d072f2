/* canary.h: test instruments for the scope rule (tests/scope_canary.sh), off unless asked for.
 *
 * FINOPS_TEST_CANARY=1: once the plugins ran and approvals were marked, every TEXT cell of every
 * result row gets its node's canary appended ("CANARY-N<node index>-", "CANARY-NORG-" for rows of
 * the organisation as a whole), except the assignee column of a task list, which routing reads. A
 * pack must then hold only the canaries of nodes its scope contains.
 *
 * FINOPS_CHART_TEXT=1: every chart's text (each string before it is fitted, and as drawn) is
 * written beside the PNG as <chart>.png.txt, one string a line, so that what a chart shows can be
 * read without reading pixels. */
#ifndef FC_CANARY_H
#define FC_CANARY_H

#include "results.h"

/* 1 when FINOPS_TEST_CANARY asks for canaries. */
int fc_canary_enabled(void);
/* Appends the canaries to res. FC_OK or FC_ERR_NOMEM. */
fc_status fc_canary_apply(fc_results *res);

/* Chart text capture (FINOPS_CHART_TEXT), per thread: begin before drawing a chart, note each
 * string, end after it (written: the PNG exists, so the text file is written beside it). end
 * returns 0, or -1 when the text file cannot be written. */
void fc_chart_text_begin(void);
void fc_chart_text_note(const char *s);
int fc_chart_text_end(const char *png_path, int written);

#endif
