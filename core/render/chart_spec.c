/* chart_spec.c: checking declared charts and finding them by qualified name. */
#include "chart_spec.h"

#include <string.h>

#include "chart_draw.h"

#define MAX_CHARTS 64

static int valid_id(const char *s) {
  if (!s || !*s || strlen(s) > 64)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

static int colour_ok(fc_chart_colour c) { return c >= FC_CHART_AUTO && c <= FC_CHART_BAD; }

/* result is one of the plugin's writes or reads */
static int own_result(const fc_plugin *p, const char *r) {
  for (size_t i = 0; r && i < p->nwrites; i++)
    if (strcmp(p->writes[i], r) == 0)
      return 1;
  for (size_t i = 0; r && i < p->nreads; i++)
    if (strcmp(p->reads[i] + (p->reads[i][0] == '?'), r) == 0)
      return 1;
  return 0;
}

static size_t count_sources(const fc_chart_source *s) {
  size_t n = 0;
  while (s && n < 16 && s[n].result) {
    if (!s[n].column)
      return 0;
    n++;
  }
  return n;
}

/* The first problem of chart c, or NULL. */
static const char *problem(const fc_plugin *p, const fc_chart_def *c, size_t *nseries) {
  if (c->kind < FC_CHART_BARS || c->kind > FC_CHART_DAILY_LINES)
    return "unknown kind";
  int daily = c->kind != FC_CHART_BARS;
  if (!c->title)
    return "no title";
  if (!own_result(p, c->result))
    return "its result is not among the plugin's writes or reads";
  if (c->org_result && !own_result(p, c->org_result))
    return "its org_result is not among the plugin's writes or reads";
  if (c->rows != FC_CHART_ROWS_WORKLOADS && c->rows != FC_CHART_ROWS_SELF)
    return "unknown rows";
  if (c->rows == FC_CHART_ROWS_SELF && !c->label)
    return "rows of the pack's own node need a label column";
  if (daily && !c->x)
    return "a daily chart needs its day column (x)";
  if (daily && c->rows != FC_CHART_ROWS_WORKLOADS)
    return "a daily chart groups rows by workload (rows FC_CHART_ROWS_WORKLOADS)";
  size_t ns = 0;
  while (c->series && ns <= FC_CHART_MAXS && c->series[ns].column) {
    if (!colour_ok(c->series[ns].colour))
      return "unknown series colour";
    ns++;
  }
  if (ns == 0 || ns > FC_CHART_MAXS)
    return "expected 1 to 8 series, ending with a NULL column";
  if (daily && ns != 1)
    return "a daily chart has one series (the value column)";
  if (c->format < FC_CHART_FMT_AUTO || c->format > FC_CHART_FMT_NUMBER)
    return "unknown format";
  if (c->flags & ~(FC_CHART_SKIP_ZERO | FC_CHART_KEEP_ORDER))
    return "unknown flags";
  if (c->top < 0 || c->top > (daily ? 6 : FC_CHART_MAXROWS))
    return daily ? "top must be 0 to 6" : "top must be 0 to 14";
  if (!colour_ok(c->others_colour))
    return "unknown others colour";
  for (size_t i = 0; c->axis && c->axis[i] != 0; i++)
    if (!(c->axis[i] > 0) || i >= 8)
      return "axis maxima must be positive, at most 8, ending with 0";
  if (c->extra && (!count_sources(c->extra->sources) || !c->extra->name || (!daily && !c->extra->label) ||
                   !colour_ok(c->extra->colour)))
    return "an extra series needs sources, a name, a label and a known colour";
  if (!daily && c->extra && ns + 1 > FC_CHART_MAXS)
    return "at most 8 series with the extra one";
  if (c->mark &&
      (!c->mark->result || !c->mark->key || !c->mark->value || !c->mark->full || !c->mark->partial ||
       !colour_ok(c->mark->full_colour) || !colour_ok(c->mark->partial_colour)))
    return "a mark needs result, key, value, full and partial texts and known colours";
  if (c->note) {
    if (!c->note->column || !c->note->text)
      return "a note needs a column and a text";
    for (size_t i = 0; c->note->values && c->note->values[i]; i++)
      if (!c->note->colours || i >= 16 || !colour_ok(c->note->colours[i]))
        return "a note's values need as many known colours (at most 16 values)";
  }
  if (c->ref &&
      (!count_sources(c->ref->sources) || !c->ref->label || (c->ref->cover_column && !c->ref->cover_label)))
    return "a reference line needs sources and a label (and a cover label with a cover column)";
  if (c->roles >> 4)
    return "unknown roles";
  if (c->levels & ~(FC_CHART_AT_ORG | FC_CHART_AT_GROUP | FC_CHART_AT_WORKLOAD))
    return "unknown levels";
  *nseries = ns;
  return NULL;
}

int fc_chart_defs_check(const fc_plugin *p, const char *file, fc_diags *d) {
  const fc_chart_def *c = p->desc.charts;
  for (size_t i = 0; c && c[i].name; i++) {
    size_t ns = 0;
    const char *why = i >= MAX_CHARTS ? "too many charts (at most 64; is the list ended by a NULL name?)"
                      : !valid_id(c[i].name) ? "invalid chart name: expected [a-z0-9_]+"
                                             : problem(p, &c[i], &ns);
    for (size_t k = 0; !why && k < i; k++)
      if (strcmp(c[k].name, c[i].name) == 0)
        why = "declared twice";
    if (why) {
      fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "plugin '%s': chart '%s': %s", p->name,
                   valid_id(c[i].name) ? c[i].name : "?", why);
      return -1;
    }
  }
  return 0;
}

const fc_chart_def *fc_plugins_chart(const fc_plugins *ps, const char *qname) {
  const char *name;
  const fc_plugin *p = fc_plugins_owner(ps, qname, &name);
  for (const fc_chart_def *c = p ? p->desc.charts : NULL; c && c->name; c++)
    if (strcmp(c->name, name) == 0)
      return c;
  return NULL;
}
