/* fuzz_csv: CUR CSV record framing and row parsing (fc_ingest_buffer), with a tiny read size so
 * records cross buffer boundaries. */
#include "fuzz.h"
#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fc_diags d = {0};
  fc_ingest in;
  if (fc_ingest_init(&in, FC_DIM_MASK_ALL, &d) == FC_OK) {
    in.read_size = size > 0 ? 1 + data[0] % 64 : 7;
    fc_ingest_buffer(&in, "fuzz.csv", (const char *)data, size);
    fc_ingest_free(&in);
  }
  fc_diags_free(&d);
  return 0;
}
