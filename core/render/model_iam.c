/* model_iam.c: IAM policy documents that enforce an approved-model list. */
#include "model_iam.h"

#include <errno.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packs.h"
#include "run.h"
#include "util.h"

static int approved(const char *const *pat, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (pat[i] && fnmatch(pat[i], name, 0) == 0)
      return 1;
  return 0;
}

/* A catalog key that is a Bedrock model id ("anthropic.claude-sonnet-4-6"), not a usage-type
 * token ("Claude4.6Sonnet"): a provider, a dot, then lower-case letters, digits, '-', '.', ':'. */
static int model_id(const char *k) {
  const char *dot = strchr(k, '.');
  if (!dot || dot == k)
    return 0;
  for (const char *p = k; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == ':'))
      return 0;
  return 1;
}

/* Whether "<id>*" would match a model id of an unapproved catalog model. */
static int covers_unapproved(const price_table *t, const char *const *pat, size_t n, const char *id) {
  size_t len = strlen(id);
  for (size_t i = 0; i < t->n; i++) {
    if (approved(pat, n, t->models[i].name))
      continue;
    for (size_t k = 0; k < t->models[i].nkeys; k++)
      if (model_id(t->models[i].keys[k]) && strncmp(t->models[i].keys[k], id, len) == 0)
        return 1;
  }
  return 0;
}

static int add_str(json_t *a, const char *s) { return s ? json_array_append_new(a, json_string(s)) : -1; }

char *fc_model_iam_policy(const price_table *t, const char *const *pat, size_t n, int *all) {
  *all = 1;
  for (size_t i = 0; i < t->n && *all; i++)
    *all = approved(pat, n, t->models[i].name);
  if (*all)
    return NULL;
  json_t *doc = json_object(), *st = json_object(), *sts = json_array(), *act = json_array(),
         *nres = json_array();
  int bad = !doc || !st || !sts || !act || !nres;
  bad = bad || json_object_set_new(doc, "Version", json_string("2012-10-17")) ||
        json_object_set_new(st, "Sid", json_string("DenyUnapprovedBedrockModels")) ||
        json_object_set_new(st, "Effect", json_string("Deny")) || add_str(act, "bedrock:InvokeModel*") ||
        add_str(act, "bedrock:Converse*");
  /* application inference profiles: the call is also authorised against the foundation model */
  bad = bad || add_str(nres, "arn:aws:bedrock:*:*:application-inference-profile/*");
  for (size_t i = 0; i < t->n && !bad; i++) {
    const price_model *m = &t->models[i];
    if (!approved(pat, n, m->name))
      continue;
    for (size_t k = 0; k < m->nkeys && !bad; k++) {
      if (!model_id(m->keys[k]))
        continue;
      /* "<id>*" covers every version and date of the model; when it would also cover another,
       * unapproved model whose id extends this one ("anthropic.claude-sonnet-4*" covers
       * "anthropic.claude-sonnet-4-5"), the model's own versions are listed instead: the id alone,
       * dated releases "-20*", versions "-v*" and ":*" */
      static const char *const any[] = {"*", NULL};
      static const char *const own[] = {"", "-20*", "-v*", ":*", NULL};
      const char *const *suffixes = covers_unapproved(t, pat, n, m->keys[k]) ? own : any;
      for (size_t x = 0; suffixes[x] && !bad; x++) {
        char *fm = fc_asprintf("arn:aws:bedrock:*::foundation-model/%s%s", m->keys[k], suffixes[x]);
        char *ip = fc_asprintf("arn:aws:bedrock:*:*:inference-profile/*.%s%s", m->keys[k], suffixes[x]);
        bad = !fm || !ip || add_str(nres, fm) || add_str(nres, ip);
        free(fm);
        free(ip);
      }
    }
  }
  char *out = NULL;
  if (!bad && !json_object_set(st, "Action", act) && !json_object_set(st, "NotResource", nres) &&
      !json_array_append(sts, st) && !json_object_set(doc, "Statement", sts))
    out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(doc);
  json_decref(st);
  json_decref(sts);
  json_decref(act);
  json_decref(nres);
  *all = 0;
  if (!out)
    return NULL;
  size_t len = strlen(out);
  char *nl = realloc(out, len + 2);
  if (!nl) {
    free(out);
    return NULL;
  }
  nl[len] = '\n';
  nl[len + 1] = '\0';
  return nl;
}

/* The catalog's path; NULL with *none = 1 when there is none (no tokens plugin), else out of memory. */
static char *prices_path(const fc_run *r, int *none) {
  *none = 0;
  if (r->cfg.prices_file)
    return fc_strdup(r->cfg.prices_file);
  for (size_t i = 0; i < r->plugins.n; i++)
    if (r->plugins.v[i].name && strcmp(r->plugins.v[i].name, "tokens") == 0 && r->plugins.v[i].file) {
      const char *f = r->plugins.v[i].file, *slash = strrchr(f, '/');
      return slash ? fc_asprintf("%.*s/prices.yaml", (int)(slash - f), f) : fc_strdup("prices.yaml");
    }
  *none = 1;
  return NULL;
}

fc_status fc_model_iam_write(fc_run *r, const char *dir, const char *rel, int pack_node, unsigned audience,
                             fc_outfiles *files) {
  const fc_config *c = &r->cfg;
  if (!c->npolicy)
    return FC_OK;
  int none;
  char *path = prices_path(r, &none);
  if (!path)
    return none ? FC_OK : FC_ERR_NOMEM; /* none: the tokens plugin is not installed */
  price_table t;
  prices_init(&t);
  char err[1024] = "";
  if (prices_load(path, &t, err, sizeof err) != 0) {
    /* a file the checks passed before the run: out of memory or changed since */
    fc_diags_add(r->diags, FC_SEV_ERROR, path, 0, 0, "cannot read the model catalog for the model policy: %s",
                 err);
    free(path);
    prices_free(&t);
    return strstr(err, "memory") ? FC_ERR_NOMEM : FC_ERR_IO;
  }
  free(path);
  const fc_cfg_policy *force = fc_policy_in_force(c, pack_node < 0 ? -1 : pack_node);
  fc_status st = FC_OK;
  int made_dir = 0;
  for (size_t i = 0; i < c->npolicy && !st; i++) {
    const fc_cfg_policy *p = &c->policy[i];
    if (p != force && !fc_scope_contains(c, p->node, pack_node))
      continue;
    int all = 0;
    char *doc = fc_model_iam_policy(&t, (const char *const *)p->patterns, p->npatterns, &all);
    if (!doc) {
      st = all ? FC_OK : FC_ERR_NOMEM;
      continue;
    }
    char *name = p->node < 0 ? fc_strdup("all-nodes") : fc_node_dir(c, p->node);
    for (char *q = name; q && *q; q++)
      if (*q == '/')
        *q = '~';
    char *frel = name ? fc_asprintf("%s/model-policy/%s.json", rel, name) : NULL;
    char *fdir = frel ? fc_asprintf("%s/%s/model-policy", dir, rel) : NULL;
    char *fabs = fdir ? fc_asprintf("%s/%s", dir, frel) : NULL;
    if (!fabs) {
      st = FC_ERR_NOMEM;
    } else if (!made_dir && fc_mkdirs(fdir)) {
      fc_diags_add(r->diags, FC_SEV_ERROR, fdir, 0, 0, "cannot create: %s", strerror(errno));
      st = FC_ERR_IO;
    } else {
      made_dir = 1;
      FILE *f = fopen(fabs, "w");
      size_t len = strlen(doc);
      int wrote = f && fwrite(doc, 1, len, f) == len;
      if (f && fclose(f) != 0)
        wrote = 0;
      if (!wrote) {
        fc_diags_add(r->diags, FC_SEV_ERROR, fabs, 0, 0, "cannot write: %s", strerror(errno));
        st = FC_ERR_IO;
      } else if (fc_outfiles_add(files, frel, pack_node, audience)) {
        st = FC_ERR_NOMEM;
      }
    }
    free(doc);
    free(name);
    free(frel);
    free(fdir);
    free(fabs);
  }
  prices_free(&t);
  return st;
}
