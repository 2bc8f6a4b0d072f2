/* run.c: the run pipeline and the host API that plugins call through their context. */
#include "pipeline.h"
#include "publish.h"
#include "decl_check.h"
#include "run.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "approve.h"
#include "canary.h"
#include "checks.h"
#include "facts_in.h"
#include "heap.h"
#include "closing.h"
#include "jobs.h"
#include "names.h"
#include "outputs.h"
#include "packs.h"
#include "templates.h"
#include "timing.h"
#include "util.h"
#include "uses.h"

struct fc_ctx {
  const fc_host_api *api; /* first: FC_API(ctx) reads it */
  fc_run *run;
  fc_plugin *plugin;
  int failed;
};

/* ---- the host API ---- */

static void api_vlog(fc_ctx *ctx, fc_loglevel level, const char *fmt, va_list ap) {
  if (level == FC_LOG_DEBUG && !ctx->run->verbose)
    return;
  char *msg = fc_vasprintf(fmt, ap);
  if (!msg)
    return;
  fc_severity sev = level >= FC_LOG_ERROR  ? FC_SEV_ERROR
                    : level == FC_LOG_WARN ? FC_SEV_WARNING
                                           : FC_SEV_NOTE;
  if (sev == FC_SEV_ERROR)
    ctx->failed = 1;
  fc_diags_add(ctx->run->diags, sev, NULL, 0, 0, "plugin %s: %s", ctx->plugin->name, msg);
  free(msg);
}

static void api_log(fc_ctx *ctx, fc_loglevel level, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  api_vlog(ctx, level, fmt, ap);
  va_end(ap);
}

static void api_error(fc_ctx *ctx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  api_vlog(ctx, FC_LOG_ERROR, fmt, ap);
  va_end(ap);
}

static int32_t api_period(fc_ctx *ctx) { return ctx->run->period; }
static int32_t api_as_of(fc_ctx *ctx) { return ctx->run->as_of; }

static const fc_fact *api_facts(fc_ctx *ctx, size_t *count) {
  *count = ctx->run->ingest.facts.n;
  return ctx->run->ingest.facts.v;
}

static const char *api_str(fc_ctx *ctx, uint32_t id) {
  return fc_strtab_get(&ctx->run->ingest.facts.strings, id);
}
static size_t api_node_count(fc_ctx *ctx) { return ctx->run->cfg.nnodes; }
static const fc_node_info *api_node(fc_ctx *ctx, size_t i) {
  return i < ctx->run->cfg.nnodes ? &ctx->run->nodes[i] : NULL;
}
static int api_node_find(fc_ctx *ctx, const char *path) { return fc_config_node_find(&ctx->run->cfg, path); }
static size_t api_workload_count(fc_ctx *ctx) { return ctx->run->cfg.nworkloads; }
static const fc_workload_info *api_workload(fc_ctx *ctx, size_t i) {
  return i < ctx->run->cfg.nworkloads ? &ctx->run->workloads[i] : NULL;
}
static size_t api_claim_count(fc_ctx *ctx) { return ctx->run->cfg.nclaims; }
static const fc_claim_info *api_claim(fc_ctx *ctx, size_t i) {
  return i < ctx->run->cfg.nclaims ? &ctx->run->claims[i] : NULL;
}

static int api_account_node(fc_ctx *ctx, const char *account) {
  return fc_config_account_node(&ctx->run->cfg, account);
}

static const char *api_option(fc_ctx *ctx, const char *key) {
  return fc_config_option(&ctx->run->cfg, ctx->plugin->name, key);
}

static void *api_alloc(fc_ctx *ctx, size_t size) { return fc_arena_alloc(&ctx->run->plugin_arena, size); }

static int declared(char *const *list, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0)
      return 1;
  return 0;
}

static fc_status api_table_create(fc_ctx *ctx, const char *name, const fc_column *cols, size_t ncols,
                                  fc_table **out) {
  if (!name || !declared(ctx->plugin->writes, ctx->plugin->nwrites, name)) {
    api_error(ctx, "creates result '%s', which it does not declare in writes", name ? name : "(null)");
    return FC_ERR_INVALID;
  }
  fc_status s = fc_results_create(&ctx->run->results, ctx->plugin->name, name, cols, ncols, out);
  if (s)
    api_error(ctx, "cannot create result '%s': %s", name, fc_strerror(s));
  return s;
}

static fc_status api_table_append(fc_ctx *ctx, fc_table *t, int node, const fc_value *values) {
  if (!t || strcmp(t->owner, ctx->plugin->name) != 0) {
    api_error(ctx, "appends to a result it does not own");
    return FC_ERR_INVALID;
  }
  if (node < -1 || node >= (int)ctx->run->cfg.nnodes) {
    api_error(ctx, "result '%s': row names node %d, which does not exist", t->name, node);
    return FC_ERR_INVALID;
  }
  return fc_results_append(&ctx->run->results, t, node, values);
}

static const fc_table *api_table_find(fc_ctx *ctx, const char *name) {
  if (!declared(ctx->plugin->reads, ctx->plugin->nreads, name) &&
      !declared(ctx->plugin->writes, ctx->plugin->nwrites, name)) {
    api_log(ctx, FC_LOG_WARN, "reads result '%s' without declaring it; refused", name);
    return NULL;
  }
  return fc_results_find(&ctx->run->results, name);
}

static size_t api_table_rows(const fc_table *t) { return t ? t->nrows : 0; }
static size_t api_table_cols(const fc_table *t) { return t ? t->ncols : 0; }
static const fc_column *api_table_col(const fc_table *t, size_t c) {
  return t && c < t->ncols ? &t->cols[c] : NULL;
}
static int api_table_row_node(const fc_table *t, size_t r) { return t && r < t->nrows ? t->nodes[r] : -1; }
static fc_value api_table_cell(const fc_table *t, size_t r, size_t c) {
  fc_value v = {0};
  if (t && r < t->nrows && c < t->ncols)
    v = fc_table_value(t, r, c);
  return v;
}

static const char *api_setting(fc_ctx *ctx, const char *key) {
  fc_run *r = ctx->run;
  const fc_config *c = &r->cfg;
  if (strcmp(key, "currency") == 0)
    return c->currency ? c->currency : "USD";
  if (strcmp(key, "organization") == 0)
    return c->organization;
  if (strcmp(key, "prices") == 0)
    return c->prices_file;
  if (strcmp(key, "policy.cache_hit_rate_healthy") == 0)
    return r->settings_buf[0];
  static const char *const weights[] = {"attribution", "budget", "cache", "map", "models"};
  if (strncmp(key, "report_card.weights.", 20) == 0)
    for (int i = 0; i < 5; i++)
      if (strcmp(key + 20, weights[i]) == 0)
        return r->settings_buf[1 + i];
  return NULL;
}

static const char *const *api_approved_models(fc_ctx *ctx, int node, size_t *count) {
  const fc_config *c = &ctx->run->cfg;
  *count = 0;
  const fc_cfg_policy *best = fc_policy_in_force(c, node); /* the deepest entry at or above, else "*" */
  if (!best)
    return NULL;
  *count = best->npatterns;
  return (const char *const *)best->patterns;
}

static size_t api_person_count(fc_ctx *ctx) { return ctx->run->cfg.npeople; }
static const fc_person_info *api_person(fc_ctx *ctx, size_t i) {
  return i < ctx->run->cfg.npeople ? &ctx->run->people[i] : NULL;
}

/* ABI 1.2: the one scope rule (fc_scope_contains), for plugins that route by scope. */
static int api_scope_contains(fc_ctx *ctx, int node, int scope) {
  const fc_config *c = &ctx->run->cfg;
  if (node >= (int)c->nnodes || scope >= (int)c->nnodes || node < -1 || scope < -1)
    return 0;
  return fc_scope_contains(c, node, scope);
}
static int api_person_sees(fc_ctx *ctx, size_t person, int node) {
  const fc_config *c = &ctx->run->cfg;
  for (size_t i = 0; person < c->npeople && i < c->people[person].nscope; i++)
    if (api_scope_contains(ctx, node, c->people[person].scope_nodes[i]))
      return 1;
  return 0;
}

/* ABI 1.3: what the inputs showed of the sessions of role principals (core/ingest/sessions.h). */
static int api_principal_sessions(fc_ctx *ctx, const uint32_t *ids, size_t n, uint64_t *count,
                                  const char **examples, size_t max) {
  return fc_sessions_query(&ctx->run->ingest.sessions, ids, n, ctx->run->period, count, examples, max);
}

static const fc_host_api host_api = {
    .size = sizeof(fc_host_api),
    .log = api_log,
    .error = api_error,
    .strerror = fc_strerror,
    .period = api_period,
    .as_of = api_as_of,
    .facts = api_facts,
    .str = api_str,
    .node_count = api_node_count,
    .node = api_node,
    .node_find = api_node_find,
    .workload_count = api_workload_count,
    .workload = api_workload,
    .claim_count = api_claim_count,
    .claim = api_claim,
    .account_node = api_account_node,
    .option = api_option,
    .alloc = api_alloc,
    .table_create = api_table_create,
    .table_append = api_table_append,
    .table_find = api_table_find,
    .table_rows = api_table_rows,
    .table_cols = api_table_cols,
    .table_col = api_table_col,
    .table_row_node = api_table_row_node,
    .table_cell = api_table_cell,
    .setting = api_setting,
    .approved_models = api_approved_models,
    .person_count = api_person_count,
    .person = api_person,
    .scope_contains = api_scope_contains,
    .person_sees = api_person_sees,
    .principal_sessions = api_principal_sessions,
};

/* ---- the run ---- */

char *fc_default_plugins_dir(void) { return fc_beside_exe("plugins", FC_PLUGIN_INSTALL_DIR); }

static int build_views(fc_run *r) {
  fc_config *c = &r->cfg;
  r->nodes = fc_arena_alloc(&r->arena, (c->nnodes + 1) * sizeof *r->nodes);
  r->workloads = fc_arena_alloc(&r->arena, (c->nworkloads + 1) * sizeof *r->workloads);
  r->claims = fc_arena_alloc(&r->arena, (c->nclaims + 1) * sizeof *r->claims);
  r->people = fc_arena_alloc(&r->arena, (c->npeople + 1) * sizeof *r->people);
  if (!r->nodes || !r->workloads || !r->claims || !r->people)
    return -1;
  for (size_t i = 0; i < c->npeople; i++) {
    const fc_cfg_person *p = &c->people[i];
    r->people[i] = (fc_person_info){p->email, p->name, (fc_person_role)p->role, p->scope_nodes, p->nscope};
  }
  char num[64];
  snprintf(num, sizeof num, "%.17g", c->cache_hit_rate_healthy);
  r->settings_buf[0] = fc_arena_strdup(&r->arena, num);
  for (int i = 0; i < 5; i++) {
    snprintf(num, sizeof num, "%d", c->weights[i]);
    r->settings_buf[1 + i] = fc_arena_strdup(&r->arena, num);
  }
  for (size_t i = 0; i < c->nnodes; i++)
    r->nodes[i] = (fc_node_info){c->nodes[i].name, c->nodes[i].path, c->nodes[i].parent, c->nodes[i].level,
                                 c->nodes[i].workload};
  for (size_t i = 0; i < c->nworkloads; i++) {
    fc_cfg_workload *w = &c->workloads[i];
    fc_workload_info *o = &r->workloads[i];
    o->id = w->id;
    o->name = w->name;
    o->node = w->node;
    o->map_eligible = w->map_eligible;
    o->estimate_kind = w->estimate_kind;
    o->estimate_usd = w->estimate_usd;
    memcpy(o->estimate_tokens, w->estimate_tokens, sizeof o->estimate_tokens);
  }
  for (size_t i = 0; i < c->nclaims; i++) {
    fc_cfg_claim *k = &c->claims[i];
    r->claims[i] = (fc_claim_info){k->workload, k->kind,     k->arn,       k->account,
                                   k->name,     k->from_day, k->until_day, k->claimed_by};
  }
  return 0;
}

static void run_free(fc_run *r) {
  fc_plugins_free(&r->plugins);
  fc_ingest_free(&r->ingest);
  fc_results_free(&r->results);
  fc_config_free(&r->cfg);
  fc_arena_free(&r->arena);
  fc_arena_free(&r->plugin_arena);
  free(r->out_path);
}

/* The period to report: asked for, configured, else the latest with Bedrock rows. */
static int32_t pick_period(const fc_run *r, const fc_run_opts *o) {
  if (o->period)
    return o->period;
  if (r->cfg.period)
    return r->cfg.period;
  int32_t p = 0;
  for (size_t i = 0; i < r->ingest.facts.n; i++)
    if ((int32_t)r->ingest.facts.v[i].dim[FC_DIM_PERIOD] > p)
      p = (int32_t)r->ingest.facts.v[i].dim[FC_DIM_PERIOD];
  return p;
}

static int32_t pick_as_of(const fc_run *r, const fc_run_opts *o) {
  if (o->as_of != INT32_MIN)
    return o->as_of;
  if (r->cfg.as_of != INT32_MIN)
    return r->cfg.as_of;
  int32_t last = INT32_MIN;
  for (size_t i = 0; i < r->ingest.facts.n; i++) {
    const fc_fact *x = &r->ingest.facts.v[i];
    if ((int32_t)x->dim[FC_DIM_PERIOD] == r->period && (int32_t)x->dim[FC_DIM_DAY] > last)
      last = (int32_t)x->dim[FC_DIM_DAY];
  }
  return last == INT32_MIN ? fc_period_first_day(r->period) : last + 1;
}

static fc_status run_plugins(fc_run *r) {
  fc_status st = FC_OK;
  size_t n = r->plugins.n;
  fc_ctx *ctxs = calloc(n ? n : 1, sizeof *ctxs);
  if (!ctxs)
    return FC_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    ctxs[i] = (fc_ctx){&host_api, r, &r->plugins.v[i], 0};
    fc_plugin *p = &r->plugins.v[i];
    if (p->desc.init) {
      fc_status s = p->desc.init(&ctxs[i], &p->state);
      if (s) {
        fc_diags_add(r->diags, FC_SEV_ERROR, p->file, 0, 0, "plugin '%s' failed to start: %s", p->name,
                     fc_strerror(s));
        st = FC_ERR_PLUGIN;
        break;
      }
    }
    p->inited = 1;
  }
  for (size_t i = 0; i < n && st == FC_OK; i++) {
    fc_plugin *p = &r->plugins.v[i];
    fc_tstamp t0;
    fc_timing_now(&t0);
    fc_status s = p->desc.process(&ctxs[i], p->state);
    if (fc_timing_on()) {
      char name[40];
      snprintf(name, sizeof name, "plugins/%s", p->name);
      fc_timing_add(name, &t0);
    }
    if (s || ctxs[i].failed) {
      fc_diags_add(r->diags, FC_SEV_ERROR, p->file, 0, 0, "plugin '%s' failed: %s", p->name,
                   fc_strerror(s ? s : FC_ERR_PLUGIN));
      st = s == FC_ERR_RECONCILE || s == FC_ERR_OVERFLOW ? s : FC_ERR_PLUGIN;
    }
  }
  /* finish runs exactly once for every plugin whose init succeeded, in reverse order */
  for (size_t i = n; i-- > 0;) {
    fc_plugin *p = &r->plugins.v[i];
    if (p->inited && p->desc.finish)
      p->desc.finish(&ctxs[i], p->state);
    p->inited = 0;
    p->state = NULL;
  }
  free(ctxs);
  fc_arena_free(&r->plugin_arena); /* no plugin runs again: its memory goes back to the system */
  fc_heap_release();
  return st;
}

typedef struct own_job {
  fc_run *r;
  const char *dir;
} own_job;

/* The run's own files (summary.json, the declared CSV files, reconciliation and changes): the first
 * item of the render processes, written side by side with the packs. */
static fc_status own_files(void *user, size_t i, fc_diags *diags, fc_outfiles *files) {
  const own_job *j = user;
  (void)i;
  (void)diags;                                          /* the run's, reached through j->r */
  fc_status st = fc_outputs_write(j->r, j->dir, files); /* marks its own phases */
  if (!st)
    st = fc_close_files(j->r, j->dir, files);
  fc_timing_mark("close files");
  return st;
}

/* fc_clean_stale of the output folder on a thread of its own. */
typedef struct cleaner {
  pthread_t th;
  int started, done;
  char *out;
  int rc, err, removed;
} cleaner;

static void *cleaner_main(void *arg) {
  cleaner *c = arg;
  c->rc = fc_clean_stale(c->out, &c->removed);
  c->err = errno;
  return NULL;
}

/* Starts the cleaning of out; done here, on this thread, when no thread can start. */
static void cleaner_start(cleaner *c, const char *out) {
  memset(c, 0, sizeof *c);
  c->out = fc_strdup(out);
  if (!c->out) {
    c->rc = -1;
    c->err = ENOMEM;
    c->done = 1;
    return;
  }
  c->started = pthread_create(&c->th, NULL, cleaner_main, c) == 0;
  if (!c->started) {
    cleaner_main(c);
    c->done = 1;
  }
}

/* Waits for the cleaning: fc_clean_stale's return, errno and count of removed folders. */
static int cleaner_join(cleaner *c, int *removed) {
  if (c->started && !c->done)
    pthread_join(c->th, NULL);
  c->done = 1;
  free(c->out);
  c->out = NULL;
  *removed = c->removed;
  errno = c->err;
  return c->rc;
}

fc_status fc_run_execute(const fc_run_opts *o, fc_diags *diags, char **published) {
  fc_run r;
  memset(&r, 0, sizeof r);
  r.diags = diags;
  r.verbose = o->verbose;
  r.jobs = o->jobs > 0 ? o->jobs : fc_jobs_online();
  fc_arena_init(&r.arena);
  fc_arena_init(&r.plugin_arena);
  fc_results_init(&r.results);
  if (published)
    *published = NULL;
  char *tmp = NULL, *final = NULL, *pdir = NULL, *tdir = NULL;
  fc_outfiles files = {0};
  cleaner cl = {0};
  fc_templates tpl;
  memset(&tpl, 0, sizeof tpl);
  fc_timing_start(); /* FINOPS_TIMINGS=1: wall and CPU time per phase on stderr */
  fc_status st = fc_config_load(o->config, &r.cfg, diags);
  if (st) {
    if (st != FC_ERR_NOMEM)
      st = FC_ERR_CONFIG; /* an unreadable config is a usage problem too */
    goto done;
  }
  if (fc_check_prices(&r.cfg, diags)) { /* refused here with its position, not by a plugin later */
    st = FC_ERR_CONFIG;
    goto done;
  }
  if (build_views(&r)) {
    st = FC_ERR_NOMEM;
    goto done;
  }
  pdir = o->plugins_dir ? fc_strdup(o->plugins_dir) : fc_default_plugins_dir();
  if (!pdir) {
    st = FC_ERR_NOMEM;
    goto done;
  }
  struct stat sst;
  if (!o->plugins_dir && (stat(pdir, &sst) != 0 || !S_ISDIR(sst.st_mode))) {
    fc_diags_add(diags, FC_SEV_WARNING, pdir, 0, 0, "no plugins folder: running with the host alone");
  } else if ((st = fc_plugins_load(pdir, fc_report_decls_check, &r.plugins, diags)) != FC_OK) {
    goto done;
  }
  /* Report templates, checked against the results the plugins declare before any data is read
   * (with no plugin at all there are no results to report: no packs). */
  tdir = r.plugins.n ? fc_default_templates_dir() : NULL;
  if (r.plugins.n && !tdir) {
    st = FC_ERR_NOMEM;
    goto done;
  }
  int strict = !o->plugins_dir || getenv("FINOPS_TEMPLATES"); /* shipped templates, shipped plugins */
  if ((st = fc_templates_load(tdir, &tpl, diags)) ||
      (st = fc_templates_check(&tpl, &r.plugins, strict, diags)))
    goto done;
  fc_timing_mark("setup");
  /* What earlier runs left in the output folder (replaced reports, killed runs' folders) is
   * removed by a thread while the inputs are read: mostly waiting for the file system. */
  const char *out = o->out_dir ? o->out_dir : r.cfg.output_dir;
  cleaner_start(&cl, out);
  /* Ingest: only the dimensions some plugin reads are kept. */
  fc_heap_tables(); /* facts and per-fact tables: freed ones go back to the system */
  st = fc_ingest_init(&r.ingest, fc_plugins_dim_mask(&r.plugins), diags);
  if (!st)
    st = fc_close_prepare(&r); /* invoices, skipped and malformed rows for reconciliation.csv */
  if (st)
    goto done;
  r.ingest.progress = o->progress;
  r.ingest.progress_user = o->progress_user;
  r.ingest.allow_malformed = o->allow_malformed;
  r.ingest.engine_duckdb = r.cfg.cur_engine_duckdb;
  st = fc_ingest_inputs(&r.ingest, r.cfg.dir, r.cfg.cur_inputs, r.cfg.ncur_inputs);
  if (st == FC_OK || st == FC_ERR_IO || st == FC_ERR_PARSE) { /* query results read as facts */
    fc_status fs = fc_ingest_facts_inputs(&r.ingest, r.cfg.dir, r.cfg.facts_inputs, r.cfg.nfacts_inputs);
    if (fs && (st == FC_OK || fs == FC_ERR_NOMEM || fs == FC_ERR_OVERFLOW))
      st = fs;
  }
  if (st == FC_ERR_IO && diags->nerrors)
    st = FC_ERR_PARSE; /* missing inputs are input errors */
  fc_timing_mark("ingest");
  if (st)
    goto done;
  fc_heap_release(); /* the readers' tables, merged and freed */
  if ((st = fc_close_sort(&r)))
    goto done;
  fc_timing_mark("close sort");
  r.period = pick_period(&r, o);
  if (!r.period) {
    fc_diags_add(diags, FC_SEV_ERROR, o->config, 0, 0,
                 "no Bedrock rows in the inputs and no period configured: nothing to report");
    st = FC_ERR_PARSE;
    goto done;
  }
  /* A period without Bedrock data (a wrong --period, a chunk that did not land, every row
   * malformed) would publish empty reports over the previous ones: refused unless asked for. */
  size_t in_period = 0;
  for (size_t i = 0; i < r.ingest.facts.n && !in_period; i++)
    in_period = (int32_t)r.ingest.facts.v[i].dim[FC_DIM_PERIOD] == r.period;
  if (!in_period) {
    char pb[16];
    fc_period_format(r.period, pb);
    if (!o->allow_empty) {
      fc_diags_add(diags, FC_SEV_ERROR, o->config, 0, 0,
                   "no Bedrock rows for %s in the inputs: nothing published, the previous reports stay "
                   "(--allow-empty publishes empty reports)",
                   pb);
      st = FC_ERR_PARSE;
      goto done;
    }
    fc_diags_add(diags, FC_SEV_WARNING, o->config, 0, 0,
                 "no Bedrock rows for %s in the inputs: publishing empty reports (--allow-empty)", pb);
  }
  r.as_of = pick_as_of(&r, o);

  /* Write into a temporary folder beside the final one; publish only when complete. */
  char pbuf[16];
  fc_period_format(r.period, pbuf);
  final = fc_asprintf("%s/%s", out, pbuf);
  tmp = fc_asprintf("%s/.tmp-%s-%ld", out, pbuf, (long)getpid());
  if (!final || !tmp) {
    st = FC_ERR_NOMEM;
    goto done;
  }
  if (fc_mkdirs(out) || (fc_remove_tree(tmp), fc_mkdirs(tmp))) {
    fc_diags_add(diags, FC_SEV_ERROR, out, 0, 0, "cannot create the output folder: %s", strerror(errno));
    st = FC_ERR_IO;
    goto done;
  }
  int stale = 0;
  if (cleaner_join(&cl, &stale) != 0) {
    if (errno == ENOMEM) {
      st = FC_ERR_NOMEM;
      goto done;
    }
    fc_diags_add(diags, FC_SEV_WARNING, out, 0, 0,
                 "cannot remove the unfinished output of an earlier run: %s", strerror(errno));
  } else if (stale) {
    fc_diags_add(diags, FC_SEV_NOTE, out, 0, 0, "removed the unfinished output of %d earlier run(s)", stale);
  }
  fc_timing_mark("output folder");
  st = run_plugins(&r);
  fc_timing_mark("plugins");
  if (st)
    goto done;
  /* what the plugins declared their results mean to the host (ABI 1.2) */
  if ((st = fc_uses_bind(&r.plugins, &r.results, diags)))
    goto done;
  /* approved overages (approvals.yaml) show as approved, not as alerts */
  st = fc_approvals_apply(&r);
  if (st) {
    st = st == FC_ERR_NOMEM ? st : FC_ERR_CONFIG;
    goto done;
  }
  /* reconciliation and restatement: host results, in summary.json too */
  fc_timing_mark("uses, approvals");
  st = fc_close_results(&r, final, o->compare_dir);
  fc_timing_mark("close results");
  if (st)
    goto done;
  /* the scope test's canaries (FINOPS_TEST_CANARY, tests/scope_canary.sh) */
  if (fc_canary_enabled() && (st = fc_canary_apply(&r.results)))
    goto done;
  own_job own = {&r, tmp};
  st = fc_packs_write_with(&r, o->no_packs ? NULL : &tpl, tmp, &files, own_files, &own);
  fc_timing_mark("render packs");
  if (st)
    goto done;
  const char *twice = NULL;
  if (fc_outfiles_duplicate(&files, &twice)) {
    st = FC_ERR_NOMEM;
    goto done;
  }
  if (twice) {
    fc_diags_add(diags, FC_SEV_ERROR, tmp, 0, 0, "'%s' would be written twice", twice);
    st = FC_ERR_IO;
    goto done;
  }
  if (fc_manifest_write(&r, tmp, &files)) {
    fc_diags_add(diags, FC_SEV_ERROR, tmp, 0, 0, "cannot write the manifest: %s", strerror(errno));
    st = FC_ERR_IO;
    goto done;
  }
  fc_timing_mark("manifest");
  char *kept = NULL;
  size_t nsynced = 0;
  const char **synced = fc_outfiles_synced(&files, &nsynced); /* fsynced where they were written */
  if (!synced) {
    st = FC_ERR_NOMEM;
    goto done;
  }
  int pub = fc_publish_dir_synced(tmp, final, &kept, synced, nsynced);
  free(synced);
  if (pub) {
    fc_diags_add(diags, FC_SEV_ERROR, final, 0, 0, "cannot publish the reports: %s", strerror(errno));
    if (kept)
      fc_diags_add(diags, FC_SEV_ERROR, kept, 0, 0, "the previous reports are here: rename it back to %s",
                   final);
    free(kept);
    st = FC_ERR_IO;
    goto done;
  }
  fc_timing_mark("swap");
  if (published) {
    *published = final;
    final = NULL;
  }
done:
  if (cl.started || cl.out) {
    int ignored;
    (void)cleaner_join(&cl, &ignored);
  }
  fc_close_free();
  if (tmp && st)
    fc_remove_tree(tmp);
  free(tmp);
  free(final);
  free(pdir);
  free(tdir);
  fc_templates_free(&tpl);
  fc_outfiles_free(&files);
  run_free(&r);
  fc_timing_mark("free");
  fc_timing_report(stderr, "finops run");
  return st;
}
