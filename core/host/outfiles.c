/* outfiles.c: the list of files a run writes. */
#include "outfiles.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "util.h"

int fc_outfiles_add(fc_outfiles *o, const char *path, int node, unsigned audience) {
  if (o->n == o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 16;
    fc_outfile *v = realloc(o->v, cap * sizeof *v);
    if (!v)
      return -1;
    o->v = v;
    o->cap = cap;
  }
  char *p = fc_strdup(path);
  if (!p)
    return -1;
  fc_outfile *f = &o->v[o->n++];
  memset(f, 0, sizeof *f);
  f->path = p;
  f->node = node;
  f->audience = audience;
  return 0;
}

void fc_outfiles_hash(fc_outfiles *o, size_t from, const char *dir) {
  for (size_t i = from; i < o->n; i++) {
    fc_outfile *f = &o->v[i];
    char *abs = f->hashed ? NULL : fc_asprintf("%s/%s", dir, f->path);
    uint64_t size = 0;
    if (abs && fc_sha256_file(abs, f->sha256, &size) == 0) {
      f->size = size;
      f->hashed = 1;
    }
    free(abs);
  }
}

void fc_outfiles_free(fc_outfiles *o) {
  for (size_t i = 0; i < o->n; i++)
    free(o->v[i].path);
  free(o->v);
  memset(o, 0, sizeof *o);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int fc_outfiles_duplicate(const fc_outfiles *files, const char **dup) {
  *dup = NULL;
  const char **v = malloc((files->n + 1) * sizeof *v);
  if (!v)
    return -1;
  for (size_t i = 0; i < files->n; i++)
    v[i] = files->v[i].path;
  qsort(v, files->n, sizeof *v, cmp_str);
  for (size_t i = 1; i < files->n && !*dup; i++)
    if (strcmp(v[i - 1], v[i]) == 0)
      *dup = v[i];
  free(v);
  return 0;
}
