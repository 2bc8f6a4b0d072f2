/* xlsx_zip.c: how the parts of a workbook are compressed.
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
#include <stdint.h>
#include <string.h>
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
