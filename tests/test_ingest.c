/* test_ingest.c: the CUR scanner on hand-made exports: CSV edge cases, map cells, families. */
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include "check.h"
#include "gzread.h"
#include "ingest.h"
#include "mapcell.h"
#include "run.h"

static const char *HDR =
    "identity_line_item_id,bill_billing_entity,line_item_product_code,product_product_name,"
    "line_item_usage_start_date,bill_billing_period_start_date,line_item_usage_account_id,"
    "line_item_iam_principal,line_item_resource_id,line_item_usage_type,line_item_line_item_type,"
    "line_item_usage_amount,line_item_unblended_cost,line_item_line_item_description,product,"
    "resource_tags,tags,pricing_unit\n";

typedef struct world {
  fc_diags d;
  fc_ingest in;
} world;

/* The reading configuration tests run under: inflate engine (FC_INFLATE_* + 1, 0 = default) and
 * threads (0 = default). */
static int g_engine, g_threads;

static void w_init(world *w, uint32_t mask) {
  memset(w, 0, sizeof *w);
  CHECK_INT(fc_ingest_init(&w->in, mask, &w->d), FC_OK);
  w->in.inflate_engine = g_engine;
  w->in.threads = g_threads;
}

static void w_free(world *w) {
  fc_ingest_free(&w->in);
  fc_diags_free(&w->d);
}

static fc_money total_cost(const fc_ingest *in) {
  fc_money t = 0;
  for (size_t i = 0; i < in->facts.n; i++)
    t += in->facts.v[i].cost;
  return t;
}

static const char *S(const fc_ingest *in, const fc_fact *f, fc_dim d) {
  return fc_strtab_get(&in->facts.strings, f->dim[d]);
}

static const fc_fact *find_fact(const fc_ingest *in, fc_dim d, const char *value) {
  for (size_t i = 0; i < in->facts.n; i++)
    if (strcmp(S(in, &in->facts.v[i], d), value) == 0)
      return &in->facts.v[i];
  return NULL;
}

static char *diag_text(const fc_diags *d, size_t i) {
  static char buf[1024];
  return i < d->n ? fc_diag_format(&d->v[i], buf, sizeof buf) : "";
}

static void test_basic_families(void) {
  world w;
  w_init(&w, FC_DIM_MASK_ALL);
  char data[8192];
  snprintf(
      data, sizeof data,
      "%s"
      /* AWS-billed, JSON map cells, description with a comma and a quote */
      "a1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03T00:00:00.000Z,2026-11-01T00:00:00.000Z,111122223333,"
      "arn:aws:sts::111122223333:assumed-role/ChatApp/session-1,arn:aws:bedrock:us-east-1:111122223333:"
      "application-inference-profile/acwt9yee9wzo,USE1-Claude4.6Sonnet-input-tokens,Usage,17.33,0.0572,"
      "\"Input tokens, \"\"Sonnet\"\"\",\"{\"\"model\"\":\"\"Claude Sonnet "
      "4.6\"\",\"\"region\"\":\"\"us-east-1\"\"}\","
      "\"{\"\"user_map_migrated\"\":\"\"mig12345\"\"}\",\"{\"\"iamPrincipal/"
      "map-migrated\"\":\"\"migABCDE12345\"\"}\","
      "1K tokens\n"
      /* Marketplace-billed, Athena map cells, Athena timestamps */
      "a2,AWS Marketplace,4a524th30q694o538qndh9ucht,Claude 3.5 Sonnet (Amazon Bedrock Edition),"
      "2026-11-04 00:00:00.000,2026-11-01 00:00:00.000,111122223333,arn:aws:iam::111122223333:user/alice,,"
      "USE1-MP:USE1_InputTokenCount-Units,Usage,0.5,1.5,AWS Marketplace software usage|us-east-1|Million "
      "Input "
      "Tokens,\"{product_name=Claude 3.5 Sonnet (Amazon Bedrock Edition), region=us-east-1}\",{},"
      "\"{iamPrincipal/team=ds, iamPrincipal/map-migrated=mig54321}\",Units\n"
      /* other services: skipped, even with quotes and a newline inside a field */
      "a3,AWS,AmazonEC2,Amazon Elastic Compute "
      "Cloud,2026-11-03,2026-11-01,111122223333,,i-123,BoxUsage,Usage,"
      "24,2.4,\"multi\nline, \"\"quoted\"\"\",{},{},{},Hrs\n"
      /* a credit on Bedrock (adjustment) with a date-only timestamp */
      "a4,AWS,AmazonBedrock,Amazon Bedrock,2026-11-05,2026-11-01,111122223333,,,USE1-Credit,Credit,0,-0.25,"
      "credit,,,,\n",
      HDR);
  CHECK_INT(fc_ingest_buffer(&w.in, "mem.csv", data, strlen(data)), FC_OK);
  CHECK_INT(w.in.stats.rows, 4);
  CHECK_INT(w.in.stats.bedrock_rows, 3);
  CHECK_INT(w.in.stats.family_rows[FC_FAMILY_AWS], 2);
  CHECK_INT(w.in.stats.family_rows[FC_FAMILY_MARKETPLACE], 1);
  CHECK_INT(w.in.stats.skipped_rows, 1);
  CHECK_INT(w.in.stats.malformed_rows, 0);
  CHECK_INT(w.in.stats.unknown_map_cells, 0);
  CHECK_INT(total_cost(&w.in), 572000000LL + 15000000000LL - 2500000000LL);
  const fc_fact *f = find_fact(&w.in, FC_DIM_USAGE_TYPE, "USE1-Claude4.6Sonnet-input-tokens");
  CHECK(f != NULL);
  if (f) {
    CHECK_STR(S(&w.in, f, FC_DIM_MODEL), "Claude Sonnet 4.6");
    CHECK_STR(S(&w.in, f, FC_DIM_REGION), "us-east-1");
    CHECK_STR(S(&w.in, f, FC_DIM_RESOURCE_MAP_TAG), "mig12345");
    CHECK_STR(S(&w.in, f, FC_DIM_PRINCIPAL_MAP_TAG), "migABCDE12345");
    /* keyed by the role: the session name is dropped */
    CHECK_STR(S(&w.in, f, FC_DIM_PRINCIPAL), "arn:aws:sts::111122223333:assumed-role/ChatApp");
    CHECK_STR(S(&w.in, f, FC_DIM_PRICING_UNIT), "1K tokens");
    CHECK_INT(f->usage_amount, 173300000000LL);
    CHECK_INT(f->dim[FC_DIM_FAMILY], FC_FAMILY_AWS);
    CHECK_INT(f->dim[FC_DIM_PERIOD], 202611);
    CHECK_INT(f->dim[FC_DIM_DAY], fc_days_from_civil(2026, 11, 3));
  }
  f = find_fact(&w.in, FC_DIM_USAGE_TYPE, "USE1-MP:USE1_InputTokenCount-Units");
  CHECK(f != NULL);
  if (f) {
    CHECK_INT(f->dim[FC_DIM_FAMILY], FC_FAMILY_MARKETPLACE);
    CHECK_STR(S(&w.in, f, FC_DIM_PRINCIPAL_MAP_TAG), "mig54321");
    CHECK_STR(S(&w.in, f, FC_DIM_REGION), "us-east-1");
    CHECK_INT(f->dim[FC_DIM_DAY], fc_days_from_civil(2026, 11, 4));
  }
  f = find_fact(&w.in, FC_DIM_LINE_ITEM_TYPE, "Credit");
  CHECK(f && f->cost == -2500000000LL);
  w_free(&w);
}

/* CRLF line ends, a UTF-8 BOM, columns in another order, extra columns, quoted newlines inside a
 * Bedrock row, a final row without a line break. */
static void test_csv_edges(void) {
  world w;
  w_init(&w, FC_DIM_MASK_ALL);
  const char *data =
      "\xEF\xBB\xBF"
      "line_item_unblended_cost,extra_col,line_item_usage_type,line_item_line_item_type,"
      "line_item_usage_amount,line_item_product_code,line_item_usage_account_id,line_item_usage_start_date,"
      "line_item_line_item_description\r\n"
      "1.25,x,USW2-NovaLite-input-tokens,Usage,100,AmazonBedrock,123456789012,2026-10-31T00:00:00Z,"
      "\"two\r\nlines, "
      "\"\"Bedrock\"\"\"\r\n"
      "\r\n"
      "2.5,\"y,z\",USW2-NovaLite-output-tokens,Usage,10,AmazonBedrock,123456789012,2026-10-31T00:00:00Z,"
      "plain";
  CHECK_INT(fc_ingest_buffer(&w.in, "edge.csv", data, strlen(data)), FC_OK);
  CHECK_INT(w.in.stats.rows, 2);
  CHECK_INT(w.in.stats.bedrock_rows, 2);
  CHECK_INT(w.in.stats.malformed_rows, 0);
  CHECK_INT(total_cost(&w.in), 37500000000LL);
  const fc_fact *f = find_fact(&w.in, FC_DIM_USAGE_TYPE, "USW2-NovaLite-output-tokens");
  CHECK(f && f->dim[FC_DIM_PERIOD] == 202610); /* period from the usage day when no billing column */
  w_free(&w);
}

static void test_malformed_and_missing(void) {
  world w;
  w_init(&w, FC_DIM_MASK_ALL);
  char data[4096];
  snprintf(
      data, sizeof data,
      "%s"
      "b1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-NovaLite-input-tokens,"
      "Usage,1,0.5,ok,,,,1K tokens\n"
      "b2,AWS,AmazonBedrock,Amazon Bedrock,not-a-date,2026-11-01,111122223333,,,USE1-NovaLite-input-tokens,"
      "Usage,1,0.5,bad date,,,,1K tokens\n"
      "b3,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-NovaLite-input-tokens,"
      "Usage,1,zero.5,bad cost,,,,1K tokens\n"
      "b4,AWS,AmazonBedrock,too,few,fields\n"
      "b5,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-NovaLite-input-tokens,"
      "Usage,1,0.5,a \"stray\" quote,,,,1K tokens\n",
      HDR);
  w.in.allow_malformed = 4; /* within the budget: warnings, and the rest read exactly */
  CHECK_INT(fc_ingest_buffer(&w.in, "bad.csv", data, strlen(data)), FC_OK);
  CHECK_INT(fc_ingest_check_budget(&w.in), FC_OK);
  CHECK_INT(w.in.stats.rows, 5);
  CHECK_INT(w.in.stats.bedrock_rows, 1);
  CHECK_INT(w.in.stats.malformed_rows, 4);
  CHECK_INT(total_cost(&w.in), 5000000000LL);
  CHECK_INT(w.d.nwarnings, 4);
  CHECK_STR(
      diag_text(&w.d, 0),
      "bad.csv:3:37: warning: malformed row: line_item_usage_start_date: 'not-a-date' is not a timestamp");
  CHECK_CONTAINS(diag_text(&w.d, 1), "bad.csv:4:");
  CHECK_CONTAINS(diag_text(&w.d, 1), "line_item_unblended_cost: 'zero.5' is not a number");
  CHECK_STR(diag_text(&w.d, 2),
            "bad.csv:5:1: warning: malformed row: expected 18 fields as in the header, found 6");
  CHECK_CONTAINS(diag_text(&w.d, 3), "bad.csv:6:");
  CHECK_CONTAINS(diag_text(&w.d, 3), "misplaced quote");
  w_free(&w);

  /* beyond the budget: the rows past it are errors, and so is the whole */
  w_init(&w, FC_DIM_MASK_ALL);
  w.in.allow_malformed = 3;
  CHECK_INT(fc_ingest_buffer(&w.in, "bad.csv", data, strlen(data)), FC_OK);
  CHECK_INT(w.d.nwarnings, 3);
  CHECK_INT(w.d.nerrors, 1);
  CHECK_CONTAINS(diag_text(&w.d, 3), "bad.csv:6:");
  CHECK_CONTAINS(diag_text(&w.d, 3), ": error: malformed row");
  CHECK_INT(fc_ingest_check_budget(&w.in), FC_ERR_PARSE);
  CHECK_CONTAINS(diag_text(&w.d, 4), "4 malformed rows in the inputs exceed --allow-malformed 3");
  w_free(&w);

  w_init(&w, FC_DIM_MASK_ALL);
  const char *nocols = "line_item_usage_type,line_item_unblended_cost\nUSE1-x,1\n";
  CHECK_INT(fc_ingest_buffer(&w.in, "cols.csv", nocols, strlen(nocols)), FC_ERR_PARSE);
  CHECK_INT(w.d.nerrors, 5);
  CHECK_STR(diag_text(&w.d, 0), "cols.csv:1:1: error: missing required column 'line_item_product_code'");
  w_free(&w);

  /* an empty chunk and a header-only chunk are fine */
  w_init(&w, FC_DIM_MASK_ALL);
  CHECK_INT(fc_ingest_buffer(&w.in, "empty.csv", "", 0), FC_OK);
  CHECK_INT(fc_ingest_buffer(&w.in, "hdr.csv", HDR, strlen(HDR)), FC_OK);
  CHECK_INT(w.in.stats.empty_files, 2);
  CHECK_INT(w.d.n, 0);
  w_free(&w);
}

/* Rows differing only in dimensions nobody reads sum into one fact. */
static void test_projection(void) {
  world w;
  w_init(&w, 0);
  char data[4096];
  snprintf(data, sizeof data,
           "%s"
           "c1,AWS,AmazonBedrock,Amazon "
           "Bedrock,2026-11-03,2026-11-01,111122223333,arn:p1,,USE1-A,Usage,1,0.1,d,,,,u\n"
           "c2,AWS,AmazonBedrock,Amazon "
           "Bedrock,2026-11-03,2026-11-01,111122223333,arn:p2,,USE1-B,Usage,2,0.2,d,,,,u\n",
           HDR);
  CHECK_INT(fc_ingest_buffer(&w.in, "p.csv", data, strlen(data)), FC_OK);
  CHECK_INT(w.in.facts.n, 1);
  CHECK_INT(w.in.facts.v[0].rows, 2);
  CHECK_INT(w.in.facts.v[0].usage_amount, 30000000000LL);
  w_free(&w);
}

static void test_mapcells(void) {
  char scratch[256];
  fc_mapiter it;
  const char *k, *v;
  size_t kn, vn;
  const char *json = "{\"a\":\"x\\\"y\",\"b\":12.5,\"c\":null,\"d\":\"\\u00e9\"}";
  fc_mapiter_init(&it, json, strlen(json), scratch, sizeof scratch);
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn) && kn == 1 && vn == 3 && memcmp(v, "x\"y", 3) == 0);
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn) && vn == 4 && memcmp(v, "12.5", 4) == 0);
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn) && vn == 0);
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn) && vn == 2 && memcmp(v, "\xc3\xa9", 2) == 0);
  CHECK(!fc_mapiter_next(&it, &k, &kn, &v, &vn) && !it.error);
  const char *athena = "{user_team=hr, user_env=prod, note=a, b}";
  fc_mapiter_init(&it, athena, strlen(athena), scratch, sizeof scratch);
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn) && kn == 9 && memcmp(k, "user_team", 9) == 0 && vn == 2);
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn) && vn == 4 && memcmp(v, "prod", 4) == 0);
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn) && vn == 4 && memcmp(v, "a, b", 4) == 0);
  CHECK(!fc_mapiter_next(&it, &k, &kn, &v, &vn) && !it.error);
  const char *empties[] = {"", "{}", "  { }  "};
  for (size_t i = 0; i < 3; i++) {
    fc_mapiter_init(&it, empties[i], strlen(empties[i]), scratch, sizeof scratch);
    CHECK(!fc_mapiter_next(&it, &k, &kn, &v, &vn) && !it.error);
  }
  const char *bads[] = {"not a map", "{\"a\":}", "{\"a\" \"b\"}", "{\"a\":\"unterminated}"};
  for (size_t i = 0; i < 4; i++) {
    fc_mapiter_init(&it, bads[i], strlen(bads[i]), scratch, sizeof scratch);
    while (fc_mapiter_next(&it, &k, &kn, &v, &vn))
      ;
    CHECK(it.error);
  }
}

/* Files on disk: gzip and plain, folders, globs, duplicates, the "create new" layout. */
static void write_file(const char *path, const char *data, int gz) {
  if (gz) {
    gzFile g = gzopen(path, "wb");
    gzwrite(g, data, (unsigned)strlen(data));
    gzclose(g);
  } else {
    FILE *f = fopen(path, "wb");
    fputs(data, f);
    fclose(f);
  }
}

static void test_files(void) {
  const char *root = FC_TEST_TMP "/export";
  fc_remove_tree(FC_TEST_TMP);
  char p[1024];
  snprintf(p, sizeof p, "%s/data/BILLING_PERIOD=2026-11/20261120T000000Z-aaaa", root);
  fc_mkdirs(p);
  snprintf(p, sizeof p, "%s/data/BILLING_PERIOD=2026-11/20261121T000000Z-bbbb", root);
  fc_mkdirs(p);
  snprintf(p, sizeof p, "%s/data/BILLING_PERIOD=2026-10", root);
  fc_mkdirs(p);
  char row[2048];
  snprintf(row, sizeof row,
           "%sd1,AWS,AmazonBedrock,Amazon "
           "Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-A,Usage,1,1.0,d,,,,u\n",
           HDR);
  snprintf(p, sizeof p, "%s/data/BILLING_PERIOD=2026-11/20261120T000000Z-aaaa/x-00001.csv.gz", root);
  write_file(p, row, 1); /* superseded execution: must be left out */
  snprintf(p, sizeof p, "%s/data/BILLING_PERIOD=2026-11/20261121T000000Z-bbbb/x-00001.csv.gz", root);
  write_file(p, row, 1);
  snprintf(p, sizeof p, "%s/data/BILLING_PERIOD=2026-11/20261121T000000Z-bbbb/x-00002.csv.gz", root);
  write_file(p, "", 1); /* empty chunk */
  snprintf(p, sizeof p, "%s/data/BILLING_PERIOD=2026-10/x-00001.csv", root);
  write_file(p, row, 0);
  snprintf(p, sizeof p, "%s/data/BILLING_PERIOD=2026-10/notes.txt", root);
  write_file(p, "not a CUR file", 0);

  world w;
  w_init(&w, FC_DIM_MASK_ALL);
  char *inputs[] = {"export", "export/data/BILLING_PERIOD=2026-10/*.csv"};
  CHECK_INT(fc_ingest_inputs(&w.in, FC_TEST_TMP, inputs, 2), FC_OK);
  CHECK_INT(w.in.stats.files, 3);
  CHECK_INT(w.in.stats.duplicate_files, 1);
  CHECK_INT(w.in.stats.skipped_executions, 1);
  CHECK_INT(w.in.stats.empty_files, 1);
  CHECK_INT(w.in.stats.bedrock_rows, 2);
  CHECK_INT(total_cost(&w.in), 20000000000LL);
  w_free(&w);

  w_init(&w, FC_DIM_MASK_ALL);
  char *missing[] = {"nope", "export/*.parquet"};
  CHECK_INT(fc_ingest_inputs(&w.in, FC_TEST_TMP, missing, 2), FC_ERR_IO);
  CHECK_INT(w.d.nerrors, 2);
  CHECK_CONTAINS(diag_text(&w.d, 0), "nope: error: input not found");
  CHECK_CONTAINS(diag_text(&w.d, 1), "matches no file");
  w_free(&w);

  /* a corrupt gzip file is an error naming the file and the byte offset */
  snprintf(p, sizeof p, "%s/corrupt.csv.gz", FC_TEST_TMP);
  FILE *cf = fopen(p, "wb");
  fwrite("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-garbage-garbage", 1, 33, cf);
  fclose(cf);
  w_init(&w, FC_DIM_MASK_ALL);
  CHECK(fc_ingest_file(&w.in, p) != FC_OK);
  CHECK_INT(w.d.nerrors, 1);
  CHECK_CONTAINS(diag_text(&w.d, 0),
                 "corrupt.csv.gz: error: corrupt gzip data: invalid block type at byte 11");
  w_free(&w);
}

/* Records longer than the read buffer, split at every possible point across refills. */
static void test_large_records(void) {
  size_t big = 3u << 20;
  char *desc = malloc(big + 1);
  memset(desc, 'x', big);
  desc[big] = '\0';
  desc[100] = '\n'; /* inside quotes */
  size_t cap = big + 4096;
  char *data = malloc(cap);
  snprintf(
      data, cap,
      "%se1,AWS,AmazonBedrock,Amazon "
      "Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-A,Usage,1,1.0,\"%s\",,,,u\n"
      "e2,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-A,Usage,1,1.0,d,,,,u\n",
      HDR, desc);
  const char *path = FC_TEST_TMP "/big.csv";
  write_file(path, data, 0);
  world w;
  w_init(&w, FC_DIM_MASK_ALL);
  CHECK_INT(fc_ingest_file(&w.in, path), FC_OK);
  CHECK_INT(w.in.stats.bedrock_rows, 2);
  CHECK_INT(w.in.stats.malformed_rows, 0);
  CHECK_INT(total_cost(&w.in), 20000000000LL);
  w_free(&w);
  free(desc);
  free(data);
}

/* The same file read through buffers of many sizes gives the same facts, counts and line numbers:
 * records split at every point across refills, quoted newlines and quotes included. */
static void test_refill_boundaries(void) {
  uint64_t x = 0x9E3779B97F4A7C15ULL;
  size_t cap = 1 << 20, n = 0;
  char *data = malloc(cap);
  n += (size_t)snprintf(data, cap, "%s", HDR);
  fc_money want = 0;
  for (int i = 0; i < 300; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int cents = (int)(x % 100000);
    const char *desc = (x >> 20) % 3 == 0   ? "\"multi\nline, \"\"q\"\"\""
                       : (x >> 20) % 3 == 1 ? "plain"
                                            : "\"a,b\"";
    int bedrock = (x >> 30) % 2;
    n += (size_t)snprintf(
        data + n, cap - n,
        "r%d,AWS,%s,Amazon %s,2026-11-03,2026-11-01,111122223333,,,USE1-A,Usage,1,%d.%02d,%s,,,,u%s", i,
        bedrock ? "AmazonBedrock" : "AmazonEC2", bedrock ? "Bedrock" : "EC2", cents / 100, cents % 100, desc,
        (x >> 40) % 2 ? "\r\n" : "\n");
    if (bedrock)
      want += (fc_money)cents * 100000000LL;
  }
  n += (size_t)snprintf(data + n, cap - n, "bad,AWS,AmazonBedrock,Amazon Bedrock,2026-11-3x,,,,,,,,,,,,,\n");
  const char *path = FC_TEST_TMP "/refill.csv";
  FILE *f = fopen(path, "wb");
  fwrite(data, 1, n, f);
  fclose(f);
  char first_diag[1024] = "";
  uint64_t rows0 = 0, bedrock0 = 0;
  size_t sizes[] = {1, 2, 3, 5, 7, 8, 13, 64, 100, 1000, 4096, 1 << 20};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    world w;
    w_init(&w, FC_DIM_MASK_ALL);
    w.in.read_size = sizes[k];
    CHECK_INT(fc_ingest_file(&w.in, path), FC_OK);
    CHECK_INT(total_cost(&w.in), want);
    CHECK_INT(w.in.stats.malformed_rows, 1);
    CHECK_INT(w.in.stats.rows, 301);
    if (k == 0) {
      rows0 = w.in.stats.rows;
      bedrock0 = w.in.stats.bedrock_rows;
      snprintf(first_diag, sizeof first_diag, "%s", diag_text(&w.d, 0));
      CHECK(bedrock0 > 100 && bedrock0 < 200);
    } else {
      CHECK_INT(w.in.stats.rows, rows0);
      CHECK_INT(w.in.stats.bedrock_rows, bedrock0);
      CHECK_STR(diag_text(&w.d, 0), first_diag);
    }
    w_free(&w);
  }
  /* line numbers count the quoted newlines of earlier records */
  long lines = 1;
  for (size_t i = 0; i < n; i++)
    lines += data[i] == '\n';
  char want_pos[64];
  snprintf(want_pos, sizeof want_pos, "refill.csv:%ld:", lines - 1);
  CHECK_CONTAINS(first_diag, want_pos);
  free(data);
}

/* A stray quote gives up its record after FC_MAX_RECORD_LINES line breaks (or at the end of the
 * file) and reading resumes on the next line, wherever the read blocks split the data; a quote
 * still open at the end of the file is a malformed row, not a silently dropped one. */
static void test_resync_boundaries(void) {
  size_t cap = 1 << 20, n = 0;
  char *data = malloc(cap);
  n += (size_t)snprintf(data, cap, "%s", HDR);
  fc_money want = 0;
  for (int i = 0; i < 300; i++) {
    int cents = 100 + i;
    const char *desc = i == 40 ? "a \"stray quote" : i % 7 == 0 ? "\"multi\nline\"" : "plain";
    n += (size_t)snprintf(
        data + n, cap - n,
        "r%d,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-A,Usage,1,"
        "%d.%02d,%s,,,,u\n",
        i, cents / 100, cents % 100, desc);
    if (i != 40)
      want += (fc_money)cents * 100000000LL;
  }
  /* the last record opens a quote and the file ends */
  n += (size_t)snprintf(
      data + n, cap - n,
      "last,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-A,Usage,1,"
      "5,\"open");
  const char *path = FC_TEST_TMP "/resync.csv";
  FILE *f = fopen(path, "wb");
  fwrite(data, 1, n, f);
  fclose(f);
  size_t sizes[] = {1, 7, 64, 1000, 4096, 1 << 20};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    world w;
    w_init(&w, FC_DIM_MASK_ALL);
    w.in.read_size = sizes[k];
    w.in.allow_malformed = 2;
    CHECK_INT(fc_ingest_file(&w.in, path), FC_OK);
    CHECK_INT(fc_ingest_check_budget(&w.in), FC_OK);
    CHECK_INT(total_cost(&w.in), want);
    CHECK_INT(w.in.stats.malformed_rows, 2);
    CHECK_INT(w.in.stats.bedrock_rows, 299);
    CHECK_INT(w.d.nwarnings, 2);
    CHECK_CONTAINS(diag_text(&w.d, 0), "resync.csv:");
    CHECK_CONTAINS(diag_text(&w.d, 0), "a quote opens a field that is not closed on this line");
    CHECK_CONTAINS(diag_text(&w.d, 1), "a quoted field is not closed at the end of the file");
    w_free(&w);
  }
  /* the positions: the stray quote's line and column, the open quote's */
  long line40 = 1, lines = 1;
  const char *r40 = strstr(data, "\nr40,") + 1;
  for (const char *p = data; p < r40; p++)
    line40 += *p == '\n';
  for (size_t i = 0; i < n; i++)
    lines += data[i] == '\n';
  world w;
  w_init(&w, FC_DIM_MASK_ALL);
  CHECK_INT(fc_ingest_file(&w.in, path), FC_OK);
  CHECK_INT(fc_ingest_check_budget(&w.in), FC_ERR_PARSE);
  char want_pos[128];
  snprintf(want_pos, sizeof want_pos, "resync.csv:%ld:%ld: error: malformed row", line40,
           (long)(strchr(r40, '"') - r40) + 1);
  CHECK_CONTAINS(diag_text(&w.d, 0), want_pos);
  snprintf(want_pos, sizeof want_pos, "resync.csv:%ld:", lines);
  CHECK_CONTAINS(diag_text(&w.d, 1), want_pos);
  w_free(&w);
  free(data);
}

/* gzip: several members read as one stream; a cut anywhere is an error with the file size. */
static void test_gzip_members(void) {
  const char *rows =
      "b1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-A,Usage,1,"
      "2.5,d,,,,u\n";
  const char *path = FC_TEST_TMP "/members.csv.gz";
  gzFile g = gzopen(path, "wb");
  gzwrite(g, HDR, (unsigned)strlen(HDR));
  gzclose(g);
  for (int i = 0; i < 3; i++) { /* three more members appended */
    g = gzopen(path, "ab");
    gzwrite(g, rows, (unsigned)strlen(rows));
    gzclose(g);
  }
  world w;
  w_init(&w, FC_DIM_MASK_ALL);
  w.in.read_size = 5;
  CHECK_INT(fc_ingest_file(&w.in, path), FC_OK);
  CHECK_INT(total_cost(&w.in), 75000000000LL);
  CHECK_INT(w.d.n, 0);
  w_free(&w);
  /* every cut */
  FILE *f = fopen(path, "rb");
  char whole[4096];
  size_t len = fread(whole, 1, sizeof whole, f);
  fclose(f);
  const char *cut = FC_TEST_TMP "/cut.csv.gz";
  for (size_t k = 2; k < len; k++) { /* one byte is not even the magic: read as text */
    f = fopen(cut, "wb");
    fwrite(whole, 1, k, f);
    fclose(f);
    w_init(&w, FC_DIM_MASK_ALL);
    fc_status st = fc_ingest_file(&w.in, cut);
    char want[64];
    snprintf(want, sizeof want, "truncated gzip data: the file ends at byte %zu", k);
    if (st == FC_OK) { /* a cut between members leaves whole members: but never a partial one */
      CHECK(w.in.stats.bedrock_rows <= 3);
    } else {
      CHECK_INT(st, FC_ERR_PARSE);
      CHECK_CONTAINS(diag_text(&w.d, 0), "cut.csv.gz: error: ");
      CHECK_CONTAINS(diag_text(&w.d, 0), want);
    }
    w_free(&w);
  }
}

/* Damaged gzip data: each engine, with and without the reader thread, reports the same error. */
static void test_gzip_damage(void) {
  const char *rows =
      "b1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,2026-11-01,111122223333,,,USE1-A,Usage,1,"
      "2.5,d,,,,u\n";
  const char *path = FC_TEST_TMP "/damage.csv.gz";
  char good[8192];
  size_t n = 0;
  {
    gzFile g = gzopen(path, "wb");
    gzwrite(g, HDR, (unsigned)strlen(HDR));
    for (int i = 0; i < 20; i++)
      gzwrite(g, rows, (unsigned)strlen(rows));
    gzclose(g);
    FILE *f = fopen(path, "rb");
    n = fread(good, 1, sizeof good, f);
    fclose(f);
  }
  static const struct {
    const char *what, *want;
  } cases[] = {
      {"crc", "the CRC-32 does not match the data"},
      {"length", "the stored length does not match the data"},
      {"garbage", "data after the end of the gzip stream is not gzip data at byte"},
      {"flags", "corrupt gzip data: unknown header flags set at byte"},
      {"method", "corrupt gzip data: unknown compression method at byte"},
      {"deflate", "corrupt gzip data: "},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    char bad[8300];
    memcpy(bad, good, n);
    size_t m = n;
    if (c == 0)
      bad[n - 8] ^= 1;
    else if (c == 1)
      bad[n - 4] ^= 1;
    else if (c == 2) {
      memcpy(bad + n, "tail", 4);
      m += 4;
    } else if (c == 3)
      bad[3] = (char)0xe0;
    else if (c == 4)
      bad[2] = 7;
    else
      bad[10] ^= 0x06; /* the first block's type bits */
    FILE *f = fopen(path, "wb");
    fwrite(bad, 1, m, f);
    fclose(f);
    char first[1024] = "";
    for (int e = 0; e < 2; e++) {
      if (e == FC_INFLATE_ISAL && !fc_inflate_isal_available())
        continue;
      for (int t = 1; t <= 2; t++) {
        world w;
        w_init(&w, FC_DIM_MASK_ALL);
        w.in.inflate_engine = e + 1;
        w.in.threads = t;
        CHECK_INT(fc_ingest_file(&w.in, path), FC_ERR_PARSE);
        CHECK_INT(w.d.nerrors, 1);
        const char *got = diag_text(&w.d, 0);
        CHECK_CONTAINS(got, cases[c].want);
        if (!first[0])
          snprintf(first, sizeof first, "%s", got);
        else
          CHECK_STR(got, first);
        w_free(&w);
      }
    }
  }
}

/* The principal key: an assumed-role session without its session name, anything else whole. */
static void test_principal_key(void) {
  static const struct {
    const char *in, *key;
  } v[] = {
      {"arn:aws:sts::111122223333:assumed-role/ChatApp/session-1",
       "arn:aws:sts::111122223333:assumed-role/ChatApp"},
      {"arn:aws-cn:sts::111122223333:assumed-role/R/a/b", "arn:aws-cn:sts::111122223333:assumed-role/R"},
      {"arn:aws:sts::111122223333:assumed-role/R/", "arn:aws:sts::111122223333:assumed-role/R"},
      {"arn:aws:sts::111122223333:assumed-role/R", "arn:aws:sts::111122223333:assumed-role/R"},
      {"arn:aws:sts::111122223333:assumed-role//s", "arn:aws:sts::111122223333:assumed-role//s"},
      {"arn:aws:sts::11112222333:assumed-role/R/s", "arn:aws:sts::11112222333:assumed-role/R/s"},
      {"arn:aws:sts::11112222333x:assumed-role/R/s", "arn:aws:sts::11112222333x:assumed-role/R/s"},
      {"arn:aws:sts:us-east-1:111122223333:assumed-role/R/s",
       "arn:aws:sts:us-east-1:111122223333:assumed-role/R/s"},
      {"arn:aws:iam::111122223333:role/path/R", "arn:aws:iam::111122223333:role/path/R"},
      {"arn:aws:iam::111122223333:user/u", "arn:aws:iam::111122223333:user/u"},
      {"arn:aws:sts::111122223333:federated-user/u", "arn:aws:sts::111122223333:federated-user/u"},
      {"", ""},
      {"arn:", "arn:"},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    size_t n = fc_principal_key_len(v[i].in, strlen(v[i].in));
    CHECK_INT((long long)n, (long long)strlen(v[i].key));
    CHECK(strncmp(v[i].in, v[i].key, n) == 0);
  }
}

int main(void) {
  test_principal_key();
  test_basic_families();
  test_csv_edges();
  test_malformed_and_missing();
  test_projection();
  test_mapcells();
  test_files();
  test_large_records();
  test_refill_boundaries();
  test_resync_boundaries();
  test_gzip_members();
  test_gzip_damage();
  /* the readers again under every engine and thread count */
  for (int e = 0; e < 2; e++)
    for (int t = 1; t <= 2; t++) {
      if (e == FC_INFLATE_ISAL && !fc_inflate_isal_available())
        continue;
      g_engine = e + 1;
      g_threads = t;
      test_files();
      test_gzip_members();
      test_large_records();
    }
  g_engine = g_threads = 0;
  return fc_check_done("test_ingest");
}
