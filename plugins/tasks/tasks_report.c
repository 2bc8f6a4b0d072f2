/* tasks_report.c: the task queue plugin's report content: its briefing statement and the sheets
 * of its results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
const fc_stmt_decl tasks_statements[] = {
    /* tasks can put the same money at stake more than once: a sum past the money range is left out */
    {"tasks", "tasks.queue", 0, 20, NULL,
     "{?count() == 0|No open compliance tasks."
     "|{count()} open task{?count() != 1|s} ({count(severity == 'high')} high severity)"
     "{?sum(usd_at_stake)|, {sum(usd_at_stake)} at stake}; see the Tasks sheet."
     "{?top(detail, usd_at_stake)| The largest: {top(detail, usd_at_stake)}}}"},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */
