/* attribution.c: puts the names back on the Bedrock bill.
 *
 * For each Bedrock fact of the reported period (rules of docs/contract.md, "Attribution rules"):
 *   1. line_item_resource_id is an application inference profile claimed by a workload whose
 *      claim is in effect on the usage day: that workload, via = profile;
 *   2. else line_item_iam_principal is a role (matched by account + role name, whatever the role
 *      path or session name) or IAM user claimed by a workload in effect that day: via = role;
 *   3. else unattributed, with a reason (no_principal, unclaimed, before_claim, after_claim),
 *      under the node that `accounts` maps the usage account to.
 * A profile claimed by one workload called through a role claimed by another is counted once, for
 * the profile's workload, and reported as a double-claim conflict. Adjustments (credits, refunds,
 * tax, fees) follow the same rules and are reported apart from usage. Totals must reconcile to the
 * last unit of fc_money: the run fails otherwise.
 *
 * Results: see docs/results.md. */
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

#include "plugkit.h"

#include "bedrock.h"

static const char *const reads[] = {"fact.period",         "fact.day",          "fact.account",
                                    "fact.principal",      "fact.resource",     "fact.usage_type",
                                    "fact.line_item_type", "fact.pricing_unit", NULL};
static const char *const writes[] = {"attribution._facts",
                                     "attribution.workloads",
                                     "attribution.nodes",
                                     "attribution.totals",
                                     "attribution.chargeback",
                                     "attribution.unattributed",
                                     "attribution.conflicts",
                                     "attribution.findings",
                                     "attribution.daily",
                                     "attribution._facts_other",
                                     NULL};

enum via { VIA_NONE = 0, VIA_PROFILE, VIA_ROLE };
enum reason { R_NONE = 0, R_NO_PRINCIPAL, R_UNCLAIMED, R_BEFORE_CLAIM, R_AFTER_CLAIM, R_COUNT };
static const char *const via_names[] = {"", "profile", "role"};
static const char *const reason_names[] = {"", "no_principal", "unclaimed", "before_claim", "after_claim"};

/* Token columns of chargeback.csv: input, output, cache read, cache write (5 min + 1 h). */
enum { T_IN, T_OUT, T_CR, T_CW, T_N };

typedef struct claim_ref {
  fcb_id_kind kind;
  const char *account, *name;
  int workload;
  int32_t from, until;
} claim_ref;

/* What a claim lookup for one identity on one day found. */
typedef struct lookup {
  int workload;                 /* in effect: workload index, else -1 */
  int before;                   /* a claim for the identity starts after the day */
  int after;                    /* a claim for the identity ended before the day */
  const claim_ref *first_later; /* the earliest claim starting after the day */
} lookup;

/* Per workload sums. */
typedef struct wsum {
  fc_money usage, adj, via_profile, via_role;
  int64_t tokens[T_N];
  uint64_t rows;
} wsum;

/* One unattributed identity (or resource, for rows without a principal) per account + reason. */
typedef struct ubucket {
  const char *account;
  int reason;
  fcb_id_kind kind;
  const char *key;       /* normalised identity: "role/NAME", "user/NAME", profile ARN, or resource */
  const char *claim_arn; /* what to claim, empty when nothing can be claimed */
  const char *sample;    /* a principal (or resource) as CUR writes it */
  int workload;          /* before/after_claim: the claim's workload; else -1 */
  const claim_ref *later;
  fc_money usage, adj;
  int64_t tokens[T_N];
  uint64_t rows;
  int32_t first, last;
  size_t sessions; /* distinct principal strings */
  /* role sessions the inputs showed (host ABI 1.3): distinct session names and a few of them */
  uint64_t role_sessions;
  const char *session_examples;
} ubucket;

/* Double claims per (profile workload, role workload). */
typedef struct conflict {
  int pw, rw;
  fc_money usd;
  uint64_t rows;
  const char *profile, *principal;
} conflict;

typedef struct state {
  claim_ref *claims; /* sorted by kind, account, name, from */
  size_t nclaims;
} state;

/* ---- small helpers ---- */

static int slice_eq(fcb_slice s, const char *z) { return strlen(z) == s.n && memcmp(s.p, z, s.n) == 0; }

static int claim_matches(const claim_ref *c, const fcb_identity *id) {
  return c->kind == id->kind && slice_eq(id->account, c->account) && slice_eq(id->name, c->name);
}

static int cmp_slice_z(fcb_slice s, const char *z) {
  size_t n = strlen(z);
  int c = memcmp(s.p, z, s.n < n ? s.n : n);
  return c ? c : (s.n < n ? -1 : s.n > n);
}

/* Orders an identity against a claim: kind, account, name. */
static int cmp_id_claim(const fcb_identity *id, const claim_ref *c) {
  if (id->kind != c->kind)
    return id->kind < c->kind ? -1 : 1;
  int r = cmp_slice_z(id->account, c->account);
  return r ? r : cmp_slice_z(id->name, c->name);
}

static int cmp_claims(const void *x, const void *y) {
  const claim_ref *a = x, *b = y;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  int r = strcmp(a->account, b->account);
  if (!r)
    r = strcmp(a->name, b->name);
  return r ? r : (a->from < b->from ? -1 : a->from > b->from);
}

static void find_claim(const state *s, const fcb_identity *id, int32_t day, lookup *out) {
  out->workload = -1;
  out->before = out->after = 0;
  out->first_later = NULL;
  if (id->kind == FCB_ID_NONE)
    return;
  size_t lo = 0, hi = s->nclaims; /* first claim not ordered before the identity */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cmp_id_claim(id, &s->claims[mid]) > 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < s->nclaims && claim_matches(&s->claims[i], id); i++) {
    const claim_ref *c = &s->claims[i];
    if (day < c->from) {
      out->before = 1;
      if (!out->first_later)
        out->first_later = c; /* claims of an identity are in from order */
    } else if (day > c->until) {
      out->after = 1;
    } else if (out->workload < 0) {
      out->workload = c->workload; /* overlapping claims are refused by the config */
    }
  }
}

static const char *date_text(int32_t day, char *buf) {
  int y, m, d;
  fc_civil_from_days(day, &y, &m, &d);
  snprintf(buf, 24, "%04d-%02d-%02d", y % 10000, m, d);
  return buf;
}

/* ---- plugin ---- */

static fc_status attr_init(fc_ctx *ctx, void **statep) {
  const fc_host_api *api = FC_API(ctx);
  state *s = api->alloc(ctx, sizeof *s);
  if (!s)
    return FC_ERR_NOMEM;
  s->nclaims = api->claim_count(ctx);
  s->claims = api->alloc(ctx, (s->nclaims + 1) * sizeof *s->claims);
  if (!s->claims)
    return FC_ERR_NOMEM;
  for (size_t i = 0; i < s->nclaims; i++) {
    const fc_claim_info *c = api->claim(ctx, i);
    claim_ref *r = &s->claims[i];
    r->kind = c->kind == FC_CLAIM_ROLE   ? FCB_ID_ROLE
              : c->kind == FC_CLAIM_USER ? FCB_ID_USER
                                         : FCB_ID_PROFILE;
    r->account = c->account;
    r->name = c->name;
    r->workload = c->workload;
    r->from = c->from_day;
    r->until = c->until_day;
  }
  qsort(s->claims, s->nclaims, sizeof *s->claims, cmp_claims);
  *statep = s;
  return FC_OK;
}

/* Adds a fact's usage tokens into t. */
/* What classify decided for one fact, kept per fact of every period classified (one array for all
 * of them, released when the plugin's process ends): the workload or -1, and packed flags. */
#define FL_VIA(x) ((x)&3u)             /* enum via */
#define FL_REASON(x) (((x) >> 2) & 7u) /* enum reason */
#define FL_USAGE 0x20u                 /* a usage line item, else an adjustment */
#define FL_MAKE(via, reason) ((uint8_t)((unsigned)(via) | (unsigned)(reason) << 2))

typedef struct acc {
  size_t nfacts;
  int32_t *owner; /* per fact: workload or -1 (shared by the periods) */
  uint8_t *fl;    /* per fact: FL_* (shared by the periods) */
  wsum *w;
  size_t nw;
  ubucket *ub;
  size_t nub, capub;
  int any_principal; /* some row of the period carries an IAM principal: the export has the column */
  conflict *cf;
  size_t ncf, capcf;
  fc_htab ub_index;   /* (account, reason, key) -> bucket */
  fc_htab principals; /* (bucket, principal id) seen -> index into pk */
  fck_kmap utok;      /* usage type id -> its token kind + 1, or -1 (add_tokens) */
  uint64_t *pk;
  size_t npk, cappk;
  /* ub and pk grow on the heap and are released when the plugin's process ends, as are these
   * buffers of the texts formatted for one row at a time (the host copies what it keeps) */
  char *text[2];
  size_t textcap[2];
} acc;

/* printf into a's buffer slot (0 or 1), valid until the slot's next use; NULL on out of memory. */
static const char *acc_text(acc *a, int slot, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static const char *acc_text(acc *a, int slot, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(a->text[slot], a->textcap[slot], fmt, ap);
  va_end(ap);
  if (n < 0)
    return NULL;
  if ((size_t)n >= a->textcap[slot]) {
    char *p = realloc(a->text[slot], (size_t)n + 1);
    if (!p)
      return NULL;
    a->text[slot] = p;
    a->textcap[slot] = (size_t)n + 1;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  return a->text[slot];
}

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

/* 0, or -1 out of memory. */
static int add_tokens(fc_ctx *ctx, acc *a, const fc_fact *f, int64_t *t) {
  const fc_host_api *api = FC_API(ctx);
  /* a usage type's token kind, classified once (+1; -1: none, not a usage type of tokens) */
  uint32_t ut = f->dim[FC_DIM_USAGE_TYPE];
  int *memo = fck_kmap_get(&a->utok, &ut, 1);
  if (!memo)
    return -1;
  if (!*memo) {
    fcb_usage u;
    *memo = fcb_usage_classify(api->str(ctx, ut), &u) ? (int)u.token + 1 : -1;
  }
  int kind = *memo;
  if (kind < 0)
    return 0;
  int known = 0;
  int64_t n = fcb_tokens(f->usage_amount, api->str(ctx, f->dim[FC_DIM_PRICING_UNIT]), &known);
  if (!known)
    return 0;
  switch ((fcb_token)(kind - 1)) {
  case FCB_TOK_INPUT:
    t[T_IN] += n;
    break;
  case FCB_TOK_OUTPUT:
    t[T_OUT] += n;
    break;
  case FCB_TOK_CACHE_READ:
    t[T_CR] += n;
    break;
  case FCB_TOK_CACHE_WRITE:
  case FCB_TOK_CACHE_WRITE_1H:
    t[T_CW] += n;
    break;
  default:
    break;
  }
  return 0;
}

typedef struct ub_key {
  const acc *a;
  const char *account, *key;
  int reason;
} ub_key;

static int ub_eq(const void *u, uint32_t i) {
  const ub_key *k = u;
  const ubucket *b = &k->a->ub[i];
  return b->reason == k->reason && strcmp(b->account, k->account) == 0 && strcmp(b->key, k->key) == 0;
}

/* The bucket of (account, reason, key), made when new; key is copied unless borrowed (a string of the
 * host's, kept until the run ends). -1 on out of memory. */
static int ub_find(fc_ctx *ctx, acc *a, const char *account, int reason, const char *key, int borrowed,
                   fcb_id_kind kind) {
  uint64_t h = fc_hash_bytes(key, strlen(key), fc_hash_bytes(account, strlen(account), (uint64_t)reason));
  ub_key k = {a, account, key, reason};
  uint32_t found = fc_htab_find(&a->ub_index, h, ub_eq, &k);
  if (found != FC_HTAB_NONE)
    return (int)found;
  if (a->nub == a->capub) {
    size_t cap = a->capub ? a->capub * 2 : 64;
    ubucket *v = realloc(a->ub, cap * sizeof *v);
    if (!v)
      return -1;
    a->ub = v;
    a->capub = cap;
  }
  ubucket *b = &a->ub[a->nub];
  memset(b, 0, sizeof *b);
  b->account = account;
  b->reason = reason;
  b->kind = kind;
  b->key = borrowed ? key : fck_strf(ctx, "%s", key);
  b->workload = -1;
  b->first = INT32_MAX;
  b->last = INT32_MIN;
  if (!b->key || fc_htab_put(&a->ub_index, h, (uint32_t)a->nub))
    return -1;
  return (int)a->nub++;
}

typedef struct pk_key {
  const acc *a;
  uint64_t pk;
} pk_key;

static int pk_eq(const void *u, uint32_t i) {
  const pk_key *k = u;
  return k->a->pk[i] == k->pk;
}

/* Records the pair (bucket, principal) pk: 1 when first seen, 0 when seen before, -1 on out of
 * memory. */
static int pk_add(acc *a, uint64_t pk) {
  uint64_t h = fc_hash_u64(pk);
  pk_key k = {a, pk};
  if (fc_htab_find(&a->principals, h, pk_eq, &k) != FC_HTAB_NONE)
    return 0;
  if (a->npk == a->cappk) {
    size_t cap = a->cappk ? a->cappk * 2 : 256;
    uint64_t *v = realloc(a->pk, cap * sizeof *v);
    if (!v)
      return -1;
    a->pk = v;
    a->cappk = cap;
  }
  if (fc_htab_put(&a->principals, h, (uint32_t)a->npk))
    return -1;
  a->pk[a->npk++] = pk;
  return 1;
}

/* Adds a fact to the conflict of workloads pw and rw: FC_OK, FC_ERR_NOMEM or FC_ERR_OVERFLOW. */
static fc_status cf_add(fc_ctx *ctx, acc *a, int pw, int rw, const fc_fact *f) {
  const fc_host_api *api = FC_API(ctx);
  size_t i = 0;
  while (i < a->ncf && !(a->cf[i].pw == pw && a->cf[i].rw == rw))
    i++;
  if (i == a->ncf) {
    if (a->ncf == a->capcf) {
      size_t cap = a->capcf ? a->capcf * 2 : 8;
      conflict *v = api->alloc(ctx, cap * sizeof *v);
      if (!v)
        return FC_ERR_NOMEM;
      if (a->ncf)
        memcpy(v, a->cf, a->ncf * sizeof *v);
      a->cf = v;
      a->capcf = cap;
    }
    a->cf[i] = (conflict){
        pw, rw, 0, 0, api->str(ctx, f->dim[FC_DIM_RESOURCE]), api->str(ctx, f->dim[FC_DIM_PRINCIPAL])};
    a->ncf++;
  }
  a->cf[i].rows += f->rows;
  return fck_add(ctx, &a->cf[i].usd, f->cost) ? FC_ERR_OVERFLOW : FC_OK;
}

/* Decides the owner of every fact of the period and sums per workload and unattributed bucket. */
static fc_status classify(fc_ctx *ctx, const state *s, const fc_fact *facts, size_t nfacts, int32_t period,
                          acc *a) {
  const fc_host_api *api = FC_API(ctx);
  a->nfacts = nfacts;
  a->nw = api->workload_count(ctx);
  a->w = api->alloc(ctx, (a->nw + 1) * sizeof *a->w);
  if (!a->w)
    return FC_ERR_NOMEM;
  for (size_t i = 0; i < nfacts; i++) {
    const fc_fact *f = &facts[i];
    if ((int32_t)f->dim[FC_DIM_PERIOD] != period)
      continue;
    int32_t day = (int32_t)f->dim[FC_DIM_DAY];
    const char *principal = api->str(ctx, f->dim[FC_DIM_PRINCIPAL]);
    const char *resource = api->str(ctx, f->dim[FC_DIM_RESOURCE]);
    if (principal[0])
      a->any_principal = 1;
    int usage = fc_line_item_is_usage(api->str(ctx, f->dim[FC_DIM_LINE_ITEM_TYPE]));
    a->owner[i] = -1;
    a->fl[i] = usage ? FL_USAGE : 0;
    fcb_identity pid, rid;
    fcb_profile_parse(resource, &rid);
    fcb_principal_parse(principal, &pid);
    lookup lp, lr;
    find_claim(s, &rid, day, &lp);
    find_claim(s, &pid, day, &lr);
    if (lp.workload >= 0) {
      a->owner[i] = lp.workload;
      a->fl[i] |= FL_MAKE(VIA_PROFILE, R_NONE);
      if (lr.workload >= 0 && lr.workload != lp.workload) {
        fc_status cst = cf_add(ctx, a, lp.workload, lr.workload, f);
        if (cst)
          return cst;
      }
    } else if (lr.workload >= 0) {
      a->owner[i] = lr.workload;
      a->fl[i] |= FL_MAKE(VIA_ROLE, R_NONE);
    }
    if (a->owner[i] >= 0) {
      wsum *w = &a->w[a->owner[i]];
      w->rows += f->rows;
      if (usage) {
        if (fck_add(ctx, &w->usage, f->cost) ||
            fck_add(ctx, FL_VIA(a->fl[i]) == VIA_PROFILE ? &w->via_profile : &w->via_role, f->cost))
          return FC_ERR_OVERFLOW;
        if (add_tokens(ctx, a, f, w->tokens))
          return FC_ERR_NOMEM;
      } else if (fck_add(ctx, &w->adj, f->cost)) {
        return FC_ERR_OVERFLOW;
      }
      continue;
    }
    /* Unattributed: why, and which identity would have to be claimed. */
    int reason;
    const lookup *why = NULL;
    if (lp.before || lr.before) {
      reason = R_BEFORE_CLAIM;
      why = lp.before ? &lp : &lr;
    } else if (lp.after || lr.after) {
      reason = R_AFTER_CLAIM;
    } else if (pid.kind == FCB_ID_NONE && rid.kind == FCB_ID_NONE && principal[0] == '\0') {
      reason = R_NO_PRINCIPAL;
    } else {
      reason = R_UNCLAIMED;
    }
    a->fl[i] |= FL_MAKE(VIA_NONE, reason);
    /* The bucket key: the principal identity when there is one, else the profile, else the
     * resource (rows without a principal), else the raw principal text. */
    char key[600];
    fcb_id_kind kind = FCB_ID_NONE;
    const fcb_identity *id = NULL;
    if (pid.kind != FCB_ID_NONE && !(rid.kind != FCB_ID_NONE && (lp.before || lp.after))) {
      id = &pid;
    } else if (rid.kind != FCB_ID_NONE) {
      id = &rid;
    }
    if (id) {
      kind = id->kind;
      snprintf(key, sizeof key, "%s/%.*s/%.*s",
               kind == FCB_ID_ROLE   ? "role"
               : kind == FCB_ID_USER ? "user"
                                     : "profile",
               (int)id->account.n, id->account.p, (int)id->name.n, id->name.p);
    }
    const char *account = api->str(ctx, f->dim[FC_DIM_ACCOUNT]);
    int b = id ? ub_find(ctx, a, account, reason, key, 0, kind)
               : ub_find(ctx, a, account, reason, principal[0] ? principal : resource, 1, kind);
    if (b < 0)
      return FC_ERR_NOMEM;
    ubucket *u = &a->ub[b];
    if (!u->claim_arn) {
      if (kind == FCB_ID_ROLE || kind == FCB_ID_USER)
        u->claim_arn = fck_strf(ctx, "arn:aws:iam::%.*s:%s/%.*s", (int)id->account.n, id->account.p,
                                kind == FCB_ID_ROLE ? "role" : "user", (int)id->name.n, id->name.p);
      else if (kind == FCB_ID_PROFILE)
        u->claim_arn = resource; /* the host's, kept until the run ends */
      else
        u->claim_arn = "";
      if (!u->claim_arn)
        return FC_ERR_NOMEM;
      u->sample = principal[0] ? principal : resource;
    }
    if (why && why->first_later && (!u->later || why->first_later->from < u->later->from)) {
      u->later = why->first_later;
      u->workload = why->first_later->workload;
    }
    if (cmp_str(principal, u->sample) < 0)
      u->sample = principal[0] ? principal : u->sample;
    uint64_t pk = ((uint64_t)(b + 1) << 32) | f->dim[FC_DIM_PRINCIPAL];
    int seen = pk_add(a, pk);
    if (seen < 0)
      return FC_ERR_NOMEM;
    u->sessions += (size_t)seen;
    u->rows += f->rows;
    if (day < u->first)
      u->first = day;
    if (day > u->last)
      u->last = day;
    if (usage) {
      if (fck_add(ctx, &u->usage, f->cost))
        return FC_ERR_OVERFLOW;
      if (add_tokens(ctx, a, f, u->tokens))
        return FC_ERR_NOMEM;
    } else if (fck_add(ctx, &u->adj, f->cost)) {
      return FC_ERR_OVERFLOW;
    }
  }
  return FC_OK;
}

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

/* The sessions of each bucket's principals (pk holds (bucket + 1) << 32 | principal id), as the
 * host counted them; nothing from a host of ABI 1.2. */
static fc_status bucket_sessions(fc_ctx *ctx, acc *a) {
  const fc_host_api *api = FC_API(ctx);
  for (size_t b = 0; b < a->nub; b++) {
    a->ub[b].role_sessions = 0;
    a->ub[b].session_examples = "";
  }
  if (api->size < offsetof(fc_host_api, principal_sessions) + sizeof api->principal_sessions ||
      !api->principal_sessions || !a->npk)
    return FC_OK;
  uint64_t *v = api->alloc(ctx, a->npk * sizeof *v);
  uint32_t *ids = api->alloc(ctx, a->npk * sizeof *ids);
  if (!v || !ids)
    return FC_ERR_NOMEM;
  memcpy(v, a->pk, a->npk * sizeof *v);
  qsort(v, a->npk, sizeof *v, cmp_u64);
  for (size_t i = 0; i < a->npk;) {
    size_t b = (size_t)(v[i] >> 32) - 1, n = 0;
    for (; i + n < a->npk && v[i + n] >> 32 == v[i] >> 32; n++)
      ids[n] = (uint32_t)v[i + n];
    i += n;
    const char *ex[3];
    uint64_t count = 0;
    int k = api->principal_sessions(ctx, ids, n, &count, ex, 3);
    if (k < 0)
      return FC_ERR_NOMEM;
    if (b >= a->nub)
      continue;
    a->ub[b].role_sessions = count;
    a->ub[b].session_examples = fck_strf(ctx, "%s%s%s%s%s", k > 0 ? ex[0] : "", k > 1 ? "; " : "",
                                         k > 1 ? ex[1] : "", k > 2 ? "; " : "", k > 2 ? ex[2] : "");
    if (!a->ub[b].session_examples)
      return FC_ERR_NOMEM;
  }
  return FC_OK;
}

static int cmp_ub(const void *x, const void *y) {
  const ubucket *a = x, *b = y;
  int c = strcmp(a->account, b->account);
  if (c)
    return c;
  if (a->reason != b->reason)
    return a->reason < b->reason ? -1 : 1;
  return strcmp(a->key, b->key);
}

static double share(fc_money part, fc_money whole) { return whole == 0 ? NAN : (double)part / (double)whole; }

/* Per node (and, at index nn, the whole organisation): usage and net of the previous month,
 * attributed by the same claims; NULL when the inputs hold no previous month. */
typedef struct prev_sum {
  fc_money usage, net;
} prev_sum;

static fc_status previous_month(fc_ctx *ctx, const acc *p, prev_sum **out) {
  const fc_host_api *api = FC_API(ctx);
  size_t nn = api->node_count(ctx);
  prev_sum *x = api->alloc(ctx, (nn + 1) * sizeof *x);
  if (!x)
    return FC_ERR_NOMEM;
  memset(x, 0, (nn + 1) * sizeof *x);
  for (size_t w = 0; w < p->nw; w++) {
    fc_money u = p->w[w].usage, n = p->w[w].usage + p->w[w].adj;
    if (fck_add(ctx, &x[nn].usage, u) || fck_add(ctx, &x[nn].net, n))
      return FC_ERR_OVERFLOW;
    for (int k = api->workload(ctx, w)->node; k >= 0; k = api->node(ctx, (size_t)k)->parent)
      if (fck_add(ctx, &x[k].usage, u) || fck_add(ctx, &x[k].net, n))
        return FC_ERR_OVERFLOW;
  }
  for (size_t b = 0; b < p->nub; b++) {
    const ubucket *u = &p->ub[b];
    if (fck_add(ctx, &x[nn].usage, u->usage) || fck_add(ctx, &x[nn].net, u->usage + u->adj))
      return FC_ERR_OVERFLOW;
    for (int k = api->account_node(ctx, u->account); k >= 0; k = api->node(ctx, (size_t)k)->parent)
      if (fck_add(ctx, &x[k].usage, u->usage) || fck_add(ctx, &x[k].net, u->usage + u->adj))
        return FC_ERR_OVERFLOW;
  }
  *out = x;
  return FC_OK;
}

/* Days since 1970-01-01 of the first day of YYYYMM, and the days of that month. */
static int32_t period_first_day(int32_t period, int *ndays) {
  int y = period / 100, m = period % 100;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  *ndays = m >= 1 && m <= 12 ? mdays[m - 1] + (m == 2 && leap) : 0;
  int yy = y - (m <= 2), era = (yy >= 0 ? yy : yy - 399) / 400, yoe = yy - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (int32_t)(era * 146097 + doe - 719468);
}

/* attribution.daily: Bedrock usage cost per node and day of the period (attributed to workloads at
 * or below the node, and unattributed in accounts mapped at or below it), rows of node -1 for the
 * whole organisation; has_estimate marks workload nodes whose workload has an estimate, and
 * estimate_usd is the dollar estimates of the workloads at or below the node. Only days with usage. */
static fc_status emit_daily(fc_ctx *ctx, const fc_fact *facts, const acc *a, int32_t period) {
  const fc_host_api *api = FC_API(ctx);
  size_t nn = api->node_count(ctx), nw = api->workload_count(ctx);
  int ndays = 0;
  int32_t first = period_first_day(period, &ndays);
  size_t cells = (nn + 1) * (size_t)ndays; /* node slot nn: the organisation */
  fc_money *used = api->alloc(ctx, (cells + 1) * sizeof *used);
  fc_money *unattr = api->alloc(ctx, (cells + 1) * sizeof *unattr);
  fc_money *est = api->alloc(ctx, (nn + 2) * sizeof *est);
  unsigned char *seen = api->alloc(ctx, cells + 1);
  unsigned char *has = api->alloc(ctx, nn + 2), *has_usd = api->alloc(ctx, nn + 2);
  if (!used || !unattr || !est || !seen || !has || !has_usd)
    return FC_ERR_NOMEM;
  memset(used, 0, (cells + 1) * sizeof *used);
  memset(unattr, 0, (cells + 1) * sizeof *unattr);
  memset(est, 0, (nn + 2) * sizeof *est);
  memset(seen, 0, cells + 1);
  memset(has, 0, nn + 2);
  memset(has_usd, 0, nn + 2);
  for (size_t w = 0; w < nw; w++) {
    const fc_workload_info *wi = api->workload(ctx, w);
    if (wi->node >= 0 && wi->estimate_kind != FC_ESTIMATE_NONE)
      has[wi->node] = 1;
    if (wi->estimate_kind != FC_ESTIMATE_USD)
      continue;
    for (int n = wi->node;; n = api->node(ctx, (size_t)n)->parent) {
      size_t slot = n >= 0 ? (size_t)n : nn;
      if (fck_add(ctx, &est[slot], wi->estimate_usd))
        return FC_ERR_OVERFLOW;
      has_usd[slot] = 1;
      if (n < 0)
        break;
    }
  }
  for (size_t i = 0; i < a->nfacts; i++) {
    const fc_fact *f = &facts[i];
    int d = (int)((int32_t)f->dim[FC_DIM_DAY] - first);
    if ((int32_t)f->dim[FC_DIM_PERIOD] != period || !(a->fl[i] & FL_USAGE) || d < 0 || d >= ndays)
      continue;
    int owned = a->owner[i] >= 0;
    int n = owned ? api->workload(ctx, (size_t)a->owner[i])->node
                  : api->account_node(ctx, api->str(ctx, f->dim[FC_DIM_ACCOUNT]));
    for (;; n = api->node(ctx, (size_t)n)->parent) {
      size_t c = (n >= 0 ? (size_t)n : nn) * (size_t)ndays + (size_t)d;
      seen[c] = 1;
      if (fck_add(ctx, owned ? &used[c] : &unattr[c], f->cost))
        return FC_ERR_OVERFLOW;
      if (n < 0)
        break;
    }
  }
  static const fc_column cols[] = {{"day", FC_COL_DATE},
                                   {"usage_usd", FC_COL_MONEY},
                                   {"unattributed_usd", FC_COL_MONEY},
                                   {"has_estimate", FC_COL_INT},
                                   {"estimate_usd", FC_COL_MONEY}};
  fc_table *t;
  fc_status st = api->table_create(ctx, "attribution.daily", cols, 5, &t);
  for (size_t n = 0; !st && n <= nn; n++) {
    int wl = n < nn && api->node(ctx, n)->workload >= 0;
    for (int d = 0; !st && d < ndays; d++) {
      size_t c = n * (size_t)ndays + (size_t)d;
      if (!seen[c])
        continue;
      fc_value row[5] = {{NULL, first + d, 0},
                         {NULL, used[c], 0},
                         {NULL, unattr[c], 0},
                         {NULL, wl && has[n], 0},
                         {NULL, has_usd[n] ? est[n] : FC_NULL_INT, 0}};
      st = api->table_append(ctx, t, n < nn ? (int)n : -1, row);
    }
  }
  return st;
}

/* attribution._facts and attribution._facts_other: runs of consecutive facts of one period that have
 * the same owner, via, reason, usage flag and row node; a row per run (fact: the first, facts: how
 * many), not per fact. */
static const fc_column owner_cols[] = {{"fact", FC_COL_INT},     {"facts", FC_COL_INT},
                                       {"workload", FC_COL_INT}, {"via", FC_COL_TEXT},
                                       {"reason", FC_COL_TEXT},  {"usage", FC_COL_INT}};
#define NOWNER_COLS (sizeof owner_cols / sizeof owner_cols[0])

static fc_status emit_owners(fc_ctx *ctx, fc_table *t, const fc_fact *facts, const acc *a, int32_t period) {
  const fc_host_api *api = FC_API(ctx);
  size_t first = 0, n = 0;
  int node = -1;
  uint32_t account = 0;
  for (size_t i = 0; i <= a->nfacts; i++) {
    const fc_fact *f = i < a->nfacts ? &facts[i] : NULL;
    int in = f && (int32_t)f->dim[FC_DIM_PERIOD] == period;
    int fnode = node;
    if (in && a->owner[i] >= 0)
      fnode = api->workload(ctx, (size_t)a->owner[i])->node;
    else if (in && !(n && a->owner[first] < 0 && f->dim[FC_DIM_ACCOUNT] == account))
      fnode = api->account_node(ctx, api->str(ctx, f->dim[FC_DIM_ACCOUNT]));
    if (n && in && a->owner[i] == a->owner[first] && a->fl[i] == a->fl[first] && fnode == node) {
      n++;
      continue;
    }
    if (n) {
      uint8_t fl = a->fl[first];
      fc_value row[NOWNER_COLS] = {{NULL, (int64_t)first, 0},           {NULL, (int64_t)n, 0},
                                   {NULL, a->owner[first], 0},          {via_names[FL_VIA(fl)], 0, 0},
                                   {reason_names[FL_REASON(fl)], 0, 0}, {NULL, (fl & FL_USAGE) != 0, 0}};
      fc_status st = api->table_append(ctx, t, node, row);
      if (st)
        return st;
    }
    n = in;
    first = i;
    node = fnode;
    if (in)
      account = f->dim[FC_DIM_ACCOUNT];
  }
  return FC_OK;
}

static fc_status emit(fc_ctx *ctx, const fc_fact *facts, acc *a, int32_t period, const prev_sum *prev) {
  const fc_host_api *api = FC_API(ctx);
  fc_status st;
  char pbuf[24], m1[40], m2[40], d1[24], d2[24];
  snprintf(pbuf, sizeof pbuf, "%04d-%02d", (int)(period / 100) % 10000, (int)(period % 100));
  size_t nn = api->node_count(ctx);

  /* ---- attribution._facts ---- */
  fc_table *t;
  if ((st = api->table_create(ctx, "attribution._facts", owner_cols, NOWNER_COLS, &t)) ||
      (st = emit_owners(ctx, t, facts, a, period)))
    return st;

  if ((st = emit_daily(ctx, facts, a, period)))
    return st;

  /* ---- per node rollup ---- */
  typedef struct nsum {
    fc_money usage, adj, unattr, unattr_adj, via_profile, via_role;
  } nsum;
  nsum *ns = api->alloc(ctx, (nn + 1) * sizeof *ns);
  if (!ns)
    return FC_ERR_NOMEM;
  for (size_t w = 0; w < a->nw; w++) {
    for (int n = api->workload(ctx, w)->node; n >= 0; n = api->node(ctx, (size_t)n)->parent) {
      nsum *x = &ns[n];
      if (fck_add(ctx, &x->usage, a->w[w].usage) || fck_add(ctx, &x->adj, a->w[w].adj) ||
          fck_add(ctx, &x->via_profile, a->w[w].via_profile) || fck_add(ctx, &x->via_role, a->w[w].via_role))
        return FC_ERR_OVERFLOW;
    }
  }
  fc_money unattr_total = 0, unattr_adj_total = 0;
  for (size_t b = 0; b < a->nub; b++) {
    const ubucket *u = &a->ub[b];
    if (fck_add(ctx, &unattr_total, u->usage) || fck_add(ctx, &unattr_adj_total, u->adj))
      return FC_ERR_OVERFLOW;
    for (int n = api->account_node(ctx, u->account); n >= 0; n = api->node(ctx, (size_t)n)->parent)
      if (fck_add(ctx, &ns[n].unattr, u->usage) || fck_add(ctx, &ns[n].unattr_adj, u->adj))
        return FC_ERR_OVERFLOW;
  }
  static const fc_column ncols[] = {{"usage_usd", FC_COL_MONEY},
                                    {"adjustments_usd", FC_COL_MONEY},
                                    {"unattributed_usd", FC_COL_MONEY},
                                    {"unattributed_adjustments_usd", FC_COL_MONEY},
                                    {"net_usd", FC_COL_MONEY},
                                    {"via_profile_usd", FC_COL_MONEY},
                                    {"via_role_usd", FC_COL_MONEY},
                                    {"coverage.profile", FC_COL_RATIO},
                                    {"coverage.role", FC_COL_RATIO},
                                    {"coverage.unattributed", FC_COL_RATIO},
                                    {"previous_usage_usd", FC_COL_MONEY},
                                    {"previous_net_usd", FC_COL_MONEY},
                                    {"total_usage_usd", FC_COL_MONEY},
                                    {"total_adjustments_usd", FC_COL_MONEY}};
  if ((st = api->table_create(ctx, "attribution.nodes", ncols, 14, &t)))
    return st;
  for (size_t n = 0; n < nn; n++) {
    const nsum *x = &ns[n];
    fc_money all = x->usage + x->unattr;
    fc_value row[14] = {{NULL, x->usage, 0},
                        {NULL, x->adj, 0},
                        {NULL, x->unattr, 0},
                        {NULL, x->unattr_adj, 0},
                        {NULL, x->usage + x->adj + x->unattr + x->unattr_adj, 0},
                        {NULL, x->via_profile, 0},
                        {NULL, x->via_role, 0},
                        {NULL, 0, share(x->via_profile, all)},
                        {NULL, 0, share(x->via_role, all)},
                        {NULL, 0, share(x->unattr, all)},
                        {NULL, prev ? prev[n].usage : FC_NULL_INT, 0},
                        {NULL, prev ? prev[n].net : FC_NULL_INT, 0},
                        {NULL, all, 0},
                        {NULL, x->adj + x->unattr_adj, 0}};
    if ((st = api->table_append(ctx, t, (int)n, row)))
      return st;
  }

  /* ---- workloads and chargeback ---- */
  static const fc_column wcols[] = {{"workload_id", FC_COL_TEXT},   {"name", FC_COL_TEXT},
                                    {"usage_usd", FC_COL_MONEY},    {"adjustments_usd", FC_COL_MONEY},
                                    {"net_usd", FC_COL_MONEY},      {"via_profile_usd", FC_COL_MONEY},
                                    {"via_role_usd", FC_COL_MONEY}, {"rows", FC_COL_INT}};
  fc_table *tw, *tc;
  if ((st = api->table_create(ctx, "attribution.workloads", wcols, 8, &tw)))
    return st;
  static const fc_column ccols[] = {{"period", FC_COL_TEXT},           {"workload_id", FC_COL_TEXT},
                                    {"node_path", FC_COL_TEXT},        {"account_id", FC_COL_TEXT},
                                    {"bucket", FC_COL_TEXT},           {"reason", FC_COL_TEXT},
                                    {"usage_usd", FC_COL_MONEY},       {"adjustments_usd", FC_COL_MONEY},
                                    {"net_usd", FC_COL_MONEY},         {"via_profile_usd", FC_COL_MONEY},
                                    {"via_role_usd", FC_COL_MONEY},    {"input_tokens", FC_COL_INT},
                                    {"output_tokens", FC_COL_INT},     {"cache_read_tokens", FC_COL_INT},
                                    {"cache_write_tokens", FC_COL_INT}};
  if ((st = api->table_create(ctx, "attribution.chargeback", ccols, 15, &tc)))
    return st;
  fc_money attributed = 0, check = 0, adj_total = 0;
  for (size_t w = 0; w < a->nw; w++) {
    const fc_workload_info *wi = api->workload(ctx, w);
    const wsum *x = &a->w[w];
    fc_value row[15] = {{pbuf, 0, 0},
                        {wi->id, 0, 0},
                        {api->node(ctx, (size_t)wi->node)->path, 0, 0},
                        {"", 0, 0},
                        {"workload", 0, 0},
                        {"", 0, 0},
                        {NULL, x->usage, 0},
                        {NULL, x->adj, 0},
                        {NULL, x->usage + x->adj, 0},
                        {NULL, x->via_profile, 0},
                        {NULL, x->via_role, 0},
                        {NULL, x->tokens[T_IN], 0},
                        {NULL, x->tokens[T_OUT], 0},
                        {NULL, x->tokens[T_CR], 0},
                        {NULL, x->tokens[T_CW], 0}};
    if ((st = api->table_append(ctx, tc, wi->node, row)))
      return st;
    fc_value wrow[8] = {{wi->id, 0, 0},
                        {wi->name, 0, 0},
                        {NULL, x->usage, 0},
                        {NULL, x->adj, 0},
                        {NULL, x->usage + x->adj, 0},
                        {NULL, x->via_profile, 0},
                        {NULL, x->via_role, 0},
                        {NULL, (int64_t)x->rows, 0}};
    if ((st = api->table_append(ctx, tw, wi->node, wrow)))
      return st;
    if (fck_add(ctx, &attributed, x->usage) || fck_add(ctx, &check, x->usage) ||
        fck_add(ctx, &check, x->adj) || fck_add(ctx, &adj_total, x->adj))
      return FC_ERR_OVERFLOW;
  }
  /* Unattributed chargeback rows: one per usage account and reason. */
  if ((st = bucket_sessions(ctx, a)))
    return st;
  if (a->nub > 1)
    qsort(a->ub, a->nub, sizeof *a->ub, cmp_ub);
  for (size_t b = 0; b < a->nub;) {
    const ubucket *u = &a->ub[b];
    fc_money usage = 0, adj = 0;
    int64_t tok[T_N] = {0};
    size_t e = b;
    for (; e < a->nub && a->ub[e].reason == u->reason && strcmp(a->ub[e].account, u->account) == 0; e++) {
      usage += a->ub[e].usage;
      adj += a->ub[e].adj;
      for (int k = 0; k < T_N; k++)
        tok[k] += a->ub[e].tokens[k];
    }
    int node = api->account_node(ctx, u->account);
    fc_value row[15] = {{pbuf, 0, 0},
                        {"", 0, 0},
                        {node >= 0 ? api->node(ctx, (size_t)node)->path : "", 0, 0},
                        {u->account, 0, 0},
                        {"unattributed", 0, 0},
                        {reason_names[u->reason], 0, 0},
                        {NULL, usage, 0},
                        {NULL, adj, 0},
                        {NULL, usage + adj, 0},
                        {NULL, 0, 0},
                        {NULL, 0, 0},
                        {NULL, tok[T_IN], 0},
                        {NULL, tok[T_OUT], 0},
                        {NULL, tok[T_CR], 0},
                        {NULL, tok[T_CW], 0}};
    if ((st = api->table_append(ctx, tc, node, row)))
      return st;
    if (fck_add(ctx, &check, usage) || fck_add(ctx, &check, adj) || fck_add(ctx, &adj_total, adj))
      return FC_ERR_OVERFLOW;
    b = e;
  }

  /* ---- reconciliation: every unit of the period's Bedrock total is accounted for ---- */
  fc_money total = 0;
  for (size_t i = 0; i < a->nfacts; i++)
    if ((int32_t)facts[i].dim[FC_DIM_PERIOD] == period && fck_add(ctx, &total, facts[i].cost))
      return FC_ERR_OVERFLOW;
  if (check != total) {
    api->error(ctx,
               "chargeback does not reconcile: workloads + unattributed + adjustments = %lld, Bedrock total "
               "= %lld (units of 1e-10 USD), difference %lld",
               (long long)check, (long long)total, (long long)(check - total));
    return FC_ERR_RECONCILE;
  }

  /* ---- totals ---- */
  static const fc_column tcols[] = {{"attributed_usd", FC_COL_MONEY},
                                    {"unattributed_usd", FC_COL_MONEY},
                                    {"adjustments_usd", FC_COL_MONEY},
                                    {"attributed_adjustments_usd", FC_COL_MONEY},
                                    {"unattributed_adjustments_usd", FC_COL_MONEY},
                                    {"previous_usage_usd", FC_COL_MONEY},
                                    {"previous_net_usd", FC_COL_MONEY},
                                    {"total_usage_usd", FC_COL_MONEY},
                                    {"total_adjustments_usd", FC_COL_MONEY},
                                    {"net_usd", FC_COL_MONEY}};
  if ((st = api->table_create(ctx, "attribution.totals", tcols, 10, &t)))
    return st;
  fc_value trow[10] = {{NULL, attributed, 0},
                       {NULL, unattr_total, 0},
                       {NULL, adj_total, 0},
                       {NULL, adj_total - unattr_adj_total, 0},
                       {NULL, unattr_adj_total, 0},
                       {NULL, prev ? prev[nn].usage : FC_NULL_INT, 0},
                       {NULL, prev ? prev[nn].net : FC_NULL_INT, 0},
                       {NULL, attributed + unattr_total, 0},
                       {NULL, adj_total, 0},
                       {NULL, attributed + unattr_total + adj_total, 0}};
  if ((st = api->table_append(ctx, t, -1, trow)))
    return st;

  /* ---- unattributed.csv and findings ---- */
  static const fc_column ucols[] = {{"period", FC_COL_TEXT},
                                    {"account_id", FC_COL_TEXT},
                                    {"node_path", FC_COL_TEXT},
                                    {"reason", FC_COL_TEXT},
                                    {"principal_kind", FC_COL_TEXT},
                                    {"claim_arn", FC_COL_TEXT},
                                    {"seen_as", FC_COL_TEXT},
                                    {"usage_usd", FC_COL_MONEY},
                                    {"adjustments_usd", FC_COL_MONEY},
                                    {"net_usd", FC_COL_MONEY},
                                    {"rows", FC_COL_INT},
                                    {"principals", FC_COL_INT},
                                    {"first_day", FC_COL_DATE},
                                    {"last_day", FC_COL_DATE},
                                    {"claimed_by_workload", FC_COL_TEXT},
                                    {"action", FC_COL_TEXT},
                                    {"sessions", FC_COL_INT},
                                    {"session_examples", FC_COL_TEXT}};
  static const fc_column fdcols[] = {{"kind", FC_COL_TEXT},          {"severity", FC_COL_TEXT},
                                     {"workload_id", FC_COL_TEXT},   {"assignee_role", FC_COL_TEXT},
                                     {"usd_at_stake", FC_COL_MONEY}, {"key", FC_COL_TEXT},
                                     {"detail", FC_COL_TEXT}};
  fc_table *tu, *tf;
  if ((st = api->table_create(ctx, "attribution.unattributed", ucols, 18, &tu)) ||
      (st = api->table_create(ctx, "attribution.findings", fdcols, 7, &tf)))
    return st;
  for (size_t b = 0; b < a->nub; b++) {
    const ubucket *u = &a->ub[b];
    int node = api->account_node(ctx, u->account);
    const char *kind = u->kind == FCB_ID_ROLE      ? "iam_role"
                       : u->kind == FCB_ID_USER    ? "iam_user"
                       : u->kind == FCB_ID_PROFILE ? "inference_profile"
                                                   : "";
    const char *wid = u->workload >= 0 ? api->workload(ctx, (size_t)u->workload)->id : "";
    const char *opt = u->kind == FCB_ID_ROLE   ? "--iam-role"
                      : u->kind == FCB_ID_USER ? "--iam-user"
                                               : "--inference-profile";
    const char *action;
    fck_usd(u->usage + u->adj, m1);
    char *qarn =
        u->reason == R_UNCLAIMED && u->kind != FCB_ID_NONE ? fck_shell_quote(ctx, u->claim_arn) : NULL;
    if (u->reason == R_UNCLAIMED && u->kind != FCB_ID_NONE && !qarn)
      return FC_ERR_NOMEM;
    if (qarn) /* quoted: the command is pasted into a shell, the ARN comes from the CUR */
      action = acc_text(a, 0, "The owner claims it: finops claim --workload WORKLOAD_ID %s %s --from %s", opt,
                        qarn, date_text(u->first, d1));
    else if (u->reason == R_UNCLAIMED)
      action = "This principal is not an IAM role, IAM user or application inference profile: "
               "call Bedrock through a role or profile that can be claimed";
    else if (u->reason == R_BEFORE_CLAIM && u->later)
      action =
          acc_text(a, 0, "%s's claim starts %s; if this spend was theirs, move the claim's from back to %s",
                   wid, date_text(u->later->from, d1), date_text(u->first, d2));
    else if (u->reason == R_AFTER_CLAIM)
      action = "The claim has ended: the new owner claims it from the day after";
    else if (u->usage == 0)
      action = "A credit, refund or fee of the account itself, without an IAM principal: it stays "
               "with the account's node; nothing to claim";
    else if (a->any_principal)
      action = "Charges that carry no IAM principal although the export includes caller identity "
               "(account-level features such as guardrails): call through a claimed application "
               "inference profile where the feature allows it, else they stay with the account's "
               "node";
    else
      action = "No IAM principal on these rows: enable caller identity (IAM principal) data in the CUR "
               "export, or call through a claimed application inference profile";
    if (!action)
      return FC_ERR_NOMEM;
    fc_value row[18] = {{pbuf, 0, 0},
                        {u->account, 0, 0},
                        {node >= 0 ? api->node(ctx, (size_t)node)->path : "", 0, 0},
                        {reason_names[u->reason], 0, 0},
                        {kind, 0, 0},
                        {u->claim_arn, 0, 0},
                        {u->sample, 0, 0},
                        {NULL, u->usage, 0},
                        {NULL, u->adj, 0},
                        {NULL, u->usage + u->adj, 0},
                        {NULL, (int64_t)u->rows, 0},
                        {NULL, (int64_t)u->sessions, 0},
                        {NULL, u->first, 0},
                        {NULL, u->last, 0},
                        {wid, 0, 0},
                        {action, 0, 0},
                        {NULL, u->role_sessions ? (int64_t)u->role_sessions : FC_NULL_INT, 0},
                        {u->session_examples, 0, 0}};
    if ((st = api->table_append(ctx, tu, node, row)))
      return st;
    /* Findings: spend someone can act on (not a bare credit without a principal). */
    if (u->usage == 0)
      continue;
    const char *fkind, *sev, *role;
    const char *detail;
    fck_usd(u->usage, m1);
    if (u->reason == R_UNCLAIMED && u->kind != FCB_ID_NONE) {
      fkind = u->kind == FCB_ID_PROFILE ? "unclaimed_profile"
              : u->kind == FCB_ID_USER  ? "unclaimed_user"
                                        : "unclaimed_role";
      sev = u->usage >= 1000 * (fc_money)10000000000LL ? "high" : "medium";
      role = "product_owner";
      detail =
          acc_text(a, 1, "Claim the %s %s: %s USD of Bedrock usage in account %s is unattributed (%s to %s)",
                   u->kind == FCB_ID_PROFILE ? "application inference profile"
                   : u->kind == FCB_ID_USER  ? "IAM user"
                                             : "IAM role",
                   u->claim_arn, m1, u->account, date_text(u->first, d1), date_text(u->last, d2));
    } else if (u->reason == R_BEFORE_CLAIM && u->later) {
      fkind = "before_claim";
      sev = "low";
      role = "product_owner";
      node = api->workload(ctx, (size_t)u->workload)->node;
      detail = acc_text(a, 1,
                        "%s USD of %s's spend from %s to %s predates the claim starting %s: move the claim's "
                        "from back if it was %s's",
                        m1, u->claim_arn[0] ? u->claim_arn : u->key, date_text(u->first, d1),
                        date_text(u->last, d2), date_text(u->later->from, m2), wid);
    } else if (u->reason == R_NO_PRINCIPAL) {
      fkind = "no_principal";
      sev = "medium";
      role = "finops_leader";
      detail =
          a->any_principal
              ? acc_text(a, 1,
                         "%s USD of Bedrock usage in account %s%s%s carries no IAM principal although the "
                         "export includes caller identity (account-level features such as guardrails): call "
                         "them through a claimed application inference profile where the feature allows it, "
                         "else they stay with the account's node",
                         m1, u->account, u->key[0] ? ", resource " : "", u->key)
              : acc_text(a, 1,
                         "%s USD of Bedrock usage in account %s carries no IAM principal: enable caller "
                         "identity data in the CUR export or call through a claimed application inference "
                         "profile",
                         m1, u->account);
    } else {
      fkind = u->reason == R_AFTER_CLAIM ? "after_claim" : "unclaimable_principal";
      sev = "low";
      role = "finops_leader";
      detail = acc_text(
          a, 1, "%s USD of Bedrock usage by %s in account %s is unattributed (%s)", m1, u->sample, u->account,
          u->reason == R_AFTER_CLAIM ? "spent after its claim ended" : "a principal that cannot be claimed");
    }
    if (!detail)
      return FC_ERR_NOMEM;
    fc_value frow[7] = {{fkind, 0, 0},       {sev, 0, 0},    {wid, 0, 0},   {role, 0, 0},
                        {NULL, u->usage, 0}, {u->key, 0, 0}, {detail, 0, 0}};
    if ((st = api->table_append(ctx, tf, node, frow)))
      return st;
  }

  /* ---- conflicts ---- */
  static const fc_column kcols[] = {{"kind", FC_COL_TEXT},          {"profile_workload", FC_COL_TEXT},
                                    {"role_workload", FC_COL_TEXT}, {"usd", FC_COL_MONEY},
                                    {"rows", FC_COL_INT},           {"profile", FC_COL_TEXT},
                                    {"principal", FC_COL_TEXT}};
  if ((st = api->table_create(ctx, "attribution.conflicts", kcols, 7, &t)))
    return st;
  for (size_t i = 0; i < a->ncf; i++) {
    const conflict *c = &a->cf[i];
    const fc_workload_info *pw = api->workload(ctx, (size_t)c->pw), *rw = api->workload(ctx, (size_t)c->rw);
    fc_value row[7] = {
        {"double_claim", 0, 0},      {pw->id, 0, 0},     {rw->id, 0, 0},      {NULL, c->usd, 0},
        {NULL, (int64_t)c->rows, 0}, {c->profile, 0, 0}, {c->principal, 0, 0}};
    if ((st = api->table_append(ctx, t, pw->node, row)))
      return st;
    fck_usd(c->usd, m1);
    char *detail =
        fck_strf(ctx,
                 "%s USD was called through %s's profile by %s's role: counted once, for %s; agree "
                 "which workload owns the calls",
                 m1, pw->id, rw->id, pw->id);
    char *key = fck_strf(ctx, "%s|%s", pw->id, rw->id);
    if (!detail || !key)
      return FC_ERR_NOMEM;
    fc_value frow[7] = {{"double_claim", 0, 0}, {"low", 0, 0}, {rw->id, 0, 0}, {"product_owner", 0, 0},
                        {NULL, c->usd, 0},      {key, 0, 0},   {detail, 0, 0}};
    if ((st = api->table_append(ctx, tf, rw->node, frow)))
      return st;
  }
  api->log(ctx, FC_LOG_DEBUG, "attributed %s USD, unattributed %s USD", fck_usd(attributed, m1),
           fck_usd(unattr_total, m2));
  return FC_OK;
}

static int cmp_conflict(const void *x, const void *y) {
  const conflict *a = x, *b = y;
  if (a->pw != b->pw)
    return a->pw < b->pw ? -1 : 1;
  return a->rw < b->rw ? -1 : a->rw > b->rw;
}

/* An empty accumulator whose tables take memory from the run's arena; owner and fl are the per-fact
 * decisions, shared by the periods. */
static void acc_init(fc_ctx *ctx, acc *a, int32_t *owner, uint8_t *fl) {
  memset(a, 0, sizeof *a);
  fck_htab_init(ctx, &a->ub_index);
  fck_htab_init(ctx, &a->principals);
  fck_kmap_init(&a->utok, ctx, sizeof(uint32_t), sizeof(int));
  a->owner = owner;
  a->fl = fl;
}

/* accs: the period's accumulator and those of up to four other periods, zeroed; the caller frees
 * their heap arrays. */
static fc_status attr_run(fc_ctx *ctx, const state *s, const fc_fact *facts, size_t nfacts, int32_t *owner,
                          uint8_t *fl, acc *accs) {
  const fc_host_api *api = FC_API(ctx);
  int32_t period = api->period(ctx);
  acc *a = &accs[0], *oacc = &accs[1];
  acc_init(ctx, a, owner, fl);
  fc_status st = classify(ctx, s, facts, nfacts, period, a);
  if (st)
    return st;
  if (a->ncf > 1)
    qsort(a->cf, a->ncf, sizeof *a->cf, cmp_conflict);
  /* the previous month, when the inputs hold it: the same claims attribute it */
  int32_t before = period % 100 == 1 ? (period / 100 - 1) * 100 + 12 : period - 1;
  prev_sum *prev = NULL;
  /* Other periods whose owners other plugins read (attribution._facts_other): the previous month
   * (variance against last month) and the earlier months of the period's quarter (MAP by quarter),
   * ascending. */
  int32_t qfirst = (period / 100) * 100 + ((period % 100 - 1) / 3) * 3 + 1, other[4];
  size_t nother = 0;
  if (before < qfirst)
    other[nother++] = before;
  for (int32_t q = qfirst; q < period; q++)
    other[nother++] = q;
  int have[4] = {0, 0, 0, 0};
  for (size_t k = 0; k < nother; k++) {
    for (size_t i = 0; i < nfacts && !have[k]; i++)
      have[k] = (int32_t)facts[i].dim[FC_DIM_PERIOD] == other[k];
    if (!have[k])
      continue;
    acc_init(ctx, &oacc[k], owner, fl);
    if ((st = classify(ctx, s, facts, nfacts, other[k], &oacc[k])))
      return st;
    if (other[k] == before && (st = previous_month(ctx, &oacc[k], &prev)))
      return st;
  }
  if ((st = emit(ctx, facts, a, period, prev)))
    return st;
  fc_table *ot;
  if ((st = api->table_create(ctx, "attribution._facts_other", owner_cols, NOWNER_COLS, &ot)))
    return st;
  for (size_t k = 0; k < nother; k++)
    if (have[k] && (st = emit_owners(ctx, ot, facts, &oacc[k], other[k])))
      return st;
  return FC_OK;
}

static fc_status attr_process(fc_ctx *ctx, void *sp) {
  size_t nfacts = 0;
  const fc_fact *facts = FC_API(ctx)->facts(ctx, &nfacts);
  /* what lives only while the plugin runs is plain heap memory, released here: the per-fact
   * decisions and the accumulators' growing arrays and text buffers */
  int32_t *owner = malloc((nfacts + 1) * sizeof *owner);
  uint8_t *fl = malloc(nfacts + 1);
  acc accs[5];
  memset(accs, 0, sizeof accs);
  fc_status st = owner && fl ? attr_run(ctx, sp, facts, nfacts, owner, fl, accs) : FC_ERR_NOMEM;
  for (size_t k = 0; k < 5; k++) {
    free(accs[k].ub);
    free(accs[k].pk);
    free(accs[k].text[0]);
    free(accs[k].text[1]);
  }
  free(owner);
  free(fl);
  return st;
}

/* Charts (ABI 1.2): drawn by the host from each pack's view. */
static const fc_chart_def charts[] = {
    {.name = "spend_by_workload",
     .kind = FC_CHART_BARS,
     .title = "Spend by workload",
     .subtitle = "Bedrock usage cost, {period} month to date, {scope}",
     .result = "attribution.workloads",
     .series = (const fc_chart_series[]){{"usage_usd", "Attributed to a workload", FC_CHART_BLUE}, {NULL}},
     .flags = FC_CHART_SKIP_ZERO,
     .others = "Other workloads",
     /* unattributed usage under the scope, as its own grey bar */
     .extra = &(const fc_chart_extra){(const fc_chart_source[]){{"attribution.nodes", "unattributed_usd", 0},
                                                                {"attribution.totals", "unattributed_usd", 0},
                                                                {NULL}},
                                      "Unclaimed (unattributed)", "Unclaimed", FC_CHART_GREY}},
    {.name = "daily_spend",
     .kind = FC_CHART_DAILY_COLUMNS,
     .title = "Daily spend",
     .subtitle = "Bedrock usage cost per day, {period} (data through {data_through}), {scope}",
     .result = "attribution.daily",
     .x = "day",
     .series = (const fc_chart_series[]){{"usage_usd", NULL, FC_CHART_AUTO}, {NULL}},
     .top = 5,
     .others = "Other workloads",
     .others_colour = FC_CHART_BROWN,
     .extra = &(const fc_chart_extra){(const fc_chart_source[]){{"attribution.daily", "unattributed_usd", 0},
                                                                {NULL}},
                                      NULL, "Unclaimed", FC_CHART_GREY},
     /* the prorated estimate: the node's (priced token estimates too when the tokens plugin gives
      * them), else the dollar estimates of the workloads in view */
     .ref = &(
         const fc_chart_ref){(const fc_chart_source[]){{"tokens.nodes", "estimate_usd", 0},
                                                       {"tokens.workloads", "estimate_usd", 1},
                                                       {"attribution.daily", "estimate_usd", 0},
                                                       {NULL}},
                             1, "Prorated estimate ({value}/day)", "has_estimate",
                             "Estimate of the {covered} of {groups} workloads with one ({value}/day); solid "
                             "line: their spend"}},
    {NULL}};

/* What the host gives a meaning to: the chargeback ledger reconciles to the ingest on net_usd; the
 * chargeback and the unattributed spend are the run's CSV files (docs/contract.md). */
static const fc_use uses[] = {{FC_USE_LEDGER, "attribution.chargeback", "net_usd", NULL},
                              {FC_USE_CSV, "attribution.chargeback", NULL, "chargeback.csv"},
                              {FC_USE_CSV, "attribution.unattributed", NULL, "unattributed.csv"},
                              {FC_USE_END, NULL, NULL, NULL}};

extern const fc_stmt_decl attribution_statements[]; /* attribution_report.c */
extern const fc_sheet_decl attribution_sheets[];

static const fc_plugin_desc desc = {
    .magic = FC_PLUGIN_MAGIC,
    .abi_major = FC_ABI_MAJOR,
    .abi_minor = FC_ABI_MINOR,
    .size = sizeof(fc_plugin_desc),
    .name = "attribution",
    .version = "1.0.0",
    .description = "claims to workloads: profile over role, hierarchy rollup, chargeback, unattributed spend",
    .reads = reads,
    .writes = writes,
    .init = attr_init,
    .process = attr_process,
    .finish = NULL,
    .charts = charts,
    .uses = uses,
    .sheets = attribution_sheets,
    .statements = attribution_statements,
};

FC_PLUGIN_DEFINE(desc)
