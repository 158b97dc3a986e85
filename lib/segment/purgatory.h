/* The purgatory as a kexec_load segment: the relocatable object built from
 * purgatory/ (embedded in the library), laid out, relocated for its load
 * address and given its parameters.
 *
 * The steps for a caller (see purgatory/README.md):
 *   kx_purgatory_layout()       memsz and alignment, for the planner
 *   kx_purgatory_params_init()  then entry, regs (rsi = boot_params), flags
 *   kx_purgatory_add_region()   once per loaded piece (hashes it)
 *   kx_purgatory_build()        relocated bytes + entry address
 *   kx_purgatory_segment()      the struct kx_segment for kexec_load
 */
#ifndef KX_SEGMENT_PURGATORY_H
#define KX_SEGMENT_PURGATORY_H

#include <stddef.h>
#include <stdint.h>

#include "../../purgatory/params.h"
#include "core/ctx.h"

/* The object embedded at build time (size 0 if the library was built
 * without it). */
const void *kx_purgatory_builtin(size_t *size);

struct kx_purgatory_layout {
	uint64_t bufsz; /* bytes with contents (sections up to .bss) */
	uint64_t memsz; /* bufsz plus .bss (the purgatory's stack) */
	uint64_t align; /* the load address must be a multiple of this */
};

int kx_purgatory_layout(kx_ctx *ctx, const void *obj, size_t size,
			struct kx_purgatory_layout *out);

/* Magic, version and size set, no serial output, no ACPI reset, no
 * regions. */
void kx_purgatory_params_init(struct kx_purgatory_params *p);

/* Append the piece loaded at ADDR: BUF/BUFSZ its contents, MEMSZ its size
 * in memory (zero-filled past BUFSZ), FLAGS KX_PURG_REGION_*.  Hashed with
 * P->digest_alg, so set that first (params_init leaves SHA-256). */
int kx_purgatory_add_region(kx_ctx *ctx, struct kx_purgatory_params *p,
			    uint64_t addr, const void *buf, size_t bufsz,
			    uint64_t memsz, uint32_t flags);

struct kx_purgatory_image {
	uint8_t *buf; /* bufsz bytes, malloc'd */
	size_t bufsz;
	uint64_t memsz;	 /* the .bss past bufsz is zero-filled by the kernel */
	uint64_t mem;	 /* load address */
	uint64_t entry;	 /* the kexec_load entry: kx_purgatory_start */
	uint64_t params; /* address of kx_purgatory_params */
};

/* Relocate OBJ for MEM and write PARAMS into it.  MEM must be a multiple of
 * the layout's align; with KX_PURG_ENTRY32 the purgatory must end below
 * 4 GiB.  Checks PARAMS as the purgatory will. */
int kx_purgatory_build(kx_ctx *ctx, const void *obj, size_t size, uint64_t mem,
		       const struct kx_purgatory_params *params,
		       struct kx_purgatory_image *out);

/* The address of a symbol defined in OBJ once loaded at MEM (for tests and
 * the bench, which call the relocated code directly). */
int kx_purgatory_symbol(kx_ctx *ctx, const void *obj, size_t size, uint64_t mem,
			const char *name, uint64_t *addr);

void kx_purgatory_segment(const struct kx_purgatory_image *img,
			  struct kx_segment *seg);
void kx_purgatory_image_free(struct kx_purgatory_image *img);

#endif
