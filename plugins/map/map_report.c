/* map_report.c: the MAP plugin's report content: its briefing statement and the sheets of its
 * results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define FL FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
#define PM FC_ROLE_BIT(FC_PERSON_PORTFOLIO_MANAGER)
#define PO FC_ROLE_BIT(FC_PERSON_PRODUCT_OWNER)
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

/* The sheets of its results: column labels, formats, widths and what adds up in the totals row. */
static const fc_sheet_column workloads_columns[] = {
    {"name", "Workload", FC_SHEET_FMT_DEFAULT, 26, FC_SHEET_TOTAL_NONE},
    {"status", "Status", FC_SHEET_FMT_DEFAULT, 14, FC_SHEET_TOTAL_NONE},
    {"usage_usd", "Usage", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"qualifying_usd", "Qualifying", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"at_risk_usd", "At risk", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"no_profile_usd", "No profile", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"profile_untagged_usd", "Profile untagged", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"action", "Action", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
};

const fc_sheet_decl map_sheets[] = {{"workloads", "map.workloads", "MAP", FL | PM, FC_SHEET_ROWS_ALL,
                                     "-at_risk_usd", workloads_columns,
                                     sizeof workloads_columns / sizeof workloads_columns[0], NULL},
                                    {NULL, NULL, NULL, 0, FC_SHEET_ROWS_ALL, NULL, NULL, 0, NULL}};
