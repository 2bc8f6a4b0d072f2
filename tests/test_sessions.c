/* test_sessions.c: role sessions counted in bounded space (core/ingest/sessions.c): exact while
 * small, estimated beyond; the same figures and examples whatever the order of the names and however
 * they are split into tables merged in any order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sessions.h"

#define P 202611 /* the billing period the sessions are counted in */

static void name_of(char *buf, size_t cap, unsigned i) { snprintf(buf, cap, "session-%u", i * 7919u); }

/* sessions 0..n-1 of role key `role` (ids of st), added in the order i * step mod n */
static void add_range(fc_sessions *s, uint32_t role, unsigned n, unsigned step, unsigned from, unsigned to) {
  char b[64];
  for (unsigned k = from; k < to; k++) {
    name_of(b, sizeof b, (unsigned)(((unsigned long long)k * step) % n));
    CHECK_INT(fc_sessions_add(s, role, P, b, strlen(b)), 0);
  }
}

static void query(const fc_sessions *s, uint32_t id, uint64_t *count, char ex[3][64], int *nex) {
  const char *e[3] = {NULL, NULL, NULL};
  *nex = fc_sessions_query(s, &id, 1, P, count, e, 3);
  for (int i = 0; i < 3; i++)
    snprintf(ex[i], 64, "%s", i < *nex ? e[i] : "");
}

int main(void) {
  /* the principal key and its session, from the ARN as CUR writes it */
  fc_strtab st;
  CHECK_INT(fc_strtab_init(&st), 0);
  const char *arn = "arn:aws:sts::123456789012:assumed-role/app-role/i-0abc/extra";
  size_t kl = fc_principal_key_len(arn, strlen(arn));
  uint32_t role = fc_strtab_intern(&st, arn, kl);
  fc_sessions s;
  fc_sessions_init(&s);
  CHECK_INT(fc_sessions_add_principal(&s, role, P, arn, strlen(arn)), 0);
  const char *plain = "arn:aws:iam::123456789012:user/alice";
  uint32_t user = fc_strtab_intern(&st, plain, strlen(plain));
  CHECK_INT(fc_sessions_add_principal(&s, user, P, plain, strlen(plain)), 0);
  uint64_t count = 99;
  const char *ex[3];
  CHECK_INT(fc_sessions_query(&s, &role, 1, P, &count, ex, 3), 1);
  CHECK_INT(count, 1);
  CHECK_STR(ex[0], "i-0abc/extra");
  CHECK_INT(fc_sessions_query(&s, &user, 1, P, &count, ex, 3), 0); /* a user has no session */
  CHECK_INT(count, 0);
  /* another period counts apart */
  CHECK_INT(fc_sessions_add(&s, role, 202610, "older", 5), 0);
  CHECK_INT(fc_sessions_query(&s, &role, 1, P, &count, ex, 3), 1);
  CHECK_INT(count, 1);
  CHECK_INT(fc_sessions_query(&s, &role, 1, 202610, &count, ex, 3), 1);
  CHECK_STR(ex[0], "older");
  fc_sessions_free(&s);

  /* exact up to the limit, whatever the order and the repeats */
  for (unsigned n = 1; n <= FC_SESSIONS_EXACT; n += 21) {
    fc_sessions_init(&s);
    add_range(&s, 1, n, 1, 0, n);
    add_range(&s, 1, n, 1, 0, n); /* every name twice */
    int nex;
    char e1[3][64];
    query(&s, 1, &count, e1, &nex);
    CHECK_INT(count, n);
    CHECK_INT(nex, n < 3 ? n : 3);
    fc_sessions_free(&s);
  }

  /* beyond it: an estimate within 5% (HyperLogLog, 4096 registers), the same in any order and
   * split; examples identical too */
  static const unsigned sizes[] = {65, 1000, 50000};
  for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
    unsigned n = sizes[z];
    fc_sessions one;
    fc_sessions_init(&one);
    add_range(&one, 7, n, 1, 0, n);
    uint64_t c1;
    int n1;
    char e1[3][64];
    query(&one, 7, &c1, e1, &n1);
    CHECK(c1 >= n - n / 20 && c1 <= n + n / 20);
    if (n == 65)
      CHECK(c1 >= 64 && c1 <= 66);
    /* three tables of interleaved thirds, in another order, merged two ways */
    fc_strtab sa, sb;
    CHECK_INT(fc_strtab_init(&sa), 0);
    CHECK_INT(fc_strtab_init(&sb), 0);
    uint32_t ia = fc_strtab_intern(&sa, "role-x", 6), ib = fc_strtab_intern(&sb, "other", 5);
    ib = fc_strtab_intern(&sb, "role-x", 6);
    fc_sessions a, b, c, m1, m2;
    fc_sessions_init(&a);
    fc_sessions_init(&b);
    fc_sessions_init(&c);
    add_range(&a, ia, n, 17, 0, n / 3);
    add_range(&b, ib, n, 17, n / 3, 2 * n / 3);
    add_range(&c, ia, n, 17, 2 * n / 3, n);
    fc_strtab s1, s2;
    CHECK_INT(fc_strtab_init(&s1), 0);
    CHECK_INT(fc_strtab_init(&s2), 0);
    fc_sessions_init(&m1);
    fc_sessions_init(&m2);
    CHECK_INT(fc_sessions_merge(&m1, &s1, &a, &sa), 0);
    CHECK_INT(fc_sessions_merge(&m1, &s1, &b, &sb), 0);
    CHECK_INT(fc_sessions_merge(&m1, &s1, &c, &sa), 0);
    CHECK_INT(fc_sessions_merge(&m2, &s2, &c, &sa), 0);
    CHECK_INT(fc_sessions_merge(&m2, &s2, &b, &sb), 0);
    CHECK_INT(fc_sessions_merge(&m2, &s2, &a, &sa), 0);
    uint64_t c2, c3;
    int n2, n3;
    char e2[3][64], e3[3][64];
    query(&m1, fc_strtab_lookup(&s1, "role-x", 6), &c2, e2, &n2);
    query(&m2, fc_strtab_lookup(&s2, "role-x", 6), &c3, e3, &n3);
    CHECK_INT(c2, c1);
    CHECK_INT(c3, c1);
    CHECK_INT(n2, n1);
    CHECK_INT(n3, n1);
    for (int i = 0; i < 3; i++) {
      CHECK_STR(e2[i], e1[i]);
      CHECK_STR(e3[i], e1[i]);
    }
    /* a union over two keys: counted once per distinct name */
    uint32_t two[2];
    two[0] = 7;
    fc_sessions_free(&a);
    fc_sessions_init(&a);
    add_range(&a, 7, n, 1, 0, n / 2);
    add_range(&a, 8, n, 1, n / 4, n);
    two[1] = 8;
    uint64_t cu;
    CHECK(fc_sessions_query(&a, two, 2, P, &cu, ex, 3) == 3);
    CHECK(cu >= n - n / 20 && cu <= n + n / 20);
    fc_sessions_free(&a);
    fc_sessions_free(&b);
    fc_sessions_free(&c);
    fc_sessions_free(&m1);
    fc_sessions_free(&m2);
    fc_sessions_free(&one);
    fc_strtab_free(&sa);
    fc_strtab_free(&sb);
    fc_strtab_free(&s1);
    fc_strtab_free(&s2);
  }
  fc_strtab_free(&st);
  return fc_check_done("test_sessions");
}
