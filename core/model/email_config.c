/* email_config.c: loads and validates the email: section of finops.yaml with libyaml. */
#include "email_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

typedef struct eld {
  yaml_document_t *doc;
  fc_diags *diags;
  const char *file;
  int oom;
} eld;

static void eerr(eld *L, const yaml_node_t *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void eerr(eld *L, const yaml_node_t *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fc_diags_vadd(L->diags, FC_SEV_ERROR, L->file, n ? (int)n->start_mark.line + 1 : 0,
                n ? (int)n->start_mark.column + 1 : 0, fmt, ap);
  va_end(ap);
}

static yaml_node_t *at(eld *L, int id) { return yaml_document_get_node(L->doc, id); }

static int is_scalar(const yaml_node_t *n) { return n && n->type == YAML_SCALAR_NODE; }
static const char *text(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }
static int plain(const yaml_node_t *n) { return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE; }
static int is_nullish(const yaml_node_t *n) {
  if (!is_scalar(n) || !plain(n))
    return 0;
  const char *s = text(n);
  return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static yaml_node_t *get(eld *L, yaml_node_t *map, const char *key) {
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = at(L, p->key);
    if (is_scalar(k) && !strcmp(text(k), key)) {
      yaml_node_t *v = at(L, p->value);
      return v && !is_nullish(v) ? v : NULL;
    }
  }
  return NULL;
}

static void check_keys(eld *L, yaml_node_t *map, const char *const *allowed, const char *where) {
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = at(L, p->key);
    if (!is_scalar(k)) {
      eerr(L, k, "%s: a key must be text", where);
      continue;
    }
    int ok = 0;
    for (const char *const *a = allowed; *a; a++)
      ok |= !strcmp(*a, text(k));
    if (!ok)
      eerr(L, k, "unknown key '%s' in %s", text(k), where);
    for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
      yaml_node_t *k2 = at(L, q->key);
      if (is_scalar(k2) && !strcmp(text(k2), text(k))) {
        eerr(L, k, "duplicate key '%s' in %s (first at line %d)", text(k), where,
             (int)k2->start_mark.line + 1);
        break;
      }
    }
  }
}

static char *str(eld *L, yaml_node_t *v, const char *what) {
  if (!is_scalar(v)) {
    eerr(L, v, "%s: expected text", what);
    return NULL;
  }
  char *s = fc_strdup(text(v));
  if (!s)
    L->oom = 1;
  return s;
}

static int boolean(eld *L, yaml_node_t *v, const char *what, int *out) {
  if (is_scalar(v) && plain(v) && (!strcmp(text(v), "true") || !strcmp(text(v), "false"))) {
    *out = !strcmp(text(v), "true");
    return 0;
  }
  eerr(L, v, "%s: expected true or false", what);
  return -1;
}

static int integer(eld *L, yaml_node_t *v, const char *what, int64_t lo, int64_t hi, int64_t *out) {
  if (is_scalar(v) && plain(v)) {
    const char *s = text(v);
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (*s && !*end && !errno && x >= lo && x <= hi) {
      *out = x;
      return 0;
    }
  }
  eerr(L, v, "%s: expected a whole number from %lld to %lld", what, (long long)lo, (long long)hi);
  return -1;
}

int fc_addr_ok(const char *s) {
  const char *atp = strrchr(s, '@');
  if (!atp || atp == s || !atp[1] || !strchr(atp + 1, '.') || strlen(s) > 254)
    return 0;
  for (const char *p = s; *p; p++)
    if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 127 || strchr("<>()[]\\,;:\"", *p))
      return 0;
  return 1;
}

int fc_mailbox_addr(const char *mailbox, char *buf, size_t size) {
  const char *lt = strrchr(mailbox, '<');
  const char *a = mailbox;
  size_t n = strlen(mailbox);
  if (lt) {
    const char *gt = strchr(lt, '>');
    if (!gt || gt[1])
      return -1;
    a = lt + 1;
    n = (size_t)(gt - a);
  } else {
    while (*a == ' ')
      a++, n--;
    while (n && a[n - 1] == ' ')
      n--;
  }
  if (n + 1 > size)
    return -1;
  memcpy(buf, a, n);
  buf[n] = 0;
  return fc_addr_ok(buf) ? 0 : -1;
}

static int env_name_ok(const char *s) {
  if (!*s || isdigit((unsigned char)*s))
    return 0;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_')
      return 0;
  return 1;
}

static const char *const email_keys[] = {"from",          "reply_to", "smtp", "max_attachment_bytes",
                                         "inline_charts", NULL};
static const char *const smtp_keys[] = {"url",     "starttls",       "username", "password_env",
                                        "ca_file", "helo",           "timeout",  "connect_timeout",
                                        "retries", "retry_delay_ms", "password", NULL};

static void load_mailbox(eld *L, yaml_node_t *v, const char *what, char **out) {
  char *s = str(L, v, what);
  if (!s)
    return;
  char addr[320];
  for (const char *p = s; *p; p++)
    if ((unsigned char)*p < ' ') {
      eerr(L, v, "%s: control characters are not allowed", what);
      free(s);
      return;
    }
  if (fc_mailbox_addr(s, addr, sizeof addr))
    eerr(L, v, "%s: '%s' is not a mailbox like 'FinOps <finops@example.com>' or finops@example.com", what, s);
  *out = s;
}

static void load_smtp(eld *L, yaml_node_t *m, const char *cfg_dir, fc_email_config *e) {
  if (m->type != YAML_MAPPING_NODE) {
    eerr(L, m, "email.smtp: expected a map");
    return;
  }
  check_keys(L, m, smtp_keys, "email.smtp");
  yaml_node_t *v = get(L, m, "url");
  if (!v)
    eerr(L, m, "missing required key 'url' in email.smtp");
  else if ((e->url = str(L, v, "email.smtp.url"))) {
    int smtps = !strncmp(e->url, "smtps://", 8);
    if (!smtps && strncmp(e->url, "smtp://", 7))
      eerr(L, v, "email.smtp.url: '%s' must start with smtp:// (STARTTLS) or smtps:// (TLS from the start)",
           e->url);
    else if (!e->url[smtps ? 8 : 7] || e->url[smtps ? 8 : 7] == ':' || e->url[smtps ? 8 : 7] == '/')
      eerr(L, v, "email.smtp.url: '%s' names no host", e->url);
  }
  if ((v = get(L, m, "starttls"))) {
    int b;
    if (!boolean(L, v, "email.smtp.starttls", &b)) {
      e->starttls = b;
      if (!b && e->url && !strncmp(e->url, "smtps://", 8))
        eerr(L, v, "email.smtp.starttls: false contradicts smtps:// (TLS from the start)");
      if (!b && get(L, m, "username"))
        eerr(L, v,
             "email.smtp.starttls: false would send the password unencrypted; use STARTTLS or smtps://");
    }
  }
  if ((v = get(L, m, "username")))
    e->username = str(L, v, "email.smtp.username");
  if ((v = get(L, m, "password_env"))) {
    if ((e->password_env = str(L, v, "email.smtp.password_env")) && !env_name_ok(e->password_env))
      eerr(L, v, "email.smtp.password_env: '%s' is not an environment variable name (letters, digits, _)",
           e->password_env);
  }
  if (e->username && !e->password_env)
    eerr(L, get(L, m, "username"),
         "email.smtp.username needs password_env: the name of the environment variable holding the password");
  if (e->password_env && !e->username)
    eerr(L, get(L, m, "password_env"), "email.smtp.password_env needs username");
  if ((v = get(L, m, "password")))
    eerr(L, v,
         "email.smtp.password: passwords are never read from a file; name a variable with password_env");
  if ((v = get(L, m, "ca_file"))) {
    char *rel = str(L, v, "email.smtp.ca_file");
    if (rel) {
      e->ca_file = rel[0] == '/' ? fc_strdup(rel) : fc_asprintf("%s/%s", cfg_dir, rel);
      free(rel);
      if (!e->ca_file)
        L->oom = 1;
      else {
        FILE *f = fopen(e->ca_file, "rb");
        if (!f)
          eerr(L, v, "email.smtp.ca_file: cannot read %s: %s", e->ca_file, strerror(errno));
        else
          fclose(f);
      }
    }
  }
  if ((v = get(L, m, "helo")))
    e->helo = str(L, v, "email.smtp.helo");
  int64_t x;
  if ((v = get(L, m, "timeout")) && !integer(L, v, "email.smtp.timeout", 1, 3600, &x))
    e->timeout_s = (long)x;
  if ((v = get(L, m, "connect_timeout")) && !integer(L, v, "email.smtp.connect_timeout", 1, 600, &x))
    e->connect_timeout_s = (long)x;
  if ((v = get(L, m, "retries")) && !integer(L, v, "email.smtp.retries", 0, 10, &x))
    e->retries = (int)x;
  if ((v = get(L, m, "retry_delay_ms")) && !integer(L, v, "email.smtp.retry_delay_ms", 0, 600000, &x))
    e->retry_delay_ms = (long)x;
}

static void load_email(eld *L, yaml_node_t *m, const char *cfg_dir, fc_email_config *e) {
  if (m->type != YAML_MAPPING_NODE) {
    eerr(L, m, "email: expected a map");
    return;
  }
  check_keys(L, m, email_keys, "email");
  yaml_node_t *v = get(L, m, "from");
  if (!v)
    eerr(L, m, "missing required key 'from' in email");
  else
    load_mailbox(L, v, "email.from", &e->from);
  if ((v = get(L, m, "reply_to")))
    load_mailbox(L, v, "email.reply_to", &e->reply_to);
  if (!(v = get(L, m, "smtp")))
    eerr(L, m, "missing required key 'smtp' in email");
  else
    load_smtp(L, v, cfg_dir, e);
  int64_t x;
  if ((v = get(L, m, "max_attachment_bytes")) &&
      !integer(L, v, "email.max_attachment_bytes", 0, INT64_C(1) << 40, &x))
    e->max_attachment_bytes = x;
  if ((v = get(L, m, "inline_charts")) && !integer(L, v, "email.inline_charts", 0, 2, &x))
    e->inline_charts = (int)x;
}

fc_status fc_email_config_load(const char *path, const char *cfg_dir, fc_email_config *out, fc_diags *diags) {
  memset(out, 0, sizeof *out);
  out->starttls = 1;
  out->connect_timeout_s = 15;
  out->timeout_s = 120;
  out->retries = 3;
  out->retry_delay_ms = 2000;
  out->max_attachment_bytes = 10 * 1000 * 1000;
  out->inline_charts = 2;
  size_t before = diags->nerrors;
  FILE *f = fopen(path, "rb");
  if (!f) {
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "cannot read the config file: %s", strerror(errno));
    return FC_ERR_IO;
  }
  yaml_parser_t p;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&p)) {
    fclose(f);
    return FC_ERR_NOMEM;
  }
  yaml_parser_set_input_file(&p, f);
  int ok = yaml_parser_load(&p, &doc);
  yaml_parser_delete(&p);
  fclose(f);
  if (!ok)
    return FC_ERR_CONFIG; /* the YAML error itself is reported by fc_config_load */
  eld L = {&doc, diags, path, 0};
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (root && root->type == YAML_MAPPING_NODE) {
    for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top; q++) {
      yaml_node_t *k = at(&L, q->key);
      if (is_scalar(k) && !strcmp(text(k), "email")) {
        out->present = 1;
        out->pos.line = (int)k->start_mark.line + 1;
        out->pos.col = (int)k->start_mark.column + 1;
        yaml_node_t *v = at(&L, q->value);
        if (!v || is_nullish(v))
          eerr(&L, k, "email: expected a map with from and smtp");
        else
          load_email(&L, v, cfg_dir, out);
        break;
      }
    }
  }
  yaml_document_delete(&doc);
  if (L.oom)
    return FC_ERR_NOMEM;
  return diags->nerrors > before ? FC_ERR_CONFIG : FC_OK;
}

void fc_email_config_free(fc_email_config *e) {
  free(e->from);
  free(e->reply_to);
  free(e->url);
  free(e->username);
  free(e->password_env);
  free(e->ca_file);
  free(e->helo);
  memset(e, 0, sizeof *e);
}
