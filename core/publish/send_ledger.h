/* send_ledger.h: the send ledger (<output.dir>/send-ledger.jsonl): one JSON line per delivery
 * attempt outcome, appended and flushed to disk per message, so that `finops send` sends each
 * person's report for a period exactly once and a killed batch re-sends at most the message that
 * was in flight. */
#ifndef FC_SEND_LEDGER_H
#define FC_SEND_LEDGER_H

#include <stdio.h>

#include "diag.h"
#include "util.h"

typedef struct fc_ledger_entry {
  char *period;     /* YYYY-MM */
  char *email;      /* recipient address */
  char *status;     /* "sent" or "failed" */
  char *sha256;     /* of the message content (without Date and Message-ID) */
  char *message_id; /* <...> */
  char *reply;      /* the server's last reply, or the error */
  char *at;         /* UTC time, ISO 8601 */
} fc_ledger_entry;

typedef struct fc_ledger {
  char *path;
  fc_ledger_entry *v;
  size_t n;
} fc_ledger;

/* Reads the ledger at path (absent: empty). An unreadable line is a warning (a line cut short by a
 * kill), not an error. Returns FC_OK, FC_ERR_IO or FC_ERR_NOMEM. */
fc_status fc_ledger_load(const char *path, fc_ledger *l, fc_diags *diags);
/* The latest entry for (period, email) with the given status, or NULL. status NULL: any. */
const fc_ledger_entry *fc_ledger_last(const fc_ledger *l, const char *period, const char *email,
                                      const char *status);
/* Appends e as one line, flushes and fsyncs it, and keeps a copy in l. Returns FC_OK or FC_ERR_IO. */
fc_status fc_ledger_append(fc_ledger *l, const fc_ledger_entry *e, fc_diags *diags);
void fc_ledger_free(fc_ledger *l);

#endif
