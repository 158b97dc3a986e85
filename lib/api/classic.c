/* kexec_load through our own purgatory: the Linux x86_64 boot protocol
 * built in userspace.  Data flows one way: the running system (memory map,
 * boot_params, EFI, RSDP) and the image go to the placement planner, the
 * placed pieces become boot_params and page-granular segments, their
 * digests go into the purgatory, and the purgatory becomes the last
 * segment and the entry point. */
#include "api/plan.h"
#include "api/layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "boot/bootparams.h"
#include "boot/crash_load.h"
#include "format/bzimage.h"
#include "sys/memmap.h"
#include "plan/planner.h"
#include "segment/purgatory.h"
#include "segment/segments.h"
#include "sys/explain.h"

#define MIB (1ull << 20)
#define PAGE 4096ull
/* Offset of the 64-bit entry point from the protected-mode kernel. */
#define STARTUP_64_OFFSET 0x200

struct plan_classic {
	struct kx_ranges map;
	enum memmap_source map_source;
	uint8_t running[BOOTPARAMS_PAGE_SIZE];
	bool has_running;
	struct bootparams_efi efi;
	bool has_efi;
	uint64_t rsdp;
	enum bootparams_rsdp_source rsdp_source;
	uint8_t seed[BOOTPARAMS_RNG_SEED_SIZE];
	bool has_seed;
	void *initrd;
	size_t initrd_size;
	uint64_t kernel_addr, initrd_addr, params_addr, purgatory_addr;
	uint8_t *params;
	size_t params_size;
	struct seg_list segs;
	struct kx_purgatory_image purgatory;
	struct kx_segment all[SEGMENTS_MAX];
	struct kx_plan_segment desc[SEGMENTS_MAX];
	size_t nr;
	struct kx_mem_range *e820;
	const char *efi_note;
	struct crash_load *crash; /* -p; NULL otherwise */
};

void plan_classic_free(struct plan_classic *c)
{
	if (!c)
		return;
	ranges_free(&c->map);
	bootparams_efi_free(&c->efi);
	if (c->initrd)
		munmap(c->initrd, c->initrd_size);
	free(c->params);
	segments_free(&c->segs);
	kx_purgatory_image_free(&c->purgatory);
	free(c->e820);
	if (c->crash)
		crash_load_free(c->crash);
	free(c->crash);
	free(c);
}

/* Absent sources are normal (no EFI, old kernels); broken ones are not. */
static int gather_system(kx_ctx *ctx, struct plan_classic *c)
{
	int rc = memmap_read(ctx, &c->map, &c->map_source);

	if (rc)
		return rc;
	rc = bootparams_read_running(ctx, c->running);
	if (rc && rc != -ENOENT)
		return rc;
	c->has_running = rc == 0;
	rc = bootparams_read_efi(ctx, &c->efi);
	if (rc && rc != -ENOENT)
		return rc;
	c->has_efi = rc == 0;
	rc = bootparams_find_rsdp(ctx, c->has_running ? c->running : NULL,
				  &c->rsdp, &c->rsdp_source);
	if (rc)
		return rc;
	rc = bootparams_random_seed(ctx, c->seed);
	if (rc && rc != -EAGAIN)
		return rc;
	c->has_seed = rc == 0;
	return 0;
}

/* -p: the reservation, the CPUs' notes, vmcoreinfo and the memory to
 * dump, with the core headers built from them. */
static int gather_crash(kx_ctx *ctx, struct plan_classic *c)
{
	c->crash = malloc(sizeof(*c->crash));
	if (!c->crash)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	crash_load_init(c->crash);
	return crash_load_prepare(ctx, c->crash);
}

/* The initrd is mapped, not read: the kernel copies it from the page
 * cache, so a 300 MB initrd costs no 300 MB of heap. */
static int initrd_map(kx_ctx *ctx, struct kx_plan *plan, struct plan_classic *c)
{
	if (plan->initrd_fd < 0)
		return 0;
	return layout_map_fd(ctx, plan->initrd_path, plan->initrd_fd, "initrd",
			     &c->initrd, &c->initrd_size);
}

static uint64_t kernel_memsz(const struct kx_bzimage_info *bz)
{
	uint64_t n = bz->init_size > bz->payload_size ? bz->init_size
						       : bz->payload_size;
	return layout_page_round(n);
}

/* pref_address first (the kernel then need not relocate itself), else the
 * lowest aligned place above 1 MiB, as the kernel's own loader does. */
static int place_kernel(kx_ctx *ctx, struct kx_plan *plan, struct planner *pl,
			struct plan_classic *c)
{
	const struct kx_bzimage_info *bz = &plan->info.bzimage;
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

	if (!bz->relocatable)
		return planner_place_fixed(ctx, pl, "kernel", bz->pref_address,
					   bz->payload_size, memsz) ?:
		       (c->kernel_addr = bz->pref_address, 0);
	if (bz->pref_address &&
	    planner_place(ctx, pl, &rq, &c->kernel_addr) == 0)
		return 0;
	rq.min = MIB;
	rq.max = (bz->xloadflags & KX_XLF_CAN_BE_LOADED_ABOVE_4G)
			 ? UINT64_MAX
			 : 0xffffffffull;
	return planner_place(ctx, pl, &rq, &c->kernel_addr);
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
static int place_initrd(kx_ctx *ctx, struct kx_plan *plan, struct planner *pl,
			struct plan_classic *c)
{
	uint64_t max = bootparams_initrd_max(plan->kernel.data,
					     plan->kernel.size,
					     &plan->info.bzimage);

	if (max > 0xffffffffull &&
	    place_small(ctx, pl, "initrd", c->initrd_size, PAGE, 0xffffffffull,
			PLANNER_TOP_DOWN, &c->initrd_addr) == 0)
		return 0;
	return place_small(ctx, pl, "initrd", c->initrd_size, PAGE, max,
			   PLANNER_TOP_DOWN, &c->initrd_addr);
}

static void params_input(struct kx_plan *plan, struct plan_classic *c,
			 struct bootparams_input *in)
{
	memset(in, 0, sizeof(*in));
	in->image = plan->kernel.data;
	in->image_size = plan->kernel.size;
	in->info = &plan->info.bzimage;
	in->cmdline = c->crash ? c->crash->cmdline : plan->cmdline;
	in->has_initrd = c->initrd != NULL;
	in->initrd_addr = c->initrd_addr;
	in->initrd_size = c->initrd_size;
	in->memmap = c->crash ? &c->crash->e820 : &c->map;
	in->running = c->has_running ? c->running : NULL;
	in->running_size = c->has_running ? sizeof(c->running) : 0;
	in->acpi_rsdp = c->rsdp;
	in->efi = c->has_efi ? &c->efi : NULL;
	in->rng_seed = c->has_seed ? c->seed : NULL;
}

static int layout_params(kx_ctx *ctx, struct kx_plan *plan,
			 struct plan_classic *c)
{
	struct bootparams_input in;
	struct bootparams_layout lay;
	int rc;

	params_input(plan, c, &in);
	rc = bootparams_layout(ctx, &in, &lay);
	c->params_size = lay.size;
	c->efi_note = lay.efi_note;
	return rc;
}

/* -p: the core headers go first, since the capture kernel's e820 and
 * command line name them and boot_params is laid out from both.  A machine
 * that booted through EFI but cannot pass EFI data on also gets acpi_rsdp=
 * (as with kexec-tools), for kernels that ignore boot_params'
 * acpi_rsdp_addr. */
static int place_crash(kx_ctx *ctx, struct kx_plan *plan,
		       struct plan_classic *c, struct planner *pl)
{
	struct crash_load *cl = c->crash;
	uint64_t addr;
	int rc = place_small(ctx, pl, "elfcorehdr", cl->headers_size, PAGE,
			     UINT64_MAX, PLANNER_BOTTOM_UP, &addr);

	if (!rc)
		rc = crash_load_finish(ctx, cl, addr, plan->cmdline, 0);
	if (!rc)
		rc = layout_params(ctx, plan, c);
	if (!rc && c->efi_note && c->has_efi && c->rsdp)
		rc = crash_load_finish(ctx, cl, addr, plan->cmdline, c->rsdp);
	if (!rc)
		rc = bzimage_check_cmdline(ctx, plan->kernel_path,
					   &plan->info.bzimage,
					   strlen(cl->cmdline));
	return rc;
}

static int place_all(kx_ctx *ctx, struct kx_plan *plan, struct plan_classic *c,
		     const struct kx_purgatory_layout *purg)
{
	const struct kx_bzimage_info *bz = &plan->info.bzimage;
	struct planner pl;
	int rc;

	/* A crash kernel lives in the reservation, and only there. */
	rc = planner_init(ctx, &pl, c->crash ? &c->crash->region : &c->map,
			  plan->mem_min,
			  plan->mem_max ? plan->mem_max : UINT64_MAX);
	if (rc)
		return rc;
	/* Real-mode data, the BIOS and the next kernel's trampolines. */
	rc = planner_reserve(ctx, &pl, "first MiB", 0, MIB);
	if (!rc && c->crash)
		rc = place_crash(ctx, plan, c, &pl);
	if (!rc)
		rc = layout_params(ctx, plan, c);
	if (!rc)
		rc = place_kernel(ctx, plan, &pl, c);
	if (!rc && c->initrd)
		rc = place_initrd(ctx, plan, &pl, c);
	if (!rc)
		rc = place_small(ctx, &pl, "boot_params", c->params_size,
				 BOOTPARAMS_ALIGN, bootparams_buffer_max(bz),
				 PLANNER_BOTTOM_UP, &c->params_addr);
	/* The purgatory is position independent and runs on the kernel's
	 * identity map of all RAM, so any address will do; low is usual. */
	if (!rc)
		rc = place_small(ctx, &pl, "purgatory", purg->memsz,
				 purg->align, UINT64_MAX, PLANNER_BOTTOM_UP,
				 &c->purgatory_addr);
	planner_free(&pl);
	return rc;
}

static int build_params(kx_ctx *ctx, struct kx_plan *plan,
			struct plan_classic *c)
{
	struct bootparams_input in;

	params_input(plan, c, &in);
	c->params = calloc(1, c->params_size);
	if (!c->params)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	return bootparams_build(ctx, &in, c->params_addr, c->params,
				c->params_size);
}

static int build_segments(kx_ctx *ctx, struct kx_plan *plan,
			  struct plan_classic *c)
{
	const struct kx_bzimage_info *bz = &plan->info.bzimage;
	struct seg_piece pieces[4] = {
		{"kernel", plan->kernel.data + bz->payload_offset,
		 bz->payload_size, c->kernel_addr, kernel_memsz(bz), true},
		{"boot_params", c->params, c->params_size, c->params_addr,
		 c->params_size, false},
		{"initrd", c->initrd, c->initrd_size, c->initrd_addr,
		 c->initrd_size, false},
	};
	size_t n = c->initrd ? 3 : 2;

	if (c->crash)
		pieces[n++] = (struct seg_piece){
			"elfcorehdr", c->crash->headers, c->crash->headers_size,
			c->crash->headers_addr, c->crash->headers_size, false};
	return segments_build(ctx, pieces, n, &c->segs);
}

static void purgatory_setup(struct kx_plan *plan, struct plan_classic *c,
			    struct kx_purgatory_params *pp)
{
	layout_purgatory_init(plan, pp);
	pp->entry = c->kernel_addr + STARTUP_64_OFFSET;
	pp->regs.rsi = c->params_addr;
}

/* The test hook: damage the kernel after its digest was taken, as a bad
 * DMA or a stray write after load would. */
static void corrupt_for_test(struct kx_plan *plan)
{
	const struct kx_bzimage_info *bz = &plan->info.bzimage;

	if (bz->payload_size > 0x1000)
		plan->kernel.data[bz->payload_offset + 0x1000] ^= 0xff;
}

static int build_purgatory(kx_ctx *ctx, struct kx_plan *plan,
			   struct plan_classic *c)
{
	struct kx_purgatory_params pp;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	int rc;

	purgatory_setup(plan, c, &pp);
	rc = layout_hash_segments(ctx, &c->segs, &pp);
	if (rc)
		return rc;
	if (plan->flags & KX_LOAD_TEST_CORRUPT)
		corrupt_for_test(plan);
	return kx_purgatory_build(ctx, obj, size, c->purgatory_addr, &pp,
				  &c->purgatory);
}

/* The capture kernel's command line is ours (with elfcorehdr=), and its
 * e820 comes from /proc/iomem. */
static int describe_crash(kx_ctx *ctx, struct kx_plan *plan,
			  struct plan_classic *c)
{
	plan->info.cmdline = c->crash->cmdline;
	plan->info.cmdline_len = strlen(c->crash->cmdline) + 1;
	plan->info.linux_boot.memmap_source =
		"/proc/iomem, for the capture kernel";
	return crash_load_describe(ctx, c->crash, &plan->info.crash_info);
}

/* What the dry run and -d show: read back from the built buffer, so the
 * summary is what the next kernel will see. */
static int describe(kx_ctx *ctx, struct kx_plan *plan, struct plan_classic *c)
{
	struct kx_linux_boot *lb = &plan->info.linux_boot;
	struct bootparams_summary sum;
	struct kx_ranges e820;
	size_t i;
	int rc;

	ranges_init(&e820);
	rc = bootparams_decode(ctx, c->params, c->params_size, c->params_addr,
			       &sum, &e820);
	if (!rc && !(c->e820 = calloc(e820.n ? e820.n : 1, sizeof(*c->e820))))
		rc = kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; !rc && i < e820.n; i++)
		c->e820[i] = (struct kx_mem_range){e820.v[i].start,
						   e820.v[i].end,
						   e820.v[i].type};
	lb->e820_n = rc ? 0 : e820.n;
	ranges_free(&e820);
	if (rc)
		return rc;
	lb->kernel_addr = c->kernel_addr;
	lb->kernel_entry = c->kernel_addr + STARTUP_64_OFFSET;
	lb->boot_params_addr = c->params_addr;
	lb->cmdline_addr = sum.cmdline_addr;
	lb->initrd_addr = sum.initrd_addr;
	lb->initrd_size = sum.initrd_size;
	lb->acpi_rsdp = sum.acpi_rsdp;
	lb->rsdp_source = bootparams_rsdp_source_name(c->rsdp_source);
	lb->memmap_source = layout_memmap_source(c->map_source);
	lb->e820 = c->e820;
	lb->setup_data_n = sum.setup_data_n;
	lb->efi = sum.efi;
	lb->efi_note = c->efi_note;
	lb->efi_systab = sum.efi_systab;
	lb->rng_seed = sum.rng_seed;
	lb->purgatory_addr = c->purgatory_addr;
	lb->checks = !(plan->flags & KX_LOAD_NO_CHECKS);
	if (c->crash)
		rc = describe_crash(ctx, plan, c);
	if (rc)
		return rc;
	plan->info.classic = true;
	plan->info.entry = c->purgatory.entry;
	plan->info.nr_segments = c->nr;
	plan->info.segments = c->desc;
	return 0;
}

static int build_all(kx_ctx *ctx, struct kx_plan *plan, struct plan_classic *c)
{
	struct kx_purgatory_layout purg;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	int rc;

	if (plan->info.type != KX_IMAGE_BZIMAGE)
		return kx_fail(ctx, -EOPNOTSUPP,
			       "%s: kexec_load supports only bzImage kernels "
			       "so far",
			       plan->kernel_path);
	rc = kx_purgatory_layout(ctx, obj, size, &purg);
	if (!rc)
		rc = gather_system(ctx, c);
	if (!rc && (plan->flags & KX_LOAD_CRASH))
		rc = gather_crash(ctx, c);
	if (!rc)
		rc = initrd_map(ctx, plan, c);
	if (!rc)
		rc = place_all(ctx, plan, c, &purg);
	if (!rc)
		rc = build_params(ctx, plan, c);
	if (!rc)
		rc = build_segments(ctx, plan, c);
	if (!rc)
		rc = build_purgatory(ctx, plan, c);
	if (!rc)
		rc = layout_collect(ctx, &c->segs, &c->purgatory, c->all,
				    c->desc, &c->nr);
	if (!rc)
		rc = describe(ctx, plan, c);
	return rc;
}

int plan_build_classic(kx_ctx *ctx, struct kx_plan *plan)
{
	struct plan_classic *c;
	int rc;

	if (plan->classic)
		return 0;
	c = calloc(1, sizeof(*c));
	if (!c)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	ranges_init(&c->map);
	rc = build_all(ctx, plan, c);
	if (rc) {
		plan_classic_free(c);
		return rc;
	}
	plan->classic = c;
	return 0;
}

int plan_load_classic(kx_ctx *ctx, struct kx_plan *plan)
{
	struct plan_classic *c;
	int rc;

	plan->info.used = KX_SYSCALL_CLASSIC;
	rc = plan_build_classic(ctx, plan);
	if (rc)
		return rc;
	c = plan->classic;
	return layout_kexec_load(ctx, plan, c->purgatory.entry, c->nr, c->all);
}
