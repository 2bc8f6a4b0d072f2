/* words.h: identifiers in plain words, for everything a person reads (workbooks, charts). */
#ifndef FC_WORDS_H
#define FC_WORDS_H

#include <stddef.h>

/* 1 when a result column named `name` holds identifiers (kind, status, reason, region_type, ...). */
int fc_coded_column(const char *name);

/* The words for an identifier ("at_risk" -> "At risk"): from a list, else its underscores as
 * spaces, capitalised (written into buf). Anything that is not an identifier (lower-case letters,
 * digits and underscores only), such as free text, a command or an ARN, is returned as it is. */
const char *fc_plain_words(const char *id, char *buf, size_t size);

#endif
