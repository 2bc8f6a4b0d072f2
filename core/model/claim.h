/* claim.h: `finops claim`: check a principal or profile against the CUR data and the ledger, then
 * append the claim to the claims ledger atomically. */
#ifndef FC_CLAIM_H
#define FC_CLAIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "finops/plugin.h"
#include "ingest.h"

typedef struct fc_claim_opts {
  const char *config;     /* path of finops.yaml */
  const char *workload;   /* workload id */
  fc_claim_kind kind;     /* the kind the command-line option named */
  const char *arn;        /* written to the ledger as given */
  int32_t from_day;       /* first day covered */
  int end;                /* 1: end the existing claim on until_day instead of appending one */
  int32_t until_day;      /* with end: the claim's last day */
  int32_t today;          /* claimed_at */
  const char *claimed_by; /* NULL: not recorded */
  int force;              /* 1: do not look for the ARN in the CUR data */
  FILE *out;              /* what was found and written; NULL = stdout */
  fc_ingest_progress_fn progress;
  void *progress_user;
  void (*progress_done)(void *user); /* called after the ingest when progress is set */
} fc_claim_opts;

/* Validates and appends one claim. Problems are recorded in diags, with the ledger's
 * file:line:col where one applies. Returns
 *   FC_OK            the claim was appended (the ledger is replaced atomically);
 *   FC_ERR_USAGE     the ARN is malformed or not of the kind o->kind;
 *   FC_ERR_CONFIG    the config or ledger is invalid, the workload is unknown, the claim overlaps
 *                    another one, or the ledger with the claim appended would not load;
 *   FC_ERR_PARSE     the CUR inputs could not be read;
 *   FC_ERR_NOT_FOUND the ARN does not occur in the CUR data (and o->force is 0);
 *   FC_ERR_IO        the ledger could not be written (it is left as it was);
 *   FC_ERR_NOMEM.
 * Nothing is written unless FC_OK is returned. */
fc_status fc_claim_execute(const fc_claim_opts *o, fc_diags *diags);

/* The ledger text with one entry appended: existing (len bytes; NULL/0 for a missing file) plus a
 * newline if it lacks one, plus the entry in block style at the indentation of the existing
 * list. An empty flow list ("[]") or explicit null document is dropped, comments are kept.
 * Returns a new NUL-terminated string (*out_len bytes), or NULL with *why set to a static
 * message when the existing text is a non-empty flow-style list or is not YAML. */
char *fc_claim_ledger_append(const char *existing, size_t len, const char *workload, fc_claim_kind kind,
                             const char *arn, int32_t from_day, const char *claimed_by, int32_t claimed_at,
                             size_t *out_len, const char **why);

/* The ledger text with the claim entry that starts on line `line` (1-based, as fc_cfg_claim.pos)
 * ending on until_day: its `until:` line replaced, or one inserted after its `from:` line at the
 * same indentation. Returns a new NUL-terminated string (*out_len bytes), or NULL with *why set to
 * a static message when the entry has no block-style `from:` line. */
char *fc_claim_ledger_end(const char *existing, size_t len, int line, int32_t until_day, size_t *out_len,
                          const char **why);

#endif
