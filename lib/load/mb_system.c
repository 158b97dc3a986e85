/* What a Multiboot kernel is told of the running machine: the memory
 * map, the framebuffer the firmware set up, the EFI system table and the
 * ACPI RSDP.
 *
 * The RSDP (Multiboot 2 tags 14 and 15): the running kernel tells its
 * address (boot_params, the EFI system table, acpi_rsdp=) but exports the
 * bytes nowhere, so the snapshot reads them from /dev/mem.
 * Without an address, or when /dev/mem cannot be read there (not root, or
 * CONFIG_IO_STRICT_DEVMEM hiding firmware memory above 1 MiB, as for the
 * RSDP of UEFI machines, unless booted with iomem=relaxed), the tags are
 * left out and the plan says why.  The EFI memory map is not passed, since
 * after boot only its runtime regions are known. */
#include "load/mb.h"

#include <errno.h>
#include <string.h>

#include "boot/zeropage.h"
#include "core/bytes.h"

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

/* Which check of the snapshot's /dev/mem read failed, by its code
 * (sys/system.h). */
static enum kx_reason rsdp_reason(int rc)
{
	switch (-rc) {
	case EPERM:
		return KX_REASON_DEVMEM_RESTRICTED;
	case EIO:
		return KX_REASON_SHORT_READ;
	case EINVAL:
		return KX_REASON_RSDP_INVALID;
	case ERANGE:
		return KX_REASON_RSDP_LENGTH;
	case EBADMSG:
		return KX_REASON_RSDP_EXT_CHECKSUM;
	default:
		return KX_REASON_ERRNO;
	}
}

/* A failed read of the bytes is not a failed plan: the tags are left out
 * and the plan says why. */
static int gather_rsdp(kx_ctx *ctx, struct kx_system *sys,
		       struct mb_state *mb)
{
	enum sys_rsdp_source src;
	const uint8_t *bytes;
	uint64_t addr;
	int rc = system_rsdp(sys, &addr, &src);

	if (rc)
		return rc;
	if (!addr) {
		mb_note(mb, (struct mb_note){.code = KX_NOTE_RSDP_NONE});
		return 0;
	}
	rc = system_rsdp_bytes(sys, addr, &bytes, &mb->rsdp_len);
	if (rc) {
		enum kx_reason why = rsdp_reason(rc);

		kx_clear(ctx);
		mb->rsdp_len = 0;
		mb_note(mb, (struct mb_note){
				.code = KX_NOTE_RSDP_UNREADABLE,
				.addr = addr,
				.type = why,
				.err = why == KX_REASON_ERRNO ? -rc : 0});
		return 0;
	}
	memcpy(mb->rsdp, bytes, mb->rsdp_len);
	mb_note(mb, (struct mb_note){.code = KX_NOTE_RSDP_PASSED,
				     .addr = addr,
				     .size = mb->rsdp_len,
				     .type = sys_rsdp_kx_source(src)});
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
	    mb->running && fb_from_screen_info(mb->running, &mb->fb);
	mb_note(mb, (struct mb_note){.code = mb->has_fb ? KX_NOTE_FB_PASSED
							 : KX_NOTE_FB_NONE});
}

/* EFI: the system table from the running boot_params' efi_info. */
static void gather_efi(struct mb_state *mb)
{
	const struct zp_boot_params *bp = (const void *)mb->running;
	struct zp_efi_info e;
	uint64_t systab;

	if (!mb->running)
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
int mb_gather_system(kx_ctx *ctx, struct kx_system *sys, struct mb_state *mb)
{
	int rc = system_memmap(sys, &mb->map, &mb->map_source);

	if (rc || mb->type == KX_IMAGE_ELF)
		return rc;
	rc = system_boot_params(sys, &mb->running);
	if (rc && rc != -ENOENT)
		return rc;
	gather_fb(mb);
	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return 0;
	gather_efi(mb);
	return gather_rsdp(ctx, sys, mb);
}
