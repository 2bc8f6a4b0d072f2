/* gzread.c: the ingest's byte source (see gzread.h). The gzip framing (member boundaries, what
 * follows the last member, truncation) is checked here for both engines; a member's inside is
 * inflated by ISA-L or zlib. When ISA-L rejects a member, zlib decodes that member again from its
 * first byte to name the damage, so both engines report it in the same words at the same offset. */
#include "gzread.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#ifdef FC_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#define IN_CAP ((size_t)1 << 18)

int fc_inflate_isal_available(void) {
#ifdef FC_HAVE_ISAL
  return 1;
#else
  return 0;
#endif
}

int fc_inflate_default(void) {
  const char *e = getenv("FINOPS_INFLATE");
  if (e && strcmp(e, "zlib") == 0)
    return FC_INFLATE_ZLIB;
  return fc_inflate_isal_available() ? FC_INFLATE_ISAL : FC_INFLATE_ZLIB;
}

/* One decoder, used by one thread at a time. */
typedef struct dec {
  int fd;
  int gz;
  int engine;
  int in_member; /* inside a member (between its header and its trailer) */
  int eof;       /* the file has no more bytes */
  unsigned long members_done;
  unsigned char *in; /* compressed bytes read from the file */
  size_t in_cap;
  unsigned char *next_in; /* the bytes not consumed yet: next_in[0..avail_in) */
  size_t avail_in;
  uint64_t file_off;     /* file offset just after the bytes read so far */
  uint64_t member_start; /* file offset of the current member's first byte */
  int nranges;           /* plain data read from byte ranges of the file (pread), in order */
  int range;
  uint64_t roff[2], rlen[2];
  z_stream z;
  int z_ready; /* inflateInit2 done */
#ifdef FC_HAVE_ISAL
  struct inflate_state *is;
#endif
  char msg[200]; /* the last error */
} dec;

/* File offset of the next compressed byte the engine has not consumed. */
static uint64_t dec_pos(const dec *d) { return d->file_off - d->avail_in; }

static int dec_fill(dec *d) {
  if (d->eof)
    return 0;
  if (d->avail_in && d->next_in != d->in)
    memmove(d->in, d->next_in, d->avail_in);
  d->next_in = d->in;
  for (;;) {
    ssize_t k = read(d->fd, d->in + d->avail_in, d->in_cap - d->avail_in);
    if (k < 0 && errno == EINTR)
      continue;
    if (k < 0) {
      snprintf(d->msg, sizeof d->msg, "read failed: %s", strerror(errno));
      return -1;
    }
    if (k == 0)
      d->eof = 1;
    d->avail_in += (size_t)k;
    d->file_off += (uint64_t)k;
    return 0;
  }
}

static int dec_init(dec *d, int fd, int gz, int engine) {
  memset(d, 0, sizeof *d);
  d->fd = fd;
  d->gz = gz;
  d->engine = engine;
  if (!gz)
    return 0;
  d->in_cap = IN_CAP;
  d->in = malloc(d->in_cap);
  d->next_in = d->in;
  return d->in ? 0 : -1;
}

static void dec_free(dec *d) {
  if (d->z_ready)
    inflateEnd(&d->z);
#ifdef FC_HAVE_ISAL
  free(d->is);
#endif
  free(d->in);
}

static long z_step(dec *d, char *buf, size_t n) {
  d->z.next_in = d->next_in;
  d->z.avail_in = (uInt)d->avail_in;
  d->z.next_out = (Bytef *)buf;
  d->z.avail_out = (uInt)n;
  int zr = inflate(&d->z, Z_NO_FLUSH);
  d->next_in = d->z.next_in;
  d->avail_in = d->z.avail_in;
  size_t got = n - d->z.avail_out;
  if (zr == Z_STREAM_END) {
    d->in_member = 0;
    d->members_done++;
  } else if (zr == Z_DATA_ERROR) {
    const char *m = d->z.msg ? d->z.msg : "invalid data";
    const char *what = strcmp(m, "incorrect data check") == 0 ? "the CRC-32 does not match the data"
                       : strcmp(m, "incorrect length check") == 0
                           ? "the stored length does not match the data"
                           : m;
    snprintf(d->msg, sizeof d->msg, "corrupt gzip data: %s at byte %llu", what,
             (unsigned long long)dec_pos(d));
    return -2;
  } else if (zr == Z_MEM_ERROR) {
    snprintf(d->msg, sizeof d->msg, "out of memory");
    return -3;
  } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
    snprintf(d->msg, sizeof d->msg, "corrupt gzip data at byte %llu", (unsigned long long)dec_pos(d));
    return -2;
  }
  return (long)got;
}

static long dec_read(dec *d, char *buf, size_t n);

#ifdef FC_HAVE_ISAL
/* ISA-L rejected the member that starts at d->member_start: zlib decodes it again from there to
 * name the damage as the zlib engine does. Returns -2 (or -3) with d->msg set. */
static long isal_diagnose(dec *d, int err) {
  dec z;
  long k = -2;
  if (dec_init(&z, d->fd, 1, FC_INFLATE_ZLIB) == 0 && lseek(d->fd, (off_t)d->member_start, SEEK_SET) >= 0) {
    z.file_off = d->member_start;
    char scratch[16384];
    while ((k = dec_read(&z, scratch, sizeof scratch)) > 0 && !z.members_done) {
    }
    if (k < 0)
      memcpy(d->msg, z.msg, sizeof d->msg);
  }
  dec_free(&z);
  if (k == -3)
    return -3;
  if (k >= 0) /* zlib took the member whole: ISA-L's own account */
    snprintf(d->msg, sizeof d->msg, "corrupt gzip data: %s at byte %llu",
             err == ISAL_INCORRECT_CHECKSUM   ? "the CRC-32 or the stored length does not match the data"
             : err == ISAL_INVALID_BLOCK      ? "invalid block type"
             : err == ISAL_INVALID_LOOKBACK   ? "invalid distance too far back"
             : err == ISAL_UNSUPPORTED_METHOD ? "unknown compression method"
             : err == ISAL_INVALID_WRAPPER    ? "incorrect header check"
                                              : "invalid code",
             (unsigned long long)dec_pos(d));
  return -2;
}

static long isal_step(dec *d, char *buf, size_t n) {
  struct inflate_state *s = d->is;
  s->next_in = d->next_in;
  s->avail_in = (uint32_t)d->avail_in;
  s->next_out = (uint8_t *)buf;
  s->avail_out = (uint32_t)n;
  int r = isal_inflate(s);
  d->next_in = s->next_in;
  d->avail_in = s->avail_in;
  if (r < 0)
    return isal_diagnose(d, r);
  if (s->block_state == ISAL_BLOCK_FINISH) {
    d->in_member = 0;
    d->members_done++;
  }
  return (long)(n - s->avail_out);
}
#endif

static int member_start(dec *d) {
  d->member_start = dec_pos(d);
#ifdef FC_HAVE_ISAL
  if (d->engine == FC_INFLATE_ISAL) {
    if (!d->is && !(d->is = malloc(sizeof *d->is))) {
      snprintf(d->msg, sizeof d->msg, "out of memory");
      return -3;
    }
    isal_inflate_init(d->is);
    d->is->crc_flag = ISAL_GZIP;
    d->in_member = 1;
    /* ISA-L ignores the reserved flag bits, which zlib (and RFC 1952) refuse */
    while (d->avail_in < 4 && !d->eof)
      if (dec_fill(d))
        return -1;
    if (d->avail_in >= 4 && (d->next_in[2] != 8 || (d->next_in[3] & 0xe0)))
      return (int)isal_diagnose(d, ISAL_INVALID_WRAPPER);
    return 0;
  }
#endif
  int zr = d->z_ready ? inflateReset2(&d->z, 16 + MAX_WBITS) : inflateInit2(&d->z, 16 + MAX_WBITS);
  if (zr != Z_OK) {
    snprintf(d->msg, sizeof d->msg, "%s", zr == Z_MEM_ERROR ? "out of memory" : "zlib failed to start");
    return -3;
  }
  d->z_ready = 1;
  d->in_member = 1;
  return 0;
}

static long plain_read(dec *d, char *buf, size_t n) {
  if (d->nranges) {
    while (d->range < d->nranges && d->rlen[d->range] == 0)
      d->range++;
    if (d->range == d->nranges)
      return 0;
    if (n > d->rlen[d->range])
      n = (size_t)d->rlen[d->range];
  }
  for (;;) {
    ssize_t k = d->nranges ? pread(d->fd, buf, n, (off_t)d->roff[d->range]) : read(d->fd, buf, n);
    if (k > 0 && d->nranges) {
      d->roff[d->range] += (uint64_t)k;
      d->rlen[d->range] -= (uint64_t)k;
    } else if (k == 0 && d->nranges) {
      d->rlen[d->range] = 0; /* the file is shorter than it was */
    }
    if (k < 0 && errno == EINTR)
      continue;
    if (k < 0)
      snprintf(d->msg, sizeof d->msg, "read failed: %s", strerror(errno));
    return (long)k;
  }
}

static long dec_read(dec *d, char *buf, size_t n) {
  if (!d->gz)
    return plain_read(d, buf, n);
  if (n > ((size_t)1 << 30))
    n = (size_t)1 << 30;
  for (;;) {
    while (d->avail_in < 2 && !d->eof)
      if (dec_fill(d))
        return -1;
    if (!d->in_member) {
      if (d->avail_in == 0 && d->eof)
        return 0; /* the end of the last member is the end of the file */
      if (d->avail_in < 2 || d->next_in[0] != 0x1f || d->next_in[1] != 0x8b) {
        if (d->avail_in == 1 && d->next_in[0] == 0x1f) {
          snprintf(d->msg, sizeof d->msg, "truncated gzip data: the file ends at byte %llu inside a member",
                   (unsigned long long)d->file_off);
          return -2;
        }
        snprintf(d->msg, sizeof d->msg, "data after the end of the gzip stream is not gzip data at byte %llu",
                 (unsigned long long)dec_pos(d));
        return -2;
      }
      int e = member_start(d);
      if (e)
        return e;
    }
    size_t before = d->avail_in;
    long got;
#ifdef FC_HAVE_ISAL
    if (d->engine == FC_INFLATE_ISAL)
      got = isal_step(d, buf, n);
    else
#endif
      got = z_step(d, buf, n);
    if (got)
      return got;
    /* nothing out: the engine needs more input (or it made no progress with what it has) */
    if (d->in_member && (d->avail_in == 0 || d->avail_in == before)) {
      if (d->eof) {
        snprintf(d->msg, sizeof d->msg, "truncated gzip data: the file ends at byte %llu inside a member",
                 (unsigned long long)d->file_off);
        return -2;
      }
      if (d->avail_in == d->in_cap) { /* cannot happen with deflate data: the engine always progresses */
        snprintf(d->msg, sizeof d->msg, "corrupt gzip data at byte %llu", (unsigned long long)dec_pos(d));
        return -2;
      }
      if (dec_fill(d))
        return -1;
    }
  }
}

/* ---- the reader thread: a ring of RING buffers filled ahead of the parser ---- */

#define RING 4
/* Room kept before the data of each ring buffer: the unused end of the window before it is copied
 * there, so a window is the ring buffer itself, not a copy of it (longer ends are copied out). */
#define HEAD ((size_t)64 << 10)

struct fc_src {
  dec d;
  int threaded;
  size_t chunk;
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  char *buf[RING];
  size_t len[RING];
  long end[RING];                    /* 1: more follows; else the final status (0 end, <0 error) */
  unsigned long head, tail;          /* buffers filled, buffers given back */
  size_t rpos;                       /* bytes of buffer tail % RING already copied out */
  int have;                          /* buffer tail % RING is filled and being read */
  int stop;                          /* the reader is closing: the thread ends */
  char msg[sizeof(((dec *)0)->msg)]; /* the error the thread met */
  /* windows (fc_src_window) */
  char *wbuf; /* the bytes kept from the last window [0, wkeep), and data read after them */
  size_t wcap, wkeep;
  const char *wp; /* the last window */
  size_t wn;
  int wring; /* it lies in ring buffer tail % RING, which is released when consumed */
  long wend; /* 1, or the end status the next window returns (the ring's last buffer given) */
};

static void *producer(void *arg) {
  fc_src *s = arg;
  for (;;) {
    pthread_mutex_lock(&s->mu);
    while (s->head - s->tail == RING && !s->stop)
      pthread_cond_wait(&s->cv, &s->mu);
    int stop = s->stop;
    pthread_mutex_unlock(&s->mu);
    if (stop)
      return NULL;
    size_t i = s->head % RING, n = 0;
    long end = 1;
    while (n < s->chunk) {
      long k = dec_read(&s->d, s->buf[i] + HEAD + n, s->chunk - n);
      if (k <= 0) {
        end = k;
        if (k < 0)
          memcpy(s->msg, s->d.msg, sizeof s->msg);
        break;
      }
      n += (size_t)k;
    }
    pthread_mutex_lock(&s->mu);
    s->len[i] = n;
    s->end[i] = end;
    s->head++;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (end <= 0)
      return NULL;
  }
}

fc_src *fc_src_open(int fd, int gz, int engine, int threaded, size_t chunk) {
  fc_src *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->wend = 1;
  if (dec_init(&s->d, fd, gz, engine)) {
    free(s);
    return NULL;
  }
  if (!threaded)
    return s;
  s->chunk = chunk ? chunk : (size_t)1 << 20;
  for (int i = 0; i < RING; i++)
    if (!(s->buf[i] = malloc(HEAD + s->chunk))) {
      fc_src_close(s);
      return NULL;
    }
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  if (pthread_create(&s->th, NULL, producer, s)) {
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    fc_src_close(s);
    return NULL;
  }
  s->threaded = 1;
  return s;
}

/* Makes the window buffer hold at least n bytes, its first wkeep kept. 0, or -1 when out of memory. */
static int wroom(fc_src *s, size_t n) {
  if (n <= s->wcap)
    return 0;
  size_t nc = s->wcap ? s->wcap : n;
  while (nc < n)
    nc *= 2;
  char *nb = realloc(s->wbuf, nc);
  if (!nb)
    return -1;
  s->wbuf = nb;
  s->wcap = nc;
  return 0;
}

static void release(fc_src *s) {
  pthread_mutex_lock(&s->mu);
  s->tail++;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
}

long fc_src_window(fc_src *s, size_t size, const char **p, size_t *n, const char **err) {
  size_t keep = s->wkeep;
  s->wp = s->wbuf;
  s->wn = keep;
  s->wring = 0;
  *p = s->wbuf;
  *n = keep;
  if (!s->threaded) {
    /* `size` bytes at first, twice as many when a record fills them */
    if (wroom(s, !s->wcap ? size : keep == s->wcap ? 2 * s->wcap : s->wcap)) {
      *err = "out of memory";
      return -3;
    }
    long k = dec_read(&s->d, s->wbuf + keep, s->wcap - keep);
    if (k < 0) {
      *err = s->d.msg;
      return k;
    }
    *p = s->wp = s->wbuf;
    *n = s->wn = keep + (size_t)k;
    return k;
  }
  if (s->wend <= 0) {
    if (s->wend < 0)
      *err = s->msg;
    return s->wend;
  }
  pthread_mutex_lock(&s->mu);
  while (s->head == s->tail)
    pthread_cond_wait(&s->cv, &s->mu);
  pthread_mutex_unlock(&s->mu);
  size_t i = s->tail % RING, len = s->len[i];
  char *data = s->buf[i] + HEAD;
  s->wend = s->end[i];
  if (len == 0) { /* the end, or an error: nothing more comes */
    if (s->wend < 0)
      *err = s->msg;
    return s->wend;
  }
  if (keep <= HEAD) { /* the kept bytes go before the data: the window is the ring buffer */
    if (keep)
      memcpy(data - keep, s->wbuf, keep);
    s->wp = data - keep;
    s->wring = 1;
  } else { /* a long record: the data goes after it */
    if (wroom(s, keep + len)) {
      *err = "out of memory";
      return -3;
    }
    memcpy(s->wbuf + keep, data, len);
    s->wp = s->wbuf;
    release(s);
  }
  *p = s->wp;
  *n = s->wn = keep + len;
  return (long)len;
}

int fc_src_consumed(fc_src *s, size_t used) {
  size_t left = s->wn - used;
  if (s->wring && wroom(s, left))
    return -1;
  if (left)
    memmove(s->wbuf, s->wp + used, left);
  s->wkeep = left;
  if (s->wring)
    release(s);
  s->wring = 0;
  s->wn = 0;
  return 0;
}

fc_src *fc_src_open_ranges(int fd, const uint64_t *off, const uint64_t *len, int n) {
  if (n < 1 || n > 2)
    return NULL;
  fc_src *s = fc_src_open(fd, 0, FC_INFLATE_ZLIB, 0, 0);
  if (!s)
    return NULL;
  s->d.nranges = n;
  for (int i = 0; i < n; i++) {
    s->d.roff[i] = off[i];
    s->d.rlen[i] = len[i];
  }
  return s;
}

void fc_src_close(fc_src *s) {
  if (!s)
    return;
  if (s->threaded) {
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->th, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
  }
  for (int i = 0; i < RING; i++)
    free(s->buf[i]);
  free(s->wbuf);
  dec_free(&s->d);
  free(s);
}
