/* fuzz.h: shared by the libFuzzer targets: input written to a private temporary file. */
#ifndef FC_FUZZ_H
#define FC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* data as a file named <tmp>/fc-fuzz-<pid>-<tag><suffix>; returns the path (static buffer per tag). */
static inline const char *fuzz_file(const char *tag, const char *suffix, const uint8_t *data, size_t size,
                                    char *path, size_t cap) {
  const char *dir = getenv("TMPDIR");
  snprintf(path, cap, "%s/fc-fuzz-%ld-%s%s", dir && *dir ? dir : "/tmp", (long)getpid(), tag, suffix);
  FILE *f = fopen(path, "wb");
  if (!f)
    abort();
  if (size && fwrite(data, 1, size, f) != size)
    abort();
  if (fclose(f) != 0)
    abort();
  return path;
}

/* data as a NUL-terminated string (a copy the caller frees). */
static inline char *fuzz_str(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s)
    abort();
  memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

#endif
