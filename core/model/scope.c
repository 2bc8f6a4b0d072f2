/* scope.c: the one scope rule: which hierarchy node's rows a scope node may see. Every pack,
 * answer, approval and the tasks plugin (through the host API) decide with this function. */
#include "scope.h"

/* 1 when a row of node `row` belongs in the pack of node `scope`. Rows of the organisation as a
 * whole (-1) belong only to the organisation pack. */
int fc_scope_contains(const fc_config *cfg, int row, int scope) {
  if (scope < 0)
    return 1;
  for (int n = row; n >= 0; n = cfg->nodes[n].parent)
    if (n == scope)
      return 1;
  return 0;
}

/* The policy entry in force at node: the deepest entry at or above it, else "*". */
const fc_cfg_policy *fc_policy_in_force(const fc_config *c, int node) {
  const fc_cfg_policy *best = NULL;
  int best_level = -2;
  for (size_t i = 0; i < c->npolicy; i++) {
    const fc_cfg_policy *p = &c->policy[i];
    int level = -1;
    if (p->node >= 0) {
      if (!fc_scope_contains(c, node, p->node)) /* the node lies at or below the entry's */
        continue;
      level = c->nodes[p->node].level;
    }
    if (level > best_level) {
      best = p;
      best_level = level;
    }
  }
  return best;
}
