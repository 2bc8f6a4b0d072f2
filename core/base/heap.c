/* heap.c: see heap.h. */
#include "heap.h"

#include <stdlib.h> /* defines __GLIBC__ with glibc */

#if defined(__GLIBC__)
#include <malloc.h>

void fc_heap_tables(void) { mallopt(M_MMAP_THRESHOLD, FC_HEAP_MAPPED_MIN); }
void fc_heap_release(void) { malloc_trim(0); }
#else
void fc_heap_tables(void) {}
void fc_heap_release(void) {}
#endif
