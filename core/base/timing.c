/* timing.c: the phase timer (see timing.h). */
#include "timing.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_PHASES 48

typedef struct phase {
  char name[40];
  double wall, cpu, child;
  double rss, hwm; /* MB at the phase's last end: resident now, and the process's peak so far */
  unsigned count;
} phase;

static struct {
  int on; /* -1: not yet read from the environment */
  fc_tstamp start, last;
  double child_start, child_last;
  phase v[MAX_PHASES];
  size_t n;
} tm = {.on = -1};

int fc_timing_on(void) {
  if (tm.on < 0) {
    const char *e = getenv("FINOPS_TIMINGS");
    tm.on = e && *e && strcmp(e, "0") != 0;
  }
  return tm.on;
}

static double ms(const struct timespec *t) { return (double)t->tv_sec * 1e3 + (double)t->tv_nsec / 1e6; }

void fc_timing_now(fc_tstamp *t) {
  struct timespec w, c;
  clock_gettime(CLOCK_MONOTONIC, &w);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
  t->wall = ms(&w);
  t->cpu = ms(&c);
}

/* VmRSS and VmHWM of /proc/self/status in MB (0 where unreadable): what the process holds now and
 * the most it has held, so that the phase whose end first shows the final peak is the one that set
 * it. A forked render process starts with the pages it shares with the run, its own peak included. */
static void rss_now(double *rss, double *hwm) {
  *rss = *hwm = 0;
  FILE *f = fopen("/proc/self/status", "r");
  if (!f)
    return;
  char line[128];
  while (fgets(line, sizeof line, f)) {
    long kb;
    if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
      *rss = (double)kb / 1024;
    else if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
      *hwm = (double)kb / 1024;
  }
  fclose(f);
}

static double child_cpu(void) {
  struct rusage u;
  if (getrusage(RUSAGE_CHILDREN, &u) != 0)
    return 0;
  return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

void fc_timing_start(void) {
  if (!fc_timing_on())
    return;
  tm.n = 0;
  fc_timing_now(&tm.start);
  tm.last = tm.start;
  tm.child_start = tm.child_last = child_cpu();
}

static phase *find(const char *name) {
  for (size_t i = 0; i < tm.n; i++)
    if (strncmp(tm.v[i].name, name, sizeof tm.v[i].name - 1) == 0)
      return &tm.v[i];
  if (tm.n == MAX_PHASES)
    return NULL;
  phase *p = &tm.v[tm.n++];
  memset(p, 0, sizeof *p);
  snprintf(p->name, sizeof p->name, "%s", name);
  return p;
}

void fc_timing_mark(const char *name) {
  if (!fc_timing_on())
    return;
  fc_tstamp now;
  fc_timing_now(&now);
  double ch = child_cpu();
  phase *p = find(name);
  if (p) {
    p->wall += now.wall - tm.last.wall;
    p->cpu += now.cpu - tm.last.cpu;
    p->child += ch - tm.child_last;
    p->count++;
    rss_now(&p->rss, &p->hwm);
  }
  tm.last = now;
  tm.child_last = ch;
}

void fc_timing_add(const char *name, const fc_tstamp *since) {
  if (!fc_timing_on())
    return;
  fc_tstamp now;
  fc_timing_now(&now);
  phase *p = find(name);
  if (p) {
    p->wall += now.wall - since->wall;
    p->cpu += now.cpu - since->cpu;
    p->count++;
    rss_now(&p->rss, &p->hwm);
  }
}

void fc_timing_report(FILE *f, const char *title) {
  if (!fc_timing_on())
    return;
  fc_tstamp now;
  fc_timing_now(&now);
  double rss, hwm;
  rss_now(&rss, &hwm);
  fprintf(f, "%-28s %10s %10s %12s %6s %8s %8s\n", title, "wall ms", "cpu ms", "children ms", "count",
          "rss MB", "peak MB");
  for (size_t i = 0; i < tm.n; i++)
    fprintf(f, "  %-26s %10.1f %10.1f %12.1f %6u %8.1f %8.1f\n", tm.v[i].name, tm.v[i].wall, tm.v[i].cpu,
            tm.v[i].child, tm.v[i].count, tm.v[i].rss, tm.v[i].hwm);
  fprintf(f, "  %-26s %10.1f %10.1f %12.1f %6s %8.1f %8.1f\n", "total", now.wall - tm.start.wall,
          now.cpu - tm.start.cpu, child_cpu() - tm.child_start, "", rss, hwm);
}
