/* xlsx_zip.c: where the parts of a workbook are written before they are zipped, and how they are
 * compressed.
 *
 * libxlsxwriter writes each part of a workbook (about 23 per workbook: every sheet, the shared
 * strings, styles, theme, relationships) to a temporary file from lxw_tmpfile, reads it back into
 * the zip and closes it. Its utility.c calls lxw_tmpfile "a thin wrapper for tmpfile() so it can be
 * over-ridden with a user defined version"; the executable defines it here, and each part lives in
 * memory instead (a stdio stream from fopencookie): no file to create, unlink, stat, write, seek
 * and read back, about a dozen system calls a part. A part is freed when the library closes it, once
 * zipped. The library does not check its writes (nor fflush) to a part: a write that fails for want
 * of memory is counted (fc_xlsx_part_failures), and the workbook being written is refused. Where the
 * override does not take effect, the library's own temporary files are used, with the same bytes in
 * the workbook.
 *
 * libxlsxwriter (1.1.4 in Debian 12) zips every part through minizip at zlib's default level and
 * offers no option for it. The charts it embeds are PNG files, deflated already: deflating them again
 * took about 6% of a run's CPU for a third of their bytes. Its call that opens each part of the zip,
 * zipOpenNewFileInZip4_64, is resolved at load time from minizip; the executable defines it here,
 * so the dynamic linker binds libxlsxwriter's call to this one (ELF symbol interposition), which
 * passes the call on to minizip's own (dlsym RTLD_NEXT) with the method and level of the part:
 * images stored as they are, XML at level FC_XLSX_ZIP_LEVEL. Where libxlsxwriter carries its own
 * minizip (a static build), this is not called and the workbooks are as the library writes them:
 * valid either way. The same inputs give the same bytes in a given build. */
#include "xlsx.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>

#ifndef FC_XLSX_ZIP_LEVEL
#define FC_XLSX_ZIP_LEVEL 2 /* the XML parts: measured 2.8x faster than 6, 24% larger */
#endif

/* minizip's declarations (zip.h of libminizip-dev, which the build does not need) */
typedef void *fc_zip_file;
typedef struct fc_zip_fileinfo fc_zip_fileinfo;
typedef int (*fc_zip_open_fn)(fc_zip_file, const char *, const fc_zip_fileinfo *, const void *, uInt,
                              const void *, uInt, const char *, int, int, int, int, int, int, const char *,
                              uLong, uLong, uLong, int);

int zipOpenNewFileInZip4_64(fc_zip_file file, const char *filename, const fc_zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global, const char *comment,
                            int method, int level, int raw, int windowBits, int memLevel, int strategy,
                            const char *password, uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                            int zip64);

static int calls; /* parts opened through this function (tests) */

static int is_image(const char *name) {
  static const char *const ext[] = {".png", ".jpeg", ".jpg", ".gif", ".bmp"};
  size_t n = name ? strlen(name) : 0;
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
    size_t k = strlen(ext[i]);
    if (n > k && strcasecmp(name + n - k, ext[i]) == 0)
      return 1;
  }
  return 0;
}

int zipOpenNewFileInZip4_64(fc_zip_file file, const char *filename, const fc_zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global, const char *comment,
                            int method, int level, int raw, int windowBits, int memLevel, int strategy,
                            const char *password, uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                            int zip64) {
  static fc_zip_open_fn next;
  if (!next) {
    void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    if (!sym)
      return -104; /* ZIP_INTERNALERROR */
    memcpy(&next, &sym, sizeof next);
  }
  if (method == Z_DEFLATED && !raw) {
    calls++;
    if (is_image(filename)) {
      method = 0; /* stored */
      level = 0;
    } else {
      level = FC_XLSX_ZIP_LEVEL;
    }
  }
  return next(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
              size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy, password,
              crcForCrypting, versionMadeBy, flagBase, zip64);
}

int fc_xlsx_zip_calls(void) { return calls; }

/* ---- parts in memory ---- */

typedef struct part {
  char *buf;
  size_t len, cap, pos;
} part;

static int parts;    /* parts opened through lxw_tmpfile here (tests) */
static int failures; /* writes to a part that failed (no memory): libxlsxwriter does not check */

static ssize_t part_read(void *c, char *b, size_t n) {
  part *p = c;
  size_t k = p->pos < p->len ? p->len - p->pos : 0;
  k = k < n ? k : n;
  if (!k)
    return 0; /* the end (or nothing ever written: no buffer) */
  memcpy(b, p->buf + p->pos, k);
  p->pos += k;
  return (ssize_t)k;
}

static ssize_t part_write(void *c, const char *b, size_t n) {
  part *p = c;
  if (!n)
    return 0;
  if (n > SIZE_MAX - p->pos) {
    failures++;
    errno = EFBIG;
    return 0; /* 0: an error, for a cookie stream's write */
  }
  size_t end = p->pos + n;
  if (end > p->cap) {
    size_t cap = p->cap ? p->cap : 16384;
    while (cap < end)
      cap = cap > SIZE_MAX / 2 ? end : cap * 2;
    char *nb = realloc(p->buf, cap);
    if (!nb) {
      failures++;
      errno = ENOMEM;
      return 0;
    }
    p->buf = nb;
    p->cap = cap;
  }
  if (p->pos > p->len) /* a seek past the end: the gap reads as zeros */
    memset(p->buf + p->len, 0, p->pos - p->len);
  memcpy(p->buf + p->pos, b, n);
  p->pos = end;
  if (end > p->len)
    p->len = end;
  return (ssize_t)n;
}

static int part_seek(void *c, off64_t *off, int whence) {
  part *p = c;
  off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off64_t)p->pos : (off64_t)p->len;
  if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) {
    errno = EINVAL;
    return -1;
  }
  off64_t to = base + *off;
  if (to < 0) {
    errno = EINVAL;
    return -1;
  }
  p->pos = (size_t)to;
  *off = to;
  return 0;
}

static int part_close(void *c) {
  part *p = c;
  free(p->buf);
  free(p);
  return 0;
}

FILE *lxw_tmpfile(char *tmpdir);

FILE *lxw_tmpfile(char *tmpdir) {
  (void)tmpdir;
  part *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  static const cookie_io_functions_t io = {part_read, part_write, part_seek, part_close};
  FILE *f = fopencookie(p, "w+", io);
  if (!f) {
    free(p);
    return NULL;
  }
  parts++;
  return f;
}

int fc_xlsx_part_calls(void) { return parts; }

int fc_xlsx_part_failures(void) { return failures; }
