/* approve.h: the spend approvals ledger (approvals.yaml beside finops.yaml).
 *
 * An approval lets a workload's forecast overage run up to `usd` until a day. Only the FinOps leader
 * or a portfolio manager whose scope covers the workload may approve. The ledger is appended to like
 * the claims ledger: a temporary file beside it, validated, synced and renamed over it. */
#ifndef FC_APPROVE_H
#define FC_APPROVE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "diag.h"

typedef struct fc_approval {
  char *workload_id;
  int workload; /* index into cfg->workloads */
  fc_money usd;
  int32_t until; /* inclusive */
  char *approved_by;
  int32_t approved_at;
  char *reason;
  int line;
} fc_approval;

typedef struct fc_approvals {
  fc_approval *v;
  size_t n;
  char *file; /* resolved path of the ledger */
} fc_approvals;

/* The ledger's path for cfg: <dir of finops.yaml>/approvals.yaml; caller frees. */
char *fc_approvals_path(const fc_config *cfg);
/* Loads the ledger of cfg (a missing file is an empty ledger). Problems go to diags as
 * file:line:col; returns FC_OK, FC_ERR_CONFIG or FC_ERR_IO. Free with fc_approvals_free. */
fc_status fc_approvals_load(const fc_config *cfg, const char *path, fc_approvals *out, fc_diags *diags);
void fc_approvals_free(fc_approvals *a);
/* The approval of workload in effect on day (the last one entered wins); NULL when none. */
const fc_approval *fc_approvals_find(const fc_approvals *a, int workload, int32_t day);
/* 1 when person (index) may approve spend of workload (index): the FinOps leader or a portfolio
 * manager whose scope covers the workload. */
int fc_approver_may(const fc_config *cfg, int person, int workload);
/* Person index by email (case-insensitive); -1 when absent. */
int fc_person_find(const fc_config *cfg, const char *email);

/* Records an approval in the ledger of cfg. Returns 0, or 2 with a message in *why (static or
 * in err) for a refusal (unknown workload or person, not allowed, bad amount), or 1 for I/O. */
int fc_approve_record(const fc_config *cfg, const char *workload_id, fc_money usd, int32_t until,
                      const char *by, const char *reason, int32_t today, char *err, size_t err_size);

struct fc_run;
/* Marks approved overages in the results that declare a column for approval marks (FC_USE_APPROVALS: alerts,
 * findings, the task queue): severity "approved" and the approval in the text. Problems loading the ledger go
 * to the run's diags. */
fc_status fc_approvals_apply(struct fc_run *r);

#endif
