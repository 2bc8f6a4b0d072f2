/* heap.h: how the process's heap holds on to memory between the stages of a run (glibc's malloc;
 * no-ops with any other C library). */
#ifndef FC_HEAP_H
#define FC_HEAP_H

#include <stddef.h>

/* Large tables follow (facts, per-fact arrays, results): blocks of FC_HEAP_MAPPED_MIN bytes and
 * more are mapped apart from the heap, so that freeing one gives it back to the system and growing
 * one remaps it in place. glibc would otherwise raise that bound to the largest block freed so far
 * and keep the freed tables in the heap, out of use but resident. */
void fc_heap_tables(void);
/* Gives freed heap pages back to the system (every thread's heap). */
void fc_heap_release(void);

/* Gives the whole pages inside p[0..n), a part of a block still allocated, back to the system: a
 * table read once front to back can be let go as it is read, before it is freed. Their bytes are
 * undefined afterwards (zero on Linux): only for memory that is not read again before free. */
void fc_heap_drop(void *p, size_t n);

#define FC_HEAP_MAPPED_MIN (256 * 1024)

#endif
