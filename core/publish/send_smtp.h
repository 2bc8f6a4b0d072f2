/* send_smtp.h: delivers one message to one recipient over SMTP with libcurl: STARTTLS required
 * (smtp://) or TLS from the start (smtps://), AUTH from the configured username and the password in
 * the environment variable the config names, timeouts, and retries with backoff on temporary
 * failures. */
#ifndef FC_SEND_SMTP_H
#define FC_SEND_SMTP_H

#include <stddef.h>

#include "email_config.h"

typedef enum fc_smtp_result {
  FC_SMTP_SENT = 0,
  FC_SMTP_TEMPORARY, /* 4xx or a connection problem, after every retry */
  FC_SMTP_PERMANENT, /* 5xx for this message or recipient: retrying will not help */
  FC_SMTP_SERVER,    /* TLS, login or URL problem, or no reply at all after every retry: every
                        other message would fail the same way */
} fc_smtp_result;

/* Sends data (a whole RFC 5322 message) from the envelope sender to rcpt. *reply gets the server's
 * last reply line (e.g. "250 2.0.0 Ok: queued as ...") or a description of the failure; caller
 * frees. *code gets the last SMTP reply code (0 when none). password may be NULL (no AUTH). */
fc_smtp_result fc_smtp_send(const fc_email_config *e, const char *password, const char *envelope_from,
                            const char *rcpt, const char *data, size_t len, char **reply, long *code);

/* Global libcurl set-up and tear-down, once per process. */
int fc_smtp_global_init(void);
void fc_smtp_global_cleanup(void);

#endif
