/* claims_cover.h: what each claim of the ledger covered in a period, in dollars, for
 * `finops claims`: from the published report of the period when it was made from the ledger as it
 * is now, else from a fresh run of the inputs (into a temporary folder, removed after). */
#ifndef FC_CLAIMS_COVER_H
#define FC_CLAIMS_COVER_H

#include <stdint.h>

#include "config.h"
#include "diag.h"

typedef struct fc_claims_cover {
  int32_t period;   /* YYYYMM; 0 when no figures */
  fc_money *usd;    /* per claim of cfg (ledger order) */
  int *have;        /* 1 when usd[i] is known */
  char source[600]; /* where the figures come from, for people */
} fc_claims_cover;

/* Fills out for every claim of cfg (loaded from config_path). period 0: the configured period,
 * else the latest published. Problems of a fresh run go to diags as warnings (the listing still
 * works, without dollars). Returns FC_OK or FC_ERR_NOMEM. */
fc_status fc_claims_cover_load(const char *config_path, const fc_config *cfg, int32_t period,
                               fc_claims_cover *out, fc_diags *diags);
void fc_claims_cover_free(fc_claims_cover *c);

#endif
