/* config.c: loads finops.yaml and its claims ledger with libyaml into a validated fc_config. */
#include "config.h"
#include "names.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

/* ---------------------------------------------------------------------------------------------
 * Loader state and diagnostics
 * ------------------------------------------------------------------------------------------- */

typedef struct ld {
  fc_config *cfg;
  fc_diags *diags;
  const char *file; /* file named in diagnostics */
  yaml_document_t *doc;
  int depth; /* components a workload parent must have; 0 when the levels are unknown */
  int oom;
  int pushed; /* the last PUSH succeeded */
} ld;

static int mark_line(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }
static int mark_col(const yaml_node_t *n) { return n ? (int)n->start_mark.column + 1 : 0; }

static fc_pos pos_of(const yaml_node_t *n) {
  fc_pos p = {mark_line(n), mark_col(n)};
  return p;
}

static void err(ld *L, const yaml_node_t *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void err(ld *L, const yaml_node_t *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fc_diags_vadd(L->diags, FC_SEV_ERROR, L->file, mark_line(n), mark_col(n), fmt, ap);
  va_end(ap);
}

static void oom(ld *L) {
  if (!L->oom)
    fc_diags_add(L->diags, FC_SEV_ERROR, L->file, 0, 0, "out of memory");
  L->oom = 1;
}

static char *dup_or_oom(ld *L, const char *s) {
  char *p = fc_strdup(s);
  if (!p)
    oom(L);
  return p;
}

/* Returns arr grown by one zeroed element with *n incremented, or arr unchanged (and L->pushed 0)
 * on out of memory. Used through PUSH, which yields the new element or NULL. */
static void *grown(ld *L, void *arr, size_t *n, size_t elem) {
  char *nv = realloc(arr, (*n + 1) * elem);
  L->pushed = nv != NULL;
  if (!nv) {
    oom(L);
    return arr;
  }
  memset(nv + *n * elem, 0, elem);
  (*n)++;
  return nv;
}
#define PUSH(L, arr, n) ((arr) = grown((L), (arr), &(n), sizeof *(arr)), (L)->pushed ? &(arr)[(n)-1] : NULL)

/* ---------------------------------------------------------------------------------------------
 * Scalars and types. A plain scalar's type follows the YAML 1.2 core schema (null, true/false,
 * integers, decimals); quoted scalars are strings. Fields that want text accept numbers as their
 * written text (account ids, dates) but not booleans or null.
 * ------------------------------------------------------------------------------------------- */

enum { SC_NULL, SC_BOOL, SC_INT, SC_FLOAT, SC_STR };

static const char *stext(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static int is_int_text(const char *s) {
  if (*s == '+' || *s == '-')
    s++;
  if (!*s)
    return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

static int is_float_text(const char *s) {
  int digits = 0;
  if (*s == '+' || *s == '-')
    s++;
  while (*s >= '0' && *s <= '9')
    s++, digits++;
  if (*s == '.') {
    s++;
    while (*s >= '0' && *s <= '9')
      s++, digits++;
  }
  if (!digits)
    return 0;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-')
      s++;
    if (!(*s >= '0' && *s <= '9'))
      return 0;
    while (*s >= '0' && *s <= '9')
      s++;
  }
  return *s == '\0';
}

static int sclass(const yaml_node_t *n) {
  const char *tag = (const char *)n->tag;
  const char *s = stext(n);
  if (tag && strcmp(tag, YAML_STR_TAG) != 0) {
    if (!strcmp(tag, YAML_NULL_TAG))
      return SC_NULL;
    if (!strcmp(tag, YAML_BOOL_TAG))
      return SC_BOOL;
    if (!strcmp(tag, YAML_INT_TAG))
      return SC_INT;
    if (!strcmp(tag, YAML_FLOAT_TAG))
      return SC_FLOAT;
    return SC_STR;
  }
  if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return SC_STR;
  if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
    return SC_NULL;
  if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") || !strcmp(s, "false") ||
      !strcmp(s, "False") || !strcmp(s, "FALSE"))
    return SC_BOOL;
  if (is_int_text(s))
    return SC_INT;
  if (is_float_text(s))
    return SC_FLOAT;
  return SC_STR;
}

static const char *kind_of(const yaml_node_t *n) {
  if (!n)
    return "nothing";
  switch (n->type) {
  case YAML_MAPPING_NODE:
    return "a map";
  case YAML_SEQUENCE_NODE:
    return "a list";
  case YAML_SCALAR_NODE:
    switch (sclass(n)) {
    case SC_NULL:
      return "null";
    case SC_BOOL:
      return "a boolean";
    case SC_INT:
      return "a number";
    case SC_FLOAT:
      return "a decimal number";
    default:
      return "a string";
    }
  default:
    return "nothing";
  }
}

static int is_null(const yaml_node_t *n) { return n->type == YAML_SCALAR_NODE && sclass(n) == SC_NULL; }

static yaml_node_t *node_at(ld *L, int id) { return yaml_document_get_node(L->doc, id); }

#define PAIRS_FOR(p, map)                                                                                    \
  for (yaml_node_pair_t *p = (map)->data.mapping.pairs.start; p < (map)->data.mapping.pairs.top; p++)
#define ITEMS_FOR(it, seq)                                                                                   \
  for (yaml_node_item_t *it = (seq)->data.sequence.items.start; it < (seq)->data.sequence.items.top; it++)

static int in_list(const char *s, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(s, *list))
      return 1;
  return 0;
}

/* Reports non-text, duplicate and (when allowed is not NULL) unknown keys of map. */
static void check_keys(ld *L, yaml_node_t *map, const char *const *allowed, const char *where) {
  PAIRS_FOR(p, map) {
    yaml_node_t *k = node_at(L, p->key);
    if (!k || k->type != YAML_SCALAR_NODE) {
      err(L, k, "%s: a key must be text, not %s", where, kind_of(k));
      continue;
    }
    const char *ks = stext(k);
    if (allowed && !in_list(ks, allowed))
      err(L, k, "unknown key '%s' in %s", ks, where);
    for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
      yaml_node_t *k2 = node_at(L, q->key);
      if (k2 && k2->type == YAML_SCALAR_NODE && !strcmp(stext(k2), ks)) {
        err(L, k, "duplicate key '%s' in %s (first at line %d)", ks, where, mark_line(k2));
        break;
      }
    }
  }
}

/* The value of key in map (first occurrence), or NULL when the key is absent. */
static yaml_node_t *map_get(ld *L, yaml_node_t *map, const char *key) {
  PAIRS_FOR(p, map) {
    yaml_node_t *k = node_at(L, p->key);
    if (k && k->type == YAML_SCALAR_NODE && !strcmp(stext(k), key))
      return node_at(L, p->value);
  }
  return NULL;
}

/* An optional key: NULL when absent or null. */
static yaml_node_t *opt(ld *L, yaml_node_t *map, const char *key) {
  yaml_node_t *v = map_get(L, map, key);
  return v && !is_null(v) ? v : NULL;
}

/* A required key: reports it missing (at the map) or without a value (at the value). */
static yaml_node_t *req(ld *L, yaml_node_t *map, const char *key, const char *where) {
  yaml_node_t *v = map_get(L, map, key);
  if (!v) {
    err(L, map, "missing required key '%s' in %s", key, where);
    return NULL;
  }
  if (is_null(v)) {
    err(L, v, "%s.%s has no value", where, key);
    return NULL;
  }
  return v;
}

static int want_map(ld *L, yaml_node_t *v, const char *what) {
  if (v->type == YAML_MAPPING_NODE)
    return 0;
  err(L, v, "%s: expected a map, got %s", what, kind_of(v));
  return -1;
}

static int want_list(ld *L, yaml_node_t *v, const char *what) {
  if (v->type == YAML_SEQUENCE_NODE)
    return 0;
  err(L, v, "%s: expected a list, got %s", what, kind_of(v));
  return -1;
}

/* Text of a scalar that may stand for a string: any scalar but null and booleans. */
static const char *want_text(ld *L, yaml_node_t *v, const char *what) {
  int c = v->type == YAML_SCALAR_NODE ? sclass(v) : -1;
  if (c < 0 || c == SC_NULL || c == SC_BOOL) {
    err(L, v, "%s: expected a string, got %s", what, kind_of(v));
    return NULL;
  }
  if (strlen(stext(v)) != v->data.scalar.length) {
    err(L, v, "%s: contains a NUL character", what);
    return NULL;
  }
  return stext(v);
}

/* Copy of a string value, or NULL after reporting. */
static char *want_str(ld *L, yaml_node_t *v, const char *what) {
  const char *s = want_text(L, v, what);
  return s ? dup_or_oom(L, s) : NULL;
}

static int want_int(ld *L, yaml_node_t *v, const char *what, int64_t *out) {
  if (v->type != YAML_SCALAR_NODE || sclass(v) != SC_INT) {
    err(L, v, "%s: expected a whole number, got %s", what, kind_of(v));
    return -1;
  }
  errno = 0;
  char *end;
  long long x = strtoll(stext(v), &end, 10);
  if (errno || *end) {
    err(L, v, "%s: '%s' is not a representable whole number", what, stext(v));
    return -1;
  }
  *out = x;
  return 0;
}

static int want_count(ld *L, yaml_node_t *v, const char *what, int64_t *out) {
  if (want_int(L, v, what, out))
    return -1;
  if (*out < 0) {
    err(L, v, "%s: must not be negative, got %s", what, stext(v));
    return -1;
  }
  return 0;
}

/* Text of an integer or decimal number. */
static const char *want_number(ld *L, yaml_node_t *v, const char *what) {
  int c = v->type == YAML_SCALAR_NODE ? sclass(v) : -1;
  if (c != SC_INT && c != SC_FLOAT) {
    err(L, v, "%s: expected a number, got %s", what, kind_of(v));
    return NULL;
  }
  return stext(v);
}

static int want_bool(ld *L, yaml_node_t *v, const char *what, int *out) {
  if (v->type != YAML_SCALAR_NODE || sclass(v) != SC_BOOL) {
    err(L, v, "%s: expected true or false, got %s", what, kind_of(v));
    return -1;
  }
  *out = (stext(v)[0] == 't' || stext(v)[0] == 'T');
  return 0;
}

/* A date "YYYY-MM-DD" (an unquoted date is taken as its text). */
static int want_date(ld *L, yaml_node_t *v, const char *what, int32_t *day) {
  const char *s = want_text(L, v, what);
  if (!s)
    return -1;
  if (fc_date_parse(s, day)) {
    err(L, v, "%s: '%s' is not a date (YYYY-MM-DD)", what, s);
    return -1;
  }
  return 0;
}

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
 * Reading and parsing files
 * ------------------------------------------------------------------------------------------- */

static void report_yaml_error(ld *L, const yaml_parser_t *p, const char *text, size_t len) {
  int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
  if (p->error == YAML_READER_ERROR) {
    /* the reader gives a byte offset only */
    line = 1;
    col = 1;
    for (size_t i = 0; i < p->problem_offset && i < len; i++) {
      if (text[i] == '\n')
        line++, col = 1;
      else
        col++;
    }
  }
  const char *problem = p->problem ? p->problem : "cannot be parsed";
  if (p->error == YAML_MEMORY_ERROR) {
    oom(L);
  } else if (p->context) {
    fc_diags_add(L->diags, FC_SEV_ERROR, L->file, line, col, "YAML syntax error: %s (%s at line %d)", problem,
                 p->context, (int)p->context_mark.line + 1);
  } else {
    fc_diags_add(L->diags, FC_SEV_ERROR, L->file, line, col, "YAML syntax error: %s", problem);
  }
}

/* Parses text into doc (its root is NULL for an empty file). Returns 0, or -1 after reporting a
 * syntax error (doc then holds nothing to free). Later documents in the stream are errors. */
static int parse_yaml(ld *L, const char *text, size_t len, yaml_document_t *doc) {
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    oom(L);
    return -1;
  }
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  if (!yaml_parser_load(&p, doc)) {
    report_yaml_error(L, &p, text, len);
    yaml_parser_delete(&p);
    return -1;
  }
  for (;;) {
    yaml_document_t extra;
    if (!yaml_parser_load(&p, &extra)) {
      report_yaml_error(L, &p, text, len);
      break;
    }
    yaml_node_t *r = yaml_document_get_root_node(&extra);
    if (r)
      err(L, r, "only one YAML document is allowed here");
    yaml_document_delete(&extra);
    if (!r)
      break;
  }
  yaml_parser_delete(&p);
  return 0;
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
static const char *const policy_keys[] = {"approved_models", "cache_hit_rate_healthy", NULL};
static const char *const report_card_keys[] = {"weights", NULL};
static const char *const weight_keys[] = {"attribution", "budget", "cache", "map", "models", NULL};
static const char *const person_keys[] = {"email", "name", "role", "scope", NULL};
static const char *const output_keys[] = {"dir", NULL};
static const char *const claim_keys[] = {"workload",          "iam_role",   "iam_user",
                                         "inference_profile", "from",       "until",
                                         "claimed_by",        "claimed_at", NULL};

static const int default_weights[5] = {25, 25, 15, 20, 15};

/* A list of strings, or a single string taken as a one-element list; appends to *out. */
static void string_list(ld *L, yaml_node_t *v, const char *what, char ***out, size_t *n,
                        yaml_node_t ***nodes) {
  yaml_node_t *one[1] = {v};
  yaml_node_t **items = one;
  size_t count = 1;
  yaml_node_t **tmp = NULL;
  if (v->type == YAML_SEQUENCE_NODE) {
    count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    tmp = calloc(count ? count : 1, sizeof *tmp);
    if (!tmp) {
      oom(L);
      return;
    }
    for (size_t i = 0; i < count; i++)
      tmp[i] = node_at(L, v->data.sequence.items.start[i]);
    items = tmp;
  } else if (v->type != YAML_SCALAR_NODE) {
    err(L, v, "%s: expected a list of strings, got %s", what, kind_of(v));
    return;
  }
  for (size_t i = 0; i < count; i++) {
    char *s = want_str(L, items[i], what);
    if (!s)
      continue;
    if (!*s) {
      err(L, items[i], "%s: an empty string is not allowed", what);
      free(s);
      continue;
    }
    char **slot = PUSH(L, *out, *n);
    if (!slot) {
      free(s);
      continue;
    }
    *slot = s;
    if (nodes) {
      yaml_node_t **ns = realloc(*nodes, *n * sizeof **nodes);
      if (!ns) {
        oom(L);
        free(*nodes);
        *nodes = NULL;
        nodes = NULL; /* stop tracking: the caller falls back to the list's position */
        continue;
      }
      *nodes = ns;
      ns[*n - 1] = items[i];
    }
  }
  free(tmp);
}

static void load_inputs(ld *L, yaml_node_t *v) {
  if (want_map(L, v, "inputs"))
    return;
  check_keys(L, v, inputs_keys, "inputs");
  yaml_node_t *cur = opt(L, v, "cur");
  if (cur)
    string_list(L, cur, "inputs.cur", &L->cfg->cur_inputs, &L->cfg->ncur_inputs, NULL);
  /* query results (fact files) and the engine for CUR files: see facts_in.c, duckdb_src.c */
  yaml_node_t *facts = opt(L, v, "facts");
  if (facts)
    string_list(L, facts, "inputs.facts", &L->cfg->facts_inputs, &L->cfg->nfacts_inputs, NULL);
  yaml_node_t *engine = opt(L, v, "engine");
  const char *e = engine ? want_text(L, engine, "inputs.engine") : NULL;
  if (e && strcmp(e, "native") != 0 && strcmp(e, "duckdb") != 0)
    err(L, engine, "inputs.engine: expected native or duckdb, found '%s'", e);
  else if (e)
    L->cfg->cur_engine_duckdb = strcmp(e, "duckdb") == 0;
}

static void load_hierarchy(ld *L, yaml_node_t *v) {
  fc_config *cfg = L->cfg;
  if (want_map(L, v, "hierarchy"))
    return;
  check_keys(L, v, hierarchy_keys, "hierarchy");
  yaml_node_t *levels = req(L, v, "levels", "hierarchy");
  if (!levels || want_list(L, levels, "hierarchy.levels"))
    return;
  int ok = 1;
  ITEMS_FOR(it, levels) {
    yaml_node_t *n = node_at(L, *it);
    char *s = want_str(L, n, "hierarchy.levels");
    if (!s) {
      ok = 0;
      continue;
    }
    if (!*s) {
      err(L, n, "hierarchy.levels: a level name must not be empty");
      ok = 0;
    }
    char **slot = PUSH(L, cfg->levels, cfg->nlevels);
    if (slot)
      *slot = s;
    else
      free(s);
  }
  if (cfg->nlevels < 2 && ok) {
    err(L, levels, "hierarchy.levels: needs at least 2 levels, got %zu", cfg->nlevels);
    ok = 0;
  }
  if (ok)
    L->depth = (int)cfg->nlevels - 1;
}

static void load_estimate(ld *L, yaml_node_t *v, fc_cfg_workload *w, const char *where) {
  char what[96];
  snprintf(what, sizeof what, "%s.estimate", where);
  if (want_map(L, v, what))
    return;
  check_keys(L, v, estimate_keys, what);
  yaml_node_t *usd = opt(L, v, "monthly_usd"), *tok = opt(L, v, "tokens");
  if (usd && tok) {
    err(L, v, "%s: set exactly one of monthly_usd or tokens, not both", what);
    return;
  }
  if (!usd && !tok) {
    err(L, v, "%s: set one of monthly_usd or tokens", what);
    return;
  }
  if (usd) {
    snprintf(what, sizeof what, "%s.estimate.monthly_usd", where);
    const char *s = want_number(L, usd, what);
    if (!s)
      return;
    fc_money m;
    int rc = fc_money_parse(s, strlen(s), &m, NULL);
    if (rc == -2) {
      err(L, usd, "%s: %s is too large", what, s);
    } else if (rc) {
      err(L, usd, "%s: '%s' is not a number", what, s);
    } else if (m < 0) {
      err(L, usd, "%s: must not be negative, got %s", what, s);
    } else {
      w->estimate_kind = FC_ESTIMATE_USD;
      w->estimate_usd = m;
    }
    return;
  }
  snprintf(what, sizeof what, "%s.estimate.tokens", where);
  if (want_map(L, tok, what))
    return;
  check_keys(L, tok, token_keys, what);
  int ok = 1;
  for (int i = 0; i < 4; i++) {
    yaml_node_t *t = opt(L, tok, token_keys[i]);
    char twhat[128];
    snprintf(twhat, sizeof twhat, "%s.%s", what, token_keys[i]);
    if (t && want_count(L, t, twhat, &w->estimate_tokens[i]))
      ok = 0;
  }
  if (ok)
    w->estimate_kind = FC_ESTIMATE_TOKENS;
}

static void load_workload(ld *L, yaml_node_t *item, size_t index) {
  fc_config *cfg = L->cfg;
  char where[48];
  snprintf(where, sizeof where, "workloads[%zu]", index);
  if (want_map(L, item, where))
    return;
  fc_cfg_workload *w = PUSH(L, cfg->workloads, cfg->nworkloads);
  if (!w)
    return;
  size_t wi = cfg->nworkloads - 1;
  w->node = -1;
  w->pos = pos_of(item);
  check_keys(L, item, workload_keys, where);
  char what[96];

  yaml_node_t *v = req(L, item, "id", where);
  snprintf(what, sizeof what, "%s.id", where);
  if (v && (w->id = want_str(L, v, what))) {
    if (!id_ok(w->id)) {
      err(L, v, "%s: '%s' must match [a-z0-9_-]+", what, w->id);
    } else {
      for (size_t j = 0; j < wi; j++)
        if (cfg->workloads[j].id && !strcmp(cfg->workloads[j].id, w->id)) {
          err(L, v, "duplicate workload id '%s' (first at line %d)", w->id, cfg->workloads[j].pos.line);
          break;
        }
    }
  }

  int name_ok = 0, parent_ok = 0;
  yaml_node_t *name_node = req(L, item, "name", where);
  snprintf(what, sizeof what, "%s.name", where);
  if (name_node && (w->name = want_str(L, name_node, what))) {
    const char *why = name_problem(w->name, strlen(w->name));
    if (why)
      err(L, name_node, "%s: '%s' %s", what, w->name, why);
    else
      name_ok = 1;
  }

  v = req(L, item, "parent", where);
  snprintf(what, sizeof what, "%s.parent", where);
  if (v && (w->parent = want_str(L, v, what))) {
    const char *why = NULL;
    int n = path_components(w->parent, &why);
    if (n < 0)
      err(L, v, "%s: '%s' %s", what, w->parent, why);
    else if (L->depth && n != L->depth)
      err(L, v, "%s: '%s' has %d level%s; a workload's parent needs %d (hierarchy.levels minus the workload)",
          what, w->parent, n, n == 1 ? "" : "s", L->depth);
    else
      parent_ok = 1;
  }

  if (name_ok && parent_ok) {
    w->path = fc_asprintf("%s/%s", w->parent, w->name);
    if (!w->path)
      oom(L);
    for (size_t j = 0; w->path && j < wi; j++)
      if (cfg->workloads[j].path && !strcmp(cfg->workloads[j].path, w->path)) {
        err(L, name_node, "workload '%s' has the same path '%s' as workload '%s' (line %d)",
            w->id ? w->id : "?", w->path, cfg->workloads[j].id ? cfg->workloads[j].id : "?",
            cfg->workloads[j].pos.line);
        break;
      }
  }

  v = opt(L, item, "map_eligible");
  snprintf(what, sizeof what, "%s.map_eligible", where);
  if (v)
    want_bool(L, v, what, &w->map_eligible);

  v = opt(L, item, "estimate");
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
        char **slot = PUSH(L, paths, n);
        if (slot && !(*slot = fc_strndup(p, k))) {
          n--;
          oom(L);
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
    fc_cfg_node *nd = PUSH(L, cfg->nodes, cfg->nnodes);
    if (!nd) {
      free(paths[i]);
      continue;
    }
    nd->path = paths[i];
    const char *slash = strrchr(paths[i], '/');
    nd->name = dup_or_oom(L, slash ? slash + 1 : paths[i]);
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
      oom(L);
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
  if (want_map(L, v, "accounts"))
    return;
  check_keys(L, v, NULL, "accounts");
  PAIRS_FOR(p, v) {
    yaml_node_t *k = node_at(L, p->key), *val = node_at(L, p->value);
    if (!k || k->type != YAML_SCALAR_NODE)
      continue;
    const char *acct = stext(k);
    int ok = 1;
    if (!digits_only(acct, 12)) {
      err(L, k, "accounts: '%s' is not a 12-digit account id", acct);
      ok = 0;
    }
    if (is_null(val)) {
      err(L, val, "accounts: account '%s' maps to no node path", acct);
      continue;
    }
    char what[64];
    snprintf(what, sizeof what, "accounts.%.20s", acct);
    char *path = want_str(L, val, what);
    if (!path)
      continue;
    int node = fc_config_node_find(cfg, path);
    if (node < 0) {
      err(L, val, "accounts: account '%s' maps to '%s', which is not a node of the hierarchy", acct, path);
      ok = 0;
    }
    fc_cfg_account *a = ok ? PUSH(L, cfg->accounts, cfg->naccounts) : NULL;
    if (!a) {
      free(path);
      continue;
    }
    a->account = dup_or_oom(L, acct);
    a->path = path;
    a->node = node;
    a->pos = pos_of(k);
  }
}

static void load_policy(ld *L, yaml_node_t *v) {
  fc_config *cfg = L->cfg;
  if (want_map(L, v, "policy"))
    return;
  check_keys(L, v, policy_keys, "policy");
  yaml_node_t *am = opt(L, v, "approved_models");
  if (am && !want_map(L, am, "policy.approved_models")) {
    check_keys(L, am, NULL, "policy.approved_models");
    PAIRS_FOR(p, am) {
      yaml_node_t *k = node_at(L, p->key), *val = node_at(L, p->value);
      if (!k || k->type != YAML_SCALAR_NODE)
        continue;
      const char *path = stext(k);
      int node = -1;
      if (strcmp(path, "*") != 0 && (node = fc_config_node_find(cfg, path)) < 0) {
        err(L, k, "policy.approved_models: '%s' is not a node of the hierarchy (nor \"*\")", path);
        continue;
      }
      fc_cfg_policy *pol = PUSH(L, cfg->policy, cfg->npolicy);
      if (!pol)
        continue;
      pol->path = dup_or_oom(L, path);
      pol->node = node;
      pol->pos = pos_of(k);
      if (is_null(val)) {
        err(L, val, "policy.approved_models: '%s' has no model patterns", path);
        continue;
      }
      string_list(L, val, "policy.approved_models", &pol->patterns, &pol->npatterns, NULL);
    }
  }
  yaml_node_t *ch = opt(L, v, "cache_hit_rate_healthy");
  if (ch) {
    const char *s = want_number(L, ch, "policy.cache_hit_rate_healthy");
    if (s) {
      double d = strtod(s, NULL);
      if (!(d >= 0.0 && d <= 1.0))
        err(L, ch, "policy.cache_hit_rate_healthy: must be between 0 and 1, got %s", s);
      else
        cfg->cache_hit_rate_healthy = d;
    }
  }
}

static void load_report_card(ld *L, yaml_node_t *v) {
  if (want_map(L, v, "report_card"))
    return;
  check_keys(L, v, report_card_keys, "report_card");
  yaml_node_t *w = opt(L, v, "weights");
  if (!w || want_map(L, w, "report_card.weights"))
    return;
  check_keys(L, w, weight_keys, "report_card.weights");
  for (int i = 0; i < 5; i++) {
    yaml_node_t *x = opt(L, w, weight_keys[i]);
    char what[64];
    snprintf(what, sizeof what, "report_card.weights.%s", weight_keys[i]);
    int64_t n;
    if (!x || want_count(L, x, what, &n))
      continue;
    if (n > 1000000)
      err(L, x, "%s: %s is too large (at most 1000000)", what, stext(x));
    else
      L->cfg->weights[i] = (int)n;
  }
}

static int role_parse(const char *s, fc_role *r) {
  for (int i = 0; i < FC_ROLE_COUNT; i++)
    if (!strcmp(s, fc_role_name((fc_role)i))) {
      *r = (fc_role)i;
      return 0;
    }
  return -1;
}

static void load_person(ld *L, yaml_node_t *item, size_t index) {
  fc_config *cfg = L->cfg;
  char where[48], what[80];
  snprintf(where, sizeof where, "people[%zu]", index);
  if (want_map(L, item, where))
    return;
  fc_cfg_person *pp = PUSH(L, cfg->people, cfg->npeople);
  if (!pp)
    return;
  size_t pi = cfg->npeople - 1;
  pp->pos = pos_of(item);
  pp->role = FC_ROLE_COUNT;
  check_keys(L, item, person_keys, where);

  yaml_node_t *v = req(L, item, "email", where);
  snprintf(what, sizeof what, "%s.email", where);
  if (v && (pp->email = want_str(L, v, what))) {
    const char *at = strchr(pp->email, '@');
    if (!at || at == pp->email || !at[1]) {
      err(L, v, "%s: '%s' is not an email address", what, pp->email);
    } else {
      for (size_t j = 0; j < pi; j++)
        if (cfg->people[j].email && !strcasecmp(cfg->people[j].email, pp->email)) {
          err(L, v, "duplicate person '%s' (first at line %d)", pp->email, cfg->people[j].pos.line);
          break;
        }
    }
  }

  v = opt(L, item, "name");
  snprintf(what, sizeof what, "%s.name", where);
  if (v)
    pp->name = want_str(L, v, what);
  if (!pp->name && pp->email)
    pp->name = dup_or_oom(L, pp->email);

  v = req(L, item, "role", where);
  snprintf(what, sizeof what, "%s.role", where);
  const char *rs = v ? want_text(L, v, what) : NULL;
  if (rs && role_parse(rs, &pp->role))
    err(L, v, "%s: unknown role '%s' (finops_leader, portfolio_manager, product_owner or cloud_engineer)",
        what, rs);

  /* A scope entry is a node path, or "*" for the whole organisation (stored as node -1). */
  v = req(L, item, "scope", where);
  snprintf(what, sizeof what, "%s.scope", where);
  if (!v)
    return;
  yaml_node_t **nodes = NULL;
  string_list(L, v, what, &pp->scope, &pp->nscope, &nodes);
  if (pp->nscope && !(pp->scope_nodes = calloc(pp->nscope, sizeof *pp->scope_nodes)))
    oom(L);
  for (size_t i = 0; pp->scope_nodes && i < pp->nscope; i++) {
    pp->scope_nodes[i] = -1;
    if (!strcmp(pp->scope[i], "*"))
      continue;
    pp->scope_nodes[i] = fc_config_node_find(cfg, pp->scope[i]);
    if (pp->scope_nodes[i] < 0)
      err(L, nodes ? nodes[i] : v, "%s: '%s' is not a node of the hierarchy", what, pp->scope[i]);
  }
  free(nodes);
  if (v->type == YAML_SEQUENCE_NODE && v->data.sequence.items.top == v->data.sequence.items.start)
    err(L, v, "%s: is empty; list node paths, or \"*\" for the whole organisation", what);
}

static void load_plugins(ld *L, yaml_node_t *v) {
  fc_config *cfg = L->cfg;
  if (want_map(L, v, "plugins"))
    return;
  check_keys(L, v, NULL, "plugins");
  PAIRS_FOR(p, v) {
    yaml_node_t *k = node_at(L, p->key), *val = node_at(L, p->value);
    if (!k || k->type != YAML_SCALAR_NODE)
      continue;
    const char *name = stext(k);
    int ok = *name != '\0';
    for (const char *c = name; *c; c++)
      ok &= (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (!ok) {
      err(L, k, "plugins: '%s' is not a plugin name ([a-z0-9_]+)", name);
      continue;
    }
    char where[96];
    snprintf(where, sizeof where, "plugins.%s", name);
    if (is_null(val) || want_map(L, val, where))
      continue;
    check_keys(L, val, NULL, where);
    PAIRS_FOR(q, val) {
      yaml_node_t *ok2 = node_at(L, q->key), *ov = node_at(L, q->value);
      if (!ok2 || ok2->type != YAML_SCALAR_NODE || is_null(ov))
        continue;
      if (ov->type != YAML_SCALAR_NODE) {
        err(L, ov, "%s.%s: expected a single value, got %s", where, stext(ok2), kind_of(ov));
        continue;
      }
      fc_cfg_option *o = PUSH(L, cfg->options, cfg->noptions);
      if (!o)
        continue;
      o->plugin = dup_or_oom(L, name);
      o->key = dup_or_oom(L, stext(ok2));
      o->value = dup_or_oom(L, stext(ov));
    }
  }
}

/* A path value resolved against the config folder. */
static void resolved_path(ld *L, yaml_node_t *v, const char *what, char **out) {
  const char *s = want_text(L, v, what);
  if (!s)
    return;
  if (!*s) {
    err(L, v, "%s: an empty path is not allowed", what);
    return;
  }
  char *p = join_dir(L->cfg->dir, s);
  if (!p) {
    oom(L);
    return;
  }
  free(*out);
  *out = p;
}

static void load_root(ld *L, yaml_node_t *root) {
  fc_config *cfg = L->cfg;
  if (root->type != YAML_MAPPING_NODE) {
    err(L, root, "the config must be a map of keys, got %s", kind_of(root));
    return;
  }
  check_keys(L, root, top_keys, "the config");

  yaml_node_t *v = req(L, root, "version", "the config");
  int64_t ver;
  if (v && !want_int(L, v, "version", &ver)) {
    if (ver != 1)
      err(L, v, "version: unsupported version %s (this release reads version 1)", stext(v));
    else
      cfg->version = 1;
  }
  if ((v = opt(L, root, "organization"))) {
    char *s = want_str(L, v, "organization");
    if (s) {
      free(cfg->organization);
      cfg->organization = s;
    }
  }
  if ((v = opt(L, root, "currency"))) {
    const char *s = want_text(L, v, "currency");
    if (s && !(strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' &&
               s[2] <= 'Z'))
      err(L, v, "currency: '%s' is not a currency code like USD", s);
    else if (s) {
      free(cfg->currency);
      cfg->currency = dup_or_oom(L, s);
    }
  }
  if ((v = opt(L, root, "inputs")))
    load_inputs(L, v);
  if ((v = opt(L, root, "period"))) {
    const char *s = want_text(L, v, "period");
    if (s && fc_period_parse(s, &cfg->period))
      err(L, v, "period: '%s' is not a month (YYYY-MM)", s);
  }
  if ((v = opt(L, root, "as_of"))) {
    int32_t d;
    if (!want_date(L, v, "as_of", &d))
      cfg->as_of = d;
  }
  if ((v = req(L, root, "hierarchy", "the config")))
    load_hierarchy(L, v);
  if ((v = req(L, root, "workloads", "the config")) && !want_list(L, v, "workloads")) {
    size_t i = 0;
    ITEMS_FOR(it, v) { load_workload(L, node_at(L, *it), i++); }
  }
  build_nodes(L);
  if ((v = opt(L, root, "accounts")))
    load_accounts(L, v);
  if ((v = opt(L, root, "claims_file"))) {
    resolved_path(L, v, "claims_file", &cfg->claims_file);
    cfg->claims_file_line = mark_line(v);
    cfg->claims_file_col = mark_col(v);
  }
  if ((v = opt(L, root, "policy")))
    load_policy(L, v);
  if ((v = opt(L, root, "prices"))) {
    resolved_path(L, v, "prices", &cfg->prices_file);
    cfg->prices_line = mark_line(v);
    cfg->prices_col = mark_col(v);
  }
  if ((v = opt(L, root, "report_card")))
    load_report_card(L, v);
  if ((v = opt(L, root, "people")) && !want_list(L, v, "people")) {
    size_t i = 0;
    ITEMS_FOR(it, v) { load_person(L, node_at(L, *it), i++); }
  }
  if ((v = opt(L, root, "output"))) {
    if (!want_map(L, v, "output")) {
      check_keys(L, v, output_keys, "output");
      yaml_node_t *d = opt(L, v, "dir");
      if (d)
        resolved_path(L, d, "output.dir", &cfg->output_dir);
    }
  }
  if ((v = opt(L, root, "plugins")))
    load_plugins(L, v);
}

/* ---------------------------------------------------------------------------------------------
 * The claims ledger
 * ------------------------------------------------------------------------------------------- */

static const char *claim_kind_word(fc_claim_kind k) {
  switch (k) {
  case FC_CLAIM_ROLE:
    return "role";
  case FC_CLAIM_USER:
    return "IAM user";
  case FC_CLAIM_PROFILE:
    return "inference profile";
  }
  return "?";
}

static void load_claim(ld *L, yaml_node_t *item, size_t index) {
  fc_config *cfg = L->cfg;
  char where[48], what[96];
  snprintf(where, sizeof where, "claims[%zu]", index);
  if (want_map(L, item, where))
    return;
  fc_cfg_claim *c = PUSH(L, cfg->claims, cfg->nclaims);
  if (!c)
    return;
  c->workload = -1;
  c->from_day = INT32_MIN;
  c->until_day = INT32_MAX;
  c->claimed_at = -1;
  c->pos = pos_of(item);
  check_keys(L, item, claim_keys, where);

  yaml_node_t *v = req(L, item, "workload", where);
  snprintf(what, sizeof what, "%s.workload", where);
  if (v && (c->workload_id = want_str(L, v, what))) {
    c->workload = fc_config_workload_find(cfg, c->workload_id);
    if (c->workload < 0)
      err(L, v, "%s: the claim names no configured workload '%s'", what, c->workload_id);
  }

  static const char *const arn_keys[3] = {"iam_role", "iam_user", "inference_profile"};
  static const fc_claim_kind arn_kinds[3] = {FC_CLAIM_ROLE, FC_CLAIM_USER, FC_CLAIM_PROFILE};
  yaml_node_t *arn_node = NULL;
  int arn_key = -1;
  for (int i = 0; i < 3; i++) {
    yaml_node_t *a = opt(L, item, arn_keys[i]);
    if (!a)
      continue;
    if (arn_node) {
      err(L, a, "%s: set only one of iam_role, iam_user or inference_profile (also has %s)", where,
          arn_keys[arn_key]);
      continue;
    }
    arn_node = a;
    arn_key = i;
  }
  if (!arn_node) {
    err(L, item, "%s: set one of iam_role, iam_user or inference_profile", where);
  } else {
    snprintf(what, sizeof what, "%s.%s", where, arn_keys[arn_key]);
    if ((c->arn = want_str(L, arn_node, what))) {
      const char *why = NULL;
      fc_claim_kind kind;
      char *acct = NULL, *name = NULL;
      if (fc_arn_parse_claim(c->arn, &kind, &acct, &name, &why)) {
        if (strcmp(why, "out of memory") == 0)
          oom(L);
        else
          err(L, arn_node, "%s: '%s' %s", what, c->arn, why);
      } else if (kind != arn_kinds[arn_key]) {
        err(L, arn_node, "%s: '%s' is %s %s ARN, not what %s takes", what, c->arn,
            kind == FC_CLAIM_ROLE ? "a" : "an", claim_kind_word(kind), arn_keys[arn_key]);
        free(acct);
        free(name);
      } else {
        c->kind = kind;
        c->account = acct;
        c->name = name;
      }
    }
  }

  v = req(L, item, "from", where);
  snprintf(what, sizeof what, "%s.from", where);
  int32_t d;
  if (v && !want_date(L, v, what, &d))
    c->from_day = d;
  v = opt(L, item, "until");
  snprintf(what, sizeof what, "%s.until", where);
  if (v && !want_date(L, v, what, &d)) {
    c->until_day = d;
    if (c->from_day != INT32_MIN && d < c->from_day) {
      char a[11], b[11];
      err(L, v, "%s: %s is before from (%s)", what, fc_date_format(d, a), fc_date_format(c->from_day, b));
    }
  }
  v = opt(L, item, "claimed_by");
  snprintf(what, sizeof what, "%s.claimed_by", where);
  if (v)
    c->claimed_by = want_str(L, v, what);
  v = opt(L, item, "claimed_at");
  snprintf(what, sizeof what, "%s.claimed_at", where);
  if (v && !want_date(L, v, what, &d))
    c->claimed_at = d;
}

/* Loads the ledger; a missing file is an empty ledger. Returns FC_ERR_IO when it cannot be read. */
static fc_status load_ledger(fc_config *cfg, fc_diags *diags, int missing_ok) {
  ld L = {.cfg = cfg, .diags = diags, .file = cfg->claims_file};
  char *text = NULL;
  size_t len = 0;
  if (fc_read_file(cfg->claims_file, &text, &len)) {
    if (errno == ENOENT && (missing_ok || !cfg->claims_file_line))
      return FC_OK;
    if (errno == ENOENT) { /* named in the config: a misspelt name must not mean "no claims" */
      fc_diags_add(diags, FC_SEV_ERROR, cfg->file, cfg->claims_file_line, cfg->claims_file_col,
                   "claims_file: '%s' does not exist (without claims_file, a missing claims.yaml beside the "
                   "config is an empty ledger)",
                   cfg->claims_file);
      return FC_ERR_CONFIG;
    }
    int e = errno;
    fc_diags_add(diags, FC_SEV_ERROR, cfg->claims_file, 0, 0, "cannot read the claims ledger: %s",
                 strerror(e));
    return e == ENOMEM ? FC_ERR_NOMEM : FC_ERR_IO;
  }
  yaml_document_t doc;
  if (parse_yaml(&L, text, len, &doc) == 0) {
    L.doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && !is_null(root)) {
      if (root->type != YAML_SEQUENCE_NODE) {
        err(&L, root, "the claims ledger must be a list of claims, got %s", kind_of(root));
      } else {
        size_t i = 0;
        ITEMS_FOR(it, root) { load_claim(&L, node_at(&L, *it), i++); }
      }
    }
    yaml_document_delete(&doc);
  }
  free(text);
  fc_claims_check_overlaps(cfg, diags);
  return L.oom ? FC_ERR_NOMEM : FC_OK;
}

/* A claim with everything needed to compare it: parsed ARN, workload, a valid day range. */
static int claim_comparable(const fc_cfg_claim *c) {
  return c->account && c->name && c->workload_id && c->from_day != INT32_MIN && c->until_day >= c->from_day;
}

int fc_claims_overlap(const fc_cfg_claim *a, const fc_cfg_claim *b) {
  if (!claim_comparable(a) || !claim_comparable(b))
    return 0;
  if (a->kind != b->kind || strcmp(a->account, b->account) != 0 || strcmp(a->name, b->name) != 0)
    return 0;
  return !(a->until_day < b->from_day || b->until_day < a->from_day);
}

const char *fc_claim_kind_word(fc_claim_kind k) { return claim_kind_word(k); }

void fc_claims_check_overlaps(const fc_config *cfg, fc_diags *diags) {
  for (size_t j = 1; j < cfg->nclaims; j++) {
    const fc_cfg_claim *b = &cfg->claims[j];
    for (size_t i = 0; i < j; i++) {
      const fc_cfg_claim *a = &cfg->claims[i];
      if (!fc_claims_overlap(a, b))
        continue;
      char af[11], au[11], bf[11], bu[11];
      fc_date_format(a->from_day, af);
      fc_date_format(b->from_day, bf);
      if (a->until_day == INT32_MAX)
        strcpy(au, "open");
      else
        fc_date_format(a->until_day, au);
      if (b->until_day == INT32_MAX)
        strcpy(bu, "open");
      else
        fc_date_format(b->until_day, bu);
      fc_diags_add(
          diags, FC_SEV_ERROR, cfg->claims_file, b->pos.line, b->pos.col,
          "claim of %s '%s' in account %s for workload '%s' (%s to %s) overlaps the claim at line %d "
          "for workload '%s' (%s to %s)",
          claim_kind_word(b->kind), b->name, b->account, b->workload_id, bf, bu, a->pos.line, a->workload_id,
          af, au);
      break;
    }
  }
}

/* ---------------------------------------------------------------------------------------------
 * Public functions
 * ------------------------------------------------------------------------------------------- */

const char *fc_role_name(fc_role r) {
  static const char *const names[FC_ROLE_COUNT] = {"finops_leader", "portfolio_manager", "product_owner",
                                                   "cloud_engineer"};
  return (int)r >= 0 && r < FC_ROLE_COUNT ? names[r] : NULL;
}

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
  ld L = {.cfg = out, .diags = diags, .file = path};

  out->file = fc_strdup(path);
  out->dir = dir_of(path);
  out->organization = fc_strdup("");
  out->currency = fc_strdup("USD");
  if (!out->file || !out->dir || !out->organization || !out->currency ||
      !(out->claims_file = join_dir(out->dir, "claims.yaml")) ||
      !(out->output_dir = join_dir(out->dir, "out"))) {
    oom(&L);
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
  if (parse_yaml(&L, text, len, &doc) != 0) {
    free(text);
    return L.oom ? FC_ERR_NOMEM : FC_ERR_CONFIG;
  }
  free(text);
  L.doc = &doc;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (!root || is_null(root))
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "the config file is empty");
  else
    load_root(&L, root);
  yaml_document_delete(&doc);
  if (!L.oom && fc_names_check(out, diags) < 0) /* every node's report folder can be written */
    oom(&L);

  if (ledger) {
    char *p = fc_strdup(ledger);
    if (!p) {
      oom(&L);
      return FC_ERR_NOMEM;
    }
    free(out->claims_file);
    out->claims_file = p;
  }
  fc_status st = load_ledger(out, diags, ledger_missing_ok);
  if (L.oom || st == FC_ERR_NOMEM)
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

/* ---------------------------------------------------------------------------------------------
 * ARNs
 * ------------------------------------------------------------------------------------------- */

static int iam_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("+=,.@_-", c);
}

int fc_arn_parse_claim(const char *arn, fc_claim_kind *kind, char **account, char **name, const char **why) {
  const char *f[4];
  size_t fl[4];
  const char *dummy;
  if (!why)
    why = &dummy;
  *account = NULL;
  *name = NULL;
  if (!arn || strncmp(arn, "arn:", 4) != 0) {
    *why = "is not an ARN (it must start with 'arn:')";
    return -1;
  }
  const char *p = arn + 4;
  for (int i = 0; i < 4; i++) {
    const char *q = strchr(p, ':');
    if (!q) {
      *why = "is not an ARN (too few ':'-separated parts)";
      return -1;
    }
    f[i] = p;
    fl[i] = (size_t)(q - p);
    p = q + 1;
  }
  const char *res = p;
#define FIELD_IS(i, s) (fl[i] == strlen(s) && memcmp(f[i], s, fl[i]) == 0)
  if (!FIELD_IS(0, "aws") && !FIELD_IS(0, "aws-us-gov") && !FIELD_IS(0, "aws-cn")) {
    *why = "has an unknown partition (aws, aws-us-gov or aws-cn)";
    return -1;
  }
  fc_claim_kind k;
  const char *id;
  size_t idlen;
  if (FIELD_IS(1, "iam")) {
    if (fl[2] != 0) {
      *why = "is an IAM ARN with a region (IAM ARNs have none)";
      return -1;
    }
    if (!strncmp(res, "role/", 5)) {
      k = FC_CLAIM_ROLE;
      res += 5;
    } else if (!strncmp(res, "user/", 5)) {
      k = FC_CLAIM_USER;
      res += 5;
    } else {
      *why = "is an IAM ARN that names neither a role nor a user";
      return -1;
    }
    /* [path/]NAME: every path part non-empty and printable; the name in IAM's character set */
    const char *last = strrchr(res, '/');
    for (const char *c = res; last && c < last; c++) {
      if ((*c == '/' && (c == res || c[-1] == '/')) || (unsigned char)*c <= 0x20 ||
          (unsigned char)*c >= 0x7f) {
        *why = "has an invalid IAM path";
        return -1;
      }
    }
    if (last && (last == res || last[-1] == '/')) {
      *why = "has an invalid IAM path";
      return -1;
    }
    id = last ? last + 1 : res;
    idlen = strlen(id);
    if (idlen == 0 || idlen > 64) {
      *why =
          k == FC_CLAIM_ROLE ? "has an empty or over-long role name" : "has an empty or over-long user name";
      return -1;
    }
    for (size_t i = 0; i < idlen; i++)
      if (!iam_name_char(id[i])) {
        *why = k == FC_CLAIM_ROLE ? "has an invalid character in the role name"
                                  : "has an invalid character in the user name";
        return -1;
      }
  } else if (FIELD_IS(1, "sts")) {
    *why = "is an assumed-role session ARN; claim the role itself (arn:aws:iam::ACCOUNT:role/NAME)";
    return -1;
  } else if (FIELD_IS(1, "bedrock")) {
    if (fl[2] == 0) {
      *why = "is a Bedrock ARN without a region";
      return -1;
    }
    for (size_t i = 0; i < fl[2]; i++)
      if (!((f[2][i] >= 'a' && f[2][i] <= 'z') || (f[2][i] >= '0' && f[2][i] <= '9') || f[2][i] == '-')) {
        *why = "has an invalid region";
        return -1;
      }
    if (!strncmp(res, "inference-profile/", 18)) {
      *why = "is a system inference profile, which cannot be claimed; claim an application inference profile";
      return -1;
    }
    if (strncmp(res, "application-inference-profile/", 30) != 0) {
      *why = "is a Bedrock ARN that is not an application inference profile";
      return -1;
    }
    k = FC_CLAIM_PROFILE;
    id = res + 30;
    idlen = strlen(id);
    int ok = idlen > 0;
    for (size_t i = 0; i < idlen; i++)
      ok &=
          (id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9');
    if (!ok) {
      *why = "has an invalid application inference profile id";
      return -1;
    }
  } else {
    *why = "is not an IAM role, IAM user or application inference profile ARN";
    return -1;
  }
#undef FIELD_IS
  int acct_ok = fl[3] == 12;
  for (size_t i = 0; i < fl[3]; i++)
    acct_ok &= f[3][i] >= '0' && f[3][i] <= '9';
  if (!acct_ok) {
    *why = "has an account that is not 12 digits";
    return -1;
  }
  char *a = fc_strndup(f[3], fl[3]), *n = fc_strndup(id, idlen);
  if (!a || !n) {
    free(a);
    free(n);
    *why = "out of memory";
    return -1;
  }
  *kind = k;
  *account = a;
  *name = n;
  return 0;
}
