/* outfiles.c: the list of files a run writes. */
#include "outfiles.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int fc_outfiles_complete(fc_outfiles *o, size_t from, const char *dir) {
  size_t n = o->n > from ? o->n - from : 0;
  int *fds = malloc((n + 1) * sizeof *fds);
  int oom = !fds;
  if (!fds)
    return -1;
  for (size_t i = 0; i < n; i++) {
    char *abs = fc_asprintf("%s/%s", dir, o->v[from + i].path);
    fds[i] = abs ? open(abs, O_RDONLY | O_CLOEXEC) : -1;
    oom |= !abs;
    free(abs);
  }
  for (size_t i = 0; i < n; i++) {
    fc_outfile *f = &o->v[from + i];
    uint64_t size = 0;
    if (fds[i] < 0)
      continue;
    if (!f->hashed && fc_sha256_fd(fds[i], f->sha256, &size) == 0) {
      f->size = size;
      f->hashed = 1;
    }
    close(fds[i]);
  }
  free(fds);
  return oom ? -1 : 0;
}

static int cmp_path(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

const char **fc_outfiles_synced(const fc_outfiles *o, size_t *n) {
  const char **v = malloc((o->n + 1) * sizeof *v);
  *n = 0;
  if (!v)
    return NULL;
  for (size_t i = 0; i < o->n; i++)
    if (o->v[i].synced)
      v[(*n)++] = o->v[i].path;
  qsort(v, *n, sizeof *v, cmp_path);
  return v;
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
