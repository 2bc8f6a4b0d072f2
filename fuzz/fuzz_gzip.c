/* fuzz_gzip: gzip CUR input (fc_ingest_file on a .csv.gz): truncated, concatenated and corrupt
 * streams. */
#include <limits.h>

#include "fuzz.h"
#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[PATH_MAX];
  fuzz_file("gz", ".csv.gz", data, size, path, sizeof path);
  fc_diags d = {0};
  fc_ingest in;
  if (fc_ingest_init(&in, FC_DIM_MASK_ALL, &d) == FC_OK) {
    fc_ingest_file(&in, path);
    fc_ingest_free(&in);
  }
  fc_diags_free(&d);
  unlink(path);
  return 0;
}
