/* policy_report.c: the model-policy plugin's report content: its briefing statement and the
 * sheets of its results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define UNAPPROVED "or(unapproved_model_usd, sum(unapproved_model_usd, $workload and unapproved_model_usd > 0))"
#define WORKLOADS "count($workload and unapproved_model_usd > 0)"

const fc_stmt_decl policy_statements[] = {
    {"models", "policy.nodes", 0, 70, NULL,
     "{?" UNAPPROVED " > 0|{" UNAPPROVED "} went to models outside the approved list ({" WORKLOADS
     "} workload{?" WORKLOADS " != 1|s})."
     "|{?sum(unapproved_model_usd)|All spend went to approved models.}}"},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */
