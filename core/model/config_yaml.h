/* config_yaml.h: the one YAML layer of the host's configuration files (finops.yaml, the claims
 * ledger, report templates), over libyaml's document API. Every problem is reported at the node's
 * file:line:col into a diagnostics list; nothing falls back silently: a helper that cannot give
 * a value reports why and returns an error status (or NULL). */
#ifndef FC_CONFIG_YAML_H
#define FC_CONFIG_YAML_H

#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "config.h"
#include "diag.h"

/* A loader: the file being read, its parsed document and where problems go. */
typedef struct fc_yaml {
  const char *file; /* named in diagnostics */
  yaml_document_t *doc;
  fc_diags *diags;
  int errors; /* problems reported through this loader (out of memory included) */
  int oom;    /* an allocation failed: what was loaded is incomplete */
  int pushed; /* the last FCY_PUSH succeeded */
} fc_yaml;

/* Position of a node (0, 0 for NULL). */
int fcy_line(const yaml_node_t *n);
int fcy_col(const yaml_node_t *n);
fc_pos fcy_pos(const yaml_node_t *n);

/* Reports an error at n (at the file alone when n is NULL). */
void fcy_err(fc_yaml *L, const yaml_node_t *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Reports out of memory (once per loader). */
void fcy_oom(fc_yaml *L);
/* A copy of s, or NULL after reporting out of memory. */
char *fcy_dup(fc_yaml *L, const char *s);

/* Returns arr grown by one zeroed element with *n incremented, or arr unchanged (and L->pushed 0)
 * after reporting out of memory. Used through FCY_PUSH, which yields the new element or NULL. */
void *fcy_grown(fc_yaml *L, void *arr, size_t *n, size_t elem);
#define FCY_PUSH(L, arr, n)                                                                                  \
  ((arr) = fcy_grown((L), (arr), &(n), sizeof *(arr)), (L)->pushed ? &(arr)[(n)-1] : NULL)

/* Scalar classes of the YAML 1.2 core schema; quoted scalars are strings. */
enum { FCY_NULL, FCY_BOOL, FCY_INT, FCY_FLOAT, FCY_STR };
/* The text of a scalar node. */
const char *fcy_text(const yaml_node_t *n);
int fcy_class(const yaml_node_t *n);
/* "a map", "a list", "null", "a boolean", "a number", "a decimal number", "a string", "nothing". */
const char *fcy_kind(const yaml_node_t *n);
int fcy_is_null(const yaml_node_t *n);
yaml_node_t *fcy_node(fc_yaml *L, int id);

#define FCY_PAIRS_FOR(p, map)                                                                                \
  for (yaml_node_pair_t *p = (map)->data.mapping.pairs.start; p < (map)->data.mapping.pairs.top; p++)
#define FCY_ITEMS_FOR(it, seq)                                                                               \
  for (yaml_node_item_t *it = (seq)->data.sequence.items.start; it < (seq)->data.sequence.items.top; it++)

/* Reports non-text, duplicate and (when allowed is not NULL) unknown keys of map. */
void fcy_check_keys(fc_yaml *L, yaml_node_t *map, const char *const *allowed, const char *where);
/* The value of key in map (first occurrence), or NULL when the key is absent. */
yaml_node_t *fcy_get(fc_yaml *L, yaml_node_t *map, const char *key);
/* An optional key: NULL when absent or null. */
yaml_node_t *fcy_opt(fc_yaml *L, yaml_node_t *map, const char *key);
/* A required key: reports it missing (at the map) or without a value (at the value). */
yaml_node_t *fcy_req(fc_yaml *L, yaml_node_t *map, const char *key, const char *where);

/* Type checks: FC_OK, or FC_ERR_CONFIG after reporting "<what>: expected ..., got <kind>"
 * (v may be NULL: "got nothing"). */
fc_status fcy_want_map(fc_yaml *L, yaml_node_t *v, const char *what);
fc_status fcy_want_list(fc_yaml *L, yaml_node_t *v, const char *what);
/* Text of a scalar that may stand for a string (any scalar but null and booleans); NULL after
 * reporting. */
const char *fcy_want_text(fc_yaml *L, yaml_node_t *v, const char *what);
/* A copy of fcy_want_text's text; NULL after reporting. */
char *fcy_want_str(fc_yaml *L, yaml_node_t *v, const char *what);
fc_status fcy_want_int(fc_yaml *L, yaml_node_t *v, const char *what, int64_t *out);
/* A whole number >= 0. */
fc_status fcy_want_count(fc_yaml *L, yaml_node_t *v, const char *what, int64_t *out);
/* Text of an integer or decimal number; NULL after reporting. */
const char *fcy_want_number(fc_yaml *L, yaml_node_t *v, const char *what);
fc_status fcy_want_bool(fc_yaml *L, yaml_node_t *v, const char *what, int *out);
/* A date "YYYY-MM-DD" (an unquoted date is taken as its text). */
fc_status fcy_want_date(fc_yaml *L, yaml_node_t *v, const char *what, int32_t *day);
/* A list of non-empty strings, or a single string taken as a one-element list; appends copies to
 * *out (*n counts them). With nodes, also records each string's node in *nodes (caller frees). */
void fcy_string_list(fc_yaml *L, yaml_node_t *v, const char *what, char ***out, size_t *n,
                     yaml_node_t ***nodes);

/* Parses text (len bytes) into doc, whose root is NULL for an empty text. FC_OK; or, after
 * reporting a syntax error at its line and column, FC_ERR_CONFIG (FC_ERR_NOMEM when out of
 * memory), doc then holding nothing to free. A second document in the stream is an error. */
fc_status fcy_parse(fc_yaml *L, const char *text, size_t len, yaml_document_t *doc);

#endif
