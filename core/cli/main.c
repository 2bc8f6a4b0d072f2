/* main.c: the finops command line. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "approve.h"
#include "askcmd.h"
#include "checks.h"
#include "claim.h"
#include "claims_cmd.h"
#include "config.h"
#include "duckdb_src.h"
#include "ingest.h"
#include "decl_check.h"
#include "plugin_host.h"
#include "pipeline.h"
#include "run.h"
#include "email_config.h"
#include "send.h"
#include "sql_cmd.h"
#include "util.h"
#include "uses.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: finops COMMAND [OPTIONS]\n"
    "\n"
    "Attributes Amazon Bedrock spend in AWS CUR 2.0 exports to the workloads that claimed it.\n"
    "\n"
    "commands:\n"
    "  run     [-c finops.yaml] [--period YYYY-MM] [--as-of YYYY-MM-DD] [--out DIR] [--plugins DIR] [-q|-v]\n"
    "          [--allow-malformed N] [--allow-empty] [--compare DIR]\n"
    "          ingest the configured CUR exports, run the plugins, publish <out>/<period>/\n"
    "  check   [-c finops.yaml] [--plugins DIR] [--allow-malformed N]\n"
    "          validate the configuration, claims, plugins and inputs; print every problem, exit 2 if any\n"
    "  claim   [-c finops.yaml] --workload ID (--iam-role ARN | --iam-user ARN | --inference-profile ARN)\n"
    "          [--from YYYY-MM-DD] [--by EMAIL] [--force]\n"
    "          check that the ARN occurs in the CUR data and claim it for the workload in the claims ledger\n"
    "  claims  [-c finops.yaml] [--workload ID] [--status active|ended|future] [--as-of YYYY-MM-DD]\n"
    "          list the claims ledger with each claim's status\n"
    "  plugins [--plugins DIR]\n"
    "          list the plugins found: name, version, ABI, what they read and write\n"
    "  send    [-c finops.yaml] [--period YYYY-MM] [--only EMAIL]... [--dry-run DIR] [--resend]\n"
    "          email each person their report card and pack, once (see finops send --help)\n"
    "  sql     [-c finops.yaml] [--period YYYY-MM] --dialect athena|trino|duckdb [--table NAME]\n"
    "          print the ingest as one SQL query to run where the CUR lives; read its result as facts\n"
    "  scan    [-q] [--allow-malformed N] PATH...\n"
    "          ingest CUR files or folders without a configuration and print the statistics\n"
    "  ask     --as EMAIL [-c finops.yaml] [--period YYYY-MM] QUESTION...\n"
    "          answer a cost question from the published results, within the person's scope\n"
    "  mcp     --as EMAIL [-c finops.yaml] [--period YYYY-MM]\n"
    "          serve those answers to an AI client over the Model Context Protocol (stdio)\n"
    "  approve [-c finops.yaml] --workload ID --usd AMOUNT --until YYYY-MM-DD --by EMAIL --reason TEXT\n"
    "          approve a workload's spend over its estimate (approvals.yaml)\n"
    "  --help | --version | COMMAND --help\n"
    "\n"
    "exit status: 0 success, 1 the run failed (I/O, a plugin), 2 usage, configuration or input errors\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "finops: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'finops --help'.\n");
  return EXIT_USAGE;
}

typedef struct progress {
  int on;
  struct timespec t0;
} progress;

static double elapsed(const progress *p) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - p->t0.tv_sec) + (double)(t.tv_nsec - p->t0.tv_nsec) / 1e9;
}

/* Progress goes to a terminal only: never into pipes or CI logs. */
static void show_progress(void *user, const char *file, const fc_ingest_stats *st, int done) {
  progress *p = user;
  (void)file;
  (void)done;
  if (!p->on)
    return;
  double s = elapsed(p);
  fprintf(stderr, "\r\033[Kingest: %llu files, %llu rows (%llu Bedrock), %.0f MB, %.0f MB/s",
          (unsigned long long)st->files, (unsigned long long)st->rows, (unsigned long long)st->bedrock_rows,
          (double)st->bytes_csv / 1e6, s > 0 ? (double)st->bytes_csv / 1e6 / s : 0.0);
}

static void progress_end(progress *p) {
  if (p->on)
    fprintf(stderr, "\r\033[K");
}

static void print_diags(const fc_diags *d, int quiet) {
  for (size_t i = 0; i < d->n; i++) {
    if (quiet && d->v[i].sev == FC_SEV_NOTE)
      continue;
    fc_diag_print(&d->v[i], stderr); /* whole, however long */
  }
}

static int exit_for(fc_status st) {
  switch (st) {
  case FC_OK:
    return EXIT_OK;
  case FC_ERR_CONFIG:
  case FC_ERR_PARSE:
  case FC_ERR_USAGE:
  case FC_ERR_ABI:
  case FC_ERR_OVERFLOW: /* money sums only leave the range on the data's account */
    return EXIT_USAGE;
  default:
    return EXIT_FAILED;
  }
}

enum {
  OPT_PERIOD = 256,
  OPT_AS_OF,
  OPT_OUT,
  OPT_PLUGINS,
  OPT_HELP,
  OPT_WORKLOAD,
  OPT_IAM_ROLE,
  OPT_IAM_USER,
  OPT_PROFILE,
  OPT_FROM,
  OPT_BY,
  OPT_FORCE,
  OPT_ALLOW_MALFORMED,
  OPT_ALLOW_EMPTY,
  OPT_UNTIL,
  OPT_COMPARE,
  OPT_JOBS
};

static const struct option long_opts[] = {{"config", required_argument, NULL, 'c'},
                                          {"period", required_argument, NULL, OPT_PERIOD},
                                          {"as-of", required_argument, NULL, OPT_AS_OF},
                                          {"out", required_argument, NULL, OPT_OUT},
                                          {"plugins", required_argument, NULL, OPT_PLUGINS},
                                          {"quiet", no_argument, NULL, 'q'},
                                          {"verbose", no_argument, NULL, 'v'},
                                          {"help", no_argument, NULL, OPT_HELP},
                                          {"workload", required_argument, NULL, OPT_WORKLOAD},
                                          {"iam-role", required_argument, NULL, OPT_IAM_ROLE},
                                          {"iam-user", required_argument, NULL, OPT_IAM_USER},
                                          {"inference-profile", required_argument, NULL, OPT_PROFILE},
                                          {"from", required_argument, NULL, OPT_FROM},
                                          {"by", required_argument, NULL, OPT_BY},
                                          {"force", no_argument, NULL, OPT_FORCE},
                                          {"until", required_argument, NULL, OPT_UNTIL},
                                          {"allow-malformed", required_argument, NULL, OPT_ALLOW_MALFORMED},
                                          {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
                                          {"compare", required_argument, NULL, OPT_COMPARE},
                                          {"jobs", required_argument, NULL, OPT_JOBS},
                                          {NULL, 0, NULL, 0}};

typedef struct args {
  const char *config, *out, *plugins;
  int32_t period, as_of;
  int quiet, verbose, help;
  /* claim */
  const char *workload, *arn, *arn_opt, *by;
  fc_claim_kind arn_kind;
  int narn;            /* ARN options given */
  int32_t from, until; /* until: INT32_MIN when not given */
  int force;
  uint64_t allow_malformed; /* --allow-malformed N */
  int allow_empty;          /* --allow-empty */
  const char *compare;      /* --compare DIR */
  int jobs;                 /* --jobs N; 0 = not given */
  char **rest;
  int nrest;
} args;

static int parse_options(const char *cmd, int argc, char **argv, args *a, const char *allowed);

/* Parses a command's options. Returns 0 to go on, or 1 with *rc set: after printing the help
 * (rc 0), or on a usage error (rc 2). Positional arguments are refused unless takes_paths. */
static int parse_args(const char *cmd, int argc, char **argv, args *a, const char *allowed, const char *help,
                      int takes_paths, int *rc) {
  *rc = EXIT_USAGE;
  if (parse_options(cmd, argc, argv, a, allowed))
    return 1;
  if (a->help) {
    fputs(help, stdout);
    *rc = EXIT_OK;
    return 1;
  }
  if (!takes_paths && a->nrest) {
    fprintf(stderr, "finops %s: unexpected argument '%s'\nTry 'finops %s --help'.\n", cmd, a->rest[0], cmd);
    return 1;
  }
  return 0;
}

static int parse_options(const char *cmd, int argc, char **argv, args *a, const char *allowed) {
  memset(a, 0, sizeof *a);
  a->config = "finops.yaml";
  a->as_of = INT32_MIN;
  a->from = INT32_MIN;
  a->until = INT32_MIN;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "+:c:qv", long_opts, NULL)) != -1) {
    const char *name = NULL;
    switch (c) {
    case 'c':
      name = "-c";
      break;
    case OPT_PERIOD:
      name = "--period";
      break;
    case OPT_AS_OF:
      name = "--as-of";
      break;
    case OPT_OUT:
      name = "--out";
      break;
    case OPT_PLUGINS:
      name = "--plugins";
      break;
    case 'q':
      name = "-q";
      break;
    case 'v':
      name = "-v";
      break;
    case OPT_WORKLOAD:
      name = "--workload";
      break;
    case OPT_IAM_ROLE:
      name = "--iam-role";
      break;
    case OPT_IAM_USER:
      name = "--iam-user";
      break;
    case OPT_PROFILE:
      name = "--inference-profile";
      break;
    case OPT_FROM:
      name = "--from";
      break;
    case OPT_BY:
      name = "--by";
      break;
    case OPT_FORCE:
      name = "--force";
      break;
    case OPT_UNTIL:
      name = "--until";
      break;
    case OPT_ALLOW_MALFORMED:
      name = "--allow-malformed";
      break;
    case OPT_ALLOW_EMPTY:
      name = "--allow-empty";
      break;
    case OPT_COMPARE:
      name = "--compare";
      break;
    case OPT_JOBS:
      name = "--jobs";
      break;
    case OPT_HELP:
      a->help = 1;
      continue;
    case ':':
      fprintf(stderr, "finops %s: option %s needs a value\nTry 'finops %s --help'.\n", cmd, argv[optind - 1],
              cmd);
      return -1;
    default:
      fprintf(stderr, "finops %s: unknown option '%s'\nTry 'finops %s --help'.\n", cmd, argv[optind - 1],
              cmd);
      return -1;
    }
    if (!strstr(allowed, name)) {
      fprintf(stderr, "finops %s: option %s does not apply here\nTry 'finops %s --help'.\n", cmd, name, cmd);
      return -1;
    }
    switch (c) {
    case 'c':
      a->config = optarg;
      break;
    case OPT_PERIOD:
      if (fc_period_parse(optarg, &a->period)) {
        fprintf(stderr, "finops %s: --period: expected YYYY-MM, found '%s'\n", cmd, optarg);
        return -1;
      }
      break;
    case OPT_AS_OF:
      if (fc_date_parse(optarg, &a->as_of)) {
        fprintf(stderr, "finops %s: --as-of: expected YYYY-MM-DD, found '%s'\n", cmd, optarg);
        return -1;
      }
      break;
    case OPT_OUT:
      a->out = optarg;
      break;
    case OPT_PLUGINS:
      a->plugins = optarg;
      break;
    case 'q':
      a->quiet = 1;
      break;
    case 'v':
      a->verbose = 1;
      break;
    case OPT_WORKLOAD:
      a->workload = optarg;
      break;
    case OPT_IAM_ROLE:
    case OPT_IAM_USER:
    case OPT_PROFILE:
      a->narn++;
      a->arn = optarg;
      a->arn_opt = name;
      a->arn_kind = c == OPT_IAM_ROLE ? FC_CLAIM_ROLE : c == OPT_IAM_USER ? FC_CLAIM_USER : FC_CLAIM_PROFILE;
      break;
    case OPT_FROM:
      if (fc_date_parse(optarg, &a->from)) {
        fprintf(stderr, "finops %s: --from: expected YYYY-MM-DD, found '%s'\n", cmd, optarg);
        return -1;
      }
      break;
    case OPT_UNTIL:
      if (fc_date_parse(optarg, &a->until)) {
        fprintf(stderr, "finops %s: --until: expected YYYY-MM-DD, found '%s'\n", cmd, optarg);
        return -1;
      }
      break;
    case OPT_BY:
      a->by = optarg;
      break;
    case OPT_FORCE:
      a->force = 1;
      break;
    case OPT_ALLOW_MALFORMED: {
      char *end = NULL;
      errno = 0;
      unsigned long long v = strtoull(optarg, &end, 10);
      if (optarg[0] < '0' || optarg[0] > '9' || *end || errno) {
        fprintf(stderr, "finops %s: --allow-malformed: expected a number of rows, found '%s'\n", cmd, optarg);
        return -1;
      }
      a->allow_malformed = (uint64_t)v;
      break;
    }
    case OPT_ALLOW_EMPTY:
      a->allow_empty = 1;
      break;
    case OPT_COMPARE:
      a->compare = optarg;
      break;
    case OPT_JOBS: {
      char *end = NULL;
      errno = 0;
      long v = strtol(optarg, &end, 10);
      if (optarg[0] < '0' || optarg[0] > '9' || *end || errno || v < 1 || v > 256) {
        fprintf(stderr, "finops %s: --jobs: expected a number of processes from 1 to 256, found '%s'\n", cmd,
                optarg);
        return -1;
      }
      a->jobs = (int)v;
      break;
    }
    }
  }
  /* a plugins folder given that is not there is a usage error, whatever the command */
  struct stat pst;
  errno = 0;
  if (a->plugins && (stat(a->plugins, &pst) != 0 || !S_ISDIR(pst.st_mode))) {
    fprintf(stderr, "finops %s: --plugins: '%s' is not a folder%s%s\n", cmd, a->plugins, errno ? ": " : "",
            errno ? strerror(errno) : "");
    return -1;
  }
  a->rest = argv + optind;
  a->nrest = argc - optind;
  return 0;
}

static int cmd_run(int argc, char **argv) {
  args a;
  int rc;
  if (parse_args(
          "run", argc, argv, &a,
          "-c --period --as-of --out --plugins -q -v --allow-malformed --allow-empty --compare --jobs",
          "usage: finops run [-c finops.yaml] [--period YYYY-MM] [--as-of YYYY-MM-DD] [--out DIR] [--plugins "
          "DIR] "
          "[-q|-v]\n\nIngests the configured CUR exports, runs the plugins in dependency order and publishes "
          "the\n"
          "reports to <out>/<period>/ atomically: a failed run leaves the previous reports untouched.\n"
          "\n"
          "  --allow-malformed N  accept up to N malformed CUR rows over all inputs: each is reported and\n"
          "                       left out, the rest is read exactly (default 0: any is an error)\n"
          "  --allow-empty        publish a period without Bedrock data (default: an error that leaves the\n"
          "                       previous reports in place)\n"
          "  --compare DIR        write changes.csv against the report pack in DIR (default: against the\n"
          "                       pack of the same period already published in <out>, when there is one)\n"
          "  --jobs N             processes drawing the report packs (default: one per processor); the\n"
          "                       output is the same for every N\n",
          0, &rc))
    return rc;
  progress p = {isatty(2) && !a.quiet, {0, 0}};
  clock_gettime(CLOCK_MONOTONIC, &p.t0);
  fc_run_opts o = {a.config, a.period,          a.as_of,       a.out,     a.plugins, a.verbose, show_progress,
                   &p,       a.allow_malformed, a.allow_empty, a.compare, 0,         a.jobs};
  fc_diags d = {0};
  char *where = NULL;
  fc_status st = fc_run_execute(&o, &d, &where);
  progress_end(&p);
  print_diags(&d, a.quiet);
  if (st == FC_OK)
    printf("reports written to %s/\n", where);
  else
    fprintf(stderr, "finops run: failed: %s\n", fc_strerror(st));
  free(where);
  fc_diags_free(&d);
  return exit_for(st);
}

static int cmd_check(int argc, char **argv) {
  args a;
  int rc;
  if (parse_args(
          "check", argc, argv, &a, "-c --plugins -q -v --allow-malformed",
          "usage: finops check [-c finops.yaml] [--plugins DIR] [--allow-malformed N]\n\nValidates the "
          "configuration, the claims ledger, the prices file, the plugins and every input file;\nprints "
          "every problem as file:line:col and exits 2 if there is any. Up to N malformed CUR rows\n"
          "(--allow-malformed N) are warnings.\n",
          0, &rc))
    return rc;
  fc_diags d = {0};
  fc_config cfg;
  memset(&cfg, 0, sizeof cfg);
  fc_status st = fc_config_load(a.config, &cfg, &d);
  if (st == FC_OK) { /* the spend approvals ledger, when there is one */
    fc_approvals ap;
    fc_approvals_load(&cfg, NULL, &ap, &d);
    fc_approvals_free(&ap);
  }
  fc_plugins ps = {0};
  if (st != FC_ERR_IO) {
    char *pdir = a.plugins ? fc_strdup(a.plugins) : fc_default_plugins_dir();
    if (pdir && (a.plugins || access(pdir, F_OK) == 0))
      fc_plugins_load(pdir, fc_report_decls_check, &ps, &d);
    free(pdir);
  }
  if (st != FC_ERR_IO && cfg.dir) { /* the email: section, for `finops send` */
    fc_email_config ec;
    fc_email_config_load(a.config, cfg.dir, &ec, &d);
    fc_email_config_free(&ec);
  }
  uint64_t malformed = 0, rows = 0, bedrock = 0, files = 0;
  if (st == FC_OK || st == FC_ERR_CONFIG) {
    if (cfg.ncur_inputs) {
      fc_ingest in;
      if (fc_ingest_init(&in, FC_DIM_MASK_CORE, &d) == FC_OK) {
        progress p = {isatty(2) && !a.quiet, {0, 0}};
        clock_gettime(CLOCK_MONOTONIC, &p.t0);
        in.progress = show_progress;
        in.progress_user = &p;
        in.allow_malformed = a.allow_malformed;
        in.engine_duckdb = cfg.cur_engine_duckdb;
        fc_ingest_inputs(&in, cfg.dir, cfg.cur_inputs, cfg.ncur_inputs);
        progress_end(&p);
        malformed = in.stats.malformed_rows;
        rows = in.stats.rows;
        bedrock = in.stats.bedrock_rows;
        files = in.stats.files;
        fc_ingest_free(&in);
      }
    }
  }
  if (st == FC_OK || st == FC_ERR_CONFIG)
    fc_check_prices(&cfg, &d);
  if (st == FC_OK || st == FC_ERR_CONFIG) /* what each input is; facts files against the plugins */
    fc_check_inputs(&cfg, fc_plugins_dim_mask(&ps), &d, stdout);
  print_diags(&d, a.quiet);
  int bad = d.nerrors > 0;
  if (!a.quiet)
    fprintf(stderr,
            "%s: %zu errors, %zu warnings; %llu files, %llu rows, %llu Bedrock rows, %llu malformed\n",
            a.config, d.nerrors, d.nwarnings, (unsigned long long)files, (unsigned long long)rows,
            (unsigned long long)bedrock, (unsigned long long)malformed);
  fc_plugins_free(&ps);
  fc_config_free(&cfg);
  fc_diags_free(&d);
  return bad ? EXIT_USAGE : EXIT_OK;
}

static const char claim_help[] =
    "usage: finops claim [-c finops.yaml] --workload ID (--iam-role ARN | --iam-user ARN |\n"
    "                    --inference-profile ARN) [--from YYYY-MM-DD | --until YYYY-MM-DD] [--by EMAIL]\n"
    "                    [--force] [-q]\n"
    "\n"
    "Claims an IAM role, an IAM user or an application inference profile for workload ID from a day\n"
    "on, by appending an entry to the claims ledger (claims_file in finops.yaml). Before writing it\n"
    "checks that the workload is configured, that the ARN is of the kind its option names, that the\n"
    "ARN occurs in the CUR data of the configured inputs (a role matches by account and role name, as\n"
    "CUR writes arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION without the role's path; a profile by\n"
    "account and profile id), and that no claim of the same principal or profile, by another\n"
    "workload or by this one, overlaps it. The ledger is replaced atomically, and only once it loads\n"
    "with the new entry: a refused or failed claim leaves it untouched.\n"
    "\n"
    "  --workload ID            the workload's id in finops.yaml\n"
    "  --iam-role ARN           arn:aws:iam::ACCOUNT:role/[PATH/]NAME\n"
    "  --iam-user ARN           arn:aws:iam::ACCOUNT:user/[PATH/]NAME (Bedrock API keys are IAM users)\n"
    "  --inference-profile ARN  arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID\n"
    "  --from YYYY-MM-DD        first day the claim covers (default: today, UTC)\n"
    "  --until YYYY-MM-DD       end the workload's existing claim of the ARN on this day (inclusive)\n"
    "                           instead of adding one; not before the claim's from\n"
    "  --by EMAIL               who claims it (default: $FINOPS_USER; left out when neither is set)\n"
    "  --force                  claim a principal or profile that does not occur in the CUR data (it\n"
    "                           has not called Bedrock yet, or its CUR data has not landed); the spend\n"
    "                           the readable CUR data shows is still reported (an extension of the\n"
    "                           documented command)\n"
    "  -q                       no progress display\n"
    "\n"
    "exit status: 0 claimed, 1 the ledger could not be written, 2 usage, configuration or input errors,\n"
    "an ARN not seen in the CUR data, or an overlapping claim\n";

static int claim_usage(const char *msg, const char *arg) {
  fprintf(stderr, "finops claim: ");
  fprintf(stderr, msg, arg);
  fprintf(stderr, "\nTry 'finops claim --help'.\n");
  return EXIT_USAGE;
}

/* Why s cannot be written as a ledger value (control characters, broken UTF-8), or NULL. */
static const char *text_problem(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    if (*p < 0x20 || *p == 0x7f)
      return "contains a control character";
    int more = *p < 0x80             ? 0
               : (*p & 0xe0) == 0xc0 ? 1
               : (*p & 0xf0) == 0xe0 ? 2
               : (*p & 0xf8) == 0xf0 ? 3
                                     : -1;
    if (more < 0 || (*p & 0xfe) == 0xc0)
      return "is not valid UTF-8";
    p++;
    for (int i = 0; i < more; i++, p++)
      if ((*p & 0xc0) != 0x80)
        return "is not valid UTF-8";
  }
  return NULL;
}

static const char *kind_option(fc_claim_kind k) {
  return k == FC_CLAIM_ROLE ? "--iam-role" : k == FC_CLAIM_USER ? "--iam-user" : "--inference-profile";
}

static void claim_progress_done(void *user) { progress_end(user); }

static int cmd_claim(int argc, char **argv) {
  args a;
  int rc;
  if (parse_args("claim", argc, argv, &a,
                 "-c --workload --iam-role --iam-user --inference-profile --from --until --by --force -q",
                 claim_help, 0, &rc))
    return rc;
  if (!a.workload)
    return claim_usage("--workload ID is required%s", "");
  if (a.until != INT32_MIN && a.from != INT32_MIN)
    return claim_usage("give --from (a new claim) or --until (end a claim), not both%s", "");
  if (a.narn != 1)
    return claim_usage(a.narn ? "give only one of --iam-role, --iam-user or --inference-profile%s"
                              : "give one of --iam-role ARN, --iam-user ARN or --inference-profile ARN%s",
                       "");
  fc_claim_kind kind;
  char *account = NULL, *name = NULL;
  const char *why = NULL;
  if (fc_arn_parse_claim(a.arn, &kind, &account, &name, &why)) {
    fprintf(stderr, "finops claim: %s: '%s' %s\n", a.arn_opt, a.arn, why);
    return EXIT_USAGE;
  }
  free(account);
  free(name);
  if (kind != a.arn_kind) {
    fprintf(stderr, "finops claim: %s: '%s' is %s ARN; use %s\n", a.arn_opt, a.arn,
            kind == FC_CLAIM_ROLE   ? "an IAM role"
            : kind == FC_CLAIM_USER ? "an IAM user"
                                    : "an application inference profile",
            kind_option(kind));
    return EXIT_USAGE;
  }
  const char *by = a.by, *by_from = "--by";
  if (!by) {
    by = getenv("FINOPS_USER");
    by_from = "$FINOPS_USER";
    if (by && !*by)
      by = NULL;
  }
  if (by && !*by)
    return claim_usage("--by: must not be empty%s", "");
  if (by && (why = text_problem(by))) {
    fprintf(stderr, "finops claim: %s %s\n", by_from, why);
    return EXIT_USAGE;
  }
  time_t now = time(NULL);
  int32_t today = (int32_t)(now >= 0 ? now / 86400 : -((-now + 86399) / 86400));
  progress p = {isatty(2) && !a.quiet, {0, 0}};
  clock_gettime(CLOCK_MONOTONIC, &p.t0);
  fc_claim_opts o = {.config = a.config,
                     .workload = a.workload,
                     .kind = kind,
                     .arn = a.arn,
                     .from_day = a.from != INT32_MIN ? a.from : today,
                     .end = a.until != INT32_MIN,
                     .until_day = a.until,
                     .today = today,
                     .claimed_by = by,
                     .force = a.force,
                     .out = stdout,
                     .progress = show_progress,
                     .progress_user = &p,
                     .progress_done = claim_progress_done};
  fc_diags d = {0};
  fc_status st = fc_claim_execute(&o, &d);
  print_diags(&d, a.quiet);
  fc_diags_free(&d);
  if (st == FC_OK)
    return EXIT_OK;
  return st == FC_ERR_IO || st == FC_ERR_NOMEM ? EXIT_FAILED : EXIT_USAGE;
}

static int cmd_plugins(int argc, char **argv) {
  args a;
  int rc;
  if (parse_args(
          "plugins", argc, argv, &a, "--plugins -q -v",
          "usage: finops plugins [--plugins DIR]\n\nLists the plugins found, in run order, with their "
          "version, ABI "
          "and what they read and write;\nrefused files are reported with the reason, and the exit status is "
          "2.\n",
          0, &rc))
    return rc;
  char *pdir = a.plugins ? fc_strdup(a.plugins) : fc_default_plugins_dir();
  fc_diags d = {0};
  fc_plugins ps = {0};
  fc_status st = fc_plugins_load(pdir, fc_report_decls_check, &ps, &d);
  printf("plugins in %s (host ABI %d.%d):\n", pdir, FC_ABI_MAJOR, FC_ABI_MINOR);
  if (ps.n == 0)
    printf("  (none)\n");
  for (size_t i = 0; i < ps.n; i++) {
    const fc_plugin *p = &ps.v[i];
    printf("  %s %s (ABI %u.%u) %s\n", p->name, p->version, (unsigned)p->desc.abi_major,
           (unsigned)p->desc.abi_minor, p->file);
    if (p->description[0])
      printf("    %s\n", p->description);
    printf("    reads: ");
    for (size_t k = 0; k < p->nreads; k++)
      printf("%s%s", k ? ", " : "", p->reads[k]);
    printf("%s\n    writes: ", p->nreads ? "" : "-");
    for (size_t k = 0; k < p->nwrites; k++)
      printf("%s%s", k ? ", " : "", p->writes[k]);
    printf("%s\n", p->nwrites ? "" : "-");
    /* ABI 1.2: the charts it declares, as templates name them */
    for (size_t k = 0; p->desc.charts && p->desc.charts[k].name; k++)
      printf("%s%s.%s%s", k ? ", " : "    charts: ", p->name, p->desc.charts[k].name,
             p->desc.charts[k + 1].name ? "" : "\n");
    /* what the host gives a meaning to (ABI 1.2) */
    for (size_t k = 0; k < p->nuses; k++)
      fc_uses_print(stdout, &p->uses[k]);
    /* report content it declares (ABI 1.2), by the names templates use */
    static const char *const rows[] = {"all", "workloads", "groups", "self"};
    for (const fc_sheet_decl *t = p->desc.sheets; t && t->name; t++)
      printf("    table %s.%s: result %s, sheet \"%s\", rows %s\n", p->name, t->name, t->result,
             t->title ? t->title : t->name, (unsigned)t->rows < 4 ? rows[t->rows] : "?");
    for (const fc_stmt_decl *t = p->desc.statements; t && t->name; t++)
      printf("    statement %s.%s: priority %d%s%s\n", p->name, t->name, t->priority,
             t->result ? ", result " : "", t->result ? t->result : "");
  }
  print_diags(&d, 0);
  fc_plugins_free(&ps);
  fc_diags_free(&d);
  free(pdir);
  return st == FC_OK ? EXIT_OK : EXIT_USAGE;
}

static int cmd_scan(int argc, char **argv) {
  args a;
  int rc;
  if (parse_args(
          "scan", argc, argv, &a, "-q -v --allow-malformed",
          "usage: finops scan [-q] [--allow-malformed N] PATH...\n\nIngests CUR files (.csv, .csv.gz) or "
          "folders without a configuration, keeping every fact\ndimension, and prints the ingest statistics: "
          "a benchmark and a first look at an export.\nUp to N malformed rows (--allow-malformed N) are "
          "warnings; more, or damaged files, exit 2.\n",
          1, &rc))
    return rc;
  if (a.nrest == 0)
    return usage_error("scan: expected at least one PATH%s", "");
  fc_diags d = {0};
  fc_ingest in;
  if (fc_ingest_init(&in, FC_DIM_MASK_ALL, &d))
    return EXIT_FAILED;
  progress p = {isatty(2) && !a.quiet, {0, 0}};
  clock_gettime(CLOCK_MONOTONIC, &p.t0);
  in.progress = show_progress;
  in.progress_user = &p;
  in.allow_malformed = a.allow_malformed;
  fc_status st = fc_ingest_inputs(&in, NULL, a.rest, (size_t)a.nrest);
  if (st == FC_ERR_IO && d.nerrors)
    st = FC_ERR_PARSE; /* missing or unreadable inputs are input errors, as in run */
  progress_end(&p);
  double secs = elapsed(&p);
  print_diags(&d, a.quiet);
  const fc_ingest_stats *s = &in.stats;
  fc_money total = 0;
  for (size_t i = 0; i < in.facts.n; i++)
    if (fc_add_checked(&total, in.facts.v[i].cost)) {
      fprintf(stderr, "finops scan: error: the sum of the Bedrock costs leaves the exact money range "
                      "(+-922,337,203 USD)\n");
      st = FC_ERR_OVERFLOW;
      total = 0;
      break;
    }
  char buf[32];
  fc_stat_field f[FC_STAT_FIELDS];
  fc_ingest_stats_fields(s, f);
  for (size_t i = 0; i < FC_STAT_FIELDS; i++)
    printf("%s %llu\n", f[i].name, (unsigned long long)f[i].value);
  printf("facts %zu\nstrings %u\nbedrock_usd %s\nseconds %.3f\nmb_per_s %.1f\ncsv_mb_per_s %.1f\nrows_per_s "
         "%.0f\n",
         in.facts.n, in.facts.strings.n, fc_money_format(total, 10, buf), secs,
         secs > 0 ? (double)s->bytes / 1e6 / secs : 0.0, secs > 0 ? (double)s->bytes_csv / 1e6 / secs : 0.0,
         secs > 0 ? (double)s->rows / secs : 0.0);
  fc_ingest_free(&in);
  fc_diags_free(&d);
  return exit_for(st);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage_text, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage_text, stdout);
    return EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("finops %s (plugin ABI %d.%d)\n", FC_VERSION, FC_ABI_MAJOR, FC_ABI_MINOR);
    printf("DuckDB: %s\n", fc_duckdb_describe());
    return EXIT_OK;
  }
  if (strcmp(cmd, "run") == 0)
    return cmd_run(argc - 1, argv + 1);
  if (strcmp(cmd, "sql") == 0)
    return fc_cmd_sql(argc - 1, argv + 1);
  if (strcmp(cmd, "check") == 0)
    return cmd_check(argc - 1, argv + 1);
  if (strcmp(cmd, "claim") == 0)
    return cmd_claim(argc - 1, argv + 1);
  if (strcmp(cmd, "plugins") == 0)
    return cmd_plugins(argc - 1, argv + 1);
  if (strcmp(cmd, "send") == 0)
    return fc_send_main(argc - 1, argv + 1);
  if (strcmp(cmd, "scan") == 0)
    return cmd_scan(argc - 1, argv + 1);
  if (strcmp(cmd, "ask") == 0)
    return fc_cmd_ask(argc - 1, argv + 1);
  if (strcmp(cmd, "mcp") == 0)
    return fc_cmd_mcp(argc - 1, argv + 1);
  if (strcmp(cmd, "approve") == 0)
    return fc_cmd_approve(argc - 1, argv + 1);
  if (strcmp(cmd, "claims") == 0)
    return fc_cmd_claims(argc - 1, argv + 1);
  return usage_error("unknown command '%s'", cmd);
}
