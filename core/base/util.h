/* util.h: small shared helpers: strings, fixed-point money, calendar days, arenas. */
#ifndef FC_UTIL_H
#define FC_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "fcbase.h"
#include "finops/plugin.h"

/* Copies s; caller frees. NULL on out of memory. */
char *fc_strdup(const char *s);
/* Copies n bytes of s plus a NUL; caller frees. */
char *fc_strndup(const char *s, size_t n);
/* printf into a new string; caller frees. NULL on out of memory. */
char *fc_asprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
char *fc_vasprintf(const char *fmt, va_list ap);

/* Parses a decimal number ("-12.3456", "1.5E-7", "" is invalid) into units of 10^-scale.
 * Digits beyond the scale are rounded half away from zero and *inexact is set (may be NULL).
 * Returns 0, -1 for bad syntax, -2 for overflow of int64. */
int fc_decimal_parse(const char *s, size_t len, int scale, int64_t *out, int *inexact);
/* Money: fc_money (10^-10 USD). */
int fc_money_parse(const char *s, size_t len, fc_money *out, int *inexact);
/* Writes v (units of 10^-scale) with `decimals` fractional digits, rounded half away from zero.
 * buf must hold 32 bytes. Returns buf. */
char *fc_decimal_format(int64_t v, int scale, int decimals, char *buf);
char *fc_money_format(fc_money v, int decimals, char *buf);

/* Calendar: days since 1970-01-01 (proleptic Gregorian, UTC); fc_days_from_civil and
 * fc_civil_from_days are in fcbase.h (shared with the plugins). */
/* Parses the date at the start of a CUR timestamp: "2026-11-03", "2026-11-03T00:00:00Z",
 * "2026-11-03T00:00:00.000Z", "2026-11-03 00:00:00.000". Returns 0 and the day, or -1. */
int fc_timestamp_parse(const char *s, size_t len, int32_t *day);
/* Parses exactly "YYYY-MM-DD" with a valid calendar date. */
int fc_date_parse(const char *s, int32_t *day);
/* Parses exactly "YYYY-MM" into y*100+m. */
int fc_period_parse(const char *s, int32_t *period);
/* Writes YYYY-MM-DD (11 bytes with NUL). */
char *fc_date_format(int32_t day, char *buf);
/* Writes YYYY-MM (8 bytes with NUL). */
char *fc_period_format(int32_t period, char *buf);
/* Reads a whole file into a new NUL-terminated buffer (*len excludes the NUL); 0, or -1 with errno
 * set (ENOMEM when out of memory). */
int fc_read_file(const char *path, char **buf, size_t *len);
/* The month before period (YYYYMM). */
int32_t fc_period_prev(int32_t period);
int32_t fc_period_of_day(int32_t day);
int32_t fc_period_first_day(int32_t period);
int fc_period_days(int32_t period);

/* Arena: many allocations, one release. Built with FC_ARENA_DEBUG (or with FINOPS_ARENA_MALLOC=1
 * in the environment) every allocation is its own malloc so ASan and valgrind see each block. */
typedef struct fc_arena_block fc_arena_block;
typedef struct fc_arena {
  fc_arena_block *head;
  size_t used, cap;
  int per_alloc;
} fc_arena;
void fc_arena_init(fc_arena *a);
/* Returns zeroed memory aligned for any type, valid until fc_arena_free; NULL on out of memory. */
void *fc_arena_alloc(fc_arena *a, size_t n);
char *fc_arena_strndup(fc_arena *a, const char *s, size_t n);
char *fc_arena_strdup(fc_arena *a, const char *s);
void fc_arena_free(fc_arena *a);

/* 1 when the period's data is complete: the as-of day lies after the period's last day. */
int fc_month_complete(int32_t period, int32_t as_of);

/* 1 when the period's data is complete: the as-of day lies after the period's last day. */
int fc_month_complete(int32_t period, int32_t as_of);

/* "$14,200.00" (decimals 2) or "$14,200" (decimals 0). */
char *fc_money_words(fc_money v, int decimals, char *buf, size_t size);

#endif
