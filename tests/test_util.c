/* test_util.c: fixed-point decimals, calendar days and timestamps; removing a tree of files. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "util.h"

static int touch(const char *path) {
  FILE *f = fopen(path, "w");
  return f && fputs("x", f) >= 0 && fclose(f) == 0 ? 0 : -1;
}

/* fc_sync_tree: a tree is fsynced without error, a missing one is an error.
 * fc_remove_tree: every file and folder of a nested tree goes (more files than one thread takes,
 * so the unlinking threads share them), a symbolic link goes as a link, never what it points to;
 * a missing path is no error; a path that is a file is removed. */
static void test_remove_tree(void) {
  char p[512];
  const char *root = FC_TEST_TMP "/rm";
  const char *keep = FC_TEST_TMP "/keep";
  CHECK_INT(fc_remove_tree(FC_TEST_TMP), 0);
  CHECK_INT(fc_mkdirs(keep), 0);
  snprintf(p, sizeof p, "%s/precious", keep);
  CHECK_INT(touch(p), 0);
  for (int a = 0; a < 6; a++)
    for (int b = 0; b < 5; b++) {
      snprintf(p, sizeof p, "%s/d%d/e%d/charts", root, a, b);
      CHECK_INT(fc_mkdirs(p), 0);
      for (int k = 0; k < 7; k++) {
        snprintf(p, sizeof p, "%s/d%d/e%d/charts/c%d.png", root, a, b, k);
        CHECK_INT(touch(p), 0);
      }
      snprintf(p, sizeof p, "%s/d%d/e%d/x y.xlsx", root, a, b);
      CHECK_INT(touch(p), 0);
    }
  snprintf(p, sizeof p, "%s/d0/to-keep", root);
  CHECK_INT(symlink(keep, p), 0);
  snprintf(p, sizeof p, "%s/d1/to-file", root);
  CHECK_INT(symlink(FC_TEST_TMP "/keep/precious", p), 0);
  snprintf(p, sizeof p, "%s/d3/dangling", root);
  CHECK_INT(symlink(FC_TEST_TMP "/nowhere", p), 0);
  snprintf(p, sizeof p, "%s/d2/empty", root);
  CHECK_INT(fc_mkdirs(p), 0);
  /* fsynced whole (the symbolic links are not followed), some files said to be synced already */
  CHECK_INT(fc_sync_tree(root), 0);
  const char *done[] = {"d0/e0/charts/c0.png", "d5/e4/x y.xlsx"};
  CHECK_INT(fc_sync_tree_except(root, done, 2), 0);
  CHECK(fc_sync_tree(FC_TEST_TMP "/none") != 0 && errno == ENOENT);
  CHECK_INT(fc_remove_tree(root), 0);
  struct stat st;
  CHECK(lstat(root, &st) != 0 && errno == ENOENT);
  CHECK(stat(FC_TEST_TMP "/keep/precious", &st) == 0 && S_ISREG(st.st_mode));
  CHECK_INT(fc_remove_tree(root), 0); /* gone already */
  CHECK_INT(fc_remove_tree(FC_TEST_TMP "/keep/precious"), 0);
  CHECK(lstat(FC_TEST_TMP "/keep/precious", &st) != 0 && errno == ENOENT);
  CHECK(lstat(keep, &st) == 0 && S_ISDIR(st.st_mode));
  CHECK_INT(fc_remove_tree(FC_TEST_TMP), 0);
  CHECK(lstat(FC_TEST_TMP, &st) != 0 && errno == ENOENT);
}

static int64_t dec(const char *s, int *rc, int *inexact) {
  int64_t v = 0;
  *rc = fc_decimal_parse(s, strlen(s), 10, &v, inexact);
  return v;
}

int main(void) {
  int rc, inexact;
  CHECK_INT(dec("0.0572", &rc, &inexact), 572000000);
  CHECK_INT(rc, 0);
  CHECK_INT(inexact, 0);
  CHECK_INT(dec("-12.5", &rc, &inexact), -125000000000LL);
  CHECK_INT(dec("1.5E-7", &rc, &inexact), 1500);
  CHECK_INT(dec("1.5e3", &rc, &inexact), 15000000000000LL);
  CHECK_INT(dec("0.00000000015", &rc, &inexact), 2); /* rounded half away from zero */
  CHECK_INT(inexact, 1);
  CHECK_INT(dec("0.00000000014", &rc, &inexact), 1);
  CHECK_INT(dec("0.000000000001", &rc, &inexact), 0);
  CHECK_INT(inexact, 1);
  CHECK_INT(dec("007", &rc, &inexact), 70000000000LL);
  CHECK_INT(dec(".5", &rc, &inexact), 5000000000LL);
  CHECK_INT(dec("5.", &rc, &inexact), 50000000000LL);
  CHECK_INT(dec("922337203.6854775807", &rc, &inexact), INT64_MAX);
  CHECK_INT(rc, 0);
  dec("922337203.6854775808", &rc, &inexact);
  CHECK_INT(rc, -2);
  dec("", &rc, &inexact);
  CHECK_INT(rc, -1);
  dec("abc", &rc, &inexact);
  CHECK_INT(rc, -1);
  dec("1.2.3", &rc, &inexact);
  CHECK_INT(rc, -1);
  dec("1e", &rc, &inexact);
  CHECK_INT(rc, -1);

  char buf[32];
  CHECK_STR(fc_money_format(572000000, 6, buf), "0.057200");
  CHECK_STR(fc_money_format(-125000000000LL, 2, buf), "-12.50");
  CHECK_STR(fc_money_format(5000, 6, buf), "0.000001");  /* 0.0000005 rounds up */
  CHECK_STR(fc_money_format(-4999, 6, buf), "0.000000"); /* no "-0" */
  CHECK_STR(fc_money_format(123456789012345LL, 10, buf), "12345.6789012345");
  CHECK_STR(fc_decimal_format(42, 0, 0, buf), "42");

  int32_t d;
  CHECK_INT(fc_timestamp_parse("1970-01-01", 10, &d), 0);
  CHECK_INT(d, 0);
  const char *forms[] = {"2026-11-03",
                         "2026-11-03T00:00:00Z",
                         "2026-11-03T00:00:00.000Z",
                         "2026-11-03 00:00:00.000",
                         "2026-11-03T05:30:00+00:00",
                         "2026-11-03T23:59"};
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    CHECK_INT(fc_timestamp_parse(forms[i], strlen(forms[i]), &d), 0);
    CHECK_STR(fc_date_format(d, buf), "2026-11-03");
  }
  const char *bad[] = {"2026-13-01", "2026-02-30", "2026-11-03X",          "2026-11-03T25:00:00Z",
                       "26-11-03",   "",           "2026-11-03T00:00:00.Z"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CHECK_INT(fc_timestamp_parse(bad[i], strlen(bad[i]), &d), -1);
  CHECK_INT(fc_date_parse("2024-02-29", &d), 0);
  CHECK_INT(fc_date_parse("2025-02-29", &d), -1);
  int32_t p;
  CHECK_INT(fc_period_parse("2026-11", &p), 0);
  CHECK_INT(p, 202611);
  CHECK_INT(fc_period_days(202602), 28);
  CHECK_INT(fc_period_days(202402), 29);
  CHECK_STR(fc_date_format(fc_period_first_day(202611), buf), "2026-11-01");
  CHECK_STR(fc_period_format(fc_period_of_day(fc_period_first_day(202612) - 1), buf), "2026-11");
  for (int32_t k = -800000; k < 800000; k += 997) {
    int y, m, dd;
    fc_civil_from_days(k, &y, &m, &dd);
    CHECK_INT(fc_days_from_civil(y, m, dd), k);
  }

  fc_arena a;
  fc_arena_init(&a);
  for (int i = 0; i < 1000; i++) {
    char *s = fc_arena_strdup(&a, "hello");
    CHECK(s && strcmp(s, "hello") == 0);
  }
  CHECK(fc_arena_alloc(&a, 100000) != NULL);
  fc_arena_free(&a);
  test_remove_tree();
  return fc_check_done("test_util");
}
