/* canary.c: test instruments for the scope rule: per-node canaries in result text, chart text
 * beside each PNG (see canary.h). */
#include "canary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int env_on(const char *name) {
  const char *e = getenv(name);
  return e && *e && strcmp(e, "0") != 0;
}

int fc_canary_enabled(void) { return env_on("FINOPS_TEST_CANARY"); }

fc_status fc_canary_apply(fc_results *res) {
  for (size_t i = 0; i < res->n; i++) {
    fc_table *t = res->v[i];
    for (size_t r = 0; r < t->nrows; r++) {
      char tag[32];
      if (t->nodes[r] < 0)
        snprintf(tag, sizeof tag, "CANARY-NORG-");
      else
        snprintf(tag, sizeof tag, "CANARY-N%d-", t->nodes[r]);
      for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].type != FC_COL_TEXT || (FC_TABLE_USES(t, FC_USE_TASKS) && (int)c == t->assignee_col))
          continue;
        fc_cell *v = &t->cells[r * t->ncols + c];
        char *s = v->s && *v->s ? fc_asprintf("%s %s", v->s, tag) : fc_strdup(tag);
        v->s = s ? fc_arena_strdup(&res->arena, s) : NULL;
        free(s);
        if (!v->s)
          return FC_ERR_NOMEM;
      }
    }
  }
  return FC_OK;
}

/* ---- chart text ---- */

static _Thread_local struct {
  int on;
  char *buf;
  size_t len, cap;
} chart_text;

void fc_chart_text_begin(void) {
  chart_text.on = env_on("FINOPS_CHART_TEXT");
  chart_text.len = 0;
}

void fc_chart_text_note(const char *s) {
  if (!chart_text.on || !s)
    return;
  size_t n = strlen(s);
  if (chart_text.len + n + 2 > chart_text.cap) {
    size_t cap = (chart_text.len + n + 2) * 2;
    char *b = realloc(chart_text.buf, cap);
    if (!b) {
      chart_text.on = -1; /* reported by end */
      return;
    }
    chart_text.buf = b;
    chart_text.cap = cap;
  }
  for (size_t i = 0; i < n; i++) /* one string a line */
    chart_text.buf[chart_text.len++] = s[i] == '\n' ? ' ' : s[i];
  chart_text.buf[chart_text.len++] = '\n';
}

int fc_chart_text_end(const char *png_path, int written) {
  int rc = 0;
  if (chart_text.on && written) {
    char *path = fc_asprintf("%s.txt", png_path);
    FILE *f = path && chart_text.on > 0 ? fopen(path, "w") : NULL;
    if (!f || fwrite(chart_text.buf ? chart_text.buf : "", 1, chart_text.len, f) != chart_text.len)
      rc = -1;
    if (f && fclose(f) != 0)
      rc = -1;
    free(path);
  }
  free(chart_text.buf);
  memset(&chart_text, 0, sizeof chart_text);
  return rc;
}
