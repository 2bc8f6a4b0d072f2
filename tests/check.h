/* check.h: the test suite's assertions; each test program exits non-zero if any check failed. */
#ifndef FC_CHECK_H
#define FC_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int fc_check_failures;
static int fc_check_count;

#define CHECK(cond)                                                                                          \
  do {                                                                                                       \
    fc_check_count++;                                                                                        \
    if (!(cond)) {                                                                                           \
      fc_check_failures++;                                                                                   \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                               \
    }                                                                                                        \
  } while (0)

#define CHECK_INT(a, b)                                                                                      \
  do {                                                                                                       \
    long long fc_a_ = (long long)(a), fc_b_ = (long long)(b);                                                \
    fc_check_count++;                                                                                        \
    if (fc_a_ != fc_b_) {                                                                                    \
      fc_check_failures++;                                                                                   \
      fprintf(stderr, "%s:%d: %s == %s: got %lld, want %lld\n", __FILE__, __LINE__, #a, #b, fc_a_, fc_b_);   \
    }                                                                                                        \
  } while (0)

#define CHECK_STR(a, b)                                                                                      \
  do {                                                                                                       \
    const char *fc_a_ = (a), *fc_b_ = (b);                                                                   \
    fc_check_count++;                                                                                        \
    if (!fc_a_ || !fc_b_ || strcmp(fc_a_, fc_b_) != 0) {                                                     \
      fc_check_failures++;                                                                                   \
      fprintf(stderr, "%s:%d: %s == %s: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, #a, #b,              \
              fc_a_ ? fc_a_ : "(null)", fc_b_ ? fc_b_ : "(null)");                                           \
    }                                                                                                        \
  } while (0)

/* Substring check. */
#define CHECK_CONTAINS(hay, needle)                                                                          \
  do {                                                                                                       \
    const char *fc_h_ = (hay), *fc_n_ = (needle);                                                            \
    fc_check_count++;                                                                                        \
    if (!fc_h_ || !strstr(fc_h_, fc_n_)) {                                                                   \
      fc_check_failures++;                                                                                   \
      fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__,                         \
              fc_h_ ? fc_h_ : "(null)", fc_n_);                                                              \
    }                                                                                                        \
  } while (0)

static inline int fc_check_done(const char *name) {
  printf("%s: %d checks, %d failed\n", name, fc_check_count, fc_check_failures);
  return fc_check_failures ? 1 : 0;
}

#endif
