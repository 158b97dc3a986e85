/* Laying out and filling the boot_params buffer (bootparams.h). */
#include "arch/x86_64/bootparams.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86_64/zeropage.h"
#include "format/bzimage.h"

#define FOUR_GIB (UINT64_C(1) << 32)
/* The kernel's default when the header predates initrd_addr_max (2.03). */
#define INITRD_ADDR_MAX_DEFAULT 0x37ffffffu

static size_t align16(size_t v)
{
	return (v + 15) & ~(size_t)15;
}

/* ---- checking the input ---------------------------------------------- */

static int check_image(kx_ctx *ctx, const struct bootparams_input *in)
{
	const uint8_t *img = in->image;
	size_t end;

	if (!img || !in->info)
		return kx_fail(ctx, -EINVAL, "boot_params: no kernel image");
	if (in->image_size < KX_BZ_HEADER + 4 ||
	    memcmp(img + KX_BZ_HEADER, "HdrS", 4) != 0)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: the image has no setup header "
			       "(no HdrS at 0x202)");
	if (in->info->protocol < KX_BZ_MIN_PROTOCOL_64)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: boot protocol %u.%02u is too old "
			       "(2.12 or later needed)",
			       in->info->protocol >> 8,
			       in->info->protocol & 0xff);
	end = bzimage_header_end(img);
	if (end > ZP_HDR_LIMIT || end > in->image_size)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: the setup header ends at 0x%zx, "
			       "past %s",
			       end,
			       end > ZP_HDR_LIMIT ? "its space in boot_params "
						    "(0x290)"
						  : "the end of the image");
	return 0;
}

static int check_cmdline(kx_ctx *ctx, const struct bootparams_input *in,
			 size_t *len)
{
	*len = in->cmdline ? strlen(in->cmdline) : 0;
	if (*len > in->info->cmdline_size)
		return kx_fail(
		    ctx, -EINVAL,
		    "boot_params: the command line is %zu bytes, the "
		    "kernel accepts at most %" PRIu32,
		    *len, in->info->cmdline_size);
	return 0;
}

/* Types a kernel understands: anything but "none" and our own internal
 * kinds, which must never reach a kernel. */
static bool e820_type_ok(uint32_t type)
{
	return type != KX_RANGE_NONE && type < 0xf0000000u;
}

static int count_e820(kx_ctx *ctx, const struct kx_ranges *map, size_t *n)
{
	size_t i;

	*n = 0;
	if (!map)
		return kx_fail(ctx, -EINVAL, "boot_params: no memory map");
	for (i = 0; i < map->n; i++) {
		const struct kx_range *r = &map->v[i];

		if (r->start > r->end)
			return kx_fail(ctx, -EINVAL,
				       "boot_params: memory map entry %zu "
				       "starts after its end",
				       i);
		if (!e820_type_ok(r->type))
			return kx_fail(ctx, -EINVAL,
				       "boot_params: memory map entry %zu has "
				       "type 0x%" PRIx32
				       ", which is not an e820 type",
				       i, r->type);
		if (r->start < r->end)
			(*n)++;
	}
	if (*n == 0)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: the memory map is "
			       "empty");
	if (*n > BOOTPARAMS_E820_MAX)
		return kx_fail(ctx, -E2BIG,
			       "boot_params: the memory map has %zu entries, "
			       "a kernel takes at most %u",
			       *n, BOOTPARAMS_E820_MAX);
	return 0;
}

/* The counts the running kernel reports must fit their arrays, or the
 * file is not a boot_params at all. */
static int check_running(kx_ctx *ctx, const struct bootparams_input *in)
{
	const uint8_t *run = in->running;

	if (!run)
		return 0;
	if (in->running_size != ZP_SIZE)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: the running kernel's boot_params "
			       "are %zu bytes, expected %u%s",
			       in->running_size, ZP_SIZE,
			       in->running_size < ZP_SIZE ? " (truncated)"
							  : "");
	if (run[ZP_OFF(eddbuf_entries)] > ZP_EDD_MAX)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: the running kernel's "
			       "eddbuf_entries is %u, at most %u fit",
			       run[ZP_OFF(eddbuf_entries)], ZP_EDD_MAX);
	if (run[ZP_OFF(edd_mbr_sig_buf_entries)] > ZP_EDD_MBR_SIG_MAX)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: the running kernel's "
			       "edd_mbr_sig_buf_entries is %u, at most %u fit",
			       run[ZP_OFF(edd_mbr_sig_buf_entries)],
			       ZP_EDD_MBR_SIG_MAX);
	return 0;
}

static int check_efi(kx_ctx *ctx, const struct sys_efi *efi)
{
	if (efi && efi->map_n > BOOTPARAMS_EFI_MAP_MAX)
		return kx_fail(ctx, -E2BIG,
			       "boot_params: the EFI runtime map has %zu "
			       "entries, at most %u are supported",
			       efi->map_n, BOOTPARAMS_EFI_MAP_MAX);
	if (efi && efi->map_n && !efi->map)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: EFI runtime map entries missing");
	return 0;
}

/* The kernel passes EFI on only when it can be used: the new kernel asks
 * for it (XLF_EFI_KEXEC) and the running one booted through 64-bit EFI
 * with runtime services mapped (a runtime map exists). */
static enum kx_reason efi_reason(const struct bootparams_input *in)
{
	const uint8_t *run = in->running;
	size_t ei = ZP_OFF(efi_info);

	if (!in->efi)
		return KX_REASON_NOT_EFI;
	if (!(in->info->xloadflags & KX_XLF_EFI_KEXEC))
		return KX_REASON_NO_XLF_EFI_KEXEC;
	if (!run)
		return KX_REASON_NO_RUNNING_BOOT_PARAMS;
	if (zp_get32(run, ei + offsetof(struct zp_efi_info, efi_memmap_size)) ==
	    0)
		return KX_REASON_NO_EFI_MEMMAP;
	if (zp_get32(run,
		     ei + offsetof(struct zp_efi_info, efi_loader_signature)) !=
	    ZP_EFI_SIG_EL64)
		return KX_REASON_EFI_NOT_64BIT;
	if (zp_get32(run, ei + offsetof(struct zp_efi_info,
					efi_memdesc_version)) != 1)
		return KX_REASON_EFI_MEMDESC_VERSION;
	if (in->efi->map_n == 0)
		return KX_REASON_NO_EFI_RUNTIME_MAP;
	return KX_REASON_NONE;
}

static int check_input(kx_ctx *ctx, const struct bootparams_input *in,
		       size_t *cmdline_len, size_t *e820_n)
{
	int rc = check_image(ctx, in);

	if (!rc)
		rc = check_cmdline(ctx, in, cmdline_len);
	if (!rc)
		rc = count_e820(ctx, in->memmap, e820_n);
	if (!rc)
		rc = check_running(ctx, in);
	if (!rc)
		rc = check_efi(ctx, in->efi);
	return rc;
}

/* ---- layout ---------------------------------------------------------- */

int bootparams_layout(kx_ctx *ctx, const struct bootparams_input *in,
		      struct bootparams_layout *out)
{
	size_t cmdline_len, e820_n, off;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = check_input(ctx, in, &cmdline_len, &e820_n);
	if (rc)
		return rc;
	out->cmdline_off = ZP_SIZE;
	out->cmdline_len = cmdline_len + 1;
	off = align16(out->cmdline_off + out->cmdline_len);
	out->e820_n = e820_n < ZP_E820_MAX ? e820_n : ZP_E820_MAX;
	out->e820_ext_n = e820_n - out->e820_n;
	out->efi_reason = efi_reason(in);
	if (out->efi_reason == KX_REASON_NONE) {
		out->efi_map_off = off;
		out->efi_map_size = in->efi->map_n * ZP_EFI_MD_SIZE;
		off = align16(off + out->efi_map_size);
	}
	if (out->e820_ext_n) {
		out->e820_ext_off = off;
		off = align16(off + ZP_SD_HDR_SIZE +
			      out->e820_ext_n * ZP_E820_ENTRY_SIZE);
	}
	if (out->efi_reason == KX_REASON_NONE) {
		out->efi_setup_off = off;
		off = align16(off + ZP_SD_HDR_SIZE +
			      sizeof(struct zp_efi_setup_data));
	}
	if (in->rng_seed) {
		out->rng_off = off;
		off = align16(off + ZP_SD_HDR_SIZE + BOOTPARAMS_RNG_SEED_SIZE);
	}
	out->size = off;
	return 0;
}

/* ---- bounds for the planner ------------------------------------------ */

uint64_t bootparams_initrd_max(const void *image, size_t image_size,
			       const struct kx_bzimage_info *info)
{
	const uint8_t *img = image;
	size_t off = ZP_OFF(hdr.initrd_addr_max);

	if (info->xloadflags & KX_XLF_CAN_BE_LOADED_ABOVE_4G)
		return UINT64_MAX;
	if (info->protocol < 0x0203 || image_size < off + 4 ||
	    bzimage_header_end(img) < off + 4)
		return INITRD_ADDR_MAX_DEFAULT;
	return zp_get32(img, off);
}

uint64_t bootparams_buffer_max(const struct kx_bzimage_info *info)
{
	if (info->xloadflags & KX_XLF_CAN_BE_LOADED_ABOVE_4G)
		return UINT64_MAX;
	return FOUR_GIB - 1;
}

/* ---- filling --------------------------------------------------------- */

static int check_placement(kx_ctx *ctx, const struct bootparams_input *in,
			   uint64_t load_addr, size_t size)
{
	uint64_t last;

	if (load_addr % BOOTPARAMS_ALIGN)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: load address 0x%" PRIx64
			       " is not %u-byte aligned",
			       load_addr, BOOTPARAMS_ALIGN);
	if (load_addr > UINT64_MAX - (size - 1))
		return kx_fail(ctx, -EINVAL,
			       "boot_params: load address 0x%" PRIx64
			       " wraps around the address space",
			       load_addr);
	last = load_addr + (size - 1);
	if (last > bootparams_buffer_max(in->info))
		return kx_fail(ctx, -ERANGE,
			       "boot_params: the buffer at 0x%" PRIx64
			       " ends above 4 GiB, and the kernel lacks "
			       "XLF_CAN_BE_LOADED_ABOVE_4G",
			       load_addr);
	return 0;
}

static int check_initrd(kx_ctx *ctx, const struct bootparams_input *in)
{
	uint64_t max, last;

	if (!in->has_initrd || in->initrd_size == 0)
		return 0;
	if (in->initrd_addr > UINT64_MAX - (in->initrd_size - 1))
		return kx_fail(ctx, -EINVAL,
			       "boot_params: initrd at 0x%" PRIx64
			       " wraps around the address space",
			       in->initrd_addr);
	last = in->initrd_addr + (in->initrd_size - 1);
	max = bootparams_initrd_max(in->image, in->image_size, in->info);
	if (last > max && last >= FOUR_GIB)
		return kx_fail(ctx, -ERANGE,
			       "boot_params: initrd at 0x%" PRIx64
			       " ends above 4 GiB, and the kernel lacks "
			       "XLF_CAN_BE_LOADED_ABOVE_4G",
			       in->initrd_addr);
	if (last > max)
		return kx_fail(
		    ctx, -ERANGE,
		    "boot_params: initrd at 0x%" PRIx64
		    " ends past the kernel's initrd_addr_max 0x%" PRIx64,
		    in->initrd_addr, max);
	return 0;
}

/* The image's setup header, and nothing past its end: what lies beyond is
 * the kernel's real-mode code, and the zero page's other fields must be
 * zero or the kernel takes us for a broken loader. */
static void copy_header(uint8_t *bp, const struct bootparams_input *in)
{
	size_t end = bzimage_header_end(in->image);

	memcpy(bp + ZP_HDR_START, (const uint8_t *)in->image + ZP_HDR_START,
	       end - ZP_HDR_START);
}

/* Loader fields: LOADED_HIGH stays (it describes the image); QUIET is
 * the user's choice through the command line, KEEP_SEGMENTS is obsolete
 * and CAN_USE_HEAP means nothing without the real-mode entry. */
static void set_loader(uint8_t *bp)
{
	bp[ZP_OFF(hdr.type_of_loader)] = BOOTPARAMS_LOADER_TYPE;
	bp[ZP_OFF(hdr.loadflags)] &= ZP_LOADED_HIGH;
	zp_put16(bp, ZP_OFF(hdr.heap_end_ptr), 0);
	bp[ZP_OFF(hdr.ext_loader_ver)] = 0;
	bp[ZP_OFF(hdr.ext_loader_type)] = 0;
	zp_put64(bp, ZP_OFF(hdr.setup_data), 0);
}

static void set_cmdline(uint8_t *bp, const struct bootparams_input *in,
			const struct bootparams_layout *lay, uint64_t load_addr)
{
	uint64_t addr = load_addr + lay->cmdline_off;

	if (lay->cmdline_len > 1)
		memcpy(bp + lay->cmdline_off, in->cmdline,
		       lay->cmdline_len - 1);
	bp[lay->cmdline_off + lay->cmdline_len - 1] = '\0';
	zp_put32(bp, ZP_OFF(hdr.cmd_line_ptr), (uint32_t)addr);
	zp_put32(bp, ZP_OFF(ext_cmd_line_ptr), (uint32_t)(addr >> 32));
}

static void set_initrd(uint8_t *bp, const struct bootparams_input *in)
{
	uint64_t addr = in->has_initrd ? in->initrd_addr : 0;
	uint64_t size = in->has_initrd ? in->initrd_size : 0;

	if (size == 0)
		addr = 0;
	zp_put32(bp, ZP_OFF(hdr.ramdisk_image), (uint32_t)addr);
	zp_put32(bp, ZP_OFF(hdr.ramdisk_size), (uint32_t)size);
	zp_put32(bp, ZP_OFF(ext_ramdisk_image), (uint32_t)(addr >> 32));
	zp_put32(bp, ZP_OFF(ext_ramdisk_size), (uint32_t)(size >> 32));
}

static void put_e820(uint8_t *p, const struct kx_range *r)
{
	zp_put64(p, offsetof(struct zp_e820_entry, addr), r->start);
	zp_put64(p, offsetof(struct zp_e820_entry, size), r->end - r->start);
	zp_put32(p, offsetof(struct zp_e820_entry, type), r->type);
}

/* The first 128 non-empty ranges go into the zero page, the rest into the
 * SETUP_E820_EXT payload. */
static void set_e820(uint8_t *bp, const struct bootparams_input *in,
		     const struct bootparams_layout *lay)
{
	uint8_t *ext = bp + lay->e820_ext_off + ZP_SD_HDR_SIZE;
	size_t i, n = 0;

	for (i = 0; i < in->memmap->n; i++) {
		const struct kx_range *r = &in->memmap->v[i];

		if (r->start == r->end)
			continue;
		if (n < ZP_E820_MAX)
			put_e820(bp + ZP_OFF(e820_table) +
				     n * ZP_E820_ENTRY_SIZE,
				 r);
		else
			put_e820(ext + (n - ZP_E820_MAX) * ZP_E820_ENTRY_SIZE,
				 r);
		n++;
	}
	bp[ZP_OFF(e820_entries)] = (uint8_t)lay->e820_n;
}

/* ext_mem_k and alt_mem_k: KiB of RAM above 1 MiB in the range holding
 * 1 MiB, as the kernel's loader and kexec-tools compute them; only very
 * old kernels without e820 look at them. */
static void set_mem_k(uint8_t *bp, const struct kx_ranges *map)
{
	const uint64_t one_mib = 0x100000;
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct kx_range *r = &map->v[i];
		uint64_t mem_k;

		if (r->type != KX_RANGE_RAM || r->start > one_mib ||
		    r->end <= one_mib + 1)
			continue;
		mem_k = ((r->end - 1) >> 10) - (one_mib >> 10);
		zp_put16(bp, ZP_SCREEN_EXT_MEM_K,
			 (uint16_t)(mem_k > 0xfc00 ? 0xfc00 : mem_k));
		zp_put32(bp, ZP_OFF(alt_mem_k),
			 (uint32_t)(mem_k > UINT32_MAX ? UINT32_MAX : mem_k));
	}
}

/* What only the firmware knew and the running kernel kept: the video mode
 * it found and the BIOS disk data.  hardware_subarch_data is left out, as
 * the kernel's loader and kexec-tools do: it points into memory the
 * running kernel has long reused. */
static void carry_running(uint8_t *bp, const uint8_t *run)
{
	memcpy(bp + ZP_OFF(screen_info), run + ZP_OFF(screen_info), 0x40);
	/* Ours, from the memory map we pass, or none (set_mem_k). */
	zp_put16(bp, ZP_SCREEN_EXT_MEM_K, 0);
	memcpy(bp + ZP_OFF(hdr.hardware_subarch),
	       run + ZP_OFF(hdr.hardware_subarch), 4);
	memcpy(bp + ZP_OFF(edd_mbr_sig_buffer),
	       run + ZP_OFF(edd_mbr_sig_buffer), ZP_EDD_MBR_SIG_MAX * 4);
	memcpy(bp + ZP_OFF(eddbuf), run + ZP_OFF(eddbuf),
	       ZP_EDD_MAX * sizeof(struct zp_edd_info));
	bp[ZP_OFF(eddbuf_entries)] = run[ZP_OFF(eddbuf_entries)];
	bp[ZP_OFF(edd_mbr_sig_buf_entries)] =
	    run[ZP_OFF(edd_mbr_sig_buf_entries)];
}

static void put_efi_md(uint8_t *p, const struct sys_efi_md *md)
{
	zp_put32(p, offsetof(struct zp_efi_memory_desc, type), md->type);
	zp_put32(p, offsetof(struct zp_efi_memory_desc, pad), 0);
	zp_put64(p, offsetof(struct zp_efi_memory_desc, phys_addr),
		 md->phys_addr);
	zp_put64(p, offsetof(struct zp_efi_memory_desc, virt_addr),
		 md->virt_addr);
	zp_put64(p, offsetof(struct zp_efi_memory_desc, num_pages),
		 md->num_pages);
	zp_put64(p, offsetof(struct zp_efi_memory_desc, attribute),
		 md->attribute);
}

/* efi_info as the kernel's loader fills it: the system table and loader
 * signature of the running kernel, and a memory map holding only the
 * runtime regions, in the buffer, so the new kernel maps them at the
 * virtual addresses the firmware was already told about. */
static void set_efi_info(uint8_t *bp, const struct bootparams_input *in,
			 const struct bootparams_layout *lay,
			 uint64_t load_addr)
{
	const size_t ei = ZP_OFF(efi_info);
	const size_t keep[] = {
	    offsetof(struct zp_efi_info, efi_loader_signature),
	    offsetof(struct zp_efi_info, efi_systab),
	    offsetof(struct zp_efi_info, efi_systab_hi),
	    offsetof(struct zp_efi_info, efi_memdesc_version),
	};
	uint64_t map = load_addr + lay->efi_map_off;
	size_t i;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		memcpy(bp + ei + keep[i], in->running + ei + keep[i], 4);
	zp_put32(bp, ei + offsetof(struct zp_efi_info, efi_memdesc_size),
		 (uint32_t)ZP_EFI_MD_SIZE);
	zp_put32(bp, ei + offsetof(struct zp_efi_info, efi_memmap),
		 (uint32_t)map);
	zp_put32(bp, ei + offsetof(struct zp_efi_info, efi_memmap_hi),
		 (uint32_t)(map >> 32));
	zp_put32(bp, ei + offsetof(struct zp_efi_info, efi_memmap_size),
		 (uint32_t)lay->efi_map_size);
	bp[ZP_OFF(secure_boot)] = in->running[ZP_OFF(secure_boot)];
	for (i = 0; i < in->efi->map_n; i++)
		put_efi_md(bp + lay->efi_map_off + i * ZP_EFI_MD_SIZE,
			   &in->efi->map[i]);
}

static void put_node(uint8_t *node, uint32_t type, size_t len)
{
	zp_put64(node, offsetof(struct zp_setup_data, next), 0);
	zp_put32(node, offsetof(struct zp_setup_data, type), type);
	zp_put32(node, offsetof(struct zp_setup_data, len), (uint32_t)len);
}

static void put_efi_setup(uint8_t *node, const struct sys_efi *efi)
{
	uint8_t *p = node + ZP_SD_HDR_SIZE;

	put_node(node, ZP_SETUP_EFI, sizeof(struct zp_efi_setup_data));
	zp_put64(p, offsetof(struct zp_efi_setup_data, fw_vendor),
		 efi->fw_vendor);
	zp_put64(p, offsetof(struct zp_efi_setup_data, runtime), efi->runtime);
	zp_put64(p, offsetof(struct zp_efi_setup_data, tables), efi->tables);
	zp_put64(p, offsetof(struct zp_efi_setup_data, smbios), efi->smbios);
}

/* Write the nodes present and chain them in buffer order, each next
 * pointer the physical address the node will have. */
static void set_setup_data(uint8_t *bp, const struct bootparams_input *in,
			   const struct bootparams_layout *lay,
			   uint64_t load_addr)
{
	size_t offs[3], n = 0, i;
	size_t link = ZP_OFF(hdr.setup_data);

	if (lay->e820_ext_off) {
		put_node(bp + lay->e820_ext_off, ZP_SETUP_E820_EXT,
			 lay->e820_ext_n * ZP_E820_ENTRY_SIZE);
		offs[n++] = lay->e820_ext_off;
	}
	if (lay->efi_setup_off) {
		put_efi_setup(bp + lay->efi_setup_off, in->efi);
		offs[n++] = lay->efi_setup_off;
	}
	if (lay->rng_off) {
		put_node(bp + lay->rng_off, ZP_SETUP_RNG_SEED,
			 BOOTPARAMS_RNG_SEED_SIZE);
		memcpy(bp + lay->rng_off + ZP_SD_HDR_SIZE, in->rng_seed,
		       BOOTPARAMS_RNG_SEED_SIZE);
		offs[n++] = lay->rng_off;
	}
	for (i = 0; i < n; i++) {
		zp_put64(bp, link, load_addr + offs[i]);
		link = offs[i] + offsetof(struct zp_setup_data, next);
	}
}

int bootparams_build(kx_ctx *ctx, const struct bootparams_input *in,
		     uint64_t load_addr, void *buf, size_t size)
{
	struct bootparams_layout lay;
	uint8_t *bp = buf;
	int rc;

	rc = bootparams_layout(ctx, in, &lay);
	if (rc)
		return rc;
	if (size != lay.size)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: buffer is %zu bytes, the layout "
			       "needs %zu",
			       size, lay.size);
	rc = check_placement(ctx, in, load_addr, size);
	if (!rc)
		rc = check_initrd(ctx, in);
	if (rc)
		return rc;
	memset(bp, 0, size);
	copy_header(bp, in);
	set_loader(bp);
	set_cmdline(bp, in, &lay, load_addr);
	set_initrd(bp, in);
	set_e820(bp, in, &lay);
	if (in->running)
		carry_running(bp, in->running);
	set_mem_k(bp, in->memmap);
	zp_put64(bp, ZP_OFF(acpi_rsdp_addr), in->acpi_rsdp);
	if (lay.efi_reason == KX_REASON_NONE)
		set_efi_info(bp, in, &lay, load_addr);
	set_setup_data(bp, in, &lay, load_addr);
	return 0;
}
