/* tasks_test.c: the task queue plugin with a stand-in findings source (tasks_fixture.c, loaded as
 * "policy" beside tasks.so and nothing else: the other sources are optional reads). Checks who gets
 * each task (scopes, walking up, duplicates), the order, stable ids that ignore amounts, unique ids
 * for identical findings, empty e-mails when nobody is configured, and formula-safe text cells. */
#include <unistd.h>

#include "mapcheck.h"

#define DATA FC_TEST_DATA "/tasks"
#define TMP FC_TEST_TMP
#define PLUGINS TMP "/plugins"

static const char *people =
    "people:\n"
    "  - {email: lead@example.com, name: Lead, role: finops_leader, scope: [Corp]}\n"
    "  - {email: pm1@example.com, name: PM1, role: portfolio_manager, scope: [Corp/P1]}\n"
    "  - {email: po1@example.com, name: PO1, role: product_owner, scope: [Corp/P1/W1]}\n"
    "  - {email: po1b@example.com, name: PO1b, role: product_owner,\n"
    "     scope: [Corp/P1/W1, Corp/P1/W1]}\n"
    "  - {email: ce@example.com, name: CE, role: cloud_engineer, scope: [\"*\"]}\n";

/* Six product owners below Corp/P2 (a crowd), two below Corp/P1, a leader over everything. */
static const char *crowd =
    "people:\n"
    "  - {email: lead@example.com, name: Lead, role: finops_leader, scope: [\"*\"]}\n"
    "  - {email: pm2@example.com, name: PM2, role: portfolio_manager, scope: [Corp/P2]}\n"
    "  - {email: po1@example.com, name: PO1, role: product_owner, scope: [Corp/P1/W1]}\n"
    "  - {email: po2@example.com, name: PO2, role: product_owner, scope: [Corp/P1/W2]}\n"
    "  - {email: c1@example.com, name: C1, role: product_owner, scope: [Corp/P2/W3]}\n"
    "  - {email: c2@example.com, name: C2, role: product_owner, scope: [Corp/P2/W3]}\n"
    "  - {email: c3@example.com, name: C3, role: product_owner, scope: [Corp/P2/W3]}\n"
    "  - {email: c4@example.com, name: C4, role: product_owner, scope: [Corp/P2/W3]}\n"
    "  - {email: c5@example.com, name: C5, role: product_owner, scope: [Corp/P2/W3]}\n"
    "  - {email: c6@example.com, name: C6, role: product_owner, scope: [Corp/P2/W3]}\n";

/* Writes TMP/<name>.yaml reading findings file `findings`, with or without people (2: the crowd). */
static void write_config(const char *name, const char *findings, int with_people) {
  char path[512];
  snprintf(path, sizeof path, TMP "/%s.yaml", name);
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f)
    return;
  fprintf(f,
          "version: 1\n"
          "inputs:\n"
          "  cur: [\"" DATA "/cur/\"]\n"
          "hierarchy:\n"
          "  levels: [BU, Portfolio, Workload]\n"
          "workloads:\n"
          "  - {id: w1, name: W1, parent: Corp/P1}\n"
          "  - {id: w2, name: W2, parent: Corp/P1}\n"
          "  - {id: w3, name: W3, parent: Corp/P2}\n"
          "  - {id: w4, name: W4, parent: Other/P3}\n"
          "%s"
          "plugins:\n"
          "  policy: {findings: \"%s\"}\n",
          with_people == 2 ? crowd
          : with_people    ? people
                           : "",
          findings);
  fclose(f);
}

/* The task_id of the line containing every needle (first such line), into id. */
static void id_of(const char *csv, const char *needle, char *id) {
  id[0] = '\0';
  const char *p = csv ? strstr(csv, needle) : NULL;
  if (!p)
    return;
  while (p > csv && p[-1] != '\n')
    p--;
  size_t n = strcspn(p, ",");
  snprintf(id, 32, "%.*s", (int)(n < 31 ? n : 31), p);
}

int main(void) {
  fc_remove_tree(TMP);
  CHECK_INT(fc_mkdirs(PLUGINS), 0);
  CHECK_INT(symlink(FC_PLUGINS_DIR "/tasks.so", PLUGINS "/tasks.so"), 0);
  CHECK_INT(symlink(FC_TASKS_FIXTURE, PLUGINS "/policy.so"), 0);
  write_config("finops", DATA "/findings.txt", 1);
  write_config("amounts", DATA "/findings-amounts.txt", 1);
  write_config("nobody", DATA "/findings.txt", 0);
  write_config("crowd", DATA "/findings-crowd.txt", 2);

  CHECK_INT(mc_run(TMP "/finops.yaml", 202611, TMP "/out", PLUGINS), FC_OK);
  char *csv = mc_read(TMP "/out/2026-11/tasks.csv");
  CHECK(csv != NULL);
  /* exactly the contract's columns */
  static const char header[] =
      "task_id,period,node_path,workload_id,kind,severity,assignee_role,assignee_email,"
      "usd_at_stake,detail\n";
  CHECK(csv && strncmp(csv, header, sizeof header - 1) == 0);
  /* who: one finding is one task for all its assignees together, a person scoped twice named
   * once; walking up when nobody with the role is scoped */
  CHECK_INT(mc_lines_with(
                csv, ",Corp/P1/W1,w1,k_po,medium,product_owner,po1@example.com; po1b@example.com,10.000000,",
                (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(csv, ",Corp/P1/W1,w1,k_po,medium,", (const char *)NULL), 1);
  CHECK_INT(mc_lines_with(csv, ",k_po,", "key", (const char *)NULL), 0); /* keys are not written */
  CHECK_INT(mc_lines_with(csv, ",Corp/P1/W2,w2,k_po,medium,portfolio_manager,pm1@example.com,20.000000,",
                          (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(csv, ",Corp/P1,w1,k_po,high,product_owner,", (const char *)NULL), 1);
  CHECK_INT(mc_lines_with(csv, ",Corp/P1,w1,k_po,high,product_owner,po1@example.com; po1b@example.com,",
                          (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(csv, ",Corp/P2/W3,w3,k_po,low,finops_leader,lead@example.com,40.000000,",
                          (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(csv, ",Other/P3/W4,w4,k_any,low,finops_leader,lead@example.com,50.000000,",
                          (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(csv, ",2026-11,,,k_org,medium,cloud_engineer,ce@example.com,60.000000,",
                          (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(csv, ",k_odd,low,finops_leader,lead@example.com,70.000000,", (const char *)NULL),
            1);
  /* formula-looking text is guarded by the host's CSV writer */
  CHECK_INT(
      mc_lines_with(csv, ",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\"", (const char *)NULL),
      1);
  CHECK_INT(mc_lines_with(csv, ",\"'+1 and -2 and @SUM(A1)\"", (const char *)NULL), 1);
  CHECK_INT(mc_lines_with(csv, ",=HYPERLINK", (const char *)NULL), 0);
  /* identical findings keep distinct ids */
  CHECK_INT(mc_lines_with(csv, ",k_same,", (const char *)NULL), 2);
  char a[32], b[32];
  id_of(csv, ",k_same,", a);
  const char *first_same = csv ? strstr(csv, ",k_same,") : NULL;
  const char *after = first_same ? strchr(first_same, '\n') + 1 : NULL;
  id_of(after, ",k_same,", b);
  CHECK(a[0] == 'T' && strlen(a) == 13 && b[0] == 'T' && strcmp(a, b) != 0);
  /* four alike: the i-th in id order (then detail) is salted i times, and the ids are the ones
   * every earlier version gave (salting one repeat at a time, a sort of the queue for each) */
  static const char *const many[][2] = {{"T86e0d86507b6", "field: a"},
                                        {"Tc159a8d4a620", "field: b"},
                                        {"Tc23ee4def2ef", "field: d"},
                                        {"Te6f9b620ebdf", "field: c"}};
  CHECK_INT(mc_lines_with(csv, ",k_many,", (const char *)NULL), 4);
  for (size_t i = 0; i < 4; i++)
    CHECK_INT(mc_lines_with(csv, many[i][0], ",k_many,", many[i][1], (const char *)NULL), 1);
  /* order: severity, then dollars, largest first */
  const char *l1 = csv ? strchr(csv, '\n') + 1 : NULL;
  CHECK(l1 && strstr(l1, ",k_po,high,") && strstr(l1, ",k_po,high,") < strchr(l1, '\n'));
  const char *hi = csv ? strstr(csv, ",high,") : NULL, *lastmed = NULL;
  for (const char *p = csv; p && (p = strstr(p, ",medium,")); p++)
    lastmed = p;
  const char *firstlow = csv ? strstr(csv, ",low,") : NULL;
  CHECK(hi && lastmed && firstlow && hi < lastmed && lastmed < firstlow);

  /* stable: the same findings with other amounts keep their ids */
  CHECK_INT(mc_run(TMP "/amounts.yaml", 202611, TMP "/out2", PLUGINS), FC_OK);
  char *csv2 = mc_read(TMP "/out2/2026-11/tasks.csv");
  char x[32], y[32];
  id_of(csv, ",k_org,", x);
  id_of(csv2, ",k_org,", y);
  CHECK(x[0] && strcmp(x, y) == 0);
  CHECK_INT(mc_lines_with(csv2, y, ",0.010000,", (const char *)NULL), 1);
  id_of(csv, ",po1@example.com; po1b@example.com,10.000000,", x);
  id_of(csv2, ",po1@example.com; po1b@example.com,11.500000,", y);
  CHECK(x[0] && strcmp(x, y) == 0);
  /* a rerun of the same input is byte-identical */
  CHECK_INT(mc_run(TMP "/finops.yaml", 202611, TMP "/out3", PLUGINS), FC_OK);
  char *csv3 = mc_read(TMP "/out3/2026-11/tasks.csv");
  CHECK(csv && csv3 && strcmp(csv, csv3) == 0);

  /* nobody configured: one task per finding, the finding's role, no e-mail */
  CHECK_INT(mc_run(TMP "/nobody.yaml", 202611, TMP "/out4", PLUGINS), FC_OK);
  char *csv4 = mc_read(TMP "/out4/2026-11/tasks.csv");
  CHECK_INT(mc_lines_with(csv4, ",2026-11,", (const char *)NULL), 15);
  CHECK_INT(mc_lines_with(csv4, "@example.com", (const char *)NULL), 0);
  CHECK_INT(mc_lines_with(csv4, ",Corp/P1/W2,w2,k_po,medium,product_owner,,20.000000,", (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(csv4, ",k_odd,low,finops_leader,,", (const char *)NULL), 1);
  /* walking down reaches a few people, never a crowd, never everyone below the organisation */
  CHECK_INT(mc_run(TMP "/crowd.yaml", 202611, TMP "/out5", PLUGINS), FC_OK);
  char *csv5 = mc_read(TMP "/out5/2026-11/tasks.csv");
  CHECK_INT(mc_lines_with(csv5, ",k_crowd,", (const char *)NULL), 1);
  CHECK_INT(
      mc_lines_with(csv5, ",Corp/P2,,k_crowd,medium,portfolio_manager,pm2@example.com,", (const char *)NULL),
      1);
  CHECK_INT(mc_lines_with(csv5, ",k_few,", (const char *)NULL), 1);
  CHECK_INT(mc_lines_with(csv5, ",k_few,medium,product_owner,po1@example.com; po2@example.com,",
                          (const char *)NULL),
            1);
  CHECK_INT(mc_lines_with(csv5, ",k_top,", (const char *)NULL), 1);
  CHECK_INT(mc_lines_with(csv5, ",k_top,medium,finops_leader,lead@example.com,", (const char *)NULL), 1);
  free(csv5);
  /* summary.json: per node task counts, rolled up */
  json_t *s = mc_load(TMP "/out/2026-11/summary.json");
  CHECK_JINT(mc_get(mc_node(s, "Corp/P1"), "tasks.open"), 12); /* one task per finding */
  CHECK_JINT(mc_get(mc_node(s, "Corp/P1/W2"), "tasks.open"), 5);
  CHECK_JINT(mc_get(mc_node(s, "Corp"), "tasks.high"), 3);
  json_decref(s);
  free(csv);
  free(csv2);
  free(csv3);
  free(csv4);
  return fc_check_done("tasks_test");
}
