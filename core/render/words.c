/* words.c: the identifiers results carry (at_risk, cross_region_global, map_create_profile), in the
 * plain words people read in workbooks and charts. */
#include "words.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *id, *words;
} plain_words[] = {
    {"at_risk", "At risk"},
    {"qualifying", "Qualifying"},
    {"not_eligible", "Not eligible"},
    {"no_usage", "No usage"},
    {"map_create_profile", "Create a tagged inference profile"},
    {"map_fix_tag_value", "Fix the MAP tag value"},
    {"map_tag_profile", "Tag the inference profile"},
    {"map_tag_role", "Tag the IAM role"},
    {"same_region", "Same region"},
    {"cross_region_global", "Cross-region (global)"},
    {"cross_region_geo", "Cross-region (geographic)"},
    {"cross_region", "Cross-region"},
    {"no_principal", "No IAM principal"},
    {"unclaimed", "Unclaimed"},
    {"before_claim", "Before the claim"},
    {"after_claim", "After the claim ended"},
    {"unclaimable_principal", "Principal that cannot be claimed"},
    {"iam_role", "IAM role"},
    {"iam_user", "IAM user"},
    {"inference_profile", "Inference profile"},
    {"unclaimed_role", "Unclaimed IAM role"},
    {"unclaimed_user", "Unclaimed IAM user"},
    {"unclaimed_profile", "Unclaimed inference profile"},
    {"double_claim", "Double claim"},
    {"forecast_over_estimate", "Forecast over estimate"},
    {"tokens_over_estimate", "Tokens over estimate"},
    {"cache_below_healthy", "Cache hit rate below healthy"},
    {"no_estimate", "No estimate"},
    {"unapproved_model", "Unapproved model"},
    {"unapproved_model_notice", "Unapproved model (for information)"},
    {"unknown_usage_type", "Unknown usage type"},
    {"finops_leader", "FinOps leader"},
    {"portfolio_manager", "Portfolio manager"},
    {"product_owner", "Product owner"},
    {"cloud_engineer", "Cloud engineer"},
    {"on_demand", "On demand"},
    {"no_profile", "No inference profile"},
    {"profile_untagged", "Profile not tagged"},
    {"invalid_tag", "Invalid MAP tag"},
    {"role_tag_too_early", "Role tag too early"},
    {"open_tasks", "Open tasks"},
    {"workload", "Workload"},
    {"compliant", "Compliant"},
    {"partial", "Partial"},
    {"unattributed", "Unattributed"},
    {"high", "High"},
    {"medium", "Medium"},
    {"low", "Low"},
};

/* Columns whose values are identifiers rather than words. */
int fc_coded_column(const char *name) {
  static const char *const names[] = {
      "kind",           "status", "action",    "reason",        "region_type", "tier",          "cause",
      "principal_kind", "bucket", "component", "assignee_role", "severity",    "estimate_kind", "token_kind"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i]) == 0)
      return 1;
  return 0;
}

/* The words for an identifier: from the list, else its underscores as spaces, capitalised. */
const char *fc_plain_words(const char *id, char *buf, size_t size) {
  if (!id)
    return id;
  for (size_t i = 0; i < sizeof plain_words / sizeof plain_words[0]; i++)
    if (strcmp(id, plain_words[i].id) == 0)
      return plain_words[i].words;
  /* only an identifier (lower-case letters, digits, underscores): free text, commands and ARNs
   * stay exactly as they are */
  if (!(id[0] >= 'a' && id[0] <= 'z') || strlen(id) >= size)
    return id;
  for (const char *p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return id;
  snprintf(buf, size, "%s", id);
  for (char *p = buf; *p; p++)
    if (*p == '_')
      *p = ' ';
  if (buf[0] >= 'a' && buf[0] <= 'z')
    buf[0] = (char)(buf[0] - 'a' + 'A');
  return buf;
}
