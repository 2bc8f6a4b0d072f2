/* config_people.c: finops.yaml's people: who receives which role's pack for which part of the
 * hierarchy. */
#include "config_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const person_keys[] = {"email", "name", "role", "scope", NULL};

static int role_parse(const char *s, fc_role *r) {
  for (int i = 0; i < FC_ROLE_COUNT; i++)
    if (!strcmp(s, fc_role_name((fc_role)i))) {
      *r = (fc_role)i;
      return 0;
    }
  return -1;
}

void fc_cfg_load_person(ld *L, yaml_node_t *item, size_t index) {
  fc_config *cfg = L->cfg;
  char where[48], what[80];
  snprintf(where, sizeof where, "people[%zu]", index);
  if (fcy_want_map(&L->y, item, where))
    return;
  fc_cfg_person *pp = FCY_PUSH(&L->y, cfg->people, cfg->npeople);
  if (!pp)
    return;
  size_t pi = cfg->npeople - 1;
  pp->pos = fcy_pos(item);
  pp->role = FC_ROLE_COUNT;
  fcy_check_keys(&L->y, item, person_keys, where);

  yaml_node_t *v = fcy_req(&L->y, item, "email", where);
  snprintf(what, sizeof what, "%s.email", where);
  if (v && (pp->email = fcy_want_str(&L->y, v, what))) {
    const char *at = strchr(pp->email, '@');
    if (!at || at == pp->email || !at[1]) {
      fcy_err(&L->y, v, "%s: '%s' is not an email address", what, pp->email);
    } else {
      for (size_t j = 0; j < pi; j++)
        if (cfg->people[j].email && !strcasecmp(cfg->people[j].email, pp->email)) {
          fcy_err(&L->y, v, "duplicate person '%s' (first at line %d)", pp->email, cfg->people[j].pos.line);
          break;
        }
    }
  }

  v = fcy_opt(&L->y, item, "name");
  snprintf(what, sizeof what, "%s.name", where);
  if (v)
    pp->name = fcy_want_str(&L->y, v, what);
  if (!pp->name && pp->email)
    pp->name = fcy_dup(&L->y, pp->email);

  v = fcy_req(&L->y, item, "role", where);
  snprintf(what, sizeof what, "%s.role", where);
  const char *rs = v ? fcy_want_text(&L->y, v, what) : NULL;
  if (rs && role_parse(rs, &pp->role))
    fcy_err(&L->y, v,
            "%s: unknown role '%s' (finops_leader, portfolio_manager, product_owner or cloud_engineer)", what,
            rs);

  /* A scope entry is a node path, or "*" for the whole organisation (stored as node -1). */
  v = fcy_req(&L->y, item, "scope", where);
  snprintf(what, sizeof what, "%s.scope", where);
  if (!v)
    return;
  yaml_node_t **nodes = NULL;
  fcy_string_list(&L->y, v, what, &pp->scope, &pp->nscope, &nodes);
  if (pp->nscope && !(pp->scope_nodes = calloc(pp->nscope, sizeof *pp->scope_nodes)))
    fcy_oom(&L->y);
  for (size_t i = 0; pp->scope_nodes && i < pp->nscope; i++) {
    pp->scope_nodes[i] = -1;
    if (!strcmp(pp->scope[i], "*"))
      continue;
    pp->scope_nodes[i] = fc_config_node_find(cfg, pp->scope[i]);
    if (pp->scope_nodes[i] < 0)
      fcy_err(&L->y, nodes ? nodes[i] : v, "%s: '%s' is not a node of the hierarchy", what, pp->scope[i]);
  }
  free(nodes);
  if (v->type == YAML_SEQUENCE_NODE && v->data.sequence.items.top == v->data.sequence.items.start)
    fcy_err(&L->y, v, "%s: is empty; list node paths, or \"*\" for the whole organisation", what);
}

const char *fc_role_name(fc_role r) {
  static const char *const names[FC_ROLE_COUNT] = {"finops_leader", "portfolio_manager", "product_owner",
                                                   "cloud_engineer"};
  return (int)r >= 0 && r < FC_ROLE_COUNT ? names[r] : NULL;
}
