/* test_fcbase.c: the routines the host and the plugins share (plugins/common/fcbase.h): checked
 * sums, a * b / c with its rounding, calendar days, digit grouping, the usage line item rule and
 * the hash table with heap and with counted custom memory. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fcbase.h"

static int64_t md(int64_t a, int64_t b, int64_t c, int *rc) {
  int64_t q = 12345;
  *rc = fc_muldiv(a, b, c, &q);
  return q;
}

/* A table of strings kept by the test, keyed by text. */
typedef struct strs {
  char **v;
  size_t n;
} strs;

static strs g_strs;

static int str_eq(const void *u, uint32_t id) {
  const char *const *k = u;
  return strcmp(g_strs.v[id], *k) == 0;
}

/* Memory from a counting allocator that never frees (an arena's behaviour). */
typedef struct counter {
  size_t allocs, bytes;
  void *blocks[64];
} counter;

static void *count_alloc(void *mem, size_t size) {
  counter *c = mem;
  if (c->allocs == 64)
    return NULL;
  c->bytes += size;
  return c->blocks[c->allocs++] = malloc(size);
}

typedef struct pair_key {
  const uint64_t *keys;
  uint64_t k;
} pair_key;

static int pair_eq(const void *u, uint32_t id) {
  const pair_key *p = u;
  return p->keys[id] == p->k;
}

static int never_eq(const void *u, uint32_t id) {
  (void)u;
  (void)id;
  return 0;
}

int main(void) {
  /* checked sums */
  int64_t a = INT64_MAX - 1;
  CHECK_INT(fc_add_checked(&a, 1), 0);
  CHECK_INT(a, INT64_MAX);
  CHECK_INT(fc_add_checked(&a, 1), -1);
  CHECK_INT(a, INT64_MAX); /* unchanged */
  a = INT64_MIN;
  CHECK_INT(fc_add_checked(&a, -1), -1);
  CHECK_INT(fc_add_checked(&a, INT64_MAX), 0);
  CHECK_INT(a, -1);

  /* a * b / c, half away from zero */
  int rc;
  CHECK_INT(md(5, 1, 2, &rc), 3); /* 2.5 -> 3 */
  CHECK_INT(rc, 0);
  CHECK_INT(md(-5, 1, 2, &rc), -3); /* -2.5 -> -3 */
  CHECK_INT(md(7, 1, 2, &rc), 4);   /* 3.5 -> 4 (banker's would give 4 too) */
  CHECK_INT(md(9, 1, 2, &rc), 5);   /* 4.5 -> 5 (banker's: 4) */
  CHECK_INT(md(1, 1, 3, &rc), 0);   /* 0.33 */
  CHECK_INT(md(2, 1, 3, &rc), 1);   /* 0.67 */
  CHECK_INT(md(-2, 1, 3, &rc), -1);
  CHECK_INT(md(-1, 1, 3, &rc), 0);
  CHECK_INT(md(1500, 20, 30, &rc), 1000);
  /* the 128-bit product: (2^62) * 6 / 3 leaves nothing out */
  CHECK_INT(md(INT64_C(1) << 62, 6, 12, &rc), INT64_C(1) << 61);
  CHECK_INT(rc, 0);
  CHECK_INT(md(INT64_MAX, INT64_MAX, INT64_MAX, &rc), INT64_MAX);
  CHECK_INT(rc, 0);
  md(INT64_MAX, 2, 1, &rc);
  CHECK_INT(rc, -1);
  CHECK_INT(md(INT64_MAX, 2, 1, &rc), 12345); /* *out unchanged */
  md(INT64_MIN, 2, 1, &rc);
  CHECK_INT(rc, -1);
  md(1, 1, 0, &rc);
  CHECK_INT(rc, -1);
  md(1, 1, -2, &rc);
  CHECK_INT(rc, -1);
  /* a price times a multiplier in millionths: 3.30 USD (1e-10) x 1.75 */
  CHECK_INT(md(33000000000LL, 1750000, 1000000, &rc), 57750000000LL);

  /* calendar days against known dates, and a round trip over 1900..2400 */
  CHECK_INT(fc_days_from_civil(1970, 1, 1), 0);
  CHECK_INT(fc_days_from_civil(2026, 11, 1), 20758);
  CHECK_INT(fc_days_from_civil(2000, 3, 1), 11017);
  CHECK_INT(fc_days_from_civil(1969, 12, 31), -1);
  int y, m, d;
  fc_civil_from_days(20758 + 29, &y, &m, &d);
  CHECK(y == 2026 && m == 11 && d == 30);
  fc_civil_from_days(-1, &y, &m, &d);
  CHECK(y == 1969 && m == 12 && d == 31);
  fc_civil_from_days(11016, &y, &m, &d);
  CHECK(y == 2000 && m == 2 && d == 29);
  int bad = 0;
  for (int32_t z = fc_days_from_civil(1900, 1, 1); z < fc_days_from_civil(2400, 1, 1); z++) {
    fc_civil_from_days(z, &y, &m, &d);
    if (fc_days_from_civil(y, m, d) != z || m < 1 || m > 12 || d < 1 || d > 31)
      bad++;
  }
  CHECK_INT(bad, 0);
  fc_civil_from_days(INT32_MAX, &y, &m, &d); /* no overflow at the ends of the range */
  CHECK(y == 5881580 && m == 7 && d == 11);
  fc_civil_from_days(INT32_MIN, &y, &m, &d);
  CHECK(y == -5877641 && m == 6 && d == 23);

  /* digit grouping */
  char buf[64];
  CHECK_STR(fc_group_digits("0", buf, sizeof buf), "0");
  CHECK_STR(fc_group_digits("999", buf, sizeof buf), "999");
  CHECK_STR(fc_group_digits("1000", buf, sizeof buf), "1,000");
  CHECK_STR(fc_group_digits("-1234567", buf, sizeof buf), "-1,234,567");
  CHECK_STR(fc_group_digits("1234567.891", buf, sizeof buf), "1,234,567.891");
  CHECK_STR(fc_group_digits("-$1234.50", buf, sizeof buf), "-$1,234.50");
  CHECK_STR(fc_group_digits("$100000", buf, sizeof buf), "$100,000");
  CHECK_STR(fc_group_digits("12345%", buf, sizeof buf), "12,345%");
  CHECK_STR(fc_group_digits("-9223372036854775808", buf, sizeof buf), "-9,223,372,036,854,775,808");
  CHECK_STR(fc_group_digits("abc", buf, sizeof buf), "abc");
  CHECK_STR(fc_group_digits("1234567", buf, 6), "1,234"); /* cut short, never a dangling comma */
  CHECK_STR(fc_group_digits("1234567", buf, 7), "1,234");
  CHECK_STR(fc_group_digits("1234567", buf, 1), "");

  /* usage versus adjustment */
  CHECK_INT(fc_line_item_is_usage("Usage"), 1);
  CHECK_INT(fc_line_item_is_usage("DiscountedUsage"), 1);
  CHECK_INT(fc_line_item_is_usage("SavingsPlanCoveredUsage"), 1);
  CHECK_INT(fc_line_item_is_usage("Credit"), 0);
  CHECK_INT(fc_line_item_is_usage("Refund"), 0);
  CHECK_INT(fc_line_item_is_usage("Tax"), 0);
  CHECK_INT(fc_line_item_is_usage("SavingsPlanNegation"), 0);
  CHECK_INT(fc_line_item_is_usage("usage"), 0);
  CHECK_INT(fc_line_item_is_usage(""), 0);

  /* hashing: stable values (outputs may not depend on them, the table's layout does) */
  CHECK(fc_hash_bytes("abc", 3, 0) == fc_hash_bytes("abc", 3, 0));
  CHECK(fc_hash_bytes("abc", 3, 0) != fc_hash_bytes("abc", 3, 1));
  CHECK(fc_hash_bytes("abcdefgh1", 9, 0) != fc_hash_bytes("abcdefgh2", 9, 0));
  CHECK(fc_hash_u64(1) != fc_hash_u64(2));

  /* the table over strings kept by the caller, on the heap: 20,000 keys, every one found, absent
   * keys not found, across many growths */
  enum { N = 20000 };
  fc_htab t;
  fc_htab_init(&t, NULL, NULL, NULL);
  CHECK_INT(fc_htab_find(&t, 42, str_eq, &(const char *){"x"}), FC_HTAB_NONE); /* empty, no memory */
  g_strs.v = calloc(N, sizeof *g_strs.v);
  int lost = 0;
  for (size_t i = 0; i < N; i++) {
    char key[32];
    snprintf(key, sizeof key, "key-%zu", i * 7919);
    const char *kp = key;
    uint64_t h = fc_hash_bytes(key, strlen(key), 0);
    if (fc_htab_find(&t, h, str_eq, &kp) != FC_HTAB_NONE)
      lost++;
    g_strs.v[i] = strdup(key);
    g_strs.n++;
    if (fc_htab_put(&t, h, (uint32_t)i))
      lost++;
  }
  CHECK_INT(lost, 0);
  CHECK_INT(t.n, N);
  CHECK(t.cap >= 2 * N && (t.cap & (t.cap - 1)) == 0); /* at most half full, a power of two */
  for (size_t i = 0; i < N; i++) {
    const char *kp = g_strs.v[i];
    if (fc_htab_find(&t, fc_hash_bytes(kp, strlen(kp), 0), str_eq, &kp) != (uint32_t)i)
      lost++;
    char absent[32];
    snprintf(absent, sizeof absent, "nokey-%zu", i);
    kp = absent;
    if (fc_htab_find(&t, fc_hash_bytes(kp, strlen(kp), 0), str_eq, &kp) != FC_HTAB_NONE)
      lost++;
  }
  CHECK_INT(lost, 0);
  /* colliding hashes: equality decides */
  fc_htab c;
  fc_htab_init(&c, NULL, NULL, NULL);
  for (uint32_t i = 0; i < 100; i++)
    CHECK_INT(fc_htab_put(&c, 77, i), 0);
  CHECK_INT(fc_htab_find(&c, 77, never_eq, NULL), FC_HTAB_NONE);
  fc_htab_free(&c);
  CHECK_INT(fc_htab_put(&c, 1, FC_HTAB_NONE), -1); /* ids out of range are refused */
  CHECK_INT(fc_htab_put(&c, 1, FC_HTAB_NONE - 1), -1);
  CHECK_INT(c.n, 0);
  fc_htab_free(&c);
  fc_htab_free(&t);
  CHECK(t.slot == NULL && t.cap == 0 && t.n == 0);
  for (size_t i = 0; i < g_strs.n; i++)
    free(g_strs.v[i]);
  free(g_strs.v);

  /* pairs of ids in arena-like memory (no release): each growth allocates, nothing is freed */
  counter mem = {0};
  fc_htab p;
  fc_htab_init(&p, count_alloc, NULL, &mem);
  uint64_t keys[1000];
  for (uint32_t i = 0; i < 1000; i++) {
    keys[i] = ((uint64_t)(i % 10 + 1) << 32) | (i / 10);
    pair_key k = {keys, keys[i]};
    if (fc_htab_find(&p, fc_hash_u64(keys[i]), pair_eq, &k) != FC_HTAB_NONE ||
        fc_htab_put(&p, fc_hash_u64(keys[i]), i))
      lost++;
  }
  for (uint32_t i = 0; i < 1000; i++) {
    pair_key k = {keys, keys[i]};
    if (fc_htab_find(&p, fc_hash_u64(keys[i]), pair_eq, &k) != i)
      lost++;
  }
  CHECK_INT(lost, 0);
  CHECK(mem.allocs >= 7 && mem.allocs < 64); /* 16 .. 2048 slots */
  CHECK_INT(fc_htab_reserve(&p, 1000), 0);   /* room already: no allocation */
  size_t before = mem.allocs;
  CHECK_INT(fc_htab_reserve(&p, 1000), 0);
  CHECK_INT(mem.allocs, before);
  /* out of memory leaves the table as it was */
  mem.allocs = 64;
  CHECK_INT(fc_htab_reserve(&p, 100000), -1);
  mem.allocs = before;
  {
    pair_key k = {keys, keys[999]};
    CHECK_INT(fc_htab_find(&p, fc_hash_u64(keys[999]), pair_eq, &k), 999);
  }
  for (size_t i = 0; i < before; i++)
    free(mem.blocks[i]);

  printf("%d checks, %d failed\n", fc_check_count, fc_check_failures);
  return fc_check_failures != 0;
}
