/* charts.c: draws any chart a plugin declares (fc_chart_def) from the scoped view of a pack:
 * gathers its rows, orders and folds them, adds the extra series, marks, notes and reference line
 * it asks for, and hands the figures to chart_draw.c. Names no result: the declaration does. */
#include "charts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_draw.h"
#include "util.h"
#include "words.h"

/* ---- text templates ---- */

typedef struct vars {
  const char *scope, *period, *data_through, *marks, *value;
  size_t covered, groups;
} vars;

/* tpl with its {placeholders} filled; unknown ones stay as written. */
static void expand(const char *tpl, const vars *x, char *out, size_t size) {
  size_t o = 0;
  out[0] = '\0';
  for (const char *p = tpl ? tpl : ""; *p && o + 1 < size;) {
    const char *end = *p == '{' ? strchr(p, '}') : NULL;
    char num[32];
    const char *sub = NULL;
    if (end) {
      size_t n = (size_t)(end - p - 1);
#define IS(name) (n == strlen(name) && strncmp(p + 1, name, n) == 0)
      if (IS("scope"))
        sub = x->scope;
      else if (IS("period"))
        sub = x->period;
      else if (IS("data_through"))
        sub = x->data_through;
      else if (IS("marks"))
        sub = x->marks ? x->marks : "";
      else if (IS("value"))
        sub = x->value;
      else if (IS("covered") || IS("groups")) {
        snprintf(num, sizeof num, "%zu", IS("covered") ? x->covered : x->groups);
        sub = num;
      }
#undef IS
    }
    if (sub) {
      o += (size_t)snprintf(out + o, size - o, "%s", sub);
      if (o >= size)
        o = size - 1;
      p = end + 1;
    } else {
      out[o++] = *p++;
      out[o] = '\0';
    }
  }
}

static void base_vars(const fc_view *v, vars *x, char *period, size_t psize, char *through) {
  static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  int m = v->period % 100;
  snprintf(period, psize, "%s %d", m >= 1 && m <= 12 ? months[m - 1] : "?", v->period / 100);
  fc_date_format(v->as_of - 1, through);
  memset(x, 0, sizeof *x);
  x->scope = v->node < 0 ? (v->cfg->organization ? v->cfg->organization : "the organisation")
                         : v->cfg->nodes[v->node].name;
  x->period = period;
  x->data_through = through;
}

/* ---- figures from the view ---- */

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

/* The first source giving a value: its pack-node row's value, or the sum over the rows in view. */
static int source_value(const fc_view *v, const fc_chart_source *s, double *out) {
  for (; s && s->result; s++) {
    const fc_view_table *t = fc_view_find(v, s->result);
    int c = t ? fc_view_col(t, s->column) : -1;
    double sum = 0;
    int found = 0;
    for (size_t i = 0; c >= 0 && i < t->n; i++) {
      double x = cell_num(t, i, c);
      if (isnan(x) || (!s->sum && fc_view_node(t, i) != v->node))
        continue;
      sum += x;
      found = 1;
      if (!s->sum)
        break;
    }
    if (found) {
      *out = sum;
      return 1;
    }
  }
  return 0;
}

static fc_chart_format auto_format(const fc_chart_def *c, const fc_view_table *t, int col) {
  if (c->format != FC_CHART_FMT_AUTO)
    return c->format;
  fc_coltype ty = col >= 0 ? t->t->cols[col].type : FC_COL_REAL;
  return ty == FC_COL_MONEY   ? FC_CHART_FMT_MONEY
         : ty == FC_COL_RATIO ? FC_CHART_FMT_PERCENT
                              : FC_CHART_FMT_NUMBER;
}

static int is_workload(const fc_view *v, int node) { return node >= 0 && v->cfg->nodes[node].workload >= 0; }

/* ---- bars ---- */

typedef struct rowset {
  size_t n, ns; /* rows, values per row */
  const char **labels;
  double *v; /* n * ns */
  char **notes;
  const double **rgb; /* a whole bar's colour, or NULL */
  char **own;         /* labels in plain words made for this chart */
  size_t nown;
} rowset;

static void rowset_free(rowset *r) {
  for (size_t i = 0; r->notes && i < r->n; i++)
    free(r->notes[i]);
  for (size_t i = 0; r->own && i < r->nown; i++)
    free(r->own[i]);
  free(r->notes);
  free(r->own);
  free(r->labels);
  free(r->v);
  free(r->rgb);
  memset(r, 0, sizeof *r);
}

/* The rows of t the chart draws, ns value columns each. 1 when any, 0 when none, -1 on error. */
static int collect(const fc_chart_def *c, const fc_view *v, const fc_view_table *t, const int *ci, size_t ns,
                   rowset *out) {
  int lc = c->rows == FC_CHART_ROWS_SELF ? fc_view_col(t, c->label) : -1;
  int nc = c->note ? fc_view_col(t, c->note->column) : -1;
  if (c->rows == FC_CHART_ROWS_SELF && lc < 0)
    return 0;
  out->labels = calloc(t->n + 2, sizeof *out->labels);
  out->v = calloc((t->n + 2) * (ns + 1), sizeof *out->v); /* room for an extra row and series */
  out->notes = calloc(t->n + 2, sizeof *out->notes);
  out->rgb = calloc(t->n + 2, sizeof *out->rgb);
  out->own = calloc(t->n + 2, sizeof *out->own);
  if (!out->labels || !out->v || !out->notes || !out->rgb || !out->own)
    return -1;
  out->ns = ns;
  for (size_t i = 0; i < t->n; i++) {
    int node = fc_view_node(t, i);
    const char *label;
    if (c->rows == FC_CHART_ROWS_SELF) {
      if (node != v->node)
        continue; /* rows of the pack's own node only: rows below it would count twice */
      label = fc_view_cell(t, i, lc).s;
    } else {
      if (!is_workload(v, node))
        continue;
      label = v->cfg->nodes[node].name;
    }
    int any = 0;
    double total = 0;
    for (size_t s = 0; s < ns; s++) {
      double x = cell_num(t, i, ci[s]);
      out->v[out->n * ns + s] = isnan(x) ? 0 : x;
      any |= !isnan(x);
      total += out->v[out->n * ns + s];
    }
    if (!any || ((c->flags & FC_CHART_SKIP_ZERO) && total == 0))
      continue;
    const char *note = nc >= 0 ? fc_view_cell(t, i, nc).s : NULL;
    if (note && *note) {
      char buf[256];
      vars x = {.value = note};
      expand(c->note->text, &x, buf, sizeof buf);
      if (!(out->notes[out->n] = fc_strdup(buf)))
        return -1; /* no chart without its notes */
      for (size_t k = 0; c->note->values && c->note->values[k]; k++)
        if (strcmp(c->note->values[k], note) == 0)
          out->rgb[out->n] = fc_chart_rgb(c->note->colours[k], 0);
    }
    char buf[256];
    const char *w =
        label && lc >= 0 && fc_coded_column(c->label) ? fc_plain_words(label, buf, sizeof buf) : label;
    if (w == buf && !(w = out->own[out->nown++] = fc_strdup(buf)))
      return -1;
    out->labels[out->n++] = w ? w : "";
  }
  return out->n > 0;
}

static void swap_rows(rowset *r, size_t a, size_t b) {
  const char *tl = r->labels[a];
  r->labels[a] = r->labels[b];
  r->labels[b] = tl;
  char *tn = r->notes[a];
  r->notes[a] = r->notes[b];
  r->notes[b] = tn;
  const double *tc = r->rgb[a];
  r->rgb[a] = r->rgb[b];
  r->rgb[b] = tc;
  for (size_t s = 0; s < r->ns; s++) {
    double t = r->v[a * r->ns + s];
    r->v[a * r->ns + s] = r->v[b * r->ns + s];
    r->v[b * r->ns + s] = t;
  }
}

/* Largest first (ties by label) unless the order is kept; rows past top folded into one (others)
 * or left out. */
static void order_rows(rowset *r, const fc_chart_def *c) {
  size_t n = r->n, ns = r->ns, top = c->top > 0 ? (size_t)c->top : FC_CHART_MAXROWS;
  for (size_t i = 1; i < n && !(c->flags & FC_CHART_KEEP_ORDER); i++)
    for (size_t j = i; j > 0; j--) {
      double a = 0, b = 0;
      for (size_t s = 0; s < ns; s++)
        a += r->v[(j - 1) * ns + s], b += r->v[j * ns + s];
      if (a > b || (a == b && strcmp(r->labels[j - 1], r->labels[j]) <= 0))
        break;
      swap_rows(r, j, j - 1);
    }
  if (n <= top)
    return;
  if (c->others) {
    for (size_t i = top; i < n; i++)
      for (size_t s = 0; s < ns; s++)
        r->v[(top - 1) * ns + s] += r->v[i * ns + s];
    r->labels[top - 1] = c->others;
    free(r->notes[top - 1]);
    r->notes[top - 1] = NULL;
    r->rgb[top - 1] = NULL;
  }
  for (size_t i = top; i < n; i++) {
    free(r->notes[i]);
    r->notes[i] = NULL;
  }
  r->n = top;
}

/* Bars whose label matches rows of the mark's result: noted and coloured. 1 when any is marked. */
static int mark_rows(const fc_chart_mark *m, const fc_view *v, rowset *r) {
  const fc_view_table *pv = fc_view_find(v, m->result);
  int pk = pv ? fc_view_col(pv, m->key) : -1, pu = pv ? fc_view_col(pv, m->value) : -1, marked = 0;
  for (size_t i = 0; pk >= 0 && pu >= 0 && i < r->n; i++) {
    double bad = 0;
    for (size_t k = 0; k < pv->n; k++) {
      const char *s = fc_view_cell(pv, k, pk).s;
      if (s && r->labels[i] && strcmp(s, r->labels[i]) == 0)
        bad += cell_num(pv, k, pu);
    }
    if (!(bad > 0) || r->notes[i])
      continue;
    char amt[64], note[256];
    fc_chart_fmt(bad, FC_CHART_FMT_MONEY, amt, sizeof amt);
    vars x = {.value = amt};
    int full = bad >= r->v[i * r->ns] - 0.005; /* the whole bar, or the part some workload may not spend */
    expand(full ? m->full : m->partial, &x, note, sizeof note);
    if (!(r->notes[i] = fc_strdup(note)))
      return -1; /* a chart that drops the mark would tell the reader the spend is fine */
    r->rgb[i] = fc_chart_rgb(full ? m->full_colour : m->partial_colour, 0);
    marked = 1;
  }
  return marked;
}

static int chart_bars(const fc_chart_def *c, const fc_view *v, const fc_view_table *t, const char *path) {
  int ci[FC_CHART_MAXS];
  size_t ns = 0;
  for (; c->series[ns].column && ns < FC_CHART_MAXS; ns++)
    if ((ci[ns] = fc_view_col(t, c->series[ns].column)) < 0)
      return 0;
  rowset r;
  memset(&r, 0, sizeof r);
  int got = collect(c, v, t, ci, ns, &r);
  if (got > 0) {
    order_rows(&r, c);
    got = c->mark ? mark_rows(c->mark, v, &r) : 0;
    if (got >= 0) {
      fc_hbar b;
      memset(&b, 0, sizeof b);
      vars x;
      char per[32], through[16], title[256], sub[256], refl[160], refv[64];
      base_vars(v, &x, per, sizeof per, through);
      x.marks = got > 0 ? c->mark->legend : NULL;
      b.fmt = auto_format(c, t, ci[0]);
      b.ns = ns;
      for (size_t s = 0; s < ns; s++) {
        b.series[s] = c->series[s].name ? c->series[s].name : c->series[s].column;
        b.rgb[s] = fc_chart_rgb(c->series[s].colour, s);
      }
      double extra = 0;
      if (c->extra && source_value(v, c->extra->sources, &extra) && extra > 0) {
        /* one more row, in a series of its own: rows are re-laid with ns + 1 values */
        for (size_t i = r.n; i-- > 0;)
          for (size_t s = ns + 1; s-- > 0;)
            r.v[i * (ns + 1) + s] = s < ns ? r.v[i * ns + s] : 0;
        r.labels[r.n] = c->extra->label;
        for (size_t s = 0; s < ns; s++) /* nothing of the other series: the slot may hold a folded row */
          r.v[r.n * (ns + 1) + s] = 0;
        r.v[r.n * (ns + 1) + ns] = extra;
        r.n++;
        b.series[ns] = c->extra->name;
        b.rgb[ns] = fc_chart_rgb(c->extra->colour, ns);
        b.ns = ns + 1;
      }
      b.ref = NAN;
      if (c->ref && source_value(v, c->ref->sources, &b.ref)) {
        if (c->ref->per_day)
          b.ref /= fc_period_days(v->period);
        fc_chart_fmt_ref(b.ref, b.fmt, refv, sizeof refv);
        x.value = refv;
        expand(c->ref->label, &x, refl, sizeof refl);
        b.ref_label = refl;
      }
      if (c->axis) { /* the first fixed maximum that holds every bar and the reference */
        double max = isnan(b.ref) ? 0 : b.ref;
        for (size_t i = 0; i < r.n; i++) {
          double s = 0;
          for (size_t k = 0; k < b.ns; k++)
            s += r.v[i * b.ns + k];
          max = s > max ? s : max;
        }
        size_t k = 0;
        while (c->axis[k + 1] != 0 && !(c->axis[k] >= max))
          k++;
        b.axis_max = c->axis[k];
      }
      x.value = NULL;
      expand(c->title, &x, title, sizeof title);
      expand(c->subtitle, &x, sub, sizeof sub);
      b.title = title;
      b.subtitle = c->subtitle ? sub : NULL;
      b.n = r.n;
      b.labels = r.labels;
      b.notes = r.notes;
      b.bar_rgb = r.rgb;
      b.v = r.v;
      got = fc_draw_hbar(&b, path);
    }
  }
  rowset_free(&r);
  return got;
}

/* ---- daily columns and lines ---- */

typedef struct group {
  int node;
  double total;
  int covered;
} group;

static int cmp_group(const void *a, const void *b) {
  const group *x = a, *y = b;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return x->node - y->node;
}

typedef struct daily_data {
  int ndays;
  int32_t first;
  group *g;    /* by node: g[node] */
  double *per; /* nnodes * ndays */
  double *extra;
  int any;
} daily_data;

static void daily_free(daily_data *d) {
  free(d->g);
  free(d->per);
  free(d->extra);
}

/* Per workload and day (and the extra series per day) from the rows of t. 0 when fine. */
static int daily_gather(const fc_chart_def *c, const fc_view *v, const fc_view_table *t, daily_data *d) {
  size_t nn = v->cfg->nnodes;
  int cx = fc_view_col(t, c->x), cv = fc_view_col(t, c->series[0].column);
  int cc = c->ref && c->ref->cover_column ? fc_view_col(t, c->ref->cover_column) : -1;
  d->ndays = fc_period_days(v->period);
  d->first = fc_period_first_day(v->period);
  d->g = calloc(nn + 1, sizeof *d->g);
  d->per = calloc((nn + 1) * (size_t)d->ndays, sizeof *d->per);
  d->extra = calloc((size_t)d->ndays, sizeof *d->extra);
  if (!d->g || !d->per || !d->extra)
    return -1;
  for (size_t n = 0; n < nn; n++)
    d->g[n].node = (int)n;
  if (cx < 0 || cv < 0)
    return 0;
  for (size_t i = 0; i < t->n; i++) {
    int node = fc_view_node(t, i);
    int day = (int)(fc_view_cell(t, i, cx).i - d->first);
    double x = cell_num(t, i, cv);
    if (!is_workload(v, node) || day < 0 || day >= d->ndays || isnan(x))
      continue;
    d->per[(size_t)node * (size_t)d->ndays + (size_t)day] += x;
    d->g[node].total += x;
    if (cc >= 0 && cell_num(t, i, cc) != 0)
      d->g[node].covered = 1;
    d->any = 1;
  }
  const fc_chart_source *es = c->extra ? c->extra->sources : NULL;
  const fc_view_table *te = es ? fc_view_find(v, es->result) : NULL;
  int ex = te ? fc_view_col(te, c->x) : -1, ev = te ? fc_view_col(te, es->column) : -1;
  for (size_t i = 0; ex >= 0 && ev >= 0 && i < te->n; i++) {
    int day = (int)(fc_view_cell(te, i, ex).i - d->first);
    double x = cell_num(te, i, ev);
    if (fc_view_node(te, i) != v->node || day < 0 || day >= d->ndays || isnan(x))
      continue;
    d->extra[day] += x;
    d->any = 1;
  }
  return 0;
}

static int chart_daily(const fc_chart_def *c, const fc_view *v, const fc_view_table *t, const char *path) {
  daily_data d;
  memset(&d, 0, sizeof d);
  fc_daily o;
  memset(&o, 0, sizeof o);
  group *order = NULL;
  double *covered = NULL;
  size_t nn = v->cfg->nnodes;
  int rc = daily_gather(c, v, t, &d);
  if (rc || !d.any)
    goto out;
  rc = -1;
  order = malloc((nn + 1) * sizeof *order);
  covered = calloc((size_t)d.ndays + 1, sizeof *covered);
  o.v = calloc((size_t)d.ndays * FC_CHART_MAXS, sizeof *o.v);
  if (!order || !covered || !o.v)
    goto out;
  /* the reference covers the groups flagged by the cover column; when that is not all of the spend
   * drawn, their own daily spend is drawn beside it */
  double ref = 0, extra_total = 0;
  if (c->ref && source_value(v, c->ref->sources, &ref) && c->ref->per_day)
    ref /= d.ndays;
  for (int k = 0; k < d.ndays; k++)
    extra_total += d.extra[k];
  size_t ncovered = 0, nspending = 0;
  int partial = extra_total != 0;
  for (size_t g = 0; g < nn; g++) {
    if (d.g[g].total != 0) {
      nspending++;
      if (!d.g[g].covered)
        partial = 1;
    }
    if (!d.g[g].covered || d.g[g].total == 0)
      continue;
    ncovered++;
    for (int k = 0; k < d.ndays; k++)
      covered[k] += d.per[g * (size_t)d.ndays + (size_t)k];
  }
  if (!(ref > 0) || ncovered == 0 || !c->ref || !c->ref->cover_column)
    partial = 0;
  /* series: the largest groups, the others together, the extra series */
  memcpy(order, d.g, nn * sizeof *order);
  qsort(order, nn, sizeof *order, cmp_group);
  size_t top = c->top > 0 ? (size_t)c->top : 5, shown = 0;
  for (size_t k = 0; k < nn && order[k].total != 0; k++) {
    size_t s;
    if (shown < top) {
      s = o.ns++;
      o.names[s] = v->cfg->nodes[order[k].node].name;
      o.rgb[s] = fc_chart_rgb(FC_CHART_AUTO, shown);
      shown++;
    } else if (c->others) {
      if (shown == top) {
        o.names[o.ns] = c->others;
        o.rgb[o.ns] = fc_chart_rgb(c->others_colour, top);
        o.ns++;
        shown++;
      }
      s = o.ns - 1;
    } else {
      continue;
    }
    for (int k2 = 0; k2 < d.ndays; k2++)
      o.v[(size_t)k2 * FC_CHART_MAXS + s] += d.per[(size_t)order[k].node * (size_t)d.ndays + (size_t)k2];
  }
  if (extra_total != 0) {
    size_t s = o.ns++;
    o.names[s] = c->extra->name;
    o.rgb[s] = fc_chart_rgb(c->extra->colour, s);
    for (int k = 0; k < d.ndays; k++)
      o.v[(size_t)k * FC_CHART_MAXS + s] += d.extra[k];
  }
  vars x;
  char per[32], through[16], title[256], sub[256], refl[200], refv[64], xl[64];
  base_vars(v, &x, per, sizeof per, through);
  o.fmt = auto_format(c, t, fc_view_col(t, c->series[0].column));
  fc_chart_fmt_ref(ref, o.fmt, refv, sizeof refv);
  expand(c->title, &x, title, sizeof title);
  expand(c->subtitle, &x, sub, sizeof sub);
  x.value = refv;
  x.covered = ncovered;
  x.groups = nspending;
  expand(c->ref ? (partial ? c->ref->cover_label : c->ref->label) : NULL, &x, refl, sizeof refl);
  snprintf(xl, sizeof xl, "Day of %s", per);
  o.title = title;
  o.subtitle = c->subtitle ? sub : NULL;
  o.xlabel = xl;
  o.ndays = d.ndays;
  o.first = d.first;
  o.as_of = v->as_of;
  o.lines = c->kind == FC_CHART_DAILY_LINES;
  o.ref = ref;
  o.ref_label = refl;
  o.covered = partial ? covered : NULL;
  rc = fc_draw_daily(&o, path);
out:
  free(o.v);
  free(order);
  free(covered);
  daily_free(&d);
  return rc;
}

int fc_chart_png(const fc_chart_def *c, const fc_view *v, const char *path) {
  unsigned level = v->node < 0               ? FC_CHART_AT_ORG
                   : is_workload(v, v->node) ? FC_CHART_AT_WORKLOAD
                                             : FC_CHART_AT_GROUP;
  if (c->levels && !(c->levels & level))
    return 0;
  const fc_view_table *t = fc_view_find(v, v->node < 0 && c->org_result ? c->org_result : c->result);
  if (!t)
    return 0;
  return c->kind == FC_CHART_BARS ? chart_bars(c, v, t, path) : chart_daily(c, v, t, path);
}

void fc_charts_release(void) {
  fc_chart_draw_release();
  cairo_debug_reset_static_data();
  FcFini();
}
