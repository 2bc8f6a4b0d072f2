/* fuzz_mapcell: CUR map cells in JSON and Athena form; every key and value must be valid UTF-8
 * when the cell is (escapes, surrogates). */
#include "fuzz.h"
#include "mapcell.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *cell = fuzz_str(data, size);
  int valid = fc_utf8_valid(cell) && strlen(cell) == size;
  char *scratch = malloc(size + 8);
  if (!scratch)
    abort();
  fc_mapiter it;
  fc_mapiter_init(&it, cell, size, scratch, size + 8);
  const char *k, *v;
  size_t kn, vn;
  while (fc_mapiter_next(&it, &k, &kn, &v, &vn)) {
    if (kn > size || vn > size)
      abort();
    if (valid && it.json) { /* decoded escapes never make invalid UTF-8 */
      char *ks = fuzz_str((const uint8_t *)k, kn), *vs = fuzz_str((const uint8_t *)v, vn);
      if ((strlen(ks) == kn && !fc_utf8_valid(ks)) || (strlen(vs) == vn && !fc_utf8_valid(vs)))
        abort();
      free(ks);
      free(vs);
    }
  }
  free(scratch);
  free(cell);
  return 0;
}
