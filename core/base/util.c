/* util.c: strings, fixed-point decimals, calendar arithmetic, arenas. */
#include "util.h"
#include "numfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *fc_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *fc_strdup(const char *s) { return fc_strndup(s, strlen(s)); }

char *fc_vasprintf(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return NULL;
  char *p = malloc((size_t)n + 1);
  if (!p)
    return NULL;
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *fc_asprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = fc_vasprintf(fmt, ap);
  va_end(ap);
  return p;
}

/* The common form, [-+]digits[.digits] with at most 8 integer digits and at most `scale`
 * decimals (scale <= 10): exact, and in range. 1 when s is of that form (*out set), else 0. */
static int plain_decimal(const char *s, size_t len, int scale, int64_t *out) {
  size_t i = 0, id = 0, fd = 0;
  int neg = 0;
  uint64_t v = 0;
  if (scale > 10)
    return 0;
  if (i < len && (s[i] == '-' || s[i] == '+'))
    neg = s[i++] == '-';
  for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, id++)
    v = v * 10 + (uint64_t)(s[i] - '0');
  if (id > 8)
    return 0;
  if (i < len && s[i] == '.')
    for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, fd++) {
      if ((int)fd == scale)
        return 0;
      v = v * 10 + (uint64_t)(s[i] - '0');
    }
  if (i != len || id + fd == 0)
    return 0;
  for (int k = (int)fd; k < scale; k++)
    v *= 10;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return 1;
}

/* Digits are gathered as a decimal string with a point position, then scaled once, so
 * "1.5E-7" and "0.00000015" give the same units. */
int fc_decimal_parse(const char *s, size_t len, int scale, int64_t *out, int *inexact) {
  size_t i = 0;
  int neg = 0;
  if (inexact)
    *inexact = 0;
  if (plain_decimal(s, len, scale, out))
    return 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  if (i < len && (s[i] == '-' || s[i] == '+'))
    neg = s[i++] == '-';
  char digits[64];
  int nd = 0, point = -1, seen = 0;
  for (; i < len; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      seen = 1;
      if (nd == 0 && c == '0' && point < 0)
        continue; /* leading zeros of the integer part */
      if (nd >= (int)sizeof digits - 1) {
        if (point >= 0) { /* excess fraction digits beyond any scale we use */
          if (c != '0' && inexact)
            *inexact = 1;
          continue;
        }
        return -2;
      }
      digits[nd++] = c;
    } else if (c == '.' && point < 0) {
      point = nd;
    } else {
      break;
    }
  }
  if (!seen)
    return -1;
  if (point < 0)
    point = nd;
  int exp = 0;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    int eneg = 0, edig = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
      eneg = s[i++] == '-';
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
      if (exp < 1000)
        exp = exp * 10 + (s[i] - '0');
      edig = 1;
    }
    if (!edig)
      return -1;
    if (eneg)
      exp = -exp;
  }
  if (i != len)
    return -1;
  /* value = 0.digits * 10^(point+exp); units = value * 10^scale */
  int intlen = point + exp + scale; /* how many leading digits form the integer of units */
  uint64_t v = 0;
  for (int k = 0; k < intlen; k++) {
    int dgt = k < nd ? digits[k] - '0' : 0;
    if (v > (UINT64_MAX - 9) / 10)
      return -2;
    v = v * 10 + (uint64_t)dgt;
  }
  /* Dropped digits: digits[intlen..nd) when intlen >= 0; all of them (behind -intlen implicit
   * zeros, so never rounding up) when intlen < 0. */
  int from = intlen < 0 ? 0 : intlen;
  int nonzero = 0;
  for (int k = from; k < nd; k++)
    nonzero |= digits[k] != '0';
  if (nonzero) {
    if (inexact)
      *inexact = 1;
    if (intlen >= 0 && intlen < nd && digits[intlen] >= '5')
      v++;
  }
  if (v > (uint64_t)INT64_MAX)
    return -2;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return 0;
}

int fc_money_parse(const char *s, size_t len, fc_money *out, int *inexact) {
  return fc_decimal_parse(s, len, 10, out, inexact);
}

char *fc_decimal_format(int64_t v, int scale, int decimals, char *buf) {
  uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  if (decimals > scale)
    decimals = scale;
  if (decimals < 0 || decimals > 18)
    decimals = decimals < 0 ? 0 : 18;
  uint64_t div = 1;
  for (int k = 0; k < scale - decimals; k++)
    div *= 10;
  uint64_t q = a / div, r = a % div;
  if (div > 1 && r * 2 >= div)
    q++;
  uint64_t p10 = 1;
  for (int k = 0; k < decimals; k++)
    p10 *= 10;
  uint64_t ip = q / p10, fp = q % p10;
  int neg = v < 0 && q != 0;
  size_t n = 0; /* at most '-', 20 digits, '.' and the decimals: under 32 */
  if (neg)
    buf[n++] = '-';
  n += fc_fmt_u64(buf + n, ip);
  if (decimals > 0) {
    buf[n++] = '.';
    n += fc_fmt_digits(buf + n, fp, decimals);
  }
  buf[n] = '\0';
  return buf;
}

char *fc_money_format(fc_money v, int decimals, char *buf) { return fc_decimal_format(v, 10, decimals, buf); }

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m) {
  static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

static int digits_at(const char *s, size_t n, int *v) {
  int r = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    r = r * 10 + (s[i] - '0');
  }
  *v = r;
  return 0;
}

static int ymd_at(const char *s, size_t len, int32_t *day) {
  int y, m, d;
  if (len < 10 || s[4] != '-' || s[7] != '-' || digits_at(s, 4, &y) || digits_at(s + 5, 2, &m) ||
      digits_at(s + 8, 2, &d))
    return -1;
  if (m < 1 || m > 12 || d < 1 || d > month_days(y, m))
    return -1;
  *day = fc_days_from_civil(y, m, d);
  return 0;
}

int fc_timestamp_parse(const char *s, size_t len, int32_t *day) {
  if (ymd_at(s, len, day))
    return -1;
  if (len == 10)
    return 0;
  /* time part: [T ]HH:MM[:SS[.fff]][Z|+00:00] */
  const char *t = s + 10;
  size_t n = len - 10;
  if (t[0] != 'T' && t[0] != ' ')
    return -1;
  t++;
  n--;
  int hh, mi, ss = 0;
  if (n < 5 || digits_at(t, 2, &hh) || t[2] != ':' || digits_at(t + 3, 2, &mi) || hh > 23 || mi > 59)
    return -1;
  t += 5;
  n -= 5;
  if (n >= 3 && t[0] == ':') {
    if (digits_at(t + 1, 2, &ss) || ss > 60)
      return -1;
    t += 3;
    n -= 3;
    if (n && t[0] == '.') {
      t++;
      n--;
      size_t k = 0;
      while (k < n && t[k] >= '0' && t[k] <= '9')
        k++;
      if (!k)
        return -1;
      t += k;
      n -= k;
    }
  }
  if (n == 0 || (n == 1 && t[0] == 'Z'))
    return 0;
  if (n == 6 && (t[0] == '+' || t[0] == '-') && t[3] == ':' && memcmp(t + 1, "00", 2) == 0 &&
      memcmp(t + 4, "00", 2) == 0)
    return 0;
  return -1;
}

int fc_date_parse(const char *s, int32_t *day) {
  size_t len = strlen(s);
  return len == 10 ? ymd_at(s, len, day) : -1;
}

int fc_period_parse(const char *s, int32_t *period) {
  int y, m;
  if (strlen(s) != 7 || s[4] != '-' || digits_at(s, 4, &y) || digits_at(s + 5, 2, &m) || m < 1 || m > 12)
    return -1;
  *period = y * 100 + m;
  return 0;
}

char *fc_date_format(int32_t day, char *buf) {
  int y, m, d;
  fc_civil_from_days(day, &y, &m, &d);
  char tmp[48];
  if (y >= 0 && y <= 9999) { /* the same bytes as the format below, without printf */
    fc_fmt_digits(tmp, (uint64_t)y, 4);
    tmp[4] = '-';
    fc_fmt_digits(tmp + 5, (uint64_t)m, 2);
    tmp[7] = '-';
    fc_fmt_digits(tmp + 8, (uint64_t)d, 2);
  } else {
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
  }
  memcpy(buf, tmp, 10);
  buf[10] = '\0';
  return buf;
}

int32_t fc_period_prev(int32_t period) {
  return period % 100 == 1 ? (period / 100 - 1) * 100 + 12 : period - 1;
}

char *fc_period_format(int32_t period, char *buf) {
  char tmp[32];
  int y = period / 100, m = period % 100;
  if (y >= 0 && y <= 9999 && m >= 0 && m <= 99) { /* the same bytes as the format below, without printf */
    fc_fmt_digits(tmp, (uint64_t)y, 4);
    tmp[4] = '-';
    fc_fmt_digits(tmp + 5, (uint64_t)m, 2);
  } else
    snprintf(tmp, sizeof tmp, "%04d-%02d", y, m);
  memcpy(buf, tmp, 7);
  buf[7] = '\0';
  return buf;
}

int32_t fc_period_of_day(int32_t day) {
  int y, m, d;
  fc_civil_from_days(day, &y, &m, &d);
  return y * 100 + m;
}

int32_t fc_period_first_day(int32_t period) { return fc_days_from_civil(period / 100, period % 100, 1); }

int fc_period_days(int32_t period) { return month_days(period / 100, period % 100); }

struct fc_arena_block {
  fc_arena_block *next;
  size_t size;
  max_align_t data[];
};

void fc_arena_init(fc_arena *a) {
  memset(a, 0, sizeof *a);
#ifdef FC_ARENA_DEBUG
  a->per_alloc = 1;
#else
  const char *e = getenv("FINOPS_ARENA_MALLOC");
  a->per_alloc = e && e[0] == '1';
#endif
}

void *fc_arena_alloc(fc_arena *a, size_t n) {
  const size_t al = sizeof(max_align_t);
  n = (n + al - 1) / al * al;
  if (n == 0)
    n = al;
  if (a->per_alloc || n > 16384) {
    fc_arena_block *b = calloc(1, sizeof *b + n);
    if (!b)
      return NULL;
    b->size = n;
    if (a->head) { /* keep the current bump block at the head */
      b->next = a->head->next;
      a->head->next = b;
    } else {
      a->head = b;
      a->used = a->cap = n;
    }
    return b->data;
  }
  if (!a->head || a->used + n > a->cap) {
    size_t cap = 65536;
    fc_arena_block *b = calloc(1, sizeof *b + cap);
    if (!b)
      return NULL;
    b->size = cap;
    b->next = a->head;
    a->head = b;
    a->used = 0;
    a->cap = cap;
  }
  void *p = (char *)a->head->data + a->used;
  a->used += n;
  return p;
}

char *fc_arena_strndup(fc_arena *a, const char *s, size_t n) {
  char *p = fc_arena_alloc(a, n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *fc_arena_strdup(fc_arena *a, const char *s) { return fc_arena_strndup(a, s, strlen(s)); }

void fc_arena_free(fc_arena *a) {
  fc_arena_block *b = a->head;
  while (b) {
    fc_arena_block *n = b->next;
    free(b);
    b = n;
  }
  int per = a->per_alloc;
  memset(a, 0, sizeof *a);
  a->per_alloc = per;
}

int fc_read_file(const char *path, char **buf, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  /* a regular file is read into a buffer of its size (no copies as it grows); anything else, or a
   * file that grows meanwhile, by doubling */
  struct stat st;
  size_t cap = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 8192;
  size_t n = 0;
  char *b = malloc(cap);
  int e = b ? 0 : ENOMEM;
  while (b) {
    if (n == cap) {
      char *nb = realloc(b, cap * 2);
      if (!nb) {
        e = ENOMEM;
        break;
      }
      b = nb;
      cap *= 2;
    }
    ssize_t got = read(fd, b + n, cap - n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      e = errno ? errno : EIO;
      break;
    }
    if (got == 0)
      break;
    n += (size_t)got;
  }
  close(fd);
  if (!e && n == cap) {
    char *nb = realloc(b, cap + 1);
    if (!nb)
      e = ENOMEM;
    else
      b = nb;
  }
  if (e) {
    free(b);
    errno = e;
    return -1;
  }
  b[n] = '\0';
  *buf = b;
  *len = n;
  return 0;
}

int fc_month_complete(int32_t period, int32_t as_of) {
  return as_of >= fc_period_first_day(period) + fc_period_days(period);
}

char *fc_money_words(fc_money v, int decimals, char *buf, size_t size) {
  char raw[48];
  raw[0] = '-';
  raw[1] = '$';
  fc_money_format(v < 0 ? -v : v, decimals, raw + 2);
  return fc_group_digits(raw + (v < 0 ? 0 : 1), buf, size);
}
