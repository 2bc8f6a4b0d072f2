/* sha256.c: FIPS 180-4 SHA-256: OpenSSL's libcrypto when built with it (its SHA-256 uses the CPU's
 * SHA extensions where present, chosen at run time), else the portable code below. */
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef FC_HAVE_LIBCRYPTO
#include <openssl/evp.h>
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block(fc_sha256 *s, const unsigned char *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] =
        (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5], g = s->h[6],
           h = s->h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  s->h[0] += a;
  s->h[1] += b;
  s->h[2] += c;
  s->h[3] += d;
  s->h[4] += e;
  s->h[5] += f;
  s->h[6] += g;
  s->h[7] += h;
}

void fc_sha256_init_portable(fc_sha256 *s) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(s->h, iv, sizeof iv);
  s->len = 0;
  s->nbuf = 0;
  s->evp = NULL;
  s->failed = 0;
}

void fc_sha256_init(fc_sha256 *s) {
  fc_sha256_init_portable(s);
#ifdef FC_HAVE_LIBCRYPTO
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  if (c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1)
    s->evp = c;
  else
    EVP_MD_CTX_free(c); /* the portable code then: the same digest, slower */
#endif
}

static void portable_update(fc_sha256 *s, const unsigned char *p, size_t n) {
  if (s->nbuf) {
    size_t k = 64 - s->nbuf < n ? 64 - s->nbuf : n;
    memcpy(s->buf + s->nbuf, p, k);
    s->nbuf += k;
    p += k;
    n -= k;
    if (s->nbuf < 64)
      return;
    block(s, s->buf);
    s->nbuf = 0;
  }
  for (; n >= 64; p += 64, n -= 64)
    block(s, p);
  memcpy(s->buf, p, n);
  s->nbuf = n;
}

void fc_sha256_update(fc_sha256 *s, const void *data, size_t n) {
  s->len += n;
#ifdef FC_HAVE_LIBCRYPTO
  if (s->evp) {
    if (n && EVP_DigestUpdate((EVP_MD_CTX *)s->evp, data, n) != 1)
      s->failed = 1;
    return;
  }
#endif
  portable_update(s, data, n);
}

static void to_hex(const unsigned char d[32], char hex[65]) {
  static const char hx[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    hex[2 * i] = hx[d[i] >> 4];
    hex[2 * i + 1] = hx[d[i] & 15];
  }
  hex[64] = '\0';
}

int fc_sha256_final_hex(fc_sha256 *s, char hex[65]) {
  unsigned char d[32];
#ifdef FC_HAVE_LIBCRYPTO
  if (s->evp) {
    unsigned int dn = 0;
    int ok = !s->failed && EVP_DigestFinal_ex((EVP_MD_CTX *)s->evp, d, &dn) == 1 && dn == 32;
    EVP_MD_CTX_free((EVP_MD_CTX *)s->evp);
    s->evp = NULL;
    if (!ok) {
      memset(hex, '0', 64);
      hex[64] = '\0';
      return -1;
    }
    to_hex(d, hex);
    return 0;
  }
#endif
  uint64_t bits = s->len * 8;
  unsigned char pad[72] = {0x80};
  size_t np = (s->nbuf < 56 ? 56 : 120) - s->nbuf;
  for (int i = 0; i < 8; i++)
    pad[np + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
  portable_update(s, pad, np + 8);
  for (int i = 0; i < 8; i++)
    for (int k = 0; k < 4; k++)
      d[4 * i + k] = (unsigned char)(s->h[i] >> (24 - 8 * k));
  to_hex(d, hex);
  return 0;
}

void fc_sha256_discard(fc_sha256 *s) {
#ifdef FC_HAVE_LIBCRYPTO
  EVP_MD_CTX_free((EVP_MD_CTX *)s->evp);
#endif
  s->evp = NULL;
}

int fc_sha256_file(const char *path, char hex[65], uint64_t *size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int rc = fc_sha256_fd(fd, hex, size);
  close(fd);
  return rc;
}

int fc_sha256_fd(int fd, char hex[65], uint64_t *size) {
  unsigned char buf[65536]; /* no allocation: a file that cannot be hashed is unreadable, not OOM */
  fc_sha256 s;
  fc_sha256_init(&s);
  int err = 0;
  for (;;) {
    ssize_t n = pread(fd, buf, sizeof buf, (off_t)s.len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      err = n < 0;
      break;
    }
    fc_sha256_update(&s, buf, (size_t)n);
  }
  if (err) {
    fc_sha256_discard(&s);
    return -1;
  }
  *size = s.len;
  return fc_sha256_final_hex(&s, hex);
}
