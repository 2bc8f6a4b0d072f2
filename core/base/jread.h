/* jread.h: reading published JSON (summary.json, manifest.json) with exact numbers, and a growable
 * text buffer for answers.
 *
 * jansson turns JSON numbers into doubles; money must stay exact. fc_jread_* therefore rewrites
 * every number token into a JSON string holding the same digits before jansson parses the text:
 * in the loaded tree every number is a string, read back with fc_jmoney / fc_jint / fc_jratio. */
#ifndef FC_JREAD_H
#define FC_JREAD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "finops/plugin.h"

/* Parses text (len bytes) with every number kept as its decimal string. NULL on a syntax error,
 * with "line L, column C: message" in err (err_size bytes). */
json_t *fc_jread_text(const char *text, size_t len, char *err, size_t err_size);
/* The same for a file; err gets "file:line:col: message" or the I/O error. */
json_t *fc_jread_file(const char *path, char *err, size_t err_size);

/* The member key of object o (NULL when o is not an object). */
json_t *fc_jget(const json_t *o, const char *key);
/* Text of o[key]; NULL when absent or not a string/number. */
const char *fc_jstr(const json_t *o, const char *key);
/* Money (10^-10 USD) of o[key]: 1 when present and exact-parsable, else 0 and *v = 0. */
int fc_jmoney(const json_t *o, const char *key, fc_money *v);
/* Integer of o[key]: 1 when present, else 0 and *v = 0. */
int fc_jint(const json_t *o, const char *key, int64_t *v);
/* Ratio of o[key] in units of 10^-6 (0.179998 -> 179998): 1 when present, else 0. */
int fc_jratio(const json_t *o, const char *key, int64_t *v);

/* A growable string; on out of memory it stops growing and sets oom. */
typedef struct fc_sb {
  char *s;
  size_t n, cap;
  int oom;
} fc_sb;
void fc_sb_add(fc_sb *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void fc_sb_addn(fc_sb *b, const char *s, size_t n);
void fc_sb_clear(fc_sb *b);
void fc_sb_free(fc_sb *b);
/* The text so far ("" when empty). */
const char *fc_sb_str(const fc_sb *b);

#endif
