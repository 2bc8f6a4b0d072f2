/* config_yaml.c: the YAML layer of every configuration file the host reads (finops.yaml, the
 * claims ledger, report templates): see config_yaml.h. */
#include "config_yaml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fcy_line(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }
int fcy_col(const yaml_node_t *n) { return n ? (int)n->start_mark.column + 1 : 0; }

fc_pos fcy_pos(const yaml_node_t *n) {
  fc_pos p = {fcy_line(n), fcy_col(n)};
  return p;
}

void fcy_err(fc_yaml *L, const yaml_node_t *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fc_diags_vadd(L->diags, FC_SEV_ERROR, L->file, fcy_line(n), fcy_col(n), fmt, ap);
  va_end(ap);
  L->errors++;
}

void fcy_oom(fc_yaml *L) {
  if (!L->oom)
    fc_diags_add(L->diags, FC_SEV_ERROR, L->file, 0, 0, "out of memory");
  L->oom = 1;
  L->errors++;
}

char *fcy_dup(fc_yaml *L, const char *s) {
  char *p = fc_strdup(s);
  if (!p)
    fcy_oom(L);
  return p;
}

/* Returns arr grown by one zeroed element with *n incremented, or arr unchanged (and L->pushed 0)
 * on out of memory. Used through FCY_PUSH, which yields the new element or NULL. */
void *fcy_grown(fc_yaml *L, void *arr, size_t *n, size_t elem) {
  char *nv = realloc(arr, (*n + 1) * elem);
  L->pushed = nv != NULL;
  if (!nv) {
    fcy_oom(L);
    return arr;
  }
  memset(nv + *n * elem, 0, elem);
  (*n)++;
  return nv;
}

/* ---------------------------------------------------------------------------------------------
 * Scalars and types. A plain scalar's type follows the YAML 1.2 core schema (null, true/false,
 * integers, decimals); quoted scalars are strings. Fields that want text accept numbers as their
 * written text (account ids, dates) but not booleans or null.
 * ------------------------------------------------------------------------------------------- */

const char *fcy_text(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

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

int fcy_class(const yaml_node_t *n) {
  const char *tag = (const char *)n->tag;
  const char *s = fcy_text(n);
  if (tag && strcmp(tag, YAML_STR_TAG) != 0) {
    if (!strcmp(tag, YAML_NULL_TAG))
      return FCY_NULL;
    if (!strcmp(tag, YAML_BOOL_TAG))
      return FCY_BOOL;
    if (!strcmp(tag, YAML_INT_TAG))
      return FCY_INT;
    if (!strcmp(tag, YAML_FLOAT_TAG))
      return FCY_FLOAT;
    return FCY_STR;
  }
  if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return FCY_STR;
  if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
    return FCY_NULL;
  if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") || !strcmp(s, "false") ||
      !strcmp(s, "False") || !strcmp(s, "FALSE"))
    return FCY_BOOL;
  if (is_int_text(s))
    return FCY_INT;
  if (is_float_text(s))
    return FCY_FLOAT;
  return FCY_STR;
}

const char *fcy_kind(const yaml_node_t *n) {
  if (!n)
    return "nothing";
  switch (n->type) {
  case YAML_MAPPING_NODE:
    return "a map";
  case YAML_SEQUENCE_NODE:
    return "a list";
  case YAML_SCALAR_NODE:
    switch (fcy_class(n)) {
    case FCY_NULL:
      return "null";
    case FCY_BOOL:
      return "a boolean";
    case FCY_INT:
      return "a number";
    case FCY_FLOAT:
      return "a decimal number";
    default:
      return "a string";
    }
  default:
    return "nothing";
  }
}

int fcy_is_null(const yaml_node_t *n) { return n->type == YAML_SCALAR_NODE && fcy_class(n) == FCY_NULL; }

yaml_node_t *fcy_node(fc_yaml *L, int id) { return yaml_document_get_node(L->doc, id); }

static int in_list(const char *s, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(s, *list))
      return 1;
  return 0;
}

/* Reports non-text, duplicate and (when allowed is not NULL) unknown keys of map. */
void fcy_check_keys(fc_yaml *L, yaml_node_t *map, const char *const *allowed, const char *where) {
  FCY_PAIRS_FOR(p, map) {
    yaml_node_t *k = fcy_node(L, p->key);
    if (!k || k->type != YAML_SCALAR_NODE) {
      fcy_err(L, k, "%s: a key must be text, not %s", where, fcy_kind(k));
      continue;
    }
    const char *ks = fcy_text(k);
    if (allowed && !in_list(ks, allowed))
      fcy_err(L, k, "unknown key '%s' in %s", ks, where);
    for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
      yaml_node_t *k2 = fcy_node(L, q->key);
      if (k2 && k2->type == YAML_SCALAR_NODE && !strcmp(fcy_text(k2), ks)) {
        fcy_err(L, k, "duplicate key '%s' in %s (first at line %d)", ks, where, fcy_line(k2));
        break;
      }
    }
  }
}

/* The value of key in map (first occurrence), or NULL when the key is absent. */
yaml_node_t *fcy_get(fc_yaml *L, yaml_node_t *map, const char *key) {
  FCY_PAIRS_FOR(p, map) {
    yaml_node_t *k = fcy_node(L, p->key);
    if (k && k->type == YAML_SCALAR_NODE && !strcmp(fcy_text(k), key))
      return fcy_node(L, p->value);
  }
  return NULL;
}

/* An optional key: NULL when absent or null. */
yaml_node_t *fcy_opt(fc_yaml *L, yaml_node_t *map, const char *key) {
  yaml_node_t *v = fcy_get(L, map, key);
  return v && !fcy_is_null(v) ? v : NULL;
}

/* A required key: reports it missing (at the map) or without a value (at the value). */
yaml_node_t *fcy_req(fc_yaml *L, yaml_node_t *map, const char *key, const char *where) {
  yaml_node_t *v = fcy_get(L, map, key);
  if (!v) {
    fcy_err(L, map, "missing required key '%s' in %s", key, where);
    return NULL;
  }
  if (fcy_is_null(v)) {
    fcy_err(L, v, "%s.%s has no value", where, key);
    return NULL;
  }
  return v;
}

fc_status fcy_want_map(fc_yaml *L, yaml_node_t *v, const char *what) {
  if (v && v->type == YAML_MAPPING_NODE)
    return FC_OK;
  fcy_err(L, v, "%s: expected a map, got %s", what, fcy_kind(v));
  return FC_ERR_CONFIG;
}

fc_status fcy_want_list(fc_yaml *L, yaml_node_t *v, const char *what) {
  if (v && v->type == YAML_SEQUENCE_NODE)
    return FC_OK;
  fcy_err(L, v, "%s: expected a list, got %s", what, fcy_kind(v));
  return FC_ERR_CONFIG;
}

/* Text of a scalar that may stand for a string: any scalar but null and booleans. */
const char *fcy_want_text(fc_yaml *L, yaml_node_t *v, const char *what) {
  int c = v && v->type == YAML_SCALAR_NODE ? fcy_class(v) : -1;
  if (c < 0 || c == FCY_NULL || c == FCY_BOOL) {
    fcy_err(L, v, "%s: expected a string, got %s", what, fcy_kind(v));
    return NULL;
  }
  if (strlen(fcy_text(v)) != v->data.scalar.length) {
    fcy_err(L, v, "%s: contains a NUL character", what);
    return NULL;
  }
  return fcy_text(v);
}

/* Copy of a string value, or NULL after reporting. */
char *fcy_want_str(fc_yaml *L, yaml_node_t *v, const char *what) {
  const char *s = fcy_want_text(L, v, what);
  return s ? fcy_dup(L, s) : NULL;
}

fc_status fcy_want_int(fc_yaml *L, yaml_node_t *v, const char *what, int64_t *out) {
  if (!v || v->type != YAML_SCALAR_NODE || fcy_class(v) != FCY_INT) {
    fcy_err(L, v, "%s: expected a whole number, got %s", what, fcy_kind(v));
    return FC_ERR_CONFIG;
  }
  errno = 0;
  char *end;
  long long x = strtoll(fcy_text(v), &end, 10);
  if (errno || *end) {
    fcy_err(L, v, "%s: '%s' is not a representable whole number", what, fcy_text(v));
    return FC_ERR_CONFIG;
  }
  *out = x;
  return FC_OK;
}

fc_status fcy_want_count(fc_yaml *L, yaml_node_t *v, const char *what, int64_t *out) {
  if (fcy_want_int(L, v, what, out))
    return FC_ERR_CONFIG;
  if (*out < 0) {
    fcy_err(L, v, "%s: must not be negative, got %s", what, fcy_text(v));
    return FC_ERR_CONFIG;
  }
  return FC_OK;
}

/* Text of an integer or decimal number. */
const char *fcy_want_number(fc_yaml *L, yaml_node_t *v, const char *what) {
  int c = v && v->type == YAML_SCALAR_NODE ? fcy_class(v) : -1;
  if (c != FCY_INT && c != FCY_FLOAT) {
    fcy_err(L, v, "%s: expected a number, got %s", what, fcy_kind(v));
    return NULL;
  }
  return fcy_text(v);
}

fc_status fcy_want_bool(fc_yaml *L, yaml_node_t *v, const char *what, int *out) {
  if (!v || v->type != YAML_SCALAR_NODE || fcy_class(v) != FCY_BOOL) {
    fcy_err(L, v, "%s: expected true or false, got %s", what, fcy_kind(v));
    return FC_ERR_CONFIG;
  }
  *out = (fcy_text(v)[0] == 't' || fcy_text(v)[0] == 'T');
  return FC_OK;
}

/* A date "YYYY-MM-DD" (an unquoted date is taken as its text). */
fc_status fcy_want_date(fc_yaml *L, yaml_node_t *v, const char *what, int32_t *day) {
  const char *s = fcy_want_text(L, v, what);
  if (!s)
    return FC_ERR_CONFIG;
  if (fc_date_parse(s, day)) {
    fcy_err(L, v, "%s: '%s' is not a date (YYYY-MM-DD)", what, s);
    return FC_ERR_CONFIG;
  }
  return FC_OK;
}

static void report_yaml_error(fc_yaml *L, const yaml_parser_t *p, const char *text, size_t len) {
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
    fcy_oom(L);
  } else if (p->context) {
    fc_diags_add(L->diags, FC_SEV_ERROR, L->file, line, col, "YAML syntax error: %s (%s at line %d)", problem,
                 p->context, (int)p->context_mark.line + 1);
  } else {
    fc_diags_add(L->diags, FC_SEV_ERROR, L->file, line, col, "YAML syntax error: %s", problem);
  }
}

fc_status fcy_parse(fc_yaml *L, const char *text, size_t len, yaml_document_t *doc) {
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    fcy_oom(L);
    return FC_ERR_NOMEM;
  }
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  if (!yaml_parser_load(&p, doc)) {
    report_yaml_error(L, &p, text, len);
    yaml_parser_delete(&p);
    return L->oom ? FC_ERR_NOMEM : FC_ERR_CONFIG;
  }
  for (;;) {
    yaml_document_t extra;
    if (!yaml_parser_load(&p, &extra)) {
      report_yaml_error(L, &p, text, len);
      break;
    }
    yaml_node_t *r = yaml_document_get_root_node(&extra);
    if (r)
      fcy_err(L, r, "only one YAML document is allowed here");
    yaml_document_delete(&extra);
    if (!r)
      break;
  }
  yaml_parser_delete(&p);
  return FC_OK;
}

/* A list of strings, or a single string taken as a one-element list; appends to *out. */
void fcy_string_list(fc_yaml *L, yaml_node_t *v, const char *what, char ***out, size_t *n,
                     yaml_node_t ***nodes) {
  yaml_node_t *one[1] = {v};
  yaml_node_t **items = one;
  size_t count = 1;
  yaml_node_t **tmp = NULL;
  if (v->type == YAML_SEQUENCE_NODE) {
    count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    tmp = calloc(count ? count : 1, sizeof *tmp);
    if (!tmp) {
      fcy_oom(L);
      return;
    }
    for (size_t i = 0; i < count; i++)
      tmp[i] = fcy_node(L, v->data.sequence.items.start[i]);
    items = tmp;
  } else if (v->type != YAML_SCALAR_NODE) {
    fcy_err(L, v, "%s: expected a list of strings, got %s", what, fcy_kind(v));
    return;
  }
  for (size_t i = 0; i < count; i++) {
    char *s = fcy_want_str(L, items[i], what);
    if (!s)
      continue;
    if (!*s) {
      fcy_err(L, items[i], "%s: an empty string is not allowed", what);
      free(s);
      continue;
    }
    char **slot = FCY_PUSH(L, *out, *n);
    if (!slot) {
      free(s);
      continue;
    }
    *slot = s;
    if (nodes) {
      yaml_node_t **ns = realloc(*nodes, *n * sizeof **nodes);
      if (!ns) {
        fcy_oom(L);
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
