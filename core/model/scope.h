/* scope.h: the one scope rule. */
#ifndef FC_SCOPE_H
#define FC_SCOPE_H

#include "config.h"

/* 1 when a row of node row_node lies within scope node scope_node (the one scope rule: packs,
 * answers, approvals). scope_node -1 is the whole organisation; rows of the organisation as a whole
 * (-1) belong only to it. */
int fc_scope_contains(const fc_config *cfg, int row_node, int scope_node);

/* The policy entry in force at node (-1: the organisation): the deepest approved_models entry at or
 * above it, else the "*" entry; NULL when none applies. */
const fc_cfg_policy *fc_policy_in_force(const fc_config *cfg, int node);

#endif
