/* The purgatory has no libc: the declarations xxhash.h names, never
 * defined (the link check refuses a call to them).  Fixed sizes become
 * builtins, so xxHash's unaligned loads stay single loads under
 * -fno-builtin. */
#ifndef KX_PURGATORY_STRING_H
#define KX_PURGATORY_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#define memcpy(d, s, n) __builtin_memcpy(d, s, n)
#define memset(d, c, n) __builtin_memset(d, c, n)

#endif
