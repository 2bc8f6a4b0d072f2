/* scope.h: the one scope rule. */
#ifndef FC_SCOPE_H
#define FC_SCOPE_H

#include "config.h"

/* 1 when a row of node row_node lies within scope node scope_node (the one scope rule: packs,
 * answers, approvals). scope_node -1 is the whole organisation; rows of the organisation as a whole
 * (-1) belong only to it. */
int fc_scope_contains(const fc_config *cfg, int row_node, int scope_node);

#endif
