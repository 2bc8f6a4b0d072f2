/* claim.c: `finops claim`: check a principal or profile against the CUR data and the ledger, then
 * append the claim to the claims ledger atomically. */
#include "claim.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "bedrock.h"
#include "config.h"
#include "claim_int.h"
#include "util.h"

static char *grouped(const char *num, char *out) { return fc_group_digits(num, out, 48); }

static char *count_text(uint64_t v, char *out) {
  char tmp[32];
  snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
  return grouped(tmp, out);
}

static char *usd_text(fc_money v, char *out) {
  char tmp[32];
  return grouped(fc_money_format(v, 2, tmp), out);
}

/* ---------------------------------------------------------------------------------------------
 * Looking for the ARN in the CUR data
 * ------------------------------------------------------------------------------------------- */

typedef struct period_sum {
  int32_t period;
  uint64_t rows;
  fc_money cost;
} period_sum;

typedef struct seen {
  period_sum *periods; /* sorted by period */
  size_t n;
  uint64_t rows, rows_from; /* rows of the claimed identity: all, and from the claim's first day */
  fc_money cost, cost_from;
  uint64_t bedrock_rows;             /* all Bedrock rows read */
  int32_t first_period, last_period; /* over all Bedrock facts; 0 when there are none */
} seen;

static fc_status add_period(seen *s, int32_t period, uint64_t rows, fc_money cost) {
  size_t i = 0;
  while (i < s->n && s->periods[i].period < period)
    i++;
  if (i == s->n || s->periods[i].period != period) {
    period_sum *np = realloc(s->periods, (s->n + 1) * sizeof *np);
    if (!np)
      return FC_ERR_NOMEM;
    s->periods = np;
    memmove(&s->periods[i + 1], &s->periods[i], (s->n - i) * sizeof *np);
    s->periods[i] = (period_sum){period, 0, 0};
    s->n++;
  }
  s->periods[i].rows += rows;
  return fc_add_checked(&s->periods[i].cost, cost) ? FC_ERR_OVERFLOW : FC_OK;
}

/* Text of the configured inputs, resolved against the config folder: "a/cur/, b.csv". */
static char *inputs_text(const fc_config *cfg) {
  tbuf b = {0};
  put(&b, "", 0);
  for (size_t i = 0; i < cfg->ncur_inputs; i++) {
    char *p = fc_config_resolve(cfg, cfg->cur_inputs[i]);
    if (i)
      puts_b(&b, ", ");
    puts_b(&b, p ? p : cfg->cur_inputs[i]);
    free(p);
  }
  if (b.oom) {
    free(b.p);
    return NULL;
  }
  return b.p;
}

/* Ingests the configured inputs and sums the facts whose principal (roles, users) or resource
 * (profiles) is the claimed identity. */
static fc_status look_in_cur(const fc_claim_opts *o, const fc_config *cfg, seen *s, fc_diags *diags,
                             int *partial) {
  fcb_identity want;
  fcb_id_kind k =
      o->kind == FC_CLAIM_PROFILE ? fcb_profile_parse(o->arn, &want) : fcb_principal_parse(o->arn, &want);
  fcb_id_kind expect = o->kind == FC_CLAIM_ROLE   ? FCB_ID_ROLE
                       : o->kind == FC_CLAIM_USER ? FCB_ID_USER
                                                  : FCB_ID_PROFILE;
  if (k != expect) {
    fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0, "%s: cannot be matched against CUR data", o->arn);
    return FC_ERR_USAGE;
  }
  fc_ingest in;
  uint32_t mask = (1u << FC_DIM_ACCOUNT) | (1u << FC_DIM_PRINCIPAL) | (1u << FC_DIM_RESOURCE);
  if (fc_ingest_init(&in, mask, diags))
    return FC_ERR_NOMEM;
  in.progress = o->progress;
  in.progress_user = o->progress_user;
  if (partial) /* --force: malformed rows and unreadable files are left out of what is reported */
    in.allow_malformed = UINT64_MAX;
  fc_status st = fc_ingest_inputs(&in, cfg->dir, cfg->cur_inputs, cfg->ncur_inputs);
  if (o->progress && o->progress_done)
    o->progress_done(o->progress_user);
  if (partial && st != FC_ERR_NOMEM) {
    *partial = st != FC_OK || in.stats.malformed_rows > 0;
    st = FC_OK;
  }
  if (st != FC_OK) {
    fc_ingest_free(&in);
    return st == FC_ERR_NOMEM ? st : FC_ERR_PARSE;
  }
  s->bedrock_rows = in.stats.bedrock_rows;
  /* each distinct string is parsed once: 0 unknown, 1 no match, 2 match */
  uint8_t *match = calloc(in.facts.strings.n ? in.facts.strings.n : 1, 1);
  if (!match) {
    fc_ingest_free(&in);
    return FC_ERR_NOMEM;
  }
  fc_dim dim = o->kind == FC_CLAIM_PROFILE ? FC_DIM_RESOURCE : FC_DIM_PRINCIPAL;
  st = FC_OK;
  for (size_t i = 0; i < in.facts.n && st == FC_OK; i++) {
    const fc_fact *f = &in.facts.v[i];
    int32_t period = (int32_t)f->dim[FC_DIM_PERIOD];
    if (!s->first_period || period < s->first_period)
      s->first_period = period;
    if (period > s->last_period)
      s->last_period = period;
    uint32_t id = f->dim[dim];
    if (id == 0 || id >= in.facts.strings.n)
      continue;
    if (!match[id]) {
      fcb_identity got;
      const char *text = fc_strtab_get(&in.facts.strings, id);
      fcb_id_kind gk =
          o->kind == FC_CLAIM_PROFILE ? fcb_profile_parse(text, &got) : fcb_principal_parse(text, &got);
      match[id] = gk != FCB_ID_NONE && fcb_identity_eq(&want, &got) ? 2 : 1;
    }
    if (match[id] != 2)
      continue;
    s->rows += f->rows;
    st = add_period(s, period, f->rows, f->cost);
    if (st == FC_OK && fc_add_checked(&s->cost, f->cost))
      st = FC_ERR_OVERFLOW;
    if (st == FC_OK && (int32_t)f->dim[FC_DIM_DAY] >= o->from_day) {
      s->rows_from += f->rows;
      if (fc_add_checked(&s->cost_from, f->cost))
        st = FC_ERR_OVERFLOW;
    }
  }
  if (st == FC_ERR_OVERFLOW)
    fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0, "%s: the sum of its costs is out of range", o->arn);
  free(match);
  fc_ingest_free(&in);
  return st;
}

/* ---------------------------------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------------------------------- */

/* Reads a whole file. Returns 0 (with its mode, owner and group), 1 when it does not exist, or -1
 * with errno set. */
static int read_file(const char *path, char **text, size_t *len, struct stat *st) {
  *text = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? 1 : -1;
  if (fstat(fd, st) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  size_t cap = st->st_size > 0 ? (size_t)st->st_size + 1 : 4096, n = 0;
  char *b = malloc(cap);
  for (;;) {
    if (!b) {
      close(fd);
      errno = ENOMEM;
      return -1;
    }
    if (n + 1 >= cap) {
      char *nb = realloc(b, cap * 2);
      if (!nb)
        free(b);
      b = nb;
      cap *= 2;
      continue;
    }
    ssize_t got = read(fd, b + n, cap - n - 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      int e = errno;
      free(b);
      close(fd);
      errno = e;
      return -1;
    }
    if (got == 0)
      break;
    n += (size_t)got;
  }
  close(fd);
  b[n] = '\0';
  *text = b;
  *len = n;
  return 0;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return fc_strdup(".");
  if (slash == path)
    return fc_strdup("/");
  return fc_strndup(path, (size_t)(slash - path));
}

/* Writes text to a new file tmp with the given mode (and, best effort, owner), synced to disk.
 * Returns 0 or -1 with errno; tmp does not exist after a failure. */
static int write_tmp(const char *tmp, const char *text, size_t len, const struct stat *like) {
  mode_t mode = like ? like->st_mode & 07777 : 0666;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0 && errno == EEXIST) {
    /* left by a killed claim that had our process id: nobody else writes this name */
    if (unlink(tmp) == 0)
      fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  }
  if (fd < 0)
    return -1;
  int rc = 0;
  if (like) {
    if (fchown(fd, like->st_uid, like->st_gid) != 0) {
      /* best effort: only the owner's group or root may keep another owner */
    }
    if (fchmod(fd, mode) != 0)
      rc = -1;
  }
  if (rc == 0 && write_all(fd, text, len) != 0)
    rc = -1;
  if (rc == 0 && fsync(fd) != 0)
    rc = -1;
  int e = errno;
  if (close(fd) != 0 && rc == 0) {
    rc = -1;
    e = errno;
  }
  if (rc != 0) {
    unlink(tmp);
    errno = e;
  }
  return rc;
}

static int sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int rc = fsync(fd);
  int e = errno;
  close(fd);
  if (rc != 0 && (e == EINVAL || e == ENOTSUP))
    rc = 0; /* the file system does not sync folders */
  errno = e;
  return rc;
}

/* ---------------------------------------------------------------------------------------------
 * The command
 * ------------------------------------------------------------------------------------------- */

/* "a role", "an IAM user", "an inference profile" */
static const char *a_kind(fc_claim_kind k) {
  switch (k) {
  case FC_CLAIM_ROLE:
    return "a role";
  case FC_CLAIM_USER:
    return "an IAM user";
  case FC_CLAIM_PROFILE:
    return "an inference profile";
  }
  return "?";
}

/* Reports every claim of the ledger that the candidate would overlap; returns how many. */
static size_t report_overlaps(const fc_config *cfg, const fc_cfg_claim *cand, fc_diags *diags) {
  size_t n = 0;
  char cf[11], af[11], span[40], hint[64];
  fc_date_format(cand->from_day, cf);
  for (size_t i = 0; i < cfg->nclaims; i++) {
    const fc_cfg_claim *a = &cfg->claims[i];
    if (!fc_claims_overlap(a, cand))
      continue;
    n++;
    fc_date_format(a->from_day, af);
    if (a->until_day == INT32_MAX) {
      snprintf(span, sizeof span, "since %s", af);
      snprintf(hint, sizeof hint, "end that claim with 'until:' first");
    } else {
      char au[11], next[11];
      snprintf(span, sizeof span, "from %s until %s", af, fc_date_format(a->until_day, au));
      snprintf(hint, sizeof hint, "claim from %s on", fc_date_format(a->until_day + 1, next));
    }
    if (!strcmp(a->workload_id, cand->workload_id))
      fc_diags_add(
          diags, FC_SEV_ERROR, cfg->claims_file, a->pos.line, a->pos.col,
          "%s '%s' in account %s is already claimed by this workload ('%s') %s (%s); a claim from %s "
          "would overlap it",
          fc_claim_kind_word(a->kind), a->name, a->account, a->workload_id, span, a->arn, cf);
    else
      fc_diags_add(
          diags, FC_SEV_ERROR, cfg->claims_file, a->pos.line, a->pos.col,
          "%s '%s' in account %s is claimed by workload '%s' %s (%s); a claim for workload '%s' from "
          "%s would overlap it: %s",
          fc_claim_kind_word(a->kind), a->name, a->account, a->workload_id, span, a->arn, cand->workload_id,
          cf, hint);
  }
  return n;
}

static void print_seen(FILE *out, const fc_claim_opts *o, const seen *s) {
  char a[48], b[48], d[11], p[8];
  fprintf(out, "%s: seen in %s CUR rows, %s USD", o->arn, count_text(s->rows, a), usd_text(s->cost, b));
  if (s->n == 1)
    fprintf(out, " in %s", fc_period_format(s->periods[0].period, p));
  for (size_t i = 0; s->n > 1 && i < s->n; i++)
    fprintf(out, "%s%s: %s USD in %s rows%s", i ? ", " : " (", fc_period_format(s->periods[i].period, p),
            usd_text(s->periods[i].cost, a), count_text(s->periods[i].rows, b), i + 1 == s->n ? ")" : "");
  fprintf(out, "; %s USD in %s rows from %s on\n", usd_text(s->cost_from, a), count_text(s->rows_from, b),
          fc_date_format(o->from_day, d));
}

/* The claim that the reloaded ledger ends with is exactly the one written. */
static int same_claim(const fc_cfg_claim *c, const fc_claim_opts *o) {
  return c->workload_id && !strcmp(c->workload_id, o->workload) && c->kind == o->kind && c->arn &&
         !strcmp(c->arn, o->arn) && c->from_day == o->from_day && c->until_day == INT32_MAX &&
         c->claimed_at == o->today &&
         (o->claimed_by ? c->claimed_by && !strcmp(c->claimed_by, o->claimed_by) : !c->claimed_by);
}

/* Checks the candidate ledger by loading the configuration with it. */
static fc_status validate_tmp(const fc_claim_opts *o, const fc_config *cfg, const fc_cfg_claim *ending,
                              const char *ledger, const char *tmp, fc_diags *diags) {
  fc_config cfg2;
  fc_diags d2 = {0};
  fc_status st = fc_config_load_ledger(o->config, tmp, &cfg2, &d2);
  int ok;
  if (ending) { /* the same claims, the ended one now ending on until_day */
    size_t idx = (size_t)(ending - cfg->claims);
    ok = st == FC_OK && cfg2.nclaims == cfg->nclaims;
    for (size_t i = 0; ok && i < cfg2.nclaims; i++) {
      const fc_cfg_claim *a = &cfg->claims[i], *b = &cfg2.claims[i];
      ok = !strcmp(a->workload_id, b->workload_id) && !strcmp(a->arn, b->arn) && a->from_day == b->from_day &&
           b->until_day == (i == idx ? o->until_day : a->until_day);
    }
  } else {
    ok = st == FC_OK && cfg2.nclaims == cfg->nclaims + 1 && same_claim(&cfg2.claims[cfg2.nclaims - 1], o);
  }
  if (!ok) {
    for (size_t i = 0; i < d2.n; i++) {
      fc_diag *g = &d2.v[i];
      if (g->sev != FC_SEV_ERROR)
        continue;
      const char *file = g->file && !strcmp(g->file, tmp) ? ledger : g->file;
      fc_diags_add(diags, FC_SEV_ERROR, file, g->line, g->col, "%s", g->msg);
    }
    if (d2.nerrors)
      fc_diags_add(
          diags, FC_SEV_ERROR, ledger, 0, 0,
          "with this claim appended the ledger would not load (problems above, at their lines in the "
          "appended text); the ledger was left unchanged");
    else
      fc_diags_add(
          diags, FC_SEV_ERROR, ledger, 0, 0,
          "with this claim appended the ledger would not read back as holding it; the ledger was left "
          "unchanged");
    st = st == FC_ERR_NOMEM ? st : FC_ERR_CONFIG;
  }
  fc_config_free(&cfg2);
  fc_diags_free(&d2);
  return st;
}

/* Appends the claim: a temporary file beside the ledger, validated, synced, renamed over it. */
static fc_status append_claim(const fc_claim_opts *o, const fc_config *cfg, const fc_cfg_claim *ending,
                              fc_diags *diags) {
  fc_status st = FC_OK;
  char *ledger = NULL, *tmp = NULL, *dir = NULL, *text = NULL, *next = NULL, *again = NULL;
  size_t len = 0, nlen = 0, alen = 0;
  struct stat sb;
  /* a ledger reached through a symbolic link is replaced where it really is */
  struct stat lsb;
  if (lstat(cfg->claims_file, &lsb) == 0 && S_ISLNK(lsb.st_mode))
    ledger = realpath(cfg->claims_file, NULL);
  if (!ledger)
    ledger = fc_strdup(cfg->claims_file);
  if (!ledger)
    return FC_ERR_NOMEM;
  int r = read_file(ledger, &text, &len, &sb);
  if (r < 0) {
    fc_diags_add(diags, FC_SEV_ERROR, cfg->claims_file, 0, 0, "cannot read the claims ledger: %s",
                 strerror(errno));
    st = FC_ERR_IO;
    goto done;
  }
  int existed = r == 0;
  const char *why = NULL;
  if (ending)
    next = fc_claim_ledger_end(text, len, ending->pos.line, o->until_day, &nlen, &why);
  else
    next = fc_claim_ledger_append(text, len, o->workload, o->kind, o->arn, o->from_day, o->claimed_by,
                                  o->today, &nlen, &why);
  if (!next) {
    fc_diags_add(diags, FC_SEV_ERROR, cfg->claims_file, 0, 0, "%s", why);
    st = why && !strcmp(why, "out of memory") ? FC_ERR_NOMEM : FC_ERR_CONFIG;
    goto done;
  }
  tmp = fc_asprintf("%s.tmp-%ld", ledger, (long)getpid());
  dir = dir_of(ledger);
  if (!tmp || !dir) {
    st = FC_ERR_NOMEM;
    goto done;
  }
  if (write_tmp(tmp, next, nlen, existed ? &sb : NULL) != 0) {
    fc_diags_add(diags, FC_SEV_ERROR, tmp, 0, 0, "cannot write the new claims ledger: %s", strerror(errno));
    st = FC_ERR_IO;
    goto done;
  }
  st = validate_tmp(o, cfg, ending, cfg->claims_file, tmp, diags);
  if (st != FC_OK) {
    unlink(tmp);
    goto done;
  }
  /* someone else's claim between our read and now would be lost by the rename */
  struct stat sb2;
  r = read_file(ledger, &again, &alen, &sb2);
  if (r < 0 || (r == 0) != existed || alen != len || (len && memcmp(again, text, len) != 0)) {
    unlink(tmp);
    fc_diags_add(diags, FC_SEV_ERROR, cfg->claims_file, 0, 0,
                 "the claims ledger changed while this claim was being prepared; it was left as it is: "
                 "run the command again");
    st = FC_ERR_IO;
    goto done;
  }
  if (rename(tmp, ledger) != 0) {
    int e = errno;
    unlink(tmp);
    fc_diags_add(diags, FC_SEV_ERROR, cfg->claims_file, 0, 0, "cannot replace the claims ledger: %s",
                 strerror(e));
    st = FC_ERR_IO;
    goto done;
  }
  if (sync_dir(dir) != 0)
    fc_diags_add(diags, FC_SEV_WARNING, dir, 0, 0,
                 "the claim is written, but the folder could not be synced to disk: %s", strerror(errno));
done:
  free(ledger);
  free(tmp);
  free(dir);
  free(text);
  free(next);
  free(again);
  return st;
}

/* Ends the workload's claim of the principal or profile (account, name) on o->until_day: the
 * open-ended claim, else the latest one that starts on or before that day. */
static fc_status end_claim(const fc_claim_opts *o, const fc_config *cfg, const char *account,
                           const char *name, fc_diags *diags) {
  const fc_cfg_claim *found = NULL, *any = NULL;
  for (size_t i = 0; i < cfg->nclaims; i++) {
    const fc_cfg_claim *c = &cfg->claims[i];
    if (strcmp(c->workload_id, o->workload) != 0 || c->kind != o->kind || strcmp(c->account, account) != 0 ||
        strcmp(c->name, name) != 0)
      continue;
    any = c;
    if (c->from_day > o->until_day)
      continue;
    if (!found ||
        (found->until_day != INT32_MAX && (c->until_day == INT32_MAX || c->from_day > found->from_day)))
      found = c;
  }
  char d1[11], d2[11];
  if (!found) {
    if (any)
      fc_diags_add(diags, FC_SEV_ERROR, cfg->claims_file, any->pos.line, any->pos.col,
                   "%s: workload '%s' claims it from %s, after --until %s; a claim cannot end before it "
                   "starts",
                   o->arn, o->workload, fc_date_format(any->from_day, d1), fc_date_format(o->until_day, d2));
    else
      fc_diags_add(
          diags, FC_SEV_ERROR, cfg->claims_file, 0, 0,
          "%s: workload '%s' has no claim of it to end (finops claims --workload %s lists its claims)",
          o->arn, o->workload, o->workload);
    return FC_ERR_CONFIG;
  }
  fc_status st = append_claim(o, cfg, found, diags);
  if (st == FC_OK) {
    FILE *out = o->out ? o->out : stdout;
    fprintf(out, "ended the claim of %s by workload '%s' (from %s, %s:%d) on %s\n", o->arn, o->workload,
            fc_date_format(found->from_day, d1), cfg->claims_file, found->pos.line,
            fc_date_format(o->until_day, d2));
  }
  return st;
}

fc_status fc_claim_execute(const fc_claim_opts *o, fc_diags *diags) {
  FILE *out = o->out ? o->out : stdout;
  fc_claim_kind kind;
  char *account = NULL, *name = NULL;
  const char *why = NULL;
  if (fc_arn_parse_claim(o->arn, &kind, &account, &name, &why)) {
    fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0, "'%s' %s", o->arn, why);
    return FC_ERR_USAGE;
  }
  if (kind != o->kind) {
    fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0, "'%s' is %s ARN, not %s ARN", o->arn, a_kind(kind),
                 a_kind(o->kind));
    free(account);
    free(name);
    return FC_ERR_USAGE;
  }

  fc_config cfg;
  fc_status st = fc_config_load_ledger(o->config, NULL, &cfg, diags); /* may start a new ledger */
  seen s = {0};
  char *inputs = NULL;
  if (st != FC_OK) {
    st = st == FC_ERR_NOMEM ? st : FC_ERR_CONFIG;
    goto done;
  }
  if (fc_config_workload_find(&cfg, o->workload) < 0) {
    fc_diags_add(diags, FC_SEV_ERROR, cfg.file, 0, 0, "no workload with id '%s' is configured", o->workload);
    st = FC_ERR_CONFIG;
    goto done;
  }
  if (o->end) {
    st = end_claim(o, &cfg, account, name, diags);
    goto done;
  }
  fc_cfg_claim cand = {.workload_id = (char *)o->workload,
                       .workload = fc_config_workload_find(&cfg, o->workload),
                       .kind = kind,
                       .arn = (char *)o->arn,
                       .account = account,
                       .name = name,
                       .from_day = o->from_day,
                       .until_day = INT32_MAX,
                       .claimed_by = (char *)o->claimed_by,
                       .claimed_at = o->today};
  if (report_overlaps(&cfg, &cand, diags)) {
    st = FC_ERR_CONFIG;
    goto done;
  }

  if (o->force) {
    /* the check is skipped, not the report: the spend the readable inputs show is still given */
    inputs = inputs_text(&cfg);
    if (!inputs) {
      st = FC_ERR_NOMEM;
      goto done;
    }
    size_t n0 = diags->n;
    int partial = 0;
    fc_status ls = cfg.ncur_inputs ? look_in_cur(o, &cfg, &s, diags, &partial) : FC_ERR_NOT_FOUND;
    for (size_t i = n0; i < diags->n; i++) /* problems of the inputs do not stop a forced claim */
      if (diags->v[i].sev == FC_SEV_ERROR) {
        diags->v[i].sev = FC_SEV_WARNING;
        diags->nerrors--;
        diags->nwarnings++;
      }
    if (ls == FC_ERR_NOMEM) {
      st = ls;
      goto done;
    }
    if (ls != FC_OK)
      fprintf(out, "%s: not looked for in the CUR data: %s (--force)\n", o->arn,
              cfg.ncur_inputs ? "it cannot be matched against CUR data" : "no CUR inputs are configured");
    else if (s.rows == 0)
      fprintf(out, "%s: not seen in the CUR data of %s%s (--force)\n", o->arn, inputs,
              partial ? " that could be read" : "");
    else {
      print_seen(out, o, &s);
      if (partial)
        fprintf(out, "  (from the CUR data that could be read: problems above; --force)\n");
    }
  } else {
    inputs = inputs_text(&cfg);
    if (!inputs) {
      st = FC_ERR_NOMEM;
      goto done;
    }
    if (cfg.ncur_inputs == 0) {
      fc_diags_add(diags, FC_SEV_ERROR, cfg.file, 0, 0,
                   "%s: cannot be looked for: no CUR inputs are configured (inputs.cur); add --force to "
                   "claim it anyway",
                   o->arn);
      st = FC_ERR_NOT_FOUND;
      goto done;
    }
    st = look_in_cur(o, &cfg, &s, diags, NULL);
    if (st == FC_ERR_PARSE)
      fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0,
                   "%s: cannot be looked for: the CUR data of %s could not be read (problems above); add "
                   "--force to claim it anyway",
                   o->arn, inputs);
    if (st != FC_OK)
      goto done;
    if (s.rows == 0) {
      char rows[48], p1[8], p2[8], span[32];
      if (s.first_period == 0)
        strcpy(span, "no periods");
      else if (s.first_period == s.last_period)
        snprintf(span, sizeof span, "period %s", fc_period_format(s.first_period, p1));
      else
        snprintf(span, sizeof span, "periods %s..%s", fc_period_format(s.first_period, p1),
                 fc_period_format(s.last_period, p2));
      fc_diags_add(diags, FC_SEV_ERROR, NULL, 0, 0,
                   "%s: not seen in the CUR data of %s (%s Bedrock rows, %s): %s, or the CUR export with %s "
                   "has not landed; add --force to claim it anyway",
                   o->arn, inputs, count_text(s.bedrock_rows, rows), span,
                   kind == FC_CLAIM_PROFILE ? "the profile may not have been used yet"
                   : kind == FC_CLAIM_ROLE  ? "the role may not have called Bedrock yet"
                                            : "the IAM user may not have called Bedrock yet",
                   kind == FC_CLAIM_PROFILE ? "resource ids" : "caller identity (IAM principal) data");
      st = FC_ERR_NOT_FOUND;
      goto done;
    }
    print_seen(out, o, &s);
  }

  st = append_claim(o, &cfg, NULL, diags);
  if (st == FC_OK) {
    char d[11];
    fprintf(out, "claimed %s for workload '%s' from %s: appended to %s\n", o->arn, o->workload,
            fc_date_format(o->from_day, d), cfg.claims_file);
  }
done:
  free(inputs);
  free(s.periods);
  free(account);
  free(name);
  fc_config_free(&cfg);
  return st;
}
