/* gzread.h: the ingest's byte source: a plain file, or gzip data inflated with ISA-L (when built
 * with it) or zlib, optionally by a reader thread that fills a bounded ring of buffers while the
 * caller parses. Every way a compressed file can be damaged is an error with its byte offset:
 * data ending inside a member, a bad header, corrupt deflate data, a CRC-32 or length mismatch,
 * and bytes after the last member that do not start another member. Members may follow one
 * another (RFC 1952; `cat a.gz b.gz`). */
#ifndef FC_GZREAD_H
#define FC_GZREAD_H

#include <stddef.h>
#include <stdint.h>

/* Inflate engines. */
enum { FC_INFLATE_ZLIB = 0, FC_INFLATE_ISAL = 1 };

/* 1 when the build has ISA-L. */
int fc_inflate_isal_available(void);
/* The engine used: ISA-L when built with it, unless the environment says FINOPS_INFLATE=zlib. */
int fc_inflate_default(void);

typedef struct fc_src fc_src;

/* Reads from fd (not closed by fc_src_close). gz: the data is gzip. engine: FC_INFLATE_*.
 * threaded: a reader thread reads and inflates ahead into a ring of chunk-byte buffers.
 * NULL when out of memory (or the thread cannot start: then try unthreaded). */
fc_src *fc_src_open(int fd, int gz, int engine, int threaded, size_t chunk);
/* The next window of data to scan, p[0..n): the bytes the last window left unused
 * (fc_src_consumed), then new data, contiguous. Returns the new bytes: 0 at the end (the window
 * holds what was left), -1 on a read error, -2 on damaged gzip data, -3 out of memory; *err then
 * describes it (valid until fc_src_close). size: the bytes read at a time when unthreaded (the
 * window grows when a record is longer). With a reader thread the window is its buffer, not a
 * copy. */
long fc_src_window(fc_src *s, size_t size, const char **p, size_t *n, const char **err);
/* The first `used` bytes of the last window are done with (the rest comes first in the next
 * one). 0, or -1 when out of memory. */
int fc_src_consumed(fc_src *s, size_t used);
/* Plain data from one or two byte ranges of fd, read in order with pread, unthreaded. */
fc_src *fc_src_open_ranges(int fd, const uint64_t *off, const uint64_t *len, int n);
void fc_src_close(fc_src *s);

#endif
