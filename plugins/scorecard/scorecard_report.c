/* scorecard_report.c: the report card plugin's report content: its briefing statement and the
 * sheets of its results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define FL FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
#define PM FC_ROLE_BIT(FC_PERSON_PORTFOLIO_MANAGER)
#define PO FC_ROLE_BIT(FC_PERSON_PRODUCT_OWNER)
#define CE FC_ROLE_BIT(FC_PERSON_CLOUD_ENGINEER)

const fc_stmt_decl scorecard_statements[] = {
    /* the card's own explanation after its "Score N (G)." opening: what cost the points */
    {"score", "scorecard.nodes", FL | PM | PO, 65, "score",
     "Report card: {score:0} out of 100{?grade| (grade {grade})}."
     "{?score_explanation ^= 'Score '| {score_explanation:rest}}"},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */

/* The sheets of its results: column labels, formats, widths and what adds up in the totals row. */
static const fc_sheet_column nodes_columns[] = {
    {"$node", "Node", FC_SHEET_FMT_DEFAULT, 60, FC_SHEET_TOTAL_NONE},
    {"score", "Score", FC_SHEET_FMT_INTEGER, 0, FC_SHEET_TOTAL_NONE},
    {"grade", "Grade", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"score_explanation", "Why", FC_SHEET_FMT_WRAP, 90, FC_SHEET_TOTAL_NONE},
};
static const fc_sheet_column components_columns[] = {
    {"label", "Component", FC_SHEET_FMT_DEFAULT, 18, FC_SHEET_TOTAL_NONE},
    {"applies", "Scored", FC_SHEET_FMT_INTEGER, 0, FC_SHEET_TOTAL_NONE},
    {"points_available", "Points available", FC_SHEET_FMT_NUMBER, 0, FC_SHEET_TOTAL_SUM},
    {"fraction", "Achieved", FC_SHEET_FMT_PERCENT, 0, FC_SHEET_TOTAL_NONE},
    {"points_lost", "Points lost", FC_SHEET_FMT_NUMBER, 0, FC_SHEET_TOTAL_SUM},
    {"explanation", "Why", FC_SHEET_FMT_WRAP, 90, FC_SHEET_TOTAL_NONE},
};

const fc_sheet_decl scorecard_sheets[] = {
    {"nodes", "scorecard.nodes", "Report card", FL | PM, FC_SHEET_ROWS_ALL, NULL, nodes_columns,
     sizeof nodes_columns / sizeof nodes_columns[0], NULL},
    {"components", "scorecard.components", "Report card", PO, FC_SHEET_ROWS_ALL, NULL, components_columns,
     sizeof components_columns / sizeof components_columns[0], "Total: score {score}"},
    {NULL, NULL, NULL, 0, FC_SHEET_ROWS_ALL, NULL, NULL, 0, NULL}};
