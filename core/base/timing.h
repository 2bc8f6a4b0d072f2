/* timing.h: the phase timer of `finops run` (FINOPS_TIMINGS=1): wall and CPU time per phase,
 * printed to stderr at the end of the run. Off, it costs one branch per call and prints nothing.
 *
 * Phases are a flat sequence: fc_timing_mark(name) charges the time since the previous mark (or
 * fc_timing_start) to name; marks of the same name add up. Work that repeats inside a phase (each
 * pack a render process draws) is added with fc_timing_add from a stamp taken before it.
 *
 * Memory: each phase shows the process's resident set (VmRSS) and its peak so far (VmHWM) in MB
 * as they were when the phase last ended; the first phase whose peak equals the total's set the
 * process's peak. */
#ifndef FC_TIMING_H
#define FC_TIMING_H

#include <stdio.h>

typedef struct fc_tstamp {
  double wall, cpu; /* ms: monotonic clock, this process's CPU time (all threads) */
} fc_tstamp;

/* 1 when FINOPS_TIMINGS is set to something other than "" or "0". */
int fc_timing_on(void);
/* Forgets every phase and starts the sequence now (the run's start, or a render process's). */
void fc_timing_start(void);
void fc_timing_now(fc_tstamp *t);
/* Charges the time since the previous mark to phase (its first 39 bytes name it). */
void fc_timing_mark(const char *phase);
/* Adds the time since *since to phase, outside the sequence of marks. */
void fc_timing_add(const char *phase, const fc_tstamp *since);
/* Prints the phases in order of first appearance under the title, with a total, to f; the CPU of
 * waited-for child processes (the render processes) in its own column, then the resident and peak
 * MB at each phase's end. */
void fc_timing_report(FILE *f, const char *title);

#endif
