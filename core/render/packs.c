/* packs.c: role scoping of the result store (fc_view_make) and the per-node report packs. */
#include "packs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canary.h"
#include "charts.h"
#include "csvout.h"
#include "jobs.h"
#include "model_iam.h"
#include "run.h"
#include "timing.h"
#include "utf8.h"
#include "util.h"
#include "xlsx.h"

/* ---- the scoped view: the one place where rows are filtered by role scope ---- */

/* 1 when the list of e-mails ("a@x; b@y") names one of the people who have a pack at the node
 * (here, nhere: see fc_view_make). */
static int assigned_here(const fc_cfg_person *const *here, size_t nhere, const char *emails) {
  for (size_t i = 0; emails && *emails && i < nhere; i++) {
    const fc_cfg_person *p = here[i];
    size_t el = p->email ? strlen(p->email) : 0;
    for (const char *e = emails; el && *e;) {
      size_t l = strcspn(e, ";");
      while (l && e[l - 1] == ' ')
        l--;
      if (l == el && strncmp(e, p->email, el) == 0)
        return 1;
      e += strcspn(e, ";");
      e += strspn(e, "; ");
    }
  }
  return 0;
}

static int cmp_row(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

/* The rows of table i in the view of node, from the index: the same rows, in the same order, as
 * asking fc_scope_contains of every row (the loop in fc_view_make_indexed), but each node of the
 * hierarchy is asked about once per pack (sees, above) rather than each row. */
static void rows_indexed(const fc_row_index *ix, size_t i, const fc_table *t, const unsigned char *sees,
                         const unsigned char *above, int all, int ce, const fc_cfg_person *const *here,
                         size_t nhere, fc_view_table *vt) {
  if (all) { /* every node in scope: every row */
    for (size_t r = 0; r < t->nrows; r++)
      vt->rows[vt->n++] = r;
    return;
  }
  int sorted = 1;
  for (int n = -1; n < (int)ix->nnodes; n++) {
    int in = sees[n + 1], up = ce >= 0 && nhere && n >= 0 && above[n + 1];
    if (!in && !up)
      continue;
    size_t k;
    const uint32_t *rows = fc_row_index_rows(ix, i, n, &k);
    for (size_t j = 0; j < k; j++) {
      size_t r = rows[j];
      if (!in && !assigned_here(here, nhere, t->cells[r * t->ncols + (size_t)ce].s))
        continue;
      sorted &= vt->n == 0 || vt->rows[vt->n - 1] < r;
      vt->rows[vt->n++] = r;
    }
  }
  if (!sorted)
    qsort(vt->rows, vt->n, sizeof *vt->rows, cmp_row);
}

/* 1 when ix indexes res as it is now. */
static int index_fits(const fc_row_index *ix, const fc_results *res, const fc_config *cfg) {
  if (!ix || ix->res != res || ix->ntables != res->n || ix->nnodes != cfg->nnodes)
    return 0;
  for (size_t i = 0; i < res->n; i++)
    if (ix->t[i].start[cfg->nnodes + 2] != res->v[i]->nrows)
      return 0;
  return 1;
}

/* 1 when every row of t is in the view of node, by the scope rule alone. */
static int every_row(const fc_config *cfg, const fc_table *t, int node) {
  for (size_t r = 0; r < t->nrows; r++)
    if (!fc_scope_contains(cfg, t->nodes[r], node))
      return 0;
  return 1;
}

fc_status fc_view_make(const fc_results *res, const fc_config *cfg, const fc_facts *facts, int32_t period,
                       int32_t as_of, int node, fc_view *out) {
  return fc_view_make_indexed(res, cfg, facts, period, as_of, node, NULL, out);
}

fc_status fc_view_make_indexed(const fc_results *res, const fc_config *cfg, const fc_facts *facts,
                               int32_t period, int32_t as_of, int node, const fc_row_index *ix,
                               fc_view *out) {
  memset(out, 0, sizeof *out);
  out->cfg = cfg;
  out->node = node;
  out->facts = facts;
  out->period = period;
  out->as_of = as_of;
  out->v = calloc(res->n + 1, sizeof *out->v);
  /* the people with a pack at this node, found once rather than for every row */
  const fc_cfg_person **here = calloc(cfg->npeople + 1, sizeof *here);
  size_t nhere = 0;
  if (!out->v || !here) {
    free(here);
    fc_view_free(out);
    return FC_ERR_NOMEM;
  }
  for (size_t i = 0; node >= 0 && i < cfg->npeople; i++) {
    const fc_cfg_person *p = &cfg->people[i];
    int at = 0;
    for (size_t k = 0; k < p->nscope && !at; k++)
      at = p->scope_nodes[k] == node;
    if (at && p->email && *p->email)
      here[nhere++] = p;
  }
  /* with an index: which nodes' rows the view holds, asked of the one scope rule once per node */
  unsigned char *sees = NULL, *above = NULL;
  int all = 1;
  if (index_fits(ix, res, cfg)) {
    sees = malloc(cfg->nnodes + 1);
    above = malloc(cfg->nnodes + 1);
    if (!sees || !above) {
      free(sees);
      free(above);
      free(here);
      fc_view_free(out);
      return FC_ERR_NOMEM;
    }
    for (int n = -1; n < (int)cfg->nnodes; n++) {
      sees[n + 1] = (unsigned char)fc_scope_contains(cfg, n, node);
      above[n + 1] = (unsigned char)(n >= 0 && fc_scope_contains(cfg, node, n));
      all &= sees[n + 1];
    }
  }
  for (size_t i = 0; i < res->n; i++) {
    const fc_table *t = res->v[i];
    fc_view_table *vt = &out->v[out->n++];
    vt->t = t;
    if (sees ? all : every_row(cfg, t, node)) { /* no list of rows (the organisation's view) */
      vt->n = t->nrows;
      continue;
    }
    vt->rows = malloc((t->nrows + 1) * sizeof *vt->rows);
    if (!vt->rows) {
      free(sees);
      free(above);
      free(here);
      fc_view_free(out);
      return FC_ERR_NOMEM;
    }
    /* A task list (declared FC_USE_TASKS): a task of a node above the pack's also reaches the pack
     * when it is assigned to a person the pack is for (a finding of an account's node goes to the
     * product owners under it). Never a task of a node beside the pack's: everyone the pack is for
     * would read it, not only the assignee. */
    int ce = FC_TABLE_USES(t, FC_USE_TASKS) ? t->assignee_col : -1;
    if (sees) {
      rows_indexed(ix, i, t, sees, above, all, ce, here, nhere, vt);
      continue;
    }
    for (size_t r = 0; r < t->nrows; r++)
      if (fc_scope_contains(cfg, t->nodes[r], node))
        vt->rows[vt->n++] = r;
      else if (ce >= 0 && nhere && t->nodes[r] >= 0 && fc_scope_contains(cfg, node, t->nodes[r]) &&
               assigned_here(here, nhere, t->cells[r * t->ncols + (size_t)ce].s))
        vt->rows[vt->n++] = r;
  }
  free(sees);
  free(above);
  free(here);
  return FC_OK;
}

void fc_view_free(fc_view *v) {
  for (size_t i = 0; v->v && i < v->n; i++)
    free(v->v[i].rows);
  free(v->v);
  memset(v, 0, sizeof *v);
}

const fc_view_table *fc_view_find(const fc_view *v, const char *name) {
  for (size_t i = 0; name && i < v->n; i++)
    if (strcmp(v->v[i].t->name, name) == 0)
      return &v->v[i];
  return NULL;
}

int fc_view_col(const fc_view_table *t, const char *name) {
  for (size_t c = 0; t && c < t->t->ncols; c++)
    if (strcmp(t->t->cols[c].name, name) == 0)
      return (int)c;
  return -1;
}

fc_value fc_view_cell(const fc_view_table *t, size_t i, int col) {
  return fc_table_value(t->t, fc_view_row(t, i), (size_t)col);
}

int fc_view_node(const fc_view_table *t, size_t i) { return t->t->nodes[fc_view_row(t, i)]; }

static int has_suffix(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && strcmp(s + a - b, suf) == 0;
}

int fc_view_node_metric(const fc_view *v, const char *name, fc_value *val, fc_coltype *type) {
  /* per-node results first, then per-workload ones (a workload node's own row) */
  const char *parts[2] = {v->node < 0 ? ".totals" : ".nodes", v->node < 0 ? NULL : ".workloads"};
  for (size_t i = 0; i < 2 * v->n; i++) {
    const fc_view_table *t = &v->v[i % v->n];
    const char *part = parts[i / v->n];
    if (!part || !has_suffix(t->t->name, part))
      continue;
    int c = fc_view_col(t, name);
    if (c < 0)
      continue;
    for (size_t r = 0; r < t->n; r++)
      if (fc_view_node(t, r) == v->node) {
        *val = fc_view_cell(t, r, c);
        *type = t->t->cols[c].type;
        return 1;
      }
  }
  return 0;
}

/* ---- text ---- */

const char *fc_cell_text(const char *s, char *buf, size_t size) {
  size_t o = 0;
  if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')
    buf[o++] = '\'';
  for (const unsigned char *p = (const unsigned char *)s; *p && o + 5 < size;) {
    size_t n = fc_utf8_seq(p);
    if (n == 0) { /* a byte that is not UTF-8: U+FFFD */
      memcpy(buf + o, FC_UTF8_REPLACEMENT, 3);
      o += 3;
      p++;
    } else if (n == 1) {
      buf[o++] = (char)(*p < 0x20 || *p == 0x7f ? ' ' : *p);
      p++;
    } else {
      memcpy(buf + o, p, n);
      o += n;
      p += n;
    }
  }
  buf[o] = '\0';
  return buf;
}

/* ---- packs ---- */

typedef struct pack {
  int node;
  unsigned roles; /* bit per role of the people scoped here */
} pack;

static int cmp_pack(const void *a, const void *b) {
  return ((const pack *)a)->node - ((const pack *)b)->node;
}

/* The template draws chart def, and def is for role (its roles, 0 = every role). */
static int template_has_chart(const fc_template *t, const fc_chart_def *def, int role) {
  for (size_t i = 0; i < t->ncharts; i++)
    if (t->charts[i].def == def)
      return !def->roles || (def->roles & (1u << role));
  return 0;
}

typedef struct chart_file {
  const fc_chart_def *def;
  char *rel; /* relative to the run folder */
  char *abs;
} chart_file;

static fc_status write_pack(fc_run *r, const fc_templates *tpl, const char *dir, const pack *p,
                            const fc_row_index *ix, fc_outfiles *files) {
  fc_status st = FC_OK;
  char *node_dir = p->node < 0 ? fc_strdup(FC_ORG_PACK_DIR) : fc_node_dir(&r->cfg, p->node);
  char *rel = node_dir ? fc_asprintf("nodes/%s", node_dir) : NULL;
  char *charts_dir = rel ? fc_asprintf("%s/%s/charts", dir, rel) : NULL;
  chart_file *cf = NULL;
  size_t ncf = 0;
  fc_view v;
  memset(&v, 0, sizeof v);
  if (!charts_dir) {
    st = FC_ERR_NOMEM;
    goto out;
  }
  if (fc_mkdirs(charts_dir)) {
    fc_diags_add(r->diags, FC_SEV_ERROR, charts_dir, 0, 0, "cannot create: %s", strerror(errno));
    st = FC_ERR_IO;
    goto out;
  }
  fc_tstamp t0;
  fc_timing_now(&t0);
  st = fc_view_make_indexed(&r->results, &r->cfg, &r->ingest.facts, r->period, r->as_of, p->node, ix, &v);
  fc_timing_add("render/view", &t0);
  if (st)
    goto out;
  fc_timing_now(&t0);
  /* charts: each kind any role here uses, once, shared by those roles */
  size_t maxc = 0;
  for (int role = 0; role < FC_ROLE_COUNT; role++)
    if (p->roles & (1u << role))
      maxc += tpl->role[role].ncharts;
  cf = calloc(maxc + 1, sizeof *cf);
  if (!cf) {
    st = FC_ERR_NOMEM;
    goto out;
  }
  for (int role = 0; role < FC_ROLE_COUNT && !st; role++) {
    if (!(p->roles & (1u << role)))
      continue;
    const fc_template *t = &tpl->role[role];
    for (size_t i = 0; i < t->ncharts && !st; i++) {
      const fc_chart_def *def = t->charts[i].def;
      int seen = 0, same_name = 0;
      for (size_t k = 0; k < ncf && def && !seen; k++) {
        seen = cf[k].def == def;
        same_name |= strcmp(cf[k].def->name, def->name) == 0;
      }
      if (seen || !def || !template_has_chart(t, def, role))
        continue;
      /* charts/<chart>.png; the qualified name when another plugin's chart took that one */
      char *crel = fc_asprintf("%s/charts/%s.png", rel, same_name ? t->charts[i].name : def->name);
      char *cabs = crel ? fc_asprintf("%s/%s", dir, crel) : NULL;
      if (!cabs) {
        free(crel);
        st = FC_ERR_NOMEM;
        break;
      }
      fc_chart_text_begin();
      int rc = fc_chart_png(def, &v, cabs);
      if (fc_chart_text_end(cabs, rc > 0) && rc > 0)
        rc = -1;
      if (rc < 0) {
        fc_diags_add(r->diags, FC_SEV_ERROR, cabs, 0, 0, "cannot draw the chart");
        st = FC_ERR_IO;
      }
      if (rc <= 0) {
        free(crel);
        free(cabs);
        continue;
      }
      unsigned aud = 0;
      for (int q = 0; q < FC_ROLE_COUNT; q++)
        if ((p->roles & (1u << q)) && template_has_chart(&tpl->role[q], def, q))
          aud |= 1u << q;
      cf[ncf++] = (chart_file){def, crel, cabs};
      if (fc_outfiles_add(files, crel, p->node, aud))
        st = FC_ERR_NOMEM;
    }
  }
  if (ncf == 0)
    rmdir(charts_dir);
  fc_timing_add("render/charts", &t0);
  fc_timing_now(&t0);
  /* one workbook per role */
  for (int role = 0; role < FC_ROLE_COUNT && !st; role++) {
    if (!(p->roles & (1u << role)))
      continue;
    const fc_template *t = &tpl->role[role];
    const char **paths = calloc(t->ncharts + 1, sizeof *paths);
    size_t np = 0;
    for (size_t i = 0; paths && i < t->ncharts; i++)
      for (size_t k = 0; k < ncf; k++)
        if (t->charts[i].def == cf[k].def && template_has_chart(t, cf[k].def, role))
          paths[np++] = cf[k].abs;
    char *wrel = fc_asprintf("%s/%s.xlsx", rel, fc_role_name((fc_role)role));
    char *wabs = wrel ? fc_asprintf("%s/%s", dir, wrel) : NULL;
    if (!paths || !wabs)
      st = FC_ERR_NOMEM;
    else if (!(st = fc_xlsx_write(wabs, t, &v, paths, np, r->diags)) &&
             fc_outfiles_add(files, wrel, p->node, 1u << role))
      st = FC_ERR_NOMEM;
    free(paths);
    free(wrel);
    free(wabs);
  }
  fc_timing_add("render/workbooks", &t0);
  fc_timing_now(&t0);
  /* the cloud engineer's model policy documents */
  if (!st && (p->roles & (1u << FC_ROLE_CLOUD_ENGINEER)))
    st = fc_model_iam_write(r, dir, rel, p->node, 1u << FC_ROLE_CLOUD_ENGINEER, files);
  fc_timing_add("render/model policies", &t0);
  fc_timing_now(&t0);
  /* the node's task lists (results declared FC_USE_TASKS), scoped by the view */
  for (size_t ti = 0; ti < v.n && !st; ti++) {
    const fc_view_table *vt = &v.v[ti];
    if (!FC_TABLE_USES(vt->t, FC_USE_TASKS))
      continue;
    char *trel = fc_asprintf("%s/%s", rel, vt->t->pack_file);
    char *tabs = trel ? fc_asprintf("%s/%s", dir, trel) : NULL;
    FILE *f = tabs ? fopen(tabs, "w") : NULL;
    if (!f) {
      fc_diags_add(r->diags, FC_SEV_ERROR, tabs ? tabs : dir, 0, 0, "cannot write: %s", strerror(errno));
      st = FC_ERR_IO;
    } else {
      int rc = fc_csv_write_view(f, vt, NULL, NULL, 0);
      if (fclose(f) != 0 || rc) {
        fc_diags_add(r->diags, FC_SEV_ERROR, tabs, 0, 0, "cannot write: %s", strerror(errno));
        st = FC_ERR_IO;
      } else if (fc_outfiles_add(files, trel, p->node, p->roles)) {
        st = FC_ERR_NOMEM;
      }
    }
    free(trel);
    free(tabs);
  }
  fc_timing_add("render/task lists", &t0);
out:
  for (size_t k = 0; k < ncf; k++) {
    free(cf[k].rel);
    free(cf[k].abs);
  }
  free(cf);
  fc_view_free(&v);
  free(charts_dir);
  free(rel);
  free(node_dir);
  return st;
}

typedef struct pack_job {
  fc_run *r;
  const fc_templates *tpl;
  const char *dir;
  const pack *packs;
  const fc_row_index *ix;
  fc_jobs_fn first; /* item 0 when set: the run's own files */
  void *first_user;
} pack_job;

static fc_status pack_item(void *user, size_t i, fc_diags *diags, fc_outfiles *files) {
  const pack_job *j = user;
  size_t n0 = files->n;
  fc_status st;
  if (j->first && i == 0)
    st = j->first(j->first_user, 0, diags, files);
  else /* the run's diags, which write_pack reaches through the run */
    st = write_pack(j->r, j->tpl, j->dir, &j->packs[i - (j->first != NULL)], j->ix, files);
  /* the item's files are complete: hashed here, in the render process, and their writeback started */
  fc_tstamp t0;
  fc_timing_now(&t0);
  if (!st && fc_outfiles_complete(files, n0, j->dir))
    st = FC_ERR_NOMEM;
  fc_timing_add("render/sha256", &t0);
  return st;
}

fc_status fc_packs_write(fc_run *r, const fc_templates *tpl, const char *dir, fc_outfiles *files) {
  return fc_packs_write_with(r, tpl, dir, files, NULL, NULL);
}

fc_status fc_packs_write_with(fc_run *r, const fc_templates *tpl, const char *dir, fc_outfiles *files,
                              fc_jobs_fn first, void *first_user) {
  if (!tpl || !tpl->loaded) { /* no packs: the first item alone, here */
    pack_job job = {r, tpl, dir, NULL, NULL, first, first_user};
    return first ? pack_item(&job, 0, r->diags, files) : FC_OK;
  }
  const fc_config *c = &r->cfg;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < c->npeople; i++)
    cap += c->people[i].nscope;
  pack *packs = calloc(cap + 1, sizeof *packs);
  if (!packs)
    return FC_ERR_NOMEM;
  for (size_t i = 0; i < c->npeople; i++)
    for (size_t s = 0; s < c->people[i].nscope; s++) {
      int node = c->people[i].scope_nodes[s];
      size_t k = 0;
      while (k < n && packs[k].node != node)
        k++;
      if (k == n)
        packs[n++] = (pack){node, 0};
      if (!tpl->role[c->people[i].role].unusable)
        packs[k].roles |= 1u << c->people[i].role;
    }
  qsort(packs, n, sizeof *packs, cmp_pack);
  size_t m = 0; /* the packs someone reads, in node order: the items the render jobs share */
  for (size_t k = 0; k < n; k++)
    if (packs[k].roles)
      packs[m++] = packs[k];
  /* the rows of every result by node, built once here and shared by the render processes (no pack
   * to draw: no index) */
  fc_row_index ix;
  memset(&ix, 0, sizeof ix);
  if (m && fc_row_index_build(&ix, &r->results, c)) {
    free(packs);
    return FC_ERR_NOMEM;
  }
  pack_job job = {r, tpl, dir, packs, &ix, first, first_user};
  fc_status st = fc_jobs_run_in(r->jobs, m + (first != NULL), pack_item, &job, r->diags, files, dir);
  fc_row_index_free(&ix);
  free(packs);
  fc_charts_release();
  return st;
}
