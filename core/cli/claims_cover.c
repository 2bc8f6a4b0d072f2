/* claims_cover.c: each claim's dollars in a period (see claims_cover.h). The figures are the
 * run's ledger.claims result (summary.json), so they are the attribution's own. */
#include "claims_cover.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "closing.h"
#include "jread.h"

static const char *const wanted[] = {"ledger.claims", "ledger.inputs", NULL};
#include "pipeline.h"
#include "run.h"
#include "sha256.h"
#include "util.h"

/* The latest <out>/YYYY-MM folder holding a summary.json; 0 when none. */
static int32_t latest_published(const char *out) {
  DIR *d = out ? opendir(out) : NULL;
  int32_t best = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    int32_t p;
    if (strlen(e->d_name) != 7 || fc_period_parse(e->d_name, &p) || p <= best)
      continue;
    char *s = fc_asprintf("%s/%s/summary.json", out, e->d_name);
    struct stat st;
    if (s && stat(s, &st) == 0)
      best = p;
    free(s);
  }
  if (d)
    closedir(d);
  return best;
}

/* Takes the figures of summary (ledger.claims) when they were made from this ledger: 1, else 0. */
static int take(json_t *summary, const fc_config *cfg, fc_claims_cover *out, int check_ledger) {
  json_t *res = fc_jget(summary, "results");
  json_t *claims = fc_jget(res, "ledger.claims"), *inputs = fc_jget(res, "ledger.inputs");
  if (!json_is_array(claims))
    return 0;
  if (check_ledger) {
    const char *fp = NULL;
    size_t i;
    json_t *row;
    json_array_foreach(inputs, i, row) {
      const char *k = fc_jstr(row, "kind");
      if (k && strcmp(k, "claims") == 0)
        fp = fc_jstr(row, "fingerprint");
    }
    char hex[65] = "";
    uint64_t size;
    if (!cfg->claims_file || fc_sha256_file(cfg->claims_file, hex, &size))
      hex[0] = '\0';
    if (!fp || strcmp(fp, hex) != 0)
      return 0;
  }
  size_t n = json_array_size(claims);
  for (size_t k = 0; k < cfg->nclaims; k++)
    for (size_t i = 0; i < n; i++) {
      json_t *row = json_array_get(claims, i);
      int64_t line;
      const char *arn = fc_jstr(row, "arn"), *wl = fc_jstr(row, "workload_id");
      if (!fc_jint(row, "ledger_line", &line) || line != cfg->claims[k].pos.line || !arn ||
          strcmp(arn, cfg->claims[k].arn) != 0 || !wl || strcmp(wl, cfg->claims[k].workload_id) != 0)
        continue;
      out->have[k] = fc_jmoney(row, "covered_usd", &out->usd[k]);
      break;
    }
  return 1;
}

fc_status fc_claims_cover_load(const char *config_path, const fc_config *cfg, int32_t period,
                               fc_claims_cover *out, fc_diags *diags) {
  memset(out, 0, sizeof *out);
  out->usd = calloc(cfg->nclaims + 1, sizeof *out->usd);
  out->have = calloc(cfg->nclaims + 1, sizeof *out->have);
  if (!out->usd || !out->have)
    return FC_ERR_NOMEM;
  if (!period)
    period = cfg->period ? cfg->period : latest_published(cfg->output_dir);
  char pb[16], err[300];
  const char *why = "there is no published report";
  if (period) {
    char *sp = fc_asprintf("%s/%s/summary.json", cfg->output_dir, fc_period_format(period, pb));
    if (!sp)
      return FC_ERR_NOMEM;
    struct stat st;
    json_t *s = stat(sp, &st) == 0 ? fc_close_read(sp, wanted, NULL, err, sizeof err) : NULL;
    if (s && take(s, cfg, out, 1)) {
      const char *asof = fc_jstr(s, "as_of");
      snprintf(out->source, sizeof out->source, "the published report %s (as of %s)", sp, asof ? asof : "?");
      out->period = period;
      json_decref(s);
      free(sp);
      return FC_OK;
    }
    why = s ? "the published report was made from another claims ledger" : "there is no published report";
    json_decref(s);
    free(sp);
  }
  /* a fresh run of the inputs, into a temporary folder */
  const char *tmpdir = getenv("TMPDIR");
  char *tmpl = fc_asprintf("%s/finops-claims-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  if (!tmpl)
    return FC_ERR_NOMEM;
  if (!mkdtemp(tmpl)) {
    fc_diags_add(diags, FC_SEV_WARNING, tmpl, 0, 0, "cannot create a temporary folder: no dollars listed");
    free(tmpl);
    return FC_OK;
  }
  fc_run_opts o;
  memset(&o, 0, sizeof o);
  o.config = config_path;
  o.period = period;
  o.as_of = INT32_MIN;
  o.out_dir = tmpl;
  o.no_packs = 1; /* the figures only: no workbooks or charts */
  fc_diags rd = {0};
  char *published = NULL;
  fc_status st = fc_run_execute(&o, &rd, &published);
  if (st == FC_ERR_NOMEM) {
    fc_diags_free(&rd);
    fc_remove_tree(tmpl);
    free(tmpl);
    return st;
  }
  if (st) {
    fc_diags_add(diags, FC_SEV_WARNING, config_path, 0, 0,
                 "the inputs could not be run (%s; see finops run): no dollars listed", fc_strerror(st));
  } else {
    char *sp = fc_asprintf("%s/summary.json", published);
    json_t *s = sp ? fc_close_read(sp, wanted, NULL, err, sizeof err) : NULL;
    if (s && take(s, cfg, out, 0)) {
      const char *p = fc_jstr(s, "period");
      if (p)
        fc_period_parse(p, &out->period);
      snprintf(out->source, sizeof out->source, "a fresh run of the inputs (%s)", why);
    }
    json_decref(s);
    free(sp);
  }
  free(published);
  fc_diags_free(&rd);
  fc_remove_tree(tmpl);
  free(tmpl);
  return FC_OK;
}

void fc_claims_cover_free(fc_claims_cover *c) {
  free(c->usd);
  free(c->have);
  memset(c, 0, sizeof *c);
}
