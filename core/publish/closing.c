/* closing.c: reconciliation.csv and changes.csv, the host's own month-end close results (see
 * ledger.h and docs/contract.md). */
#include "closing.h"
#include "timing.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bedrock.h"
#include "jread.h"
#include "recon.h"
#include "rules.h"
#include "run.h"
#include "sha256.h"
#include "util.h"

fc_status fc_close_prepare(fc_run *r) {
  fc_recon *rc = calloc(1, sizeof *rc);
  if (!rc)
    return FC_ERR_NOMEM;
  r->ingest.recon = rc;
  return fc_recon_init(rc);
}

fc_status fc_close_sort(fc_run *r) {
  if (!r->ingest.recon) {
    fc_facts_sort(&r->ingest.facts);
    return FC_OK;
  }
  return fc_recon_sort_facts(r->ingest.recon, &r->ingest.facts);
}

/* ---- money text ---- */

/* A wide sum with 10 decimals, trailing zeros kept to 10 places like every money cell here. */
static char *wide_format(fc_wide v, char *buf) {
  char tmp[64];
  int neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u || n < 11);
  size_t o = 0;
  if (neg)
    buf[o++] = '-';
  while (n > 10)
    buf[o++] = tmp[--n];
  buf[o++] = '.';
  while (n)
    buf[o++] = tmp[--n];
  buf[o] = '\0';
  return buf;
}

static char *money10(fc_money v, char *buf) { return wide_format((fc_wide)v, buf); }

/* ---- the reconciliation lines ---- */

enum { UN_NO_PRINCIPAL, UN_UNCLAIMED, UN_BEFORE, UN_AFTER, UN_OTHER, UN_COUNT };
static const char *const reason_names[UN_COUNT - 1] = {"no_principal", "unclaimed", "before_claim",
                                                       "after_claim"};

typedef struct line {
  int family;
  const char *lit, *inv;
  uint64_t rows;
  fc_money in, attributed, un[UN_COUNT];
} line;

typedef struct lines {
  line *v;
  size_t n, cap;
  uint32_t *slots;
  size_t nslots;
} lines;

static size_t line_hash(int family, const char *lit, const char *inv) {
  uint64_t h = (uint64_t)family * 0x9E3779B97F4A7C15ULL;
  h ^= (uint64_t)(uintptr_t)lit * 0xC2B2AE3D27D4EB4FULL;
  h ^= (uint64_t)(uintptr_t)inv * 0x165667B19E3779F9ULL;
  return (size_t)(h ^ (h >> 31));
}

static line *line_get(lines *L, int family, const char *lit, const char *inv) {
  if ((L->n + 1) * 2 > L->nslots) {
    size_t ns = L->nslots ? L->nslots * 2 : 64;
    uint32_t *s = calloc(ns, sizeof *s);
    if (!s)
      return NULL;
    for (size_t i = 0; i < L->n; i++) {
      size_t h = line_hash(L->v[i].family, L->v[i].lit, L->v[i].inv) & (ns - 1);
      while (s[h])
        h = (h + 1) & (ns - 1);
      s[h] = (uint32_t)i + 1;
    }
    free(L->slots);
    L->slots = s;
    L->nslots = ns;
  }
  size_t h = line_hash(family, lit, inv) & (L->nslots - 1);
  for (; L->slots[h]; h = (h + 1) & (L->nslots - 1)) {
    line *x = &L->v[L->slots[h] - 1];
    if (x->family == family && x->lit == lit && x->inv == inv)
      return x;
  }
  if (L->n == L->cap) {
    size_t nc = L->cap ? L->cap * 2 : 32;
    line *nv = realloc(L->v, nc * sizeof *nv);
    if (!nv)
      return NULL;
    L->v = nv;
    L->cap = nc;
  }
  line *x = &L->v[L->n];
  memset(x, 0, sizeof *x);
  x->family = family;
  x->lit = lit;
  x->inv = inv;
  L->slots[h] = (uint32_t)++L->n;
  return x;
}

static int line_cmp(const void *pa, const void *pb) {
  const line *a = pa, *b = pb;
  if (a->family != b->family)
    return a->family < b->family ? -1 : 1;
  int c = strcmp(a->lit, b->lit);
  return c ? c : strcmp(a->inv, b->inv);
}

static const char *family_label(int family) {
  switch (family) {
  case FC_FAMILY_AWS:
    return "AWS-billed";
  case FC_FAMILY_MARKETPLACE:
    return "Marketplace";
  case FC_FAMILY_AGENTCORE:
    return "AgentCore";
  default:
    return "unknown";
  }
}

static const char *table_part(const fc_table *t) {
  const char *d = strchr(t->name, '.');
  return d ? d + 1 : t->name;
}

static long col_of(const fc_table *t, const char *name, fc_coltype type) {
  for (size_t c = 0; c < t->ncols; c++)
    if (strcmp(t->cols[c].name, name) == 0 && t->cols[c].type == type)
      return (long)c;
  return -1;
}

static int reason_slot(const char *why) {
  for (int k = 0; k < UN_COUNT - 1; k++)
    if (strcmp(why, reason_names[k]) == 0)
      return k;
  return UN_OTHER;
}

#define LINE_ATTRIBUTED UN_COUNT /* a fact's bucket: attributed, else its unattributed slot */

/* Where the dollars of every fact of the period go, from the result that states its owner: part
 * "_facts" with the columns fact (INT), workload (INT), reason (TEXT) and, when a row stands for a
 * run of facts, facts (INT: how many from fact on) (docs/results.md). bucket[i]: LINE_ATTRIBUTED
 * when a workload owns it, else the slot of its reason (UN_OTHER when not stated or no reason
 * known). One byte per fact. */
static int owners(const fc_run *r, unsigned char *bucket) {
  size_t n = r->ingest.facts.n;
  memset(bucket, UN_OTHER, n);
  for (size_t k = 0; k < r->results.n; k++) {
    const fc_table *t = r->results.v[k];
    if (strcmp(table_part(t), "_facts") != 0)
      continue;
    long cf = col_of(t, "fact", FC_COL_INT), cw = col_of(t, "workload", FC_COL_INT),
         cr = col_of(t, "reason", FC_COL_TEXT), cn = col_of(t, "facts", FC_COL_INT);
    if (cf < 0 || cw < 0 || cr < 0)
      continue;
    for (size_t row = 0; row < t->nrows; row++) {
      const fc_cell *v = &t->cells[row * t->ncols];
      int64_t f = v[cf].i, count = cn >= 0 ? v[cn].i : 1;
      if (f < 0 || (uint64_t)f >= n || count < 1 || (uint64_t)count > n - (uint64_t)f)
        continue;
      const char *reason = v[cr].s ? v[cr].s : "";
      int owner = *reason ? -1 : v[cw].i >= 0 ? (int)v[cw].i : -1;
      memset(bucket + f,
             owner >= 0    ? LINE_ATTRIBUTED
             : owner == -1 ? reason_slot(reason)
                           : UN_OTHER,
             (size_t)count);
    }
    return 1;
  }
  return 0;
}

static int line_add(line *x, uint64_t rows, fc_money cost, int bucket) {
  x->rows += rows;
  if (fc_add_checked(&x->in, cost))
    return -1;
  if (bucket == LINE_ATTRIBUTED)
    return fc_add_checked(&x->attributed, cost);
  return fc_add_checked(&x->un[bucket], cost);
}

/* Everything about the ledger a run keeps until its files are written. */
typedef struct ledger_state {
  lines L;
  line total;
  int have;
} ledger_state;
static ledger_state state; /* one run per process */

static fc_status build_lines(fc_run *r, lines *L, line *total) {
  const fc_facts *fx = &r->ingest.facts;
  const fc_recon *rc = r->ingest.recon;
  size_t n = fx->n;
  unsigned char *bucket = malloc(n ? n : 1);
  uint32_t *part_first = NULL, *part_next = NULL; /* UINT32_MAX: none (parts are fewer) */
  fc_status st = FC_OK;
  size_t np = rc ? rc->npart : 0;
  if (!bucket || np >= UINT32_MAX) {
    st = FC_ERR_NOMEM;
    goto out;
  }
  owners(r, bucket);
  /* the parts of facts that span invoices, listed per fact (only facts that have parts) */
  part_first = malloc((np ? n : 1) * sizeof *part_first);
  part_next = malloc((np ? np : 1) * sizeof *part_next);
  if (!part_first || !part_next) {
    st = FC_ERR_NOMEM;
    goto out;
  }
  if (np)
    memset(part_first, 0xff, n * sizeof *part_first);
  for (size_t k = np; k-- > 0;) {
    size_t f = rc->part[k].fact;
    part_next[k] = part_first[f];
    part_first[f] = (uint32_t)k;
  }
  for (size_t i = 0; i < n; i++) {
    const fc_fact *x = &fx->v[i];
    if ((int32_t)x->dim[FC_DIM_PERIOD] != r->period)
      continue;
    const char *lit = fc_strtab_get(&fx->strings, x->dim[FC_DIM_LINE_ITEM_TYPE]);
    const char *inv = rc ? fc_recon_fact_invoice(rc, i) : "";
    if (inv) {
      line *l = line_get(L, (int)x->dim[FC_DIM_FAMILY], lit, inv);
      if (!l) {
        st = FC_ERR_NOMEM;
        goto out;
      }
      if (line_add(l, x->rows, x->cost, bucket[i])) {
        st = FC_ERR_OVERFLOW;
        goto out;
      }
      continue;
    }
    for (uint32_t k = np ? part_first[i] : UINT32_MAX; k != UINT32_MAX; k = part_next[k]) {
      line *l = line_get(L, (int)x->dim[FC_DIM_FAMILY], lit, fc_strtab_get(&rc->strings, rc->part[k].inv));
      if (!l) {
        st = FC_ERR_NOMEM;
        goto out;
      }
      if (line_add(l, rc->part[k].rows, rc->part[k].cost, bucket[i])) {
        st = FC_ERR_OVERFLOW;
        goto out;
      }
    }
  }
  if (L->n > 1)
    qsort(L->v, L->n, sizeof *L->v, line_cmp);
  memset(total, 0, sizeof *total);
  for (size_t i = 0; i < L->n; i++) {
    const line *x = &L->v[i];
    total->rows += x->rows;
    int bad = fc_add_checked(&total->in, x->in) || fc_add_checked(&total->attributed, x->attributed);
    for (int k = 0; k < UN_COUNT; k++)
      bad |= fc_add_checked(&total->un[k], x->un[k]);
    if (bad) {
      st = FC_ERR_OVERFLOW;
      goto out;
    }
  }
out:
  free(bucket);
  free(part_first);
  free(part_next);
  return st;
}

static fc_money line_unattributed(const line *x) {
  fc_money s = 0;
  for (int k = 0; k < UN_COUNT; k++)
    s += x->un[k]; /* each part is a sub-sum of checked sums of one sign-bounded total */
  return s;
}

static fc_status append_line(fc_run *r, fc_table *t, const char *kind, const line *x) {
  fc_money un = line_unattributed(x);
  fc_value v[14];
  memset(v, 0, sizeof v);
  v[0].s = kind;
  v[1].s = x->family ? family_label(x->family) : "";
  v[2].s = x->lit ? x->lit : "";
  v[3].s = x->inv ? x->inv : "";
  v[4].i = (int64_t)x->rows;
  v[5].i = x->in;
  v[6].i = x->attributed;
  for (int k = 0; k < UN_COUNT; k++)
    v[7 + k].i = x->un[k];
  v[12].i = un;
  v[13].i = x->attributed + un;
  return fc_results_append(&r->results, t, -1, v);
}

/* ---- input fingerprints ---- */

static const char *rel(const fc_run *r, const char *path) {
  const char *d = r->cfg.dir;
  size_t n = d ? strlen(d) : 0;
  if (n && strncmp(path, d, n) == 0 && path[n] == '/')
    return path + n + 1;
  return path;
}

static fc_status add_input(fc_run *r, fc_table *t, const char *kind, const char *name, int64_t rows,
                           int64_t malformed, int64_t bytes, const char *fp) {
  fc_value v[6];
  memset(v, 0, sizeof v);
  v[0].s = kind;
  v[1].s = name;
  v[2].i = rows;
  v[3].i = malformed;
  v[4].i = bytes;
  v[5].s = fp;
  return fc_results_append(&r->results, t, -1, v);
}

static fc_status file_input(fc_run *r, fc_table *t, const char *kind, const char *path) {
  char hex[65] = "";
  uint64_t size = 0;
  if (!path)
    return add_input(r, t, kind, "built-in", FC_NULL_INT, FC_NULL_INT, FC_NULL_INT, "");
  if (fc_sha256_file(path, hex, &size))
    return add_input(r, t, kind, rel(r, path), FC_NULL_INT, FC_NULL_INT, FC_NULL_INT, "");
  return add_input(r, t, kind, rel(r, path), FC_NULL_INT, FC_NULL_INT, (int64_t)size, hex);
}

static const char *claim_kind_key(fc_claim_kind k) {
  return k == FC_CLAIM_ROLE ? "iam_role" : k == FC_CLAIM_USER ? "iam_user" : "inference_profile";
}

static fc_status build_inputs(fc_run *r) {
  static const fc_column cols[] = {{"kind", FC_COL_TEXT}, {"name", FC_COL_TEXT},
                                   {"rows", FC_COL_INT},  {"malformed_rows", FC_COL_INT},
                                   {"bytes", FC_COL_INT}, {"fingerprint", FC_COL_TEXT}};
  fc_table *t;
  fc_status st = fc_results_create(&r->results, FC_CLOSE_OWNER, FC_CLOSE_OWNER ".inputs", cols, 6, &t);
  if (st)
    return st;
  const fc_recon *rc = r->ingest.recon;
  for (size_t i = 0; rc && i < rc->nfile && !st; i++) {
    const char *name = fc_strtab_get(&rc->strings, rc->file[i].name);
    struct stat sb;
    int64_t bytes = stat(name, &sb) == 0 ? (int64_t)sb.st_size : FC_NULL_INT;
    st = add_input(r, t, "cur_file", rel(r, name), (int64_t)rc->file[i].rows, (int64_t)rc->file[i].malformed,
                   bytes, "");
  }
  if (!st)
    st = file_input(r, t, "config", r->cfg.file);
  if (!st)
    st = file_input(r, t, "claims", r->cfg.claims_file);
  if (!st)
    st = file_input(r, t, "prices", r->cfg.prices_file);
  char buf[32];
  for (size_t w = 0; w < r->cfg.nworkloads && !st; w++) {
    const fc_cfg_workload *wl = &r->cfg.workloads[w];
    fc_sb sb = {0};
    for (size_t c = 0; c < r->cfg.nclaims; c++) {
      const fc_cfg_claim *k = &r->cfg.claims[c];
      if (k->workload != (int)w)
        continue;
      char f[16], u[16];
      fc_sb_add(&sb, "%s%s %s from %s until %s", sb.n ? "; " : "", claim_kind_key(k->kind), k->arn,
                fc_date_format(k->from_day, f),
                k->until_day == INT32_MAX ? "open" : fc_date_format(k->until_day, u));
    }
    st = sb.oom ? FC_ERR_NOMEM
                : add_input(r, t, "claims_of", wl->id, FC_NULL_INT, FC_NULL_INT, FC_NULL_INT, fc_sb_str(&sb));
    fc_sb_free(&sb);
    if (st)
      break;
    fc_sb e = {0};
    if (wl->estimate_kind == FC_ESTIMATE_USD)
      fc_sb_add(&e, "%s USD a month", fc_money_format(wl->estimate_usd, 2, buf));
    else if (wl->estimate_kind == FC_ESTIMATE_TOKENS)
      fc_sb_add(&e, "tokens: input %lld, output %lld, cache read %lld, cache write %lld",
                (long long)wl->estimate_tokens[0], (long long)wl->estimate_tokens[1],
                (long long)wl->estimate_tokens[2], (long long)wl->estimate_tokens[3]);
    st = e.oom ? FC_ERR_NOMEM
               : add_input(r, t, "estimate_of", wl->id, FC_NULL_INT, FC_NULL_INT, FC_NULL_INT, fc_sb_str(&e));
    fc_sb_free(&e);
  }
  return st;
}

/* ---- what each claim covered ---- */

/* ledger.claims: one row per claim of the ledger, with the dollars and rows of the period that the
 * attribution gave its workload through it (a profile claim through the profile, a role or user
 * claim through the principal, on a day within the claim). */
static fc_status build_claims(fc_run *r) {
  static const fc_column cols[] = {{"workload_id", FC_COL_TEXT}, {"claim_kind", FC_COL_TEXT},
                                   {"arn", FC_COL_TEXT},         {"from", FC_COL_DATE},
                                   {"until", FC_COL_DATE},       {"ledger_line", FC_COL_INT},
                                   {"covered_rows", FC_COL_INT}, {"covered_usd", FC_COL_MONEY}};
  const fc_config *c = &r->cfg;
  const fc_facts *fx = &r->ingest.facts;
  fc_table *t;
  fc_status st = fc_results_create(&r->results, FC_CLOSE_OWNER, FC_CLOSE_OWNER ".claims", cols, 8, &t);
  if (st || !c->nclaims)
    return st;
  fc_money *usd = calloc(c->nclaims, sizeof *usd);
  uint64_t *rows = calloc(c->nclaims, sizeof *rows);
  fcb_identity *cid = calloc(c->nclaims, sizeof *cid);
  uint8_t *parsed = calloc(fx->strings.n ? fx->strings.n : 1, 1); /* 0 not yet, 1 none, 2 in ids */
  fcb_identity *ids = calloc(fx->strings.n ? fx->strings.n : 1, sizeof *ids);
  if (!usd || !rows || !cid || !parsed || !ids) {
    st = FC_ERR_NOMEM;
    goto out;
  }
  for (size_t k = 0; k < c->nclaims; k++)
    if (c->claims[k].kind == FC_CLAIM_PROFILE)
      fcb_profile_parse(c->claims[k].arn, &cid[k]);
    else
      fcb_principal_parse(c->claims[k].arn, &cid[k]);
  const fc_table *own = NULL;
  long cf = -1, cw = -1, cv = -1, cn = -1;
  for (size_t k = 0; k < r->results.n && !own; k++) {
    const fc_table *x = r->results.v[k];
    if (strcmp(table_part(x), "_facts") != 0)
      continue;
    cf = col_of(x, "fact", FC_COL_INT), cw = col_of(x, "workload", FC_COL_INT),
    cv = col_of(x, "via", FC_COL_TEXT), cn = col_of(x, "facts", FC_COL_INT);
    if (cf >= 0 && cw >= 0 && cv >= 0)
      own = x;
  }
  for (size_t row = 0; own && row < own->nrows; row++) {
    const fc_cell *v = &own->cells[row * own->ncols];
    int64_t f0 = v[cf].i, w = v[cw].i, count = cn >= 0 ? v[cn].i : 1; /* a run of facts from f0 */
    const char *via = v[cv].s ? v[cv].s : "";
    if (f0 < 0 || (uint64_t)f0 >= fx->n || count < 1 || (uint64_t)count > fx->n - (uint64_t)f0 || w < 0 ||
        !*via)
      continue;
    for (int64_t f = f0; f < f0 + count; f++) {
      const fc_fact *x = &fx->v[f];
      int profile = strcmp(via, "profile") == 0;
      uint32_t sid = x->dim[profile ? FC_DIM_RESOURCE : FC_DIM_PRINCIPAL];
      if (sid == 0 || sid >= fx->strings.n)
        continue;
      if (!parsed[sid]) {
        const char *text = fc_strtab_get(&fx->strings, sid);
        fcb_id_kind k = profile ? fcb_profile_parse(text, &ids[sid]) : fcb_principal_parse(text, &ids[sid]);
        parsed[sid] = k == FCB_ID_NONE ? 1 : 2;
      }
      if (parsed[sid] != 2)
        continue;
      int32_t day = (int32_t)x->dim[FC_DIM_DAY];
      for (size_t k = 0; k < c->nclaims; k++) {
        const fc_cfg_claim *cl = &c->claims[k];
        if (cl->workload != (int)w || (cl->kind == FC_CLAIM_PROFILE) != profile || day < cl->from_day ||
            day > cl->until_day || !fcb_identity_eq(&cid[k], &ids[sid]))
          continue;
        rows[k] += x->rows;
        if (fc_add_checked(&usd[k], x->cost)) {
          st = FC_ERR_OVERFLOW;
          goto out;
        }
        break; /* claims of one principal do not overlap */
      }
    }
  }
  for (size_t k = 0; k < c->nclaims && !st; k++) {
    const fc_cfg_claim *cl = &c->claims[k];
    fc_value v[8];
    memset(v, 0, sizeof v);
    v[0].s = cl->workload_id;
    v[1].s = claim_kind_key(cl->kind);
    v[2].s = cl->arn;
    v[3].i = cl->from_day;
    v[4].i = cl->until_day == INT32_MAX ? FC_NULL_INT : cl->until_day;
    v[5].i = cl->pos.line;
    v[6].i = own ? (int64_t)rows[k] : FC_NULL_INT;
    v[7].i = own ? usd[k] : FC_NULL_INT;
    st = fc_results_append(&r->results, t, cl->workload >= 0 ? c->workloads[cl->workload].node : -1, v);
  }
out:
  free(usd);
  free(rows);
  free(cid);
  free(parsed);
  free(ids);
  return st;
}

fc_status fc_close_results(fc_run *r, const char *final, const char *compare_dir) {
  ledger_state *S = &state;
  free(S->L.v);
  free(S->L.slots);
  memset(S, 0, sizeof *S);
  fc_status st = build_lines(r, &S->L, &S->total);
  if (st) {
    if (st == FC_ERR_OVERFLOW)
      fc_diags_add(r->diags, FC_SEV_ERROR, NULL, 0, 0, "reconciliation: a sum left the exact money range");
    return st;
  }
  S->have = 1;
  /* every dollar in is a dollar out, and the dollars in are the period's Bedrock total */
  fc_money period_total = 0;
  for (size_t i = 0; i < r->ingest.facts.n; i++)
    if ((int32_t)r->ingest.facts.v[i].dim[FC_DIM_PERIOD] == r->period &&
        fc_add_checked(&period_total, r->ingest.facts.v[i].cost))
      return FC_ERR_OVERFLOW;
  fc_money out = S->total.attributed + line_unattributed(&S->total);
  if (S->total.in != period_total || out != S->total.in) {
    char a[48], b[48], c[48];
    fc_diags_add(r->diags, FC_SEV_ERROR, NULL, 0, 0,
                 "reconciliation does not balance: %s USD in, %s USD out, the period's Bedrock rows %s USD",
                 money10(S->total.in, a), money10(out, b), money10(period_total, c));
    return FC_ERR_RECONCILE;
  }
  static const fc_column cols[] = {{"kind", FC_COL_TEXT},
                                   {"family", FC_COL_TEXT},
                                   {"line_item_type", FC_COL_TEXT},
                                   {"invoice_id", FC_COL_TEXT},
                                   {"rows", FC_COL_INT},
                                   {"usd_in", FC_COL_MONEY},
                                   {"attributed_usd", FC_COL_MONEY},
                                   {"unattributed_no_principal_usd", FC_COL_MONEY},
                                   {"unattributed_unclaimed_usd", FC_COL_MONEY},
                                   {"unattributed_before_claim_usd", FC_COL_MONEY},
                                   {"unattributed_after_claim_usd", FC_COL_MONEY},
                                   {"unattributed_other_usd", FC_COL_MONEY},
                                   {"unattributed_usd", FC_COL_MONEY},
                                   {"usd_out", FC_COL_MONEY}};
  fc_table *t;
  if ((st = fc_results_create(&r->results, FC_CLOSE_OWNER, FC_CLOSE_OWNER ".reconciliation", cols, 14, &t)))
    return st;
  /* one row per line; the total is the workbook's totals row and reconciliation.csv's last line */
  for (size_t i = 0; i < S->L.n && !st; i++)
    st = append_line(r, t, "bedrock", &S->L.v[i]);
  fc_timing_mark("close/lines");
  if (!st)
    st = build_inputs(r);
  fc_timing_mark("close/inputs");
  if (!st)
    st = build_claims(r);
  fc_timing_mark("close/claims");
  if (!st)
    st = fc_close_changes(r, final, compare_dir);
  return st;
}

/* ---- reconciliation.csv ---- */

typedef struct period_sum {
  int32_t period;
  uint64_t bedrock_rows, other_rows, unreadable;
  fc_wide bedrock, other;
} period_sum;

static int skip_cmp(const void *pa, const void *pb, void *ctx) {
  const fc_recon *rc = ctx;
  const fc_recon_skip *a = pa, *b = pb;
  if (a->period != b->period)
    return a->period < b->period ? -1 : 1;
  return strcmp(fc_strtab_get(&rc->strings, a->inv), fc_strtab_get(&rc->strings, b->inv));
}

static void csv_row(FILE *f, const char *period, const char *kind, const char *family, const char *lit,
                    const char *inv, const char *file, uint64_t rows, const char *const money[10]) {
  fc_csv_cell(f, period);
  fputc(',', f);
  fc_csv_cell(f, kind);
  fputc(',', f);
  fc_csv_cell(f, family);
  fputc(',', f);
  fc_csv_cell(f, lit);
  fputc(',', f);
  fc_csv_cell(f, inv);
  fputc(',', f);
  fc_csv_cell(f, file);
  fprintf(f, ",%llu", (unsigned long long)rows);
  for (int k = 0; k < 10; k++) {
    fputc(',', f);
    fputs(money[k] ? money[k] : "", f);
  }
  fputc('\n', f);
}

static void csv_line(FILE *f, const char *period, const char *kind, const line *x) {
  char b[10][48];
  const char *m[10];
  m[0] = money10(x->in, b[0]);
  m[1] = money10(x->attributed, b[1]);
  for (int k = 0; k < UN_COUNT; k++)
    m[2 + k] = money10(x->un[k], b[2 + k]);
  fc_money un = line_unattributed(x);
  m[7] = money10(un, b[7]);
  m[8] = money10(x->attributed + un, b[8]);
  m[9] = money10(0, b[9]);
  csv_row(f, period, kind, x->family ? family_label(x->family) : "", x->lit ? x->lit : "",
          x->inv ? x->inv : "", "", x->rows, m);
}

static fc_status write_recon_csv(fc_run *r, const char *dir, fc_outfiles *files) {
  ledger_state *S = &state;
  const fc_recon *rc = r->ingest.recon;
  char *path = fc_asprintf("%s/reconciliation.csv", dir);
  FILE *f = path ? fopen(path, "w") : NULL;
  if (!f) {
    fc_diags_add(r->diags, FC_SEV_ERROR, path ? path : dir, 0, 0, "cannot write: %s", strerror(errno));
    free(path);
    return path ? FC_ERR_IO : FC_ERR_NOMEM;
  }
  fc_status st = FC_OK;
  char pb[16];
  const char *period = fc_period_format(r->period, pb);
  fputs("period,kind,family,line_item_type,invoice_id,file,rows,usd_in,attributed_usd,"
        "unattributed_no_principal_usd,unattributed_unclaimed_usd,unattributed_before_claim_usd,"
        "unattributed_after_claim_usd,unattributed_other_usd,unattributed_usd,usd_out,not_reported_usd\n",
        f);
  for (size_t i = 0; i < S->L.n; i++)
    csv_line(f, period, "bedrock", &S->L.v[i]);
  csv_line(f, period, "bedrock_total", &S->total);
  /* what the CUR files held besides the period's Bedrock rows: nothing of it is in the reports */
  fc_recon_skip *sk = NULL;
  size_t nsk = rc ? rc->nskip : 0;
  if (nsk) {
    sk = malloc(nsk * sizeof *sk);
    if (!sk) {
      fclose(f);
      free(path);
      return FC_ERR_NOMEM;
    }
    memcpy(sk, rc->skip, nsk * sizeof *sk);
    qsort_r(sk, nsk, sizeof *sk, skip_cmp, (void *)rc);
  }
  uint64_t all_rows = S->total.rows;
  fc_wide all_in = S->total.in;
  char b[3][64];
  for (size_t i = 0; i < nsk; i++) {
    if (sk[i].period != r->period)
      continue;
    const char *m[10] = {
        wide_format(sk[i].cost, b[0]), NULL, NULL, NULL, NULL, NULL, NULL, NULL, money10(0, b[1]),
        wide_format(sk[i].cost, b[2])};
    csv_row(f, period, "non_bedrock", "", "", fc_strtab_get(&rc->strings, sk[i].inv), "", sk[i].rows, m);
  }
  /* other billing periods in the inputs: per period, Bedrock and other services together */
  period_sum *ps = NULL;
  size_t nps = 0;
  const fc_facts *fx = &r->ingest.facts;
  ps = calloc(fx->n + nsk + 1, sizeof *ps);
  if (!ps) {
    free(sk);
    fclose(f);
    free(path);
    return FC_ERR_NOMEM;
  }
  for (size_t i = 0; i < fx->n + nsk; i++) {
    int32_t p = i < fx->n ? (int32_t)fx->v[i].dim[FC_DIM_PERIOD] : sk[i - fx->n].period;
    if (p == r->period)
      continue;
    size_t k = 0;
    while (k < nps && ps[k].period != p)
      k++;
    if (k == nps)
      ps[nps++].period = p;
    if (i < fx->n) {
      ps[k].bedrock_rows += fx->v[i].rows;
      ps[k].bedrock += fx->v[i].cost;
    } else {
      ps[k].other_rows += sk[i - fx->n].rows;
      ps[k].other += sk[i - fx->n].cost;
    }
  }
  for (size_t i = 1; i < nps; i++) /* by period (few) */
    for (size_t j = i; j > 0 && ps[j - 1].period > ps[j].period; j--) {
      period_sum x = ps[j];
      ps[j] = ps[j - 1];
      ps[j - 1] = x;
    }
  for (size_t i = 0; i < nps; i++) {
    char op[16];
    const char *pn = ps[i].period ? fc_period_format(ps[i].period, op) : "unknown";
    fc_wide sum = ps[i].bedrock + ps[i].other;
    const char *m[10] = {wide_format(sum, b[0]), NULL, NULL, NULL, NULL, NULL, NULL, NULL, money10(0, b[1]),
                         wide_format(sum, b[2])};
    csv_row(f, pn, "other_period", "", "", "", "", ps[i].bedrock_rows + ps[i].other_rows, m);
  }
  for (size_t i = 0; i < nsk; i++) {
    all_rows += sk[i].rows;
    all_in += sk[i].cost;
  }
  for (size_t i = 0; i < fx->n; i++)
    if ((int32_t)fx->v[i].dim[FC_DIM_PERIOD] != r->period) {
      all_rows += fx->v[i].rows;
      all_in += fx->v[i].cost;
    }
  /* malformed rows: read, reported, left out; their dollars could not be read */
  for (size_t i = 0; rc && i < rc->nfile; i++) {
    if (!rc->file[i].malformed)
      continue;
    const char *m[10] = {NULL};
    csv_row(f, period, "malformed", "", "", "", rel(r, fc_strtab_get(&rc->strings, rc->file[i].name)),
            rc->file[i].malformed, m);
    all_rows += rc->file[i].malformed;
  }
  /* every row of the files read: the sum of the lines above */
  if (rc && rc->any_csv) {
    fc_wide out = (fc_wide)S->total.attributed + line_unattributed(&S->total);
    const char *m[10] = {
        wide_format(all_in, b[0]),      NULL, NULL, NULL, NULL, NULL, NULL, NULL, wide_format(out, b[1]),
        wide_format(all_in - out, b[2])};
    csv_row(f, period, "cur_total", "", "", "", "", all_rows, m);
  }
  free(ps);
  free(sk);
  int err = ferror(f);
  if (fclose(f) != 0 || err) {
    fc_diags_add(r->diags, FC_SEV_ERROR, path, 0, 0, "cannot write: %s", strerror(errno));
    st = FC_ERR_IO;
  }
  free(path);
  if (!st && fc_outfiles_add(files, "reconciliation.csv", -1, 1u << FC_ROLE_FINOPS_LEADER))
    st = FC_ERR_NOMEM;
  return st;
}

void fc_close_free(void) {
  free(state.L.v);
  free(state.L.slots);
  memset(&state, 0, sizeof state);
}

fc_status fc_close_files(fc_run *r, const char *dir, fc_outfiles *files) {
  fc_status st = state.have ? write_recon_csv(r, dir, files) : FC_OK;
  if (!st)
    st = fc_close_changes_file(r, dir, files);
  free(state.L.v);
  free(state.L.slots);
  memset(&state, 0, sizeof state);
  return st;
}
