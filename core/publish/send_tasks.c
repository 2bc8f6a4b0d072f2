/* send_tasks.c: reading a pack's tasks.csv for the message (libcsv). */
#include "send_tasks.h"

#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "util.h"

static void csv_field(void *s, size_t len, void *user) {
  tasks *t = user;
  if (t->col < 10 && !t->cur.f[t->col]) {
    t->cur.f[t->col] = fc_strndup(s ? s : "", len);
    if (!t->cur.f[t->col])
      t->oom = 1;
  }
  t->col++;
}

static void task_clear(task *k) {
  for (int i = 0; i < 10; i++)
    free(k->f[i]);
  memset(k, 0, sizeof *k);
}

static void csv_row(int c, void *user) {
  (void)c;
  tasks *t = user;
  int full = t->col >= 10;
  if (!t->header_done || !full) {
    t->header_done = 1;
    task_clear(&t->cur);
  } else {
    task *nv = realloc(t->v, (t->n + 1) * sizeof *nv);
    if (!nv) {
      t->oom = 1;
      task_clear(&t->cur);
    } else {
      t->v = nv;
      t->v[t->n++] = t->cur;
      memset(&t->cur, 0, sizeof t->cur);
    }
  }
  t->col = 0;
}

void fc_msg_tasks_free(tasks *t) {
  for (size_t i = 0; i < t->n; i++)
    task_clear(&t->v[i]);
  task_clear(&t->cur);
  free(t->v);
  memset(t, 0, sizeof *t);
}

int fc_msg_tasks_read(const char *data, size_t len, tasks *t) {
  memset(t, 0, sizeof *t);
  struct csv_parser p;
  if (csv_init(&p, CSV_APPEND_NULL) != 0)
    return -1;
  int bad = csv_parse(&p, data, len, csv_field, csv_row, t) != len;
  csv_fini(&p, csv_field, csv_row, t);
  csv_free(&p);
  return bad || t->oom ? -1 : 0;
}
