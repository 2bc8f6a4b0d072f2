/* mapcheck.h: helpers of the map, policy and tasks plugin tests: run finops on a config with the
 * built plugins, then read summary.json (jansson) and the CSV files it wrote. */
#ifndef FC_MAPCHECK_H
#define FC_MAPCHECK_H

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#include "check.h"
#include "pipeline.h"
#include "run.h"
#include "util.h"

static inline void mc_print_diags(const fc_diags *d) {
  char buf[2048];
  for (size_t i = 0; i < d->n; i++)
    fprintf(stderr, "  %s\n", fc_diag_format(&d->v[i], buf, sizeof buf));
}

/* Runs config for period (YYYYMM, 0 = config's) into out_dir with plugins_dir; FC_OK expected. */
static inline fc_status mc_run(const char *config, int32_t period, const char *out_dir,
                               const char *plugins_dir) {
  fc_diags d = {0};
  char *published = NULL;
  fc_run_opts o = {config, period, INT32_MIN, out_dir, plugins_dir, 0, NULL, NULL, 0, 0, NULL, 0, 0};
  fc_status st = fc_run_execute(&o, &d, &published);
  if (st || d.nerrors)
    mc_print_diags(&d);
  free(published);
  fc_diags_free(&d);
  return st;
}

static inline json_t *mc_load(const char *path) {
  json_error_t err;
  json_t *j = json_load_file(path, 0, &err);
  if (!j)
    fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
  return j;
}

/* The entry of summary.json nodes[] with this path, or NULL. */
static inline json_t *mc_node(json_t *summary, const char *path) {
  json_t *nodes = json_object_get(summary, "nodes");
  for (size_t i = 0; i < json_array_size(nodes); i++) {
    json_t *n = json_array_get(nodes, i);
    const char *p = json_string_value(json_object_get(n, "path"));
    if (p && strcmp(p, path) == 0)
      return n;
  }
  return NULL;
}

/* A value by dotted key ("map.at_risk_usd"); NULL when absent. */
static inline json_t *mc_get(json_t *obj, const char *dotted) {
  char key[128];
  while (obj && *dotted) {
    size_t n = strcspn(dotted, ".");
    snprintf(key, sizeof key, "%.*s", (int)(n < 127 ? n : 127), dotted);
    obj = json_object_get(obj, key);
    dotted += n + (dotted[n] == '.');
  }
  return obj;
}

/* Row i of results.<table> whose column col equals value (text), or NULL. */
static inline json_t *mc_row(json_t *summary, const char *table, const char *col, const char *value) {
  json_t *rows = json_object_get(json_object_get(summary, "results"), table);
  for (size_t i = 0; i < json_array_size(rows); i++) {
    json_t *r = json_array_get(rows, i);
    const char *v = json_string_value(json_object_get(r, col));
    if (v && strcmp(v, value) == 0)
      return r;
  }
  return NULL;
}

static inline size_t mc_rows(json_t *summary, const char *table) {
  return json_array_size(json_object_get(json_object_get(summary, "results"), table));
}

/* Money from JSON (a number written with up to 10 decimals) equals want to within 1e-9 USD. */
#define CHECK_USD(j, want)                                                                                   \
  do {                                                                                                       \
    json_t *mc_j_ = (j);                                                                                     \
    double mc_w_ = (want), mc_g_ = json_is_number(mc_j_) ? json_number_value(mc_j_) : NAN;                   \
    fc_check_count++;                                                                                        \
    if (!(fabs(mc_g_ - mc_w_) < 1e-9)) {                                                                     \
      fc_check_failures++;                                                                                   \
      fprintf(stderr, "%s:%d: %s: got %.10f, want %.10f\n", __FILE__, __LINE__, #j, mc_g_, mc_w_);           \
    }                                                                                                        \
  } while (0)

#define CHECK_JSTR(j, want) CHECK_STR(json_string_value(j), want)
#define CHECK_JINT(j, want) CHECK_INT(json_is_integer(j) ? json_integer_value(j) : -999999, want)

/* The whole file (caller frees), or NULL. */
static inline char *mc_read(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  if (buf)
    buf[n] = '\0';
  fclose(f);
  return buf;
}

/* Number of lines of text containing every one of the NULL-terminated needles. */
static inline int mc_lines_with(const char *text, ...) {
  int count = 0;
  for (const char *line = text; line && *line;) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    char *l = malloc(len + 1);
    if (!l)
      return -1;
    memcpy(l, line, len);
    l[len] = '\0';
    va_list ap;
    va_start(ap, text);
    int all = 1;
    const char *needle;
    while ((needle = va_arg(ap, const char *)) != NULL)
      all &= strstr(l, needle) != NULL;
    va_end(ap);
    count += all;
    free(l);
    line = end ? end + 1 : NULL;
  }
  return count;
}

#endif
