/* numfmt.c: see numfmt.h. */
#include "numfmt.h"

#include <math.h>
#include <string.h>

size_t fc_fmt_u64(char *buf, uint64_t v) {
  char tmp[20];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  return n;
}

size_t fc_fmt_i64(char *buf, int64_t v) {
  if (v >= 0)
    return fc_fmt_u64(buf, (uint64_t)v);
  buf[0] = '-';
  return 1 + fc_fmt_u64(buf + 1, (uint64_t)0 - (uint64_t)v);
}

size_t fc_fmt_digits(char *buf, uint64_t v, int width) {
  for (int i = width - 1; i >= 0; i--) {
    buf[i] = (char)('0' + v % 10);
    v /= 10;
  }
  return width > 0 ? (size_t)width : 0;
}

size_t fc_fmt_fixed(char *buf, double v, int decimals) {
  if (decimals < 0 || decimals > 9 || !isfinite(v) || fabs(v) >= 9e18)
    return 0;
  static const uint32_t p10s[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
  uint32_t p10 = p10s[decimals];
  /* |v| = m * 2^e exactly, m an integer below 2^53 */
  int e = 0;
  double fr = frexp(fabs(v), &e);
  uint64_t m = (uint64_t)ldexp(fr, 53);
  e -= 53;
  /* q = |v| * 10^decimals rounded half to even, computed exactly in 128 bits */
  unsigned __int128 x = (unsigned __int128)m * p10, q;
  if (e >= 0) {
    q = x << e; /* |v| < 2^63 and 10^9 < 2^30: below 2^93 */
  } else if (-e >= 100) {
    q = 0; /* x < 2^83: less than half a unit */
  } else {
    int s = -e;
    unsigned __int128 one = 1, rem = x & ((one << s) - 1), half = one << (s - 1);
    q = x >> s;
    if (rem > half || (rem == half && (q & 1)))
      q++;
  }
  uint64_t ip = (uint64_t)(q / p10), fp = (uint64_t)(q % p10);
  size_t n = 0;
  if (signbit(v))
    buf[n++] = '-';
  n += fc_fmt_u64(buf + n, ip);
  if (decimals > 0) {
    buf[n++] = '.';
    n += fc_fmt_digits(buf + n, fp, decimals);
  }
  return n;
}
