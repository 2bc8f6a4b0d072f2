/* approve.c: the spend approvals ledger: loading, permission, atomic append, and marking approved
 * overages in a run's results. */
#include "approve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "scope.h"
#include "util.h"

char *fc_approvals_path(const fc_config *cfg) { return fc_config_resolve(cfg, "approvals.yaml"); }

int fc_person_find(const fc_config *cfg, const char *email) {
  for (size_t i = 0; email && i < cfg->npeople; i++)
    if (cfg->people[i].email && strcasecmp(cfg->people[i].email, email) == 0)
      return (int)i;
  return -1;
}

int fc_approver_may(const fc_config *cfg, int person, int workload) {
  if (person < 0 || (size_t)person >= cfg->npeople || workload < 0 || (size_t)workload >= cfg->nworkloads)
    return 0;
  const fc_cfg_person *p = &cfg->people[person];
  if (p->role != FC_ROLE_FINOPS_LEADER && p->role != FC_ROLE_PORTFOLIO_MANAGER)
    return 0;
  for (size_t i = 0; i < p->nscope; i++)
    if (fc_scope_contains(cfg, cfg->workloads[workload].node, p->scope_nodes[i]))
      return 1;
  return 0;
}

void fc_approvals_free(fc_approvals *a) {
  for (size_t i = 0; i < a->n; i++) {
    free(a->v[i].workload_id);
    free(a->v[i].approved_by);
    free(a->v[i].reason);
  }
  free(a->v);
  free(a->file);
  memset(a, 0, sizeof *a);
}

const fc_approval *fc_approvals_find(const fc_approvals *a, int workload, int32_t day) {
  const fc_approval *found = NULL;
  for (size_t i = 0; i < a->n; i++)
    if (a->v[i].workload == workload && day <= a->v[i].until)
      found = &a->v[i];
  return found;
}

static const char *scalar(yaml_document_t *doc, yaml_node_t *map, const char *key, yaml_node_t **at) {
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(doc, p->key), *v = yaml_document_get_node(doc, p->value);
    if (k && k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, key) == 0) {
      *at = v;
      return v && v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : NULL;
    }
  }
  *at = NULL;
  return NULL;
}

#define LN(n) ((int)(n)->start_mark.line + 1)
#define CL(n) ((int)(n)->start_mark.column + 1)

fc_status fc_approvals_load(const fc_config *cfg, const char *path, fc_approvals *out, fc_diags *diags) {
  memset(out, 0, sizeof *out);
  out->file = path ? fc_strdup(path) : fc_approvals_path(cfg);
  if (!out->file)
    return FC_ERR_NOMEM;
  const char *shown = path ? path : out->file;
  FILE *f = fopen(out->file, "rb");
  if (!f) {
    if (errno == ENOENT)
      return FC_OK;
    fc_diags_add(diags, FC_SEV_ERROR, shown, 0, 0, "cannot read the approvals ledger: %s", strerror(errno));
    return FC_ERR_IO;
  }
  yaml_parser_t ps;
  yaml_document_t doc;
  yaml_parser_initialize(&ps);
  yaml_parser_set_input_file(&ps, f);
  fc_status st = FC_OK;
  if (!yaml_parser_load(&ps, &doc)) {
    fc_diags_add(diags, FC_SEV_ERROR, shown, (int)ps.problem_mark.line + 1, (int)ps.problem_mark.column + 1,
                 "%s", ps.problem ? ps.problem : "invalid YAML");
    yaml_parser_delete(&ps);
    fclose(f);
    return FC_ERR_CONFIG;
  }
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (!root || (root->type == YAML_SCALAR_NODE &&
                (!root->data.scalar.length || strcmp((const char *)root->data.scalar.value, "null") == 0 ||
                 strcmp((const char *)root->data.scalar.value, "~") == 0)))
    goto done;
  if (root->type != YAML_SEQUENCE_NODE) {
    fc_diags_add(diags, FC_SEV_ERROR, shown, LN(root), CL(root), "expected a list of approvals");
    st = FC_ERR_CONFIG;
    goto done;
  }
  size_t cap = (size_t)(root->data.sequence.items.top - root->data.sequence.items.start);
  out->v = calloc(cap + 1, sizeof *out->v);
  if (!out->v) {
    st = FC_ERR_NOMEM;
    goto done;
  }
  static const char *const keys[] = {"workload", "usd", "until", "approved_by", "approved_at", "reason"};
  for (yaml_node_item_t *it = root->data.sequence.items.start; it < root->data.sequence.items.top; it++) {
    yaml_node_t *e = yaml_document_get_node(&doc, *it);
    if (!e || e->type != YAML_MAPPING_NODE) {
      fc_diags_add(diags, FC_SEV_ERROR, shown, e ? LN(e) : 0, e ? CL(e) : 0,
                   "expected an approval (a mapping)");
      st = FC_ERR_CONFIG;
      continue;
    }
    for (yaml_node_pair_t *p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top; p++) {
      yaml_node_t *k = yaml_document_get_node(&doc, p->key);
      int ok = 0;
      for (size_t j = 0; k && k->type == YAML_SCALAR_NODE && j < sizeof keys / sizeof keys[0]; j++)
        ok |= strcmp((const char *)k->data.scalar.value, keys[j]) == 0;
      if (!ok) {
        fc_diags_add(diags, FC_SEV_ERROR, shown, k ? LN(k) : LN(e), k ? CL(k) : CL(e), "unknown key '%s'",
                     k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "?");
        st = FC_ERR_CONFIG;
      }
    }
    fc_approval ap = {0};
    ap.line = LN(e);
    yaml_node_t *at;
    const char *wl = scalar(&doc, e, "workload", &at);
    ap.workload = wl ? fc_config_workload_find(cfg, wl) : -1;
    if (ap.workload < 0) {
      fc_diags_add(diags, FC_SEV_ERROR, shown, at ? LN(at) : LN(e), at ? CL(at) : CL(e),
                   wl ? "workload '%s' is not in the configuration" : "missing workload%s", wl ? wl : "");
      st = FC_ERR_CONFIG;
    }
    const char *u = scalar(&doc, e, "usd", &at);
    if (!u || fc_money_parse(u, strlen(u), &ap.usd, NULL) || ap.usd <= 0) {
      fc_diags_add(diags, FC_SEV_ERROR, shown, at ? LN(at) : LN(e), at ? CL(at) : CL(e),
                   "usd: expected a positive amount");
      st = FC_ERR_CONFIG;
    }
    const char *d = scalar(&doc, e, "until", &at);
    if (!d || fc_date_parse(d, &ap.until)) {
      fc_diags_add(diags, FC_SEV_ERROR, shown, at ? LN(at) : LN(e), at ? CL(at) : CL(e),
                   "until: expected YYYY-MM-DD");
      st = FC_ERR_CONFIG;
    }
    const char *by = scalar(&doc, e, "approved_by", &at);
    int person = by ? fc_person_find(cfg, by) : -1;
    if (person < 0 || (ap.workload >= 0 && !fc_approver_may(cfg, person, ap.workload))) {
      fc_diags_add(diags, FC_SEV_ERROR, shown, at ? LN(at) : LN(e), at ? CL(at) : CL(e),
                   by ? "approved_by: %s may not approve this workload's spend" : "missing approved_by%s",
                   by ? by : "");
      st = FC_ERR_CONFIG;
    }
    const char *aat = scalar(&doc, e, "approved_at", &at);
    ap.approved_at = -1;
    if (aat && fc_date_parse(aat, &ap.approved_at)) {
      fc_diags_add(diags, FC_SEV_ERROR, shown, LN(at), CL(at), "approved_at: expected YYYY-MM-DD");
      st = FC_ERR_CONFIG;
    }
    const char *why = scalar(&doc, e, "reason", &at);
    if (!why || !*why) {
      fc_diags_add(diags, FC_SEV_ERROR, shown, at ? LN(at) : LN(e), at ? CL(at) : CL(e), "missing reason");
      st = FC_ERR_CONFIG;
    }
    ap.workload_id = fc_strdup(wl ? wl : "");
    ap.approved_by = fc_strdup(by ? by : "");
    ap.reason = fc_strdup(why ? why : "");
    out->v[out->n++] = ap;
    if (!ap.workload_id || !ap.approved_by || !ap.reason)
      st = FC_ERR_NOMEM;
  }
done:
  yaml_document_delete(&doc);
  yaml_parser_delete(&ps);
  fclose(f);
  return st;
}

/* ---- recording ---- */

/* 0 with the file's text; 1 when it does not exist; -1 otherwise (errno set). */
static int read_all(const char *path, char **text, size_t *len) {
  *text = NULL;
  *len = 0;
  if (fc_read_file(path, text, len))
    return errno == ENOENT ? 1 : -1;
  return 0;
}

/* YAML double-quoted scalar of s. */
static void quoted(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p < 0x20 || *p == 0x7f)
      fprintf(f, "\\x%02x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

int fc_approve_record(const fc_config *cfg, const char *workload_id, fc_money usd, int32_t until,
                      const char *by, const char *reason, int32_t today, char *err, size_t err_size) {
  int w = fc_config_workload_find(cfg, workload_id);
  if (w < 0) {
    snprintf(err, err_size, "no workload '%s' in the configuration", workload_id);
    return 2;
  }
  int p = fc_person_find(cfg, by);
  if (p < 0) {
    snprintf(err, err_size, "no person with email '%s' in the configuration", by);
    return 2;
  }
  if (!fc_approver_may(cfg, p, w)) {
    snprintf(
        err, err_size,
        "%s may not approve spend of %s: only the FinOps leader or the portfolio manager above the workload "
        "can",
        by, workload_id);
    return 2;
  }
  if (usd <= 0) {
    snprintf(err, err_size, "--usd: expected a positive amount");
    return 2;
  }
  if (until < today) {
    snprintf(err, err_size, "--until: the day is already past");
    return 2;
  }
  if (!reason || !*reason) {
    snprintf(err, err_size, "--reason: must not be empty");
    return 2;
  }
  char *ledger = fc_approvals_path(cfg), *text = NULL, *again = NULL;
  char *tmp = ledger ? fc_asprintf("%s.tmp-%ld", ledger, (long)getpid()) : NULL;
  size_t len = 0, alen = 0;
  int rc = 1;
  if (!ledger || !tmp) {
    snprintf(err, err_size, "out of memory");
    goto done;
  }
  int r = read_all(ledger, &text, &len);
  if (r < 0) {
    snprintf(err, err_size, "%s: cannot read the approvals ledger: %s", ledger, strerror(errno));
    goto done;
  }
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    snprintf(err, err_size, "%s: %s", tmp, strerror(errno));
    goto done;
  }
  if (len)
    fwrite(text, 1, len, f);
  else
    fputs("# Spend approvals: written by `finops approve`; one entry per approval.\n", f);
  if (len && text[len - 1] != '\n')
    fputc('\n', f);
  char amount[40], d1[16], d2[16];
  fc_money_format(usd, 2, amount);
  fprintf(f, "- workload: %s\n  usd: %s\n  until: %s\n  approved_by: %s\n  approved_at: %s\n  reason: ",
          cfg->workloads[w].id, amount, fc_date_format(until, d1), cfg->people[p].email,
          fc_date_format(today, d2));
  quoted(f, reason);
  fputc('\n', f);
  int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
  bad |= fclose(f) != 0;
  if (bad) {
    snprintf(err, err_size, "%s: %s", tmp, strerror(errno));
    unlink(tmp);
    goto done;
  }
  /* the new ledger must load before it replaces the old one */
  fc_approvals chk;
  fc_diags d = {0};
  fc_status st = fc_approvals_load(cfg, tmp, &chk, &d);
  fc_approvals_free(&chk);
  if (st) {
    snprintf(err, err_size, "%s: the ledger would not load: %s", ledger, d.n ? d.v[0].msg : "invalid");
    fc_diags_free(&d);
    unlink(tmp);
    rc = 2;
    goto done;
  }
  fc_diags_free(&d);
  int r2 = read_all(ledger, &again, &alen);
  if (r2 != r || alen != len || (len && memcmp(again, text, len) != 0)) {
    snprintf(err, err_size, "%s: the ledger changed while this approval was prepared; run the command again",
             ledger);
    unlink(tmp);
    goto done;
  }
  if (rename(tmp, ledger) != 0) {
    snprintf(err, err_size, "%s: cannot replace the ledger: %s", ledger, strerror(errno));
    unlink(tmp);
    goto done;
  }
  char *dir = fc_strdup(cfg->dir ? cfg->dir : ".");
  int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY) : -1;
  if (dfd >= 0) {
    (void)fsync(dfd);
    close(dfd);
  }
  free(dir);
  snprintf(err, err_size, "%s", ledger);
  rc = 0;
done:
  free(ledger);
  free(tmp);
  free(text);
  free(again);
  return rc;
}
