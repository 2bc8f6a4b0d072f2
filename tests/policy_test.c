/* policy_test.c: canonical model names (table-driven) and the policy plugin on a hand-made CUR
 * file (tests/data/policy): the most specific approved_models entry wins, Marketplace names, the
 * usage-type catalog, rollup, findings for the Cloud Engineer and the Product Owner, and their tasks. */
#include "mapcheck.h"
#include "prices.h"

#define DATA FC_TEST_DATA "/policy"
#define OUT FC_TEST_TMP "/out"

static void test_names(void) {
  static const struct {
    const char *model, *usage_type, *product;
    int marketplace;
    const char *want;
  } cases[] = {
      /* the product map's model wins */
      {"Claude Sonnet 4.6", "USE1-Claude4.6Sonnet-input-tokens", "Amazon Bedrock", 0, "Claude Sonnet 4.6"},
      {"Some Future Name", "USE1-NovaLite-input-tokens", "Amazon Bedrock", 0, "Some Future Name"},
      /* else the catalog by usage-type model token, any dimension, suffix or region */
      {"", "USW2-Claude4.6Sonnet-cache-read-input-token-count", "", 0, "Claude Sonnet 4.6"},
      {"", "USE1-Claude4Sonnet-cache-write-input-token-count-1-hour", "", 0, "Claude Sonnet 4"},
      {"", "USE1-Claude3.7Sonnet-output-tokens", "", 0, "Claude 3.7 Sonnet"},
      {"", "USE1-Claude3.5Haiku-input-tokens", "", 0, "Claude 3.5 Haiku"},
      {"", "USE1-Claude4.5Haiku-output-tokens-cross-region-global", "", 0, "Claude Haiku 4.5"},
      {"", "USE1-NovaPro-input-tokens-batch", "", 0, "Nova Pro"},
      {"", "USE1-NovaLite-output-tokens", "", 0, "Nova Lite"},
      {"", "USE1-NovaMicro-input-tokens", "", 0, "Nova Micro"},
      {"", "USE1-Llama3-1-70B-input-tokens", "", 0, "Llama 3.1 70B"},
      {"", "USE1-Llama3-3-70B-output-tokens", "", 0, "Llama 3.3 70B"},
      {"", "USE1-MistralLarge-input-tokens", "", 0, "Mistral Large (24.02)"},
      {"", "USE1-TitanEmbeddingsV2-Text-input-tokens", "", 0, "Titan Text Embeddings V2"},
      {"", "USE1-moonshotai.kimi-k2.5-input", "", 0, "Kimi K2.5"},
      /* Marketplace: the product name without the edition */
      {"", "USW2-MP:USW2_InputTokenCount-Units", "Claude 3.5 Sonnet (Amazon Bedrock Edition)", 1,
       "Claude 3.5 Sonnet"},
      {"", "USE1-MP:USE1_input_tokens_standard-Units", "Command R+", 1, "Command R+"},
      /* no model: guardrails */
      {"", "USE1-Guardrail-ContentPolicy-TextUnits", "Amazon Bedrock", 0, ""},
      {"", "", "", 0, ""},
  };
  price_table cat;
  prices_init(&cat);
  char buf[128], err[512];
  CHECK_INT(prices_load(FC_PLUGINS_DIR "/prices.yaml", &cat, err, sizeof err), 0);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fcb_usage u;
    fcb_usage_classify(cases[i].usage_type, &u);
    size_t n = prices_model_name(&cat, cases[i].model, &u, cases[i].product, cases[i].marketplace, buf,
                                 sizeof buf, NULL);
    CHECK_STR(buf, cases[i].want);
    CHECK_INT(n, strlen(cases[i].want));
  }
  /* a token the catalog does not know still gets a readable name */
  fcb_usage u;
  fcb_usage_classify("USE1-Claude9.9Sonnet-input-tokens", &u);
  CHECK(prices_model_name(&cat, "", &u, "", 0, buf, sizeof buf, NULL) > 0);
  CHECK(prices_find(&cat, "NovaLite", 8) != NULL);
  CHECK(prices_find(&cat, "NovaLit", 7) == NULL);
  prices_free(&cat);
}

static void test_plugin(void) {
  fc_remove_tree(FC_TEST_TMP);
  CHECK_INT(mc_run(DATA "/finops.yaml", 202611, OUT, FC_PLUGINS_DIR), FC_OK);
  json_t *s = mc_load(OUT "/2026-11/summary.json");
  CHECK(s != NULL);
  if (!s)
    return;
  /* W App (approved: Claude Sonnet 4*, Nova *): Llama 3.3 70B 1200.00 (catalog name) and
   * Marketplace Claude 3.5 Sonnet 200.00 + 50.00 are unapproved; Claude Sonnet 4.6 100.00 (product
   * map) + 60.00 (catalog) are approved; the 5.00 guardrail names no model; the -10.00 credit is no
   * usage. W Strict (Apps/W Strict: Nova Lite only, more specific than "*"): Nova Pro 30.00
   * unapproved, Nova Lite 20.00 fine. W Lab (Lab: *): Mistral 500.00 fine. Unattributed in Apps'
   * account: Llama 40.00, unapproved at Apps. */
  CHECK_USD(mc_get(s, "totals.unapproved_model_usd"), 1520.0);
  CHECK_USD(mc_get(mc_node(s, "Apps"), "unapproved_model_usd"), 1520.0);
  CHECK_USD(mc_get(mc_node(s, "Apps/W App"), "unapproved_model_usd"), 1450.0);
  CHECK_USD(mc_get(mc_node(s, "Apps/W Strict"), "unapproved_model_usd"), 30.0);
  CHECK_USD(mc_get(mc_node(s, "Lab"), "unapproved_model_usd"), 0.0);
  CHECK_USD(mc_get(mc_node(s, "Lab/W Lab"), "unapproved_model_usd"), 0.0);
  CHECK_JINT(mc_get(mc_node(s, "Apps"), "policy.violations"), 4);
  json_t *sh = mc_get(mc_node(s, "Apps/W Strict"), "policy.unapproved_share");
  CHECK(json_is_number(sh) && fabs(json_number_value(sh) - 0.6) < 1e-6);
  /* violations: workloads in configuration order, largest first, unattributed last */
  CHECK_INT(mc_rows(s, "policy.violations"), 4);
  json_t *v = json_object_get(json_object_get(s, "results"), "policy.violations");
  static const struct {
    const char *workload, *model, *node;
    double usd;
  } want[] = {{"w-app", "Llama 3.3 70B", "Apps/W App", 1200.0},
              {"w-app", "Claude 3.5 Sonnet", "Apps/W App", 250.0},
              {"w-strict", "Nova Pro", "Apps/W Strict", 30.0},
              {"", "Llama 3.3 70B", "Apps", 40.0}};
  for (size_t i = 0; i < 4; i++) {
    json_t *r = json_array_get(v, i);
    CHECK_JSTR(json_object_get(r, "workload_id"), want[i].workload);
    CHECK_JSTR(json_object_get(r, "model"), want[i].model);
    CHECK_JSTR(json_object_get(r, "node"), want[i].node);
    CHECK_USD(json_object_get(r, "usd"), want[i].usd);
  }
  CHECK_JSTR(json_object_get(json_array_get(v, 2), "approved"), "Nova Lite");
  CHECK_JSTR(json_object_get(json_array_get(v, 0), "approved"), "Claude Sonnet 4*, Nova *");
  /* findings: two per workload violation, none for unattributed spend */
  CHECK_INT(mc_rows(s, "policy.findings"), 6);
  json_t *f = json_object_get(json_object_get(s, "results"), "policy.findings");
  CHECK_JSTR(json_object_get(json_array_get(f, 0), "kind"), "unapproved_model");
  CHECK_JSTR(json_object_get(json_array_get(f, 0), "severity"), "high");
  CHECK_JSTR(json_object_get(json_array_get(f, 0), "assignee_role"), "cloud_engineer");
  CHECK_JSTR(json_object_get(json_array_get(f, 1), "kind"), "unapproved_model_notice");
  CHECK_JSTR(json_object_get(json_array_get(f, 1), "assignee_role"), "product_owner");
  CHECK_JSTR(json_object_get(json_array_get(f, 2), "severity"), "medium");
  CHECK_JSTR(json_object_get(json_array_get(f, 4), "severity"), "low");
  json_decref(s);

  /* tasks: the Cloud Engineer of Apps for every move; W App's Product Owner is told; W Strict has
   * no Product Owner and no portfolio manager: the FinOps leader is. A notice repeats the move's
   * dollars, so it puts nothing more at stake. */
  char *tasks = mc_read(OUT "/2026-11/tasks.csv");
  CHECK(tasks != NULL);
  CHECK_INT(mc_lines_with(tasks, ",unapproved_model,", (const char *)NULL), 3);
  CHECK_INT(mc_lines_with(tasks, ",unapproved_model,", ",cloud_engineer,ce@example.com,", (const char *)NULL),
            3);
  CHECK_INT(mc_lines_with(tasks, ",w-app,unapproved_model_notice,low,product_owner,po-app@example.com,",
                          (const char *)NULL),
            2);
  CHECK_INT(mc_lines_with(tasks,
                          ",w-strict,unapproved_model_notice,low,finops_leader,lead@example.com,0.000000,",
                          (const char *)NULL),
            1);
  /* the first task is the most severe and largest */
  const char *first = tasks ? strchr(tasks, '\n') : NULL;
  const char *hit =
      first ? strstr(first + 1, ",w-app,unapproved_model,high,cloud_engineer,ce@example.com,1200.000000,")
            : NULL;
  CHECK(hit && hit < strchr(first + 1, '\n'));
  free(tasks);
}

int main(void) {
  test_names();
  test_plugin();
  return fc_check_done("policy_test");
}
