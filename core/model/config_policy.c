/* config_policy.c: finops.yaml's policy (approved models per node, the healthy cache hit rate)
 * and report_card (grade weights) sections. */
#include "config_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const policy_keys[] = {"approved_models", "cache_hit_rate_healthy", NULL};
static const char *const report_card_keys[] = {"weights", NULL};
static const char *const weight_keys[] = {"attribution", "budget", "cache", "map", "models", NULL};

void fc_cfg_load_policy(ld *L, yaml_node_t *v) {
  fc_config *cfg = L->cfg;
  if (fcy_want_map(&L->y, v, "policy"))
    return;
  fcy_check_keys(&L->y, v, policy_keys, "policy");
  yaml_node_t *am = fcy_opt(&L->y, v, "approved_models");
  if (am && !fcy_want_map(&L->y, am, "policy.approved_models")) {
    fcy_check_keys(&L->y, am, NULL, "policy.approved_models");
    FCY_PAIRS_FOR(p, am) {
      yaml_node_t *k = fcy_node(&L->y, p->key), *val = fcy_node(&L->y, p->value);
      if (!k || k->type != YAML_SCALAR_NODE)
        continue;
      const char *path = fcy_text(k);
      int node = -1;
      if (strcmp(path, "*") != 0 && (node = fc_config_node_find(cfg, path)) < 0) {
        fcy_err(&L->y, k, "policy.approved_models: '%s' is not a node of the hierarchy (nor \"*\")", path);
        continue;
      }
      fc_cfg_policy *pol = FCY_PUSH(&L->y, cfg->policy, cfg->npolicy);
      if (!pol)
        continue;
      pol->path = fcy_dup(&L->y, path);
      pol->node = node;
      pol->pos = fcy_pos(k);
      if (fcy_is_null(val)) {
        fcy_err(&L->y, val, "policy.approved_models: '%s' has no model patterns", path);
        continue;
      }
      fcy_string_list(&L->y, val, "policy.approved_models", &pol->patterns, &pol->npatterns, NULL);
    }
  }
  yaml_node_t *ch = fcy_opt(&L->y, v, "cache_hit_rate_healthy");
  if (ch) {
    const char *s = fcy_want_number(&L->y, ch, "policy.cache_hit_rate_healthy");
    if (s) {
      double d = strtod(s, NULL);
      if (!(d >= 0.0 && d <= 1.0))
        fcy_err(&L->y, ch, "policy.cache_hit_rate_healthy: must be between 0 and 1, got %s", s);
      else
        cfg->cache_hit_rate_healthy = d;
    }
  }
}

void fc_cfg_load_report_card(ld *L, yaml_node_t *v) {
  if (fcy_want_map(&L->y, v, "report_card"))
    return;
  fcy_check_keys(&L->y, v, report_card_keys, "report_card");
  yaml_node_t *w = fcy_opt(&L->y, v, "weights");
  if (!w || fcy_want_map(&L->y, w, "report_card.weights"))
    return;
  fcy_check_keys(&L->y, w, weight_keys, "report_card.weights");
  for (int i = 0; i < 5; i++) {
    yaml_node_t *x = fcy_opt(&L->y, w, weight_keys[i]);
    char what[64];
    snprintf(what, sizeof what, "report_card.weights.%s", weight_keys[i]);
    int64_t n;
    if (!x || fcy_want_count(&L->y, x, what, &n))
      continue;
    if (n > 1000000)
      fcy_err(&L->y, x, "%s: %s is too large (at most 1000000)", what, fcy_text(x));
    else
      L->cfg->weights[i] = (int)n;
  }
}
