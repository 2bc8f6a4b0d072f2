/* send_tasks.h: a pack's tasks.csv, read back for the message. */
#ifndef FC_SEND_TASKS_H
#define FC_SEND_TASKS_H

#include <stddef.h>

typedef struct task {
  char *f[10]; /* the columns of tasks.csv, in order */
} task;

typedef struct tasks {
  task *v;
  size_t n;
  task cur;
  int col, header_done, oom;
} tasks;

/* Parses tasks.csv (its header, then rows of 10 columns) into t. 0, or -1 on a malformed file or
 * out of memory. Free with fc_msg_tasks_free. */
int fc_msg_tasks_read(const char *data, size_t len, tasks *t);
void fc_msg_tasks_free(tasks *t);

#endif
