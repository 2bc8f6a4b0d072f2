/* test_config.c: loading and validating finops.yaml and the claims ledger; parsing claimable ARNs. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"

#define DATA FC_TEST_DATA "/config/"

typedef struct loaded {
  fc_config cfg;
  fc_diags d;
  fc_status st;
} loaded;

static void load(loaded *l, const char *path) {
  memset(&l->d, 0, sizeof l->d);
  l->st = fc_config_load(path, &l->cfg, &l->d);
}

static void unload(loaded *l) {
  fc_config_free(&l->cfg);
  fc_diags_free(&l->d);
}

/* Is there an error formatted "file:line:col: error: ..." (or "file: error: ..." when line is 0)
 * whose message contains phrase? Prints every diagnostic when there is not. */
static int has_error(const fc_diags *d, const char *file, int line, int col, const char *phrase) {
  char want[1024], buf[2048];
  if (line)
    snprintf(want, sizeof want, "%s:%d:%d: error: ", file, line, col);
  else
    snprintf(want, sizeof want, "%s: error: ", file);
  size_t n = strlen(want);
  for (size_t i = 0; i < d->n; i++) {
    fc_diag_format(&d->v[i], buf, sizeof buf);
    if (!strncmp(buf, want, n) && strstr(buf + n, phrase))
      return 1;
  }
  fprintf(stderr, "no diagnostic \"%s...%s...\"; have:\n", want, phrase);
  for (size_t i = 0; i < d->n; i++)
    fprintf(stderr, "  %s\n", fc_diag_format(&d->v[i], buf, sizeof buf));
  return 0;
}

#define EXPECT_ERROR(l, file, line, col, phrase) CHECK(has_error(&(l)->d, (file), (line), (col), (phrase)))

static int64_t usd(long long whole) { return (int64_t)whole * FC_MONEY_SCALE; }

static void test_full(void) {
  loaded l;
  load(&l, DATA "full/finops.yaml");
  const fc_config *c = &l.cfg;
  CHECK_INT(l.st, FC_OK);
  CHECK_INT(l.d.nerrors, 0);
  CHECK_STR(c->file, DATA "full/finops.yaml");
  CHECK_STR(c->dir, FC_TEST_DATA "/config/full");
  CHECK_INT(c->version, 1);
  CHECK_STR(c->organization, "Example Corp");
  CHECK_STR(c->currency, "USD");
  CHECK_INT(c->ncur_inputs, 2);
  if (c->ncur_inputs == 2) {
    CHECK_STR(c->cur_inputs[0], "cur/");
    CHECK_STR(c->cur_inputs[1], "extra/*.csv.gz");
  }
  CHECK_INT(c->period, 202611);
  CHECK_INT(c->as_of, fc_days_from_civil(2026, 11, 20));
  CHECK_INT(c->nlevels, 4);
  if (c->nlevels == 4) {
    CHECK_STR(c->levels[0], "Business Unit");
    CHECK_STR(c->levels[3], "Workload");
  }

  /* nodes: every prefix of every workload path, a parent right before its subtree */
  static const char *const want_nodes[] = {
      "Enterprise",
      "Enterprise/Customer_Insights",
      "Enterprise/Customer_Insights/Analytics",
      "Enterprise/Customer_Insights/Analytics/Chat",
      "Enterprise/Enterprise_Operations",
      "Enterprise/Enterprise_Operations/Enterprise_Operations_Technology",
      "Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp",
      "Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/OpsBot",
      "Enterprise-Labs",
      "Enterprise-Labs/Models",
      "Enterprise-Labs/Models/Applied",
      "Enterprise-Labs/Models/Applied/Lab",
  };
  static const int want_parent[] = {-1, 0, 1, 2, 0, 4, 5, 5, -1, 8, 9, 10};
  static const int want_level[] = {0, 1, 2, 3, 1, 2, 3, 3, 0, 1, 2, 3};
  static const int want_workload[] = {-1, -1, -1, 1, -1, -1, 0, 3, -1, -1, -1, 2};
  CHECK_INT(c->nnodes, 12);
  for (size_t i = 0; i < c->nnodes && i < 12; i++) {
    CHECK_STR(c->nodes[i].path, want_nodes[i]);
    CHECK_INT(c->nodes[i].parent, want_parent[i]);
    CHECK_INT(c->nodes[i].level, want_level[i]);
    CHECK_INT(c->nodes[i].workload, want_workload[i]);
  }
  if (c->nnodes == 12) {
    CHECK_STR(c->nodes[0].name, "Enterprise");
    CHECK_STR(c->nodes[6].name, "FinOpsCenter_DemoApp");
  }
  CHECK_INT(fc_config_node_find(c, "Enterprise-Labs/Models"), 9);
  CHECK_INT(fc_config_node_find(c, "Enterprise/Customer_Insights/Analytics/Chat"), 3);
  CHECK_INT(fc_config_node_find(c, "Enterprise/Nope"), -1);
  CHECK_INT(fc_config_node_find(c, ""), -1);

  CHECK_INT(c->nworkloads, 4);
  if (c->nworkloads == 4) {
    const fc_cfg_workload *w = &c->workloads[0];
    CHECK_STR(w->id, "demo-app");
    CHECK_STR(w->name, "FinOpsCenter_DemoApp");
    CHECK_STR(w->parent, "Enterprise/Enterprise_Operations/Enterprise_Operations_Technology");
    CHECK_STR(w->path,
              "Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp");
    CHECK_INT(w->node, 6);
    CHECK_INT(w->map_eligible, 1);
    CHECK_INT(w->estimate_kind, FC_ESTIMATE_USD);
    CHECK_INT(w->estimate_usd, usd(1500) + FC_MONEY_SCALE / 4);
    CHECK_INT(w->pos.line, 15);
    CHECK_INT(w->pos.col, 5);
    w = &c->workloads[1];
    CHECK_STR(w->id, "chat");
    CHECK_INT(w->node, 3);
    CHECK_INT(w->map_eligible, 0);
    CHECK_INT(w->estimate_kind, FC_ESTIMATE_TOKENS);
    CHECK_INT(w->estimate_tokens[0], 300000000);
    CHECK_INT(w->estimate_tokens[1], 20000000);
    CHECK_INT(w->estimate_tokens[2], 50000000);
    CHECK_INT(w->estimate_tokens[3], 0);
    CHECK_INT(c->workloads[2].estimate_kind, FC_ESTIMATE_NONE);
    CHECK_INT(c->workloads[2].node, 11);
    CHECK_INT(c->workloads[3].node, 7);
    CHECK_STR(c->workloads[3].id, "ops_bot");
  }
  CHECK_INT(fc_config_workload_find(c, "lab"), 2);
  CHECK_INT(fc_config_workload_find(c, "nope"), -1);

  CHECK_INT(c->naccounts, 2);
  if (c->naccounts == 2) {
    CHECK_STR(c->accounts[0].account, "736008242383");
    CHECK_STR(c->accounts[0].path, "Enterprise/Enterprise_Operations");
    CHECK_INT(c->accounts[0].node, 4);
    CHECK_STR(c->accounts[1].account, "111122223333"); /* written as a plain number */
    CHECK_INT(c->accounts[1].node, 8);
  }
  CHECK_INT(fc_config_account_node(c, "111122223333"), 8);
  CHECK_INT(fc_config_account_node(c, "000000000000"), -1);

  CHECK_STR(c->claims_file, FC_TEST_DATA "/config/full/claims.yaml");
  CHECK_INT(c->nclaims, 4);
  if (c->nclaims == 4) {
    const fc_cfg_claim *k = &c->claims[0];
    CHECK_STR(k->workload_id, "demo-app");
    CHECK_INT(k->workload, 0);
    CHECK_INT(k->kind, FC_CLAIM_ROLE);
    CHECK_STR(k->arn, "arn:aws:iam::736008242383:role/service-role/finopscenter-demo-app-bedrock-role");
    CHECK_STR(k->account, "736008242383");
    CHECK_STR(k->name, "finopscenter-demo-app-bedrock-role");
    CHECK_INT(k->from_day, fc_days_from_civil(2026, 11, 3));
    CHECK_INT(k->until_day, fc_days_from_civil(2026, 12, 31));
    CHECK_STR(k->claimed_by, "pat@example.com");
    CHECK_INT(k->claimed_at, fc_days_from_civil(2026, 11, 3));
    CHECK_INT(k->pos.line, 2);
    CHECK_INT(k->pos.col, 3);
    k = &c->claims[1];
    CHECK_INT(k->kind, FC_CLAIM_USER);
    CHECK_STR(k->account, "111122223333");
    CHECK_STR(k->name, "BedrockAPIKey-234s");
    CHECK_INT(k->from_day, fc_days_from_civil(2026, 11, 10)); /* quoted date */
    CHECK_INT(k->until_day, INT32_MAX);
    CHECK(k->claimed_by == NULL);
    CHECK_INT(k->claimed_at, -1);
    k = &c->claims[2];
    CHECK_INT(k->kind, FC_CLAIM_PROFILE);
    CHECK_INT(k->workload, 2);
    CHECK_STR(k->account, "111122223333");
    CHECK_STR(k->name, "acwt9yee9wzo");
    k = &c->claims[3];
    CHECK_INT(k->workload, 3);
    CHECK_STR(k->name, "finopscenter-demo-app-bedrock-role");
    CHECK_INT(k->from_day, fc_days_from_civil(2027, 1, 1));
  }

  CHECK_INT(c->npolicy, 2);
  if (c->npolicy == 2) {
    CHECK_STR(c->policy[0].path, "*");
    CHECK_INT(c->policy[0].node, -1);
    CHECK_INT(c->policy[0].npatterns, 2);
    if (c->policy[0].npatterns == 2) {
      CHECK_STR(c->policy[0].patterns[0], "Claude Sonnet 4*");
      CHECK_STR(c->policy[0].patterns[1], "Nova *");
    }
    CHECK_STR(c->policy[1].path, "Enterprise-Labs");
    CHECK_INT(c->policy[1].node, 8);
    CHECK_INT(c->policy[1].npatterns, 1);
  }
  CHECK(c->cache_hit_rate_healthy == 0.25);
  CHECK_STR(c->prices_file, FC_TEST_DATA "/config/full/prices.yaml");
  /* weights not written keep their defaults */
  CHECK_INT(c->weights[0], 30);
  CHECK_INT(c->weights[1], 20);
  CHECK_INT(c->weights[2], 15);
  CHECK_INT(c->weights[3], 20);
  CHECK_INT(c->weights[4], 15);

  CHECK_INT(c->npeople, 2);
  if (c->npeople == 2) {
    const fc_cfg_person *p = &c->people[0];
    CHECK_STR(p->email, "pat@example.com");
    CHECK_STR(p->name, "Pat Owner");
    CHECK_INT(p->role, FC_ROLE_PRODUCT_OWNER);
    CHECK_INT(p->nscope, 1);
    if (p->nscope == 1)
      CHECK_INT(p->scope_nodes[0], 6);
    p = &c->people[1];
    CHECK_STR(p->name, "lee@example.com"); /* name defaults to the email */
    CHECK_INT(p->role, FC_ROLE_FINOPS_LEADER);
    CHECK_INT(p->nscope, 1);
    if (p->nscope == 1) {
      CHECK_STR(p->scope[0], "*");
      CHECK_INT(p->scope_nodes[0], -1);
    }
  }
  CHECK_STR(c->output_dir, "/tmp/finops-out"); /* absolute: kept */
  CHECK_INT(c->noptions, 2);
  CHECK_STR(fc_config_option(c, "forecast", "horizon_days"), "30");
  CHECK_STR(fc_config_option(c, "forecast", "method"), "linear");
  CHECK(fc_config_option(c, "forecast", "nope") == NULL);
  char *r = fc_config_resolve(c, "cur/");
  CHECK_STR(r, FC_TEST_DATA "/config/full/cur/");
  free(r);
  r = fc_config_resolve(c, "/abs/x");
  CHECK_STR(r, "/abs/x");
  free(r);
  unload(&l);
}

/* Defaults, a relative config path, and a ledger that does not exist (not an error). */
static void test_minimal(void) {
  char cwd[4096];
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  CHECK_INT(chdir(DATA "minimal"), 0);
  loaded l;
  load(&l, "finops.yaml");
  const fc_config *c = &l.cfg;
  CHECK_INT(l.st, FC_OK);
  CHECK_INT(l.d.n, 0);
  CHECK_STR(c->dir, ".");
  CHECK_STR(c->organization, "");
  CHECK_STR(c->currency, "USD");
  CHECK_INT(c->ncur_inputs, 0);
  CHECK_INT(c->period, 0);
  CHECK_INT(c->as_of, INT32_MIN);
  CHECK_STR(c->claims_file, "./claims.yaml");
  CHECK_INT(c->nclaims, 0);
  CHECK_STR(c->output_dir, "./out");
  CHECK(c->prices_file == NULL);
  CHECK(c->cache_hit_rate_healthy == 0.30);
  CHECK_INT(c->weights[0], 25);
  CHECK_INT(c->weights[1], 25);
  CHECK_INT(c->weights[2], 15);
  CHECK_INT(c->weights[3], 20);
  CHECK_INT(c->weights[4], 15);
  CHECK_INT(c->nnodes, 2);
  CHECK_INT(c->workloads[0].map_eligible, 0);
  CHECK_INT(c->workloads[0].estimate_kind, FC_ESTIMATE_NONE);
  unload(&l);
  CHECK_INT(chdir(cwd), 0);
}

static void test_unknown_keys(void) {
  loaded l;
  const char *f = DATA "unknown/finops.yaml", *g = DATA "unknown/ledger.yaml";
  load(&l, f);
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(&l, f, 3, 1, "unknown key 'colour' in the config");
  EXPECT_ERROR(&l, f, 36, 1, "duplicate key 'version' in the config (first at line 2)");
  EXPECT_ERROR(&l, f, 6, 3, "unknown key 's3' in inputs");
  EXPECT_ERROR(&l, f, 9, 3, "unknown key 'depth' in hierarchy");
  EXPECT_ERROR(&l, f, 14, 5, "unknown key 'owner' in workloads[0]");
  EXPECT_ERROR(&l, f, 16, 7, "unknown key 'monthly' in workloads[0].estimate");
  EXPECT_ERROR(&l, f, 16, 7, "workloads[0].estimate: set one of monthly_usd or tokens");
  EXPECT_ERROR(&l, f, 21, 26, "unknown key 'reasoning' in workloads[1].estimate.tokens");
  EXPECT_ERROR(&l, f, 24, 3, "unknown key 'strict' in policy");
  EXPECT_ERROR(&l, f, 27, 3, "unknown key 'title' in report_card");
  EXPECT_ERROR(&l, f, 26, 25, "unknown key 'speed' in report_card.weights");
  EXPECT_ERROR(&l, f, 32, 5, "unknown key 'phone' in people[0]");
  EXPECT_ERROR(&l, f, 35, 3, "unknown key 'format' in output");
  EXPECT_ERROR(&l, g, 5, 3, "unknown key 'note' in claims[0]");
  CHECK_INT(l.d.nerrors, 14);
  /* known keys next to unknown ones are still read */
  CHECK_INT(l.cfg.weights[1], 10);
  CHECK_INT(l.cfg.nclaims, 1);
  unload(&l);
}

static void test_wrong_types(void) {
  loaded l;
  const char *f = DATA "types/finops.yaml";
  load(&l, f);
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(&l, f, 2, 10, "version: expected a whole number, got a string");
  EXPECT_ERROR(&l, f, 3, 15, "organization: expected a string, got a list");
  EXPECT_ERROR(&l, f, 5, 9, "inputs.cur: expected a string, got a boolean");
  EXPECT_ERROR(&l, f, 12, 19, "workloads[0].map_eligible: expected true or false, got a string");
  EXPECT_ERROR(&l, f, 14, 20, "workloads[0].estimate.monthly_usd: expected a number, got a string");
  EXPECT_ERROR(&l, f, 19, 23, "workloads[1].estimate.tokens.input: expected a whole number, got a decimal");
  EXPECT_ERROR(&l, f, 20, 5, "workloads[2]: expected a map, got a string");
  EXPECT_ERROR(&l, f, 22, 27, "policy.cache_hit_rate_healthy: expected a number, got a string");
  EXPECT_ERROR(&l, f, 24, 21, "report_card.weights.budget: must not be negative");
  EXPECT_ERROR(&l, f, 25, 9, "people: expected a list, got a map");
  EXPECT_ERROR(&l, f, 26, 9, "output: expected a map, got a string");
  EXPECT_ERROR(&l, f, 28, 13, "plugins.forecast: expected a map, got a list");
  EXPECT_ERROR(&l, f, 29, 19, "plugins.tokens.depth: expected a single value, got a map");
  EXPECT_ERROR(&l, f, 30, 11, "accounts: expected a map, got a list");
  CHECK_INT(l.d.nerrors, 14);
  unload(&l);
}

static void test_missing_keys(void) {
  loaded l;
  const char *f = DATA "missing/finops.yaml", *g = DATA "missing/claims.yaml";
  load(&l, f);
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(&l, f, 2, 1, "missing required key 'version' in the config");
  EXPECT_ERROR(&l, f, 2, 12, "missing required key 'levels' in hierarchy");
  EXPECT_ERROR(&l, f, 4, 5, "missing required key 'id' in workloads[0]");
  EXPECT_ERROR(&l, f, 4, 5, "missing required key 'name' in workloads[0]");
  EXPECT_ERROR(&l, f, 4, 5, "missing required key 'parent' in workloads[0]");
  EXPECT_ERROR(&l, f, 6, 10, "workloads[1].name has no value");
  EXPECT_ERROR(&l, g, 2, 3, "missing required key 'workload' in claims[0]");
  EXPECT_ERROR(&l, g, 2, 3, "claims[0]: set one of iam_role, iam_user or inference_profile");
  EXPECT_ERROR(&l, g, 2, 3, "missing required key 'from' in claims[0]");
  CHECK_INT(l.d.nerrors, 9);
  unload(&l);

  const char *h = DATA "noworkloads/finops.yaml";
  load(&l, h);
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(&l, h, 1, 10, "unsupported version 2");
  EXPECT_ERROR(&l, h, 3, 11, "hierarchy.levels: needs at least 2 levels, got 1");
  EXPECT_ERROR(&l, h, 1, 1, "missing required key 'workloads' in the config");
  CHECK_INT(l.d.nerrors, 3);
  unload(&l);
}

/* Many different invalid values in one file: all are reported in one pass. */
static void test_values_one_pass(void) {
  loaded l;
  const char *f = DATA "values/finops.yaml";
  load(&l, f);
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(&l, f, 3, 11, "currency: 'usd' is not a currency code");
  EXPECT_ERROR(&l, f, 5, 8, "inputs.cur: an empty string is not allowed");
  EXPECT_ERROR(&l, f, 6, 9, "period: '2026-13' is not a month (YYYY-MM)");
  EXPECT_ERROR(&l, f, 7, 8, "as_of: '2026-02-30' is not a date (YYYY-MM-DD)");
  EXPECT_ERROR(&l, f, 11, 3, "accounts: '12345' is not a 12-digit account id");
  EXPECT_ERROR(&l, f, 12, 19, "account '999999999999' maps to 'Unit/Nowhere', which is not a node");
  EXPECT_ERROR(&l, f, 14, 9, "workloads[0].id: 'Demo App' must match [a-z0-9_-]+");
  EXPECT_ERROR(&l, f, 18, 11, "workloads[1].name: 'a/b' must not contain '/'");
  EXPECT_ERROR(&l, f, 21, 11, "workloads[2].name: '..' must not be '.' or '..'");
  EXPECT_ERROR(&l, f, 24, 11, "workloads[3].name: 'Tab\there' must not contain control characters");
  EXPECT_ERROR(&l, f, 28, 13, "workloads[4].parent: 'Unit' has 1 level; a workload's parent needs 2");
  EXPECT_ERROR(&l, f, 31, 13, "workloads[5].parent: 'Unit//Team' has an empty part");
  EXPECT_ERROR(&l, f, 35, 15, "workloads[6].estimate: set exactly one of monthly_usd or tokens, not both");
  EXPECT_ERROR(&l, f, 39, 15, "workloads[7].estimate: set one of monthly_usd or tokens");
  EXPECT_ERROR(&l, f, 43, 29, "workloads[8].estimate.monthly_usd: must not be negative");
  EXPECT_ERROR(&l, f, 48, 24, "workloads[9].estimate.tokens.output: must not be negative");
  EXPECT_ERROR(&l, f, 49, 9, "duplicate workload id 'ok-1' (first at line 17)");
  EXPECT_ERROR(&l, f, 50, 11, "has the same path 'Unit/Team/Demo' as workload 'Demo App' (line 14)");
  EXPECT_ERROR(&l, f, 54, 5, "policy.approved_models: 'Unit/Ghost' is not a node of the hierarchy");
  EXPECT_ERROR(&l, f, 55, 27, "policy.cache_hit_rate_healthy: must be between 0 and 1");
  EXPECT_ERROR(&l, f, 57, 12, "people[0].email: 'nobody' is not an email address");
  EXPECT_ERROR(&l, f, 58, 11, "people[0].role: unknown role 'boss'");
  EXPECT_ERROR(&l, f, 59, 13, "people[0].scope: 'Unit/Ghost' is not a node of the hierarchy");
  EXPECT_ERROR(&l, f, 63, 12, "duplicate person 'lee@example.com' (first at line 60)");
  EXPECT_ERROR(&l, f, 65, 12, "people[2].scope: is empty");
  EXPECT_ERROR(&l, f, 67, 3, "plugins: 'Bad-Name' is not a plugin name");
  CHECK_INT(l.d.nerrors, 26);
  unload(&l);
}

static void test_claims(void) {
  loaded l;
  const char *f = DATA "claims/finops.yaml", *g = DATA "claims/ledger/claims.yaml";
  load(&l, f);
  CHECK_INT(l.st, FC_ERR_CONFIG);
  CHECK_STR(l.cfg.claims_file, g);
  EXPECT_ERROR(&l, g, 2, 13, "claims[0].workload: the claim names no configured workload 'gamma'");
  EXPECT_ERROR(&l, g, 7, 13, "claims[1]: set only one of iam_role, iam_user or inference_profile");
  EXPECT_ERROR(&l, g, 9, 3, "claims[2]: set one of iam_role, iam_user or inference_profile");
  EXPECT_ERROR(&l, g, 12, 13, "is an IAM user ARN, not what iam_role takes");
  EXPECT_ERROR(&l, g, 15, 13, "is an assumed-role session ARN");
  EXPECT_ERROR(&l, g, 18, 13, "has an account that is not 12 digits");
  EXPECT_ERROR(&l, g, 22, 9, "claims[6].from: '2026-11-31' is not a date (YYYY-MM-DD)");
  EXPECT_ERROR(&l, g, 26, 10, "claims[7].until: 2026-11-09 is before from (2026-11-10)");
  EXPECT_ERROR(&l, g, 27, 15, "claims[7].claimed_at: 'yesterday' is not a date");
  EXPECT_ERROR(&l, g, 43, 22, "is a system inference profile, which cannot be claimed");
  /* overlaps: reported at the later claim, naming the earlier claim's line and both workloads;
   * the role matches by account and name although one ARN has a path */
  EXPECT_ERROR(&l, g, 32, 3,
               "claim of role 'shared' in account 123456789012 for workload 'beta' (2026-11-15 to open) "
               "overlaps the claim at line 28 for workload 'alpha' (2026-11-01 to 2026-11-15)");
  EXPECT_ERROR(&l, g, 38, 3,
               "claim of inference profile 'abc123def456' in account 123456789012 for workload 'beta' "
               "(2026-10-01 to 2026-11-01) overlaps the claim at line 35 for workload 'alpha'");
  CHECK_INT(l.d.nerrors, 12);
  unload(&l);
}

static void test_bad_ledgers(void) {
  loaded l;
  load(&l, DATA "badledger/finops.yaml");
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(&l, DATA "badledger/claims.yaml", 1, 1,
               "the claims ledger must be a list of claims, got a map");
  CHECK_INT(l.d.nerrors, 1);
  unload(&l);

  load(&l, DATA "syntaxledger/finops.yaml");
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(&l, DATA "syntaxledger/claims.yaml", 3, 12,
               "YAML syntax error: mapping values are not allowed in this context");
  CHECK_INT(l.d.nerrors, 1);
  CHECK_INT(l.cfg.nworkloads, 1); /* the config itself was read */
  unload(&l);
}

static void test_syntax_and_files(void) {
  loaded l;
  const char *f = DATA "syntax/finops.yaml";
  load(&l, f);
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(
      &l, f, 4, 10,
      "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 3)");
  CHECK_INT(l.d.nerrors, 1);
  unload(&l);

  f = DATA "empty/finops.yaml";
  load(&l, f);
  CHECK_INT(l.st, FC_ERR_CONFIG);
  EXPECT_ERROR(&l, f, 0, 0, "the config file is empty");
  unload(&l);

  f = DATA "does-not-exist/finops.yaml";
  load(&l, f);
  CHECK_INT(l.st, FC_ERR_IO);
  EXPECT_ERROR(&l, f, 0, 0, "cannot read the config file");
  CHECK_INT(l.d.nerrors, 1);
  unload(&l);

  /* a config that is not UTF-8, and one with two documents */
  char dir[] = FC_TEST_TMP;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
  CHECK_INT(system(cmd), 0);
  char path[512];
  snprintf(path, sizeof path, "%s/bad-utf8.yaml", dir);
  FILE *out = fopen(path, "wb");
  CHECK(out != NULL);
  if (out) {
    fputs("version: 1\norganization: A\xff\n", out);
    fclose(out);
    load(&l, path);
    CHECK_INT(l.st, FC_ERR_CONFIG);
    EXPECT_ERROR(&l, path, 2, 16, "YAML syntax error: invalid");
    CHECK_INT(l.d.nerrors, 1);
    unload(&l);
  }
  snprintf(path, sizeof path, "%s/two-docs.yaml", dir);
  out = fopen(path, "wb");
  CHECK(out != NULL);
  if (out) {
    fputs("version: 1\nhierarchy: {levels: [A, B]}\nworkloads: []\n---\nversion: 2\n", out);
    fclose(out);
    load(&l, path);
    CHECK_INT(l.st, FC_ERR_CONFIG);
    EXPECT_ERROR(&l, path, 5, 1, "only one YAML document is allowed");
    CHECK_INT(l.d.nerrors, 1);
    unload(&l);
  }
}

/* fc_claims_check_overlaps on its own, as `finops claim` uses it before appending. */
static void test_overlaps_alone(void) {
  loaded l;
  load(&l, DATA "full/finops.yaml");
  CHECK_INT(l.st, FC_OK);
  fc_config *c = &l.cfg;
  fc_diags d = {0};
  fc_claims_check_overlaps(c, &d);
  CHECK_INT(d.nerrors, 0);
  fc_cfg_claim *nc = realloc(c->claims, (c->nclaims + 1) * sizeof *nc);
  CHECK(nc != NULL);
  if (nc) {
    c->claims = nc;
    fc_cfg_claim *k = &c->claims[c->nclaims++];
    memset(k, 0, sizeof *k);
    k->workload_id = fc_strdup("demo-app");
    k->workload = 0;
    k->kind = FC_CLAIM_USER;
    k->arn = fc_strdup("arn:aws:iam::111122223333:user/BedrockAPIKey-234s");
    k->account = fc_strdup("111122223333");
    k->name = fc_strdup("BedrockAPIKey-234s");
    k->from_day = fc_days_from_civil(2026, 12, 1);
    k->until_day = INT32_MAX;
    k->claimed_at = -1;
    fc_claims_check_overlaps(c, &d);
    CHECK_INT(d.nerrors, 1);
    /* a synthesised claim has no position: the message still names the other claim's line */
    CHECK(has_error(&d, c->claims_file, 0, 0,
                    "claim of IAM user 'BedrockAPIKey-234s' in account 111122223333 for workload 'demo-app' "
                    "(2026-12-01 to open) overlaps the claim at line 8 for workload 'chat'"));
  }
  fc_diags_free(&d);
  unload(&l);
}

static void test_arn(void) {
  static const struct {
    const char *arn;
    fc_claim_kind kind;
    const char *account, *name;
  } good[] = {
      {"arn:aws:iam::123456789012:role/ChatApp", FC_CLAIM_ROLE, "123456789012", "ChatApp"},
      {"arn:aws:iam::123456789012:role/service-role/X", FC_CLAIM_ROLE, "123456789012", "X"},
      {"arn:aws:iam::123456789012:role/a/b/c/Role+=,.@_-1", FC_CLAIM_ROLE, "123456789012", "Role+=,.@_-1"},
      {"arn:aws:iam::123456789012:user/alice", FC_CLAIM_USER, "123456789012", "alice"},
      {"arn:aws:iam::123456789012:user/division/alice", FC_CLAIM_USER, "123456789012", "alice"},
      {"arn:aws-us-gov:iam::123456789012:role/GovRole", FC_CLAIM_ROLE, "123456789012", "GovRole"},
      {"arn:aws-cn:iam::123456789012:user/bob", FC_CLAIM_USER, "123456789012", "bob"},
      {"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/acwt9yee9wzo", FC_CLAIM_PROFILE,
       "123456789012", "acwt9yee9wzo"},
      {"arn:aws-cn:bedrock:cn-north-1:123456789012:application-inference-profile/abc", FC_CLAIM_PROFILE,
       "123456789012", "abc"},
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    fc_claim_kind k = 0;
    char *a = NULL, *n = NULL;
    const char *why = NULL;
    CHECK_INT(fc_arn_parse_claim(good[i].arn, &k, &a, &n, &why), 0);
    CHECK_INT(k, good[i].kind);
    CHECK_STR(a, good[i].account);
    CHECK_STR(n, good[i].name);
    CHECK(why == NULL);
    free(a);
    free(n);
  }
  static const struct {
    const char *arn, *why;
  } bad[] = {
      {"", "is not an ARN"},
      {"role/ChatApp", "is not an ARN"},
      {"arn:aws:iam::123456789012", "too few"},
      {"arn:aws-xx:iam::123456789012:role/R", "unknown partition"},
      {"arn:aws:iam::12345678901:role/R", "not 12 digits"},
      {"arn:aws:iam::1234567890123:role/R", "not 12 digits"},
      {"arn:aws:iam::12345678901a:role/R", "not 12 digits"},
      {"arn:aws:iam:us-east-1:123456789012:role/R", "with a region"},
      {"arn:aws:iam::123456789012:group/G", "neither a role nor a user"},
      {"arn:aws:iam::123456789012:role/", "empty or over-long role name"},
      {"arn:aws:iam::123456789012:role//R", "invalid IAM path"},
      {"arn:aws:iam::123456789012:role/a//R", "invalid IAM path"},
      {"arn:aws:iam::123456789012:role/a b/R", "invalid IAM path"},
      {"arn:aws:iam::123456789012:role/R R", "invalid character in the role name"},
      {"arn:aws:iam::123456789012:user/al ice", "invalid character in the user name"},
      {"arn:aws:sts::123456789012:assumed-role/ChatApp/session-1", "assumed-role session"},
      {"arn:aws:bedrock::123456789012:application-inference-profile/abc", "without a region"},
      {"arn:aws:bedrock:US_EAST:123456789012:application-inference-profile/abc", "invalid region"},
      {"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude",
       "system inference profile"},
      {"arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude",
       "not an application inference profile"},
      {"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/", "invalid application"},
      {"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a/b", "invalid application"},
      {"arn:aws:bedrock:us-east-1:12345678901:application-inference-profile/abc", "not 12 digits"},
      {"arn:aws:s3:::bucket/key", "not an IAM role, IAM user or application inference profile"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    fc_claim_kind k = 0;
    char *a = (char *)"x", *n = (char *)"y";
    const char *why = NULL;
    CHECK_INT(fc_arn_parse_claim(bad[i].arn, &k, &a, &n, &why), -1);
    CHECK(a == NULL && n == NULL);
    CHECK_CONTAINS(why, bad[i].why);
  }
  char long_name[100];
  memset(long_name, 'r', 65);
  long_name[65] = '\0';
  char arn[200];
  snprintf(arn, sizeof arn, "arn:aws:iam::123456789012:role/%s", long_name);
  fc_claim_kind k;
  char *a, *n;
  const char *why;
  CHECK_INT(fc_arn_parse_claim(arn, &k, &a, &n, &why), -1);
  CHECK_CONTAINS(why, "over-long");
}

static void test_misc(void) {
  CHECK_STR(fc_role_name(FC_ROLE_FINOPS_LEADER), "finops_leader");
  CHECK_STR(fc_role_name(FC_ROLE_PORTFOLIO_MANAGER), "portfolio_manager");
  CHECK_STR(fc_role_name(FC_ROLE_PRODUCT_OWNER), "product_owner");
  CHECK_STR(fc_role_name(FC_ROLE_CLOUD_ENGINEER), "cloud_engineer");
  CHECK(fc_role_name(FC_ROLE_COUNT) == NULL);
  CHECK(fc_role_name((fc_role)-1) == NULL);
  /* a zeroed config frees cleanly, twice */
  fc_config c;
  memset(&c, 0, sizeof c);
  fc_config_free(&c);
  fc_config_free(&c);
  CHECK_INT(fc_config_node_find(&c, "A"), -1);
  CHECK_INT(fc_config_workload_find(&c, "a"), -1);
}

int main(void) {
  test_full();
  test_minimal();
  test_unknown_keys();
  test_wrong_types();
  test_missing_keys();
  test_values_one_pass();
  test_claims();
  test_bad_ledgers();
  test_syntax_and_files();
  test_overlaps_alone();
  test_arn();
  test_misc();
  return fc_check_done("test_config");
}
