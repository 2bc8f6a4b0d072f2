/* send.c: `finops send`. */
#include "send.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gmime/gmime.h>
#include <jansson.h>

#include "config.h"
#include "email_config.h"
#include "send_ledger.h"
#include "send_msg.h"
#include "send_smtp.h"
#include "sha256.h"
#include "templates.h"
#include "util.h"

static const char help_text[] =
    "usage: finops send [-c finops.yaml] [--period YYYY-MM] [--only EMAIL]... [--dry-run DIR] [--resend] "
    "[-q]\n"
    "\n"
    "Emails every person listed in the period's manifest.json their report card and their pack (workbooks\n"
    "and tasks.csv attached, charts inline), through the SMTP server of the config's email: section.\n"
    "A send ledger beside the reports (send-ledger.jsonl) records what went to whom: a rerun sends only\n"
    "what is new or changed (a restated report says which message it replaces).\n"
    "\n"
    "  --period YYYY-MM  the reports to send (default: the config's period, else the latest published)\n"
    "  --only EMAIL      send only to this person (repeatable)\n"
    "  --dry-run DIR     write each message to DIR/<period>-<email>.eml instead of sending\n"
    "  --resend          send even what the ledger records as already sent\n"
    "  -q                print only problems\n"
    "\n"
    "exit status: 0 every message sent (or nothing to send), 1 a recipient failed or a file could not be\n"
    "read or written, 2 usage or configuration errors\n";

enum { OPT_PERIOD = 256, OPT_ONLY, OPT_DRY, OPT_RESEND, OPT_HELP };

static void print_diags(const fc_diags *d) {
  char buf[4096];
  for (size_t i = 0; i < d->n; i++)
    fprintf(stderr, "%s\n", fc_diag_format(&d->v[i], buf, sizeof buf));
}

static json_t *load_json(const char *path, fc_diags *d, int required) {
  json_error_t je;
  json_t *j = json_load_file(path, 0, &je);
  if (!j && (required || access(path, F_OK) == 0))
    fc_diags_add(d, FC_SEV_ERROR, path, je.line > 0 ? je.line : 0, je.column > 0 ? je.column : 0, "%s",
                 je.text);
  return j;
}

/* The latest YYYY-MM folder under dir that holds a manifest.json; 0 when none. */
static int32_t latest_period(const char *dir) {
  DIR *dp = opendir(dir);
  if (!dp)
    return 0;
  int32_t best = 0;
  struct dirent *de;
  while ((de = readdir(dp))) {
    int32_t p;
    if (fc_period_parse(de->d_name, &p) || p <= best)
      continue;
    char *m = fc_asprintf("%s/%s/manifest.json", dir, de->d_name);
    if (m && access(m, R_OK) == 0)
      best = p;
    free(m);
  }
  closedir(dp);
  return best;
}

static void now_iso(char *buf, size_t size) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void sha_hex(const char *data, size_t len, char hex[65]) {
  fc_sha256 s;
  fc_sha256_init(&s);
  fc_sha256_update(&s, data, len);
  fc_sha256_final_hex(&s, hex);
}

/* A file name from an address: letters, digits and . _ - @ + kept, anything else becomes _. */
static void safe_name(const char *s, char *buf, size_t size) {
  size_t o = 0;
  for (; *s && o + 1 < size; s++)
    buf[o++] = (strchr("._-@+", *s) || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                (*s >= '0' && *s <= '9'))
                   ? *s
                   : '_';
  buf[o] = 0;
  if (buf[0] == '.')
    buf[0] = '_';
}

static int write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  int bad = fwrite(data, 1, len, f) != len;
  bad |= fclose(f) != 0;
  return bad ? -1 : 0;
}

int fc_send_main(int argc, char **argv) {
  static const struct option opts[] = {
      {"config", required_argument, NULL, 'c'},    {"period", required_argument, NULL, OPT_PERIOD},
      {"only", required_argument, NULL, OPT_ONLY}, {"dry-run", required_argument, NULL, OPT_DRY},
      {"resend", no_argument, NULL, OPT_RESEND},   {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, OPT_HELP},       {NULL, 0, NULL, 0}};
  const char *config = "finops.yaml", *dry = NULL;
  int32_t period = 0;
  int resend = 0, quiet = 0;
  const char **only = calloc((size_t)argc + 1, sizeof *only);
  size_t nonly = 0;
  if (!only)
    return 1;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "+c:q", opts, NULL)) != -1) {
    switch (c) {
    case 'c':
      config = optarg;
      break;
    case OPT_PERIOD:
      if (fc_period_parse(optarg, &period)) {
        fprintf(stderr, "finops send: --period: expected YYYY-MM, found '%s'\n", optarg);
        free(only);
        return 2;
      }
      break;
    case OPT_ONLY:
      if (!fc_addr_ok(optarg)) {
        fprintf(stderr, "finops send: --only: '%s' is not an email address\n", optarg);
        free(only);
        return 2;
      }
      only[nonly++] = optarg;
      break;
    case OPT_DRY:
      dry = optarg;
      break;
    case OPT_RESEND:
      resend = 1;
      break;
    case 'q':
      quiet = 1;
      break;
    case OPT_HELP:
      fputs(help_text, stdout);
      free(only);
      return 0;
    default:
      fprintf(stderr, "finops send: unknown option or missing value '%s'\nTry 'finops send --help'.\n",
              argv[optind - 1]);
      free(only);
      return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "finops send: unexpected argument '%s'\nTry 'finops send --help'.\n", argv[optind]);
    free(only);
    return 2;
  }

  int rc = 0;
  fc_diags d = {0};
  fc_config cfg;
  fc_email_config ec;
  fc_ledger ledger = {0};
  json_t *manifest = NULL, *summary = NULL, *previous = NULL;
  char *period_dir = NULL, *ledger_path = NULL, *lock_path = NULL;
  int lock_fd = -1, inited = 0;
  fc_templates tpl; /* what each role's message shows (the templates' message:) */
  memset(&tpl, 0, sizeof tpl);
  memset(&ec, 0, sizeof ec);
  fc_status st = fc_config_load(config, &cfg, &d);
  fc_status est = st == FC_ERR_IO ? FC_ERR_IO : fc_email_config_load(config, cfg.dir, &ec, &d);
  if (st != FC_OK || est != FC_OK) {
    rc = st == FC_ERR_IO || est == FC_ERR_IO ? 1 : 2;
    goto done;
  }
  char *tdir = fc_default_templates_dir();
  st = tdir ? fc_templates_load(tdir, &tpl, &d) : FC_ERR_NOMEM;
  free(tdir);
  if (st != FC_OK) {
    rc = st == FC_ERR_CONFIG ? 2 : 1;
    goto done;
  }
  if (!ec.present) {
    fc_diags_add(&d, FC_SEV_ERROR, config, 0, 0,
                 "no email: section: add one with from and smtp (see README, \"Emailing the reports\")");
    rc = 2;
    goto done;
  }
  const char *password = NULL;
  if (ec.password_env && !dry) {
    password = getenv(ec.password_env);
    if (!password || !*password) {
      fc_diags_add(&d, FC_SEV_ERROR, config, 0, 0,
                   "email.smtp.password_env: the environment variable %s is not set: it must hold the SMTP "
                   "password",
                   ec.password_env);
      rc = 2;
      goto done;
    }
  }
  if (!period)
    period = cfg.period;
  if (!period)
    period = latest_period(cfg.output_dir);
  if (!period) {
    fc_diags_add(&d, FC_SEV_ERROR, cfg.output_dir, 0, 0, "no published reports here: run `finops run` first");
    rc = 2;
    goto done;
  }
  char pstr[8], prevstr[8];
  fc_period_format(period, pstr);
  int32_t prevp = fc_period_prev(period);
  fc_period_format(prevp, prevstr);
  period_dir = fc_asprintf("%s/%s", cfg.output_dir, pstr);
  char *mp = fc_asprintf("%s/manifest.json", period_dir), *sp = fc_asprintf("%s/summary.json", period_dir);
  char *pp = fc_asprintf("%s/%s/summary.json", cfg.output_dir, prevstr);
  if (mp && sp && pp) {
    manifest = load_json(mp, &d, 1);
    summary = manifest ? load_json(sp, &d, 1) : NULL;
    previous = summary ? load_json(pp, &d, 0) : NULL;
  }
  free(mp);
  free(sp);
  free(pp);
  if (!manifest || !summary) {
    rc = 1;
    goto done;
  }
  json_t *people = json_object_get(manifest, "people");
  for (size_t i = 0; i < nonly; i++) {
    size_t k;
    json_t *p;
    int found = 0;
    json_array_foreach(people, k, p) {
      const char *e = json_string_value(json_object_get(p, "email"));
      found |= e && !strcasecmp(e, only[i]);
    }
    if (!found) {
      fc_diags_add(&d, FC_SEV_ERROR, NULL, 0, 0, "--only %s: nobody with this address is in %s/manifest.json",
                   only[i], period_dir);
      rc = 2;
    }
  }
  if (rc)
    goto done;

  ledger_path = fc_asprintf("%s/send-ledger.jsonl", cfg.output_dir);
  lock_path = fc_asprintf("%s/send-ledger.lock", cfg.output_dir);
  if (!ledger_path || !lock_path) {
    rc = 1;
    goto done;
  }
  if (!dry) {
    lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0 || flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      fc_diags_add(&d, FC_SEV_ERROR, lock_path, 0, 0, "%s",
                   lock_fd < 0 ? strerror(errno) : "another `finops send` is running for these reports");
      rc = 1;
      goto done;
    }
  } else if (mkdir(dry, 0755) != 0 && errno != EEXIST) {
    fc_diags_add(&d, FC_SEV_ERROR, dry, 0, 0, "cannot create the folder: %s", strerror(errno));
    rc = 1;
    goto done;
  }
  if (fc_ledger_load(ledger_path, &ledger, &d) != FC_OK) {
    rc = 1;
    goto done;
  }
  fc_msg_global_init();
  if (!dry)
    fc_smtp_global_init();
  inited = 1;

  size_t sent = 0, skipped = 0, failed = 0, written = 0;
  size_t k;
  json_t *person;
  json_array_foreach(people, k, person) {
    const char *email = json_string_value(json_object_get(person, "email"));
    if (!email)
      continue;
    if (nonly) {
      int want = 0;
      for (size_t i = 0; i < nonly; i++)
        want |= !strcasecmp(email, only[i]);
      if (!want)
        continue;
    }
    fc_msg_input in = {.cfg = &cfg,
                       .email = &ec,
                       .summary = summary,
                       .previous = previous,
                       .person = person,
                       .files = json_object_get(manifest, "files"),
                       .period = pstr,
                       .period_dir = period_dir};
    for (size_t i = 0; tpl.loaded && i < cfg.npeople; i++)
      if (cfg.people[i].email && !strcasecmp(cfg.people[i].email, email))
        in.tpl = &tpl.role[cfg.people[i].role];
    fc_msg m;
    if (fc_msg_build(&in, NULL, &m, &d) != FC_OK) {
      rc = 1;
      failed++;
      continue;
    }
    char sha[65];
    sha_hex(m.data, m.len, sha);
    fc_msg_free(&m);
    const fc_ledger_entry *last = fc_ledger_last(&ledger, pstr, email, "sent");
    int unchanged = last && !strcmp(last->sha256, sha);
    if (unchanged && !resend && !dry) {
      skipped++;
      if (!quiet)
        printf("%s: unchanged since sent %s (%s); not sent again\n", email, last->at, last->message_id);
      continue;
    }
    if (last && !unchanged) {
      in.replaces = last->message_id;
      in.replaces_at = last->at;
    }
    char from_addr[320];
    fc_mailbox_addr(ec.from, from_addr, sizeof from_addr);
    char *mid = g_mime_utils_generate_message_id(strrchr(from_addr, '@') + 1);
    if (fc_msg_build(&in, mid, &m, &d) != FC_OK) {
      g_free(mid);
      rc = 1;
      failed++;
      continue;
    }
    char *bracketed = fc_asprintf("<%s>", mid);
    g_free(mid);
    if (dry) {
      char fn[300];
      safe_name(email, fn, sizeof fn);
      char *path = fc_asprintf("%s/%s-%s.eml", dry, pstr, fn);
      if (!path || write_file(path, m.data, m.len)) {
        fc_diags_add(&d, FC_SEV_ERROR, path ? path : dry, 0, 0, "cannot write: %s", strerror(errno));
        rc = 1;
      } else {
        written++;
        if (!quiet)
          printf("%s: written to %s (%zu bytes)%s\n", email, path, m.len,
                 unchanged ? "; unchanged since sent, a real send would skip it" : "");
      }
      free(path);
    } else {
      char *reply = NULL;
      long code = 0;
      fc_smtp_result r = fc_smtp_send(&ec, password, m.from_addr, m.to_addr, m.data, m.len, &reply, &code);
      char at[32];
      now_iso(at, sizeof at);
      fc_ledger_entry e = {pstr, (char *)email, r == FC_SMTP_SENT ? "sent" : "failed", sha, bracketed, reply,
                           at};
      if (fc_ledger_append(&ledger, &e, &d) != FC_OK)
        rc = 1;
      if (r == FC_SMTP_SENT) {
        sent++;
        if (!quiet)
          printf("%s: sent %s%s: %s\n", email, bracketed, in.replaces ? " (replaces an earlier message)" : "",
                 reply ? reply : "");
      } else {
        failed++;
        rc = 1;
        fprintf(stderr, "finops send: %s: %s failure: %s\n", email,
                r == FC_SMTP_PERMANENT ? "permanent"
                : r == FC_SMTP_SERVER  ? "server"
                                       : "temporary",
                reply ? reply : "");
      }
      free(reply);
      if (r == FC_SMTP_SERVER) {
        fprintf(stderr, "finops send: stopping: this would fail every other message the same way; fix the "
                        "email: settings and send again\n");
        free(bracketed);
        fc_msg_free(&m);
        break;
      }
    }
    free(bracketed);
    fc_msg_free(&m);
  }
  if (!quiet) {
    if (dry)
      printf("%zu messages written to %s/\n", written, dry);
    else
      printf("%zu sent, %zu unchanged and not sent again, %zu failed\n", sent, skipped, failed);
  }

done:
  print_diags(&d);
  if (inited) {
    fc_msg_global_cleanup();
    if (!dry)
      fc_smtp_global_cleanup();
  }
  if (lock_fd >= 0)
    close(lock_fd);
  json_decref(manifest);
  json_decref(summary);
  json_decref(previous);
  fc_ledger_free(&ledger);
  free(period_dir);
  free(ledger_path);
  free(lock_path);
  fc_email_config_free(&ec);
  fc_config_free(&cfg);
  fc_templates_free(&tpl);
  fc_diags_free(&d);
  free(only);
  return rc;
}
