/* sessions.h: what the inputs show of each principal's sessions, in bounded space.
 *
 * Facts key an assumed-role session by its role (fc_principal_key_len), so a role's sessions leave
 * no trace in them. For each principal key and billing period this table keeps, whatever the
 * number of sessions:
 * - a count of distinct session names: exact while at most FC_SESSIONS_EXACT, then a HyperLogLog
 *   estimate (2^FC_SESSIONS_HLL_P registers, about 1.6% standard error);
 * - up to FC_SESSIONS_EXAMPLES session names: those with the smallest hashes (a fixed seed), ties by
 *   text.
 * Both depend only on the set of session names seen, not on their order or on how the rows were
 * split between readers: merging tables is associative and commutative, so one reader and N give
 * the same figures. */
#ifndef FC_SESSIONS_H
#define FC_SESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"

#define FC_SESSIONS_EXACT 64
#define FC_SESSIONS_HLL_P 12
#define FC_SESSIONS_EXAMPLES 3

typedef struct fc_session_sketch {
  uint32_t principal; /* string id of the principal key in the owning fact table's strings */
  int32_t period;     /* YYYYMM */
  uint32_t nexact;    /* distinct hashes held while exact; UINT32_MAX once estimated */
  uint64_t *exact;    /* FC_SESSIONS_EXACT hashes (sorted) while exact, else NULL */
  uint8_t *reg;       /* 2^FC_SESSIONS_HLL_P registers once estimated, else NULL */
  uint64_t ex_hash[FC_SESSIONS_EXAMPLES];
  char *ex[FC_SESSIONS_EXAMPLES]; /* smallest (hash, text) first; NULL = none */
  uint32_t nex;
} fc_session_sketch;

typedef struct fc_sessions {
  fc_session_sketch *v;
  size_t n, cap;
  fc_htab index; /* (principal string id, period) -> index in v */
} fc_sessions;

void fc_sessions_init(fc_sessions *s);
void fc_sessions_free(fc_sessions *s);
/* Records that principal key `principal` (a string id) was seen as session name[0..len) in billing
 * period `period` (YYYYMM). Returns 0, or -1 when out of memory. */
int fc_sessions_add(fc_sessions *s, uint32_t principal, int32_t period, const char *name, size_t len);
/* As fc_sessions_add, from a principal as CUR writes it: when v[0..n) is an assumed-role session
 * ARN, its session name is recorded under key_id (the id of its key, fc_principal_key_len). */
int fc_sessions_add_principal(fc_sessions *s, uint32_t key_id, int32_t period, const char *v, size_t n);
/* Adds src (whose principal ids are strings of src_strings) into dst (ids of dst_strings, interned
 * there as needed). Returns 0, or -1 when out of memory. */
int fc_sessions_merge(fc_sessions *dst, fc_strtab *dst_strings, const fc_sessions *src,
                      const fc_strtab *src_strings);

/* The union over principal keys ids[0..n) in period: *count distinct session names (exact, or estimated once
 * one of them went past FC_SESSIONS_EXACT) and up to max examples (borrowed, smallest hashes
 * first). Returns the number of examples; *count 0 when none of them had a session. -1 when out of
 * memory. */
int fc_sessions_query(const fc_sessions *s, const uint32_t *ids, size_t n, int32_t period, uint64_t *count,
                      const char **examples, size_t max);

#endif
