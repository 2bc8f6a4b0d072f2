/* duckdb_load.c: libduckdb.so opened on first use (see duckdb_load.h). */
#include "duckdb_load.h"

#ifdef FC_HAVE_DUCKDB

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static fc_duckdb_api api;
static int loaded;
static char loaded_from[PATH_MAX];
static char why[4096]; /* every place tried and why it failed */

static void note(const char *fmt, ...) {
  size_t n = strlen(why);
  va_list ap;
  va_start(ap, fmt);
  if (n < sizeof why - 1)
    vsnprintf(why + n, sizeof why - n, fmt, ap);
  va_end(ap);
}

/* dlopen and look every function up; 0 when this file will not do (why says so). */
static int try_file(const char *what, const char *path) {
  note("%s%s (", why[0] ? "; " : "", what);
  /* global, as when linked: DuckDB's own extensions (httpfs) resolve their symbols against it */
  void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
  if (!h) {
    const char *e = dlerror();
    note("%s)", e ? e : path);
    return 0;
  }
  fc_duckdb_api t;
#define FC_DUCKDB_LOOKUP(name)                                                                               \
  if (!(t.name = (__typeof__(t.name))dlsym(h, "duckdb_" #name))) {                                           \
    const char *e = dlerror();                                                                               \
    note("%s)", e ? e : path);                                                                               \
    dlclose(h);                                                                                              \
    return 0;                                                                                                \
  }
  FC_DUCKDB_FUNCTIONS(FC_DUCKDB_LOOKUP)
#undef FC_DUCKDB_LOOKUP
  api = t;
  snprintf(loaded_from, sizeof loaded_from, "%s", path);
  return 1;
}

/* <directory of the executable>/<rel>/libduckdb.so, resolved when it exists; "" when /proc/self/exe
 * cannot be read. out holds PATH_MAX bytes. */
static void beside_exe(char *out, const char *rel) {
  char exe[PATH_MAX], raw[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  out[0] = '\0';
  if (n <= 0)
    return;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash)
    return;
  *slash = '\0';
  int k = snprintf(raw, sizeof raw, "%s/%s/libduckdb.so", exe, rel);
  if (k < 0 || (size_t)k >= sizeof raw)
    return;
  if (!realpath(raw, out))
    memcpy(out, raw, (size_t)k + 1);
}

static void load(void) {
  const char *env = getenv("FINOPS_DUCKDB_LIB");
  if (env && env[0]) { /* an explicit choice: that file or nothing */
    char what[PATH_MAX + 32];
    snprintf(what, sizeof what, "FINOPS_DUCKDB_LIB=%s", env);
    loaded = try_file(what, env);
    return;
  }
  char inst[PATH_MAX];
  beside_exe(inst, FC_DUCKDB_FROM_BINDIR);
  if (inst[0] && try_file("installed copy", inst)) {
    loaded = 1;
    return;
  }
  if (strcmp(inst, FC_DUCKDB_BUILD_LIB) != 0 && try_file("build tree's copy", FC_DUCKDB_BUILD_LIB))
    loaded = 1;
}

const fc_duckdb_api *fc_duckdb_api_get(void) {
  pthread_once(&once, load);
  return loaded ? &api : NULL;
}

const char *fc_duckdb_load_error(void) { return why; }

const char *fc_duckdb_loaded_path(void) { return loaded ? loaded_from : NULL; }

#endif
