/* config.c: loads finops.yaml and its claims ledger into a validated fc_config: the file, the
 * hierarchy, workloads, accounts, plugins' options and the public finders. Policy and report card
 * settings are in config_policy.c, people in config_people.c, the claims ledger in
 * config_claims.c; the YAML layer they share in config_yaml.c. */
#include "config.h"
#include "config_int.h"
#include "names.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
 * Names, paths and ids
 * ------------------------------------------------------------------------------------------- */

/* Why s cannot be a node name (a folder name in the output), or NULL when it can. */
static const char *name_problem(const char *s, size_t n) {
  if (n == 0)
    return "is empty";
  if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
    return "must not be '.' or '..'";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '/')
      return "must not contain '/'";
    if (c < 0x20 || c == 0x7f)
      return "must not contain control characters";
  }
  return NULL;
}

/* Number of '/'-separated components of p, or -1 with *why set when one is not a safe name. */
static int path_components(const char *p, const char **why) {
  int n = 0;
  for (;;) {
    size_t len = strcspn(p, "/");
    const char *w = name_problem(p, len);
    if (w) {
      *why = len == 0 ? "has an empty part (a leading, trailing or doubled '/')" : w;
      return -1;
    }
    n++;
    if (!p[len])
      return n;
    p += len + 1;
  }
}

static int id_ok(const char *s) {
  if (!*s)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
      return 0;
  return 1;
}

static int digits_only(const char *s, size_t n) {
  if (strlen(s) != n)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

/* Orders node paths component by component, so a parent sorts right before its subtree. */
static int path_cmp(const char *a, const char *b) {
  for (;;) {
    size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
    int c = memcmp(a, b, la < lb ? la : lb);
    if (c)
      return c;
    if (la != lb)
      return la < lb ? -1 : 1;
    a += la;
    b += lb;
    if (!*a || !*b)
      return (*a != 0) - (*b != 0);
    a++;
    b++;
  }
}

static int path_ptr_cmp(const void *x, const void *y) {
  return path_cmp(*(char *const *)x, *(char *const *)y);
}

static char *join_dir(const char *dir, const char *rel) {
  if (rel[0] == '/')
    return fc_strdup(rel);
  size_t n = strlen(dir);
  return fc_asprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", rel);
}

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return fc_strdup(".");
  size_t n = (size_t)(slash - path);
  while (n > 0 && path[n - 1] == '/')
    n--;
  return n == 0 ? fc_strdup("/") : fc_strndup(path, n);
}

/* ---------------------------------------------------------------------------------------------
 * Sections of finops.yaml
 * ------------------------------------------------------------------------------------------- */

static const char *const top_keys[] = {
    "version",     "organization", "currency",  "inputs",      "period", "as_of",
    "hierarchy",   "accounts",     "workloads", "claims_file", "policy", "prices",
    "report_card", "people",       "output",    "plugins",     "email",  NULL,
};
static const char *const inputs_keys[] = {"cur", "facts", "engine", NULL};
static const char *const hierarchy_keys[] = {"levels", NULL};
static const char *const workload_keys[] = {"id", "name", "parent", "map_eligible", "estimate", NULL};
static const char *const estimate_keys[] = {"monthly_usd", "tokens", NULL};
static const char *const token_keys[] = {"input", "output", "cache_read", "cache_write", NULL};
static const char *const output_keys[] = {"dir", NULL};

static const int default_weights[5] = {25, 25, 15, 20, 15};

static void load_inputs(ld *L, yaml_node_t *v) {
  if (fcy_want_map(&L->y, v, "inputs"))
    return;
  fcy_check_keys(&L->y, v, inputs_keys, "inputs");
  yaml_node_t *cur = fcy_opt(&L->y, v, "cur");
  if (cur)
    fcy_string_list(&L->y, cur, "inputs.cur", &L->cfg->cur_inputs, &L->cfg->ncur_inputs, NULL);
  /* query results (fact files) and the engine for CUR files: see facts_in.c, duckdb_src.c */
  yaml_node_t *facts = fcy_opt(&L->y, v, "facts");
  if (facts)
    fcy_string_list(&L->y, facts, "inputs.facts", &L->cfg->facts_inputs, &L->cfg->nfacts_inputs, NULL);
  yaml_node_t *engine = fcy_opt(&L->y, v, "engine");
  const char *e = engine ? fcy_want_text(&L->y, engine, "inputs.engine") : NULL;
  if (e && strcmp(e, "native") != 0 && strcmp(e, "duckdb") != 0)
    fcy_err(&L->y, engine, "inputs.engine: expected native or duckdb, found '%s'", e);
  else if (e)
    L->cfg->cur_engine_duckdb = strcmp(e, "duckdb") == 0;
}

static void load_hierarchy(ld *L, yaml_node_t *v) {
  fc_config *cfg = L->cfg;
  if (fcy_want_map(&L->y, v, "hierarchy"))
    return;
  fcy_check_keys(&L->y, v, hierarchy_keys, "hierarchy");
  yaml_node_t *levels = fcy_req(&L->y, v, "levels", "hierarchy");
  if (!levels || fcy_want_list(&L->y, levels, "hierarchy.levels"))
    return;
  int ok = 1;
  FCY_ITEMS_FOR(it, levels) {
    yaml_node_t *n = fcy_node(&L->y, *it);
    char *s = fcy_want_str(&L->y, n, "hierarchy.levels");
    if (!s) {
      ok = 0;
      continue;
    }
    if (!*s) {
      fcy_err(&L->y, n, "hierarchy.levels: a level name must not be empty");
      ok = 0;
    }
    char **slot = FCY_PUSH(&L->y, cfg->levels, cfg->nlevels);
    if (slot)
      *slot = s;
    else
      free(s);
  }
  if (cfg->nlevels < 2 && ok) {
    fcy_err(&L->y, levels, "hierarchy.levels: needs at least 2 levels, got %zu", cfg->nlevels);
    ok = 0;
  }
  if (ok)
    L->depth = (int)cfg->nlevels - 1;
}

static void load_estimate(ld *L, yaml_node_t *v, fc_cfg_workload *w, const char *where) {
  char what[96];
  snprintf(what, sizeof what, "%s.estimate", where);
  if (fcy_want_map(&L->y, v, what))
    return;
  fcy_check_keys(&L->y, v, estimate_keys, what);
  yaml_node_t *usd = fcy_opt(&L->y, v, "monthly_usd"), *tok = fcy_opt(&L->y, v, "tokens");
  if (usd && tok) {
    fcy_err(&L->y, v, "%s: set exactly one of monthly_usd or tokens, not both", what);
    return;
  }
  if (!usd && !tok) {
    fcy_err(&L->y, v, "%s: set one of monthly_usd or tokens", what);
    return;
  }
  if (usd) {
    snprintf(what, sizeof what, "%s.estimate.monthly_usd", where);
    const char *s = fcy_want_number(&L->y, usd, what);
    if (!s)
      return;
    fc_money m;
    int rc = fc_money_parse(s, strlen(s), &m, NULL);
    if (rc == -2) {
      fcy_err(&L->y, usd, "%s: %s is too large", what, s);
    } else if (rc) {
      fcy_err(&L->y, usd, "%s: '%s' is not a number", what, s);
    } else if (m < 0) {
      fcy_err(&L->y, usd, "%s: must not be negative, got %s", what, s);
    } else {
      w->estimate_kind = FC_ESTIMATE_USD;
      w->estimate_usd = m;
    }
    return;
  }
  snprintf(what, sizeof what, "%s.estimate.tokens", where);
  if (fcy_want_map(&L->y, tok, what))
    return;
  fcy_check_keys(&L->y, tok, token_keys, what);
  int ok = 1;
  for (int i = 0; i < 4; i++) {
    yaml_node_t *t = fcy_opt(&L->y, tok, token_keys[i]);
    char twhat[128];
    snprintf(twhat, sizeof twhat, "%s.%s", what, token_keys[i]);
    if (t && fcy_want_count(&L->y, t, twhat, &w->estimate_tokens[i]))
      ok = 0;
  }
  if (ok)
    w->estimate_kind = FC_ESTIMATE_TOKENS;
}

static void load_workload(ld *L, yaml_node_t *item, size_t index) {
  fc_config *cfg = L->cfg;
  char where[48];
  snprintf(where, sizeof where, "workloads[%zu]", index);
  if (fcy_want_map(&L->y, item, where))
    return;
  fc_cfg_workload *w = FCY_PUSH(&L->y, cfg->workloads, cfg->nworkloads);
  if (!w)
    return;
  size_t wi = cfg->nworkloads - 1;
  w->node = -1;
  w->pos = fcy_pos(item);
  fcy_check_keys(&L->y, item, workload_keys, where);
  char what[96];

  yaml_node_t *v = fcy_req(&L->y, item, "id", where);
  snprintf(what, sizeof what, "%s.id", where);
  if (v && (w->id = fcy_want_str(&L->y, v, what))) {
    if (!id_ok(w->id)) {
      fcy_err(&L->y, v, "%s: '%s' must match [a-z0-9_-]+", what, w->id);
    } else {
      for (size_t j = 0; j < wi; j++)
        if (cfg->workloads[j].id && !strcmp(cfg->workloads[j].id, w->id)) {
          fcy_err(&L->y, v, "duplicate workload id '%s' (first at line %d)", w->id,
                  cfg->workloads[j].pos.line);
          break;
        }
    }
  }

  int name_ok = 0, parent_ok = 0;
  yaml_node_t *name_node = fcy_req(&L->y, item, "name", where);
  snprintf(what, sizeof what, "%s.name", where);
  if (name_node && (w->name = fcy_want_str(&L->y, name_node, what))) {
    const char *why = name_problem(w->name, strlen(w->name));
    if (why)
      fcy_err(&L->y, name_node, "%s: '%s' %s", what, w->name, why);
    else
      name_ok = 1;
  }

  v = fcy_req(&L->y, item, "parent", where);
  snprintf(what, sizeof what, "%s.parent", where);
  if (v && (w->parent = fcy_want_str(&L->y, v, what))) {
    const char *why = NULL;
    int n = path_components(w->parent, &why);
    if (n < 0)
      fcy_err(&L->y, v, "%s: '%s' %s", what, w->parent, why);
    else if (L->depth && n != L->depth)
      fcy_err(&L->y, v,
              "%s: '%s' has %d level%s; a workload's parent needs %d (hierarchy.levels minus the workload)",
              what, w->parent, n, n == 1 ? "" : "s", L->depth);
    else
      parent_ok = 1;
  }

  if (name_ok && parent_ok) {
    w->path = fc_asprintf("%s/%s", w->parent, w->name);
    if (!w->path)
      fcy_oom(&L->y);
    for (size_t j = 0; w->path && j < wi; j++)
      if (cfg->workloads[j].path && !strcmp(cfg->workloads[j].path, w->path)) {
        fcy_err(&L->y, name_node, "workload '%s' has the same path '%s' as workload '%s' (line %d)",
                w->id ? w->id : "?", w->path, cfg->workloads[j].id ? cfg->workloads[j].id : "?",
                cfg->workloads[j].pos.line);
        break;
      }
  }

  v = fcy_opt(&L->y, item, "map_eligible");
  snprintf(what, sizeof what, "%s.map_eligible", where);
  if (v)
    fcy_want_bool(&L->y, v, what, &w->map_eligible);

  v = fcy_opt(&L->y, item, "estimate");
  if (v)
    load_estimate(L, v, w, where);
}

/* Every prefix of every workload path becomes a node; sorted by path_cmp. */
static void build_nodes(ld *L) {
  fc_config *cfg = L->cfg;
  char **paths = NULL;
  size_t n = 0;
  for (size_t i = 0; i < cfg->nworkloads; i++) {
    const char *p = cfg->workloads[i].path;
    if (!p)
      continue;
    for (size_t k = 0;; k++) {
      if (p[k] == '/' || p[k] == '\0') {
        char **slot = FCY_PUSH(&L->y, paths, n);
        if (slot && !(*slot = fc_strndup(p, k))) {
          n--;
          fcy_oom(&L->y);
        }
      }
      if (!p[k])
        break;
    }
  }
  if (n)
    qsort(paths, n, sizeof *paths, path_ptr_cmp);
  for (size_t i = 0; i < n; i++) {
    if (cfg->nnodes && !strcmp(cfg->nodes[cfg->nnodes - 1].path, paths[i])) {
      free(paths[i]);
      continue;
    }
    fc_cfg_node *nd = FCY_PUSH(&L->y, cfg->nodes, cfg->nnodes);
    if (!nd) {
      free(paths[i]);
      continue;
    }
    nd->path = paths[i];
    const char *slash = strrchr(paths[i], '/');
    nd->name = fcy_dup(&L->y, slash ? slash + 1 : paths[i]);
    nd->workload = -1;
    nd->parent = -1;
    for (const char *c = paths[i]; *c; c++)
      nd->level += *c == '/';
  }
  free(paths);
  for (size_t i = 0; i < cfg->nnodes; i++) {
    fc_cfg_node *nd = &cfg->nodes[i];
    const char *slash = strrchr(nd->path, '/');
    if (!slash)
      continue;
    char *pp = fc_strndup(nd->path, (size_t)(slash - nd->path));
    if (!pp) {
      fcy_oom(&L->y);
      continue;
    }
    nd->parent = fc_config_node_find(cfg, pp);
    free(pp);
  }
  for (size_t i = 0; i < cfg->nworkloads; i++) {
    fc_cfg_workload *w = &cfg->workloads[i];
    if (!w->path)
      continue;
    w->node = fc_config_node_find(cfg, w->path);
    if (w->node >= 0 && cfg->nodes[w->node].workload < 0)
      cfg->nodes[w->node].workload = (int)i;
  }
}

static void load_accounts(ld *L, yaml_node_t *v) {
  fc_config *cfg = L->cfg;
  if (fcy_want_map(&L->y, v, "accounts"))
    return;
  fcy_check_keys(&L->y, v, NULL, "accounts");
  FCY_PAIRS_FOR(p, v) {
    yaml_node_t *k = fcy_node(&L->y, p->key), *val = fcy_node(&L->y, p->value);
    if (!k || k->type != YAML_SCALAR_NODE)
      continue;
    const char *acct = fcy_text(k);
    int ok = 1;
    if (!digits_only(acct, 12)) {
      fcy_err(&L->y, k, "accounts: '%s' is not a 12-digit account id", acct);
      ok = 0;
    }
    if (fcy_is_null(val)) {
      fcy_err(&L->y, val, "accounts: account '%s' maps to no node path", acct);
      continue;
    }
    char what[64];
    snprintf(what, sizeof what, "accounts.%.20s", acct);
    char *path = fcy_want_str(&L->y, val, what);
    if (!path)
      continue;
    int node = fc_config_node_find(cfg, path);
    if (node < 0) {
      fcy_err(&L->y, val, "accounts: account '%s' maps to '%s', which is not a node of the hierarchy", acct,
              path);
      ok = 0;
    }
    fc_cfg_account *a = ok ? FCY_PUSH(&L->y, cfg->accounts, cfg->naccounts) : NULL;
    if (!a) {
      free(path);
      continue;
    }
    a->account = fcy_dup(&L->y, acct);
    a->path = path;
    a->node = node;
    a->pos = fcy_pos(k);
  }
}

static void load_plugins(ld *L, yaml_node_t *v) {
  fc_config *cfg = L->cfg;
  if (fcy_want_map(&L->y, v, "plugins"))
    return;
  fcy_check_keys(&L->y, v, NULL, "plugins");
  FCY_PAIRS_FOR(p, v) {
    yaml_node_t *k = fcy_node(&L->y, p->key), *val = fcy_node(&L->y, p->value);
    if (!k || k->type != YAML_SCALAR_NODE)
      continue;
    const char *name = fcy_text(k);
    int ok = *name != '\0';
    for (const char *c = name; *c; c++)
      ok &= (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (!ok) {
      fcy_err(&L->y, k, "plugins: '%s' is not a plugin name ([a-z0-9_]+)", name);
      continue;
    }
    char where[96];
    snprintf(where, sizeof where, "plugins.%s", name);
    if (fcy_is_null(val) || fcy_want_map(&L->y, val, where))
      continue;
    fcy_check_keys(&L->y, val, NULL, where);
    FCY_PAIRS_FOR(q, val) {
      yaml_node_t *ok2 = fcy_node(&L->y, q->key), *ov = fcy_node(&L->y, q->value);
      if (!ok2 || ok2->type != YAML_SCALAR_NODE || fcy_is_null(ov))
        continue;
      if (ov->type != YAML_SCALAR_NODE) {
        fcy_err(&L->y, ov, "%s.%s: expected a single value, got %s", where, fcy_text(ok2), fcy_kind(ov));
        continue;
      }
      fc_cfg_option *o = FCY_PUSH(&L->y, cfg->options, cfg->noptions);
      if (!o)
        continue;
      o->plugin = fcy_dup(&L->y, name);
      o->key = fcy_dup(&L->y, fcy_text(ok2));
      o->value = fcy_dup(&L->y, fcy_text(ov));
    }
  }
}

/* A path value resolved against the config folder. */
static void resolved_path(ld *L, yaml_node_t *v, const char *what, char **out) {
  const char *s = fcy_want_text(&L->y, v, what);
  if (!s)
    return;
  if (!*s) {
    fcy_err(&L->y, v, "%s: an empty path is not allowed", what);
    return;
  }
  char *p = join_dir(L->cfg->dir, s);
  if (!p) {
    fcy_oom(&L->y);
    return;
  }
  free(*out);
  *out = p;
}

static void load_root(ld *L, yaml_node_t *root) {
  fc_config *cfg = L->cfg;
  if (root->type != YAML_MAPPING_NODE) {
    fcy_err(&L->y, root, "the config must be a map of keys, got %s", fcy_kind(root));
    return;
  }
  fcy_check_keys(&L->y, root, top_keys, "the config");

  yaml_node_t *v = fcy_req(&L->y, root, "version", "the config");
  int64_t ver;
  if (v && !fcy_want_int(&L->y, v, "version", &ver)) {
    if (ver != 1)
      fcy_err(&L->y, v, "version: unsupported version %s (this release reads version 1)", fcy_text(v));
    else
      cfg->version = 1;
  }
  if ((v = fcy_opt(&L->y, root, "organization"))) {
    char *s = fcy_want_str(&L->y, v, "organization");
    if (s) {
      free(cfg->organization);
      cfg->organization = s;
    }
  }
  if ((v = fcy_opt(&L->y, root, "currency"))) {
    const char *s = fcy_want_text(&L->y, v, "currency");
    if (s && !(strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' &&
               s[2] <= 'Z'))
      fcy_err(&L->y, v, "currency: '%s' is not a currency code like USD", s);
    else if (s) {
      free(cfg->currency);
      cfg->currency = fcy_dup(&L->y, s);
    }
  }
  if ((v = fcy_opt(&L->y, root, "inputs")))
    load_inputs(L, v);
  if ((v = fcy_opt(&L->y, root, "period"))) {
    const char *s = fcy_want_text(&L->y, v, "period");
    if (s && fc_period_parse(s, &cfg->period))
      fcy_err(&L->y, v, "period: '%s' is not a month (YYYY-MM)", s);
  }
  if ((v = fcy_opt(&L->y, root, "as_of"))) {
    int32_t d;
    if (!fcy_want_date(&L->y, v, "as_of", &d))
      cfg->as_of = d;
  }
  if ((v = fcy_req(&L->y, root, "hierarchy", "the config")))
    load_hierarchy(L, v);
  if ((v = fcy_req(&L->y, root, "workloads", "the config")) && !fcy_want_list(&L->y, v, "workloads")) {
    size_t i = 0;
    FCY_ITEMS_FOR(it, v) { load_workload(L, fcy_node(&L->y, *it), i++); }
  }
  build_nodes(L);
  if ((v = fcy_opt(&L->y, root, "accounts")))
    load_accounts(L, v);
  if ((v = fcy_opt(&L->y, root, "claims_file"))) {
    resolved_path(L, v, "claims_file", &cfg->claims_file);
    cfg->claims_file_line = fcy_line(v);
    cfg->claims_file_col = fcy_col(v);
  }
  if ((v = fcy_opt(&L->y, root, "policy")))
    fc_cfg_load_policy(L, v);
  if ((v = fcy_opt(&L->y, root, "prices"))) {
    resolved_path(L, v, "prices", &cfg->prices_file);
    cfg->prices_line = fcy_line(v);
    cfg->prices_col = fcy_col(v);
  }
  if ((v = fcy_opt(&L->y, root, "report_card")))
    fc_cfg_load_report_card(L, v);
  if ((v = fcy_opt(&L->y, root, "people")) && !fcy_want_list(&L->y, v, "people")) {
    size_t i = 0;
    FCY_ITEMS_FOR(it, v) { fc_cfg_load_person(L, fcy_node(&L->y, *it), i++); }
  }
  if ((v = fcy_opt(&L->y, root, "output"))) {
    if (!fcy_want_map(&L->y, v, "output")) {
      fcy_check_keys(&L->y, v, output_keys, "output");
      yaml_node_t *d = fcy_opt(&L->y, v, "dir");
      if (d)
        resolved_path(L, d, "output.dir", &cfg->output_dir);
    }
  }
  if ((v = fcy_opt(&L->y, root, "plugins")))
    load_plugins(L, v);
}

/* ---------------------------------------------------------------------------------------------
 * Public functions
 * ------------------------------------------------------------------------------------------- */

static fc_status load_config(const char *path, const char *ledger, int ledger_missing_ok, fc_config *out,
                             fc_diags *diags);

fc_status fc_config_load(const char *path, fc_config *out, fc_diags *diags) {
  return load_config(path, NULL, 0, out, diags);
}

fc_status fc_config_load_ledger(const char *path, const char *ledger, fc_config *out, fc_diags *diags) {
  return load_config(path, ledger, 1, out, diags);
}

static fc_status load_config(const char *path, const char *ledger, int ledger_missing_ok, fc_config *out,
                             fc_diags *diags) {
  memset(out, 0, sizeof *out);
  out->as_of = INT32_MIN;
  out->cache_hit_rate_healthy = 0.30;
  memcpy(out->weights, default_weights, sizeof out->weights);
  size_t errors_before = diags->nerrors;
  ld L = {.y = {.file = path, .diags = diags}, .cfg = out};

  out->file = fc_strdup(path);
  out->dir = dir_of(path);
  out->organization = fc_strdup("");
  out->currency = fc_strdup("USD");
  if (!out->file || !out->dir || !out->organization || !out->currency ||
      !(out->claims_file = join_dir(out->dir, "claims.yaml")) ||
      !(out->output_dir = join_dir(out->dir, "out"))) {
    fcy_oom(&L.y);
    return FC_ERR_NOMEM;
  }

  char *text = NULL;
  size_t len = 0;
  if (fc_read_file(path, &text, &len)) {
    int e = errno;
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "cannot read the config file: %s", strerror(e));
    return e == ENOMEM ? FC_ERR_NOMEM : FC_ERR_IO;
  }
  yaml_document_t doc;
  if (fcy_parse(&L.y, text, len, &doc) != 0) {
    free(text);
    return L.y.oom ? FC_ERR_NOMEM : FC_ERR_CONFIG;
  }
  free(text);
  L.y.doc = &doc;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (!root || fcy_is_null(root))
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "the config file is empty");
  else
    load_root(&L, root);
  yaml_document_delete(&doc);
  if (!L.y.oom && fc_names_check(out, diags) < 0) /* every node's report folder can be written */
    fcy_oom(&L.y);

  if (ledger) {
    char *p = fc_strdup(ledger);
    if (!p) {
      fcy_oom(&L.y);
      return FC_ERR_NOMEM;
    }
    free(out->claims_file);
    out->claims_file = p;
  }
  fc_status st = fc_cfg_load_ledger(out, diags, ledger_missing_ok);
  if (L.y.oom || st == FC_ERR_NOMEM)
    return FC_ERR_NOMEM;
  if (st != FC_OK)
    return st;
  return diags->nerrors > errors_before ? FC_ERR_CONFIG : FC_OK;
}

static void free_strv(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

void fc_config_free(fc_config *cfg) {
  if (!cfg)
    return;
  free(cfg->file);
  free(cfg->dir);
  free(cfg->organization);
  free(cfg->currency);
  free_strv(cfg->cur_inputs, cfg->ncur_inputs);
  free_strv(cfg->facts_inputs, cfg->nfacts_inputs);
  free_strv(cfg->levels, cfg->nlevels);
  for (size_t i = 0; i < cfg->naccounts; i++) {
    free(cfg->accounts[i].account);
    free(cfg->accounts[i].path);
  }
  free(cfg->accounts);
  for (size_t i = 0; i < cfg->nworkloads; i++) {
    fc_cfg_workload *w = &cfg->workloads[i];
    free(w->id);
    free(w->name);
    free(w->parent);
    free(w->path);
  }
  free(cfg->workloads);
  for (size_t i = 0; i < cfg->nnodes; i++) {
    free(cfg->nodes[i].name);
    free(cfg->nodes[i].path);
  }
  free(cfg->nodes);
  free(cfg->claims_file);
  for (size_t i = 0; i < cfg->nclaims; i++) {
    fc_cfg_claim *c = &cfg->claims[i];
    free(c->workload_id);
    free(c->arn);
    free(c->account);
    free(c->name);
    free(c->claimed_by);
  }
  free(cfg->claims);
  for (size_t i = 0; i < cfg->npolicy; i++) {
    free(cfg->policy[i].path);
    free_strv(cfg->policy[i].patterns, cfg->policy[i].npatterns);
  }
  free(cfg->policy);
  free(cfg->prices_file);
  for (size_t i = 0; i < cfg->npeople; i++) {
    fc_cfg_person *p = &cfg->people[i];
    free(p->email);
    free(p->name);
    free_strv(p->scope, p->nscope);
    free(p->scope_nodes);
  }
  free(cfg->people);
  free(cfg->output_dir);
  for (size_t i = 0; i < cfg->noptions; i++) {
    free(cfg->options[i].plugin);
    free(cfg->options[i].key);
    free(cfg->options[i].value);
  }
  free(cfg->options);
  memset(cfg, 0, sizeof *cfg);
}

int fc_config_node_find(const fc_config *cfg, const char *path) {
  size_t lo = 0, hi = cfg->nnodes;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = path_cmp(cfg->nodes[mid].path, path);
    if (c == 0)
      return (int)mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

int fc_config_workload_find(const fc_config *cfg, const char *id) {
  for (size_t i = 0; i < cfg->nworkloads; i++)
    if (cfg->workloads[i].id && !strcmp(cfg->workloads[i].id, id))
      return (int)i;
  return -1;
}

int fc_config_account_node(const fc_config *cfg, const char *account) {
  for (size_t i = 0; i < cfg->naccounts; i++)
    if (!strcmp(cfg->accounts[i].account, account))
      return cfg->accounts[i].node;
  return -1;
}

const char *fc_config_option(const fc_config *cfg, const char *plugin, const char *key) {
  for (size_t i = 0; i < cfg->noptions; i++)
    if (!strcmp(cfg->options[i].plugin, plugin) && !strcmp(cfg->options[i].key, key))
      return cfg->options[i].value;
  return NULL;
}

char *fc_config_resolve(const fc_config *cfg, const char *rel) {
  return join_dir(cfg->dir ? cfg->dir : ".", rel);
}
