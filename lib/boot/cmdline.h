/* Kernel command lines: splitting into words the way the kernel does,
 * dropping the words the next kernel must not inherit. */
#ifndef KX_BOOT_CMDLINE_H
#define KX_BOOT_CMDLINE_H

#include <stddef.h>

#include "core/ctx.h"

/* Copy TEXT without the words whose name (text before '=') is one of
 * NAMES (NULL terminated), white space collapsed to single spaces.
 * Returns a malloc'd string or NULL when out of memory. */
char *cmdline_drop_words(const char *text, const char *const *names);

#endif
