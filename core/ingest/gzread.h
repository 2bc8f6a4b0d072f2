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
/* Copies up to n bytes into buf. Returns the bytes read, 0 at the end, -1 on a read error, -2 on
 * damaged gzip data, -3 out of memory; *err then describes it (valid until fc_src_close). */
long fc_src_read(fc_src *s, char *buf, size_t n, const char **err);
/* Plain data from one or two byte ranges of fd, read in order with pread, unthreaded. */
fc_src *fc_src_open_ranges(int fd, const uint64_t *off, const uint64_t *len, int n);
void fc_src_close(fc_src *s);

#endif
