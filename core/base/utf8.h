/* utf8.h: text from the CUR is bytes; what the outputs write is UTF-8. A byte that does not start
 * a valid sequence (overlong forms, surrogates and code points over U+10FFFF included) becomes
 * U+FFFD, the replacement character, so summary.json stays JSON and workbooks and charts open. */
#ifndef FC_UTF8_H
#define FC_UTF8_H

#include <stddef.h>
#include <stdio.h>

/* U+FFFD in UTF-8. */
#define FC_UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* Length (1-4) of the valid UTF-8 sequence at s, or 0 when s[0] does not start one. */
size_t fc_utf8_seq(const unsigned char *s);
/* 1 when s (NUL-terminated) is valid UTF-8. */
int fc_utf8_valid(const char *s);
/* s with every invalid byte replaced, cut at a character boundary to fit size (>= 4). Returns out. */
char *fc_utf8_fix(const char *s, char *out, size_t size);
/* Writes s to f with every invalid byte replaced. */
void fc_utf8_put(FILE *f, const char *s);

#endif
