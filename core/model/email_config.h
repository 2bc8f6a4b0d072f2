/* email_config.h: the `email:` section of finops.yaml (sender, SMTP server, limits), used by
 * `finops send` and validated by `finops check`. */
#ifndef FC_EMAIL_CONFIG_H
#define FC_EMAIL_CONFIG_H

#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "util.h"

typedef struct fc_email_config {
  int present;        /* the config has an email: section */
  char *from;         /* "Name <addr>" or "addr", as written */
  char *reply_to;     /* may be NULL */
  char *url;          /* smtp://host[:port] or smtps://host[:port] */
  int starttls;       /* 1: STARTTLS required (default for smtp://); 0: plain (only with starttls: false) */
  char *username;     /* may be NULL: no AUTH */
  char *password_env; /* name of the environment variable holding the password; may be NULL */
  char *ca_file;      /* resolved path of extra CA certificates; may be NULL */
  char *helo;         /* name sent in EHLO; may be NULL (libcurl's default) */
  long connect_timeout_s;       /* default 15 */
  long timeout_s;               /* whole transfer, default 120 */
  int retries;                  /* extra attempts after a temporary failure, default 3 */
  long retry_delay_ms;          /* first backoff, doubled per attempt, default 2000 */
  int64_t max_attachment_bytes; /* sum of attachments per message, default 10 MB */
  int inline_charts;            /* charts shown in the HTML body, 0..2, default 2 */
  fc_pos pos;                   /* of the email: key */
} fc_email_config;

/* Reads the email: section of the config file at path (the rest of the file is fc_config_load's).
 * Every problem goes to diags as file:line:col. Returns FC_OK (also when the section is absent:
 * out->present 0), FC_ERR_CONFIG, FC_ERR_IO or FC_ERR_NOMEM. cfg_dir resolves ca_file. Free with
 * fc_email_config_free. */
fc_status fc_email_config_load(const char *path, const char *cfg_dir, fc_email_config *out, fc_diags *diags);
void fc_email_config_free(fc_email_config *e);

/* The bare address of a "Name <addr>" or "addr" mailbox, into buf; 0, or -1 when malformed. */
int fc_mailbox_addr(const char *mailbox, char *buf, size_t size);
/* 1 when s is a plausible addr-spec (local@domain, printable ASCII, no spaces or angle brackets). */
int fc_addr_ok(const char *s);

#endif
