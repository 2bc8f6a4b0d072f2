/* fuzz_arn: ARN and usage-type parsing: principals, inference profiles, claimable ARNs, usage
 * types, pricing units, resource region types, model display names. */
#include "bedrock.h"
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = fuzz_str(data, size);
  fcb_identity a, b;
  fcb_principal_parse(s, &a);
  fcb_profile_parse(s, &b);
  fcb_identity_eq(&a, &b);
  fc_claim_kind kind;
  char *account = NULL, *name = NULL;
  const char *why = NULL;
  if (fc_arn_parse_claim(s, &kind, &account, &name, &why) == 0) {
    free(account);
    free(name);
  }
  fcb_usage u;
  fcb_usage_classify(s, &u);
  int known;
  fcb_tokens(size > 0 ? (int64_t)data[0] * 1000003 : 0, s, &known);
  fcb_resource_region_type(s);
  char buf[128];
  fcb_model_display(s, size, buf, sizeof buf);
  free(s);
  return 0;
}
