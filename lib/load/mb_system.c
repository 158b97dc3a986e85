/* What a Multiboot kernel is told of the running machine: the memory
 * map, the framebuffer the firmware set up, the EFI system table and the
 * ACPI RSDP.
 *
 * The RSDP (Multiboot 2 tags 14 and 15): the running kernel tells its
 * address (boot_params, the EFI system table, acpi_rsdp=) but exports the
 * bytes nowhere, so they are read from /dev/mem below the context's root.
 * Without an address, or when /dev/mem cannot be read there (not root, or
 * CONFIG_IO_STRICT_DEVMEM hiding firmware memory above 1 MiB, as for the
 * RSDP of UEFI machines, unless booted with iomem=relaxed), the tags are
 * left out and the plan says why.  The EFI memory map is not passed, since
 * after boot only its runtime regions are known. */
#include "load/mb.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "boot/zeropage.h"
#include "core/bytes.h"
#include "core/file.h"

#define RSDP_SIG    "RSD PTR "
#define RSDP_V1_LEN 20u
#define RSDP_V2_LEN 36u

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

void mb_note(struct mb_state *mb, struct mb_note note)
{
	if (mb->n_notes < MB_NOTES_MAX)
		mb->notes[mb->n_notes++] = note;
}

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
static enum kx_reason mem_read(int fd, uint64_t addr, uint8_t *buf, size_t n,
			       int *err)
{
	ssize_t got = pread(fd, buf, n, (off_t)addr);

	if (got == (ssize_t)n)
		return KX_REASON_NONE;
	if (got >= 0)
		return KX_REASON_SHORT_READ;
	/* CONFIG_IO_STRICT_DEVMEM keeps firmware ranges above 1 MiB (the
	 * ACPI tables of UEFI machines) out of /dev/mem. */
	if (errno == EPERM)
		return KX_REASON_DEVMEM_RESTRICTED;
	*err = errno;
	return KX_REASON_ERRNO;
}

/* The RSDP's bytes at ADDR from /dev/mem: 20 bytes, then from revision 2
 * on its length field's worth, checksums checked.  Returns why not when
 * it cannot. */
static enum kx_reason rsdp_read_mem(kx_ctx *ctx, uint64_t addr, uint8_t *buf,
				    size_t *len, int *err)
{
	char path[PATH_MAX];
	enum kx_reason why;
	size_t want = RSDP_V1_LEN;
	int fd;

	*len = 0;
	if (kx_sys_path(ctx, "/dev/mem", path, sizeof(path))) {
		*err = ENAMETOOLONG;
		return KX_REASON_ERRNO;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return KX_REASON_ERRNO;
	}
	why = mem_read(fd, addr, buf, RSDP_V1_LEN, err);
	if (!why && !rsdp_valid(buf, RSDP_V1_LEN))
		why = KX_REASON_RSDP_INVALID;
	if (!why && buf[15] >= 2) {
		why = mem_read(fd, addr, buf, RSDP_V2_LEN, err);
		want = why ? 0 : get_le32(buf + 20);
		if (!why && (want < RSDP_V2_LEN || want > MB_RSDP_MAX))
			why = KX_REASON_RSDP_LENGTH;
		if (!why)
			why = mem_read(fd, addr, buf, want, err);
		if (!why && !rsdp_valid(buf, want))
			why = KX_REASON_RSDP_EXT_CHECKSUM;
	}
	close(fd);
	if (!why)
		*len = want;
	return why;
}

static int gather_rsdp(kx_ctx *ctx, struct mb_state *mb)
{
	enum bootparams_rsdp_source src;
	enum kx_reason why;
	uint64_t addr;
	int err = 0;
	int rc = bootparams_find_rsdp(ctx, mb->has_running ? mb->running : NULL,
				      &addr, &src);

	if (rc)
		return rc;
	if (!addr) {
		mb_note(mb, (struct mb_note){.code = KX_NOTE_RSDP_NONE});
		return 0;
	}
	why = rsdp_read_mem(ctx, addr, mb->rsdp, &mb->rsdp_len, &err);
	if (why)
		mb_note(mb, (struct mb_note){.code = KX_NOTE_RSDP_UNREADABLE,
					     .addr = addr,
					     .type = why,
					     .err = err});
	else
		mb_note(mb, (struct mb_note){.code = KX_NOTE_RSDP_PASSED,
					     .addr = addr,
					     .size = mb->rsdp_len,
					     .type = bootparams_rsdp_kx_source(
						 src)});
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

static bool fb_wanted(const struct mb_state *mb)
{
	const struct mb2_header *h = &mb->h2;

	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return mb->h1.has_video && mb->h1.mode_type == 0;
	return h->has_framebuffer || ((h->req_required | h->req_optional) &
				      MB2_INFO_BIT(MB2_INFO_FRAMEBUFFER));
}

static void gather_fb(struct mb_state *mb)
{
	if (!fb_wanted(mb))
		return;
	mb->has_fb =
	    mb->has_running && fb_from_screen_info(mb->running, &mb->fb);
	mb_note(mb, (struct mb_note){.code = mb->has_fb ? KX_NOTE_FB_PASSED
							 : KX_NOTE_FB_NONE});
}

/* EFI: the system table from the running boot_params' efi_info. */
static void gather_efi(struct mb_state *mb)
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
		   systab < MB_FOUR_GIB) {
		mb->in.has_efi32 = true;
		mb->in.efi32_systab = (uint32_t)systab;
	} else {
		return;
	}
	mb_note(mb, (struct mb_note){.code = KX_NOTE_EFI_MMAP_NOT_PASSED});
}

/* Absent sources are normal (no boot_params file, no RSDP); broken ones
 * are not.  A plain ELF kernel is told nothing: only the map matters. */
int mb_gather_system(kx_ctx *ctx, struct mb_state *mb)
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
