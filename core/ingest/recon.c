/* recon.c: the ingest's counts for the reconciliation report (see recon.h). Every call is cheap:
 * a Bedrock row costs a comparison with the previous row's invoice and one store per fact; a
 * skipped row costs a walk over its first fields (up to the cost column), no CSV parse. */
#include "recon.h"

#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

fc_status fc_recon_init(fc_recon *r) {
  memset(r, 0, sizeof *r);
  for (int i = 0; i < 4; i++)
    r->col[i] = -1;
  return fc_strtab_init(&r->strings) ? FC_ERR_NOMEM : FC_OK;
}

void fc_recon_free(fc_recon *r) {
  fc_strtab_free(&r->strings);
  free(r->fact_inv);
  free(r->part);
  fc_htab_free(&r->part_index);
  free(r->skip);
  free(r->file);
  memset(r, 0, sizeof *r);
}

void fc_recon_header(fc_recon *r, const int *colmap, size_t n) {
  static const int want[4] = {FC_COL_COST, FC_COL_INVOICE, FC_COL_PERIOD_START, FC_COL_USAGE_START};
  r->ncol_need = 0;
  r->read_invoices = 0;
  r->any_csv = 1;
  r->last_ok = 0;
  for (int k = 0; k < 4; k++) {
    r->col[k] = -1;
    for (size_t i = 0; i < n; i++)
      if (colmap[i] == want[k]) {
        r->col[k] = (long)i;
        break;
      }
    if (r->col[k] + 1 > r->ncol_need)
      r->ncol_need = r->col[k] + 1;
  }
  r->read_invoices = r->col[1] >= 0;
}

/* The id of invoice s[0..n), remembering the last one. UINT32_MAX when out of memory. */
static uint32_t invoice_id(fc_recon *r, const char *s, size_t n) {
  if (r->last_ok && n == r->last_len && memcmp(s, r->last_buf, n) == 0)
    return r->last_inv;
  uint32_t id = fc_strtab_intern(&r->strings, s, n);
  if (id == UINT32_MAX)
    return id;
  r->last_ok = n <= sizeof r->last_buf;
  if (r->last_ok) {
    memcpy(r->last_buf, s, n);
    r->last_len = n;
    r->last_inv = id;
  }
  return id;
}

typedef struct part_key {
  const fc_recon *r;
  uint32_t fact, inv;
} part_key;

static int part_eq(const void *u, uint32_t id) {
  const part_key *k = u;
  return k->r->part[id].fact == k->fact && k->r->part[id].inv == k->inv;
}

static fc_status part_add(fc_recon *r, uint32_t fact, uint32_t inv, uint64_t rows, fc_money cost) {
  uint64_t h = fc_hash_u64((uint64_t)fact << 32 | inv);
  part_key k = {r, fact, inv};
  uint32_t e = fc_htab_find(&r->part_index, h, part_eq, &k);
  if (e != FC_HTAB_NONE) {
    fc_recon_part *p = &r->part[e];
    p->rows += rows;
    p->cost += cost; /* bounded by the fact's own checked sum */
    return FC_OK;
  }
  if (r->npart == r->part_cap) {
    size_t nc = r->part_cap ? r->part_cap * 2 : 64;
    fc_recon_part *np = realloc(r->part, nc * sizeof *np);
    if (!np)
      return FC_ERR_NOMEM;
    r->part = np;
    r->part_cap = nc;
  }
  if (fc_htab_put(&r->part_index, h, (uint32_t)r->npart))
    return FC_ERR_NOMEM;
  r->part[r->npart++] = (fc_recon_part){fact, inv, rows, cost};
  return FC_OK;
}

/* Makes fact_inv hold index `fact`. 0, or -1 when out of memory. */
static int fact_room(fc_recon *r, size_t fact) {
  if (fact < r->fact_cap)
    return 0;
  size_t nc = r->fact_cap ? r->fact_cap : 1024;
  while (nc <= fact)
    nc *= 2;
  uint32_t *nv = realloc(r->fact_inv, nc * sizeof *nv);
  if (!nv)
    return -1;
  memset(nv + r->fact_cap, 0, (nc - r->fact_cap) * sizeof *nv);
  r->fact_inv = nv;
  r->fact_cap = nc;
  return 0;
}

fc_status fc_recon_row(fc_recon *r, const fc_facts *facts, size_t fact, const char *inv, size_t n,
                       fc_money cost) {
  uint32_t id = invoice_id(r, inv, n);
  if (id == UINT32_MAX || fact_room(r, fact))
    return FC_ERR_NOMEM;
  uint32_t *t = &r->fact_inv[fact];
  if (*t == id + 1)
    return FC_OK;
  if (*t == 0) {
    /* the fact's first row (or its first rows came from a reader without invoices) */
    const fc_fact *x = &facts->v[fact];
    if (x->rows == 1) {
      *t = id + 1;
      return FC_OK;
    }
    fc_status s = part_add(r, (uint32_t)fact, 0, x->rows - 1, x->cost - cost);
    if (s)
      return s;
    *t = FC_RECON_MIXED;
    return part_add(r, (uint32_t)fact, id, 1, cost);
  }
  if (*t != FC_RECON_MIXED) {
    /* a second invoice: what the fact held so far was the first one's */
    const fc_fact *x = &facts->v[fact];
    fc_status s = part_add(r, (uint32_t)fact, *t - 1, x->rows - 1, x->cost - cost);
    if (s)
      return s;
    *t = FC_RECON_MIXED;
  }
  return part_add(r, (uint32_t)fact, id, 1, cost);
}

/* Fields of a raw record, up to `need`: val/len of the fields at the wanted indexes (quotes
 * removed; a doubled quote inside stays doubled, which no id, date or number holds). Returns 0, or
 * -1 when the record has fewer fields or is not well-formed CSV. */
static int walk(const char *p, size_t n, const long want[4], long need, const char *val[4], size_t len[4]) {
  while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
    n--;
  size_t i = 0;
  for (long f = 0; f < need; f++) {
    const char *v;
    size_t vn;
    if (i < n && p[i] == '"') {
      size_t s = ++i;
      for (;;) {
        const char *q = memchr(p + i, '"', n - i);
        if (!q)
          return -1;
        i = (size_t)(q - p) + 1;
        if (i < n && p[i] == '"') {
          i++;
          continue;
        }
        break;
      }
      v = p + s;
      vn = i - 1 - s;
    } else {
      const char *c = memchr(p + i, ',', n - i);
      size_t e = c ? (size_t)(c - p) : n;
      v = p + i;
      vn = e - i;
      i = e;
    }
    for (int k = 0; k < 4; k++)
      if (want[k] == f) {
        val[k] = v;
        len[k] = vn;
      }
    if (f + 1 < need) {
      if (i >= n || p[i] != ',')
        return -1;
      i++;
    }
  }
  return 0;
}

static fc_status skip_add(fc_recon *r, int32_t period, uint32_t inv, uint64_t rows, uint64_t unreadable,
                          fc_wide cost) {
  fc_recon_skip *s = NULL;
  if (r->skip_last && r->skip[r->skip_last - 1].period == period && r->skip[r->skip_last - 1].inv == inv)
    s = &r->skip[r->skip_last - 1];
  for (size_t i = 0; !s && i < r->nskip; i++)
    if (r->skip[i].period == period && r->skip[i].inv == inv) {
      s = &r->skip[i];
      r->skip_last = (int)i + 1;
    }
  if (!s) {
    if (r->nskip == r->skip_cap) {
      size_t nc = r->skip_cap ? r->skip_cap * 2 : 16;
      fc_recon_skip *nv = realloc(r->skip, nc * sizeof *nv);
      if (!nv)
        return FC_ERR_NOMEM;
      r->skip = nv;
      r->skip_cap = nc;
    }
    s = &r->skip[r->nskip++];
    memset(s, 0, sizeof *s);
    s->period = period;
    s->inv = inv;
    r->skip_last = (int)r->nskip;
  }
  s->rows += rows;
  s->unreadable += unreadable;
  s->cost += cost;
  return FC_OK;
}

/* The skipped row's fields are read: counted by period and invoice. ok: they were readable. */
static fc_status skipped_fields(fc_recon *r, int ok, const char *val[4], const size_t len[4]) {
  int32_t period = 0, day;
  fc_money cost = 0;
  if (ok) {
    int k = len[2] ? 2 : 3; /* the billing period's start, else the usage start */
    if (len[k] >= 10 && r->last_day_ok && memcmp(val[k], r->last_day, 10) == 0)
      period = r->last_period; /* the same day as the row before: most rows */
    else if (len[k] && fc_timestamp_parse(val[k], len[k], &day) == 0) {
      period = fc_period_of_day(day);
      r->last_day_ok = len[k] >= 10;
      if (r->last_day_ok)
        memcpy(r->last_day, val[k], 10);
      r->last_period = period;
    }
    ok = len[0] == 0 || fc_money_parse(val[0], len[0], &cost, NULL) == 0;
  }
  uint32_t inv = 0;
  if (ok && len[1]) {
    inv = invoice_id(r, val[1], len[1]);
    if (inv == UINT32_MAX)
      return FC_ERR_NOMEM;
  }
  return skip_add(r, ok ? period : 0, inv, 1, !ok, ok ? (fc_wide)cost : 0);
}

fc_status fc_recon_skipped(fc_recon *r, const char *rec, size_t n) {
  const char *val[4] = {"", "", "", ""};
  size_t len[4] = {0, 0, 0, 0};
  int ok = walk(rec, n, r->col, r->ncol_need, val, len) == 0;
  return skipped_fields(r, ok, val, len);
}

fc_status fc_recon_skipped_at(fc_recon *r, const char *rec, size_t n, const uint32_t *comma, size_t ncomma,
                              int quoted) {
  long need = r->ncol_need;
  /* the fields wanted are unquoted and their commas known (the last one may end the record) */
  if ((long)ncomma < need && !((long)ncomma == need - 1 && !quoted))
    return fc_recon_skipped(r, rec, n);
  const char *val[4] = {"", "", "", ""};
  size_t len[4] = {0, 0, 0, 0};
  for (int k = 0; k < 4; k++) {
    long f = r->col[k];
    if (f < 0)
      continue;
    size_t s = f ? (size_t)comma[f - 1] + 1 : 0, e = f < (long)ncomma ? (size_t)comma[f] : n;
    val[k] = rec + s;
    len[k] = e - s;
  }
  return skipped_fields(r, 1, val, len);
}

fc_status fc_recon_file_done(fc_recon *r, const char *name, uint64_t rows, uint64_t malformed,
                             uint64_t skipped) {
  uint32_t id = fc_strtab_intern(&r->strings, name, strlen(name));
  if (id == UINT32_MAX)
    return FC_ERR_NOMEM;
  if (r->nfile == r->file_cap) {
    size_t nc = r->file_cap ? r->file_cap * 2 : 16;
    fc_recon_file *nv = realloc(r->file, nc * sizeof *nv);
    if (!nv)
      return FC_ERR_NOMEM;
    r->file = nv;
    r->file_cap = nc;
  }
  r->file[r->nfile++] = (fc_recon_file){id, rows, malformed, skipped};
  return FC_OK;
}

fc_status fc_recon_sort_facts(fc_recon *r, fc_facts *facts) {
  size_t n = facts->n;
  uint32_t *old = malloc((n ? n : 1) * sizeof *old);
  uint32_t *nt = calloc(n ? n : 1, sizeof *nt);
  uint32_t *newpos = malloc((n ? n : 1) * sizeof *newpos);
  if (!old || !nt || !newpos || fc_facts_sort_order(facts, old)) {
    free(old);
    free(nt);
    free(newpos);
    return FC_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    nt[i] = old[i] < r->fact_cap ? r->fact_inv[old[i]] : 0;
    newpos[old[i]] = (uint32_t)i;
  }
  for (size_t i = 0; i < r->npart; i++)
    r->part[i].fact = newpos[r->part[i].fact];
  fc_htab_free(&r->part_index); /* no more rows: the index is not needed */
  free(r->fact_inv);
  r->fact_inv = nt;
  r->fact_cap = n ? n : 1;
  free(old);
  free(newpos);
  return FC_OK;
}

const char *fc_recon_fact_invoice(const fc_recon *r, size_t i) {
  uint32_t t = i < r->fact_cap ? r->fact_inv[i] : 0;
  if (t == FC_RECON_MIXED)
    return NULL;
  return t ? fc_strtab_get(&r->strings, t - 1) : "";
}

/* ---- folding the counts of a part read on another thread ---- */

/* The id in r of the part's string `id` (interned on first use). UINT32_MAX when out of memory. */
static uint32_t merge_str(fc_recon *r, const fc_recon *part, uint32_t *ids, uint32_t id) {
  if (ids[id] == UINT32_MAX)
    ids[id] = fc_strtab_intern(&r->strings, fc_strtab_get(&part->strings, id), part->strings.len[id]);
  return ids[id];
}

/* The fact's rows on invoice `inv` (rows, cost), after `before` rows costing `cbefore`, the way
 * fc_recon_row would have counted them one by one. */
static fc_status merge_fact_inv(fc_recon *r, uint32_t fact, uint64_t before, fc_money cbefore, uint32_t inv,
                                uint64_t rows, fc_money cost) {
  uint32_t *t = &r->fact_inv[fact];
  if (*t == inv + 1)
    return FC_OK;
  if (*t == 0 && before == 0) {
    *t = inv + 1;
    return FC_OK;
  }
  if (*t != FC_RECON_MIXED) { /* the rows before: unread invoices (0) or the one invoice so far */
    fc_status s = part_add(r, fact, *t ? *t - 1 : 0, before, cbefore);
    if (s)
      return s;
    *t = FC_RECON_MIXED;
  }
  return part_add(r, fact, inv, rows, cost);
}

fc_status fc_recon_merge_begin(fc_recon_merge_state *m, fc_recon *r, const fc_recon *part, size_t nfacts) {
  memset(m, 0, sizeof *m);
  m->r = r;
  m->part = part;
  size_t np = part->npart, ns = part->strings.n ? part->strings.n : 1;
  m->nfacts = nfacts;
  m->ids = malloc(ns * sizeof *m->ids);
  m->first = malloc((nfacts ? nfacts : 1) * sizeof *m->first);
  m->next = malloc((np ? np : 1) * sizeof *m->next);
  if (!m->ids || !m->first || !m->next) {
    fc_recon_merge_abort(m);
    return FC_ERR_NOMEM;
  }
  memset(m->ids, 0xff, ns * sizeof *m->ids);
  /* the part's invoices per fact, each fact's in the order the part met them */
  for (size_t i = 0; i < nfacts; i++)
    m->first[i] = SIZE_MAX;
  for (size_t k = np; k-- > 0;) {
    m->next[k] = m->first[part->part[k].fact];
    m->first[part->part[k].fact] = k;
  }
  return FC_OK;
}

fc_status fc_recon_merge_fact(fc_recon_merge_state *m, const fc_facts *facts, size_t i, const fc_fact *x,
                              uint32_t merged) {
  fc_recon *r = m->r;
  const fc_recon *part = m->part;
  uint32_t pt = i < part->fact_cap ? part->fact_inv[i] : 0;
  if (pt == 0)
    return FC_OK; /* no row of it came with an invoice column read */
  if (fact_room(r, merged))
    return FC_ERR_NOMEM;
  /* the merged fact holds the part's rows already: what it held before them (wrapping sums: the
   * figures are those of the checked sums, in another order) */
  uint64_t before = facts->v[merged].rows - x->rows;
  uint64_t cbefore = (uint64_t)facts->v[merged].cost - (uint64_t)x->cost;
  if (pt != FC_RECON_MIXED) {
    uint32_t inv = merge_str(r, part, m->ids, pt - 1);
    return inv == UINT32_MAX ? FC_ERR_NOMEM
                             : merge_fact_inv(r, merged, before, (fc_money)cbefore, inv, x->rows, x->cost);
  }
  fc_status st = FC_OK;
  for (size_t k = m->first[i]; k != SIZE_MAX && !st; k = m->next[k]) {
    const fc_recon_part *p = &part->part[k];
    uint32_t inv = merge_str(r, part, m->ids, p->inv);
    st = inv == UINT32_MAX ? FC_ERR_NOMEM
                           : merge_fact_inv(r, merged, before, (fc_money)cbefore, inv, p->rows, p->cost);
    before += p->rows;
    cbefore += (uint64_t)p->cost;
  }
  return st;
}

fc_status fc_recon_merge_end(fc_recon_merge_state *m, int same_file) {
  fc_recon *r = m->r;
  const fc_recon *part = m->part;
  fc_status st = FC_OK;
  /* skipped rows: per period and invoice, new ones in the order the part met them */
  for (size_t i = 0; i < part->nskip && !st; i++) {
    const fc_recon_skip *k = &part->skip[i];
    uint32_t inv = merge_str(r, part, m->ids, k->inv);
    st = inv == UINT32_MAX ? FC_ERR_NOMEM : skip_add(r, k->period, inv, k->rows, k->unreadable, k->cost);
  }
  /* files: the parts of one file are one file */
  for (size_t i = 0; i < part->nfile && !st; i++) {
    const fc_recon_file *f = &part->file[i];
    if (same_file && i == 0 && r->nfile) {
      fc_recon_file *l = &r->file[r->nfile - 1];
      l->rows += f->rows;
      l->malformed += f->malformed;
      l->skipped += f->skipped;
      continue;
    }
    const char *name = fc_strtab_get(&part->strings, f->name);
    st = fc_recon_file_done(r, name, f->rows, f->malformed, f->skipped);
  }
  if (!st && part->any_csv) { /* the last header read is the part's */
    memcpy(r->col, part->col, sizeof r->col);
    r->ncol_need = part->ncol_need;
    r->read_invoices = part->read_invoices;
    r->any_csv = 1;
    r->last_ok = 0;
  }
  fc_recon_merge_abort(m);
  return st;
}

void fc_recon_merge_abort(fc_recon_merge_state *m) {
  free(m->ids);
  free(m->first);
  free(m->next);
  m->ids = NULL;
  m->first = m->next = NULL;
}
