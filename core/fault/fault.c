/* fault.c: the counters behind fault.h (see there). A shared library so that the host and every
 * plugin it loads count against the same numbers. */
#include "fault.h"

/* the real functions here */
#undef malloc
#undef calloc
#undef realloc
#undef strdup
#undef fopen

#include <errno.h>
#include <execinfo.h>
#include <stdint.h>
#include <string.h>

static long alloc_at = -1, write_at = -1; /* 0: not read yet; -1: off */
static long nalloc, nwrite;
static int ready;

static void report(void) {
  const char *p = getenv("FC_FAULT_COUNT");
  FILE *f = p ? fopen(p, "w") : NULL;
  if (!f)
    return;
  fprintf(f, "allocs %ld\nwrites %ld\n", nalloc, nwrite);
  fclose(f);
}

static long env_long(const char *name) {
  const char *s = getenv(name);
  if (!s || !*s)
    return -1;
  char *end;
  long v = strtol(s, &end, 10);
  return *end || v <= 0 ? -1 : v;
}

static void setup(void) {
  if (ready)
    return;
  ready = 1;
  alloc_at = env_long("FC_FAULT_ALLOC");
  write_at = env_long("FC_FAULT_WRITE");
  if (getenv("FC_FAULT_COUNT"))
    atexit(report);
}

/* FC_FAULT_TRACE set: the stack of the failing call goes to stderr (for finding the caller). */
static void trace(void) {
  if (!getenv("FC_FAULT_TRACE"))
    return;
  void *pc[32];
  int n = backtrace(pc, 32);
  backtrace_symbols_fd(pc, n, 2);
}

static int alloc_fails(void) {
  setup();
  if (++nalloc != alloc_at)
    return 0;
  trace();
  errno = ENOMEM; /* as malloc does */
  return 1;
}

void *fc_fi_malloc(size_t n) { return alloc_fails() ? NULL : malloc(n); }
void *fc_fi_calloc(size_t n, size_t size) { return alloc_fails() ? NULL : calloc(n, size); }
void *fc_fi_realloc(void *p, size_t n) { return alloc_fails() ? NULL : realloc(p, n); }
char *fc_fi_strdup(const char *s) { return alloc_fails() ? NULL : strdup(s); }

/* A file opened for writing is wrapped in a stream whose every write is counted. */
static ssize_t cookie_write(void *c, const char *buf, size_t n) {
  if (++nwrite == write_at) {
    trace();
    errno = ENOSPC;
    return -1;
  }
  size_t w = fwrite(buf, 1, n, (FILE *)c);
  if (w < n && fflush((FILE *)c) != 0)
    return -1;
  return (ssize_t)w;
}

static ssize_t cookie_read(void *c, char *buf, size_t n) { return (ssize_t)fread(buf, 1, n, (FILE *)c); }

static int cookie_seek(void *c, off64_t *off, int whence) {
  if (fseeko((FILE *)c, (off_t)*off, whence) != 0)
    return -1;
  *off = (off64_t)ftello((FILE *)c);
  return 0;
}

static int cookie_close(void *c) {
  FILE *f = c;
  if (fflush(f) != 0) {
    int e = errno;
    fclose(f);
    errno = e;
    return -1;
  }
  return fclose(f);
}

FILE *fc_fi_fopen(const char *path, const char *mode) {
  setup();
  FILE *f = fopen(path, mode);
  if (!f || !strpbrk(mode, "wa+"))
    return f;
  /* unbuffered underneath: the wrapper's buffer decides when data is written */
  setvbuf(f, NULL, _IONBF, 0);
  cookie_io_functions_t io = {cookie_read, cookie_write, cookie_seek, cookie_close};
  FILE *w = fopencookie(f, mode, io);
  if (!w) {
    fclose(f);
    return NULL;
  }
  return w;
}
