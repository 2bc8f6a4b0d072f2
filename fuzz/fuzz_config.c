/* fuzz_config: finops.yaml (fc_config_load), including the node names check. */
#include <limits.h>

#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[PATH_MAX];
  fuzz_file("cfg", ".yaml", data, size, path, sizeof path);
  fc_diags d = {0};
  fc_config cfg;
  fc_config_load(path, &cfg, &d);
  fc_config_free(&cfg);
  fc_diags_free(&d);
  unlink(path);
  return 0;
}
