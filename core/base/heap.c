/* heap.c: see heap.h. */
#include "heap.h"

#include <stdint.h>
#include <stdlib.h> /* defines __GLIBC__ with glibc */
#include <sys/mman.h>
#include <unistd.h>

void fc_heap_drop(void *p, size_t n) {
#ifdef MADV_DONTNEED
  static size_t page;
  if (!page) {
    long v = sysconf(_SC_PAGESIZE);
    page = v > 0 ? (size_t)v : 4096;
  }
  uintptr_t a = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1),
            b = ((uintptr_t)p + n) & ~(uintptr_t)(page - 1);
  if (b > a)
    madvise((void *)a, b - a, MADV_DONTNEED);
#else
  (void)p;
  (void)n;
#endif
}

#if defined(__GLIBC__)
#include <malloc.h>

void fc_heap_tables(void) { mallopt(M_MMAP_THRESHOLD, FC_HEAP_MAPPED_MIN); }
void fc_heap_release(void) { malloc_trim(0); }
#else
void fc_heap_tables(void) {}
void fc_heap_release(void) {}
#endif
