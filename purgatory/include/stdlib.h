/* The purgatory has no libc and no heap.  xxhash.h names malloc and free
 * only in its streaming-state helpers, which the purgatory never calls, so
 * they are declared and never defined: a call would fail the link check
 * (check-object.sh refuses undefined symbols). */
#ifndef KX_PURGATORY_STDLIB_H
#define KX_PURGATORY_STDLIB_H

#include <stddef.h>

void *malloc(size_t n);
void free(void *p);

#endif
