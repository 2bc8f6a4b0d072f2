/* plugkit.h: small helpers every processing plugin needs, built on the public plugin API alone
 * (and on fcbase.h, shared with the host): checked money sums, dollar text, arena hash tables and maps,
 * strings from the run's arena, result columns by name, and the attribution plugin's per-fact ownership
 * table. Linked statically into each plugin. */
#ifndef FC_PLUGKIT_H
#define FC_PLUGKIT_H

#include <stddef.h>
#include <stdint.h>

#include <finops/plugin.h>

#include "fcbase.h"

/* Adds b to *a; on overflow records an error through the host and returns -1 (*a unchanged). */
int fck_add(fc_ctx *ctx, int64_t *a, int64_t b);

/* "-1,234,567": an integer with thousands separators. buf holds 32 bytes. Returns buf. */
char *fck_group(int64_t v, char *buf);

/* "1,234.57": USD with 2 decimals and thousands separators, rounded half away from zero, a leading
 * '-' for negative amounts. buf holds 40 bytes. Returns buf. */
char *fck_usd(fc_money v, char *buf);

/* An empty hash table (fcbase.h) whose memory comes from the run's arena. */
void fck_htab_init(fc_ctx *ctx, fc_htab *t);

/* A hash map with fixed-size keys, values in insertion order, memory from the run's arena. Keys are
 * hashed and compared as bytes: a key type has no padding. */
typedef struct fck_kmap {
  fc_ctx *ctx;
  size_t ksize, vsize;
  unsigned char *keys, *vals;
  size_t n, cap;
  fc_htab idx; /* key -> index into keys and vals */
} fck_kmap;

void fck_kmap_init(fck_kmap *m, fc_ctx *ctx, size_t ksize, size_t vsize);
/* The value for key (zeroed when created); NULL when absent and !create, or out of memory. */
void *fck_kmap_get(fck_kmap *m, const void *key, int create);
/* The i-th key and value, in insertion order (i < m->n). */
static inline void *fck_kmap_key(const fck_kmap *m, size_t i) { return m->keys + i * m->ksize; }
static inline void *fck_kmap_val(const fck_kmap *m, size_t i) { return m->vals + i * m->vsize; }

/* printf into memory from the host's arena (released when the run ends); NULL on out of memory. */
char *fck_strf(fc_ctx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* s as one word for a POSIX shell: unchanged when it holds only letters, digits and @%+=:,./_-,
 * else in single quotes (a quote inside as '\''), so a pasted command runs nothing hidden in s.
 * Allocated from the run's arena; NULL on out of memory. */
char *fck_shell_quote(fc_ctx *ctx, const char *s);

/* The path of the model catalog (prices.yaml): the plugin's option `prices`, else the
 * configuration's `prices:` (resolved by the host), else prices.yaml beside the plugin's own file. */
void fck_catalog_path(fc_ctx *ctx, char *buf, size_t cap);

/* The index of the column `name` of type `type` in t, or -1. */
int fck_col(const fc_host_api *api, const fc_table *t, const char *name, fc_coltype type);

/* attribution._facts: the owner of every fact of the reported period, a row per run of consecutive
 * facts with the same owner (docs/results.md). */
typedef struct fck_owners {
  const fc_table *t;
  int fact, facts, workload, usage; /* column indexes; facts -1 when absent (a row per fact) */
  size_t nfacts, nworkloads;
} fck_owners;

/* Finds attribution._facts (the caller declares it in reads) and its columns; on failure records
 * an error naming what is missing and returns FC_ERR_PLUGIN. */
fc_status fck_owners_open(fc_ctx *ctx, fck_owners *o);

/* The same for attribution._facts_other: the owners of the facts of the previous month and of the
 * period's quarter's earlier months (the caller declares it in reads). */
fc_status fck_owners_open_other(fc_ctx *ctx, fck_owners *o);

/* Row r of the ownership table: the facts *fact .. *fact + *count - 1 (indexes into facts()), all of
 * workload *workload (workload index or -1) and of the row's node. Returns 1 for usage line items,
 * 0 for adjustments, -1 (an error recorded) when the row names facts or a workload that do not
 * exist. */
int fck_owner_row(fc_ctx *ctx, const fck_owners *o, size_t r, size_t *fact, size_t *count, int *workload);

#endif
