/* config_claims.c: the claims ledger (claims.yaml): each claim of an IAM role, IAM user or
 * application inference profile by a workload from a day on, checked against the configuration
 * and against every other claim; and the ARNs a claim may name. */
#include "config_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const claim_keys[] = {"workload",          "iam_role",   "iam_user",
                                         "inference_profile", "from",       "until",
                                         "claimed_by",        "claimed_at", NULL};

/* ---------------------------------------------------------------------------------------------
 * The claims ledger
 * ------------------------------------------------------------------------------------------- */

static const char *claim_kind_word(fc_claim_kind k) {
  switch (k) {
  case FC_CLAIM_ROLE:
    return "role";
  case FC_CLAIM_USER:
    return "IAM user";
  case FC_CLAIM_PROFILE:
    return "inference profile";
  }
  return "?";
}

static void load_claim(ld *L, yaml_node_t *item, size_t index) {
  fc_config *cfg = L->cfg;
  char where[48], what[96];
  snprintf(where, sizeof where, "claims[%zu]", index);
  if (fcy_want_map(&L->y, item, where))
    return;
  fc_cfg_claim *c = FCY_PUSH(&L->y, cfg->claims, cfg->nclaims);
  if (!c)
    return;
  c->workload = -1;
  c->from_day = INT32_MIN;
  c->until_day = INT32_MAX;
  c->claimed_at = -1;
  c->pos = fcy_pos(item);
  fcy_check_keys(&L->y, item, claim_keys, where);

  yaml_node_t *v = fcy_req(&L->y, item, "workload", where);
  snprintf(what, sizeof what, "%s.workload", where);
  if (v && (c->workload_id = fcy_want_str(&L->y, v, what))) {
    c->workload = fc_config_workload_find(cfg, c->workload_id);
    if (c->workload < 0)
      fcy_err(&L->y, v, "%s: the claim names no configured workload '%s'", what, c->workload_id);
  }

  static const char *const arn_keys[3] = {"iam_role", "iam_user", "inference_profile"};
  static const fc_claim_kind arn_kinds[3] = {FC_CLAIM_ROLE, FC_CLAIM_USER, FC_CLAIM_PROFILE};
  yaml_node_t *arn_node = NULL;
  int arn_key = -1;
  for (int i = 0; i < 3; i++) {
    yaml_node_t *a = fcy_opt(&L->y, item, arn_keys[i]);
    if (!a)
      continue;
    if (arn_node) {
      fcy_err(&L->y, a, "%s: set only one of iam_role, iam_user or inference_profile (also has %s)", where,
              arn_keys[arn_key]);
      continue;
    }
    arn_node = a;
    arn_key = i;
  }
  if (!arn_node) {
    fcy_err(&L->y, item, "%s: set one of iam_role, iam_user or inference_profile", where);
  } else {
    snprintf(what, sizeof what, "%s.%s", where, arn_keys[arn_key]);
    if ((c->arn = fcy_want_str(&L->y, arn_node, what))) {
      const char *why = NULL;
      fc_claim_kind kind;
      char *acct = NULL, *name = NULL;
      if (fc_arn_parse_claim(c->arn, &kind, &acct, &name, &why)) {
        if (strcmp(why, "out of memory") == 0)
          fcy_oom(&L->y);
        else
          fcy_err(&L->y, arn_node, "%s: '%s' %s", what, c->arn, why);
      } else if (kind != arn_kinds[arn_key]) {
        fcy_err(&L->y, arn_node, "%s: '%s' is %s %s ARN, not what %s takes", what, c->arn,
                kind == FC_CLAIM_ROLE ? "a" : "an", claim_kind_word(kind), arn_keys[arn_key]);
        free(acct);
        free(name);
      } else {
        c->kind = kind;
        c->account = acct;
        c->name = name;
      }
    }
  }

  v = fcy_req(&L->y, item, "from", where);
  snprintf(what, sizeof what, "%s.from", where);
  int32_t d;
  if (v && !fcy_want_date(&L->y, v, what, &d))
    c->from_day = d;
  v = fcy_opt(&L->y, item, "until");
  snprintf(what, sizeof what, "%s.until", where);
  if (v && !fcy_want_date(&L->y, v, what, &d)) {
    c->until_day = d;
    if (c->from_day != INT32_MIN && d < c->from_day) {
      char a[11], b[11];
      fcy_err(&L->y, v, "%s: %s is before from (%s)", what, fc_date_format(d, a),
              fc_date_format(c->from_day, b));
    }
  }
  v = fcy_opt(&L->y, item, "claimed_by");
  snprintf(what, sizeof what, "%s.claimed_by", where);
  if (v)
    c->claimed_by = fcy_want_str(&L->y, v, what);
  v = fcy_opt(&L->y, item, "claimed_at");
  snprintf(what, sizeof what, "%s.claimed_at", where);
  if (v && !fcy_want_date(&L->y, v, what, &d))
    c->claimed_at = d;
}

/* Loads the ledger; a missing file is an empty ledger. Returns FC_ERR_IO when it cannot be read. */
fc_status fc_cfg_load_ledger(fc_config *cfg, fc_diags *diags, int missing_ok) {
  ld L = {.y = {.file = cfg->claims_file, .diags = diags}, .cfg = cfg};
  char *text = NULL;
  size_t len = 0;
  if (fc_read_file(cfg->claims_file, &text, &len)) {
    if (errno == ENOENT && (missing_ok || !cfg->claims_file_line))
      return FC_OK;
    if (errno == ENOENT) { /* named in the config: a misspelt name must not mean "no claims" */
      fc_diags_add(diags, FC_SEV_ERROR, cfg->file, cfg->claims_file_line, cfg->claims_file_col,
                   "claims_file: '%s' does not exist (without claims_file, a missing claims.yaml beside the "
                   "config is an empty ledger)",
                   cfg->claims_file);
      return FC_ERR_CONFIG;
    }
    int e = errno;
    fc_diags_add(diags, FC_SEV_ERROR, cfg->claims_file, 0, 0, "cannot read the claims ledger: %s",
                 strerror(e));
    return e == ENOMEM ? FC_ERR_NOMEM : FC_ERR_IO;
  }
  yaml_document_t doc;
  if (fcy_parse(&L.y, text, len, &doc) == 0) {
    L.y.doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && !fcy_is_null(root)) {
      if (root->type != YAML_SEQUENCE_NODE) {
        fcy_err(&L.y, root, "the claims ledger must be a list of claims, got %s", fcy_kind(root));
      } else {
        size_t i = 0;
        FCY_ITEMS_FOR(it, root) { load_claim(&L, fcy_node(&L.y, *it), i++); }
      }
    }
    yaml_document_delete(&doc);
  }
  free(text);
  fc_claims_check_overlaps(cfg, diags);
  return L.y.oom ? FC_ERR_NOMEM : FC_OK;
}

/* A claim with everything needed to compare it: parsed ARN, workload, a valid day range. */
static int claim_comparable(const fc_cfg_claim *c) {
  return c->account && c->name && c->workload_id && c->from_day != INT32_MIN && c->until_day >= c->from_day;
}

int fc_claims_overlap(const fc_cfg_claim *a, const fc_cfg_claim *b) {
  if (!claim_comparable(a) || !claim_comparable(b))
    return 0;
  if (a->kind != b->kind || strcmp(a->account, b->account) != 0 || strcmp(a->name, b->name) != 0)
    return 0;
  return !(a->until_day < b->from_day || b->until_day < a->from_day);
}

const char *fc_claim_kind_word(fc_claim_kind k) { return claim_kind_word(k); }

void fc_claims_check_overlaps(const fc_config *cfg, fc_diags *diags) {
  for (size_t j = 1; j < cfg->nclaims; j++) {
    const fc_cfg_claim *b = &cfg->claims[j];
    for (size_t i = 0; i < j; i++) {
      const fc_cfg_claim *a = &cfg->claims[i];
      if (!fc_claims_overlap(a, b))
        continue;
      char af[11], au[11], bf[11], bu[11];
      fc_date_format(a->from_day, af);
      fc_date_format(b->from_day, bf);
      if (a->until_day == INT32_MAX)
        strcpy(au, "open");
      else
        fc_date_format(a->until_day, au);
      if (b->until_day == INT32_MAX)
        strcpy(bu, "open");
      else
        fc_date_format(b->until_day, bu);
      fc_diags_add(
          diags, FC_SEV_ERROR, cfg->claims_file, b->pos.line, b->pos.col,
          "claim of %s '%s' in account %s for workload '%s' (%s to %s) overlaps the claim at line %d "
          "for workload '%s' (%s to %s)",
          claim_kind_word(b->kind), b->name, b->account, b->workload_id, bf, bu, a->pos.line, a->workload_id,
          af, au);
      break;
    }
  }
}

/* ---------------------------------------------------------------------------------------------
 * ARNs
 * ------------------------------------------------------------------------------------------- */

static int iam_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("+=,.@_-", c);
}

int fc_arn_parse_claim(const char *arn, fc_claim_kind *kind, char **account, char **name, const char **why) {
  const char *f[4];
  size_t fl[4];
  const char *dummy;
  if (!why)
    why = &dummy;
  *account = NULL;
  *name = NULL;
  if (!arn || strncmp(arn, "arn:", 4) != 0) {
    *why = "is not an ARN (it must start with 'arn:')";
    return -1;
  }
  const char *p = arn + 4;
  for (int i = 0; i < 4; i++) {
    const char *q = strchr(p, ':');
    if (!q) {
      *why = "is not an ARN (too few ':'-separated parts)";
      return -1;
    }
    f[i] = p;
    fl[i] = (size_t)(q - p);
    p = q + 1;
  }
  const char *res = p;
#define FIELD_IS(i, s) (fl[i] == strlen(s) && memcmp(f[i], s, fl[i]) == 0)
  if (!FIELD_IS(0, "aws") && !FIELD_IS(0, "aws-us-gov") && !FIELD_IS(0, "aws-cn")) {
    *why = "has an unknown partition (aws, aws-us-gov or aws-cn)";
    return -1;
  }
  fc_claim_kind k;
  const char *id;
  size_t idlen;
  if (FIELD_IS(1, "iam")) {
    if (fl[2] != 0) {
      *why = "is an IAM ARN with a region (IAM ARNs have none)";
      return -1;
    }
    if (!strncmp(res, "role/", 5)) {
      k = FC_CLAIM_ROLE;
      res += 5;
    } else if (!strncmp(res, "user/", 5)) {
      k = FC_CLAIM_USER;
      res += 5;
    } else {
      *why = "is an IAM ARN that names neither a role nor a user";
      return -1;
    }
    /* [path/]NAME: every path part non-empty and printable; the name in IAM's character set */
    const char *last = strrchr(res, '/');
    for (const char *c = res; last && c < last; c++) {
      if ((*c == '/' && (c == res || c[-1] == '/')) || (unsigned char)*c <= 0x20 ||
          (unsigned char)*c >= 0x7f) {
        *why = "has an invalid IAM path";
        return -1;
      }
    }
    if (last && (last == res || last[-1] == '/')) {
      *why = "has an invalid IAM path";
      return -1;
    }
    id = last ? last + 1 : res;
    idlen = strlen(id);
    if (idlen == 0 || idlen > 64) {
      *why =
          k == FC_CLAIM_ROLE ? "has an empty or over-long role name" : "has an empty or over-long user name";
      return -1;
    }
    for (size_t i = 0; i < idlen; i++)
      if (!iam_name_char(id[i])) {
        *why = k == FC_CLAIM_ROLE ? "has an invalid character in the role name"
                                  : "has an invalid character in the user name";
        return -1;
      }
  } else if (FIELD_IS(1, "sts")) {
    *why = "is an assumed-role session ARN; claim the role itself (arn:aws:iam::ACCOUNT:role/NAME)";
    return -1;
  } else if (FIELD_IS(1, "bedrock")) {
    if (fl[2] == 0) {
      *why = "is a Bedrock ARN without a region";
      return -1;
    }
    for (size_t i = 0; i < fl[2]; i++)
      if (!((f[2][i] >= 'a' && f[2][i] <= 'z') || (f[2][i] >= '0' && f[2][i] <= '9') || f[2][i] == '-')) {
        *why = "has an invalid region";
        return -1;
      }
    if (!strncmp(res, "inference-profile/", 18)) {
      *why = "is a system inference profile, which cannot be claimed; claim an application inference profile";
      return -1;
    }
    if (strncmp(res, "application-inference-profile/", 30) != 0) {
      *why = "is a Bedrock ARN that is not an application inference profile";
      return -1;
    }
    k = FC_CLAIM_PROFILE;
    id = res + 30;
    idlen = strlen(id);
    int ok = idlen > 0;
    for (size_t i = 0; i < idlen; i++)
      ok &=
          (id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9');
    if (!ok) {
      *why = "has an invalid application inference profile id";
      return -1;
    }
  } else {
    *why = "is not an IAM role, IAM user or application inference profile ARN";
    return -1;
  }
#undef FIELD_IS
  int acct_ok = fl[3] == 12;
  for (size_t i = 0; i < fl[3]; i++)
    acct_ok &= f[3][i] >= '0' && f[3][i] <= '9';
  if (!acct_ok) {
    *why = "has an account that is not 12 digits";
    return -1;
  }
  char *a = fc_strndup(f[3], fl[3]), *n = fc_strndup(id, idlen);
  if (!a || !n) {
    free(a);
    free(n);
    *why = "out of memory";
    return -1;
  }
  *kind = k;
  *account = a;
  *name = n;
  return 0;
}
