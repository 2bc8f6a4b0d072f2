/* test_sha256.c: SHA-256 known answers (FIPS 180-4 examples), through libcrypto when the build has
 * it and through the portable code, for every way of splitting the input into updates; and the two
 * agree on every length from 0 to 1,100 bytes and on a file. */
#include <stdlib.h>

#include "check.h"
#include "sha256.h"

typedef void (*init_fn)(fc_sha256 *);

/* The digest of data fed in pieces of at most step bytes. */
static void digest(init_fn init, const void *data, size_t n, size_t step, char hex[65]) {
  fc_sha256 s;
  init(&s);
  const unsigned char *p = data;
  for (size_t o = 0; o < n; o += step)
    fc_sha256_update(&s, p + o, n - o < step ? n - o : step);
  CHECK_INT(s.len, n);
  CHECK_INT(fc_sha256_final_hex(&s, hex), 0);
}

static void known(init_fn init, const char *msg, size_t repeat, const char *want) {
  size_t len = strlen(msg), n = len * repeat;
  char *data = malloc(n + 1);
  for (size_t i = 0; i < repeat; i++)
    memcpy(data + i * len, msg, len);
  static const size_t steps[] = {1, 3, 55, 56, 63, 64, 65, 1000, 1 << 20};
  for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
    if (n > 5000 && steps[k] < 55)
      continue; /* a million single-byte updates: slow under the sanitizers, nothing new */
    char hex[65];
    digest(init, data, n, steps[k], hex);
    CHECK_STR(hex, want);
  }
  free(data);
}

static void all_known(init_fn init) {
  known(init, "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  known(init, "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  known(init, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  known(init,
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnop"
        "qrstnopqrstu",
        1, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  known(init, "a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void) {
  all_known(fc_sha256_init);
  all_known(fc_sha256_init_portable);
  /* the two agree on every length around the block and padding boundaries */
  unsigned char data[1100];
  for (size_t i = 0; i < sizeof data; i++)
    data[i] = (unsigned char)(i * 131 + 7);
  int differ = 0;
  for (size_t n = 0; n <= sizeof data; n++) {
    char a[65], b[65];
    digest(fc_sha256_init, data, n, 97, a);
    digest(fc_sha256_init_portable, data, n, 64, b);
    differ += strcmp(a, b) != 0;
  }
  CHECK_INT(differ, 0);
  /* a file: its length and digest */
  const char *path = FC_TEST_TMP "-file";
  FILE *f = fopen(path, "wb");
  CHECK(f != NULL);
  char as[1000];
  memset(as, 'a', sizeof as);
  size_t put = 0;
  for (int i = 0; f && i < 1000; i++)
    put += fwrite(as, 1, sizeof as, f);
  CHECK_INT(put, 1000000);
  CHECK(f && fclose(f) == 0);
  char hex[65];
  uint64_t size = 0;
  CHECK_INT(fc_sha256_file(path, hex, &size), 0);
  CHECK_INT(size, 1000000);
  CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  remove(path);
  CHECK_INT(fc_sha256_file(path, hex, &size), -1); /* gone: an error, not a digest */
  return fc_check_done("test_sha256");
}
