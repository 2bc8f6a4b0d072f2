/* heap.h: how the process's heap holds on to memory between the stages of a run (glibc's malloc;
 * no-ops with any other C library). */
#ifndef FC_HEAP_H
#define FC_HEAP_H

/* Large tables follow (facts, per-fact arrays, results): blocks of FC_HEAP_MAPPED_MIN bytes and
 * more are mapped apart from the heap, so that freeing one gives it back to the system and growing
 * one remaps it in place. glibc would otherwise raise that bound to the largest block freed so far
 * and keep the freed tables in the heap, out of use but resident. */
void fc_heap_tables(void);
/* Gives freed heap pages back to the system (every thread's heap). */
void fc_heap_release(void);

#define FC_HEAP_MAPPED_MIN (256 * 1024)

#endif
