/* templates.c: loading and checking the per-role report templates. */
#include "templates.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "config_yaml.h"
#include "util.h"

typedef struct kind_def {
  const char *kind, *result;
} kind_def;

static const kind_def sentence_kinds[] = {
    {"overview", "attribution.nodes"},
    {"leaders", "attribution.workloads"},
    {"unclaimed", "attribution.unattributed"},
    {"coverage", "attribution.nodes"},
    {"conflicts", "attribution.conflicts"},
    {"budget", "tokens.nodes"},
    {"tokens", "tokens.nodes"},
    {"cache", "tokens.nodes"},
    {"map", "map.nodes"},
    {"models", "policy.nodes"},
    {"score", "scorecard.nodes"},
    {"regions", "tokens.by_region_type"},
    {"tasks", "tasks.queue"},
};

static const kind_def chart_kinds[] = {
    {"spend_by_workload", "attribution.workloads"},
    {"daily_spend", "attribution._facts"},
    {"spend_by_model", "tokens.node_models"},
    {"spend_by_region_type", "tokens.by_region_type"},
    {"token_mix", "tokens.nodes"},
    {"cache_hit_rate", "tokens.nodes"},
    {"map", "map.nodes"},
    {"report_card", "scorecard.nodes"},
};

static const char *kind_result(const kind_def *k, size_t n, const char *kind) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(k[i].kind, kind) == 0)
      return k[i].result;
  return NULL;
}

const char *fc_tpl_sentence_result(const char *kind) {
  return kind_result(sentence_kinds, sizeof sentence_kinds / sizeof sentence_kinds[0], kind);
}
const char *fc_tpl_chart_result(const char *kind) {
  return kind_result(chart_kinds, sizeof chart_kinds / sizeof chart_kinds[0], kind);
}

char *fc_default_templates_dir(void) {
  const char *env = getenv("FINOPS_TEMPLATES");
  if (env && *env)
    return fc_strdup(env);
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      char *p = fc_asprintf("%s/templates", exe);
      struct stat st;
      if (!p)
        return NULL; /* out of memory, not "no templates here" */
      if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
        return p;
      free(p);
    }
  }
  return fc_strdup(FC_TEMPLATE_INSTALL_DIR);
}

/* ---- YAML: the host's one YAML layer (config_yaml.h) under the names this file uses ---- */

typedef fc_yaml ld;
#define pos_of(n) fcy_pos(n)
#define err(...) fcy_err(__VA_ARGS__)
#define oom(L) fcy_oom(L)
#define at(L, id) fcy_node((L), (id))
#define get(L, map, key) fcy_get((L), (map), (key))
#define check_keys(L, map, allowed, where) fcy_check_keys((L), (map), (allowed), (where))
#define xdup(L, s) fcy_dup((L), (s))

/* A non-empty text; NULL after reporting. */
static const char *scalar(ld *L, yaml_node_t *n, const char *what) {
  const char *s = fcy_want_text(L, n, what);
  if (s && !*s) {
    err(L, n, "%s: an empty string is not allowed", what);
    return NULL;
  }
  return s;
}

static char *dup_scalar(ld *L, yaml_node_t *n, const char *what) {
  const char *s = scalar(L, n, what);
  return s ? xdup(L, s) : NULL;
}

/* true or false; 0 after reporting anything else. */
static int boolean(ld *L, yaml_node_t *n, const char *what) {
  int b = 0;
  return fcy_want_bool(L, n, what, &b) == FC_OK && b;
}

static int is_seq(ld *L, yaml_node_t *n, const char *what) { return fcy_want_list(L, n, what) == FC_OK; }
static int is_map(ld *L, yaml_node_t *n, const char *what) { return fcy_want_map(L, n, what) == FC_OK; }

#define SEQ_COUNT(n) ((size_t)((n)->data.sequence.items.top - (n)->data.sequence.items.start))

/* A briefing sentence or chart: "kind" or {<key>: kind, result: name, optional: bool}. */
static void load_item(ld *L, yaml_node_t *n, const char *key, const kind_def *kinds, size_t nkinds,
                      fc_tpl_item *out) {
  yaml_node_t *kn = n;
  out->pos = pos_of(n);
  if (n && n->type == YAML_MAPPING_NODE) {
    const char *allowed[] = {key, "result", "optional", NULL};
    check_keys(L, n, allowed, key);
    kn = get(L, n, key);
    if (!kn) {
      err(L, n, "%s entry needs '%s'", key, key);
      return;
    }
    yaml_node_t *r = get(L, n, "result");
    if (r)
      out->result = dup_scalar(L, r, "result");
    yaml_node_t *o = get(L, n, "optional");
    if (o)
      out->optional = boolean(L, o, "optional");
  }
  const char *kind = scalar(L, kn, key);
  if (!kind)
    return;
  const char *def = kind_result(kinds, nkinds, kind);
  if (!def) {
    char list[512] = "";
    for (size_t i = 0; i < nkinds; i++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", kinds[i].kind);
    err(L, kn, "unknown %s '%s' (known: %s)", key, kind, list);
    return;
  }
  out->kind = xdup(L, kind);
  if (!out->result)
    out->result = xdup(L, def);
}

static fc_tpl_format parse_format(ld *L, yaml_node_t *n) {
  static const char *const names[] = {"auto",    "text", "money",  "percent",
                                      "integer", "date", "number", "wrap"};
  const char *s = scalar(L, n, "format");
  if (!s)
    return FC_FMT_AUTO;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(s, names[i]) == 0)
      return (fc_tpl_format)i;
  err(L, n, "unknown format '%s' (known: auto, text, money, percent, integer, date, number, wrap)", s);
  return FC_FMT_AUTO;
}

static void load_column(ld *L, yaml_node_t *n, fc_tpl_column *c) {
  c->pos = pos_of(n);
  if (n && n->type == YAML_SCALAR_NODE) {
    c->column = dup_scalar(L, n, "column");
    return;
  }
  if (!is_map(L, n, "a column"))
    return;
  static const char *const allowed[] = {"column", "header", "format", "width", "optional", NULL};
  check_keys(L, n, allowed, "a column");
  yaml_node_t *v = get(L, n, "column");
  if (!v) {
    err(L, n, "a column needs 'column'");
    return;
  }
  c->column = dup_scalar(L, v, "column");
  if ((v = get(L, n, "header")))
    c->header = dup_scalar(L, v, "header");
  if ((v = get(L, n, "format")))
    c->format = parse_format(L, v);
  if ((v = get(L, n, "optional")))
    c->optional = boolean(L, v, "optional");
  if ((v = get(L, n, "width"))) {
    const char *s = scalar(L, v, "width");
    char *end = NULL;
    double w = s ? strtod(s, &end) : 0;
    if (s && (!end || *end || w < 1 || w > 200))
      err(L, v, "width must be a number of characters from 1 to 200");
    else
      c->width = w;
  }
}

static void load_sheet(ld *L, yaml_node_t *n, fc_tpl_sheet *s) {
  s->pos = pos_of(n);
  if (!is_map(L, n, "a sheet"))
    return;
  static const char *const allowed[] = {
      "name", "result", "optional", "rows", "sort", "columns", "chart", "organisation_result", NULL};
  check_keys(L, n, allowed, "a sheet");
  yaml_node_t *v;
  if (!(v = get(L, n, "name")))
    err(L, n, "a sheet needs 'name'");
  else if ((s->name = dup_scalar(L, v, "name"))) {
    if (strlen(s->name) > 31 || strpbrk(s->name, "[]:*?/\\") || s->name[0] == '\'')
      err(L, v, "sheet name '%s' is not valid in a workbook (at most 31 characters, none of []:*?/\\)",
          s->name);
  }
  if (!(v = get(L, n, "result")))
    err(L, n, "a sheet needs 'result'");
  else
    s->result = dup_scalar(L, v, "result");
  if ((v = get(L, n, "optional")))
    s->optional = boolean(L, v, "optional");
  if ((v = get(L, n, "organisation_result")))
    s->org_result = dup_scalar(L, v, "organisation_result");
  if ((v = get(L, n, "rows"))) {
    const char *r = scalar(L, v, "rows");
    if (r && strcmp(r, "workloads") == 0)
      s->rows = FC_ROWS_WORKLOADS;
    else if (r && strcmp(r, "groups") == 0)
      s->rows = FC_ROWS_GROUPS;
    else if (r && strcmp(r, "self") == 0)
      s->rows = FC_ROWS_SELF;
    else if (r && strcmp(r, "all") != 0)
      err(L, v, "rows must be all, workloads, groups or self");
  }
  if ((v = get(L, n, "sort"))) {
    const char *r = scalar(L, v, "sort");
    if (r) {
      s->sort_desc = r[0] == '-';
      s->sort = xdup(L, r + s->sort_desc);
    }
  }
  if (!(v = get(L, n, "columns")))
    err(L, n, "a sheet needs 'columns'");
  else if (is_seq(L, v, "columns")) {
    s->ncols = SEQ_COUNT(v);
    s->cols = calloc(s->ncols + 1, sizeof *s->cols);
    if (!s->cols) {
      s->ncols = 0;
      oom(L);
    }
    size_t i = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; s->cols && it < v->data.sequence.items.top;
         it++)
      load_column(L, at(L, *it), &s->cols[i++]);
    if (s->ncols == 0)
      err(L, v, "a sheet needs at least one column");
  }
  if ((v = get(L, n, "chart")) && is_map(L, v, "chart")) {
    s->chart_pos = pos_of(v);
    static const char *const callowed[] = {"type", "categories", "values", "title", NULL};
    check_keys(L, v, callowed, "a chart");
    yaml_node_t *x;
    if ((x = get(L, v, "type"))) {
      const char *t = scalar(L, x, "type");
      if (t && strcmp(t, "bar") && strcmp(t, "column") && strcmp(t, "pie"))
        err(L, x, "chart type must be bar, column or pie");
      else if (t)
        s->chart_type = xdup(L, t);
    } else {
      err(L, v, "a chart needs 'type'");
    }
    if ((x = get(L, v, "categories")))
      s->chart_categories = dup_scalar(L, x, "categories");
    else
      err(L, v, "a chart needs 'categories'");
    if ((x = get(L, v, "values")))
      s->chart_values = dup_scalar(L, x, "values");
    else
      err(L, v, "a chart needs 'values'");
    if ((x = get(L, v, "title")))
      s->chart_title = dup_scalar(L, x, "title");
  }
}

static void load_items(ld *L, yaml_node_t *v, const char *what, const char *key, const kind_def *kinds,
                       size_t nkinds, fc_tpl_item **out, size_t *n) {
  if (!is_seq(L, v, what))
    return;
  *n = SEQ_COUNT(v);
  *out = calloc(*n + 1, sizeof **out);
  if (!*out) {
    *n = 0;
    oom(L);
  }
  size_t i = 0;
  for (yaml_node_item_t *it = v->data.sequence.items.start; *out && it < v->data.sequence.items.top; it++)
    load_item(L, at(L, *it), key, kinds, nkinds, &(*out)[i++]);
}

static void load_template(ld *L, yaml_node_t *root, fc_role role, fc_template *t) {
  if (!is_map(L, root, "a template"))
    return;
  static const char *const allowed[] = {"role", "title", "briefing", "charts", "sheets", NULL};
  check_keys(L, root, allowed, "the template");
  yaml_node_t *v;
  if ((v = get(L, root, "role"))) {
    const char *r = scalar(L, v, "role");
    if (r && strcmp(r, fc_role_name(role)) != 0)
      err(L, v, "this file is the %s template but says role '%s'", fc_role_name(role), r);
  }
  t->title = (v = get(L, root, "title")) ? dup_scalar(L, v, "title") : NULL;
  if ((v = get(L, root, "briefing")))
    load_items(L, v, "briefing", "sentence", sentence_kinds, sizeof sentence_kinds / sizeof sentence_kinds[0],
               &t->briefing, &t->nbriefing);
  if ((v = get(L, root, "charts")))
    load_items(L, v, "charts", "chart", chart_kinds, sizeof chart_kinds / sizeof chart_kinds[0], &t->charts,
               &t->ncharts);
  if ((v = get(L, root, "sheets")) && is_seq(L, v, "sheets")) {
    t->nsheets = SEQ_COUNT(v);
    t->sheets = calloc(t->nsheets + 1, sizeof *t->sheets);
    if (!t->sheets) {
      t->nsheets = 0;
      oom(L);
    }
    size_t i = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; t->sheets && it < v->data.sequence.items.top;
         it++)
      load_sheet(L, at(L, *it), &t->sheets[i++]);
    for (size_t a = 0; t->sheets && a < t->nsheets; a++)
      for (size_t b = 0; b < a; b++)
        if (t->sheets[a].name && t->sheets[b].name && strcasecmp(t->sheets[a].name, t->sheets[b].name) == 0) {
          fc_diags_add(L->diags, FC_SEV_ERROR, L->file, t->sheets[a].pos.line, t->sheets[a].pos.col,
                       "sheet name '%s' used twice", t->sheets[a].name);
          L->errors++;
        }
  }
}

static fc_status load_file(const char *path, fc_role role, fc_template *t, fc_diags *diags) {
  t->file = fc_strdup(path);
  t->role = role;
  if (!t->file) {
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "out of memory");
    return FC_ERR_NOMEM;
  }
  char *text = NULL;
  size_t len = 0;
  if (fc_read_file(path, &text, &len)) {
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "cannot read the %s template", fc_role_name(role));
    return errno == ENOMEM ? FC_ERR_NOMEM : FC_ERR_CONFIG;
  }
  yaml_document_t doc;
  ld L = {.file = path, .doc = &doc, .diags = diags};
  fc_status st = fcy_parse(&L, text, len, &doc);
  free(text);
  if (st)
    return st;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (!root)
    err(&L, NULL, "the template is empty");
  else
    load_template(&L, root, role, t);
  if (L.errors)
    st = L.oom ? FC_ERR_NOMEM : FC_ERR_CONFIG;
  yaml_document_delete(&doc);
  return st;
}

fc_status fc_templates_load(const char *dir, fc_templates *out, fc_diags *diags) {
  memset(out, 0, sizeof *out);
  struct stat st;
  if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return FC_OK;
  fc_status result = FC_OK;
  for (int r = 0; r < FC_ROLE_COUNT; r++) {
    char *path = fc_asprintf("%s/%s.yaml", dir, fc_role_name((fc_role)r));
    if (!path)
      return FC_ERR_NOMEM;
    fc_status s = load_file(path, (fc_role)r, &out->role[r], diags);
    if (s && result != FC_ERR_NOMEM)
      result = s == FC_ERR_NOMEM ? s : FC_ERR_CONFIG;
    free(path);
  }
  out->loaded = 1;
  return result;
}

static int check_strict;

static void check_result(const fc_template *t, const fc_plugins *p, const char *result, int optional,
                         fc_pos pos, const char *what, fc_diags *diags, int *bad) {
  if (!result || optional || fc_plugins_writer(p, result) >= 0)
    return;
  fc_diags_add(
      diags, check_strict ? FC_SEV_ERROR : FC_SEV_WARNING, t->file, pos.line, pos.col,
      "%s uses result '%s', which no loaded plugin writes (mark it optional: true if its plugin may be "
      "absent)",
      what, result);
  (*bad)++;
}

fc_status fc_templates_check(fc_templates *ts, const fc_plugins *p, int strict, fc_diags *diags) {
  int bad = 0;
  if (!ts->loaded)
    return FC_OK;
  check_strict = strict;
  for (int r = 0; r < FC_ROLE_COUNT; r++) {
    fc_template *t = &ts->role[r];
    int before = bad;
    for (size_t i = 0; i < t->nbriefing; i++)
      check_result(t, p, t->briefing[i].result, t->briefing[i].optional, t->briefing[i].pos,
                   "briefing sentence", diags, &bad);
    for (size_t i = 0; i < t->ncharts; i++)
      check_result(t, p, t->charts[i].result, t->charts[i].optional, t->charts[i].pos, "chart", diags, &bad);
    for (size_t i = 0; i < t->nsheets; i++)
      check_result(t, p, t->sheets[i].result, t->sheets[i].optional, t->sheets[i].pos, "sheet", diags, &bad);
    if (bad > before && !strict) {
      fc_diags_add(diags, FC_SEV_WARNING, t->file, 0, 0,
                   "the loaded plugins do not write what this template needs: no %s workbooks",
                   fc_role_name((fc_role)r));
      t->unusable = 1;
    }
  }
  return bad && strict ? FC_ERR_CONFIG : FC_OK;
}

static void free_items(fc_tpl_item *v, size_t n) {
  for (size_t i = 0; v && i < n; i++) {
    free(v[i].kind);
    free(v[i].result);
  }
  free(v);
}

void fc_templates_free(fc_templates *ts) {
  for (int r = 0; r < FC_ROLE_COUNT; r++) {
    fc_template *t = &ts->role[r];
    free(t->file);
    free(t->title);
    free_items(t->briefing, t->nbriefing);
    free_items(t->charts, t->ncharts);
    for (size_t i = 0; t->sheets && i < t->nsheets; i++) {
      fc_tpl_sheet *s = &t->sheets[i];
      free(s->name);
      free(s->result);
      free(s->org_result);
      free(s->sort);
      free(s->chart_type);
      free(s->chart_categories);
      free(s->chart_values);
      free(s->chart_title);
      for (size_t c = 0; s->cols && c < s->ncols; c++) {
        free(s->cols[c].column);
        free(s->cols[c].header);
      }
      free(s->cols);
    }
    free(t->sheets);
  }
  memset(ts, 0, sizeof *ts);
}
