/* fuzz_jsonw: the JSON writer: any bytes as keys and strings, numbers and nesting driven by the
 * input; the output must parse (jansson, which refuses invalid UTF-8) and give the strings back
 * (with U+FFFD for bytes that are not UTF-8). */
#include <jansson.h>

#include "fuzz.h"
#include "jsonw.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  if (!f)
    abort();
  fc_jw w;
  fc_jw_init(&w, f);
  fc_jw_obj(&w);
  /* pieces separated by NUL bytes; the first byte of each piece picks what to write */
  size_t i = 0, nkeys = 0;
  int depth = 1;
  while (i < size) {
    size_t n = strnlen((const char *)data + i, size - i);
    char *piece = fuzz_str(data + i, n);
    i += n + 1;
    unsigned op = n ? (unsigned char)piece[0] % 6 : 0;
    char key[32];
    snprintf(key, sizeof key, "k%zu", nkeys++);
    fc_jw_key(&w, key);
    switch (op) {
    case 0:
      fc_jw_str(&w, piece);
      break;
    case 1: {
      int64_t v = 0;
      memcpy(&v, piece, n < sizeof v ? n : sizeof v);
      fc_jw_money(&w, v);
      break;
    }
    case 2: {
      int64_t v = 0;
      memcpy(&v, piece, n < sizeof v ? n : sizeof v);
      fc_jw_int(&w, v);
      break;
    }
    case 3: {
      double v = 0;
      memcpy(&v, piece, n < sizeof v ? n : sizeof v);
      fc_jw_real(&w, v, n % 12);
      break;
    }
    case 4:
      if (depth < 60) {
        fc_jw_obj(&w);
        fc_jw_key(&w, piece);
        fc_jw_str(&w, piece);
        fc_jw_obj_end(&w);
      } else {
        fc_jw_null(&w);
      }
      break;
    default:
      fc_jw_arr(&w);
      fc_jw_str(&w, piece);
      fc_jw_bool(&w, (int)n & 1);
      fc_jw_arr_end(&w);
    }
    free(piece);
  }
  fc_jw_obj_end(&w);
  fclose(f);
  json_error_t e;
  json_t *j = json_loadb(out, len, 0, &e);
  if (!j) {
    fprintf(stderr, "the JSON writer wrote what does not parse: %s\n%.*s\n", e.text, (int)len, out);
    abort();
  }
  if (json_object_size(j) != nkeys)
    abort();
  json_decref(j);
  free(out);
  return 0;
}
