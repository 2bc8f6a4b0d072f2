/* names.c: pack folder names: collisions after sanitising, reserved names, length. */
#include "names.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Where a node comes from: the first workload whose path is the node's or lies below it. */
static fc_pos node_pos(const fc_config *cfg, int node) {
  const char *np = cfg->nodes[node].path;
  size_t len = strlen(np);
  for (size_t i = 0; i < cfg->nworkloads; i++) {
    const char *wp = cfg->workloads[i].path;
    if (wp && strncmp(wp, np, len) == 0 && (wp[len] == '\0' || wp[len] == '/'))
      return cfg->workloads[i].pos;
  }
  return (fc_pos){0, 0};
}

/* The last component of a node's folder. */
static const char *last_part(const char *dir) {
  const char *s = strrchr(dir, '/');
  return s ? s + 1 : dir;
}

static int reserved(const char *part, int level, const char **why) {
  if (level == 0 && strcasecmp(part, FC_ORG_PACK_DIR) == 0) {
    *why = "the organisation's pack folder";
    return 1;
  }
  if (strcasecmp(part, "charts") == 0) {
    *why = "the charts folder of the pack above it";
    return 1;
  }
  if (strcasecmp(part, "tasks.csv") == 0) {
    *why = "the task list of the pack above it";
    return 1;
  }
  for (int r = 0; r < FC_ROLE_COUNT; r++) {
    const char *role = fc_role_name((fc_role)r);
    size_t n = strlen(role);
    if (strncasecmp(part, role, n) == 0 && strcasecmp(part + n, ".xlsx") == 0) {
      *why = "a workbook of the pack above it";
      return 1;
    }
  }
  return 0;
}

int fc_names_check(const fc_config *cfg, fc_diags *d) {
  size_t n = cfg->nnodes;
  char **dirs = calloc(n + 1, sizeof *dirs);
  if (!dirs)
    return -1;
  int errors = 0;
  for (size_t i = 0; i < n; i++)
    if (!(dirs[i] = fc_node_dir(cfg, (int)i))) {
      errors = -1;
      goto out;
    }
  for (size_t i = 0; i < n; i++) {
    const fc_cfg_node *nd = &cfg->nodes[i];
    fc_pos p = node_pos(cfg, (int)i);
    const char *part = last_part(dirs[i]);
    const char *why = NULL;
    if (strlen(part) > FC_NAME_MAX) {
      fc_diags_add(d, FC_SEV_ERROR, cfg->file, p.line, p.col,
                   "the name '%s' is %zu bytes long: a folder name has at most %d; shorten it", nd->name,
                   strlen(part), FC_NAME_MAX);
      errors++;
    } else if (reserved(part, nd->level, &why)) {
      fc_diags_add(d, FC_SEV_ERROR, cfg->file, p.line, p.col,
                   "the name '%s' is reserved: its folder '%s' would be %s; rename it", nd->name, part, why);
      errors++;
    }
    for (size_t j = 0; j < i; j++) {
      if (strcasecmp(dirs[i], dirs[j]) != 0)
        continue;
      fc_pos q = node_pos(cfg, (int)j);
      fc_diags_add(d, FC_SEV_ERROR, cfg->file, p.line, p.col,
                   "'%s' and '%s' (line %d) would share the report folder 'nodes/%s'%s; rename one", nd->path,
                   cfg->nodes[j].path, q.line, dirs[i],
                   strcmp(dirs[i], dirs[j]) ? " on a file system that ignores letter case"
                                            : " (characters a folder name cannot hold become _)");
      errors++;
      break;
    }
  }
out:
  for (size_t i = 0; i < n; i++)
    free(dirs[i]);
  free(dirs);
  return errors;
}

char *fc_node_dir(const fc_config *cfg, int node) {
  if (node < 0)
    return fc_strdup("");
  size_t cap = strlen(cfg->nodes[node].path) * 3 + 16, n = 0;
  char *out = malloc(cap);
  if (!out)
    return NULL;
  int first = 1;
  /* components from the top: collect the chain first */
  int chain[64], depth = 0;
  for (int x = node; x >= 0 && depth < 64; x = cfg->nodes[x].parent)
    chain[depth++] = x;
  for (int d = depth - 1; d >= 0; d--) {
    const char *name = cfg->nodes[chain[d]].name;
    if (!first)
      out[n++] = '/';
    first = 0;
    size_t start = n;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
      unsigned char c = *p;
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':')
        c = '_';
      if (n == start && c == '.')
        c = '_'; /* no hidden folders, no "." or ".." */
      out[n++] = (char)c;
    }
    if (n == start)
      out[n++] = '_';
  }
  out[n] = '\0';
  return out;
}
