/* test_numfmt.c: the printf-free number formats write exactly what printf writes: integers at the
 * edges, and "%.*f" of doubles of every kind (random bit patterns, exact halves that round to even,
 * values next to a rounding boundary, signed zeros, subnormals). */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "numfmt.h"
#include "util.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) { /* xorshift64*: the same numbers on every run */
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}

static int bad_fixed;
static void fixed(double v, int d) {
  char want[400], got[40];
  snprintf(want, sizeof want, "%.*f", d, v);
  size_t n = fc_fmt_fixed(got, v, d);
  if (!isfinite(v) || fabs(v) >= 9e18 || d > 9) {
    if (n != 0 && bad_fixed++ < 10)
      fprintf(stderr, "fixed(%a, %d): formatted out of range\n", v, d);
    return;
  }
  got[n] = '\0';
  if (strcmp(want, got) != 0 && bad_fixed++ < 10)
    fprintf(stderr, "fixed(%a, %d): got %s, want %s\n", v, d, got, want);
}

static double from_bits(uint64_t b) {
  double v;
  memcpy(&v, &b, sizeof v);
  return v;
}

int main(void) {
  char buf[40];
  static const int64_t ints[] = {
      0,   1,         -1,         9,         10,        -10,           99,
      100, 123456789, -987654321, INT64_MAX, INT64_MIN, INT64_MIN + 1, 1000000000000000000LL};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    char want[40];
    snprintf(want, sizeof want, "%lld", (long long)ints[i]);
    buf[fc_fmt_i64(buf, ints[i])] = '\0';
    CHECK_STR(buf, want);
  }
  buf[fc_fmt_u64(buf, UINT64_MAX)] = '\0';
  CHECK_STR(buf, "18446744073709551615");
  for (int k = 0; k < 200000; k++) {
    int d = (int)(next() % 11);
    fixed(from_bits(next()), d);                                     /* any double: mostly out of range */
    fixed(ldexp((double)(int64_t)next(), -(int)(next() % 90)), d);   /* binary fractions, exact ties */
    fixed((double)(int64_t)(next() % 2000000001) / 1e6 - 1000.0, d); /* money-like */
    fixed((double)(next() % 100000) + 0.5 / pow(10, d), d);          /* next to the rounding boundary */
    fixed(ldexp((double)(next() >> 11), -1074 + (int)(next() % 1100)), d); /* tiny to huge */
  }
  static const double edge[] = {0.0,
                                -0.0,
                                0.5,
                                1.5,
                                2.5,
                                -0.5,
                                -2.5,
                                0.125,
                                0.0078125,
                                1e-7,
                                -1e-9,
                                5e-7,
                                4.9999999999e-7,
                                8.999999999999e18,
                                9e18,
                                -9e18,
                                4.9e-324,
                                1.0 / 3};
  for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
    for (int d = 0; d <= 10; d++)
      fixed(edge[i], d);
  fixed(INFINITY, 6);
  fixed(NAN, 6);
  CHECK_INT(bad_fixed, 0);
  /* money, dates and periods through util.c's formats */
  CHECK_STR(fc_money_format(-12345678900LL, 6, buf), "-1.234568");
  CHECK_STR(fc_money_format(-4LL, 6, buf), "0.000000");
  CHECK_STR(fc_money_format(INT64_MIN, 10, buf), "-922337203.6854775808");
  CHECK_STR(fc_money_format(INT64_MAX, 0, buf), "922337204");
  CHECK_STR(fc_decimal_format(42, 0, 3, buf), "42");
  CHECK_STR(fc_decimal_format(-5, 1, 1, buf), "-0.5");
  CHECK_STR(fc_date_format(fc_days_from_civil(2026, 11, 3), buf), "2026-11-03");
  CHECK_STR(fc_date_format(fc_days_from_civil(1, 1, 1), buf), "0001-01-01");
  CHECK_STR(fc_period_format(202611, buf), "2026-11");
  CHECK_STR(fc_period_format(99901, buf), "0999-01");
  return fc_check_done("test_numfmt");
}
