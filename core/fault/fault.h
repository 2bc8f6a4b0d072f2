/* fault.h: fault injection for tests, force-included into every source file of a build configured
 * with -DFC_FAULT_INJECT=ON (never in a normal build).
 *
 * The project's own allocations and the files it opens for writing go through counters:
 *   FC_FAULT_ALLOC=N   the N-th allocation (malloc, calloc, realloc, strdup) returns NULL
 *   FC_FAULT_WRITE=N   the N-th write of buffered data to a file opened with fopen fails with ENOSPC
 *   FC_FAULT_COUNT=F   at exit, "allocs N\nwrites N\n" (the counts reached) is written to file F
 * One failure per run: later calls succeed again, as after a transient shortage. */
#ifndef FC_FAULT_H
#define FC_FAULT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *fc_fi_malloc(size_t n);
void *fc_fi_calloc(size_t n, size_t size);
void *fc_fi_realloc(void *p, size_t n);
char *fc_fi_strdup(const char *s);
FILE *fc_fi_fopen(const char *path, const char *mode);

#define malloc(n) fc_fi_malloc(n)
#define calloc(n, s) fc_fi_calloc(n, s)
#define realloc(p, n) fc_fi_realloc(p, n)
#define strdup(s) fc_fi_strdup(s)
#define fopen(p, m) fc_fi_fopen(p, m)

#endif
