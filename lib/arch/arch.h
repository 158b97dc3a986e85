/* The architecture-specific pieces, chosen at build time. */
#ifndef KX_ARCH_ARCH_H
#define KX_ARCH_ARCH_H

#if defined(__x86_64__)
#include "arch/x86_64/arch.h"
#else
#error "libkexec has no support for this architecture yet"
#endif

#endif
