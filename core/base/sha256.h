/* sha256.h: SHA-256 of files, for the output manifest. */
#ifndef FC_SHA256_H
#define FC_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct fc_sha256 {
  uint32_t h[8];
  uint64_t len; /* bytes hashed so far */
  unsigned char buf[64];
  size_t nbuf;
  void *evp;  /* libcrypto's context when it hashes (hardware SHA-256 where the CPU has it) */
  int failed; /* libcrypto refused an update */
} fc_sha256;

/* Starts a digest. Every digest started must be finished (fc_sha256_final_hex) or discarded. */
void fc_sha256_init(fc_sha256 *s);
/* The same with the portable code only (for tests comparing it with libcrypto's). */
void fc_sha256_init_portable(fc_sha256 *s);
void fc_sha256_update(fc_sha256 *s, const void *data, size_t n);
/* Writes 64 lowercase hex digits and a NUL into hex and ends the digest. 0, or -1 when libcrypto
 * failed (hex is then all zeros). */
int fc_sha256_final_hex(fc_sha256 *s, char hex[65]);
/* Ends a digest without its result. */
void fc_sha256_discard(fc_sha256 *s);
/* Hashes a file; returns 0, or -1 when it cannot be read. *size gets its length. */
int fc_sha256_file(const char *path, char hex[65], uint64_t *size);
/* The same for an open file, read from its start (pread: its offset does not move). */
int fc_sha256_fd(int fd, char hex[65], uint64_t *size);

#endif
