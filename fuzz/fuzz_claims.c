/* fuzz_claims: the claims ledger (claims.yaml) against a fixed configuration. */
#include <limits.h>

#include "config.h"
#include "fuzz.h"

static const char cfg_text[] = "version: 1\n"
                               "organization: Fuzz Corp\n"
                               "inputs:\n  cur: [cur/]\n"
                               "hierarchy:\n  levels: [BU, Workload]\n"
                               "accounts:\n  \"111122223333\": BU1\n"
                               "workloads:\n"
                               "  - id: w1\n    name: W1\n    parent: BU1\n"
                               "  - id: w2\n    name: W2\n    parent: BU1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char cpath[PATH_MAX], lpath[PATH_MAX];
  fuzz_file("claims-cfg", ".yaml", (const uint8_t *)cfg_text, sizeof cfg_text - 1, cpath, sizeof cpath);
  fuzz_file("claims", ".yaml", data, size, lpath, sizeof lpath);
  fc_diags d = {0};
  fc_config cfg;
  fc_config_load_ledger(cpath, lpath, &cfg, &d);
  fc_config_free(&cfg);
  fc_diags_free(&d);
  unlink(cpath);
  unlink(lpath);
  return 0;
}
