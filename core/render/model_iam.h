/* model_iam.h: a ready-to-apply IAM policy per approved-model list: it denies invoking or
 * conversing with any foundation model or system inference profile whose model is not approved. */
#ifndef FC_MODEL_IAM_H
#define FC_MODEL_IAM_H

#include "config.h"
#include "diag.h"
#include "names.h"
#include "outfiles.h"
#include "prices.h"

struct fc_run;

/* The IAM policy document (JSON, trailing newline) for the approved-model patterns pat[0..n):
 * one Deny statement of bedrock:InvokeModel* and bedrock:Converse* whose NotResource lists the
 * foundation-model and system inference-profile ARNs of every catalog model whose name matches a
 * pattern (fnmatch, as the policy check), and application inference profiles (their models are
 * checked as foundation models). Returns NULL with *all = 1 when every catalog model is approved
 * (nothing to deny), or NULL with *all = 0 when out of memory. Caller frees. */
char *fc_model_iam_policy(const price_table *t, const char *const *pat, size_t n, int *all);

/* Writes the cloud engineer's model policy documents for the pack of node pack_node into
 * dir/rel/model-policy/ and records them in files: the one for the approved-model list in force
 * at the pack's node, and one per list set on a node that lies within the pack
 * (fc_scope_contains). Returns FC_OK, FC_ERR_IO or FC_ERR_NOMEM (problems in the run's diags). */
fc_status fc_model_iam_write(struct fc_run *r, const char *dir, const char *rel, int pack_node,
                             unsigned audience, fc_outfiles *files);

#endif
