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

#include "chart_spec.h"
#include "briefing.h"
#include "sheets.h"
#include "config_yaml.h"
#include "files.h"
#include "util.h"

char *fc_default_templates_dir(void) {
  const char *env = getenv("FINOPS_TEMPLATES");
  if (env && *env)
    return fc_strdup(env);
  return fc_beside_exe("templates", FC_TEMPLATE_INSTALL_DIR);
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
static void load_item(ld *L, yaml_node_t *n, const char *key, fc_tpl_item *out) {
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
  /* a declared statement: "<plugin>.<name>" or "*", resolved against the plugins */
  const char *dot = strchr(kind, '.');
  if (strcmp(kind, "*") != 0 && (!dot || dot == kind || !dot[1]))
    err(L, kn, "a %s is named <plugin>.<name> (or \"*\": the others declared for the role)", key);
  else if (out->result)
    err(L, n, "a %s's result is the one its plugin declares", key);
  else
    out->kind = xdup(L, kind);
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
  c->total = -1;
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
      "name", "table", "result", "optional", "rows", "sort", "columns", "chart", "organisation_result", NULL};
  check_keys(L, n, allowed, "a sheet");
  yaml_node_t *v;
  if ((v = get(L, n, "table"))) { /* a declared table: its result, title, rows, sort and columns by default */
    s->table = dup_scalar(L, v, "table");
    const char *dot = s->table ? strchr(s->table, '.') : NULL;
    if (s->table && strcmp(s->table, "*") != 0 && (!dot || dot == s->table || !dot[1]))
      err(L, v, "a table is named <plugin>.<name> (or \"*\": the others declared for the role)");
    if (get(L, n, "result"))
      err(L, n, "a sheet shows either a declared table or a result");
  }
  if (!(v = get(L, n, "name"))) {
    if (!s->table)
      err(L, n, "a sheet needs 'name'");
  } else if (s->table && strcmp(s->table, "*") == 0) {
    err(L, v, "table \"*\" takes the declared titles");
  } else if ((s->name = dup_scalar(L, v, "name"))) {
    if (strlen(s->name) > 31 || strpbrk(s->name, "[]:*?/\\") || s->name[0] == '\'')
      err(L, v, "sheet name '%s' is not valid in a workbook (at most 31 characters, none of []:*?/\\)",
          s->name);
  }
  if (!(v = get(L, n, "result"))) {
    if (!s->table)
      err(L, n, "a sheet needs 'result' or 'table'");
  } else {
    s->result = dup_scalar(L, v, "result");
  }
  if ((v = get(L, n, "optional")))
    s->optional = boolean(L, v, "optional");
  if ((v = get(L, n, "organisation_result")))
    s->org_result = dup_scalar(L, v, "organisation_result");
  if ((v = get(L, n, "rows"))) {
    s->rows_set = 1;
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
  if (!(v = get(L, n, "columns"))) {
    if (!s->table)
      err(L, n, "a sheet needs 'columns'");
  } else if (is_seq(L, v, "columns")) {
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

static void load_items(ld *L, yaml_node_t *v, const char *what, const char *key, fc_tpl_item **out,
                       size_t *n) {
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
    load_item(L, at(L, *it), key, &(*out)[i++]);
}

/* A chart: "plugin.chart" or {chart: plugin.chart, optional: bool}; resolved by fc_templates_check. */
static void load_chart(ld *L, yaml_node_t *n, fc_tpl_chart *out) {
  yaml_node_t *kn = n;
  out->pos = pos_of(n);
  if (n && n->type == YAML_MAPPING_NODE) {
    static const char *const allowed[] = {"chart", "optional", NULL};
    check_keys(L, n, allowed, "chart");
    if (!(kn = get(L, n, "chart"))) {
      err(L, n, "chart entry needs 'chart'");
      return;
    }
    yaml_node_t *o = get(L, n, "optional");
    if (o)
      out->optional = boolean(L, o, "optional");
  }
  const char *name = scalar(L, kn, "chart");
  const char *dot = name ? strchr(name, '.') : NULL;
  if (name && (!dot || dot == name || !dot[1] || strchr(dot + 1, '.')))
    err(L, kn, "chart '%s' must be named <plugin>.<chart>, as `finops plugins` lists them", name);
  else if (name)
    out->name = xdup(L, name);
}

static void load_charts(ld *L, yaml_node_t *v, fc_template *t) {
  if (!is_seq(L, v, "charts"))
    return;
  t->ncharts = SEQ_COUNT(v);
  t->charts = calloc(t->ncharts + 1, sizeof *t->charts);
  if (!t->charts) {
    t->ncharts = 0;
    oom(L);
  }
  size_t i = 0;
  for (yaml_node_item_t *it = v->data.sequence.items.start; t->charts && it < v->data.sequence.items.top;
       it++)
    load_chart(L, at(L, *it), &t->charts[i++]);
}

static void load_figures(ld *L, yaml_node_t *v, fc_tpl_figure **out, size_t *n) {
  if (!is_seq(L, v, "figures"))
    return;
  *n = SEQ_COUNT(v);
  *out = calloc(*n + 1, sizeof **out);
  if (!*out) {
    *n = 0;
    oom(L);
    return;
  }
  size_t i = 0;
  for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
    yaml_node_t *f = at(L, *it), *x;
    fc_tpl_figure *g = &(*out)[i++];
    g->pos = pos_of(f);
    g->compare = 1;
    g->workloads = 1;
    if (!is_map(L, f, "a figure"))
      continue;
    static const char *const allowed[] = {"field",   "label", "with",      "format", "optional",
                                          "compare", "over",  "workloads", NULL};
    check_keys(L, f, allowed, "a figure");
    if (!(x = get(L, f, "field")) || !(g->field = dup_scalar(L, x, "field")))
      err(L, f, "a figure needs 'field'");
    if (!(x = get(L, f, "label")) || !(g->label = dup_scalar(L, x, "label")))
      err(L, f, "a figure needs 'label'");
    if ((x = get(L, f, "with")))
      g->with = dup_scalar(L, x, "with");
    if ((x = get(L, f, "format")))
      g->format = parse_format(L, x);
    if ((x = get(L, f, "optional")))
      g->optional = boolean(L, x, "optional");
    if ((x = get(L, f, "compare")))
      g->compare = boolean(L, x, "compare");
    if ((x = get(L, f, "over")))
      g->over = dup_scalar(L, x, "over");
    if ((x = get(L, f, "workloads")))
      g->workloads = boolean(L, x, "workloads");
  }
}

static void load_message(ld *L, yaml_node_t *v, fc_tpl_message *m) {
  if (!is_map(L, v, "message"))
    return;
  static const char *const allowed[] = {"figures", "organisation_figures", "reasons", NULL};
  check_keys(L, v, allowed, "message");
  yaml_node_t *x;
  if ((x = get(L, v, "figures")))
    load_figures(L, x, &m->figures, &m->nfigures);
  if ((x = get(L, v, "organisation_figures")))
    load_figures(L, x, &m->org_figures, &m->norg_figures);
  if ((x = get(L, v, "reasons")) && is_map(L, x, "reasons")) {
    static const char *const rallowed[] = {"result", "name", "amount", "text", NULL};
    check_keys(L, x, rallowed, "reasons");
    char **dst[] = {&m->reasons_result, &m->reasons_name, &m->reasons_amount, &m->reasons_text};
    for (int i = 0; i < 4; i++) {
      yaml_node_t *y = get(L, x, rallowed[i]);
      if (!y)
        err(L, x, "reasons needs '%s'", rallowed[i]);
      else
        *dst[i] = dup_scalar(L, y, rallowed[i]);
    }
  }
}

static void load_template(ld *L, yaml_node_t *root, fc_role role, fc_template *t) {
  if (!is_map(L, root, "a template"))
    return;
  static const char *const allowed[] = {"role",   "title",   "briefing",    "charts",
                                        "sheets", "message", "key_figures", NULL};
  check_keys(L, root, allowed, "the template");
  yaml_node_t *v;
  if ((v = get(L, root, "role"))) {
    const char *r = scalar(L, v, "role");
    if (r && strcmp(r, fc_role_name(role)) != 0)
      err(L, v, "this file is the %s template but says role '%s'", fc_role_name(role), r);
  }
  t->title = (v = get(L, root, "title")) ? dup_scalar(L, v, "title") : NULL;
  if ((v = get(L, root, "briefing")))
    load_items(L, v, "briefing", "statement", &t->briefing, &t->nbriefing);
  if ((v = get(L, root, "message")))
    load_message(L, v, &t->message);
  if ((v = get(L, root, "key_figures")))
    load_figures(L, v, &t->key_figures, &t->nkey_figures);
  if ((v = get(L, root, "charts")))
    load_charts(L, v, t);
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
  if (!result || optional || fc_plugins_writer(p, result) >= 0 || fc_close_host_result(result))
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
    if (fc_briefing_resolve(t, p, strict, diags, &bad) || fc_sheets_resolve(t, p, strict, diags, &bad))
      return FC_ERR_NOMEM;
    for (size_t i = 0; i < t->ncharts; i++) {
      fc_tpl_chart *c = &t->charts[i];
      if (c->name && !(c->def = fc_plugins_chart(p, c->name)) && !c->optional) {
        fc_diags_add(
            diags, check_strict ? FC_SEV_ERROR : FC_SEV_WARNING, t->file, c->pos.line, c->pos.col,
            "chart '%s' is not declared by any loaded plugin (mark it optional: true if its plugin may "
            "be absent)",
            c->name);
        bad++;
      }
    }
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

static void free_figures(fc_tpl_figure *f, size_t n) {
  for (size_t i = 0; f && i < n; i++) {
    free(f[i].field);
    free(f[i].label);
    free(f[i].with);
    free(f[i].over);
  }
  free(f);
}

void fc_tpl_sheet_free(fc_tpl_sheet *s) {
  free(s->name);
  free(s->table);
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

void fc_templates_free(fc_templates *ts) {
  for (int r = 0; r < FC_ROLE_COUNT; r++) {
    fc_template *t = &ts->role[r];
    fc_tpl_message *m = &t->message;
    free_figures(m->figures, m->nfigures);
    free_figures(m->org_figures, m->norg_figures);
    free_figures(t->key_figures, t->nkey_figures);
    free(m->reasons_result);
    free(m->reasons_name);
    free(m->reasons_amount);
    free(m->reasons_text);
    free(t->file);
    free(t->title);
    free_items(t->briefing, t->nbriefing);
    for (size_t i = 0; t->charts && i < t->ncharts; i++)
      free(t->charts[i].name);
    free(t->charts);
    for (size_t i = 0; t->sheets && i < t->nsheets; i++)
      fc_tpl_sheet_free(&t->sheets[i]);
    free(t->sheets);
  }
  memset(ts, 0, sizeof *ts);
}
