/* checks.h: validations `finops check` makes beyond the configuration itself. */
#ifndef FC_CHECKS_H
#define FC_CHECKS_H

#include "config.h"
#include "diag.h"

/* Loads the configured `prices:` file with the tokens plugin's own loader, so that a file `run`
 * would refuse is refused here first: an error at the config's `prices:` when it cannot be read,
 * else at the file's line and column. Nothing when no prices file is configured. Returns the
 * number of errors added. */
int fc_check_prices(const fc_config *cfg, fc_diags *d);

#endif
