/* claims_cmd.h: `finops claims`: the claims ledger, one line per claim, with its status on a day. */
#ifndef FC_CLAIMS_CMD_H
#define FC_CLAIMS_CMD_H

#include <stdint.h>

#include "config.h"

typedef enum fc_claim_status { FC_CLAIM_ACTIVE, FC_CLAIM_ENDED, FC_CLAIM_FUTURE } fc_claim_status;

/* The status of claim c on day: future before its from, ended after its until, else active. */
fc_claim_status fc_claim_status_on(const fc_cfg_claim *c, int32_t day);
/* "active", "ended" or "future". */
const char *fc_claim_status_name(fc_claim_status s);

/* finops claims [-c finops.yaml] [--workload ID] [--status active|ended|future] [--as-of YYYY-MM-DD]:
 * prints the ledger. Returns the exit status. */
int fc_cmd_claims(int argc, char **argv);

#endif
