/* askcmd.c: command lines of `finops ask`, `finops mcp` and `finops approve`. */
#include "askcmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "approve.h"
#include "ask.h"
#include "mcp.h"
#include "util.h"

static const char ask_help[] =
    "usage: finops ask --as EMAIL [-c finops.yaml] [--period YYYY-MM] QUESTION...\n"
    "       finops ask --as EMAIL [-c finops.yaml] [--period YYYY-MM] --batch < questions.txt\n\n"
    "Answers a cost question from the period's published results (summary.json of `finops run`), only\n"
    "within the person's scope, in one to three sentences with the figures, the as-of day and a Source\n"
    "line. Ask \"what can you answer?\" for the list of questions. --batch answers one question per line\n"
    "of standard input, each answer after a line \"### KIND QUESTION\".\n\n"
    "exit status: 0 answered, 1 I/O error, 2 usage or configuration errors, an unknown --as, no results\n";

static const char mcp_help[] =
    "usage: finops mcp --as EMAIL [-c finops.yaml] [--period YYYY-MM]\n\n"
    "Serves Agent Bill for one person over the Model Context Protocol (JSON-RPC 2.0, one message per\n"
    "line on standard input and output): tools for each question type, `ask` for free text, and\n"
    "`approve_spend` for people who may approve; the person's pack files as resources; the\n"
    "`agent-bill` prompt. Configure it in an MCP client as the command `finops mcp --as EMAIL -c PATH`.\n\n"
    "exit status: 0 at end of input, 2 usage or configuration errors, an unknown --as, no results\n";

static const char approve_help[] =
    "usage: finops approve [-c finops.yaml] --workload ID --usd AMOUNT --until YYYY-MM-DD --by EMAIL\n"
    "                      --reason TEXT\n\n"
    "Approves a workload's Bedrock spend over its estimate, up to AMOUNT USD until the day, and appends\n"
    "the approval to approvals.yaml beside finops.yaml (written atomically). Only the FinOps leader or\n"
    "the portfolio manager above the workload may approve. An approved overage is shown as approved,\n"
    "not as an alert, in the packs and tasks of the next run and in answers at once. --by defaults to\n"
    "$FINOPS_USER.\n\n"
    "exit status: 0 approved, 1 the ledger could not be written, 2 usage errors or a refusal\n";

enum { O_AS = 1000, O_PERIOD, O_BATCH, O_WORKLOAD, O_USD, O_UNTIL, O_BY, O_REASON, O_HELP };

static const struct option opts[] = {
    {"as", required_argument, NULL, O_AS},   {"period", required_argument, NULL, O_PERIOD},
    {"batch", no_argument, NULL, O_BATCH},   {"workload", required_argument, NULL, O_WORKLOAD},
    {"usd", required_argument, NULL, O_USD}, {"until", required_argument, NULL, O_UNTIL},
    {"by", required_argument, NULL, O_BY},   {"reason", required_argument, NULL, O_REASON},
    {"help", no_argument, NULL, O_HELP},     {NULL, 0, NULL, 0}};

typedef struct cargs {
  const char *config, *as, *workload, *usd, *until, *by, *reason;
  int32_t period;
  int batch, help;
  char **rest;
  int nrest;
} cargs;

/* Returns 0, or 2 after printing a usage error. allowed: the long option names that apply. */
static int parse(const char *cmd, int argc, char **argv, const char *allowed, cargs *a) {
  memset(a, 0, sizeof *a);
  a->config = "finops.yaml";
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "+c:", opts, NULL)) != -1) {
    const char *name = NULL;
    for (size_t i = 0; opts[i].name; i++)
      if (opts[i].val == c)
        name = opts[i].name;
    if (c != 'c' && c != O_HELP && (!name || !strstr(allowed, name))) {
      fprintf(stderr, "finops %s: unknown option '%s'\nTry 'finops %s --help'.\n", cmd, argv[optind - 1],
              cmd);
      return 2;
    }
    switch (c) {
    case 'c':
      a->config = optarg;
      break;
    case O_AS:
      a->as = optarg;
      break;
    case O_PERIOD:
      if (fc_period_parse(optarg, &a->period)) {
        fprintf(stderr, "finops %s: --period: expected YYYY-MM, found '%s'\n", cmd, optarg);
        return 2;
      }
      break;
    case O_BATCH:
      a->batch = 1;
      break;
    case O_WORKLOAD:
      a->workload = optarg;
      break;
    case O_USD:
      a->usd = optarg;
      break;
    case O_UNTIL:
      a->until = optarg;
      break;
    case O_BY:
      a->by = optarg;
      break;
    case O_REASON:
      a->reason = optarg;
      break;
    case O_HELP:
      a->help = 1;
      break;
    }
  }
  a->rest = argv + optind;
  a->nrest = argc - optind;
  return 0;
}

static void print_diags(const fc_diags *d) {
  char buf[4096];
  for (size_t i = 0; i < d->n; i++)
    fprintf(stderr, "%s\n", fc_diag_format(&d->v[i], buf, sizeof buf));
}

static int open_for(const char *cmd, const cargs *a, fc_ask *ask) {
  if (!a->as || !*a->as) {
    fprintf(stderr, "finops %s: --as EMAIL is required\nTry 'finops %s --help'.\n", cmd, cmd);
    memset(ask, 0, sizeof *ask);
    return 2;
  }
  fc_diags d = {0};
  int rc = fc_ask_open(ask, a->config, a->as, a->period, &d);
  print_diags(&d);
  fc_diags_free(&d);
  return rc;
}

int fc_cmd_ask(int argc, char **argv) {
  cargs a;
  if (parse("ask", argc, argv, "as period batch", &a))
    return 2;
  if (a.help) {
    fputs(ask_help, stdout);
    return 0;
  }
  if (!a.batch && a.nrest == 0) {
    fprintf(stderr, "finops ask: expected a QUESTION\nTry 'finops ask --help'.\n");
    return 2;
  }
  if (a.batch && a.nrest) {
    fprintf(stderr, "finops ask: --batch reads the questions from standard input, not '%s'\n", a.rest[0]);
    return 2;
  }
  fc_ask ask;
  int rc = open_for("ask", &a, &ask);
  if (rc) {
    fc_ask_close(&ask);
    return rc;
  }
  fc_sb out = {0};
  if (a.batch) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
      while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
      if (!n)
        continue;
      fc_sb_clear(&out);
      fc_ask_kind k = fc_ask_text(&ask, line, &out);
      printf("### %s %s\n%s", k == FC_ASK_NOT_FOUND ? "not_found" : fc_ask_kind_id(k), line, fc_sb_str(&out));
    }
    free(line);
  } else {
    fc_sb q = {0};
    for (int i = 0; i < a.nrest; i++)
      fc_sb_add(&q, "%s%s", i ? " " : "", a.rest[i]);
    fc_ask_text(&ask, fc_sb_str(&q), &out);
    fputs(fc_sb_str(&out), stdout);
    fc_sb_free(&q);
  }
  rc = out.oom ? 1 : 0;
  if (fflush(stdout) != 0)
    rc = 1;
  fc_sb_free(&out);
  fc_ask_close(&ask);
  return rc;
}

int fc_cmd_mcp(int argc, char **argv) {
  cargs a;
  if (parse("mcp", argc, argv, "as period", &a))
    return 2;
  if (a.help) {
    fputs(mcp_help, stdout);
    return 0;
  }
  if (a.nrest) {
    fprintf(stderr, "finops mcp: unexpected argument '%s'\n", a.rest[0]);
    return 2;
  }
  fc_ask ask;
  int rc = open_for("mcp", &a, &ask);
  if (!rc)
    rc = fc_mcp_serve(&ask, stdin, stdout);
  fc_ask_close(&ask);
  return rc;
}

int fc_cmd_approve(int argc, char **argv) {
  cargs a;
  if (parse("approve", argc, argv, "workload usd until by reason", &a))
    return 2;
  if (a.help) {
    fputs(approve_help, stdout);
    return 0;
  }
  if (!a.by)
    a.by = getenv("FINOPS_USER");
  const char *missing = !a.workload ? "--workload ID"
                        : !a.usd    ? "--usd AMOUNT"
                        : !a.until  ? "--until YYYY-MM-DD"
                        : !a.by     ? "--by EMAIL"
                        : !a.reason ? "--reason TEXT"
                                    : NULL;
  if (missing || a.nrest) {
    if (missing)
      fprintf(stderr, "finops approve: %s is required\nTry 'finops approve --help'.\n", missing);
    else
      fprintf(stderr, "finops approve: unexpected argument '%s'\n", a.rest[0]);
    return 2;
  }
  fc_money usd;
  int32_t until;
  if (fc_money_parse(a.usd, strlen(a.usd), &usd, NULL) || usd <= 0) {
    fprintf(stderr, "finops approve: --usd: expected a positive amount, found '%s'\n", a.usd);
    return 2;
  }
  if (fc_date_parse(a.until, &until)) {
    fprintf(stderr, "finops approve: --until: expected YYYY-MM-DD, found '%s'\n", a.until);
    return 2;
  }
  fc_config cfg;
  fc_diags d = {0};
  if (fc_config_load(a.config, &cfg, &d)) {
    print_diags(&d);
    fc_diags_free(&d);
    fc_config_free(&cfg);
    return 2;
  }
  print_diags(&d);
  fc_diags_free(&d);
  time_t now = time(NULL);
  int32_t today = (int32_t)(now / 86400);
  char msg[1024];
  int rc = fc_approve_record(&cfg, a.workload, usd, until, a.by, a.reason, today, msg, sizeof msg);
  if (rc) {
    fprintf(stderr, "finops approve: %s\n", msg);
  } else {
    char amount[40];
    fc_money_format(usd, 2, amount);
    printf("approved: %s may run up to %s USD over its estimate until %s (by %s); recorded in %s\n",
           a.workload, amount, a.until, a.by, msg);
  }
  fc_config_free(&cfg);
  return rc;
}
