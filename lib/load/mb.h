/* What the Multiboot 1, Multiboot 2 and plain ELF loaders share
 * (multiboot1.c, multiboot2.c and elf.c each parse their own header; the
 * layout after that is one): the state, the running system's facts a
 * Multiboot kernel is told (mb_system.c), the placement (mb_place.c) and
 * the build and description (mb_build.c).
 *
 * Placement follows what real small kernels survive: everything below
 * 4 GiB; the block and the modules just above the image, modules in
 * ascending order on page boundaries, the last ending highest; nothing we
 * place in the first 64 KiB or in the megabyte below the top of the RAM
 * the kernel is told about (mem_upper, and the highest RAM below 4 GiB),
 * where some put early page tables. */
#ifndef KX_LOAD_MB_H
#define KX_LOAD_MB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/bootparams.h"
#include "boot/mbinfo.h"
#include "format/elf.h"
#include "format/multiboot.h"
#include "load/layout.h"
#include "sys/system.h"

#define MB_KIB	    1024ull
#define MB_MIB	    (1ull << 20)
#define MB_FOUR_GIB (1ull << 32)
/* Real-mode IVT and BIOS data, which small kernels still read. */
#define MB_LOW_KEEP (64 * MB_KIB)
/* Below the top of the RAM a kernel is told about: its early page
 * tables, in some small kernels. */
#define MB_TOP_KEEP MB_MIB
#define MB_NOTES_MAX 8

struct mb_module {
	char *spec; /* "FILE ARGS", the module's command line */
	char *path; /* FILE */
	void *data; /* mapped */
	size_t size;
	uint64_t addr;
};

/* A fact the plan states beside its fields (KX_LIST_NOTES). */
struct mb_note {
	enum kx_note code;
	uint64_t addr, size;
	unsigned type; /* enum kx_source or kx_reason, by code */
	int err;       /* with KX_REASON_ERRNO */
};

struct mb_state {
	enum kx_image_type type;
	struct mb1_header h1;
	struct mb2_header h2;
	struct elf_image img; /* pieces by physical address, and the entry */
	bool aout;
	bool relocated;
	bool entry32;
	uint32_t magic;
	struct mb_module *mods;
	size_t n_mods;
	char *cmdline; /* the image's path, then the request's command line */
	/* The running system. */
	const struct kx_ranges *map;
	enum memmap_source map_source;
	const uint8_t *running; /* boot_params; NULL: unknown */
	uint8_t rsdp[SYSTEM_RSDP_MAX];
	size_t rsdp_len;
	struct mbinfo_framebuffer fb;
	bool has_fb;
	struct mb_note notes[MB_NOTES_MAX];
	size_t n_notes;
	/* The layout. */
	struct mbinfo_input in;
	struct mbinfo_module *in_mods;
	uint64_t cap; /* what we place ends at or below this */
	uint8_t *info;
	size_t info_size;
	uint64_t info_addr;
	uint64_t purgatory_addr;
	struct seg_list segs;
	struct kx_purgatory_image purgatory;
};

/* A new state for TYPE in *STATE. */
int mb_state_new(kx_ctx *ctx, enum kx_image_type type, void **state);
void mb_state_free(void *state);

bool mb_magic_in_window(const uint8_t *d, size_t size, uint32_t magic,
			size_t window, size_t align);

/* Multiboot kernels: no -s, -p or --initrd; take the modules. */
int mb_check(kx_ctx *ctx, const struct load_input *in, void *state);

/* The a.out kludge as a one-piece image, so everything after parsing
 * treats both kinds alike. */
int mb_image_from_aout(kx_ctx *ctx, struct mb_state *mb,
		       const struct mb_aout *a, uint32_t entry);

/* The memory map, and what the kernel is told of the machine: the
 * framebuffer, EFI and the ACPI RSDP (mb_system.c). */
int mb_gather_system(kx_ctx *ctx, struct kx_system *sys, struct mb_state *mb);
void mb_note(struct mb_state *mb, struct mb_note note);

int mb_place_all(kx_ctx *ctx, const struct load_input *in,
		 struct mb_state *mb, const struct kx_purgatory_layout *purg);

/* The build for every Multiboot and ELF loader (mb_build.c). */
int mb_build(kx_ctx *ctx, const struct load_input *in, void *state,
	     struct load_output *out, struct desc *d);
int mb_describe(kx_ctx *ctx, const struct load_input *in, void *state,
		struct desc *d);
/* The built layout's fields (mb_desc.c). */
int mb_describe_layout(kx_ctx *ctx, const struct mb_state *mb, struct desc *d);

extern const struct loader loader_multiboot1;
extern const struct loader loader_multiboot2;
extern const struct loader loader_elf;

#endif
