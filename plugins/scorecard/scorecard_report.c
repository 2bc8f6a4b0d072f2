/* scorecard_report.c: the report card plugin's report content: its briefing statement and the
 * sheets of its results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define FL FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
#define PM FC_ROLE_BIT(FC_PERSON_PORTFOLIO_MANAGER)
#define PO FC_ROLE_BIT(FC_PERSON_PRODUCT_OWNER)

const fc_stmt_decl scorecard_statements[] = {
    /* the card's own explanation after its "Score N (G)." opening: what cost the points */
    {"score", "scorecard.nodes", FL | PM | PO, 65, "score",
     "Report card: {score:0} out of 100{?grade| (grade {grade})}."
     "{?score_explanation ^= 'Score '| {score_explanation:rest}}"},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */
