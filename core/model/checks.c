/* checks.c: validations `finops check` makes beyond the configuration itself. */
#include "checks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prices.h"

int fc_check_prices(const fc_config *cfg, fc_diags *d) {
  if (!cfg->prices_file)
    return 0;
  if (access(cfg->prices_file, R_OK) != 0) {
    fc_diags_add(d, FC_SEV_ERROR, cfg->file, cfg->prices_line, cfg->prices_col,
                 "prices: cannot read '%s': %s", cfg->prices_file, strerror(errno));
    return 1;
  }
  price_table t;
  prices_init(&t);
  char err[1024] = "";
  int rc = prices_load(cfg->prices_file, &t, err, sizeof err);
  prices_free(&t);
  if (rc == 0)
    return 0;
  /* err is "FILE:LINE:COL: message" or "FILE: message" */
  size_t n = strlen(cfg->prices_file);
  const char *rest = strncmp(err, cfg->prices_file, n) == 0 ? err + n : NULL;
  char *end = NULL;
  long line = 0, col = 0;
  if (rest && rest[0] == ':' && rest[1] >= '0' && rest[1] <= '9') {
    line = strtol(rest + 1, &end, 10);
    if (*end == ':' && end[1] >= '0' && end[1] <= '9')
      col = strtol(end + 1, &end, 10);
    rest = end;
  }
  if (rest && rest[0] == ':' && rest[1] == ' ') {
    fc_diags_add(d, FC_SEV_ERROR, cfg->prices_file, (int)line, (int)col, "%s", rest + 2);
  } else {
    fc_diags_add(d, FC_SEV_ERROR, cfg->file, cfg->prices_line, cfg->prices_col, "prices: %s", err);
  }
  return 1;
}
