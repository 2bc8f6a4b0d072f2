/* fcbase.h: the routines the host and the plugins share, with no dependency on either: checked
 * int64 arithmetic, calendar days, digit grouping, the CUR usage-versus-adjustment rule, hashing
 * and one open-addressing hash table. Linked statically into the host (fccore) and into every
 * plugin (through fcplugkit); there is exactly one copy of each routine in the sources. */
#ifndef FC_BASE_H
#define FC_BASE_H

#include <stddef.h>
#include <stdint.h>

/* ---- checked arithmetic ---- */

/* Adds b to *a; returns -1 (leaving *a unchanged) on overflow of int64, else 0. */
int fc_add_checked(int64_t *a, int64_t b);

/* *out = a * b / c, computed exactly in 128 bits and rounded half away from zero (a tie of
 * 2.5 becomes 3, -2.5 becomes -3): the rounding every figure of the project uses, like
 * fc_decimal_format's. Returns 0, or -1 (*out unchanged) when c <= 0 or the result leaves int64. */
int fc_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out);

/* ---- calendar: days since 1970-01-01, proleptic Gregorian (H. Hinnant's algorithms) ---- */

int32_t fc_days_from_civil(int y, int m, int d);
void fc_civil_from_days(int32_t days, int *y, int *m, int *d);

/* ---- numbers for people ---- */

/* Copies the decimal number num ("-1234567.891", "1234", "12.5%") into out (size bytes, always
 * NUL-terminated, cut short when too small) with a ',' between groups of three digits of its
 * integer part: "-1,234,567.891". A leading '-' or '$' (in that order) is kept in front. Returns
 * out. */
char *fc_group_digits(const char *num, char *out, size_t size);

/* ---- CUR line items ---- */

/* 1 when a line_item_line_item_type is usage (Usage, DiscountedUsage, SavingsPlanCoveredUsage):
 * spend that follows the claim of the day it was used; 0 for an adjustment (Credit, Refund, Tax,
 * Fee, RIFee, SavingsPlanNegation, ...). */
int fc_line_item_is_usage(const char *line_item_type);

/* ---- hashing ---- */

/* 64-bit hash of bytes (FNV-1a folded with a multiply-xorshift finaliser). */
uint64_t fc_hash_bytes(const void *p, size_t n, uint64_t seed);
/* A 64-bit value mixed into a hash (an id, a pair of ids). */
uint64_t fc_hash_u64(uint64_t v);

/* ---- hash table ----
 * An index from keys to dense ids (0 .. UINT32_MAX-2): the caller keeps its entries in its own
 * array and the table maps a key's hash to the id of the entry; equality is the caller's (bytes,
 * strings, tuples of ids), so one table serves every key type. Hashes must be well mixed
 * (fc_hash_bytes, fc_hash_u64). Open addressing with linear probing, at most half full. Nothing may rely on
 * the order of slots. */

typedef struct fc_htab_slot {
  uint32_t hash; /* the high half of the key's hash */
  uint32_t id;   /* id + 1; 0 = empty */
} fc_htab_slot;

/* The allocator of a table: NULL alloc means malloc/free; else alloc(mem, size) and release(mem, p)
 * (release may be NULL when memory is freed all at once, as the host's per-run arena is). */
typedef void *(*fc_htab_alloc_fn)(void *mem, size_t size);
typedef void (*fc_htab_release_fn)(void *mem, void *p);

typedef struct fc_htab {
  fc_htab_slot *slot;
  size_t cap, n; /* cap: a power of two, or 0 */
  fc_htab_alloc_fn alloc;
  fc_htab_release_fn release;
  void *mem;
} fc_htab;

#define FC_HTAB_NONE UINT32_MAX

/* Sets up an empty table (no memory until the first put). */
void fc_htab_init(fc_htab *t, fc_htab_alloc_fn alloc, fc_htab_release_fn release, void *mem);
/* Makes room for n entries without growing. 0, or -1 on out of memory (the table unchanged). */
int fc_htab_reserve(fc_htab *t, size_t n);
/* Adds id under hash (the caller has checked it is absent). 0, or -1 on out of memory or an id
 * out of range (the table unchanged). */
int fc_htab_put(fc_htab *t, uint64_t hash, uint32_t id);
/* Frees the slots; the table is empty again and may be reused. */
void fc_htab_free(fc_htab *t);

static inline uint32_t fc_htab_hi(uint64_t hash) { return (uint32_t)(hash >> 32); }
static inline size_t fc_htab_home(const fc_htab *t, uint64_t hash) {
  return (size_t)fc_htab_hi(hash) & (t->cap - 1);
}

/* The id stored under hash for which eq(u, id) is true, or FC_HTAB_NONE. Inline so that a
 * comparison defined beside the call is inlined too. */
static inline uint32_t fc_htab_find(const fc_htab *t, uint64_t hash, int (*eq)(const void *u, uint32_t id),
                                    const void *u) {
  if (!t->cap)
    return FC_HTAB_NONE;
  uint32_t hi = fc_htab_hi(hash);
  for (size_t j = fc_htab_home(t, hash);; j = (j + 1) & (t->cap - 1)) {
    const fc_htab_slot *s = &t->slot[j];
    if (!s->id)
      return FC_HTAB_NONE;
    if (s->hash == hi && eq(u, s->id - 1))
      return s->id - 1;
  }
}

#endif
