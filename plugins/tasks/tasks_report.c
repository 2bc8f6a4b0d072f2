/* tasks_report.c: the task queue plugin's report content: its briefing statement and the sheets
 * of its results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define FL FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
#define PM FC_ROLE_BIT(FC_PERSON_PORTFOLIO_MANAGER)
#define PO FC_ROLE_BIT(FC_PERSON_PRODUCT_OWNER)
#define CE FC_ROLE_BIT(FC_PERSON_CLOUD_ENGINEER)

const fc_stmt_decl tasks_statements[] = {
    /* tasks can put the same money at stake more than once: a sum past the money range is left out */
    {"tasks", "tasks.queue", 0, 20, NULL,
     "{?count() == 0|No open compliance tasks."
     "|{count()} open task{?count() != 1|s} ({count(severity == 'high')} high severity)"
     "{?sum(usd_at_stake)|, {sum(usd_at_stake)} at stake}; see the Tasks sheet."
     "{?top(detail, usd_at_stake)| The largest: {top(detail, usd_at_stake)}}}"},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */

/* The sheets of its results: column labels, formats, widths and what adds up in the totals row. */
static const fc_sheet_column queue_columns[] = {
    {"task_id", "Task", FC_SHEET_FMT_DEFAULT, 18, FC_SHEET_TOTAL_NONE},
    {"severity", "Severity", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"kind", "Kind", FC_SHEET_FMT_DEFAULT, 20, FC_SHEET_TOTAL_NONE},
    {"node_path", "Node", FC_SHEET_FMT_DEFAULT, 50, FC_SHEET_TOTAL_NONE},
    {"workload_id", "Workload ID", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
    {"assignee_role", "Assignee role", FC_SHEET_FMT_DEFAULT, 16, FC_SHEET_TOTAL_NONE},
    {"assignee_email", "Assignee", FC_SHEET_FMT_DEFAULT, 24, FC_SHEET_TOTAL_NONE},
    {"usd_at_stake", "At stake", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"detail", "What to do", FC_SHEET_FMT_DEFAULT, 80, FC_SHEET_TOTAL_NONE},
};

const fc_sheet_decl tasks_sheets[] = {{"queue", "tasks.queue", "Tasks", FL | PM | PO | CE, FC_SHEET_ROWS_ALL,
                                       "-usd_at_stake", queue_columns,
                                       sizeof queue_columns / sizeof queue_columns[0], NULL},
                                      {NULL, NULL, NULL, 0, FC_SHEET_ROWS_ALL, NULL, NULL, 0, NULL}};
