/* The purgatory's checks, kept apart from the hardware code so the same
 * compiled bytes can be called from a host process (tests and bench call
 * them inside a relocated copy of the object). */
#ifndef KX_PURGATORY_VERIFY_H
#define KX_PURGATORY_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "params.h"

enum kx_purgatory_fault {
	KX_PURG_FAULT_NONE = 0,
	KX_PURG_FAULT_PARAMS, /* magic, version, size or a region is wrong */
	KX_PURG_FAULT_DIGEST, /* the digest of [addr, addr + bufsz) differs */
	KX_PURG_FAULT_TAIL, /* a byte of [addr + bufsz, addr + memsz) is set */
};

/* failure.region when the fault is not about one region */
#define KX_PURG_NO_REGION 0xffffffffu

struct kx_purgatory_failure {
	uint32_t fault;	 /* enum kx_purgatory_fault */
	uint32_t region; /* index into params->regions */
	uint64_t addr;	 /* region start, or the first non-zero tail byte */
	uint8_t got[32]; /* the digest computed, for FAULT_DIGEST */
};

/* 0 when every region matches (or KX_PURG_NO_CHECKS is set and the header
 * is sane); -1 with *f filled otherwise. */
int kx_purgatory_verify(const struct kx_purgatory_params *p,
			struct kx_purgatory_failure *f);

/* The address of the first non-zero byte in [start, end), or end. */
uintptr_t kx_purgatory_find_nonzero(uintptr_t start, uintptr_t end);

/* Write the one-line report for F (NUL terminated, "\r\n" included) into
 * BUF of LEN bytes, truncating if needed.  Returns the length. */
size_t kx_purgatory_format_failure(char *buf, size_t len,
				   const struct kx_purgatory_params *p,
				   const struct kx_purgatory_failure *f);

#endif
