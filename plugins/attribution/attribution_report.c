/* attribution_report.c: the attribution plugin's report content: its briefing statements and the
 * sheets of its results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define FL FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
#define PM FC_ROLE_BIT(FC_PERSON_PORTFOLIO_MANAGER)
#define PO FC_ROLE_BIT(FC_PERSON_PRODUCT_OWNER)
#define CE FC_ROLE_BIT(FC_PERSON_CLOUD_ENGINEER)

/* usage by principal kind among the unclaimed, and the rest by reason */
#define UNCLAIMED_OF(kind) "reason == 'unclaimed' and principal_kind == '" kind "'"
#define CLAIMABLE                                                                                            \
  "reason == 'unclaimed' and (principal_kind == 'iam_role' or principal_kind == 'iam_user' or "             \
  "principal_kind == 'inference_profile')"
#define UNCLAIMED(kind, words)                                                                               \
  "{?count(usage_usd and " UNCLAIMED_OF(kind) ") > 0|{count(usage_usd and " UNCLAIMED_OF(                   \
      kind) ")} " words "{?count(usage_usd and " UNCLAIMED_OF(kind) ") != 1|s} in your accounts {?count("   \
            "usage_usd and " UNCLAIMED_OF(kind) ") == 1|is|are} unclaimed: {sum(usage_usd, " UNCLAIMED_OF(     \
                kind) ")} of Bedrock spend. Product owners: claim {?count(usage_usd and " UNCLAIMED_OF(kind) \
                ") == 1|it|them} with finops claim (the Unclaimed sheet gives each command).\n}"
#define OTHER "sum(usage_usd, not (" CLAIMABLE "))"
#define BECAUSE(reason, words) "{?sum(usage_usd, reason == '" reason "') != 0| {sum(usage_usd, reason == '" reason "')} " words "}"

const fc_stmt_decl attribution_statements[] = {
    {"overview", "attribution.nodes", 0, 10, "total_usage_usd",
     "Bedrock usage under {$scope} came to {total_usage_usd} in {$month}, with data through {$through}."
     "{?total_adjustments_usd < 0 and net_usd| Credits and refunds of {abs(total_adjustments_usd)} bring the net "
     "to {net_usd}.}"
     "{?total_adjustments_usd > 0 and net_usd| Tax, fees and other charges of {total_adjustments_usd} bring the "
     "net to {net_usd}.}"
     "{?previous_usage_usd > 0|{?forecast_usd and not $complete| Last month ({$previous_month}) came to "
     "{previous_usage_usd}; at this pace {$month} ends at {forecast_usd}, "
     "{abs(forecast_usd - previous_usage_usd) / previous_usage_usd:pct0} "
     "{?forecast_usd >= previous_usage_usd|more|less}."
     "| Last month ({$previous_month}) came to {previous_usage_usd}: "
     "{abs(total_usage_usd - previous_usage_usd) / previous_usage_usd:pct0} "
     "{?total_usage_usd >= previous_usage_usd|more|less} this month.}}\n"
     "{?unattributed_usd > 0 and total_usage_usd > 0|{unattributed_usd} of it "
     "({unattributed_usd / total_usage_usd:pct1}) is not attributed to any workload yet."
     "|{?unattributed_usd == 0|All of it is attributed to workloads.}}"},
    {"leaders", "attribution.workloads", FL | PM, 30, "count(usage_usd) > 0",
     "{?count(usage_usd) == 1|{top(name, usage_usd)} spent {top(usage_usd, usage_usd)} this month."
     "|{top(name, usage_usd)} leads at {top(usage_usd, usage_usd)} this month, followed by "
     "{top(name, usage_usd, 2)} at {top(usage_usd, usage_usd, 2)}"
     "{?count(usage_usd) > 2|; the other {count(usage_usd) - 2} workload{?count(usage_usd) - 2 != 1|s} together "
     "spent {sum(usage_usd) - top(usage_usd, usage_usd) - top(usage_usd, usage_usd, 2)}}.}"},
    {"unclaimed", "attribution.unattributed", FL | PM | CE, 40, NULL,
     UNCLAIMED("iam_role", "IAM role") UNCLAIMED("iam_user", "IAM user")
         UNCLAIMED("inference_profile", "application inference profile")
     "{?" OTHER " > 0|{?count(usage_usd and " CLAIMABLE ") > 0|A further }{" OTHER "} is unattributed:"
     "{join ';'|" BECAUSE("before_claim", "spent before a claim started") "|" BECAUSE(
         "after_claim", "spent after a claim ended") "|" BECAUSE("no_principal", "on rows without an IAM principal") "|"
     "{?sum(usage_usd, reason == 'unclaimed' and not (" CLAIMABLE ")) != 0| {sum(usage_usd, reason == "
     "'unclaimed' and not (" CLAIMABLE "))} by principals that cannot be claimed}}."
     "|{?count() == 0|Every principal calling Bedrock here is claimed.}}"},
    {"coverage", "attribution.nodes", 0, 90, "coverage.profile and coverage.role",
     "{coverage.profile:pct1} of usage came through application inference profiles and {coverage.role:pct1} "
     "through claimed IAM roles{?coverage.unattributed > 0|; {coverage.unattributed:pct1} is unattributed}."},
    {"conflicts", "attribution.conflicts", FL | CE, 80, "count() > 0",
     "{count()} double claim{?count() != 1|s}: {sum(usd)} of spend through a claimed inference profile also came "
     "from a role another workload claimed; it is counted once, for the profile's workload."},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */

/* The sheets of its results: column labels, formats, widths and what adds up in the totals row. */
static const fc_sheet_column nodes_columns[] = {
    {"$node", "Node", FC_SHEET_FMT_DEFAULT, 62, FC_SHEET_TOTAL_NONE},
    {"$level", "Level", FC_SHEET_FMT_DEFAULT, 16, FC_SHEET_TOTAL_NONE},
    {"usage_usd", "Attributed usage", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"unattributed_usd", "Unattributed", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"total_adjustments_usd", "Adjustments", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"net_usd", "Net", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"coverage.profile", "Via profile", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"coverage.role", "Via role", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"coverage.unattributed", "Unattributed share", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
};
static const fc_sheet_column workloads_columns[] = {
    {"name", "Workload", FC_SHEET_FMT_DEFAULT, 26, FC_SHEET_TOTAL_NONE},
    {"workload_id", "ID", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
    {"usage_usd", "Usage", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"adjustments_usd", "Adjustments", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"net_usd", "Net", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"via_profile_usd", "Via profile", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"via_role_usd", "Via role", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"rows", "CUR rows", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
};
static const fc_sheet_column chargeback_columns[] = {
    {"bucket", "Bucket", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"workload_id", "Workload ID", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
    {"node_path", "Node", FC_SHEET_FMT_DEFAULT, 50, FC_SHEET_TOTAL_NONE},
    {"account_id", "Account", FC_SHEET_FMT_DEFAULT, 15, FC_SHEET_TOTAL_NONE},
    {"reason", "Reason", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"usage_usd", "Usage", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"adjustments_usd", "Adjustments", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"net_usd", "Net", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"input_tokens", "Input tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"output_tokens", "Output tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"cache_read_tokens", "Cache-read tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"cache_write_tokens", "Cache-write tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"period", "Period", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
};
static const fc_sheet_column unattributed_columns[] = {
    {"account_id", "Account", FC_SHEET_FMT_DEFAULT, 15, FC_SHEET_TOTAL_NONE},
    {"reason", "Reason", FC_SHEET_FMT_DEFAULT, 14, FC_SHEET_TOTAL_NONE},
    {"principal_kind", "Kind", FC_SHEET_FMT_DEFAULT, 12, FC_SHEET_TOTAL_NONE},
    {"claim_arn", "Principal to claim", FC_SHEET_FMT_DEFAULT, 60, FC_SHEET_TOTAL_NONE},
    {"usage_usd", "Usage", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"net_usd", "Net", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"first_day", "First day", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"last_day", "Last day", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"action", "What to do", FC_SHEET_FMT_DEFAULT, 80, FC_SHEET_TOTAL_NONE},
    {"seen_as", "Seen in CUR as", FC_SHEET_FMT_DEFAULT, 60, FC_SHEET_TOTAL_NONE},
    {"rows", "CUR rows", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"principals", "Principals", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"sessions", "Role sessions in the month", FC_SHEET_FMT_DEFAULT, 12, FC_SHEET_TOTAL_NONE},
    {"session_examples", "Session names (examples)", FC_SHEET_FMT_DEFAULT, 50, FC_SHEET_TOTAL_NONE},
};
static const fc_sheet_column conflicts_columns[] = {
    {"profile_workload", "Profile's workload", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
    {"role_workload", "Role's workload", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
    {"usd", "Counted once", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"profile", "Profile", FC_SHEET_FMT_DEFAULT, 50, FC_SHEET_TOTAL_NONE},
    {"principal", "Principal", FC_SHEET_FMT_DEFAULT, 50, FC_SHEET_TOTAL_NONE},
};
static const fc_sheet_column findings_columns[] = {
    {"kind", "Kind", FC_SHEET_FMT_DEFAULT, 20, FC_SHEET_TOTAL_NONE},
    {"severity", "Severity", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"workload_id", "Workload ID", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
    {"assignee_role", "Assignee role", FC_SHEET_FMT_DEFAULT, 16, FC_SHEET_TOTAL_NONE},
    {"usd_at_stake", "At stake", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"detail", "What to do", FC_SHEET_FMT_DEFAULT, 80, FC_SHEET_TOTAL_NONE},
};

const fc_sheet_decl attribution_sheets[] = {
    {"nodes", "attribution.nodes", "Hierarchy", FL | PM, FC_SHEET_ROWS_ALL, NULL, nodes_columns,
     sizeof nodes_columns / sizeof nodes_columns[0], NULL},
    {"workloads", "attribution.workloads", "Workloads", FL | PM | PO | CE, FC_SHEET_ROWS_ALL, "-usage_usd",
     workloads_columns, sizeof workloads_columns / sizeof workloads_columns[0], NULL},
    {"chargeback", "attribution.chargeback", "Chargeback", FL | PO, FC_SHEET_ROWS_ALL, NULL,
     chargeback_columns, sizeof chargeback_columns / sizeof chargeback_columns[0], NULL},
    {"unattributed", "attribution.unattributed", "Unclaimed", FL | PM | CE, FC_SHEET_ROWS_ALL, "-usage_usd",
     unattributed_columns, sizeof unattributed_columns / sizeof unattributed_columns[0], NULL},
    {"conflicts", "attribution.conflicts", "Conflicts", FL | CE, FC_SHEET_ROWS_ALL, NULL, conflicts_columns,
     sizeof conflicts_columns / sizeof conflicts_columns[0], NULL},
    {"findings", "attribution.findings", "Findings", CE, FC_SHEET_ROWS_ALL, "-usd_at_stake", findings_columns,
     sizeof findings_columns / sizeof findings_columns[0], NULL},
    {NULL, NULL, NULL, 0, FC_SHEET_ROWS_ALL, NULL, NULL, 0, NULL}};
