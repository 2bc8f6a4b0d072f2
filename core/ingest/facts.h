/* facts.h: the fact table: interned strings and Bedrock rows summed by their dimensions. */
#ifndef FC_FACTS_H
#define FC_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "finops/plugin.h"
#include "util.h"

/* Interned strings: id 0 is "", ids are dense and stable for the table's life. */
typedef struct fc_strtab {
  fc_arena arena;
  const char **str; /* by id */
  uint32_t *len;
  uint32_t n, cap;
  fc_htab index; /* text -> id */
} fc_strtab;

int fc_strtab_init(fc_strtab *t);
/* Returns the id of s[0..len) (adding it), or UINT32_MAX on out of memory. */
uint32_t fc_strtab_intern(fc_strtab *t, const char *s, size_t len);
/* Looks s up without adding; UINT32_MAX when absent. */
uint32_t fc_strtab_lookup(const fc_strtab *t, const char *s, size_t len);
/* Borrowed until fc_strtab_free; "" for unknown ids. */
const char *fc_strtab_get(const fc_strtab *t, uint32_t id);
void fc_strtab_free(fc_strtab *t);

typedef struct fc_facts {
  fc_strtab strings;
  fc_fact *v;
  size_t n, cap;
  fc_htab index; /* key -> fact index */
  size_t last;   /* index of the fact the last successful fc_facts_add summed into */
} fc_facts;

int fc_facts_init(fc_facts *f);
/* Adds one row's measures under key (dim values); sums into an existing fact with the same key.
 * Returns FC_OK, FC_ERR_NOMEM, or FC_ERR_OVERFLOW (nothing added). */
fc_status fc_facts_add(fc_facts *f, const uint32_t key[FC_DIM_COUNT], int64_t amount, fc_money cost,
                       uint64_t rows);
/* Sorts facts by key so that every output derived from them is independent of input order.
 * Invalidates the hash index (no more adds afterwards). */
void fc_facts_sort(fc_facts *f);
/* The same, writing to old_index[i] the index fact i had before the sort (n entries). Returns -1
 * (nothing sorted) when out of memory. */
int fc_facts_sort_order(fc_facts *f, uint32_t *old_index);
void fc_facts_free(fc_facts *f);

/* The principal as facts key it: an assumed-role session
 * (arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION) without its "/SESSION", so that facts grow
 * with the roles, not with the sessions; attribution needs the account and role name only. Any
 * other value is kept whole. Returns the length of the key, a prefix of v[0..n). The SQL generator
 * writes the same rule as FC_PRINCIPAL_KEY_RE (sql.c). */
size_t fc_principal_key_len(const char *v, size_t n);

#endif
