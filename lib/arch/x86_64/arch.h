/* x86_64: what kexec_load and the purgatory need to know of the
 * architecture. */
#ifndef KX_ARCH_X86_64_ARCH_H
#define KX_ARCH_X86_64_ARCH_H

/* kexec_load's flags carry the architecture of the image
 * (KEXEC_ARCH_X86_64, include/uapi/linux/kexec.h). */
#define ARCH_KEXEC_FLAGS (62UL << 16)

#endif
