/* send_msg.h: builds one person's report-card message with GMime 3 from their packs:
 * multipart/alternative (plain text and HTML with one or two charts inline through
 * multipart/related and cid:), their workbooks and tasks.csv attached. Every figure comes from
 * summary.json (and last month's, when published) and the pack's tasks.csv. */
#ifndef FC_SEND_MSG_H
#define FC_SEND_MSG_H

#include <stddef.h>

#include <jansson.h>

#include "config.h"
#include "diag.h"
#include "email_config.h"
#include "templates.h"

typedef struct fc_msg_input {
  const fc_config *cfg;
  const fc_email_config *email;
  const json_t *summary;  /* <out>/<period>/summary.json */
  const json_t *previous; /* last month's summary.json, or NULL */
  const json_t *person;   /* the person's entry in manifest.json */
  const json_t *files;    /* manifest.json's files: every file read is checked against its sha256 */
  const char *period;     /* YYYY-MM */
  const char *period_dir; /* <out>/<period> */
  const char *replaces;   /* Message-ID of an earlier message this one replaces, or NULL */
  const char *replaces_at;
  const fc_template *tpl; /* the person's role template: its message: section, or NULL */
} fc_msg_input;

typedef struct fc_msg {
  char *data; /* the whole message, CRLF line ends */
  size_t len;
  char *to_addr;   /* recipient address */
  char *from_addr; /* envelope sender */
  char *subject;   /* UTF-8 */
} fc_msg;

/* GMime set-up and tear-down, once per process. */
void fc_msg_global_init(void);
void fc_msg_global_cleanup(void);

/* Builds the message. message_id NULL leaves out Date and Message-ID (the content whose sha256 the
 * ledger keeps); otherwise both are set (message_id without angle brackets). Returns FC_OK, or
 * FC_ERR_IO / FC_ERR_PARSE with details in diags. Free with fc_msg_free. */
fc_status fc_msg_build(const fc_msg_input *in, const char *message_id, fc_msg *out, fc_diags *diags);
void fc_msg_free(fc_msg *m);

#endif
