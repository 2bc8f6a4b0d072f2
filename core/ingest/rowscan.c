/* rowscan.c: the scanner's byte-level passes over records (see rowscan.h). Bytes are compared
 * sixteen at a time with SSE2 where the compiler targets it (every x86-64), 32 at a time with AVX2
 * when the processor has it (chosen at run time), one at a time otherwise; all give the same bit
 * masks. */
#include "rowscan.h"

#include <string.h>

#include "rules.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define NEEDLE FC_RULE_ROW_NEEDLE
#define NEEDLE_LEN (sizeof NEEDLE - 1)

/* Bit k set where byte k of a 64-byte block is a line break, a quote, a comma, the needle's
 * first byte. */
typedef struct masks {
  uint64_t nl, q, c, b;
} masks;

#if defined(__SSE2__)
static inline uint64_t mask16(__m128i x0, __m128i x1, __m128i x2, __m128i x3, __m128i v) {
  uint64_t a = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x0, v));
  uint64_t b = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x1, v));
  uint64_t c = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x2, v));
  uint64_t d = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x3, v));
  return a | b << 16 | c << 32 | d << 48;
}
#endif

static inline void block_masks(const unsigned char *p, masks *m, int commas) {
#if defined(__SSE2__)
  __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
  __m128i x2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 32));
  __m128i x3 = _mm_loadu_si128((const __m128i *)(const void *)(p + 48));
  m->nl = mask16(x0, x1, x2, x3, _mm_set1_epi8('\n'));
  m->q = mask16(x0, x1, x2, x3, _mm_set1_epi8('"'));
  m->c = commas ? mask16(x0, x1, x2, x3, _mm_set1_epi8(',')) : 0;
  m->b = mask16(x0, x1, x2, x3, _mm_set1_epi8(NEEDLE[0]));
#else
  memset(m, 0, sizeof *m);
  for (int k = 0; k < 64; k++) {
    uint64_t bit = (uint64_t)1 << k;
    m->nl |= p[k] == '\n' ? bit : 0;
    m->q |= p[k] == '"' ? bit : 0;
    m->c |= p[k] == ',' ? bit : 0;
    m->b |= p[k] == (unsigned char)NEEDLE[0] ? bit : 0;
  }
#endif
}

/* p[0..7) is the needle: two overlapping 4-byte words, compared inline. */
static inline int is_needle(const char *p) {
  _Static_assert(NEEDLE_LEN == 7, "the needle is compared as two 4-byte words");
  static const char nd[] = NEEDLE;
  uint32_t a, b, na, nb;
  memcpy(&a, p, 4);
  memcpy(&b, p + 3, 4);
  memcpy(&na, nd, 4);
  memcpy(&nb, nd + 3, 4);
  return a == na && b == nb;
}

/* The body of fc_row_scan, with BLOCK computing a block's masks (p, n, comma, maxc, out in scope). */
#define ROW_SCAN(BLOCK)                                                                                      \
  do {                                                                                                       \
    const unsigned char *u = (const unsigned char *)p;                                                       \
    unsigned char tail[64];                                                                                  \
    uint64_t par = 0; /* the quote masks XORed: their parity is the quotes' parity */                        \
    int needle = 0, quoted = 0;                                                                              \
    size_t nc = 0, end = n;                                                                                  \
    if (n > UINT32_MAX)                                                                                      \
      maxc = 0;                                                                                              \
    for (size_t i = 0; i < n; i += 64) {                                                                     \
      masks m;                                                                                               \
      if (n - i >= 64) {                                                                                     \
        BLOCK(u + i, &m, nc < maxc && !quoted);                                                              \
      } else { /* the last bytes, padded with zeros (which match nothing) */                                 \
        memset(tail, 0, sizeof tail);                                                                        \
        memcpy(tail, u + i, n - i);                                                                          \
        BLOCK(tail, &m, nc < maxc && !quoted);                                                               \
      }                                                                                                      \
      int last = m.nl != 0;                                                                                  \
      if (last) {                                                                                            \
        uint64_t keep = (m.nl & -m.nl) - 1; /* the bytes before the line break */                            \
        end = i + (size_t)__builtin_ctzll(m.nl);                                                             \
        m.q &= keep;                                                                                         \
        m.c &= keep;                                                                                         \
        m.b &= keep;                                                                                         \
      }                                                                                                      \
      par ^= m.q;                                                                                            \
      /* the needle has no line break: one that starts before it and fits in the data ends before it */      \
      for (uint64_t b = needle ? 0 : m.b; b; b &= b - 1) {                                                   \
        size_t at = i + (size_t)__builtin_ctzll(b);                                                          \
        if (at + NEEDLE_LEN <= n && is_needle(p + at)) {                                                     \
          needle = 1;                                                                                        \
          break;                                                                                             \
        }                                                                                                    \
      }                                                                                                      \
      if (nc < maxc && !quoted) {                                                                            \
        uint64_t c = m.c;                                                                                    \
        if (m.q)                                                                                             \
          c &= (m.q & -m.q) - 1;                                                                             \
        for (; c && nc < maxc; c &= c - 1)                                                                   \
          comma[nc++] = (uint32_t)(i + (size_t)__builtin_ctzll(c));                                          \
      }                                                                                                      \
      quoted |= m.q != 0;                                                                                    \
      if (last)                                                                                              \
        break;                                                                                               \
    }                                                                                                        \
    out->end = end;                                                                                          \
    par ^= par >> 32;                                                                                        \
    par ^= par >> 16;                                                                                        \
    par ^= par >> 8;                                                                                         \
    par ^= par >> 4;                                                                                         \
    par ^= par >> 2;                                                                                         \
    par ^= par >> 1;                                                                                         \
    out->parity = (int)(par & 1);                                                                            \
    out->needle = needle;                                                                                    \
    out->ncomma = nc;                                                                                        \
    out->quoted = quoted;                                                                                    \
  } while (0)

void fc_row_scan_base(const char *p, size_t n, uint32_t *comma, size_t maxc, fc_rowscan *out) {
  ROW_SCAN(block_masks);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
__attribute__((target("avx2"))) static inline uint64_t mask32(__m256i x0, __m256i x1, __m256i v) {
  uint64_t a = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x0, v));
  uint64_t b = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x1, v));
  return a | b << 32;
}

__attribute__((target("avx2"))) static inline void block_masks_avx2(const unsigned char *p, masks *m,
                                                                    int commas) {
  __m256i x0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
  __m256i x1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
  m->nl = mask32(x0, x1, _mm256_set1_epi8('\n'));
  m->q = mask32(x0, x1, _mm256_set1_epi8('"'));
  m->c = commas ? mask32(x0, x1, _mm256_set1_epi8(',')) : 0;
  m->b = mask32(x0, x1, _mm256_set1_epi8(NEEDLE[0]));
}

__attribute__((target("avx2"))) static void row_scan_avx2(const char *p, size_t n, uint32_t *comma,
                                                          size_t maxc, fc_rowscan *out) {
  ROW_SCAN(block_masks_avx2);
}
#endif

void fc_row_scan(const char *p, size_t n, uint32_t *comma, size_t maxc, fc_rowscan *out) {
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports("avx2")) { /* the same masks, 32 bytes at a time */
    row_scan_avx2(p, n, comma, maxc, out);
    return;
  }
#endif
  fc_row_scan_base(p, n, comma, maxc, out);
}

/* The first byte of p[0..end - p) that is a comma, a quote, a carriage return or a line break;
 * end when there is none. */
static const char *next_special(const char *p, const char *end) {
#if defined(__SSE2__)
  const __m128i vc = _mm_set1_epi8(','), vq = _mm_set1_epi8('"'), vr = _mm_set1_epi8('\r'),
                vn = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vq)),
                               _mm_or_si128(_mm_cmpeq_epi8(x, vr), _mm_cmpeq_epi8(x, vn)));
    unsigned mask = (unsigned)_mm_movemask_epi8(hit);
    if (mask)
      return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  for (; p < end; p++)
    if (*p == ',' || *p == '"' || *p == '\r' || *p == '\n')
      return p;
  return end;
}

static int blank(char c) { return c == ' ' || c == '\t'; }

size_t fc_row_split(const char *rec, size_t n, void (*field)(void *user, size_t i, const fc_rowfield *f),
                    void *user) {
  const char *p = rec, *end = rec + n;
  size_t i = 0;
  if (n > UINT32_MAX)
    return 0;
  for (;;) {
    fc_rowfield f;
    if (p < end && *p == '"') {
      const char *q = p + 1;
      f.esc = 0;
      for (;;) {
        q = memchr(q, '"', (size_t)(end - q));
        if (!q)
          return 0;
        if (q + 1 < end && q[1] == '"') { /* a doubled quote inside */
          f.esc = 1;
          q += 2;
          continue;
        }
        break;
      }
      f.off = (uint32_t)(p + 1 - rec);
      f.len = (uint32_t)(q - p - 1);
      p = q + 1;
      if (p < end && *p != ',')
        return 0;
    } else {
      const char *e = next_special(p, end);
      if (e < end && *e != ',')
        return 0;
      if (e > p && (blank(*p) || blank(e[-1])))
        return 0; /* libcsv trims these */
      f.off = (uint32_t)(p - rec);
      f.len = (uint32_t)(e - p);
      f.esc = 0;
      p = e;
    }
    field(user, i++, &f);
    if (p >= end)
      return i;
    p++; /* the comma */
  }
}

/* ---- framing helpers (whole records) ---- */

int fc_quote_parity(const char *p, size_t n) {
  size_t i = 0;
  const uint64_t q = 0x2222222222222222ULL, lo7 = 0x7F7F7F7F7F7F7F7FULL;
  uint64_t acc = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    uint64_t x = w ^ q;
    acc ^= ~(((x & lo7) + lo7) | x | lo7);
  }
  for (; i < n; i++)
    acc ^= (uint64_t)(p[i] == '"') << 7;
  acc ^= acc >> 32;
  acc ^= acc >> 16;
  acc ^= acc >> 8;
  return (int)((acc >> 7) & 1);
}

size_t fc_csv_problem(const char *rec, size_t n, size_t *nfields) {
  size_t i = 0, f = 1;
  while (n && (rec[n - 1] == '\n' || rec[n - 1] == '\r'))
    n--;
  for (;;) {
    if (i < n && rec[i] == '"') {
      size_t open = i++;
      for (;;) {
        const char *q = memchr(rec + i, '"', n - i);
        if (!q)
          return open; /* never closed */
        i = (size_t)(q - rec) + 1;
        if (i < n && rec[i] == '"') {
          i++;
          continue;
        }
        break;
      }
      if (i < n && rec[i] != ',')
        return i - 1;
    } else {
      while (i < n && rec[i] != ',') {
        if (rec[i] == '"')
          return i;
        i++;
      }
    }
    if (i >= n)
      break;
    i++; /* the comma */
    f++;
  }
  *nfields = f;
  return (size_t)-1;
}
