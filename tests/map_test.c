/* map_test.c: the MAP tag value rules, table-driven, and the map plugin on a hand-made CUR file
 * (tests/data/map): qualifying spend by profile tag and by role tag, the resource tag winning over
 * the role's, every cause of spend at risk, the hierarchy rollup and one task per workload. */
#include "mapcheck.h"
#include "maptag.h"

#define DATA FC_TEST_DATA "/map"
#define OUT FC_TEST_TMP "/out"

static void test_tag_values(void) {
  static const struct {
    const char *value;
    int valid;
  } cases[] = {
      {"mig12345", 1},
      {"migABCDE12345", 1},
      {"mig1234567890", 1}, /* 10 upper-case alphanumerics may all be digits */
      {"migPX7K2M4Q9A", 1}, /* the demo's Product Search profile */
      {"sap12345", 1},
      {"sapABCDE12345", 1},
      {"oracle12345", 1},
      {"oracleABCDEFGHIJ", 1},
      {"comm12345", 1},
      {"commABCDE12345", 1},
      {"comm_ec2_12345", 1},
      {"comm_ec2_ABCDE12345", 1},
      {"mig_ec2_12345", 1},
      {"mig_ec2_ABCDE12345", 1},
      {"", 0},
      {"mig", 0},
      {"mig1234", 0},   /* 4 digits */
      {"mig123456", 0}, /* 6 digits */
      {"MIG12345", 0},  /* prefix must be lower case: the demo's Doc Classifier role */
      {"Mig12345", 0},
      {"migabcde12345", 0},  /* the 10 must be upper case */
      {"migABCDE1234", 0},   /* 9 */
      {"migABCDE123456", 0}, /* 11 */
      {"mig 12345", 0},
      {" mig12345", 0},
      {"mig12345 ", 0},
      {"mig-12345", 0},
      {"ec2_12345", 0},
      {"comm_ec212345", 0},
      {"mig_ec2_1234", 0},
      {"migABCDE1234!", 0},
      {"abc12345", 0},
      {"12345", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int got = fcm_tag_valid(cases[i].value);
    CHECK_INT(got, cases[i].valid);
    if (got != cases[i].valid)
      fprintf(stderr, "  value '%s'\n", cases[i].value);
  }
  CHECK_INT(fcm_tag_valid(NULL), 0);
  char buf[64];
  CHECK_INT(fcm_tag_suggest("MIG12345", buf, sizeof buf), 1);
  CHECK_STR(buf, "mig12345");
  CHECK_INT(fcm_tag_suggest("Comm_EC2_ABCDE12345", buf, sizeof buf), 1);
  CHECK_STR(buf, "comm_ec2_ABCDE12345");
  CHECK_INT(fcm_tag_suggest("mig12345", buf, sizeof buf), 0); /* already valid */
  CHECK_INT(fcm_tag_suggest("MIG1234", buf, sizeof buf), 0);  /* the digits are wrong too */
  /* why a value is invalid, in words; the engagement id of a valid one */
  static const struct {
    const char *value, *why;
  } problems[] = {
      {"MIG12345", "the prefix is not in lower case: mig12345 is valid"},
      {"mig1234",
       "the code after mig has 4 characters: it takes 5 digits or 10 upper-case letters or digits"},
      {"mig_ec2_123456",
       "the code after mig_ec2_ has 6 characters: it takes 5 digits or 10 upper-case letters or "
       "digits"},
      {"migabcde12345", "the code after mig has lower-case letters: it takes upper case"},
      {"mig-12345", "the code after mig holds characters other than letters and digits"},
      {" mig12345", "the value has a space before or after it"},
      {"", "the value is empty"},
      {"abc12345", "the value does not begin with mig, sap, oracle, comm, comm_ec2_ or mig_ec2_"},
  };
  char why[256];
  for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++) {
    CHECK_INT(fcm_tag_problem(problems[i].value, why, sizeof why), 1);
    CHECK_STR(why, problems[i].why);
  }
  CHECK_INT(fcm_tag_problem("mig12345", why, sizeof why), 0);
  CHECK_STR(fcm_tag_engagement("mig12345", NULL), "12345");
  size_t plen = 0;
  CHECK_STR(fcm_tag_engagement("comm_ec2_ABCDE12345", &plen), "ABCDE12345");
  CHECK_INT((int)plen, 9);
  CHECK_STR(fcm_tag_engagement("oracleABCDEFGHIJ", NULL), "ABCDEFGHIJ");
  CHECK(fcm_tag_engagement("MIG12345", NULL) == NULL);
}

/* The row of results.<table> with workload_id and status (and cause, when not NULL). */
static json_t *ev_row(json_t *s, const char *id, const char *status, const char *cause) {
  json_t *list = json_object_get(json_object_get(s, "results"), "map.evidence"), *r;
  size_t i;
  json_array_foreach(list, i, r) {
    const char *w = json_string_value(json_object_get(r, "workload_id")),
               *st = json_string_value(json_object_get(r, "status")),
               *c = json_string_value(json_object_get(r, "cause"));
    if (w && st && c && strcmp(w, id) == 0 && strcmp(st, status) == 0 && (!cause || strcmp(c, cause) == 0))
      return r;
  }
  return NULL;
}

/* map.evidence adds up to map.workloads per workload and to the totals; map.quarter adds October to
 * November. */
static void check_evidence_and_quarter(json_t *s) {
  json_t *list = json_object_get(json_object_get(s, "results"), "map.evidence"), *r;
  size_t i;
  double q = 0, risk = 0;
  json_array_foreach(list, i, r) {
    q += json_number_value(json_object_get(r, "qualifying_usd"));
    risk += json_number_value(json_object_get(r, "at_risk_usd"));
  }
  CHECK(fabs(q - 225.0) < 1e-9 && fabs(risk - 1680.0) < 1e-9);
  CHECK_INT(json_array_size(list), 8);
  r = ev_row(s, "w-role", "at_risk", "invalid_tag");
  CHECK(r != NULL);
  CHECK_JSTR(json_object_get(r, "resource"),
             "arn:aws:bedrock:us-east-1:111111111111:application-inference-profile/bbbbbbbbbbbb");
  CHECK_JSTR(json_object_get(r, "principal"), "arn:aws:iam::111111111111:role/r-role");
  CHECK_JSTR(json_object_get(r, "tag_key"), "resource_tags: user_map_migrated");
  CHECK_JSTR(json_object_get(r, "tag_value"), "mig1234");
  CHECK_JINT(json_object_get(r, "tag_valid"), 0);
  CHECK_JSTR(json_object_get(r, "engagement_id"), "");
  CHECK_CONTAINS(json_string_value(json_object_get(r, "why")), "has 4 characters");
  CHECK_USD(json_object_get(r, "at_risk_usd"), 20.0);
  r = ev_row(s, "w-role", "qualifying", "role_tag");
  CHECK(r != NULL);
  CHECK_JSTR(json_object_get(r, "tag_key"), "tags: iamPrincipal/map-migrated");
  CHECK_JSTR(json_object_get(r, "engagement_id"), "ABCDE12345");
  CHECK_USD(json_object_get(r, "qualifying_usd"), 50.0);
  r = ev_row(s, "w-profile", "qualifying", "profile_tag");
  CHECK(r != NULL);
  CHECK_JINT(json_object_get(r, "days"), 2);
  CHECK_JSTR(json_object_get(r, "first_day"), "2026-11-03");
  CHECK_JSTR(json_object_get(r, "last_day"), "2026-11-04");
  CHECK_JSTR(json_object_get(r, "principal"), "arn:aws:iam::111111111111:role/r-profile");
  r = ev_row(s, "", "qualifying", NULL); /* nobody's: under the account's node */
  CHECK(r != NULL);
  CHECK_JSTR(json_object_get(r, "node"), "Corp/B");
  CHECK_USD(json_object_get(r, "qualifying_usd"), 5.0);
  /* the quarter to date: October's 30.00 (profile tag) and 2.00 (direct) of w-profile, 7.00 (role tag)
   * of w-role */
  CHECK_JSTR(mc_get(s, "totals.map_quarter"), "2026-Q4");
  CHECK_JSTR(mc_get(s, "totals.map_quarter_months"), "2026-10, 2026-11");
  CHECK_USD(mc_get(s, "totals.map_quarter_qualifying_usd"), 262.0);
  CHECK_USD(mc_get(s, "totals.map_quarter_at_risk_usd"), 1682.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/A"), "map.quarter_qualifying_usd"), 187.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/A"), "map.quarter_at_risk_usd"), 32.0);
  r = mc_row(s, "map.quarter", "workload_id", "w-profile");
  CHECK_USD(json_object_get(r, "qualifying_usd"), 130.0);
  CHECK_USD(json_object_get(r, "at_risk_usd"), 12.0);
  CHECK_USD(json_object_get(r, "period_qualifying_usd"), 100.0);
  CHECK_USD(json_object_get(r, "period_at_risk_usd"), 10.0);
  CHECK_INT(mc_rows(s, "map.quarter"), 6); /* 4 eligible, w-ne (qualifying) and Corp/B's nobody's */
  CHECK_INT(mc_rows(s, "map.quarter_months"), 8);
}

static void test_plugin(void) {
  fc_remove_tree(FC_TEST_TMP);
  CHECK_INT(mc_run(DATA "/finops.yaml", 202611, OUT, FC_PLUGINS_DIR), FC_OK);
  json_t *s = mc_load(OUT "/2026-11/summary.json");
  CHECK(s != NULL);
  if (!s)
    return;
  /* Qualifying: w-profile 100.00 (profile mig12345) + w-role 50.00 (role sapABCDE12345)
   * + w-ne 70.00 (role oracle12345, not eligible but tagged) + unattributed 5.00 (comm_ec2_12345).
   * At risk: w-profile 10.00 no_profile + w-role 20.00 invalid_tag (profile mig1234 beats the valid
   * role tag) + w-untagged 1500.00 profile_untagged (its -5.00 credit is no MAP spend) + w-system
   * 150.00 no_profile (us. system profile). w-ne's untagged 15.00 is not at risk. */
  CHECK_USD(mc_get(s, "totals.map_qualifying_usd"), 225.0);
  CHECK_USD(mc_get(s, "totals.map_at_risk_usd"), 1680.0);
  CHECK_USD(mc_get(s, "totals.map_eligible_usd"), 110.0 + 70.0 + 1500.0 + 150.0);
  CHECK_JINT(mc_get(s, "totals.map_eligible_workloads"), 4);
  CHECK_JINT(mc_get(s, "totals.map_at_risk_workloads"), 4);
  /* rollup through every level */
  CHECK_USD(mc_get(mc_node(s, "Corp"), "map.qualifying_usd"), 225.0);
  CHECK_USD(mc_get(mc_node(s, "Corp"), "map.at_risk_usd"), 1680.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/A"), "map.qualifying_usd"), 150.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/A"), "map.at_risk_usd"), 30.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/B"), "map.qualifying_usd"), 75.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/B"), "map.at_risk_usd"), 1650.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/A/W Profile"), "map.qualifying_usd"), 100.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/A/W Profile"), "map.at_risk_usd"), 10.0);
  json_t *cov = mc_get(mc_node(s, "Corp/A/W Profile"), "map.coverage");
  CHECK(json_is_number(cov) && fabs(json_number_value(cov) - 100.0 / 110.0) < 1e-6);
  CHECK_USD(mc_get(mc_node(s, "Corp/B/W NE"), "map.qualifying_usd"), 70.0);
  CHECK_USD(mc_get(mc_node(s, "Corp/B/W NE"), "map.at_risk_usd"), 0.0);
  CHECK_JINT(mc_get(mc_node(s, "Corp/B"), "map.at_risk_workloads"), 2);
  /* per workload: status and the split of the causes */
  static const struct {
    const char *id, *status, *action;
    double qualifying, at_risk, no_profile, untagged, invalid, too_early;
  } w[] = {
      {"w-profile", "partial", "map_create_profile", 100, 10, 10, 0, 0, 0},
      {"w-role", "partial", "map_fix_tag_value", 50, 20, 0, 0, 20, 0},
      {"w-untagged", "at_risk", "map_tag_profile", 0, 1500, 0, 1500, 0, 0},
      {"w-system", "at_risk", "map_create_profile", 0, 150, 150, 0, 0, 0},
      {"w-ne", "not_eligible", "", 70, 0, 0, 0, 0, 0},
  };
  CHECK_INT(mc_rows(s, "map.workloads"), 5);
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
    json_t *r = mc_row(s, "map.workloads", "workload_id", w[i].id);
    CHECK(r != NULL);
    CHECK_JSTR(json_object_get(r, "status"), w[i].status);
    CHECK_JSTR(json_object_get(r, "action"), w[i].action);
    CHECK_USD(json_object_get(r, "qualifying_usd"), w[i].qualifying);
    CHECK_USD(json_object_get(r, "at_risk_usd"), w[i].at_risk);
    CHECK_USD(json_object_get(r, "no_profile_usd"), w[i].no_profile);
    CHECK_USD(json_object_get(r, "profile_untagged_usd"), w[i].untagged);
    CHECK_USD(json_object_get(r, "invalid_tag_usd"), w[i].invalid);
    CHECK_USD(json_object_get(r, "role_tag_too_early_usd"), w[i].too_early);
  }
  json_t *r = mc_row(s, "map.workloads", "workload_id", "w-role");
  CHECK_USD(json_object_get(r, "via_role_tag_usd"), 50.0);
  CHECK_USD(json_object_get(r, "via_profile_tag_usd"), 0.0);
  /* by cause: the subject names what to fix */
  CHECK_INT(mc_rows(s, "map.by_cause"), 4);
  r = mc_row(s, "map.by_cause", "workload_id", "w-role");
  CHECK_JSTR(json_object_get(r, "cause"), "invalid_tag");
  CHECK_JSTR(json_object_get(r, "subject"), "mig1234");
  r = mc_row(s, "map.by_cause", "workload_id", "w-system");
  CHECK_CONTAINS(json_string_value(json_object_get(r, "fix")), "system inference profile");
  /* findings: one per eligible workload at risk, for its Cloud Engineer, severity by dollars */
  CHECK_INT(mc_rows(s, "map.findings"), 4);
  r = mc_row(s, "map.findings", "workload_id", "w-untagged");
  CHECK_JSTR(json_object_get(r, "kind"), "map_tag_profile");
  CHECK_JSTR(json_object_get(r, "severity"), "high");
  CHECK_JSTR(json_object_get(r, "assignee_role"), "cloud_engineer");
  CHECK_JSTR(json_object_get(r, "node"), "Corp/B/W Untagged");
  CHECK_USD(json_object_get(r, "usd_at_stake"), 1500.0);
  CHECK_CONTAINS(json_string_value(json_object_get(r, "detail")),
                 "application-inference-profile/cccccccccccc");
  r = mc_row(s, "map.findings", "workload_id", "w-system");
  CHECK_JSTR(json_object_get(r, "severity"), "medium");
  r = mc_row(s, "map.findings", "workload_id", "w-role");
  CHECK_JSTR(json_object_get(r, "severity"), "low");
  CHECK_CONTAINS(json_string_value(json_object_get(r, "detail")), "profile tag map-migrated=mig1234");
  check_evidence_and_quarter(s);
  json_decref(s);

  /* tasks.csv: one task per finding, each for the Cloud Engineer whose scope holds the workload */
  char *tasks = mc_read(OUT "/2026-11/tasks.csv");
  CHECK(tasks != NULL);
  CHECK_INT(mc_lines_with(tasks, ",map_", (const char *)NULL), 4);
  CHECK_INT(mc_lines_with(tasks,
                          ",w-profile,map_create_profile,low,cloud_engineer,ce-a@example.com,10.000000,",
                          (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(tasks,
                          ",w-untagged,map_tag_profile,high,cloud_engineer,ce-b@example.com,1500.000000,",
                          (const char *)NULL),
            1);
  free(tasks);

  /* May 2026: the role tag predates 2026-06-08, the profile tag counts; an unclaimed role's untagged
   * 1.00 is neither qualifying nor at risk */
  CHECK_INT(mc_run(DATA "/finops.yaml", 202605, OUT, FC_PLUGINS_DIR), FC_OK);
  s = mc_load(OUT "/2026-05/summary.json");
  CHECK(s != NULL);
  CHECK_USD(mc_get(s, "totals.map_qualifying_usd"), 3.0);
  CHECK_USD(mc_get(s, "totals.map_at_risk_usd"), 8.0);
  r = mc_row(s, "map.workloads", "workload_id", "w-role");
  CHECK_USD(json_object_get(r, "role_tag_too_early_usd"), 8.0);
  CHECK_JSTR(json_object_get(r, "status"), "at_risk");
  r = mc_row(s, "map.workloads", "workload_id", "w-profile");
  CHECK_JSTR(json_object_get(r, "status"), "compliant");
  r = mc_row(s, "map.workloads", "workload_id", "w-untagged"); /* no usage, nothing at risk */
  CHECK_JSTR(json_object_get(r, "status"), "compliant");
  r = mc_row(s, "map.findings", "workload_id", "w-role");
  CHECK_JSTR(json_object_get(r, "kind"), "map_create_profile");
  CHECK_CONTAINS(json_string_value(json_object_get(r, "detail")), "predates 2026-06-08");
  json_decref(s);

  /* November 2024: a tagged profile before Bedrock joined MAP (2024-12-16) */
  CHECK_INT(mc_run(DATA "/finops.yaml", 202411, OUT, FC_PLUGINS_DIR), FC_OK);
  s = mc_load(OUT "/2024-11/summary.json");
  CHECK(s != NULL);
  r = mc_row(s, "map.workloads", "workload_id", "w-profile");
  CHECK_USD(json_object_get(r, "profile_tag_too_early_usd"), 4.0);
  CHECK_USD(json_object_get(r, "at_risk_usd"), 4.0);
  CHECK_USD(json_object_get(r, "no_profile_usd"), 0.0);
  r = mc_row(s, "map.findings", "workload_id", "w-profile");
  CHECK_CONTAINS(json_string_value(json_object_get(r, "detail")), "before 2024-12-16");
  r = ev_row(s, "w-profile", "at_risk", "profile_tag_too_early");
  CHECK(r != NULL);
  CHECK_JSTR(json_object_get(r, "engagement_id"), "12345");
  CHECK_JSTR(mc_get(s, "totals.map_quarter_months"), "2024-11");
  json_decref(s);
}

int main(void) {
  test_tag_values();
  test_plugin();
  return fc_check_done("map_test");
}
