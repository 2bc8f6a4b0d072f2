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
