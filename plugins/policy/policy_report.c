/* policy_report.c: the model-policy plugin's report content: its briefing statement and the
 * sheets of its results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define FL FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
#define PM FC_ROLE_BIT(FC_PERSON_PORTFOLIO_MANAGER)
#define PO FC_ROLE_BIT(FC_PERSON_PRODUCT_OWNER)
#define CE FC_ROLE_BIT(FC_PERSON_CLOUD_ENGINEER)

#define UNAPPROVED "or(unapproved_model_usd, sum(unapproved_model_usd, $workload and unapproved_model_usd > 0))"
#define WORKLOADS "count($workload and unapproved_model_usd > 0)"

const fc_stmt_decl policy_statements[] = {
    {"models", "policy.nodes", 0, 70, NULL,
     "{?" UNAPPROVED " > 0|{" UNAPPROVED "} went to models outside the approved list ({" WORKLOADS
     "} workload{?" WORKLOADS " != 1|s})."
     "|{?sum(unapproved_model_usd)|All spend went to approved models.}}"},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */

/* The sheets of its results: column labels, formats, widths and what adds up in the totals row. */
static const fc_sheet_column nodes_columns[] = {
    {"$name", "Workload", FC_SHEET_FMT_DEFAULT, 26, FC_SHEET_TOTAL_NONE},
    {"unapproved_model_usd", "Unapproved models", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
};

const fc_sheet_decl policy_sheets[] = {{"nodes", "policy.nodes", "Policy", FL | CE, FC_SHEET_ROWS_WORKLOADS,
                                        NULL, nodes_columns, sizeof nodes_columns / sizeof nodes_columns[0],
                                        NULL},
                                       {NULL, NULL, NULL, 0, FC_SHEET_ROWS_ALL, NULL, NULL, 0, NULL}};
