/* send_ledger.c: the JSON-lines send ledger. */
#include "send_ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

static void entry_free(fc_ledger_entry *e) {
  free(e->period);
  free(e->email);
  free(e->status);
  free(e->sha256);
  free(e->message_id);
  free(e->reply);
  free(e->at);
}

static char *dup_or_empty(const char *s) { return fc_strdup(s ? s : ""); }

static int entry_copy(fc_ledger_entry *d, const fc_ledger_entry *s) {
  d->period = dup_or_empty(s->period);
  d->email = dup_or_empty(s->email);
  d->status = dup_or_empty(s->status);
  d->sha256 = dup_or_empty(s->sha256);
  d->message_id = dup_or_empty(s->message_id);
  d->reply = dup_or_empty(s->reply);
  d->at = dup_or_empty(s->at);
  if (!d->period || !d->email || !d->status || !d->sha256 || !d->message_id || !d->reply || !d->at) {
    entry_free(d);
    return -1;
  }
  return 0;
}

static int push(fc_ledger *l, const fc_ledger_entry *e) {
  fc_ledger_entry *nv = realloc(l->v, (l->n + 1) * sizeof *nv);
  if (!nv)
    return -1;
  l->v = nv;
  if (entry_copy(&l->v[l->n], e))
    return -1;
  l->n++;
  return 0;
}

fc_status fc_ledger_load(const char *path, fc_ledger *l, fc_diags *diags) {
  memset(l, 0, sizeof *l);
  if (!(l->path = fc_strdup(path)))
    return FC_ERR_NOMEM;
  FILE *f = fopen(path, "r");
  if (!f) {
    if (errno == ENOENT)
      return FC_OK;
    fc_diags_add(diags, FC_SEV_ERROR, path, 0, 0, "cannot read the send ledger: %s", strerror(errno));
    return FC_ERR_IO;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int lineno = 0;
  fc_status st = FC_OK;
  while ((len = getline(&line, &cap, f)) > 0) {
    lineno++;
    json_error_t je;
    json_t *o = json_loadb(line, (size_t)len, 0, &je);
    const char *status = o ? json_string_value(json_object_get(o, "status")) : NULL;
    if (!o || !json_is_object(o) || !status) {
      fc_diags_add(diags, FC_SEV_WARNING, path, lineno, 0,
                   "unreadable send ledger line skipped (cut short by an interrupted send?)");
      json_decref(o);
      continue;
    }
    fc_ledger_entry e = {
        (char *)json_string_value(json_object_get(o, "period")),
        (char *)json_string_value(json_object_get(o, "email")),
        (char *)status,
        (char *)json_string_value(json_object_get(o, "sha256")),
        (char *)json_string_value(json_object_get(o, "message_id")),
        (char *)json_string_value(json_object_get(o, "reply")),
        (char *)json_string_value(json_object_get(o, "at")),
    };
    int bad = push(l, &e);
    json_decref(o);
    if (bad) {
      st = FC_ERR_NOMEM;
      break;
    }
  }
  free(line);
  fclose(f);
  return st;
}

const fc_ledger_entry *fc_ledger_last(const fc_ledger *l, const char *period, const char *email,
                                      const char *status) {
  for (size_t i = l->n; i-- > 0;) {
    const fc_ledger_entry *e = &l->v[i];
    if (!strcmp(e->period, period) && !strcmp(e->email, email) && (!status || !strcmp(e->status, status)))
      return e;
  }
  return NULL;
}

fc_status fc_ledger_append(fc_ledger *l, const fc_ledger_entry *e, fc_diags *diags) {
  json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "period", e->period, "email", e->email,
                        "status", e->status, "sha256", e->sha256 ? e->sha256 : "", "message_id",
                        e->message_id ? e->message_id : "", "reply", e->reply ? e->reply : "", "at",
                        e->at ? e->at : "");
  if (!o)
    return FC_ERR_NOMEM;
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
  json_decref(o);
  if (!s)
    return FC_ERR_NOMEM;
  size_t n = strlen(s);
  int fd = open(l->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int bad = fd < 0;
  if (!bad) {
    /* A line cut short by a kill gets its newline first, so this entry stays a line of its own. */
    char last = '\n';
    off_t end = lseek(fd, 0, SEEK_END);
    if (end > 0 && (lseek(fd, end - 1, SEEK_SET) < 0 || read(fd, &last, 1) != 1))
      last = 0;
    int cut = last != '\n';
    /* One write per line: O_APPEND keeps it whole; a kill can only cut the line being written. */
    char *buf = fc_asprintf("%s%s\n", cut ? "\n" : "", s);
    size_t len = n + 1 + (size_t)cut;
    bad = !buf || write(fd, buf, len) != (ssize_t)len || fsync(fd) != 0;
    free(buf);
    bad |= close(fd) != 0;
  }
  free(s);
  if (bad) {
    fc_diags_add(diags, FC_SEV_ERROR, l->path, 0, 0, "cannot append to the send ledger: %s", strerror(errno));
    return FC_ERR_IO;
  }
  return push(l, e) ? FC_ERR_NOMEM : FC_OK;
}

void fc_ledger_free(fc_ledger *l) {
  for (size_t i = 0; i < l->n; i++)
    entry_free(&l->v[i]);
  free(l->v);
  free(l->path);
  memset(l, 0, sizeof *l);
}
