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
