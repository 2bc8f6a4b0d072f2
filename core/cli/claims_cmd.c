/* claims_cmd.c: `finops claims`: lists the claims ledger with each claim's status on a day. */
#include "claims_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claims_cover.h"
#include "diag.h"
#include "util.h"

fc_claim_status fc_claim_status_on(const fc_cfg_claim *c, int32_t day) {
  if (day < c->from_day)
    return FC_CLAIM_FUTURE;
  if (day > c->until_day)
    return FC_CLAIM_ENDED;
  return FC_CLAIM_ACTIVE;
}

const char *fc_claim_status_name(fc_claim_status s) {
  return s == FC_CLAIM_ACTIVE ? "active" : s == FC_CLAIM_ENDED ? "ended" : "future";
}

static const char claims_help[] =
    "usage: finops claims [-c finops.yaml] [--workload ID] [--status active|ended|future]\n"
    "                     [--as-of YYYY-MM-DD] [--period YYYY-MM]\n"
    "\n"
    "Lists the claims ledger (claims_file in finops.yaml), one tab-separated line per claim in ledger\n"
    "order: workload, kind, ARN, from, until (empty when open-ended), status on the --as-of day,\n"
    "claimed_by, claimed_at, the ledger's file:line, then the period and what the claim covered in it\n"
    "(covered_usd: the dollars the attribution gave the workload through the claim). The dollars come\n"
    "from the published report of the period when it was made from this ledger, else from a fresh run\n"
    "of the inputs; stderr says which.\n"
    "\n"
    "  -c FILE                  the configuration (default: finops.yaml)\n"
    "  --workload ID            only the claims of this workload\n"
    "  --status S               only claims that are active, ended or future on the --as-of day\n"
    "  --as-of YYYY-MM-DD       the day the status is taken on (default: today, UTC)\n"
    "  --period YYYY-MM         the period of covered_usd (default: the configured period, else the\n"
    "                           latest published, else the latest in the inputs)\n"
    "\n"
    "exit status: 0 listed (also when nothing matches), 2 usage or configuration errors\n";

enum { O_WORKLOAD = 1000, O_STATUS, O_ASOF, O_HELP, O_PERIOD };
static const struct option opts[] = {{"workload", required_argument, NULL, O_WORKLOAD},
                                     {"status", required_argument, NULL, O_STATUS},
                                     {"as-of", required_argument, NULL, O_ASOF},
                                     {"period", required_argument, NULL, O_PERIOD},
                                     {"help", no_argument, NULL, O_HELP},
                                     {NULL, 0, NULL, 0}};

static int usage(const char *fmt, const char *arg) {
  fprintf(stderr, "finops claims: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'finops claims --help'.\n");
  return 2;
}

static const char *kind_key(fc_claim_kind k) {
  return k == FC_CLAIM_ROLE ? "iam_role" : k == FC_CLAIM_USER ? "iam_user" : "inference_profile";
}

int fc_cmd_claims(int argc, char **argv) {
  const char *config = "finops.yaml", *workload = NULL;
  int status = -1;
  int32_t period = 0;
  int32_t as_of = (int32_t)(time(NULL) / 86400);
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "+:c:", opts, NULL)) != -1) {
    switch (c) {
    case 'c':
      config = optarg;
      break;
    case O_WORKLOAD:
      workload = optarg;
      break;
    case O_STATUS:
      if (strcmp(optarg, "active") == 0)
        status = FC_CLAIM_ACTIVE;
      else if (strcmp(optarg, "ended") == 0)
        status = FC_CLAIM_ENDED;
      else if (strcmp(optarg, "future") == 0)
        status = FC_CLAIM_FUTURE;
      else
        return usage("--status: expected active, ended or future, found '%s'", optarg);
      break;
    case O_PERIOD:
      if (fc_period_parse(optarg, &period))
        return usage("--period: expected YYYY-MM, found '%s'", optarg);
      break;
    case O_ASOF:
      if (fc_date_parse(optarg, &as_of))
        return usage("--as-of: expected YYYY-MM-DD, found '%s'", optarg);
      break;
    case O_HELP:
      fputs(claims_help, stdout);
      return 0;
    case ':':
      return usage("option '%s' needs a value", argv[optind - 1]);
    default:
      return usage("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind < argc)
    return usage("unexpected argument '%s'", argv[optind]);

  fc_config cfg;
  fc_diags d = {0};
  if (fc_config_load(config, &cfg, &d)) {
    fc_diags_print(&d, stderr);
    fc_diags_free(&d);
    fc_config_free(&cfg);
    return 2;
  }
  fc_diags_print(&d, stderr);
  fc_diags_free(&d);
  int known = workload == NULL;
  for (size_t i = 0; i < cfg.nworkloads && !known; i++)
    known = strcmp(cfg.workloads[i].id, workload) == 0;
  if (!known) {
    fprintf(stderr, "finops claims: --workload: '%s' is not a workload of %s\n", workload, config);
    fc_config_free(&cfg);
    return 2;
  }
  /* what each claim covered in the period, in dollars: from the published report, or a fresh run */
  fc_claims_cover cover;
  fc_diags cd = {0};
  if (fc_claims_cover_load(config, &cfg, period, &cover, &cd)) {
    fc_diags_free(&cd);
    fc_claims_cover_free(&cover);
    fc_config_free(&cfg);
    fprintf(stderr, "finops claims: out of memory\n");
    return 1;
  }
  fc_diags_print(&cd, stderr);
  fc_diags_free(&cd);
  char cp[16];
  if (cover.period)
    fprintf(stderr, "covered_usd: what each claim attributed to its workload in %s, from %s\n",
            fc_period_format(cover.period, cp), cover.source);
  printf("workload\tkind\tarn\tfrom\tuntil\tstatus\tclaimed_by\tclaimed_at\tledger\tperiod\tcovered_usd\n");
  for (size_t i = 0; i < cfg.nclaims; i++) {
    const fc_cfg_claim *cl = &cfg.claims[i];
    fc_claim_status s = fc_claim_status_on(cl, as_of);
    if (workload && strcmp(cl->workload_id, workload) != 0)
      continue;
    if (status >= 0 && (int)s != status)
      continue;
    char from[16], until[16] = "", at[16] = "";
    fc_date_format(cl->from_day, from);
    if (cl->until_day != INT32_MAX)
      fc_date_format(cl->until_day, until);
    if (cl->claimed_at >= 0)
      fc_date_format(cl->claimed_at, at);
    char usd[40] = "";
    if (cover.have[i])
      fc_money_format(cover.usd[i], 6, usd);
    printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s:%d\t%s\t%s\n", cl->workload_id, kind_key(cl->kind), cl->arn,
           from, until, fc_claim_status_name(s), cl->claimed_by ? cl->claimed_by : "", at,
           cfg.claims_file ? cfg.claims_file : "", cl->pos.line,
           cover.period ? fc_period_format(cover.period, cp) : "", usd);
  }
  fc_claims_cover_free(&cover);
  fc_config_free(&cfg);
  return 0;
}
