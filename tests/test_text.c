/* test_text.c: bytes that are not UTF-8 never reach an output raw: the JSON writer, CSV cells,
 * workbook cells and map cells (lone surrogates) give valid UTF-8 with U+FFFD in their place. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "jsonw.h"
#include "mapcell.h"
#include "outputs.h"
#include "packs.h"
#include "utf8.h"

#define R FC_UTF8_REPLACEMENT

/* What a writer puts into a memory stream. */
typedef struct mem {
  char *buf;
  size_t len;
  FILE *f;
} mem;

static void mem_open(mem *m) { m->f = open_memstream(&m->buf, &m->len); }
static char *mem_close(mem *m) {
  fclose(m->f);
  return m->buf;
}

static void test_seq(void) {
  CHECK_INT(fc_utf8_seq((const unsigned char *)"a"), 1);
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xC3\xA9"), 2);
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xE2\x82\xAC"), 3);
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xF0\x9F\x98\x80"), 4);
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xC0\xAF"), 0);         /* overlong '/' */
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xE0\x80\xAF"), 0);     /* overlong */
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xED\xA0\x80"), 0);     /* surrogate U+D800 */
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xF4\x90\x80\x80"), 0); /* over U+10FFFF */
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xE2\x82"), 0);         /* cut short */
  CHECK_INT(fc_utf8_seq((const unsigned char *)"\xFF"), 0);
  char buf[64];
  CHECK_STR(fc_utf8_fix("a\xFF"
                        "b\xC3",
                        buf, sizeof buf),
            "a" R "b" R);
  CHECK_STR(fc_utf8_fix("\xC3\xA9\xC3\xA9", buf, 4), "\xC3\xA9"); /* cut at a character boundary */
  CHECK(fc_utf8_valid("ok \xE2\x82\xAC"));
  CHECK(!fc_utf8_valid("bad \xE2\x82"));
}

static void test_json(void) {
  mem m;
  mem_open(&m);
  fc_jw w;
  fc_jw_init(&w, m.f);
  fc_jw_obj(&w);
  fc_jw_key(&w, "principal\xFF");
  fc_jw_str(&w, "arn:aws:sts::1:assumed-role/r\xE9sum\xE9/s \xED\xA0\x80 \xF0\x9F\x98\x80 \x01\"");
  fc_jw_obj_end(&w);
  char *text = mem_close(&m);
  json_error_t e;
  json_t *j = json_loads(text, 0, &e); /* jansson refuses invalid UTF-8 */
  CHECK(j != NULL);
  if (!j)
    fprintf(stderr, "  %s: %s\n", text, e.text);
  json_t *v = j ? json_object_get(j, "principal" R) : NULL;
  CHECK_STR(v ? json_string_value(v) : NULL,
            "arn:aws:sts::1:assumed-role/r" R "sum" R "/s " R R R " \xF0\x9F\x98\x80 \x01\"");
  json_decref(j);
  free(text);
}

static void test_csv(void) {
  mem m;
  mem_open(&m);
  fc_csv_cell(m.f, "plain\xFF");
  fputc(',', m.f);
  fc_csv_cell(m.f, "quo\"te\xC3,\xC3\xA9");
  char *text = mem_close(&m);
  CHECK_STR(text, "plain" R ",\"quo\"\"te" R ",\xC3\xA9\"");
  CHECK(fc_utf8_valid(text));
  free(text);
  char buf[64];
  CHECK_STR(fc_cell_text("=\xFFx", buf, sizeof buf), "'=" R "x");
}

static void test_mapcell(void) {
  /* a lone high surrogate, a lone low one, a pair */
  const char *cell = "{\"k\\ud800\": \"v\\udc00x\", \"p\": \"\\ud83d\\ude00\"}";
  char scratch[256];
  fc_mapiter it;
  fc_mapiter_init(&it, cell, strlen(cell), scratch, sizeof scratch);
  const char *k, *v;
  size_t kn, vn;
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn));
  char kb[64], vb[64];
  snprintf(kb, sizeof kb, "%.*s", (int)kn, k);
  snprintf(vb, sizeof vb, "%.*s", (int)vn, v);
  CHECK_STR(kb, "k" R);
  CHECK_STR(vb, "v" R "x");
  CHECK(fc_mapiter_next(&it, &k, &kn, &v, &vn));
  snprintf(vb, sizeof vb, "%.*s", (int)vn, v);
  CHECK_STR(vb, "\xF0\x9F\x98\x80");
}

int main(void) {
  test_seq();
  test_json();
  test_csv();
  test_mapcell();
  return fc_check_done("test_text");
}
