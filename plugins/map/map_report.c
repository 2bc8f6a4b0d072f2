/* map_report.c: the MAP plugin's report content: its briefing statement and the sheets of its
 * results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define FL FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
#define PM FC_ROLE_BIT(FC_PERSON_PORTFOLIO_MANAGER)
#define CE FC_ROLE_BIT(FC_PERSON_CLOUD_ENGINEER)

/* the node's own figures, else the sum of its workloads' */
#define QUALIFYING "or(map.qualifying_usd, sum(map.qualifying_usd, $workload))"
#define AT_RISK "or(map.at_risk_usd, sum(map.at_risk_usd, $workload))"
#define AT_RISK_N "or(map.at_risk_workloads, count($workload and map.at_risk_usd > 0))"

const fc_stmt_decl map_statements[] = {
    {"map", "map.nodes", FL | PM | CE, 45, QUALIFYING,
     "{" QUALIFYING "} of spend qualifies for MAP credits{?" AT_RISK " > 0|; {" AT_RISK "} is at risk across "
     "{" AT_RISK_N "} MAP-eligible workload{?" AT_RISK_N " != 1|s} calling Bedrock without a tagged application "
     "inference profile}."},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */
