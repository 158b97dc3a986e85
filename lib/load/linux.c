/* The Linux x86_64 bzImage.  kexec_file_load parses it in the kernel; for
 * kexec_load the boot protocol is built here with our own purgatory.  Data
 * flows one way: the running system (memory map, boot_params, EFI, RSDP)
 * and the image go to the placement planner, the placed pieces become
 * boot_params and page-granular segments, their digests go into the
 * purgatory, and the purgatory becomes the last segment and the entry. */
#include "load/linux.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arch/x86_64/bootparams.h"
#include "boot/crash_load.h"
#include "format/bzimage.h"
#include "load/layout.h"

#define MIB (1ull << 20)
#define PAGE 4096ull

struct linux_state {
	struct kx_bzimage_info bz;
	/* The running system, as the snapshot holds it. */
	const struct kx_ranges *map;
	enum memmap_source map_source;
	const uint8_t *running; /* NULL: unknown */
	const struct sys_efi *efi; /* NULL: not EFI */
	uint64_t rsdp;
	enum sys_rsdp_source rsdp_source;
	uint8_t seed[BOOTPARAMS_RNG_SEED_SIZE];
	bool has_seed;
	/* The layout. */
	void *initrd;
	size_t initrd_size;
	uint64_t kernel_addr, initrd_addr, params_addr, purgatory_addr;
	uint8_t *params;
	size_t params_size;
	enum kx_reason efi_reason;
	struct seg_list segs;
	struct kx_purgatory_image purgatory;
	struct crash_load *crash; /* -p; NULL otherwise */
};

static void linux_reset(struct linux_state *s)
{
	if (s->initrd)
		munmap(s->initrd, s->initrd_size);
	free(s->params);
	segments_free(&s->segs);
	kx_purgatory_image_free(&s->purgatory);
	if (s->crash)
		crash_load_free(s->crash);
	free(s->crash);
	memset((char *)s + sizeof(s->bz), 0, sizeof(*s) - sizeof(s->bz));
}

static void linux_free(void *state)
{
	struct linux_state *s = state;

	if (!s)
		return;
	linux_reset(s);
	free(s);
}

static bool linux_probe(const uint8_t *data, size_t size)
{
	return bzimage_probe(data, size);
}

static int linux_parse(kx_ctx *ctx, const struct load_input *in,
		       void **state)
{
	struct linux_state *s = calloc(1, sizeof(*s));

	if (!s)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	*state = s;
	return kx_bzimage_parse(ctx, in->kernel_path, in->kernel,
				in->kernel_size, &s->bz);
}

/* Modules are Multiboot's; the command line must fit the kernel. */
static int linux_check(kx_ctx *ctx, const struct load_input *in, void *state)
{
	struct linux_state *s = state;

	if (in->n_modules)
		return kx_fail(ctx, -EINVAL,
			       "%s: --module is for Multiboot kernels; a Linux "
			       "kernel takes its files with --initrd",
			       in->kernel_path);
	return bzimage_check_cmdline(ctx, in->kernel_path, &s->bz,
				     strlen(in->cmdline));
}

/* Absent facts are normal (no EFI, old kernels); broken ones are not. */
static int gather_system(kx_ctx *ctx, struct kx_system *sys,
			 struct linux_state *s)
{
	int rc = system_memmap(sys, &s->map, &s->map_source);

	if (rc)
		return rc;
	rc = system_boot_params(sys, &s->running);
	if (rc && rc != -ENOENT)
		return rc;
	rc = system_efi(sys, &s->efi);
	if (rc && rc != -ENOENT)
		return rc;
	rc = system_rsdp(sys, &s->rsdp, &s->rsdp_source);
	if (rc)
		return rc;
	rc = system_random_seed(sys, s->seed, sizeof(s->seed));
	if (rc && rc != -EAGAIN)
		return rc;
	s->has_seed = rc == 0;
	(void)ctx;
	return 0;
}

/* -p: the reservation, the CPUs' notes, vmcoreinfo and the memory to
 * dump, with the core headers built from them. */
static int gather_crash(kx_ctx *ctx, struct kx_system *sys,
			struct linux_state *s)
{
	s->crash = malloc(sizeof(*s->crash));
	if (!s->crash)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	crash_load_init(s->crash);
	return crash_load_prepare(ctx, sys, s->crash);
}

/* The initrd is mapped, not read: the kernel copies it from the page
 * cache, so a 300 MB initrd costs no 300 MB of heap. */
static int initrd_map(kx_ctx *ctx, const struct load_input *in,
		      struct linux_state *s)
{
	if (in->initrd_fd < 0)
		return 0;
	return layout_map_fd(ctx, in->initrd_path, in->initrd_fd, "initrd",
			     &s->initrd, &s->initrd_size);
}

static uint64_t kernel_memsz(const struct kx_bzimage_info *bz)
{
	uint64_t n = bz->init_size > bz->payload_size ? bz->init_size
						       : bz->payload_size;
	return layout_page_round(n);
}

/* pref_address first (the kernel then need not relocate itself), else the
 * lowest aligned place above 1 MiB, as the kernel's own loader does. */
static int place_kernel(kx_ctx *ctx, struct planner *pl, struct linux_state *s)
{
	const struct kx_bzimage_info *bz = &s->bz;
	uint64_t memsz = kernel_memsz(bz);
	struct planner_request rq = {
		.name = "kernel",
		.size = bz->payload_size,
		.memsz = memsz,
		.align = bz->kernel_alignment ? bz->kernel_alignment : 2 * MIB,
		.min = bz->pref_address,
		.max = bz->pref_address + memsz - 1,
		.dir = PLANNER_BOTTOM_UP,
	};

	if (!bz->relocatable) {
		s->kernel_addr = bz->pref_address;
		return planner_place_fixed(ctx, pl, "kernel", bz->pref_address,
					   bz->payload_size, memsz);
	}
	if (bz->pref_address &&
	    planner_place(ctx, pl, &rq, &s->kernel_addr) == 0)
		return 0;
	rq.min = MIB;
	rq.max = (bz->xloadflags & KX_XLF_CAN_BE_LOADED_ABOVE_4G)
			 ? UINT64_MAX
			 : 0xffffffffull;
	return planner_place(ctx, pl, &rq, &s->kernel_addr);
}

static int place_small(kx_ctx *ctx, struct planner *pl, const char *name,
		       uint64_t size, uint64_t align, uint64_t max,
		       enum planner_dir dir, uint64_t *addr)
{
	return layout_place_pages(ctx, pl, name, size, align, MIB, max, dir,
				  addr);
}

/* High, but below 4 GiB while there is room: every kernel reads
 * ramdisk_image, only 2.12+ with the right flag reads the ext_ half. */
static int place_initrd(kx_ctx *ctx, const struct load_input *in,
			struct planner *pl, struct linux_state *s)
{
	uint64_t max =
	    bootparams_initrd_max(in->kernel, in->kernel_size, &s->bz);

	if (max > 0xffffffffull &&
	    place_small(ctx, pl, "initrd", s->initrd_size, PAGE, 0xffffffffull,
			PLANNER_TOP_DOWN, &s->initrd_addr) == 0)
		return 0;
	return place_small(ctx, pl, "initrd", s->initrd_size, PAGE, max,
			   PLANNER_TOP_DOWN, &s->initrd_addr);
}

static void params_input(const struct load_input *in, struct linux_state *s,
			 struct bootparams_input *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->image = in->kernel;
	bi->image_size = in->kernel_size;
	bi->info = &s->bz;
	bi->cmdline = s->crash ? s->crash->cmdline : in->cmdline;
	bi->has_initrd = s->initrd != NULL;
	bi->initrd_addr = s->initrd_addr;
	bi->initrd_size = s->initrd_size;
	bi->memmap = s->crash ? &s->crash->e820 : s->map;
	bi->running = s->running;
	bi->running_size = s->running ? SYSTEM_BOOT_PARAMS_SIZE : 0;
	bi->acpi_rsdp = s->rsdp;
	bi->efi = s->efi;
	bi->rng_seed = s->has_seed ? s->seed : NULL;
}

static int layout_params(kx_ctx *ctx, const struct load_input *in,
			 struct linux_state *s)
{
	struct bootparams_input bi;
	struct bootparams_layout lay;
	int rc;

	params_input(in, s, &bi);
	rc = bootparams_layout(ctx, &bi, &lay);
	s->params_size = lay.size;
	s->efi_reason = lay.efi_reason;
	return rc;
}

/* -p: the core headers go first, since the capture kernel's e820 and
 * command line name them and boot_params is laid out from both.  A machine
 * that booted through EFI but cannot pass EFI data on also gets acpi_rsdp=
 * (as with kexec-tools), for kernels that ignore boot_params'
 * acpi_rsdp_addr. */
static int place_crash(kx_ctx *ctx, const struct load_input *in,
		       struct linux_state *s, struct planner *pl)
{
	struct crash_load *cl = s->crash;
	uint64_t addr;
	int rc = place_small(ctx, pl, "elfcorehdr", cl->headers_size, PAGE,
			     UINT64_MAX, PLANNER_BOTTOM_UP, &addr);

	if (!rc)
		rc = crash_load_finish(ctx, cl, addr, in->cmdline, 0);
	if (!rc)
		rc = layout_params(ctx, in, s);
	if (!rc && s->efi_reason && s->efi && s->rsdp)
		rc = crash_load_finish(ctx, cl, addr, in->cmdline, s->rsdp);
	if (!rc)
		rc = bzimage_check_cmdline(ctx, in->kernel_path, &s->bz,
					   strlen(cl->cmdline));
	return rc;
}

static int place_all(kx_ctx *ctx, const struct load_input *in,
		     struct linux_state *s,
		     const struct kx_purgatory_layout *purg)
{
	struct planner pl;
	int rc;

	/* A crash kernel lives in the reservation, and only there. */
	rc = planner_init(ctx, &pl, s->crash ? &s->crash->region : s->map,
			  in->mem_min, in->mem_max ? in->mem_max : UINT64_MAX);
	if (rc)
		return rc;
	/* Real-mode data, the BIOS and the next kernel's trampolines. */
	rc = planner_reserve(ctx, &pl, "first MiB", 0, MIB);
	if (!rc && s->crash)
		rc = place_crash(ctx, in, s, &pl);
	if (!rc)
		rc = layout_params(ctx, in, s);
	if (!rc)
		rc = place_kernel(ctx, &pl, s);
	if (!rc && s->initrd)
		rc = place_initrd(ctx, in, &pl, s);
	if (!rc)
		rc = place_small(ctx, &pl, "boot_params", s->params_size,
				 BOOTPARAMS_ALIGN, bootparams_buffer_max(&s->bz),
				 PLANNER_BOTTOM_UP, &s->params_addr);
	/* The purgatory is position independent and runs on the kernel's
	 * identity map of all RAM, so any address will do; low is usual. */
	if (!rc)
		rc = place_small(ctx, &pl, "purgatory", purg->memsz,
				 purg->align, UINT64_MAX, PLANNER_BOTTOM_UP,
				 &s->purgatory_addr);
	planner_free(&pl);
	return rc;
}

static int build_params(kx_ctx *ctx, const struct load_input *in,
			struct linux_state *s)
{
	struct bootparams_input bi;

	params_input(in, s, &bi);
	s->params = calloc(1, s->params_size);
	if (!s->params)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	return bootparams_build(ctx, &bi, s->params_addr, s->params,
				s->params_size);
}

static int build_segments(kx_ctx *ctx, const struct load_input *in,
			  struct linux_state *s)
{
	const struct kx_bzimage_info *bz = &s->bz;
	struct seg_piece pieces[4] = {
		{"kernel", in->kernel + bz->payload_offset, bz->payload_size,
		 s->kernel_addr, kernel_memsz(bz), true},
		{"boot_params", s->params, s->params_size, s->params_addr,
		 s->params_size, false},
		{"initrd", s->initrd, s->initrd_size, s->initrd_addr,
		 s->initrd_size, false},
	};
	size_t n = s->initrd ? 3 : 2;

	if (s->crash)
		pieces[n++] = (struct seg_piece){
			"elfcorehdr", s->crash->headers, s->crash->headers_size,
			s->crash->headers_addr, s->crash->headers_size, false};
	return segments_build(ctx, pieces, n, &s->segs);
}

static int build_purgatory(kx_ctx *ctx, const struct load_input *in,
			   struct linux_state *s)
{
	struct kx_purgatory_params pp;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	int rc;

	layout_purgatory_init(in, &pp);
	pp.entry = s->kernel_addr + KX_BZ_ENTRY64_OFFSET;
	pp.x86_64.rsi = s->params_addr;
	rc = layout_hash_segments(ctx, &s->segs, &pp);
	if (rc)
		return rc;
	return kx_purgatory_build(ctx, obj, size, s->purgatory_addr, &pp,
				  &s->purgatory);
}

static int linux_build(kx_ctx *ctx, const struct load_input *in, void *state,
		       struct load_output *out, struct desc *d)
{
	struct linux_state *s = state;
	struct kx_purgatory_layout purg;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	int rc;

	linux_reset(s);
	rc = kx_purgatory_layout(ctx, obj, size, &purg);
	if (!rc)
		rc = gather_system(ctx, in->sys, s);
	if (!rc && (in->flags & KX_LOAD_CRASH))
		rc = gather_crash(ctx, in->sys, s);
	if (!rc)
		rc = initrd_map(ctx, in, s);
	if (!rc)
		rc = place_all(ctx, in, s, &purg);
	if (!rc)
		rc = build_params(ctx, in, s);
	if (!rc)
		rc = build_segments(ctx, in, s);
	if (!rc)
		rc = build_purgatory(ctx, in, s);
	if (!rc)
		rc = layout_collect(ctx, &s->segs, &s->purgatory, out);
	if (!rc)
		rc = layout_describe(ctx, in, out, s->purgatory_addr, d);
	if (!rc)
		rc = linux_describe_boot(ctx, &(struct linux_built){
			.params = s->params, .params_size = s->params_size,
			.params_addr = s->params_addr,
			.kernel_addr = s->kernel_addr,
			.rsdp_source = s->rsdp_source,
			.map_source = s->map_source, .efi_reason = s->efi_reason,
			.crash = s->crash, .syscall = in->syscall}, d);
	return rc;
}

static int linux_describe(kx_ctx *ctx, const struct load_input *in,
			  void *state, struct desc *d)
{
	struct linux_state *s = state;

	(void)in;
	return linux_describe_header(ctx, &s->bz, d);
}

const struct loader loader_linux = {
	.type = KX_IMAGE_BZIMAGE,
	.probe = linux_probe,
	.parse = linux_parse,
	.check = linux_check,
	.describe = linux_describe,
	.build = linux_build,
	.free = linux_free,
};
