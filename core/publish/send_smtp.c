/* send_smtp.c: SMTP delivery with libcurl. */
#include "send_smtp.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

typedef struct upload {
  const char *data;
  size_t len, off;
} upload;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *user) {
  upload *u = user;
  size_t room = size * nitems, left = u->len - u->off;
  size_t n = left < room ? left : room;
  memcpy(buf, u->data + u->off, n);
  u->off += n;
  return n;
}

/* The server's replies as libcurl reads them: we keep the last reply line but QUIT's. */
typedef struct replies {
  char last[512];
} replies;

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *user) {
  (void)h;
  replies *r = user;
  /* the answer to QUIT says nothing about the message */
  if (type != CURLINFO_HEADER_IN || (size >= 4 && !memcmp(data, "221 ", 4)))
    return 0;
  size_t n = size;
  while (n && (data[n - 1] == '\n' || data[n - 1] == '\r'))
    n--;
  if (n >= sizeof r->last)
    n = sizeof r->last - 1;
  memcpy(r->last, data, n);
  r->last[n] = 0;
  return 0;
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&t, &t) != 0)
    ;
}

int fc_smtp_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1; }
void fc_smtp_global_cleanup(void) { curl_global_cleanup(); }

static fc_smtp_result attempt(const fc_email_config *e, const char *password, const char *envelope_from,
                              const char *rcpt, const char *data, size_t len, char **reply, long *code) {
  CURL *h = curl_easy_init();
  if (!h) {
    *reply = fc_strdup("cannot start libcurl");
    return FC_SMTP_TEMPORARY;
  }
  upload u = {data, len, 0};
  replies r = {{0}};
  char errbuf[CURL_ERROR_SIZE] = {0};
  char *from = fc_asprintf("<%s>", envelope_from);
  char *to = fc_asprintf("<%s>", rcpt);
  struct curl_slist *rcpts = to ? curl_slist_append(NULL, to) : NULL;
  char *url = e->helo ? fc_asprintf("%s/%s", e->url, e->helo) : fc_strdup(e->url);
  fc_smtp_result res = FC_SMTP_TEMPORARY;
  if (!from || !rcpts || !url) {
    *reply = fc_strdup("out of memory");
    goto done;
  }
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!strncmp(e->url, "smtps://", 8) || e->starttls)
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
  if (e->ca_file)
    curl_easy_setopt(h, CURLOPT_CAINFO, e->ca_file);
  if (e->username) {
    curl_easy_setopt(h, CURLOPT_USERNAME, e->username);
    curl_easy_setopt(h, CURLOPT_PASSWORD, password ? password : "");
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &u);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, e->connect_timeout_s);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, e->timeout_s);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &r);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); /* feeds debug_cb only */

  CURLcode rc = curl_easy_perform(h);
  long c = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &c);
  *code = c;
  if (rc == CURLE_OK) {
    res = FC_SMTP_SENT;
    *reply = fc_strdup(r.last[0] ? r.last : "250");
  } else {
    res = c >= 500 && c <= 599 ? FC_SMTP_PERMANENT : FC_SMTP_TEMPORARY;
    /* TLS that cannot be set up or verified, or a refused login, will not mend by retrying and
     * fails every message alike. */
    if (rc == CURLE_USE_SSL_FAILED || rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_LOGIN_DENIED ||
        rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_UNSUPPORTED_PROTOCOL ||
        rc == CURLE_URL_MALFORMAT)
      res = FC_SMTP_SERVER;
    int show = r.last[0] && c >= 400;
    *reply = fc_asprintf("%s%s%s", show ? r.last : "", show ? " | " : "",
                         errbuf[0] ? errbuf : curl_easy_strerror(rc));
  }
done:
  curl_slist_free_all(rcpts);
  free(from);
  free(to);
  free(url);
  curl_easy_cleanup(h);
  return res;
}

fc_smtp_result fc_smtp_send(const fc_email_config *e, const char *password, const char *envelope_from,
                            const char *rcpt, const char *data, size_t len, char **reply, long *code) {
  long delay = e->retry_delay_ms;
  *reply = NULL;
  for (int i = 0;; i++) {
    free(*reply);
    *reply = NULL;
    *code = 0;
    fc_smtp_result r = attempt(e, password, envelope_from, rcpt, data, len, reply, code);
    if (r != FC_SMTP_TEMPORARY)
      return r;
    /* no SMTP reply at all after every retry (no connection, a silent server): the others would
     * fare no better */
    if (i >= e->retries)
      return *code == 0 ? FC_SMTP_SERVER : r;
    sleep_ms(delay);
    delay = delay * 2 > 600000 ? 600000 : delay * 2;
  }
}
