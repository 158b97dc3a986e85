/* Multiboot 1, Multiboot 2 and plain ELF64 kernels through kexec_load, the
 * way classic.c loads Linux.  Data flows one way: the image's header says
 * where its pieces go and what it wants to be told; the running system
 * gives the memory map, the ACPI RSDP, the framebuffer and EFI; the planner
 * takes the image's own addresses and puts the information block and the
 * modules just above it; the block is built for its address; the pieces
 * become page-granular segments (pieces sharing a page are merged), their
 * digests go into the purgatory, and the purgatory enters the kernel in
 * 32-bit protected mode with EAX = magic, EBX = the block (Multiboot) or
 * with a 64-bit jump (ELF64).
 *
 * Placement follows what real small kernels survive: everything below
 * 4 GiB; the block and the modules just above the image, modules in
 * ascending order on page boundaries, the last ending highest; nothing we
 * place in the first 64 KiB or in the megabyte below the top of the RAM
 * the kernel is told about (mem_upper, and the highest RAM below 4 GiB),
 * where some put early page tables.
 *
 * The ACPI RSDP (Multiboot 2 tags 14 and 15): the running kernel tells its
 * address (boot_params, the EFI system table, acpi_rsdp=) but exports the
 * bytes nowhere, so they are read from /dev/mem below the context's root.
 * Without an address, or when /dev/mem cannot be read there (not root, or
 * CONFIG_IO_STRICT_DEVMEM hiding firmware memory above 1 MiB, as for the
 * RSDP of UEFI machines, unless booted with iomem=relaxed), the tags are
 * left out and the plan says why.
 * The EFI system table comes from the running boot_params' efi_info; the
 * EFI memory map is not passed, since after boot only its runtime regions
 * are known. */
#include "api/multiboot.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "api/layout.h"
#include "boot/bootparams.h"
#include "boot/mbinfo1.h"
#include "boot/mbinfo2.h"
#include "boot/zeropage.h"
#include "core/bytes.h"
#include "core/file.h"
#include "format/elf.h"
#include "format/multiboot.h"

#define KIB	 1024ull
#define MIB	 (1ull << 20)
#define FOUR_GIB (1ull << 32)
/* Real-mode IVT and BIOS data, which small kernels still read. */
#define LOW_KEEP (64 * KIB)
/* Below the top of the RAM a kernel is told about: its early page
 * tables, in some small kernels. */
#define TOP_KEEP MIB

#define RSDP_SIG    "RSD PTR "
#define RSDP_V1_LEN 20u
#define RSDP_V2_LEN 36u
#define RSDP_MAX    1024u /* far above any real extended RSDP (36 bytes) */

#define SI_IS_VGA		    0x0f
#define SI_LFB_WIDTH		    0x12
#define SI_LFB_HEIGHT		    0x14
#define SI_LFB_DEPTH		    0x16
#define SI_LFB_BASE		    0x18
#define SI_LFB_LINELENGTH	    0x24
#define SI_RED_SIZE		    0x26
#define SI_CAPABILITIES		    0x36
#define SI_EXT_LFB_BASE		    0x3a
#define VIDEO_TYPE_VLFB		    0x23
#define VIDEO_TYPE_EFI		    0x70
#define VIDEO_CAPABILITY_64BIT_BASE (1u << 1)

#define NOTES_MAX 1024

struct mb_module {
	char *spec; /* "FILE ARGS", the module's command line */
	char *path; /* FILE */
	void *data; /* mapped */
	size_t size;
	uint64_t addr;
};

struct plan_mb {
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
	char *cmdline; /* the image's path, then the plan's command line */
	/* The running system. */
	struct kx_ranges map;
	enum memmap_source map_source;
	uint8_t running[BOOTPARAMS_PAGE_SIZE];
	bool has_running;
	uint8_t rsdp[RSDP_MAX];
	size_t rsdp_len;
	struct mbinfo_framebuffer fb;
	bool has_fb;
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
	struct kx_segment all[SEGMENTS_MAX];
	struct kx_plan_segment desc[SEGMENTS_MAX];
	size_t nr;
	struct kx_module_info *mod_desc;
	char *info_text;
	char notes[NOTES_MAX];
};

void plan_multiboot_free(struct plan_mb *mb)
{
	size_t i;

	if (!mb)
		return;
	elf_image_free(&mb->img);
	for (i = 0; i < mb->n_mods; i++) {
		if (mb->mods[i].data)
			munmap(mb->mods[i].data, mb->mods[i].size);
		free(mb->mods[i].spec);
		free(mb->mods[i].path);
	}
	free(mb->mods);
	free(mb->cmdline);
	ranges_free(&mb->map);
	free(mb->in_mods);
	free(mb->info);
	segments_free(&mb->segs);
	kx_purgatory_image_free(&mb->purgatory);
	free(mb->mod_desc);
	free(mb->info_text);
	free(mb);
}

static void note(struct plan_mb *mb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* One line of what the plan should say about where things came from or
 * why they were left out. */
static void note(struct plan_mb *mb, const char *fmt, ...)
{
	size_t len = strlen(mb->notes);
	va_list ap;

	if (len + 2 >= sizeof(mb->notes))
		return;
	va_start(ap, fmt);
	vsnprintf(mb->notes + len, sizeof(mb->notes) - len - 1, fmt, ap);
	va_end(ap);
	len = strlen(mb->notes);
	mb->notes[len] = '\n';
	mb->notes[len + 1] = '\0';
}

/* Prefix the last message with the kernel's name: the planner and the
 * segment builder name only the piece. */
static int fail_named(kx_ctx *ctx, const struct kx_plan *plan, int rc)
{
	char msg[KX_MSG_MAX];

	memcpy(msg, ctx->msg, sizeof(msg));
	return kx_fail(ctx, rc == -ENOMEM ? rc : -ENOEXEC, "%s: %s",
		       plan->kernel_path, msg);
}

/* ---- probing and parsing --------------------------------------------- */

/* A magic anywhere a header may be, valid checksum or not. */
static bool magic_in_window(const uint8_t *d, size_t size, uint32_t magic,
			    size_t window, size_t align)
{
	size_t limit = size < window ? size : window, o;

	for (o = 0; o + 4 <= limit; o += align)
		if (get_le32(d + o) == magic)
			return true;
	return false;
}

enum kx_image_type plan_probe_multiboot(const void *data, size_t size)
{
	if (multiboot2_probe(data, size))
		return KX_IMAGE_MULTIBOOT2;
	if (multiboot1_probe(data, size))
		return KX_IMAGE_MULTIBOOT1;
	if (magic_in_window(data, size, MB2_HEADER_MAGIC, MB2_SEARCH,
			    MB2_HEADER_ALIGN))
		return KX_IMAGE_MULTIBOOT2;
	if (magic_in_window(data, size, MB1_HEADER_MAGIC, MB1_SEARCH,
			    MB1_HEADER_ALIGN))
		return KX_IMAGE_MULTIBOOT1;
	if (elf_probe(data, size))
		return KX_IMAGE_ELF;
	return KX_IMAGE_UNKNOWN;
}

/* The a.out kludge as a one-piece image, so everything after parsing
 * treats both kinds alike. */
static int image_from_aout(kx_ctx *ctx, struct plan_mb *mb,
			   const struct mb_aout *a, uint32_t entry)
{
	struct elf_image *img = &mb->img;

	img->pieces = malloc(sizeof(*img->pieces));
	if (!img->pieces)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	img->pieces[0] = a->piece;
	img->n = 1;
	img->entry = entry;
	img->entry_virt = entry;
	img->lowest = a->piece.addr;
	img->highest = a->piece.addr + a->piece.memsz;
	mb->aout = true;
	return 0;
}

static int parse_mb1(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb)
{
	const char *name = plan->kernel_path;
	int rc = multiboot1_find(ctx, name, plan->kernel.data,
				 plan->kernel.size, &mb->h1);

	if (rc)
		return rc;
	if (mb->h1.has_aout)
		rc = image_from_aout(ctx, mb, &mb->h1.aout, mb->h1.entry_addr);
	else
		rc = elf_parse(ctx, name, plan->kernel.data, plan->kernel.size,
			       &mb->img);
	if (rc)
		return rc;
	mb->entry32 = true;
	mb->magic = MB1_BOOTLOADER_MAGIC;
	return elf_check_below_4g(ctx, name, &mb->img);
}

/* The entry address tag wins over the ELF header (it is physical). */
static int parse_mb2(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb)
{
	const char *name = plan->kernel_path;
	const struct mb2_header *h = &mb->h2;
	int rc = multiboot2_find(ctx, name, plan->kernel.data,
				 plan->kernel.size, &mb->h2);

	if (rc)
		return rc;
	if (h->has_aout)
		rc = image_from_aout(ctx, mb, &h->aout, h->entry_addr);
	else
		rc = elf_parse(ctx, name, plan->kernel.data, plan->kernel.size,
			       &mb->img);
	if (rc)
		return rc;
	if (h->has_entry)
		mb->img.entry = h->entry_addr;
	mb->entry32 = true;
	mb->magic = MB2_BOOTLOADER_MAGIC;
	/* A relocatable image is checked where it is placed. */
	return h->relocatable ? 0 : elf_check_below_4g(ctx, name, &mb->img);
}

static int parse_elf(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb)
{
	const char *name = plan->kernel_path;
	int rc = elf_parse(ctx, name, plan->kernel.data, plan->kernel.size,
			   &mb->img);

	if (rc)
		return rc;
	if (mb->img.elf_class == 32)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: a 32-bit ELF kernel needs a Multiboot "
			       "header to say how it is entered; only ELF64 "
			       "kernels are entered as plain ELF",
			       name);
	return 0;
}

int plan_parse_multiboot(kx_ctx *ctx, struct kx_plan *plan,
			 enum kx_image_type type)
{
	struct plan_mb *mb = calloc(1, sizeof(*mb));

	if (!mb)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	ranges_init(&mb->map);
	mb->type = type;
	plan->mb = mb;
	switch (type) {
	case KX_IMAGE_MULTIBOOT1:
		return parse_mb1(ctx, plan, mb);
	case KX_IMAGE_MULTIBOOT2:
		return parse_mb2(ctx, plan, mb);
	default:
		return parse_elf(ctx, plan, mb);
	}
}

/* ---- the request ------------------------------------------------------ */

static const char *kind_name(const struct plan_mb *mb)
{
	return mb->type == KX_IMAGE_ELF ? "ELF" : "Multiboot";
}

static int refuse_options(kx_ctx *ctx, const struct kx_plan *plan,
			  const struct kx_load_request *req)
{
	const struct plan_mb *mb = plan->mb;
	const char *name = plan->kernel_path;

	if (req->syscall == KX_SYSCALL_FILE)
		return kx_fail(ctx, -EOPNOTSUPP,
			       "%s: kexec_file_load cannot load %s kernels; "
			       "use -c or -a",
			       name, kind_name(mb));
	if (req->flags & KX_LOAD_CRASH)
		return kx_fail(ctx, -EOPNOTSUPP,
			       "%s: a crash kernel (-p) must be a Linux "
			       "bzImage, not a %s kernel",
			       name, kind_name(mb));
	if (req->initrd)
		return kx_fail(ctx, -EINVAL,
			       "%s: --initrd is for Linux kernels; give a "
			       "Multiboot kernel its files with --module",
			       name);
	if (mb->type != KX_IMAGE_ELF)
		return 0;
	if (req->n_modules)
		return kx_fail(ctx, -EINVAL,
			       "%s: --module needs a Multiboot kernel: a plain "
			       "ELF kernel gets no information block",
			       name);
	if (req->cmdline && req->cmdline[0])
		return kx_fail(ctx, -EINVAL,
			       "%s: a plain ELF kernel gets no information "
			       "block, so no command line",
			       name);
	return 0;
}

/* "FILE ARGS": the file is the first word; the module's command line is
 * the whole text, as GRUB, QEMU and kexec-tools pass it. */
static int module_take(kx_ctx *ctx, const char *text, struct mb_module *m)
{
	size_t len;

	text += strspn(text, " \t");
	len = strcspn(text, " \t");
	if (len == 0)
		return kx_fail(ctx, -EINVAL,
			       "--module needs a file name (\"FILE ARGS\")");
	m->spec = strdup(text);
	m->path = strndup(text, len);
	if (!m->spec || !m->path)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	return 0;
}

int plan_request_multiboot(kx_ctx *ctx, struct kx_plan *plan,
			   const struct kx_load_request *req)
{
	struct plan_mb *mb = plan->mb;
	size_t i;
	int rc = refuse_options(ctx, plan, req);

	if (rc || !req->n_modules)
		return rc;
	mb->mods = calloc(req->n_modules, sizeof(*mb->mods));
	if (!mb->mods)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < req->n_modules && !rc; i++, mb->n_mods++)
		rc = module_take(ctx, req->modules[i], &mb->mods[i]);
	return rc;
}

/* ---- the running system ----------------------------------------------- */

/* The ACPI RSDP checksums: the first 20 bytes, and from revision 2 the
 * whole LENGTH. */
static bool rsdp_valid(const uint8_t *r, size_t len)
{
	uint8_t sum = 0;
	size_t i;

	if (len < RSDP_V1_LEN || memcmp(r, RSDP_SIG, 8) != 0)
		return false;
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + r[i]);
	return sum == 0;
}

/* N bytes of physical memory at ADDR, or why not. */
static const char *mem_read(int fd, uint64_t addr, uint8_t *buf, size_t n)
{
	ssize_t got = pread(fd, buf, n, (off_t)addr);

	if (got == (ssize_t)n)
		return NULL;
	if (got >= 0)
		return "short read";
	/* CONFIG_IO_STRICT_DEVMEM keeps firmware ranges above 1 MiB (the
	 * ACPI tables of UEFI machines) out of /dev/mem. */
	if (errno == EPERM)
		return "not permitted (the running kernel restricts /dev/mem "
		       "to the first MiB; booting it with iomem=relaxed lifts "
		       "that)";
	return strerror(errno);
}

/* The RSDP's bytes at ADDR from /dev/mem: 20 bytes, then from revision 2
 * on its length field's worth, checksums checked.  Returns why not when
 * it cannot. */
static const char *rsdp_read_mem(kx_ctx *ctx, uint64_t addr, uint8_t *buf,
				 size_t *len)
{
	char path[PATH_MAX];
	const char *why;
	size_t want = RSDP_V1_LEN;
	int fd;

	*len = 0;
	if (kx_sys_path(ctx, "/dev/mem", path, sizeof(path)))
		return "path too long";
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return strerror(errno);
	why = mem_read(fd, addr, buf, RSDP_V1_LEN);
	if (!why && !rsdp_valid(buf, RSDP_V1_LEN))
		why = "no valid RSDP there (signature or checksum)";
	if (!why && buf[15] >= 2) {
		why = mem_read(fd, addr, buf, RSDP_V2_LEN);
		want = why ? 0 : get_le32(buf + 20);
		if (!why && (want < RSDP_V2_LEN || want > RSDP_MAX))
			why = "implausible RSDP length";
		if (!why)
			why = mem_read(fd, addr, buf, want);
		if (!why && !rsdp_valid(buf, want))
			why = "bad extended RSDP checksum";
	}
	close(fd);
	if (!why)
		*len = want;
	return why;
}

static int gather_rsdp(kx_ctx *ctx, struct plan_mb *mb)
{
	enum bootparams_rsdp_source src;
	const char *why;
	uint64_t addr;
	int rc = bootparams_find_rsdp(ctx, mb->has_running ? mb->running : NULL,
				      &addr, &src);

	if (rc)
		return rc;
	if (!addr) {
		note(mb, "ACPI RSDP: not passed: the running system names "
			 "none (the kernel searches the BIOS area itself)");
		return 0;
	}
	why = rsdp_read_mem(ctx, addr, mb->rsdp, &mb->rsdp_len);
	if (why)
		note(mb,
		     "ACPI RSDP: not passed: cannot read it at 0x%" PRIx64
		     " through /dev/mem: %s",
		     addr, why);
	else
		note(mb,
		     "ACPI RSDP: 0x%" PRIx64 " (from %s), %zu bytes read "
		     "through /dev/mem",
		     addr, bootparams_rsdp_source_name(src), mb->rsdp_len);
	return 0;
}

/* The linear framebuffer the firmware set up, from the running
 * boot_params' screen_info (VESA or EFI); the loader cannot set modes. */
static bool fb_from_screen_info(const uint8_t *si,
				struct mbinfo_framebuffer *fb)
{
	uint64_t base = get_le32(si + SI_LFB_BASE);

	if (si[SI_IS_VGA] != VIDEO_TYPE_VLFB && si[SI_IS_VGA] != VIDEO_TYPE_EFI)
		return false;
	if (get_le32(si + SI_CAPABILITIES) & VIDEO_CAPABILITY_64BIT_BASE)
		base |= (uint64_t)get_le32(si + SI_EXT_LFB_BASE) << 32;
	memset(fb, 0, sizeof(*fb));
	fb->addr = base;
	fb->width = get_le16(si + SI_LFB_WIDTH);
	fb->height = get_le16(si + SI_LFB_HEIGHT);
	fb->bpp = (uint8_t)get_le16(si + SI_LFB_DEPTH);
	fb->pitch = get_le16(si + SI_LFB_LINELENGTH);
	fb->type = MBINFO_FB_RGB;
	fb->red_size = si[SI_RED_SIZE];
	fb->red_pos = si[SI_RED_SIZE + 1];
	fb->green_size = si[SI_RED_SIZE + 2];
	fb->green_pos = si[SI_RED_SIZE + 3];
	fb->blue_size = si[SI_RED_SIZE + 4];
	fb->blue_pos = si[SI_RED_SIZE + 5];
	return base && fb->width && fb->height && fb->bpp && fb->pitch;
}

static bool fb_wanted(const struct plan_mb *mb)
{
	const struct mb2_header *h = &mb->h2;

	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return mb->h1.has_video && mb->h1.mode_type == 0;
	return h->has_framebuffer || ((h->req_required | h->req_optional) &
				      MB2_INFO_BIT(MB2_INFO_FRAMEBUFFER));
}

static void gather_fb(struct plan_mb *mb)
{
	if (!fb_wanted(mb))
		return;
	mb->has_fb =
	    mb->has_running && fb_from_screen_info(mb->running, &mb->fb);
	if (mb->has_fb)
		note(mb, "framebuffer: as the firmware set it up "
			 "(boot_params screen_info)");
	else
		note(mb, "framebuffer: asked for, but the running system "
			 "has no linear framebuffer");
}

/* EFI: the system table from the running boot_params' efi_info. */
static void gather_efi(struct plan_mb *mb)
{
	const struct zp_boot_params *bp = (const void *)mb->running;
	struct zp_efi_info e;
	uint64_t systab;

	if (!mb->has_running)
		return;
	memcpy(&e, &bp->efi_info, sizeof(e));
	systab = e.efi_systab | (uint64_t)e.efi_systab_hi << 32;
	if (!systab)
		return;
	if (e.efi_loader_signature == ZP_EFI_SIG_EL64) {
		mb->in.has_efi64 = true;
		mb->in.efi64_systab = systab;
	} else if (e.efi_loader_signature == ZP_EFI_SIG_EL32 &&
		   systab < FOUR_GIB) {
		mb->in.has_efi32 = true;
		mb->in.efi32_systab = (uint32_t)systab;
	} else {
		return;
	}
	note(mb, "EFI memory map: not passed (after boot only its runtime "
		 "regions are known)");
}

/* Absent sources are normal (no boot_params file, no RSDP); broken ones
 * are not.  A plain ELF kernel is told nothing: only the map matters. */
static int gather_system(kx_ctx *ctx, struct plan_mb *mb)
{
	int rc = memmap_read(ctx, &mb->map, &mb->map_source);

	if (rc || mb->type == KX_IMAGE_ELF)
		return rc;
	rc = bootparams_read_running(ctx, mb->running);
	if (rc && rc != -ENOENT)
		return rc;
	mb->has_running = rc == 0;
	gather_fb(mb);
	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return 0;
	gather_efi(mb);
	return gather_rsdp(ctx, mb);
}

static int modules_open(kx_ctx *ctx, struct plan_mb *mb)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < mb->n_mods && !rc; i++) {
		struct mb_module *m = &mb->mods[i];
		int fd;

		rc = kx_open_file(ctx, m->path, &fd);
		if (rc)
			break;
		rc = layout_map_fd(ctx, m->path, fd, "module", &m->data,
				   &m->size);
		close(fd);
	}
	return rc;
}

/* The image's path first, as GRUB and kexec-tools do: kernels drop the
 * first word. */
static int compose_cmdline(kx_ctx *ctx, struct kx_plan *plan,
			   struct plan_mb *mb)
{
	int n;

	if (plan->cmdline[0])
		n = asprintf(&mb->cmdline, "%s %s", plan->kernel_path,
			     plan->cmdline);
	else
		n = asprintf(&mb->cmdline, "%s", plan->kernel_path);
	if (n < 0) {
		mb->cmdline = NULL;
		return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}

/* Everything the block says but the addresses, which the placement
 * fills in; its size does not depend on them. */
static int info_input(kx_ctx *ctx, struct plan_mb *mb)
{
	struct mbinfo_input *in = &mb->in;
	size_t i;

	mb->in_mods = calloc(mb->n_mods ? mb->n_mods : 1, sizeof(*mb->in_mods));
	if (!mb->in_mods)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < mb->n_mods; i++) {
		mb->in_mods[i].size = mb->mods[i].size;
		mb->in_mods[i].cmdline = mb->mods[i].spec;
	}
	in->memmap = &mb->map;
	in->cmdline = mb->cmdline;
	in->modules = mb->in_mods;
	in->n_modules = mb->n_mods;
	in->fb = mb->has_fb ? &mb->fb : NULL;
	in->rsdp = mb->rsdp_len ? mb->rsdp : NULL;
	in->rsdp_len = mb->rsdp_len;
	/* Where the image went (tag 21), as GRUB always tells. */
	in->has_load_base = mb->type == KX_IMAGE_MULTIBOOT2;
	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return mbinfo1_size(ctx, in, &mb->info_size);
	return mbinfo2_size(ctx, in, &mb->info_size);
}

/* ---- placement -------------------------------------------------------- */

static int place_fixed(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb,
		       struct planner *pl)
{
	char name[48];
	size_t i;

	for (i = 0; i < mb->img.n; i++) {
		const struct elf_piece *p = &mb->img.pieces[i];

		snprintf(name, sizeof(name), "kernel segment %u", p->index);
		if (planner_place_fixed(ctx, pl, name, p->addr, p->filesz,
					p->memsz))
			return fail_named(ctx, plan, -ENOEXEC);
	}
	return 0;
}

/* The relocatable tag's window, with its preference; with none, where
 * the image was linked when that is free (it need not move at all). */
static int place_relocatable(kx_ctx *ctx, struct kx_plan *plan,
			     struct plan_mb *mb, struct planner *pl)
{
	const struct mb2_header *h = &mb->h2;
	uint64_t span = mb->img.highest - mb->img.lowest, min, max, base;
	struct planner_request rq = {
	    .name = "kernel (relocatable)",
	    .size = span,
	    .memsz = span,
	    .align = h->reloc_align ? h->reloc_align : 1,
	    .dir = h->reloc_pref == MB2_RELOC_HIGH ? PLANNER_TOP_DOWN
						   : PLANNER_BOTTOM_UP,
	};
	int rc = multiboot2_reloc_window(ctx, plan->kernel_path, h, span, &min,
					 &max);

	if (rc)
		return rc;
	rq.min = min > LOW_KEEP ? min : LOW_KEEP;
	rq.max = max + span - 1;
	base = mb->img.lowest;
	if (h->reloc_pref != MB2_RELOC_NONE || base < rq.min || base > max ||
	    base % rq.align ||
	    planner_place_fixed(ctx, pl, rq.name, base, span, span)) {
		if (planner_place(ctx, pl, &rq, &base))
			return fail_named(ctx, plan, -ENOEXEC);
	}
	mb->relocated = base != mb->img.lowest;
	return elf_image_rebase(ctx, plan->kernel_path, &mb->img, base);
}

/* Keep [START, END) free of what we place, except the image's own span:
 * the kernel chose that itself. */
static int keep_free(kx_ctx *ctx, struct planner *pl,
		     const struct elf_image *img, uint64_t start, uint64_t end)
{
	uint64_t below = end < img->lowest ? end : img->lowest;
	uint64_t above = start > img->highest ? start : img->highest;
	int rc = 0;

	if (start < below)
		rc = planner_reserve(ctx, pl, "top MiB of RAM", start,
				     below - start);
	if (!rc && above < end)
		rc = planner_reserve(ctx, pl, "top MiB of RAM", above,
				     end - above);
	return rc;
}

/* The end of the highest RAM below 4 GiB. */
static uint64_t ram_top_below_4g(const struct kx_ranges *map)
{
	uint64_t top = 0;
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct kx_range *r = &map->v[i];
		uint64_t end = r->end < FOUR_GIB ? r->end : FOUR_GIB;

		if (r->type == KX_RANGE_RAM && r->start < FOUR_GIB && end > top)
			top = end;
	}
	return top;
}

/* A small kernel may take the top of its RAM as mem_upper says (the RAM
 * contiguous from 1 MiB, only a few MiB on some UEFI machines) or as the
 * memory map says (the highest RAM below 4 GiB): keep the megabyte below
 * either free.  Everything else we place stays below 4 GiB. */
static int keep_tops_free(kx_ctx *ctx, struct plan_mb *mb, struct planner *pl)
{
	uint64_t tops[2];
	uint32_t lower, upper;
	size_t i;
	int rc;

	mb->cap = UINT64_MAX;
	if (mb->type == KX_IMAGE_ELF)
		return 0;
	mb->cap = FOUR_GIB;
	rc = mbinfo_mem_bounds(ctx, &mb->map, &lower, &upper);
	tops[0] = MIB + upper * KIB;
	tops[1] = ram_top_below_4g(&mb->map);
	for (i = 0; i < 2 && !rc; i++)
		if (tops[i] >= MIB + TOP_KEEP)
			rc = keep_free(ctx, pl, &mb->img, tops[i] - TOP_KEEP,
				       tops[i]);
	return rc;
}

/* Just above FLOOR and below the cap, lowest first. */
static int place_above(kx_ctx *ctx, struct plan_mb *mb, struct planner *pl,
		       struct planner_request *rq, uint64_t floor,
		       uint64_t *addr)
{
	rq->min = floor > LOW_KEEP ? floor : LOW_KEEP;
	rq->max = mb->cap - 1;
	rq->dir = PLANNER_BOTTOM_UP;
	return planner_place(ctx, pl, rq, addr);
}

static int place_info(kx_ctx *ctx, struct plan_mb *mb, struct planner *pl,
		      uint64_t *floor)
{
	struct planner_request rq = {
	    .name = "multiboot info",
	    .size = mb->info_size,
	    .memsz = mb->info_size,
	    .align = MBINFO1_ALIGN,
	};
	int rc = place_above(ctx, mb, pl, &rq, *floor, &mb->info_addr);

	*floor = mb->info_addr + mb->info_size;
	return rc;
}

/* In the order given, each above the last, on page boundaries (always:
 * harmless when the kernel did not ask for it). */
static int place_modules(kx_ctx *ctx, struct plan_mb *mb, struct planner *pl,
			 uint64_t *floor)
{
	char name[32];
	size_t i;
	int rc = 0;

	for (i = 0; i < mb->n_mods && !rc; i++) {
		struct mb_module *m = &mb->mods[i];
		struct planner_request rq = {
		    .name = name,
		    .size = m->size,
		    .memsz = layout_page_round(m->size),
		    .align = LAYOUT_PAGE,
		};

		snprintf(name, sizeof(name), "module %zu", i);
		rc = place_above(ctx, mb, pl, &rq, *floor, &m->addr);
		mb->in_mods[i].start = m->addr;
		*floor = m->addr + rq.memsz;
	}
	return rc;
}

/* Above everything else when there is room, else anywhere: the kernel
 * may overwrite it once it runs. */
static int place_purgatory(kx_ctx *ctx, struct plan_mb *mb, struct planner *pl,
			   const struct kx_purgatory_layout *purg,
			   uint64_t floor)
{
	uint64_t max = mb->cap - 1, low = mb->entry32 ? LOW_KEEP : MIB;

	if (floor > low &&
	    layout_place_pages(ctx, pl, "purgatory", purg->memsz, purg->align,
			       floor, max, PLANNER_BOTTOM_UP,
			       &mb->purgatory_addr) == 0)
		return 0;
	return layout_place_pages(ctx, pl, "purgatory", purg->memsz,
				  purg->align, low, max, PLANNER_BOTTOM_UP,
				  &mb->purgatory_addr);
}

static int place_pieces(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb,
			struct planner *pl,
			const struct kx_purgatory_layout *purg)
{
	uint64_t floor;
	int rc;

	if (mb->type == KX_IMAGE_MULTIBOOT2 && mb->h2.relocatable)
		rc = place_relocatable(ctx, plan, mb, pl);
	else
		rc = place_fixed(ctx, plan, mb, pl);
	if (!rc && mb->entry32)
		rc = elf_check_below_4g(ctx, plan->kernel_path, &mb->img);
	if (!rc)
		rc = keep_tops_free(ctx, mb, pl);
	if (rc)
		return rc;
	floor = mb->img.highest;
	if (mb->type != KX_IMAGE_ELF)
		rc = place_info(ctx, mb, pl, &floor);
	if (!rc)
		rc = place_modules(ctx, mb, pl, &floor);
	if (!rc)
		rc = place_purgatory(ctx, mb, pl, purg, floor);
	return rc;
}

static int place_all(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb,
		     const struct kx_purgatory_layout *purg)
{
	struct planner pl;
	int rc = planner_init(ctx, &pl, &mb->map, plan->mem_min,
			      plan->mem_max ? plan->mem_max : UINT64_MAX);

	if (rc)
		return rc;
	rc = place_pieces(ctx, plan, mb, &pl, purg);
	planner_free(&pl);
	return rc;
}

/* ---- building --------------------------------------------------------- */

static int build_info(kx_ctx *ctx, struct plan_mb *mb)
{
	if (mb->type == KX_IMAGE_ELF)
		return 0;
	mb->info = calloc(1, mb->info_size);
	if (!mb->info)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	mb->in.load_base = (uint32_t)mb->img.lowest;
	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return mbinfo1_build(ctx, &mb->in, mb->info_addr, mb->info,
				     mb->info_size);
	return mbinfo2_build(ctx, &mb->in, mb->info_addr, mb->info,
			     mb->info_size);
}

/* The image's pieces (bss zero-filled by the kernel, and checked zero by
 * the purgatory: the kernel reads it), the block and the modules. */
static int build_segments(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb)
{
	size_t n = mb->img.n + 1 + mb->n_mods, k = 0, i;
	struct seg_piece *v = calloc(n, sizeof(*v));
	char(*names)[32] = calloc(n, sizeof(*names));
	int rc;

	if (!v || !names) {
		free(v);
		free(names);
		return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	for (i = 0; i < mb->img.n; i++, k++) {
		const struct elf_piece *p = &mb->img.pieces[i];

		snprintf(names[k], sizeof(names[k]), "kernel %u", p->index);
		v[k] =
		    (struct seg_piece){names[k],  plan->kernel.data + p->offset,
				       p->filesz, p->addr,
				       p->memsz,  false};
	}
	if (mb->info)
		v[k++] = (struct seg_piece){"multiboot info", mb->info,
					    mb->info_size,    mb->info_addr,
					    mb->info_size,    false};
	for (i = 0; i < mb->n_mods; i++, k++) {
		snprintf(names[k], sizeof(names[k]), "module %zu", i);
		v[k] = (struct seg_piece){names[k],	    mb->mods[i].data,
					  mb->mods[i].size, mb->mods[i].addr,
					  mb->mods[i].size, false};
	}
	rc = segments_build(ctx, v, k, &mb->segs);
	free(v);
	free(names);
	return rc ? fail_named(ctx, plan, rc) : 0;
}

static int build_purgatory(kx_ctx *ctx, struct kx_plan *plan,
			   struct plan_mb *mb)
{
	struct kx_purgatory_params pp;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	int rc;

	layout_purgatory_init(plan, &pp);
	pp.entry = mb->img.entry;
	if (mb->entry32) {
		pp.flags |= KX_PURG_ENTRY32;
		pp.regs.rax = mb->magic;
		pp.regs.rbx = mb->info_addr;
	}
	rc = layout_hash_segments(ctx, &mb->segs, &pp);
	if (rc)
		return rc;
	return kx_purgatory_build(ctx, obj, size, mb->purgatory_addr, &pp,
				  &mb->purgatory);
}

/* ---- the plan description --------------------------------------------- */

/* Read back from the built bytes, so the dry run shows what the kernel
 * will see. */
static int describe_info(kx_ctx *ctx, struct plan_mb *mb)
{
	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return mbinfo1_describe(ctx, mb->info, mb->info_size,
					mb->info_addr, &mb->info_text);
	if (mb->type == KX_IMAGE_MULTIBOOT2)
		return mbinfo2_describe(ctx, mb->info, mb->info_size,
					mb->info_addr, &mb->info_text);
	mb->info_text = strdup("");
	return mb->info_text ? 0 : kx_fail(ctx, -ENOMEM, "out of memory");
}

static int describe_modules(kx_ctx *ctx, struct plan_mb *mb)
{
	size_t i;

	mb->mod_desc =
	    calloc(mb->n_mods ? mb->n_mods : 1, sizeof(*mb->mod_desc));
	if (!mb->mod_desc)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < mb->n_mods; i++)
		mb->mod_desc[i] =
		    (struct kx_module_info){mb->mods[i].path, mb->mods[i].spec,
					    mb->mods[i].addr, mb->mods[i].size};
	return 0;
}

static void describe_boot(struct kx_plan *plan, struct plan_mb *mb)
{
	struct kx_multiboot_boot *b = &plan->info.multiboot;

	b->version = mb->type == KX_IMAGE_MULTIBOOT1   ? 1
		     : mb->type == KX_IMAGE_MULTIBOOT2 ? 2
						       : 0;
	b->elf_class = mb->aout ? 0 : mb->img.elf_class;
	b->relocated = mb->relocated;
	b->image_start = mb->img.lowest;
	b->image_end = mb->img.highest;
	b->entry = mb->img.entry;
	b->entry32 = mb->entry32;
	b->magic = mb->magic;
	b->info_addr = mb->info ? mb->info_addr : 0;
	b->info_size = mb->info ? mb->info_size : 0;
	b->n_modules = mb->n_mods;
	b->modules = mb->mod_desc;
	b->info_text = mb->info_text;
	b->notes = mb->notes;
	b->memmap_source = layout_memmap_source(mb->map_source);
	b->purgatory_addr = mb->purgatory_addr;
	b->checks = !(plan->flags & KX_LOAD_NO_CHECKS);
}

/* The kernel's own loader (kexec_file_load) parses only bzImages, so -a
 * goes straight to kexec_load, and says so. */
static void describe_syscall(struct kx_plan *plan, const struct plan_mb *mb)
{
	if (plan->info.syscall == KX_SYSCALL_AUTO)
		plan->info.syscall_note =
		    mb->type == KX_IMAGE_ELF
			? "the kernel's own loader cannot parse ELF "
			  "kernels"
			: "the kernel's own loader cannot parse "
			  "Multiboot";
	plan->info.syscall = KX_SYSCALL_CLASSIC;
	plan->info.used = KX_SYSCALL_CLASSIC;
}

static int describe(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb)
{
	int rc = describe_info(ctx, mb);

	if (!rc)
		rc = describe_modules(ctx, mb);
	if (rc)
		return rc;
	describe_boot(plan, mb);
	describe_syscall(plan, mb);
	if (mb->cmdline) {
		plan->info.cmdline = mb->cmdline;
		plan->info.cmdline_len = strlen(mb->cmdline) + 1;
	}
	plan->info.classic = true;
	plan->info.entry = mb->purgatory.entry;
	plan->info.nr_segments = mb->nr;
	plan->info.segments = mb->desc;
	return 0;
}

static int build_all(kx_ctx *ctx, struct kx_plan *plan, struct plan_mb *mb)
{
	struct kx_purgatory_layout purg;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	int rc = kx_purgatory_layout(ctx, obj, size, &purg);

	if (!rc)
		rc = gather_system(ctx, mb);
	if (!rc && mb->type == KX_IMAGE_MULTIBOOT2)
		rc = multiboot2_check_console(ctx, plan->kernel_path, &mb->h2,
					      mb->has_fb);
	if (!rc)
		rc = modules_open(ctx, mb);
	if (!rc && mb->type != KX_IMAGE_ELF)
		rc = compose_cmdline(ctx, plan, mb);
	if (!rc && mb->type != KX_IMAGE_ELF)
		rc = info_input(ctx, mb);
	if (!rc)
		rc = place_all(ctx, plan, mb, &purg);
	if (!rc)
		rc = build_info(ctx, mb);
	if (!rc)
		rc = build_segments(ctx, plan, mb);
	if (!rc)
		rc = build_purgatory(ctx, plan, mb);
	if (!rc)
		rc = layout_collect(ctx, &mb->segs, &mb->purgatory, mb->all,
				    mb->desc, &mb->nr);
	if (!rc)
		rc = describe(ctx, plan, mb);
	return rc;
}

int plan_build_multiboot(kx_ctx *ctx, struct kx_plan *plan)
{
	if (plan->info.classic)
		return 0;
	return build_all(ctx, plan, plan->mb);
}

int plan_load_multiboot(kx_ctx *ctx, struct kx_plan *plan)
{
	struct plan_mb *mb = plan->mb;
	int rc = plan_build_multiboot(ctx, plan);

	if (rc)
		return rc;
	return layout_kexec_load(ctx, plan, mb->purgatory.entry, mb->nr,
				 mb->all);
}
