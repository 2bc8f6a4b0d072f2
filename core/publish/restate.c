/* restate.c: the restatement diff. When a period is run again and a previous pack of it exists
 * (the published folder, or --compare DIR), ledger.changes (changes.csv, the "What changed" sheet)
 * lists per workload and unattributed bucket the previous and the new figures and the causes: CUR
 * usage rows new or changed, credits or refunds added, a claim added or ended, an estimate
 * changed, the price table changed. The previous figures are read from the previous pack's
 * summary.json (exact decimals); its manifest's sha256 and folder are named on every row. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jread.h"
#include "packs.h"
#include "closing.h"
#include "timing.h"
#include "run.h"
#include "sha256.h"
#include "util.h"

#define CLOSE_RESULT(part) FC_CLOSE_OWNER "." part
#define CHANGES CLOSE_RESULT("changes")

typedef struct bucket {
  char *key;
  const char *bucket, *workload_id, *node_path, *account_id, *reason;
  fc_money usage[2], adj[2], net[2]; /* [0] previous, [1] new */
  int have[2];
} bucket;

typedef struct bset {
  bucket *v;
  size_t n, cap;
  fc_arena *a;
} bset;

static bucket *bucket_get(bset *s, const char *bk, const char *wl, const char *acct, const char *reason) {
  char *key = fc_asprintf("%s|%s|%s|%s", bk, wl, acct, reason);
  if (!key)
    return NULL;
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i].key, key) == 0) {
      free(key);
      return &s->v[i];
    }
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 32;
    bucket *nv = realloc(s->v, nc * sizeof *nv);
    if (!nv) {
      free(key);
      return NULL;
    }
    s->v = nv;
    s->cap = nc;
  }
  bucket *b = &s->v[s->n++];
  memset(b, 0, sizeof *b);
  b->key = key;
  b->bucket = fc_arena_strdup(s->a, bk);
  b->workload_id = fc_arena_strdup(s->a, wl);
  b->account_id = fc_arena_strdup(s->a, acct);
  b->reason = fc_arena_strdup(s->a, reason);
  b->node_path = "";
  if (!b->bucket || !b->workload_id || !b->account_id || !b->reason)
    return NULL;
  return b;
}

static void bset_free(bset *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i].key);
  free(s->v);
}

static long tcol(const fc_table *t, const char *name, fc_coltype type) {
  for (size_t c = 0; c < t->ncols; c++)
    if (strcmp(t->cols[c].name, name) == 0 && t->cols[c].type == type)
      return (long)c;
  return -1;
}

/* The chargeback: the result with the contract's chargeback columns (docs/contract.md). */
static const fc_table *chargeback_result(const fc_run *r, long c[8]) {
  static const char *const names[8] = {"bucket", "workload_id", "node_path",       "account_id",
                                       "reason", "usage_usd",   "adjustments_usd", "net_usd"};
  for (size_t k = 0; k < r->results.n; k++) {
    const fc_table *t = r->results.v[k];
    if (strncmp(t->name, FC_CLOSE_OWNER ".", strlen(FC_CLOSE_OWNER) + 1) == 0)
      continue;
    int ok = 1;
    for (int i = 0; i < 8 && ok; i++)
      ok = (c[i] = tcol(t, names[i], i < 5 ? FC_COL_TEXT : FC_COL_MONEY)) >= 0;
    if (ok)
      return t;
  }
  return NULL;
}

static const char *js(const json_t *o, const char *k) {
  const char *s = fc_jstr(o, k);
  return s ? s : "";
}

/* The fingerprint `kind`/`name` in the new ledger.inputs table, or in the previous one. */
static const char *fp_new(const fc_run *r, const char *kind, const char *name) {
  const fc_table *t = fc_results_find(&r->results, FC_CLOSE_OWNER ".inputs");
  for (size_t i = 0; t && i < t->nrows; i++) {
    const fc_cell *v = &t->cells[i * t->ncols];
    if (strcmp(v[0].s, kind) == 0 && (!name || strcmp(v[1].s, name) == 0))
      return v[5].s ? v[5].s : "";
  }
  return NULL;
}
static const char *fp_prev(json_t *inputs, const char *kind, const char *name) {
  size_t i;
  json_t *row;
  json_array_foreach(inputs, i, row) {
    if (strcmp(js(row, "kind"), kind) == 0 && (!name || strcmp(js(row, "name"), name) == 0))
      return js(row, "fingerprint");
  }
  return NULL;
}
/* A pack made before its inputs were fingerprinted has no ledger.inputs: nothing is said to differ. */
static int fingerprints_known;
static int differs(const char *a, const char *b) {
  return fingerprints_known && strcmp(a ? a : "", b ? b : "") != 0;
}

/* The CUR files as read: name, bytes and rows, as one text, to tell whether they changed. */
static char *files_text(const fc_run *r, json_t *inputs) {
  fc_sb sb = {0};
  if (inputs) {
    size_t i;
    json_t *row;
    json_array_foreach(inputs, i, row) {
      if (strcmp(js(row, "kind"), "cur_file") == 0)
        fc_sb_add(&sb, "%s %s %s %s\n", js(row, "name"), js(row, "bytes"), js(row, "rows"),
                  js(row, "malformed_rows"));
    }
  } else {
    const fc_table *t = fc_results_find(&r->results, FC_CLOSE_OWNER ".inputs");
    for (size_t i = 0; t && i < t->nrows; i++) {
      const fc_cell *v = &t->cells[i * t->ncols];
      if (strcmp(v[0].s, "cur_file") != 0)
        continue;
      char a[24] = "", b[24] = "", c[24] = "";
      if (v[4].i != FC_NULL_INT)
        snprintf(a, sizeof a, "%lld", (long long)v[4].i);
      snprintf(b, sizeof b, "%lld", (long long)v[2].i);
      snprintf(c, sizeof c, "%lld", (long long)v[3].i);
      fc_sb_add(&sb, "%s %s %s %s\n", v[1].s, a, b, c);
    }
  }
  if (sb.oom) {
    fc_sb_free(&sb);
    return NULL;
  }
  char *s = fc_strdup(fc_sb_str(&sb));
  fc_sb_free(&sb);
  return s;
}

/* Per line item type: the USD in of the period's Bedrock rows, previous and new. */
typedef struct litsum {
  char lit[64];
  fc_money v[2];
} litsum;

static int usage_type(const char *lit) {
  return strcmp(lit, "Usage") == 0 || strcmp(lit, "DiscountedUsage") == 0 ||
         strcmp(lit, "SavingsPlanCoveredUsage") == 0;
}

static void lit_add(litsum *ls, size_t *n, size_t cap, const char *lit, int side, fc_money v) {
  size_t i = 0;
  while (i < *n && strcmp(ls[i].lit, lit) != 0)
    i++;
  if (i == *n) {
    if (*n == cap)
      return;
    memset(&ls[i], 0, sizeof ls[i]);
    snprintf(ls[i].lit, sizeof ls[i].lit, "%s", lit);
    (*n)++;
  }
  ls[i].v[side] += v;
}

/* "Credit -250.00 USD, Refund -10.00 USD": the types (usage or not) whose dollars changed. */
static void lit_changes(fc_sb *sb, const litsum *ls, size_t n, int usage) {
  int first = 1;
  for (size_t i = 0; i < n; i++) {
    if (usage_type(ls[i].lit) != usage || ls[i].v[0] == ls[i].v[1])
      continue;
    char d[40];
    fc_money delta = ls[i].v[1] - ls[i].v[0];
    fc_sb_add(sb, "%s%s %s%s USD", first ? "" : ", ", ls[i].lit, delta > 0 ? "+" : "",
              fc_money_format(delta, 2, d));
    first = 0;
  }
}

/* The claim changes of one workload from its two claim lists ("kind ARN from D until U; ..."). */
static void claim_changes(fc_sb *sb, const char *prev, const char *cur) {
  const char *lists[2] = {prev ? prev : "", cur ? cur : ""};
  /* split both into entries */
  char *copy[2] = {fc_strdup(lists[0]), fc_strdup(lists[1])};
  if (!copy[0] || !copy[1]) {
    sb->oom = 1;
    free(copy[0]);
    free(copy[1]);
    return;
  }
  char *ent[2][64];
  size_t ne[2] = {0, 0};
  for (int s = 0; s < 2; s++) {
    if (!copy[s])
      continue;
    char *p = copy[s];
    while (*p && ne[s] < 64) {
      ent[s][ne[s]++] = p;
      char *e = strstr(p, "; ");
      if (!e)
        break;
      *e = '\0';
      p = e + 2;
    }
  }
  int first = sb->n == 0;
  for (size_t i = 0; i < ne[1]; i++) {
    int same = 0;
    for (size_t j = 0; j < ne[0] && !same; j++)
      same = strcmp(ent[1][i], ent[0][j]) == 0;
    if (same)
      continue;
    const char *until = strstr(ent[1][i], " until ");
    size_t head = until ? (size_t)(until - ent[1][i]) : strlen(ent[1][i]);
    const char *was = NULL;
    for (size_t j = 0; j < ne[0] && !was; j++)
      if (strncmp(ent[0][j], ent[1][i], head) == 0 && ent[0][j][head] == ' ')
        was = ent[0][j];
    const char *sp = strchr(ent[1][i], ' ');
    const char *arn = sp ? sp + 1 : ent[1][i];
    const char *from = strstr(ent[1][i], " from ");
    int arn_len = from ? (int)(from - arn) : (int)strlen(arn);
    if (was && until && strcmp(until + 7, "open") != 0)
      fc_sb_add(sb, "%sclaim ended: %.*s until %s", first ? "" : "; ", arn_len, arn, until + 7);
    else if (was)
      fc_sb_add(sb, "%sclaim reopened: %.*s", first ? "" : "; ", arn_len, arn);
    else
      fc_sb_add(sb, "%sclaim added: %.*s%.*s", first ? "" : "; ", arn_len, arn,
                from ? (int)(until ? until - from : (long)strlen(from)) : 0, from ? from : "");
    first = 0;
  }
  for (size_t j = 0; j < ne[0]; j++) {
    const char *until = strstr(ent[0][j], " until ");
    size_t head = until ? (size_t)(until - ent[0][j]) : strlen(ent[0][j]);
    int still = 0;
    for (size_t i = 0; i < ne[1] && !still; i++)
      still = strncmp(ent[1][i], ent[0][j], head) == 0 && ent[1][i][head] == ' ';
    if (still)
      continue;
    const char *sp = strchr(ent[0][j], ' ');
    const char *arn = sp ? sp + 1 : ent[0][j];
    const char *from = strstr(ent[0][j], " from ");
    fc_sb_add(sb, "%sclaim removed: %.*s", first ? "" : "; ", from ? (int)(from - arn) : (int)strlen(arn),
              arn);
    first = 0;
  }
  free(copy[0]);
  free(copy[1]);
}

static const fc_column change_cols[] = {{"period", FC_COL_TEXT},
                                        {"bucket", FC_COL_TEXT},
                                        {"workload_id", FC_COL_TEXT},
                                        {"node_path", FC_COL_TEXT},
                                        {"account_id", FC_COL_TEXT},
                                        {"reason", FC_COL_TEXT},
                                        {"previous_usage_usd", FC_COL_MONEY},
                                        {"usage_usd", FC_COL_MONEY},
                                        {"previous_adjustments_usd", FC_COL_MONEY},
                                        {"adjustments_usd", FC_COL_MONEY},
                                        {"previous_net_usd", FC_COL_MONEY},
                                        {"net_usd", FC_COL_MONEY},
                                        {"change_usd", FC_COL_MONEY},
                                        {"cause", FC_COL_TEXT},
                                        {"previous_manifest_sha256", FC_COL_TEXT},
                                        {"previous_folder", FC_COL_TEXT}};
#define NCHANGE (sizeof change_cols / sizeof change_cols[0])

static int row_node(const fc_run *r, const char *workload_id, const char *node_path) {
  if (*workload_id) {
    int w = fc_config_workload_find(&r->cfg, workload_id);
    if (w >= 0)
      return r->cfg.workloads[w].node;
  }
  return *node_path ? fc_config_node_find(&r->cfg, node_path) : -1;
}

/* A rerun on unchanged inputs keeps the previous pack's comparison: the same files again. */
static fc_status carry_forward(fc_run *r, json_t *rows) {
  fc_table *t;
  fc_status st = fc_results_create(&r->results, FC_CLOSE_OWNER, CHANGES, change_cols, NCHANGE, &t);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (st)
      break;
    fc_value v[NCHANGE];
    memset(v, 0, sizeof v);
    for (size_t c = 0; c < NCHANGE; c++) {
      if (change_cols[c].type == FC_COL_TEXT)
        v[c].s = js(row, change_cols[c].name);
      else if (!fc_jmoney(row, change_cols[c].name, &v[c].i))
        v[c].i = FC_NULL_INT;
    }
    st = fc_results_append(&r->results, t, row_node(r, v[2].s, v[3].s), v);
  }
  return st;
}

static int bucket_cmp(const void *pa, const void *pb) {
  const bucket *a = pa, *b = pb;
  int c = strcmp(a->bucket, b->bucket);
  if (c)
    return -c; /* workload before unattributed */
  if ((c = strcmp(a->workload_id, b->workload_id)))
    return c;
  if ((c = strcmp(a->account_id, b->account_id)))
    return c;
  return strcmp(a->reason, b->reason);
}

fc_status fc_close_changes(fc_run *r, const char *final, const char *compare_dir) {
  const char *dir = compare_dir ? compare_dir : final;
  if (!dir)
    return FC_OK;
  char *sp = fc_asprintf("%s/summary.json", dir), *mp = fc_asprintf("%s/manifest.json", dir);
  if (!sp || !mp) {
    free(sp);
    free(mp);
    return FC_ERR_NOMEM;
  }
  fc_status st = FC_OK;
  json_t *prev = NULL;
  struct stat sb;
  bset B = {NULL, 0, 0, &r->arena};
  char *ft[2] = {NULL, NULL};
  if (stat(sp, &sb) != 0) {
    if (compare_dir) {
      fc_diags_add(r->diags, FC_SEV_ERROR, compare_dir, 0, 0,
                   "--compare: no summary.json here: not the folder of a published report pack");
      st = FC_ERR_CONFIG;
    }
    goto out;
  }
  char err[300];
  static const char *const keep[] = {CLOSE_RESULT("inputs"), CLOSE_RESULT("reconciliation"), CHANGES, NULL};
  static const char *const cb_keys[] = {"bucket",      "net_usd",    "usage_usd", "adjustments_usd",
                                        "workload_id", "account_id", "reason",    NULL};
  prev = fc_close_read(sp, keep, cb_keys, err, sizeof err);
  fc_timing_mark("close/read");
  if (!prev && (strstr(err, "out of memory") || strstr(err, strerror(ENOMEM)))) {
    st = FC_ERR_NOMEM;
    goto out;
  }
  if (!prev) {
    fc_diags_add(r->diags, compare_dir ? FC_SEV_ERROR : FC_SEV_WARNING, NULL, 0, 0,
                 "%s; no comparison with the previous pack", err);
    st = compare_dir ? FC_ERR_CONFIG : FC_OK;
    goto out;
  }
  char pb[16];
  const char *period = fc_period_format(r->period, pb);
  if (strcmp(js(prev, "period"), period) != 0) {
    if (compare_dir) {
      fc_diags_add(r->diags, FC_SEV_ERROR, sp, 0, 0, "--compare: this pack is of %s, the run of %s",
                   js(prev, "period"), period);
      st = FC_ERR_CONFIG;
    }
    goto out;
  }
  char sha[65] = "";
  uint64_t msize;
  if (fc_sha256_file(mp, sha, &msize))
    snprintf(sha, sizeof sha, "%s", "");
  json_t *results = fc_jget(prev, "results");
  json_t *pinputs = fc_jget(results, FC_CLOSE_OWNER ".inputs");
  json_t *pcb = fc_jget(prev, "chargeback");
  long c[8];
  const fc_table *cb = chargeback_result(r, c);
  if (!cb || !pcb) {
    if (compare_dir)
      fc_diags_add(r->diags, FC_SEV_WARNING, sp, 0, 0, "no chargeback in %s: nothing to compare",
                   cb ? "the previous pack" : "this run");
    goto out;
  }
  size_t i;
  json_t *row;
  json_array_foreach(pcb, i, row) {
    bucket *b =
        bucket_get(&B, js(row, "bucket"), js(row, "workload_id"), js(row, "account_id"), js(row, "reason"));
    if (!b) {
      st = FC_ERR_NOMEM;
      goto out;
    }
    fc_money u, a, n;
    fc_jmoney(row, "usage_usd", &u);
    fc_jmoney(row, "adjustments_usd", &a);
    fc_jmoney(row, "net_usd", &n);
    b->usage[0] += u;
    b->adj[0] += a;
    b->net[0] += n;
    b->have[0] = 1;
    if (!*b->node_path && !(b->node_path = fc_arena_strdup(&r->arena, js(row, "node_path")))) {
      st = FC_ERR_NOMEM;
      goto out;
    }
  }
  for (size_t k = 0; k < cb->nrows; k++) {
    const fc_cell *v = &cb->cells[k * cb->ncols];
    bucket *b = bucket_get(&B, v[c[0]].s ? v[c[0]].s : "", v[c[1]].s ? v[c[1]].s : "",
                           v[c[3]].s ? v[c[3]].s : "", v[c[4]].s ? v[c[4]].s : "");
    if (!b) {
      st = FC_ERR_NOMEM;
      goto out;
    }
    b->usage[1] += v[c[5]].i;
    b->adj[1] += v[c[6]].i;
    b->net[1] += v[c[7]].i;
    b->have[1] = 1;
    if (v[c[2]].s && *v[c[2]].s && !(b->node_path = fc_arena_strdup(&r->arena, v[c[2]].s))) {
      st = FC_ERR_NOMEM;
      goto out;
    }
  }
  fc_timing_mark("close/buckets");
  /* what changed in the inputs */
  ft[0] = json_is_array(pinputs) ? files_text(r, pinputs) : files_text(r, NULL);
  ft[1] = files_text(r, NULL);
  if (!ft[0] || !ft[1]) {
    st = FC_ERR_NOMEM;
    goto out;
  }
  fingerprints_known = json_is_array(pinputs);
  int prices = differs(fp_prev(pinputs, "prices", NULL), fp_new(r, "prices", NULL));
  int config = differs(fp_prev(pinputs, "config", NULL), fp_new(r, "config", NULL));
  int claims = differs(fp_prev(pinputs, "claims", NULL), fp_new(r, "claims", NULL));
  int files = strcmp(ft[0], ft[1]) != 0;
  int numbers = 0;
  for (size_t k = 0; k < B.n; k++) {
    const bucket *b = &B.v[k];
    numbers |= b->have[0] != b->have[1] || b->usage[0] != b->usage[1] || b->adj[0] != b->adj[1] ||
               b->net[0] != b->net[1];
  }
  int estimates = 0;
  for (size_t w = 0; w < r->cfg.nworkloads; w++)
    estimates |= differs(fp_prev(pinputs, "estimate_of", r->cfg.workloads[w].id),
                         fp_new(r, "estimate_of", r->cfg.workloads[w].id));
  fc_timing_mark("close/fingerprints");
  if (!compare_dir && !prices && !config && !claims && !files && !numbers && !estimates) {
    /* the same inputs again: the previous pack's comparison stands (byte-identical reruns) */
    json_t *pch = fc_jget(results, CHANGES);
    if (json_is_array(pch))
      st = carry_forward(r, pch);
    goto out;
  }
  /* per line item type, the period's Bedrock dollars before and after */
  litsum ls[64];
  size_t nls = 0;
  json_t *prec = fc_jget(results, FC_CLOSE_OWNER ".reconciliation");
  json_array_foreach(prec, i, row) {
    if (strcmp(js(row, "kind"), "bedrock") != 0)
      continue;
    fc_money v;
    fc_jmoney(row, "usd_in", &v);
    lit_add(ls, &nls, 64, js(row, "line_item_type"), 0, v);
  }
  const fc_table *rec = fc_results_find(&r->results, FC_CLOSE_OWNER ".reconciliation");
  for (size_t k = 0; rec && k < rec->nrows; k++) {
    const fc_cell *v = &rec->cells[k * rec->ncols];
    if (strcmp(v[0].s, "bedrock") == 0)
      lit_add(ls, &nls, 64, v[2].s, 1, v[5].i);
  }
  fc_sb usage_lits = {0}, adj_lits = {0}, moved = {0};
  lit_changes(&usage_lits, ls, nls, 1);
  lit_changes(&adj_lits, ls, nls, 0);
  for (size_t w = 0; w < r->cfg.nworkloads; w++)
    if (differs(fp_prev(pinputs, "claims_of", r->cfg.workloads[w].id),
                fp_new(r, "claims_of", r->cfg.workloads[w].id)))
      fc_sb_add(&moved, "%s%s", moved.n ? ", " : "", r->cfg.workloads[w].id);

  fc_table *t;
  if (usage_lits.oom || adj_lits.oom || moved.oom) {
    st = FC_ERR_NOMEM;
    goto free_sb;
  }
  if ((st = fc_results_create(&r->results, FC_CLOSE_OWNER, CHANGES, change_cols, NCHANGE, &t)))
    goto free_sb;
  if (B.n > 1)
    qsort(B.v, B.n, sizeof *B.v, bucket_cmp);
  bucket same = {0};
  size_t nsame = 0;
  for (size_t k = 0; k < B.n && !st; k++) {
    bucket *b = &B.v[k];
    int is_w = strcmp(b->bucket, "workload") == 0;
    fc_sb cause = {0};
    if (is_w && fingerprints_known)
      claim_changes(&cause, fp_prev(pinputs, "claims_of", b->workload_id),
                    fp_new(r, "claims_of", b->workload_id));
    int claim_cause = cause.n > 0;
    if (is_w) {
      const char *pe = fp_prev(pinputs, "estimate_of", b->workload_id),
                 *ne = fp_new(r, "estimate_of", b->workload_id);
      if (differs(pe, ne))
        fc_sb_add(&cause, "%sestimate changed: %s -> %s", cause.n ? "; " : "", pe && *pe ? pe : "none",
                  ne && *ne ? ne : "none");
    }
    if (b->usage[0] != b->usage[1]) {
      if (usage_lits.n)
        fc_sb_add(&cause, "%sCUR usage rows new or changed (%s)", cause.n ? "; " : "",
                  fc_sb_str(&usage_lits));
      if (moved.n && !claim_cause)
        fc_sb_add(&cause, "%sspend moved by claim changes of %s", cause.n ? "; " : "", fc_sb_str(&moved));
    }
    if (b->adj[0] != b->adj[1] && adj_lits.n)
      fc_sb_add(&cause, "%scredits, refunds or other adjustments added or changed (%s)", cause.n ? "; " : "",
                fc_sb_str(&adj_lits));
    if (is_w && prices)
      fc_sb_add(&cause, "%sprice table changed", cause.n ? "; " : "");
    int changed = b->usage[0] != b->usage[1] || b->adj[0] != b->adj[1] || b->net[0] != b->net[1];
    if (changed && !cause.n)
      fc_sb_add(&cause, "%s",
                config  ? "configuration changed"
                : files ? "CUR files changed"
                        : "inputs changed");
    if (cause.oom) {
      st = FC_ERR_NOMEM;
    } else if (!changed && !cause.n) {
      nsame++;
      for (int s = 0; s < 2; s++) {
        same.usage[s] += b->usage[s];
        same.adj[s] += b->adj[s];
        same.net[s] += b->net[s];
      }
    } else {
      fc_value v[NCHANGE];
      memset(v, 0, sizeof v);
      v[0].s = period;
      v[1].s = b->bucket;
      v[2].s = b->workload_id;
      v[3].s = b->node_path;
      v[4].s = b->account_id;
      v[5].s = b->reason;
      v[6].i = b->usage[0];
      v[7].i = b->usage[1];
      v[8].i = b->adj[0];
      v[9].i = b->adj[1];
      v[10].i = b->net[0];
      v[11].i = b->net[1];
      v[12].i = b->net[1] - b->net[0];
      v[13].s = fc_sb_str(&cause);
      v[14].s = sha;
      v[15].s = dir;
      st = fc_results_append(&r->results, t, row_node(r, b->workload_id, b->node_path), v);
    }
    fc_sb_free(&cause);
  }
  /* the buckets that did not change, as one row: the rows then add up to both periods' totals */
  for (int pass = 0; pass < 1 && !st && nsame; pass++) {
    const bucket *b = &same;
    char text[80];
    snprintf(text, sizeof text, "%zu bucket%s unchanged", nsame, nsame == 1 ? "" : "s");
    fc_value v[NCHANGE];
    memset(v, 0, sizeof v);
    v[0].s = period;
    v[1].s = "unchanged";
    v[2].s = v[3].s = v[4].s = v[5].s = "";
    v[6].i = b->usage[0];
    v[7].i = b->usage[1];
    v[8].i = b->adj[0];
    v[9].i = b->adj[1];
    v[10].i = b->net[0];
    v[11].i = b->net[1];
    v[12].i = b->net[1] - b->net[0];
    v[13].s = text;
    v[14].s = sha;
    v[15].s = dir;
    st = fc_results_append(&r->results, t, -1, v);
  }
free_sb:
  fc_sb_free(&usage_lits);
  fc_sb_free(&adj_lits);
  fc_sb_free(&moved);
out:
  free(ft[0]);
  free(ft[1]);
  bset_free(&B);
  json_decref(prev);
  free(sp);
  free(mp);
  return st;
}

/* v rounded to the 6 decimals the CSV shows (half away from zero), so the total line is the sum
 * of the figures printed above it. */
static fc_money round6(fc_money v) {
  const fc_money u = 10000;
  fc_money q = (v < 0 ? -v : v) / u, rem = (v < 0 ? -v : v) % u;
  if (rem * 2 >= u)
    q++;
  return (v < 0 ? -q : q) * u;
}

fc_status fc_close_changes_file(fc_run *r, const char *dir, fc_outfiles *files) {
  const fc_table *t = fc_results_find(&r->results, CHANGES);
  if (!t)
    return FC_OK;
  char *path = fc_asprintf("%s/changes.csv", dir);
  FILE *f = path ? fopen(path, "w") : NULL;
  if (!f) {
    fc_diags_add(r->diags, FC_SEV_ERROR, path ? path : dir, 0, 0, "cannot write: %s", strerror(errno));
    free(path);
    return path ? FC_ERR_IO : FC_ERR_NOMEM;
  }
  /* through the organisation's scoped view, like every CSV the run writes */
  fc_view v;
  int rc = -1;
  if (fc_view_make(&r->results, &r->cfg, &r->ingest.facts, r->period, r->as_of, -1, &v) == FC_OK) {
    const fc_view_table *vt = fc_view_find(&v, CHANGES);
    rc = vt ? fc_csv_write_view(f, vt, NULL, NULL, 0) : -1;
    fc_view_free(&v);
  } else {
    errno = ENOMEM;
  }
  /* the total line: every money column summed (both periods' Bedrock totals, and the change) */
  fc_money sum[NCHANGE];
  memset(sum, 0, sizeof sum);
  for (size_t i = 0; i < t->nrows; i++)
    for (size_t c = 0; c < NCHANGE; c++)
      if (change_cols[c].type == FC_COL_MONEY && t->cells[i * t->ncols + c].i != FC_NULL_INT)
        sum[c] += round6(t->cells[i * t->ncols + c].i);
  for (size_t c = 0; c < NCHANGE; c++) {
    char buf[40];
    if (c)
      fputc(',', f);
    if (change_cols[c].type == FC_COL_MONEY)
      fputs(fc_money_format(sum[c], 6, buf), f);
    else if (c == 0 || c >= 14)
      fc_csv_cell(f, t->nrows ? t->cells[c].s : "");
    else if (c == 1)
      fputs("total", f);
  }
  fputc('\n', f);
  if (fclose(f) != 0 || rc) {
    fc_diags_add(r->diags, FC_SEV_ERROR, path, 0, 0, "cannot write: %s", strerror(errno));
    free(path);
    return FC_ERR_IO;
  }
  free(path);
  return fc_outfiles_add(files, "changes.csv", -1, 1u << FC_ROLE_FINOPS_LEADER) ? FC_ERR_NOMEM : FC_OK;
}
