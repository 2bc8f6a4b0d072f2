/* discover.c: turning the config's inputs (files, folders, globs) into the CUR files to read. */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "duckdb_src.h"
#include "ingest.h"
#include "util.h"

typedef struct pathlist {
  char **v;
  size_t n, cap;
  int oom;
} pathlist;

static void pl_add(pathlist *pl, char *p) {
  if (!p) {
    pl->oom = 1;
    return;
  }
  if (pl->n == pl->cap) {
    size_t nc = pl->cap ? pl->cap * 2 : 32;
    char **nv = realloc(pl->v, nc * sizeof *nv);
    if (!nv) {
      free(p);
      pl->oom = 1;
      return;
    }
    pl->v = nv;
    pl->cap = nc;
  }
  pl->v[pl->n++] = p;
}

static int ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), k = strlen(suf);
  return n >= k && strcmp(s + n - k, suf) == 0;
}

static int is_cur_file(const char *name) {
  return ends_with(name, ".csv") || ends_with(name, ".csv.gz") || ends_with(name, ".parquet");
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Compares the second string of a pair of strings (NULL first). */
static int cmp_str_at1(const void *a, const void *b) {
  const char *x = ((char *const *)a)[1], *y = ((char *const *)b)[1];
  if (!x || !y)
    return (x != NULL) - (y != NULL);
  return strcmp(x, y);
}

/* Walks dir recursively, adding .csv and .csv.gz files. In a BILLING_PERIOD=... folder that holds
 * "create new" execution folders, only the newest (by name: they begin with a timestamp) is
 * current; the rest are superseded refreshes. */
static void walk(fc_ingest *in, const char *dir, pathlist *out, int depth) {
  if (depth > 32)
    return;
  DIR *d = opendir(dir);
  if (!d) {
    fc_diags_add(in->diags, FC_SEV_ERROR, dir, 0, 0, "cannot read folder: %s", strerror(errno));
    return;
  }
  pathlist files = {0}, dirs = {0};
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue; /* ".", "..", hidden files and our own temporary folders */
    char *p = fc_asprintf("%s/%s", dir, e->d_name);
    if (!p) {
      out->oom = 1;
      continue;
    }
    struct stat st;
    if (stat(p, &st) != 0) {
      free(p);
      continue;
    }
    if (S_ISDIR(st.st_mode))
      pl_add(&dirs, p);
    else if (S_ISREG(st.st_mode) && is_cur_file(e->d_name))
      pl_add(&files, p);
    else
      free(p);
  }
  closedir(d);
  if (files.n)
    qsort(files.v, files.n, sizeof *files.v, cmp_str);
  if (dirs.n)
    qsort(dirs.v, dirs.n, sizeof *dirs.v, cmp_str);
  for (size_t i = 0; i < files.n; i++)
    pl_add(out, files.v[i]);
  const char *base = strrchr(dir, '/');
  base = base ? base + 1 : dir;
  int period_dir = strncmp(base, "BILLING_PERIOD=", 15) == 0;
  for (size_t i = 0; i < dirs.n; i++) {
    if (period_dir && dirs.n > 1 && i + 1 < dirs.n) {
      in->stats.skipped_executions++;
      fc_diags_add(in->diags, FC_SEV_NOTE, dirs.v[i], 0, 0,
                   "superseded export execution left out (a newer one exists in the same billing period)");
    } else {
      walk(in, dirs.v[i], out, depth + 1);
    }
    free(dirs.v[i]);
  }
  free(files.v);
  free(dirs.v);
  out->oom |= files.oom | dirs.oom;
}

static char *join(const char *base, const char *p) {
  if (p[0] == '/' || !base || !base[0] || strcmp(base, ".") == 0)
    return fc_strdup(p);
  return fc_asprintf("%s/%s", base, p);
}

static void strip_trailing_slash(char *p) {
  size_t n = strlen(p);
  while (n > 1 && p[n - 1] == '/')
    p[--n] = '\0';
}

static void add_input(fc_ingest *in, const char *path, pathlist *out) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fc_diags_add(in->diags, FC_SEV_ERROR, path, 0, 0, "input not found: %s", strerror(errno));
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    size_t before = out->n;
    char *d = fc_strdup(path);
    if (!d) {
      out->oom = 1;
      return;
    }
    strip_trailing_slash(d);
    walk(in, d, out, 0);
    free(d);
    if (out->n == before)
      fc_diags_add(in->diags, FC_SEV_WARNING, path, 0, 0, "folder holds no .csv, .csv.gz or .parquet files");
  } else {
    pl_add(out, fc_strdup(path));
  }
}

fc_status fc_ingest_expand(fc_ingest *in, const char *base_dir, char *const *inputs, size_t ninputs,
                           char ***outv, size_t *nout) {
  pathlist out = {0};
  size_t errors0 = in->diags->nerrors;
  for (size_t i = 0; i < ninputs; i++) {
    char *p = join(base_dir, inputs[i]);
    if (!p) {
      out.oom = 1;
      break;
    }
    if (strncmp(inputs[i], "s3://", 5) == 0) {
      pl_add(&out, fc_strdup(inputs[i])); /* read by DuckDB where it lives */
    } else if (strpbrk(inputs[i], "*?[")) {
      glob_t g;
      int r = glob(p, GLOB_MARK, NULL, &g);
      if (r == GLOB_NOMATCH || (r == 0 && g.gl_pathc == 0))
        fc_diags_add(in->diags, FC_SEV_ERROR, p, 0, 0, "input pattern matches no file");
      else if (r != 0)
        fc_diags_add(in->diags, FC_SEV_ERROR, p, 0, 0, "cannot expand input pattern");
      else
        for (size_t k = 0; k < g.gl_pathc; k++)
          add_input(in, g.gl_pathv[k], &out);
      if (r == 0)
        globfree(&g);
    } else {
      add_input(in, p, &out);
    }
    free(p);
  }
  if (out.oom) {
    fc_paths_free(out.v, out.n);
    return FC_ERR_NOMEM;
  }
  /* Read each file once, whichever inputs name it (compared by real path); keep the paths as
   * the inputs spell them for messages, ordered by path for determinism. */
  struct pair {
    char *given, *real;
  } *pv = calloc(out.n ? out.n : 1, sizeof *pv);
  int oom = 0;
  if (!pv) {
    fc_paths_free(out.v, out.n);
    return FC_ERR_NOMEM;
  }
  for (size_t i = 0; i < out.n; i++) {
    char rp[PATH_MAX];
    pv[i].given = out.v[i];
    pv[i].real = fc_strdup(realpath(out.v[i], rp) ? rp : out.v[i]);
    if (!pv[i].real)
      oom = 1;
  }
  if (oom) {
    for (size_t i = 0; i < out.n; i++) {
      free(pv[i].given);
      free(pv[i].real);
    }
    free(pv);
    free(out.v);
    return FC_ERR_NOMEM;
  }
  if (out.n)
    qsort(pv, out.n, sizeof *pv, cmp_str_at1);
  size_t w = 0;
  for (size_t i = 0; i < out.n; i++) {
    if (w && pv[i].real && pv[w - 1].real && strcmp(pv[w - 1].real, pv[i].real) == 0) {
      in->stats.duplicate_files++;
      free(pv[i].given);
      free(pv[i].real);
      continue;
    }
    pv[w++] = pv[i];
  }
  for (size_t i = 0; i < w; i++) {
    out.v[i] = pv[i].given;
    free(pv[i].real);
  }
  free(pv);
  if (w)
    qsort(out.v, w, sizeof *out.v, cmp_str);
  *outv = out.v;
  *nout = w;
  return in->diags->nerrors > errors0 ? FC_ERR_IO : FC_OK;
}

void fc_paths_free(char **paths, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(paths[i]);
  free(paths);
}

fc_status fc_ingest_inputs(fc_ingest *in, const char *base_dir, char *const *inputs, size_t ninputs) {
  char **paths = NULL;
  size_t n = 0;
  fc_status first = fc_ingest_expand(in, base_dir, inputs, ninputs, &paths, &n);
  if (first == FC_ERR_NOMEM)
    return first;
  /* Parquet (and S3, and with inputs.engine: duckdb every file) go to embedded DuckDB in one
   * query; the rest to the native scanner. */
  char **csv = calloc(n + 1, sizeof *csv), **pq = calloc(n + 1, sizeof *pq);
  size_t ncsv = 0, npq = 0;
  if (!csv || !pq) {
    free(csv);
    free(pq);
    fc_paths_free(paths, n);
    return FC_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    if (fc_is_parquet_path(paths[i]))
      pq[npq++] = paths[i];
    else if (in->engine_duckdb || strncmp(paths[i], "s3://", 5) == 0)
      csv[ncsv++] = paths[i];
  }
  if (ncsv || npq) {
    fc_status s = fc_duckdb_ingest(in, csv, ncsv, pq, npq);
    if (s == FC_ERR_NOMEM || s == FC_ERR_OVERFLOW)
      first = s;
    else if (s && !first)
      first = s;
  }
  free(csv);
  free(pq);
  if (first == FC_ERR_NOMEM || first == FC_ERR_OVERFLOW) {
    fc_paths_free(paths, n);
    return first;
  }
  size_t nnat = 0; /* the native scanner's files, in order, on every core */
  char **nat = calloc(n + 1, sizeof *nat);
  if (!nat) {
    fc_paths_free(paths, n);
    return FC_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++)
    if (!(fc_is_parquet_path(paths[i]) || in->engine_duckdb || strncmp(paths[i], "s3://", 5) == 0))
      nat[nnat++] = paths[i];
  fc_status s = fc_ingest_files(in, nat, nnat, &first);
  free(nat);
  fc_paths_free(paths, n);
  if (s)
    return s;
  fc_status b = fc_ingest_check_budget(in);
  return first ? first : b;
}
