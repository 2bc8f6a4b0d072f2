/* fcbase.c: see fcbase.h. */
#include "fcbase.h"

#include <stdlib.h>
#include <string.h>

int fc_add_checked(int64_t *a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(*a, b, &r))
    return -1;
  *a = r;
  return 0;
}

int fc_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out) {
  __extension__ typedef __int128 i128;
  if (c <= 0)
    return -1;
  i128 p = (i128)a * (i128)b; /* |a*b| < 2^126: no overflow */
  i128 q = p / c, r = p % c;  /* truncated toward zero; r has p's sign */
  if (r >= 0 ? r >= c - r : -r >= c + r)
    q += p < 0 ? -1 : 1; /* |r| >= c/2: away from zero */
  if (q > INT64_MAX || q < INT64_MIN)
    return -1;
  *out = (int64_t)q;
  return 0;
}

int32_t fc_days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (int32_t)(era * 146097 + (int)doe - 719468);
}

void fc_civil_from_days(int32_t z, int *yy, int *mm, int *dd) {
  int64_t zz = (int64_t)z + 719468;
  const int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
  const unsigned doe = (unsigned)(zz - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = (int64_t)yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *yy = (int)(y + (m <= 2));
  *mm = (int)m;
  *dd = (int)d;
}

char *fc_group_digits(const char *num, char *out, size_t size) {
  if (!size)
    return out;
  const char *s = num;
  size_t o = 0;
  for (const char *lead = "-$"; *lead; lead++)
    if (*s == *lead && o + 1 < size)
      out[o++] = *s++;
  size_t digits = strspn(s, "0123456789");
  for (size_t i = 0; i < digits && o + 1 < size; i++) {
    if (i && (digits - i) % 3 == 0) {
      if (o + 2 >= size)
        break;
      out[o++] = ',';
    }
    out[o++] = s[i];
  }
  for (const char *p = s + digits; *p && o + 1 < size; p++)
    out[o++] = *p;
  out[o] = '\0';
  return out;
}

int fc_line_item_is_usage(const char *lit) {
  return strcmp(lit, "Usage") == 0 || strcmp(lit, "DiscountedUsage") == 0 ||
         strcmp(lit, "SavingsPlanCoveredUsage") == 0;
}

uint64_t fc_hash_bytes(const void *p, size_t n, uint64_t seed) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ULL ^ seed;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  for (; i < n; i++)
    h = (h ^ s[i]) * 0x100000001b3ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

uint64_t fc_hash_u64(uint64_t v) {
  v ^= v >> 33;
  v *= 0xff51afd7ed558ccdULL;
  v ^= v >> 33;
  v *= 0xc4ceb9fe1a85ec53ULL;
  v ^= v >> 33;
  return v;
}

void fc_htab_init(fc_htab *t, fc_htab_alloc_fn alloc, fc_htab_release_fn release, void *mem) {
  memset(t, 0, sizeof *t);
  t->alloc = alloc;
  t->release = release;
  t->mem = mem;
}

static fc_htab_slot *slots_new(fc_htab *t, size_t cap) {
  if (cap > SIZE_MAX / sizeof(fc_htab_slot))
    return NULL;
  fc_htab_slot *s = t->alloc ? t->alloc(t->mem, cap * sizeof *s) : malloc(cap * sizeof *s);
  if (s)
    memset(s, 0, cap * sizeof *s);
  return s;
}

static void slots_free(fc_htab *t, fc_htab_slot *s) {
  if (!s)
    return;
  if (!t->alloc)
    free(s);
  else if (t->release)
    t->release(t->mem, s);
}

static int rehash(fc_htab *t, size_t cap) {
  fc_htab_slot *s = slots_new(t, cap);
  if (!s)
    return -1;
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->slot[i].id)
      continue;
    size_t j = (size_t)t->slot[i].hash & (cap - 1);
    while (s[j].id)
      j = (j + 1) & (cap - 1);
    s[j] = t->slot[i];
  }
  slots_free(t, t->slot);
  t->slot = s;
  t->cap = cap;
  return 0;
}

int fc_htab_reserve(fc_htab *t, size_t n) {
  if (n > ((size_t)1 << 30))
    return -1;
  size_t cap = t->cap ? t->cap : 16;
  while (cap < n * 2)
    cap *= 2;
  return cap == t->cap ? 0 : rehash(t, cap);
}

int fc_htab_put(fc_htab *t, uint64_t hash, uint32_t id) {
  if (id >= FC_HTAB_NONE - 1 || fc_htab_reserve(t, t->n + 1))
    return -1;
  size_t j = fc_htab_home(t, hash);
  while (t->slot[j].id)
    j = (j + 1) & (t->cap - 1);
  t->slot[j].hash = fc_htab_hi(hash);
  t->slot[j].id = id + 1;
  t->n++;
  return 0;
}

void fc_htab_free(fc_htab *t) {
  slots_free(t, t->slot);
  t->slot = NULL;
  t->cap = t->n = 0;
}
