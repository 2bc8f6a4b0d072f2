/* jobs.c: items rendered by forked worker processes, merged in item order (see jobs.h).
 *
 * A record in a worker's file: "item status nfiles ndiags", then per file "node audience len path
 * hashed synced" (hashed: 0, or the file's size + 1 followed by its 64 hex digits of SHA-256)
 * and per diagnostic "sev line col flen mlen file msg", all numbers as native binary words. The
 * parent reads the records only after every worker exited. */
#include "jobs.h"
#include "timing.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int fc_jobs_online(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

typedef struct shared {
  size_t next; /* the next item to take */
  int stop;    /* an item failed: take no more */
} shared;

typedef struct slot {
  int done;
  fc_status st;
  fc_outfiles files;
  fc_diags diags;
} slot;

static int put_u64(FILE *f, uint64_t v) { return fwrite(&v, sizeof v, 1, f) == 1 ? 0 : -1; }

static int put_str(FILE *f, const char *s) {
  size_t n = s ? strlen(s) : 0;
  return put_u64(f, s ? n + 1 : 0) || (n && fwrite(s, 1, n, f) != n) ? -1 : 0;
}

static int get_u64(FILE *f, uint64_t *v) { return fread(v, sizeof *v, 1, f) == 1 ? 0 : -1; }

/* A string written by put_str: *s NULL for a NULL string. 0, or -1 (short or out of memory). */
static int get_str(FILE *f, char **s) {
  uint64_t n;
  *s = NULL;
  if (get_u64(f, &n))
    return -1;
  if (n == 0)
    return 0;
  if (n > ((uint64_t)1 << 30) || !(*s = malloc((size_t)n)))
    return -1;
  if (n > 1 && fread(*s, 1, (size_t)n - 1, f) != (size_t)n - 1) {
    free(*s);
    *s = NULL;
    return -1;
  }
  (*s)[n - 1] = '\0';
  return 0;
}

static int write_record(FILE *f, size_t item, fc_status st, const fc_outfiles *files, const fc_diags *d,
                        size_t d0) {
  int bad = put_u64(f, item) || put_u64(f, (uint64_t)st) || put_u64(f, files->n) || put_u64(f, d->n - d0);
  for (size_t i = 0; i < files->n && !bad; i++)
    bad = put_u64(f, (uint64_t)(int64_t)files->v[i].node) || put_u64(f, files->v[i].audience) ||
          put_str(f, files->v[i].path) || put_u64(f, files->v[i].hashed ? files->v[i].size + 1 : 0) ||
          (files->v[i].hashed && fwrite(files->v[i].sha256, 64, 1, f) != 1) ||
          put_u64(f, (uint64_t)files->v[i].synced);
  for (size_t i = d0; i < d->n && !bad; i++) {
    const fc_diag *g = &d->v[i];
    bad = put_u64(f, (uint64_t)g->sev) || put_u64(f, (uint64_t)(int64_t)g->line) ||
          put_u64(f, (uint64_t)(int64_t)g->col) || put_str(f, g->file) || put_str(f, g->msg);
  }
  /* flushed per record: a worker that dies later leaves the items it finished readable */
  return bad || fflush(f) != 0 ? -1 : 0;
}

/* Reads the records of one worker into slots. 0, or -1 when out of memory. A short last record
 * (a worker that died while writing it) is left out: its item counts as not done. */
static int read_records(FILE *f, slot *slots, size_t n) {
  rewind(f);
  for (;;) {
    uint64_t item, st, nf, nd;
    if (get_u64(f, &item) || get_u64(f, &st) || get_u64(f, &nf) || get_u64(f, &nd) || item >= n ||
        slots[item].done)
      return 0;
    slot *s = &slots[item];
    for (uint64_t i = 0; i < nf; i++) {
      uint64_t node, aud, hashed, synced;
      char *path = NULL, sha[65] = {0};
      if (get_u64(f, &node) || get_u64(f, &aud) || get_str(f, &path) || !path || get_u64(f, &hashed) ||
          (hashed && fread(sha, 64, 1, f) != 1) || get_u64(f, &synced)) {
        free(path);
        return 0;
      }
      int rc = fc_outfiles_add(&s->files, path, (int)(int64_t)node, (unsigned)aud);
      free(path);
      if (rc)
        return -1;
      s->files.v[s->files.n - 1].synced = synced == 1;
      if (hashed) {
        fc_outfile *o = &s->files.v[s->files.n - 1];
        o->hashed = 1;
        o->size = hashed - 1;
        memcpy(o->sha256, sha, sizeof sha);
      }
    }
    for (uint64_t i = 0; i < nd; i++) {
      uint64_t sev, line, col;
      char *file = NULL, *msg = NULL;
      if (get_u64(f, &sev) || get_u64(f, &line) || get_u64(f, &col) || get_str(f, &file) ||
          get_str(f, &msg)) {
        free(file);
        free(msg);
        return 0;
      }
      fc_diags_add(&s->diags, (fc_severity)sev, file, (int)(int64_t)line, (int)(int64_t)col, "%s",
                   msg ? msg : "");
      free(file);
      free(msg);
    }
    s->st = (fc_status)st;
    s->done = 1;
  }
}

/* A finished item waiting for its files' fsyncs before its record is written. */
typedef struct pending {
  size_t item;
  fc_status st;
  fc_outfiles files;
  fc_diags diags; /* the item's own */
  struct pending *next;
} pending;

/* Each worker's fsync thread: fsyncs the files of the items the worker finished, one item after
 * the other, while the worker draws the next; then writes the item's record, its files marked
 * synced (the publishing process then leaves them alone). The waits for the device no longer
 * hold up the drawing. */
typedef struct syncer {
  pthread_mutex_t mu, rec_mu; /* the queue; the record file (written by both threads) */
  pthread_cond_t cv;
  pending *head, *tail;
  int done, bad;
  const char *dir;
  FILE *rec;
  shared *sh;
} syncer;

static void settle(syncer *y, pending *p) {
  int *fds = y->dir ? malloc((p->files.n + 1) * sizeof *fds) : NULL;
  if (y->dir && !fds && !y->bad) { /* out of memory: the worker fails, like one that cannot write */
    y->bad = 1;
    __atomic_store_n(&y->sh->stop, 1, __ATOMIC_SEQ_CST);
  }
  /* the writeback of every file of the item started first, then each fsynced */
  for (size_t k = 0; fds && k < p->files.n; k++) {
    char *abs = fc_asprintf("%s/%s", y->dir, p->files.v[k].path);
    fds[k] = abs ? open(abs, O_RDONLY | O_CLOEXEC) : -1;
    if (!abs && !y->bad) {
      y->bad = 1;
      __atomic_store_n(&y->sh->stop, 1, __ATOMIC_SEQ_CST);
    }
    free(abs);
#ifdef SYNC_FILE_RANGE_WRITE
    if (fds[k] >= 0)
      (void)sync_file_range(fds[k], 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
  }
  for (size_t k = 0; fds && k < p->files.n; k++) {
    p->files.v[k].synced = fds[k] >= 0 && fsync(fds[k]) == 0; /* else the publishing fsync reports it */
    if (fds[k] >= 0)
      close(fds[k]);
  }
  free(fds);
  pthread_mutex_lock(&y->rec_mu);
  if (!y->bad && write_record(y->rec, p->item, p->st, &p->files, &p->diags, 0) != 0) {
    y->bad = 1;
    __atomic_store_n(&y->sh->stop, 1, __ATOMIC_SEQ_CST);
  }
  pthread_mutex_unlock(&y->rec_mu);
  fc_outfiles_free(&p->files);
  fc_diags_free(&p->diags);
  free(p);
}

static void *sync_main(void *arg) {
  syncer *y = arg;
  pthread_mutex_lock(&y->mu);
  for (;;) {
    while (!y->head && !y->done)
      pthread_cond_wait(&y->cv, &y->mu);
    pending *p = y->head;
    if (!p)
      break;
    y->head = p->next;
    if (!y->head)
      y->tail = NULL;
    pthread_mutex_unlock(&y->mu);
    settle(y, p);
    pthread_mutex_lock(&y->mu);
  }
  pthread_mutex_unlock(&y->mu);
  return NULL;
}

/* A worker: takes items until none is left or one failed. Never returns. */
static void worker(shared *sh, size_t n, fc_jobs_fn fn, void *user, fc_diags *diags, FILE *rec, size_t w,
                   const char *dir) {
  int bad = 0;
  fc_timing_start();
  syncer y = {.dir = dir, .rec = rec, .sh = sh};
  pthread_t th;
  int threaded = pthread_mutex_init(&y.mu, NULL) == 0;
  if (threaded && pthread_mutex_init(&y.rec_mu, NULL) != 0) {
    pthread_mutex_destroy(&y.mu);
    threaded = 0;
  }
  if (threaded && pthread_cond_init(&y.cv, NULL) != 0) {
    pthread_mutex_destroy(&y.rec_mu);
    pthread_mutex_destroy(&y.mu);
    threaded = 0;
  }
  if (threaded && pthread_create(&th, NULL, sync_main, &y) != 0) {
    pthread_cond_destroy(&y.cv);
    pthread_mutex_destroy(&y.rec_mu);
    pthread_mutex_destroy(&y.mu);
    threaded = 0;
  }
  while (!bad && !__atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST)) {
    size_t i = __atomic_fetch_add(&sh->next, 1, __ATOMIC_SEQ_CST);
    if (i >= n)
      break;
    size_t d0 = diags->n;
    fc_outfiles files = {0};
    fc_status st = fn(user, i, diags, &files);
    if (st)
      __atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
    pending *p = threaded ? calloc(1, sizeof *p) : NULL;
    if (!p) { /* no thread (or no memory for the queue): the record now, the files left to the
               * publishing fsync */
      if (threaded)
        pthread_mutex_lock(&y.rec_mu);
      bad = write_record(rec, i, st, &files, diags, d0) != 0;
      if (threaded)
        pthread_mutex_unlock(&y.rec_mu);
      fc_outfiles_free(&files);
      continue;
    }
    *p = (pending){.item = i, .st = st, .files = files};
    for (size_t k = d0; k < diags->n; k++)
      fc_diags_add(&p->diags, diags->v[k].sev, diags->v[k].file, diags->v[k].line, diags->v[k].col, "%s",
                   diags->v[k].msg);
    if (p->diags.n != diags->n - d0) { /* a message lost to memory: the record now, as without a thread */
      pthread_mutex_lock(&y.rec_mu);
      bad = write_record(rec, i, st, &p->files, diags, d0) != 0;
      pthread_mutex_unlock(&y.rec_mu);
      fc_outfiles_free(&p->files);
      fc_diags_free(&p->diags);
      free(p);
      continue;
    }
    pthread_mutex_lock(&y.mu);
    if (y.tail)
      y.tail->next = p;
    else
      y.head = p;
    y.tail = p;
    pthread_cond_signal(&y.cv);
    pthread_mutex_unlock(&y.mu);
  }
  if (threaded) {
    pthread_mutex_lock(&y.mu);
    y.done = 1;
    pthread_cond_signal(&y.cv);
    pthread_mutex_unlock(&y.mu);
    pthread_join(th, NULL);
    bad |= y.bad;
    pthread_cond_destroy(&y.cv);
    pthread_mutex_destroy(&y.rec_mu);
    pthread_mutex_destroy(&y.mu);
  }
  if (bad)
    __atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
  if (fc_timing_on()) {
    char title[48];
    snprintf(title, sizeof title, "render process %zu", w + 1);
    fc_timing_report(stderr, title);
    fflush(stderr);
  }
  _exit(bad ? 3 : 0); /* no atexit handlers, no stdio buffers of the parent flushed twice */
}

static fc_status run_here(size_t n, fc_jobs_fn fn, void *user, fc_diags *diags, fc_outfiles *files) {
  fc_status st = FC_OK;
  for (size_t i = 0; i < n && !st; i++)
    st = fn(user, i, diags, files);
  return st;
}

fc_status fc_jobs_run(int jobs, size_t n, fc_jobs_fn fn, void *user, fc_diags *diags, fc_outfiles *files) {
  return fc_jobs_run_in(jobs, n, fn, user, diags, files, NULL);
}

fc_status fc_jobs_run_in(int jobs, size_t n, fc_jobs_fn fn, void *user, fc_diags *diags, fc_outfiles *files,
                         const char *dir) {
  if (jobs <= 1 || n <= 1)
    return run_here(n, fn, user, diags, files);
  size_t nw = (size_t)jobs < n ? (size_t)jobs : n;
  shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pid_t *pids = calloc(nw, sizeof *pids);
  FILE **recs = calloc(nw, sizeof *recs);
  slot *slots = calloc(n, sizeof *slots);
  fc_status st = FC_OK;
  if (sh == MAP_FAILED || !pids || !recs || !slots) {
    st = FC_ERR_NOMEM;
    goto out;
  }
  memset(sh, 0, sizeof *sh);
  fflush(NULL);
  size_t started = 0;
  for (size_t w = 0; w < nw; w++) {
    recs[w] = tmpfile();
    if (!recs[w])
      break;
    pid_t pid = fork();
    if (pid == 0)
      worker(sh, n, fn, user, diags, recs[w], w, dir);
    if (pid < 0) {
      fclose(recs[w]);
      recs[w] = NULL;
      break;
    }
    pids[w] = pid;
    started++;
  }
  if (started == 0) { /* no worker could start: the items are rendered here */
    st = run_here(n, fn, user, diags, files);
    goto out;
  }
  int failed = 0;
  for (size_t w = 0; w < started; w++) {
    int ws = 0;
    pid_t got;
    while ((got = waitpid(pids[w], &ws, 0)) < 0 && errno == EINTR)
      ;
    if (got < 0) {
      fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0, "render worker %ld: cannot wait for it: %s",
                   (long)pids[w], strerror(errno));
      failed = 1;
    } else if (WIFSIGNALED(ws)) {
      fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0, "render worker %ld was killed by signal %d",
                   (long)pids[w], WTERMSIG(ws));
      failed = 1;
    } else if (WEXITSTATUS(ws) != 0) {
      fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0, "render worker %ld failed (exit status %d)",
                   (long)pids[w], WEXITSTATUS(ws));
      failed = 1;
    }
  }
  for (size_t w = 0; w < started && !st; w++)
    if (read_records(recs[w], slots, n))
      st = FC_ERR_NOMEM;
  /* the merge, in item order, as one job would have done it */
  for (size_t i = 0; i < n && !st; i++) {
    slot *s = &slots[i];
    if (!s->done) {
      if (!failed)
        fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0, "render item %zu was not rendered", i);
      st = FC_ERR_IO;
      break;
    }
    for (size_t k = 0; k < s->diags.n; k++) {
      const fc_diag *g = &s->diags.v[k];
      fc_diags_add(diags, g->sev, g->file, g->line, g->col, "%s", g->msg);
    }
    for (size_t k = 0; k < s->files.n && !s->st && !st; k++) {
      const fc_outfile *o = &s->files.v[k];
      if (fc_outfiles_add(files, o->path, o->node, o->audience)) {
        st = FC_ERR_NOMEM;
        break;
      }
      fc_outfile *m = &files->v[files->n - 1];
      m->hashed = o->hashed;
      m->synced = o->synced;
      m->size = o->size;
      memcpy(m->sha256, o->sha256, sizeof m->sha256);
    }
    if (s->st)
      st = s->st;
  }
  if (!st && failed)
    st = FC_ERR_IO;
out:
  for (size_t w = 0; recs && w < nw; w++)
    if (recs[w])
      fclose(recs[w]);
  for (size_t i = 0; slots && i < n; i++) {
    fc_outfiles_free(&slots[i].files);
    fc_diags_free(&slots[i].diags);
  }
  free(slots);
  free(recs);
  free(pids);
  if (sh != MAP_FAILED)
    munmap(sh, sizeof *sh);
  return st;
}
