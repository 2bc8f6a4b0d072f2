/* diag.c: the diagnostic list. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void fc_diags_vadd(fc_diags *d, fc_severity sev, const char *file, int line, int col, const char *fmt,
                   va_list ap) {
  if (sev == FC_SEV_ERROR)
    d->nerrors++;
  else if (sev == FC_SEV_WARNING)
    d->nwarnings++;
  if (d->n == d->cap) {
    size_t ncap = d->cap ? d->cap * 2 : 16;
    fc_diag *nv = realloc(d->v, ncap * sizeof *nv);
    if (!nv)
      return;
    d->v = nv;
    d->cap = ncap;
  }
  char *msg = fc_vasprintf(fmt, ap);
  if (!msg)
    return;
  fc_diag *g = &d->v[d->n++];
  g->sev = sev;
  g->file = file ? fc_strdup(file) : NULL;
  g->line = line;
  g->col = col;
  g->msg = msg;
}

void fc_diags_add(fc_diags *d, fc_severity sev, const char *file, int line, int col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fc_diags_vadd(d, sev, file, line, col, fmt, ap);
  va_end(ap);
}

static const char *sev_name(fc_severity s) {
  switch (s) {
  case FC_SEV_ERROR:
    return "error";
  case FC_SEV_WARNING:
    return "warning";
  default:
    return "note";
  }
}

char *fc_diag_format(const fc_diag *g, char *buf, size_t size) {
  if (g->file && g->line > 0 && g->col > 0)
    snprintf(buf, size, "%s:%d:%d: %s: %s", g->file, g->line, g->col, sev_name(g->sev), g->msg);
  else if (g->file && g->line > 0)
    snprintf(buf, size, "%s:%d: %s: %s", g->file, g->line, sev_name(g->sev), g->msg);
  else if (g->file)
    snprintf(buf, size, "%s: %s: %s", g->file, sev_name(g->sev), g->msg);
  else
    snprintf(buf, size, "finops: %s: %s", sev_name(g->sev), g->msg);
  return buf;
}

void fc_diag_print(const fc_diag *g, FILE *out) {
  if (g->file && g->line > 0 && g->col > 0)
    fprintf(out, "%s:%d:%d: ", g->file, g->line, g->col);
  else if (g->file && g->line > 0)
    fprintf(out, "%s:%d: ", g->file, g->line);
  else if (g->file)
    fprintf(out, "%s: ", g->file);
  else
    fputs("finops: ", out);
  fprintf(out, "%s: %s\n", sev_name(g->sev), g->msg);
}

void fc_diags_print(const fc_diags *d, FILE *out) {
  for (size_t i = 0; i < d->n; i++)
    fc_diag_print(&d->v[i], out);
}

void fc_diags_free(fc_diags *d) {
  for (size_t i = 0; i < d->n; i++) {
    free(d->v[i].file);
    free(d->v[i].msg);
  }
  free(d->v);
  memset(d, 0, sizeof *d);
}
