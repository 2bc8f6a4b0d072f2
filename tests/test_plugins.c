/* test_plugins.c: the plugin host against fixture plugins: refusals, ABI compatibility, order, runs. */
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>

#include "check.h"
#include "decl_check.h"
#include "plugin_host.h"
#include "pipeline.h"
#include "run.h"
#include "util.h"

#define FIX FC_ABI_FIXTURES
#define RUN_DIR FC_TEST_TMP "/run"
#define CALLS RUN_DIR "/calls.log"
#define OUT RUN_DIR "/out"
#define SUMMARY OUT "/2026-11/summary.json"
#define MANIFEST OUT "/2026-11/manifest.json"

static void print_diags(const char *what, const fc_diags *d) {
  char buf[2048];
  for (size_t i = 0; i < d->n; i++)
    fprintf(stderr, "  [%s] %s\n", what, fc_diag_format(&d->v[i], buf, sizeof buf));
}

/* Loads the fixture folder `fixture`, expects status `want`, `loaded` plugins kept, and exactly
 * the diagnostics given (formatted "file: error: message"), in order, NULL-terminated. */
static void check_load(const char *fixture, fc_status want, size_t loaded, ...) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/%s", FIX, fixture);
  fc_plugins ps;
  fc_diags d = {0};
  fc_status st = fc_plugins_load(dir, fc_report_decls_check, &ps, &d);
  CHECK_INT(st, want);
  CHECK_INT(ps.n, loaded);
  va_list ap;
  va_start(ap, loaded);
  size_t i = 0;
  const char *msg;
  char buf[2048];
  while ((msg = va_arg(ap, const char *)) != NULL) {
    CHECK_STR(i < d.n ? fc_diag_format(&d.v[i], buf, sizeof buf) : "(no diagnostic)", msg);
    i++;
  }
  va_end(ap);
  CHECK_INT(d.n, i);
  if (st != want || d.n != i || ps.n != loaded) {
    fprintf(stderr, "fixture %s:\n", fixture);
    print_diags(fixture, &d);
  }
  fc_plugins_free(&ps);
  fc_diags_free(&d);
}

static void test_refusals(void) {
  check_load("notsym", FC_ERR_PLUGIN, 0,
             FIX "/notsym/nosym.so: error: not a plugin: expected the symbol 'fc_plugin_entry', found none",
             NULL);
  check_load("notelf", FC_ERR_PLUGIN, 0,
             FIX "/notelf/x.so: error: not a plugin: cannot load the shared object: " FIX
                 "/notelf/x.so: invalid ELF header",
             NULL);
  check_load(
      "entrynull", FC_ERR_PLUGIN, 0,
      FIX "/entrynull/entrynull.so: error: not a plugin: expected a descriptor from fc_plugin_entry(), found "
          "NULL",
      NULL);
  check_load("badmagic", FC_ERR_PLUGIN, 0,
             FIX "/badmagic/badmagic.so: error: wrong magic: expected 0x46435047, found 0x12345678", NULL);
  check_load("abimajor", FC_ERR_PLUGIN, 0,
             FIX "/abimajor/abimajor.so: error: ABI major version mismatch: expected 1, found 2", NULL);
  char minor[512];
  snprintf(
      minor, sizeof minor,
      "%s/newminor/newminor.so: error: plugin needs a newer host: expected ABI minor version %d or older, "
      "found %d",
      FIX, FC_ABI_MINOR, FC_ABI_MINOR + 1);
  check_load("newminor", FC_ERR_PLUGIN, 0, minor, NULL);
  char small[512];
  snprintf(small, sizeof small,
           "%s/smallsize/smallsize.so: error: descriptor too small: expected at least %zu bytes, found %zu",
           FIX, (size_t)FC_PLUGIN_DESC_MIN_SIZE, offsetof(fc_plugin_desc, finish));
  check_load("smallsize", FC_ERR_PLUGIN, 0, small, NULL);
  check_load("badname", FC_ERR_PLUGIN, 0,
             FIX "/badname/badname.so: error: invalid plugin name: expected [a-z0-9_]+, found 'Bad-Name'",
             NULL);
  check_load("noprocess", FC_ERR_PLUGIN, 0,
             FIX
             "/noprocess/noprocess.so: error: plugin 'noprocess': expected a process function, found NULL",
             NULL);
  check_load(
      "badwrites", FC_ERR_PLUGIN, 0,
      FIX "/badwrites/badwrites.so: error: plugin 'badwrites': expected writes named 'badwrites.<result>', "
          "found 'other.table'",
      NULL);
  check_load("badstmt", FC_ERR_PLUGIN, 0,
             FIX "/badstmt/badstmt.so: error: plugin 'badstmt': statement 'broken': '{' is not closed at "
                 "'{count() open'",
             NULL);
  /* a 1.1 descriptor loads; what lies past its size is never read */
  check_load("minor1", FC_OK, 1, NULL);
  /* files load in name order: the second copy is the one refused */
  check_load("dupname", FC_ERR_PLUGIN, 1,
             FIX "/dupname/dup_b.so: error: duplicate plugin name: 'dup' is already loaded from " FIX
                 "/dupname/dup_a.so",
             NULL);
  check_load("dupwriter", FC_ERR_PLUGIN, 0,
             FIX
             "/dupwriter/dupwrite.so: error: plugin 'dupwrite': duplicate result 'dupwrite.out': declared in "
             "writes twice",
             NULL);
  check_load(
      "unknowndep", FC_ERR_PLUGIN, 1,
      FIX "/unknowndep/unknowndep.so: error: unknown dependency: plugin 'unknowndep' reads 'nosuch.result', "
          "which no loaded plugin writes",
      NULL);
  check_load(
      "unknownfact", FC_ERR_PLUGIN, 1,
      FIX "/unknownfact/unknownfact.so: error: plugin 'unknownfact' reads unknown fact column 'fact.nosuch' "
          "(expected fact.<dimension> or fact.*)",
      NULL);
  check_load("cycle2", FC_ERR_PLUGIN, 2,
             FIX "/cycle2/a.so: error: dependency cycle: a -> b -> a (each reads a result of the next)",
             NULL);
  check_load("cycle3", FC_ERR_PLUGIN, 3,
             FIX "/cycle3/a.so: error: dependency cycle: a -> c -> b -> a (each reads a result of the next)",
             NULL);
  check_load(
      "selfdep", FC_ERR_PLUGIN, 1,
      FIX "/selfdep/selfdep.so: error: dependency cycle: plugin 'selfdep' reads its own result 'selfdep.out'",
      NULL);
  check_load("nosuchfolder", FC_ERR_IO, 0, FIX "/nosuchfolder: error: cannot read the plugins folder", NULL);
  check_load("badchart", FC_ERR_PLUGIN, 0,
             FIX "/badchart/badchart.so: error: plugin 'badchart': chart 'bars': its result is not among the "
                 "plugin's writes or reads",
             NULL);
  /* declared uses (ABI 1.2) */
  check_load("usebad", FC_ERR_PLUGIN, 0,
             FIX
             "/usebad/usebad.so: error: plugin 'usebad': use 1 (csv of 'usebad.other'): the result is not "
             "among its writes",
             NULL);
  check_load("usefile", FC_ERR_PLUGIN, 0,
             FIX
             "/usefile/usefile.so: error: plugin 'usefile': use 1 (csv of 'usefile.out'): expected a file "
             "name of letters, digits, '_', '-', '.' ending in .csv",
             NULL);
  check_load("usetwice", FC_ERR_PLUGIN, 2,
             FIX
             "/usetwice/b.so: error: plugin 'usetwice_b' declares the file 'same.csv' for 'usetwice_b.out', "
             "which 'usetwice_a' already declares for 'usetwice_a.out'",
             NULL);
}

/* A plugin of ABI 1.1 loads; the host does not read the 1.2 field its descriptor lacks. */
static void test_minor1_descriptor(void) {
  fc_plugins ps;
  fc_diags d = {0};
  CHECK_INT(fc_plugins_load(FIX "/minor1", fc_report_decls_check, &ps, &d), FC_OK);
  CHECK_INT(d.n, 0);
  print_diags("minor1", &d);
  CHECK_INT(ps.n, 1);
  if (ps.n == 1) {
    CHECK_INT(ps.v[0].desc.abi_minor, 1);
    CHECK(ps.v[0].desc.charts == NULL);
  }
  fc_plugins_free(&ps);
  fc_diags_free(&d);
}

/* A descriptor of ABI 1.1 loads on this host, and the bytes where `uses` would be are not read. */
static void test_abi11_descriptor(void) {
  check_load("uses11", FC_OK, 1, NULL);
  fc_plugins ps;
  fc_diags d = {0};
  if (fc_plugins_load(FIX "/uses11", fc_report_decls_check, &ps, &d) == FC_OK && ps.n == 1) {
    CHECK(ps.v[0].desc.uses == NULL);
    CHECK_INT(ps.v[0].nuses, 0);
  }
  fc_plugins_free(&ps);
  fc_diags_free(&d);
}

/* The layout of fixtures/bigger.c: a descriptor from a newer header with a trailing field. */
typedef struct bigger_desc {
  fc_plugin_desc base;
  unsigned char future[256];
} bigger_desc;

static void test_bigger_descriptor(void) {
  fc_plugins ps;
  fc_diags d = {0};
  CHECK_INT(fc_plugins_load(FIX "/bigger", fc_report_decls_check, &ps, &d), FC_OK);
  CHECK_INT(d.n, 0);
  print_diags("bigger", &d);
  CHECK_INT(ps.n, 1);
  if (ps.n == 1) {
    const fc_plugin *p = &ps.v[0];
    void *sym = dlsym(p->handle, FC_PLUGIN_ENTRY_SYMBOL);
    CHECK(sym != NULL);
    fc_plugin_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);
    const bigger_desc *orig = sym ? (const bigger_desc *)(const void *)entry() : NULL;
    CHECK(orig != NULL);
    if (orig) {
      CHECK_INT(orig->base.size, sizeof(bigger_desc));
      CHECK(orig->base.size > sizeof(fc_plugin_desc));
      /* what both sides know was copied, up to and including the last field */
      CHECK_INT(p->desc.size, sizeof(bigger_desc));
      CHECK(p->desc.process == orig->base.process);
      CHECK(p->desc.finish == orig->base.finish);
      CHECK(p->desc.finish != NULL);
      CHECK(p->desc.init == NULL);
      CHECK_STR(p->name, "bigger");
      CHECK_STR(p->version, "2.0");
      CHECK_STR(p->description, "a larger descriptor");
      /* the host keeps its own copies of the strings, and never wrote to the plugin's data */
      CHECK(p->desc.name == p->name && p->desc.name != orig->base.name);
      int intact = 1;
      for (size_t i = 0; i < sizeof orig->future; i++)
        intact &= orig->future[i] == 0xA5;
      CHECK(intact);
    }
  }
  fc_plugins_free(&ps);
  fc_diags_free(&d);
}

static void test_order(void) {
  fc_plugins ps;
  fc_diags d = {0};
  CHECK_INT(fc_plugins_load(FIX "/order", fc_report_decls_check, &ps, &d), FC_OK);
  CHECK_INT(d.n, 0);
  print_diags("order", &d);
  CHECK_INT(ps.n, 3);
  if (ps.n == 3) {
    /* files are a.so, b.so, c.so; a reads b, b reads c: the run order is c, b, a */
    CHECK_STR(ps.v[0].name, "c");
    CHECK_STR(ps.v[1].name, "b");
    CHECK_STR(ps.v[2].name, "a");
    CHECK_STR(ps.v[0].file, FIX "/order/c.so");
    CHECK_INT(fc_plugins_writer(&ps, "b.out"), 1);
    CHECK_INT(fc_plugins_writer(&ps, "nosuch.out"), -1);
    CHECK_INT(fc_plugins_dim_mask(&ps), FC_DIM_MASK_ALL);
  }
  fc_plugins_free(&ps);
  fc_diags_free(&d);
}

/* Optional reads: "?x.y" loads without a writer of x.y, orders after the writer when there is one,
 * and is kept under its plain name (what the plugin passes to table_find). */
static void test_optional_reads(void) {
  fc_plugins ps;
  fc_diags d = {0};
  CHECK_INT(fc_plugins_load(FIX "/optional", fc_report_decls_check, &ps, &d), FC_OK);
  CHECK_INT(d.n, 0);
  print_diags("optional", &d);
  CHECK_INT(ps.n, 2);
  if (ps.n == 2) {
    /* files are a_optread.so, ow.so; optread reads ow.out: ow runs first */
    CHECK_STR(ps.v[0].name, "ow");
    CHECK_STR(ps.v[1].name, "optread");
    CHECK_INT(ps.v[1].nreads, 3);
    CHECK_STR(ps.v[1].reads[0], "nosuch.result");
    CHECK_STR(ps.v[1].reads[1], "ow.out");
    CHECK_STR(ps.v[1].reads[2], "fact.model");
    CHECK_STR(ps.v[1].desc.reads[0], "nosuch.result");
    CHECK_INT(fc_plugins_dim_mask(&ps), 1u << FC_DIM_MODEL);
  }
  fc_plugins_free(&ps);
  fc_diags_free(&d);
  /* a plain read of a missing result is still refused (see test_refusals), an optional fact is too */
  check_load("optfact", FC_ERR_PLUGIN, 1,
             FIX
             "/optfact/optfact.so: error: plugin 'optfact': optional read '?fact.model' must name another "
             "plugin's result (?<plugin>.<result>)",
             NULL);
}

/* ---- runs ---- */

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  fputs(text, f);
  return fclose(f);
}

/* The whole file as a string (caller frees), or NULL; *len gets its size. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf)
    buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

static int has_diag(const fc_diags *d, const char *text) {
  char buf[2048];
  for (size_t i = 0; i < d->n; i++)
    if (strcmp(fc_diag_format(&d->v[i], buf, sizeof buf), text) == 0)
      return 1;
  return 0;
}

static int setup_run_dir(void) {
  fc_remove_tree(FC_TEST_TMP);
  if (fc_mkdirs(RUN_DIR "/cur"))
    return -1;
  const char *csv =
      "line_item_product_code,line_item_usage_start_date,line_item_usage_account_id,"
      "line_item_usage_type,line_item_line_item_type,line_item_usage_amount,line_item_unblended_cost\n"
      "AmazonBedrock,2026-11-03,111122223333,USE1-NovaLite-input-tokens,Usage,1,0.5\n"
      "AmazonBedrock,2026-11-04,111122223333,USE1-NovaLite-input-tokens,Usage,3,0.25\n"
      "AmazonEC2,2026-11-04,111122223333,BoxUsage,Usage,1,9\n";
  const char *yaml = "# Run fixture for test_plugins.\n"
                     "version: 1\n"
                     "inputs:\n"
                     "  cur: [cur/]\n"
                     "hierarchy:\n"
                     "  levels: [BU, Workload]\n"
                     "workloads:\n"
                     "  - id: w1\n"
                     "    name: W1\n"
                     "    parent: BU1\n"
                     "plugins:\n"
                     "  work: {log: \"" CALLS "\"}\n"
                     "  tail: {log: \"" CALLS "\"}\n"
                     "  initfail: {log: \"" CALLS "\"}\n"
                     "  procfail: {log: \"" CALLS "\"}\n"
                     "  undecl: {log: \"" CALLS "\"}\n"
                     "output:\n"
                     "  dir: out\n";
  return write_file(RUN_DIR "/cur/cur.csv", csv) || write_file(RUN_DIR "/finops.yaml", yaml) ? -1 : 0;
}

/* Runs with the plugins of fixture folder `fixture`; the call log starts empty. */
static fc_status run_with(const char *fixture, fc_diags *d, char **published) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/%s", FIX, fixture);
  write_file(CALLS, "");
  fc_run_opts o = {RUN_DIR "/finops.yaml", 0, INT32_MIN, NULL, dir, 0, NULL, NULL, 0, 0, NULL, 0, 0};
  return fc_run_execute(&o, d, published);
}

static void check_calls(const char *fixture, const char *want) {
  char *got = read_file(CALLS, NULL);
  CHECK_STR(got, want);
  if (!got || strcmp(got, want) != 0)
    fprintf(stderr, "  (calls of %s)\n", fixture);
  free(got);
}

/* Only the published period folder is left in the output folder: no temporary folder. */
static void check_out_clean(void) {
  DIR *dh = opendir(OUT);
  CHECK(dh != NULL);
  if (!dh)
    return;
  struct dirent *e;
  int entries = 0;
  while ((e = readdir(dh)))
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      entries++;
      CHECK_STR(e->d_name, "2026-11");
    }
  closedir(dh);
  CHECK_INT(entries, 1);
}

static void check_same_file(const char *path, const char *bytes, size_t len) {
  size_t n = 0;
  char *now = read_file(path, &n);
  CHECK(now != NULL);
  CHECK_INT(n, len);
  CHECK(now && bytes && n == len && memcmp(now, bytes, len) == 0);
  free(now);
}

static void test_runs(void) {
  CHECK_INT(setup_run_dir(), 0);

  /* a good run publishes; the working plugin's result is in summary.json */
  fc_diags d = {0};
  char *published = NULL;
  fc_status st = run_with("run_ok", &d, &published);
  CHECK_INT(st, FC_OK);
  CHECK_INT(d.nerrors, 0);
  if (st)
    print_diags("run_ok", &d);
  CHECK_STR(published, OUT "/2026-11");
  free(published);
  fc_diags_free(&d);
  check_calls("run_ok", "tail init\nwork init\ntail process\nwork process\nwork finish\ntail finish\n");
  size_t summary_len = 0, manifest_len = 0;
  char *summary = read_file(SUMMARY, &summary_len);
  char *manifest = read_file(MANIFEST, &manifest_len);
  CHECK(summary != NULL && manifest != NULL);
  char *compact = summary ? fc_strdup(summary) : NULL;
  if (compact) { /* drop the layout: no text value here holds a space */
    size_t k = 0;
    for (const char *c = compact; *c; c++)
      if (*c != ' ' && *c != '\n')
        compact[k++] = *c;
    compact[k] = '\0';
  }
  /* one fact per usage day (the day is always kept), each a row of work.rows */
  CHECK_CONTAINS(compact, "\"results\":{\"work.rows\":["
                          "{\"node\":\"BU1/W1\",\"product_code\":\"AmazonBedrock\","
                          "\"usage_type\":\"USE1-NovaLite-input-tokens\",\"rows\":1,\"cost\":0.5},"
                          "{\"node\":\"BU1/W1\",\"product_code\":\"AmazonBedrock\","
                          "\"usage_type\":\"USE1-NovaLite-input-tokens\",\"rows\":1,\"cost\":0.25}],");
  /* the host's own results follow the plugins' (reconciliation of the two rows: 0.75 USD) */
  CHECK_CONTAINS(compact,
                 "\"ledger.reconciliation\":[{\"node\":null,\"kind\":\"bedrock\",\"family\":\"AWS-billed\","
                 "\"line_item_type\":\"Usage\",\"invoice_id\":\"\",\"rows\":2,\"usd_in\":0.75,");
  CHECK_CONTAINS(
      compact,
      "\"plugins\":[{\"name\":\"tail\",\"version\":\"1.0\"},{\"name\":\"work\",\"version\":\"1.0\"}]");
  free(compact);
  check_out_clean();

  /* init fails: the plugins started before it finish once, it and those after it never do */
  st = run_with("run_initfail", &d, &published);
  CHECK_INT(st, FC_ERR_PLUGIN);
  CHECK(published == NULL);
  CHECK(has_diag(
      &d, FIX "/run_initfail/initfail.so: error: plugin 'initfail' failed to start: invalid configuration"));
  if (!has_diag(&d, FIX
                "/run_initfail/initfail.so: error: plugin 'initfail' failed to start: invalid configuration"))
    print_diags("run_initfail", &d);
  fc_diags_free(&d);
  check_calls("run_initfail", "tail init\nwork init\ninitfail init\nwork finish\ntail finish\n");
  check_same_file(SUMMARY, summary, summary_len);
  check_same_file(MANIFEST, manifest, manifest_len);
  check_out_clean();

  /* process fails: the run stops, every started plugin still finishes exactly once */
  st = run_with("run_procfail", &d, &published);
  CHECK_INT(st, FC_ERR_PLUGIN);
  CHECK(published == NULL);
  CHECK(has_diag(&d, "finops: error: plugin procfail: cannot go on (42)"));
  CHECK(has_diag(&d, FIX "/run_procfail/procfail.so: error: plugin 'procfail' failed: invalid argument"));
  if (d.nerrors != 2)
    print_diags("run_procfail", &d);
  CHECK_INT(d.nerrors, 2);
  fc_diags_free(&d);
  check_calls("run_procfail", "procfail init\nwork init\nprocfail process\nwork finish\nprocfail finish\n");
  check_same_file(SUMMARY, summary, summary_len);
  check_same_file(MANIFEST, manifest, manifest_len);
  check_out_clean();

  /* an undeclared result fails the run even though the plugin returns FC_OK */
  st = run_with("run_undeclared", &d, &published);
  CHECK_INT(st, FC_ERR_PLUGIN);
  CHECK(published == NULL);
  CHECK(has_diag(&d,
                 "finops: error: plugin undecl: creates result 'undecl.other', which it does not declare in "
                 "writes"));
  CHECK(has_diag(&d, FIX
                 "/run_undeclared/undecl.so: error: plugin 'undecl' failed: plugin failed or was refused"));
  if (d.nerrors != 2)
    print_diags("run_undeclared", &d);
  CHECK_INT(d.nerrors, 2);
  fc_diags_free(&d);
  check_calls(
      "run_undeclared",
      "tail init\nwork init\ntail process\nundecl refused\nwork finish\nundecl finish\ntail finish\n");
  check_same_file(SUMMARY, summary, summary_len);
  check_out_clean();

  /* refused plugins stop the run before any plugin is called or anything is written */
  st = run_with("cycle2", &d, &published);
  CHECK_INT(st, FC_ERR_PLUGIN);
  CHECK(published == NULL);
  CHECK(has_diag(&d,
                 FIX "/cycle2/a.so: error: dependency cycle: a -> b -> a (each reads a result of the next)"));
  fc_diags_free(&d);
  check_calls("cycle2", "");
  check_same_file(SUMMARY, summary, summary_len);
  check_out_clean();

  /* the same inputs run again give the same bytes */
  st = run_with("run_ok", &d, &published);
  CHECK_INT(st, FC_OK);
  free(published);
  fc_diags_free(&d);
  check_same_file(SUMMARY, summary, summary_len);
  check_calls("run_ok again", "tail init\nwork init\ntail process\nwork process\nwork finish\ntail finish\n");
  free(summary);
  free(manifest);
}

int main(void) {
  test_refusals();
  test_bigger_descriptor();
  test_minor1_descriptor();
  test_abi11_descriptor();
  test_order();
  test_optional_reads();
  test_runs();
  return fc_check_done("test_plugins");
}
