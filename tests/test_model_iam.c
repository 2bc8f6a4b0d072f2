/* test_model_iam.c: IAM model policies from the model catalog: a model's "<id>*" wildcard is kept
 * when it covers only approved models, and narrowed to the model's own versions when it would
 * also allow an unapproved model whose id extends it (Sonnet 4 approved, Sonnet 4.5 not). */
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>

#include "check.h"
#include "model_iam.h"

/* Whether some NotResource ARN of the policy doc allows (does not deny) the foundation model id. */
static int allows(const char *doc, const char *id) {
  json_t *j = json_loads(doc, 0, NULL);
  if (!j)
    return -1;
  json_t *nres = json_object_get(json_array_get(json_object_get(j, "Statement"), 0), "NotResource");
  char arn[256];
  snprintf(arn, sizeof arn, "arn:aws:bedrock:us-east-1::foundation-model/%s", id);
  int found = 0;
  for (size_t i = 0; i < json_array_size(nres); i++)
    found |= fnmatch(json_string_value(json_array_get(nres, i)), arn, 0) == 0;
  json_decref(j);
  return found;
}

static int has(const char *doc, const char *s) { return doc && strstr(doc, s) != NULL; }

int main(void) {
  char *k4[] = {"Claude4Sonnet", "anthropic.claude-sonnet-4"};
  char *k45[] = {"Claude4.5Sonnet", "anthropic.claude-sonnet-4-5"};
  char *knova[] = {"NovaPro", "amazon.nova-pro"};
  price_model models[] = {{.name = "Claude Sonnet 4.5", .keys = k45, .nkeys = 2},
                          {.name = "Claude Sonnet 4", .keys = k4, .nkeys = 2},
                          {.name = "Nova Pro", .keys = knova, .nkeys = 2}};
  price_table t = {.models = models, .n = 3};
  int all = -1;

  /* Sonnet 4 approved, Sonnet 4.5 not: Sonnet 4's ARNs name its own versions only */
  const char *narrow[] = {"Claude Sonnet 4", "Nova *"};
  char *doc = fc_model_iam_policy(&t, narrow, 2, &all);
  CHECK(doc != NULL);
  CHECK_INT(all, 0);
  CHECK(!has(doc, "foundation-model/anthropic.claude-sonnet-4*\""));
  CHECK(has(doc, "foundation-model/anthropic.claude-sonnet-4\""));
  CHECK(has(doc, "foundation-model/anthropic.claude-sonnet-4-20*\""));
  CHECK(has(doc, "inference-profile/*.anthropic.claude-sonnet-4-20*\""));
  CHECK(has(doc, "foundation-model/amazon.nova-pro*\"")); /* no other model extends it */
  CHECK_INT(allows(doc, "anthropic.claude-sonnet-4-20250514-v1:0"), 1);
  CHECK_INT(allows(doc, "anthropic.claude-sonnet-4-5-20250929-v1:0"), 0);
  CHECK_INT(allows(doc, "anthropic.claude-sonnet-4-6"), 0);
  CHECK_INT(allows(doc, "amazon.nova-pro-v1:0"), 1);
  free(doc);

  /* both approved: the one wildcard stays */
  const char *wide[] = {"Claude Sonnet 4*"};
  doc = fc_model_iam_policy(&t, wide, 1, &all);
  CHECK(doc != NULL);
  CHECK(has(doc, "foundation-model/anthropic.claude-sonnet-4*\""));
  CHECK(!has(doc, "foundation-model/anthropic.claude-sonnet-4-20*\""));
  CHECK_INT(allows(doc, "anthropic.claude-sonnet-4-5-20250929-v1:0"), 1);
  CHECK_INT(allows(doc, "amazon.nova-pro-v1:0"), 0);
  free(doc);

  /* everything approved: nothing to deny */
  const char *every[] = {"*"};
  CHECK(fc_model_iam_policy(&t, every, 1, &all) == NULL);
  CHECK_INT(all, 1);

  printf("%d checks, %d failed\n", fc_check_count, fc_check_failures);
  return fc_check_failures != 0;
}
