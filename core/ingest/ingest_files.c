/* ingest_files.c: reading the input files. One file at a time on this thread (FINOPS_THREADS=1,
 * or a single gzip file: then a reader thread inflates ahead), or on every core: each file, and
 * each part of a large plain CSV file cut at line breaks, is scanned into a fact table of its own,
 * and the parts are merged here in file order. A part that met anything but clean rows (a
 * diagnostic, an error, a cut that turned out to fall inside a quoted field) is thrown away and
 * its file read again on this thread, so every message and every figure is the one the
 * single-threaded run gives, and the merged fact table is the same table, string ids and order
 * included. A run that reconciles gives each part counts of its own (recon.h), folded in by the
 * merge: the same invoices per fact, skipped rows and files as one scanner counts. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gzread.h"
#include "heap.h"
#include "ingest.h"
#include "ingest_src.h"
#include "rules.h"

static const char *const dim_names[FC_DIM_COUNT] = {
    "period",       "day",      "family",           "account",
    "principal",    "resource", "usage_type",       "line_item_type",
    "operation",    "region",   "product_code",     "product_name",
    "pricing_unit", "model",    "resource_map_tag", "principal_map_tag"};

const char *fc_dim_name(fc_dim d) { return (unsigned)d < FC_DIM_COUNT ? dim_names[d] : NULL; }

int fc_dim_find(const char *name) {
  for (int d = 0; d < FC_DIM_COUNT; d++)
    if (strcmp(dim_names[d], name) == 0)
      return d;
  return -1;
}

void fc_ingest_stats_fields(const fc_ingest_stats *s, fc_stat_field out[FC_STAT_FIELDS]) {
  const fc_stat_field f[FC_STAT_FIELDS] = {
      {"files", s->files},
      {"empty_files", s->empty_files},
      {"bytes", s->bytes},
      {"csv_bytes", s->bytes_csv},
      {"rows", s->rows},
      {"candidate_rows", s->candidate_rows},
      {"bedrock_rows", s->bedrock_rows},
      {"aws_billed_rows", s->family_rows[FC_FAMILY_AWS] + s->family_rows[FC_FAMILY_AGENTCORE]},
      {"marketplace_rows", s->family_rows[FC_FAMILY_MARKETPLACE]},
      {"skipped_rows", s->skipped_rows},
      {"malformed_rows", s->malformed_rows},
      {"rounded_values", s->inexact_values},
      {"unreadable_map_cells", s->unknown_map_cells},
      {"superseded_executions", s->skipped_executions},
  };
  memcpy(out, f, sizeof f);
}

fc_status fc_ingest_file(fc_ingest *in, const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fc_diags_add(in->diags, FC_SEV_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
    return FC_ERR_IO;
  }
  struct stat stt;
  if (fstat(fd, &stt) == 0)
    in->stats.bytes += (uint64_t)stt.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  unsigned char magic[2] = {0, 0};
  ssize_t k = pread(fd, magic, 2, 0);
  int gz = k == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  int engine = in->inflate_engine ? in->inflate_engine - 1 : fc_inflate_default();
  /* a reader thread reads (and inflates) ahead while this one parses */
  int threaded = fc_ingest_threads(in) > 1;
  fc_src *r = fc_src_open(fd, gz, engine, threaded, 0);
  if (!r) {
    close(fd);
    return FC_ERR_NOMEM;
  }
  fc_status st = fc_ingest_src(in, path, r, NULL);
  fc_src_close(r);
  close(fd);
  return st;
}

int fc_ingest_threads(const fc_ingest *in) {
  if (in->threads > 0)
    return in->threads;
  const char *e = getenv("FINOPS_THREADS");
  if (e && *e) {
    long v = strtol(e, NULL, 10);
    return v < 1 ? 1 : v > 64 ? 64 : (int)v;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* ---- on every core ---- */

/* Plain files at least this large are cut into one part per thread (FINOPS_SPLIT_BYTES: another
 * size, for tests). */
#define SPLIT_MIN ((uint64_t)32 << 20)
/* The header must end within this many bytes for a file to be cut. */
#define HEADER_MAX ((size_t)1 << 20)

typedef struct task {
  size_t file;       /* index into the paths */
  int seg, nseg;     /* part seg of nseg (nseg 1: the whole file, read by fc_ingest_file) */
  uint64_t off, len; /* the part's bytes; parts after the first are read after the header */
  uint64_t hdr;      /* bytes of the header record */
  uint64_t size;     /* the file's size (part 0) */
  fc_diags diags;
  fc_ingest part;
  fc_status st;
  int clean_end;
  int done;
} task;

typedef struct pool {
  fc_ingest *in;
  char *const *paths;
  task *t;
  size_t nt, next, merged;
  size_t ahead; /* parts started before the merge reaches them, at most */
  pthread_mutex_t mu;
  pthread_cond_t cv;
} pool;

static void run_task(const pool *p, task *t) {
  const fc_ingest *in = p->in;
  const char *path = p->paths[t->file];
  if (fc_ingest_init(&t->part, in->dim_mask, &t->diags)) {
    t->st = FC_ERR_NOMEM;
    return;
  }
  t->part.max_row_diags = in->max_row_diags;
  t->part.allow_malformed = in->allow_malformed;
  t->part.read_size = in->read_size;
  t->part.inflate_engine = in->inflate_engine;
  t->part.threads = 1;
  if (in->recon) { /* its own counts for the reconciliation, folded in by the merge */
    t->part.recon = malloc(sizeof *t->part.recon);
    if (!t->part.recon || fc_recon_init(t->part.recon)) {
      if (t->part.recon)
        fc_recon_free(t->part.recon);
      free(t->part.recon);
      t->part.recon = NULL;
      t->st = FC_ERR_NOMEM;
      return;
    }
  }
  if (t->nseg == 1) {
    t->st = fc_ingest_file(&t->part, path);
    t->clean_end = 1;
    return;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    t->st = FC_ERR_IO;
    return;
  }
  uint64_t off[2], len[2];
  int n = 0;
  if (t->seg > 0) {
    off[n] = 0;
    len[n++] = t->hdr;
  }
  off[n] = t->off;
  len[n++] = t->len;
  fc_src *s = fc_src_open_ranges(fd, off, len, n);
  if (!s) {
    t->st = FC_ERR_NOMEM;
  } else {
    t->st = fc_ingest_src(&t->part, path, s, &t->clean_end);
    fc_src_close(s);
  }
  close(fd);
}

/* A part read: its key indexes are not needed by the merge (it reads the part's facts and strings
 * by position), so they are given back before the part waits for its turn. */
static void part_done(task *t) {
  fc_htab_free(&t->part.facts.index);
  fc_htab_free(&t->part.facts.strings.index);
  fc_htab_free(&t->part.sessions.index);
}

static void *worker(void *arg) {
  pool *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->next < p->nt && p->next >= p->merged + p->ahead)
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->next >= p->nt)
      break;
    task *t = &p->t[p->next++];
    pthread_mutex_unlock(&p->mu);
    run_task(p, t);
    part_done(t);
    pthread_mutex_lock(&p->mu);
    t->done = 1;
    pthread_cond_broadcast(&p->cv);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* Offset just after the first line break at or after `from` (0 when there is none). */
static uint64_t next_line(int fd, uint64_t from, uint64_t size) {
  char buf[65536];
  while (from < size) {
    ssize_t k = pread(fd, buf, sizeof buf, (off_t)from);
    if (k <= 0)
      return 0;
    const char *nl = memchr(buf, '\n', (size_t)k);
    if (nl)
      return from + (uint64_t)(nl - buf) + 1;
    from += (uint64_t)k;
  }
  return 0;
}

/* Plans the parts of one file: appends 1 task (whole) or up to `threads` (a plain file cut at line
 * breaks after its header). Returns -1 when out of memory. */
static int plan_file(task **v, size_t *n, size_t *cap, size_t file, const char *path, int threads) {
  uint64_t cuts[65];
  int ncut = 0;
  uint64_t size = 0, hdr = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  uint64_t split_min = SPLIT_MIN;
  const char *e = getenv("FINOPS_SPLIT_BYTES"); /* tests cut small files */
  if (e && *e)
    split_min = strtoull(e, NULL, 10);
  if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size >= split_min &&
      st.st_size > 0) {
    size = (uint64_t)st.st_size;
    char *head = malloc(HEADER_MAX);
    if (!head) {
      close(fd);
      return -1;
    }
    ssize_t k = pread(fd, head, HEADER_MAX, 0);
    if (k >= 2 && !((unsigned char)head[0] == 0x1f && (unsigned char)head[1] == 0x8b)) {
      int inq = 0;
      for (ssize_t i = 0; i < k; i++) {
        if (head[i] == '"')
          inq = !inq;
        else if (head[i] == '\n' && !inq) {
          hdr = (uint64_t)i + 1;
          break;
        }
      }
    }
    free(head);
    if (hdr) {
      cuts[ncut++] = 0;
      for (int j = 1; j < threads && j < 64; j++) {
        uint64_t c = next_line(fd, size / (uint64_t)threads * (uint64_t)j, size);
        if (c > hdr && c < size && c > cuts[ncut - 1])
          cuts[ncut++] = c;
      }
    }
  }
  if (fd >= 0)
    close(fd);
  int nseg = ncut > 1 ? ncut : 1;
  for (int j = 0; j < nseg; j++) {
    if (*n == *cap) {
      size_t nc = *cap ? *cap * 2 : 16;
      task *nv = realloc(*v, nc * sizeof *nv);
      if (!nv)
        return -1;
      *v = nv;
      *cap = nc;
    }
    task *t = &(*v)[(*n)++];
    memset(t, 0, sizeof *t);
    t->file = file;
    t->seg = j;
    t->nseg = nseg;
    t->hdr = hdr;
    t->size = size;
    if (nseg > 1) {
      t->off = cuts[j];
      t->len = (j + 1 < nseg ? cuts[j + 1] : size) - cuts[j];
    }
  }
  return 0;
}

/* Adds part's facts to in's, interning their strings in the order the scanner would have: facts
 * in the part's order, dimensions in the rules' order, and folds each fact's reconciliation counts
 * in (rc, when reconciling). The part's facts are read once, front to back: the pages already
 * merged are given back as the merge goes, so that the merged table and the part's are not both
 * held whole. */
static fc_status merge_facts(fc_ingest *in, fc_ingest *part, const char *name, fc_recon_merge_state *rc) {
  fc_facts *f = &part->facts;
  const size_t drop_step = (size_t)64 << 10; /* bytes of merged facts given back at a time */
  size_t dropped = 0;                        /* facts given back */
  for (size_t i = 0; i < f->n; i++) {
    const fc_fact *x = &f->v[i];
    uint32_t key[FC_DIM_COUNT];
    memcpy(key, x->dim, sizeof key);
    for (int k = 0; k < FC_DIM_RULES; k++) {
      int d = fc_dim_rules[k].dim;
      if (!x->dim[d])
        continue;
      const char *s = fc_strtab_get(&f->strings, x->dim[d]);
      uint32_t id = fc_strtab_intern(&in->facts.strings, s, f->strings.len[x->dim[d]]);
      if (id == UINT32_MAX)
        return FC_ERR_NOMEM;
      key[d] = id;
    }
    fc_status s = fc_facts_add(&in->facts, key, x->usage_amount, x->cost, x->rows);
    if (s == FC_ERR_OVERFLOW) {
      fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0,
                   "a sum of costs or usage amounts left the fixed-point range (+-922 million)");
      return FC_ERR_PARSE;
    }
    if (s)
      return s;
    if (rc && (s = fc_recon_merge_fact(rc, &in->facts, i, x, (uint32_t)in->facts.last)))
      return s;
    if ((i + 1 - dropped) * sizeof *f->v >= drop_step) {
      fc_heap_drop(f->v + dropped, (i + 1 - dropped) * sizeof *f->v);
      dropped = i + 1;
    }
  }
  return FC_OK;
}

static void stats_add(fc_ingest_stats *a, const fc_ingest_stats *b) {
  a->files += b->files;
  a->empty_files += b->empty_files;
  a->bytes += b->bytes;
  a->bytes_csv += b->bytes_csv;
  a->rows += b->rows;
  a->candidate_rows += b->candidate_rows;
  a->bedrock_rows += b->bedrock_rows;
  for (int i = 0; i < 4; i++)
    a->family_rows[i] += b->family_rows[i];
  a->skipped_rows += b->skipped_rows;
  a->malformed_rows += b->malformed_rows;
  a->inexact_values += b->inexact_values;
  a->unknown_map_cells += b->unknown_map_cells;
  a->skipped_executions += b->skipped_executions;
  a->duplicate_files += b->duplicate_files;
}

/* The parts t[0..n) of one file, all done: merged when every one is clean, else the file is read
 * again here. Returns the file's status. */
static fc_status merge_file(fc_ingest *in, const char *path, task *t, int n) {
  int clean = 1;
  fc_money abs = in->abs_cost;
  for (int j = 0; j < n; j++) /* out of memory in a part is out of memory: never read again */
    if (t[j].st == FC_ERR_NOMEM || t[j].diags.nerrors + t[j].diags.nwarnings > t[j].diags.n)
      return FC_ERR_NOMEM;
  for (int j = 0; j < n; j++) {
    clean &= t[j].st == FC_OK && t[j].diags.n == 0 && (j == n - 1 || t[j].clean_end);
    clean &= !__builtin_add_overflow(abs, t[j].part.abs_cost, &abs);
  }
  if (!clean)
    return fc_ingest_file(in, path);
  fc_ingest_stats sum;
  memset(&sum, 0, sizeof sum);
  fc_status st = FC_OK;
  for (int j = 0; j < n && st == FC_OK; j++) {
    stats_add(&sum, &t[j].part.stats);
    fc_ingest *pt = &t[j].part;
    /* the part's reconciliation counts: its facts' invoices at their merged index (as they are
     * merged), its skipped rows, its file (the cuts of one file: one file) */
    fc_recon_merge_state rc;
    if (in->recon)
      st = pt->recon ? fc_recon_merge_begin(&rc, in->recon, pt->recon, pt->facts.n) : FC_ERR_NOMEM;
    if (st == FC_OK)
      st = merge_facts(in, pt, path, in->recon ? &rc : NULL);
    if (in->recon && pt->recon)
      st = st == FC_OK ? fc_recon_merge_end(&rc, j > 0) : (fc_recon_merge_abort(&rc), st);
    if (st == FC_OK &&
        fc_sessions_merge(&in->sessions, &in->facts.strings, &pt->sessions, &pt->facts.strings))
      st = FC_ERR_NOMEM;
    /* merged: the part's facts are not kept twice (peak memory: the file's facts, not twice them) */
    fc_facts_free(&t[j].part.facts);
  }
  if (n > 1) { /* one file: its size once, its header once */
    sum.files = 1;
    sum.empty_files = sum.rows == 0;
    sum.bytes = t[0].size;
    sum.bytes_csv -= t[0].hdr * (uint64_t)(n - 1);
  }
  stats_add(&in->stats, &sum);
  in->abs_cost = abs;
  if (in->progress)
    in->progress(in->progress_user, path, &in->stats, 1);
  return st;
}

static void task_free(task *t) {
  if (t->part.diags)
    fc_ingest_free(&t->part);
  fc_diags_free(&t->diags);
}

fc_status fc_ingest_files(fc_ingest *in, char *const *paths, size_t n, fc_status *first) {
  int threads = fc_ingest_threads(in);
  task *t = NULL;
  size_t nt = 0, cap = 0;
  int fatal = 0;
  if (threads > 1)
    for (size_t i = 0; i < n && !fatal; i++)
      fatal = plan_file(&t, &nt, &cap, i, paths[i], threads);
  if (fatal) {
    free(t);
    return FC_ERR_NOMEM;
  }
  if (threads < 2 || nt < 2) { /* one at a time, in this thread */
    free(t);
    for (size_t i = 0; i < n; i++) {
      fc_status s = fc_ingest_file(in, paths[i]);
      if (s == FC_ERR_NOMEM || s == FC_ERR_OVERFLOW)
        return s;
      if (s && !*first)
        *first = s;
    }
    return FC_OK;
  }
  pool p;
  memset(&p, 0, sizeof p);
  p.in = in;
  p.paths = paths;
  p.t = t;
  p.nt = nt;
  p.ahead = 2 * (size_t)threads;
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.cv, NULL);
  int nw = threads < (int)nt ? threads : (int)nt, started = 0;
  pthread_t th[64];
  while (started < nw && started < 64 && pthread_create(&th[started], NULL, worker, &p) == 0)
    started++;
  fc_status ret = FC_OK;
  for (size_t i = 0; i < nt;) {
    int ns = t[i].nseg;
    pthread_mutex_lock(&p.mu);
    if (!started) /* no thread could start: this one reads */
      p.next = p.nt;
    for (int j = 0; j < ns; j++)
      while (started && !t[i + (size_t)j].done)
        pthread_cond_wait(&p.cv, &p.mu);
    pthread_mutex_unlock(&p.mu);
    fc_status s;
    if (ret != FC_OK) {
      s = FC_OK; /* after a fatal error: the rest is only released */
    } else if (!started) {
      s = fc_ingest_file(in, paths[t[i].file]);
    } else {
      s = merge_file(in, paths[t[i].file], &t[i], ns);
    }
    if (s == FC_ERR_NOMEM || s == FC_ERR_OVERFLOW)
      ret = s;
    else if (s && !*first)
      *first = s;
    for (int j = 0; j < ns; j++)
      task_free(&t[i + (size_t)j]);
    i += (size_t)ns;
    pthread_mutex_lock(&p.mu);
    p.merged = i;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
  }
  for (int w = 0; w < started; w++)
    pthread_join(th[w], NULL);
  pthread_mutex_destroy(&p.mu);
  pthread_cond_destroy(&p.cv);
  free(t);
  return ret;
}
