/* Reading back a built boot_params buffer: what the dry run shows and
 * what the tests check. */
#include "arch/x86_64/bootparams_decode.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "arch/x86_64/zeropage.h"

/* Setup_data nodes a decoded buffer may hold before we call it a loop. */
#define DECODE_NODES_MAX 64u

static int add_e820(kx_ctx *ctx, struct kx_ranges *e820, const uint8_t *p)
{
	uint64_t addr = zp_get64(p, offsetof(struct zp_e820_entry, addr));
	uint64_t len = zp_get64(p, offsetof(struct zp_e820_entry, size));

	if (addr > UINT64_MAX - len)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: e820 entry at 0x%" PRIx64
			       " wraps around the address space",
			       addr);
	if (!e820)
		return 0;
	return ranges_add(ctx, e820, addr, addr + len,
			  zp_get32(p, offsetof(struct zp_e820_entry, type)));
}

static int decode_e820_table(kx_ctx *ctx, const uint8_t *bp,
			     struct bootparams_summary *out,
			     struct kx_ranges *e820)
{
	size_t i, n = bp[ZP_OFF(e820_entries)];
	int rc;

	if (n > ZP_E820_MAX)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: e820_entries is %zu, at most %u "
			       "fit",
			       n, ZP_E820_MAX);
	for (i = 0; i < n; i++) {
		rc = add_e820(ctx, e820,
			      bp + ZP_OFF(e820_table) + i * ZP_E820_ENTRY_SIZE);
		if (rc)
			return rc;
	}
	out->e820_n = n;
	return 0;
}

static int decode_e820_ext(kx_ctx *ctx, const uint8_t *data, uint32_t len,
			   struct bootparams_summary *out,
			   struct kx_ranges *e820)
{
	size_t i;
	int rc;

	if (len % ZP_E820_ENTRY_SIZE)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: SETUP_E820_EXT is %" PRIu32
			       " bytes, not a whole number of entries",
			       len);
	for (i = 0; i < len / ZP_E820_ENTRY_SIZE; i++) {
		rc = add_e820(ctx, e820, data + i * ZP_E820_ENTRY_SIZE);
		if (rc)
			return rc;
	}
	out->e820_n += len / ZP_E820_ENTRY_SIZE;
	return 0;
}

/* Offset in the buffer of a node at physical ADDR, or an error when the
 * node (header and payload) is not wholly inside it. */
static int node_offset(kx_ctx *ctx, const uint8_t *bp, size_t size,
		       uint64_t load_addr, uint64_t addr, size_t *off)
{
	uint64_t rel = addr - load_addr;

	if (addr < load_addr || rel > size || size - rel < ZP_SD_HDR_SIZE)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: setup_data node at 0x%" PRIx64
			       " lies outside the buffer",
			       addr);
	if (zp_get32(bp, rel + offsetof(struct zp_setup_data, len)) >
	    size - rel - ZP_SD_HDR_SIZE)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: setup_data node at 0x%" PRIx64
			       " runs past the buffer",
			       addr);
	*off = (size_t)rel;
	return 0;
}

static int decode_node(kx_ctx *ctx, const uint8_t *node,
		       struct bootparams_summary *out, struct kx_ranges *e820)
{
	uint32_t type = zp_get32(node, offsetof(struct zp_setup_data, type));
	uint32_t len = zp_get32(node, offsetof(struct zp_setup_data, len));

	if (type == ZP_SETUP_E820_EXT)
		return decode_e820_ext(ctx, node + ZP_SD_HDR_SIZE, len, out,
				       e820);
	if (type == ZP_SETUP_EFI && len >= sizeof(struct zp_efi_setup_data))
		out->efi = true;
	if (type == ZP_SETUP_RNG_SEED && len > 0)
		out->rng_seed = true;
	return 0;
}

static int decode_setup_data(kx_ctx *ctx, const uint8_t *bp, size_t size,
			     uint64_t load_addr, struct bootparams_summary *out,
			     struct kx_ranges *e820)
{
	uint64_t addr = zp_get64(bp, ZP_OFF(hdr.setup_data));
	size_t off = 0;
	int rc;

	while (addr) {
		if (out->setup_data_n == DECODE_NODES_MAX)
			return kx_fail(ctx, -ELOOP,
				       "boot_params: more than %u setup_data "
				       "nodes (a loop?)",
				       DECODE_NODES_MAX);
		rc = node_offset(ctx, bp, size, load_addr, addr, &off);
		if (!rc)
			rc = decode_node(ctx, bp + off, out, e820);
		if (rc)
			return rc;
		out->setup_data_n++;
		addr = zp_get64(bp, off + offsetof(struct zp_setup_data, next));
	}
	return 0;
}

static void decode_cmdline(const uint8_t *bp, size_t size, uint64_t load_addr,
			   struct bootparams_summary *out)
{
	uint64_t rel;

	out->cmdline_addr = zp_get32(bp, ZP_OFF(hdr.cmd_line_ptr)) |
			    (uint64_t)zp_get32(bp, ZP_OFF(ext_cmd_line_ptr))
				<< 32;
	rel = out->cmdline_addr - load_addr;
	if (out->cmdline_addr < load_addr || rel >= size ||
	    !memchr(bp + rel, '\0', size - rel))
		return;
	out->cmdline = (const char *)bp + rel;
}

static void decode_fields(const uint8_t *bp, struct bootparams_summary *out)
{
	const size_t ei = ZP_OFF(efi_info);

	out->protocol = zp_get16(bp, ZP_OFF(hdr.version));
	out->type_of_loader = bp[ZP_OFF(hdr.type_of_loader)];
	out->loadflags = bp[ZP_OFF(hdr.loadflags)];
	out->initrd_addr = zp_get32(bp, ZP_OFF(hdr.ramdisk_image)) |
			   (uint64_t)zp_get32(bp, ZP_OFF(ext_ramdisk_image))
			       << 32;
	out->initrd_size = zp_get32(bp, ZP_OFF(hdr.ramdisk_size)) |
			   (uint64_t)zp_get32(bp, ZP_OFF(ext_ramdisk_size))
			       << 32;
	out->acpi_rsdp = zp_get64(bp, ZP_OFF(acpi_rsdp_addr));
	out->efi_systab =
	    zp_get32(bp, ei + offsetof(struct zp_efi_info, efi_systab)) |
	    (uint64_t)zp_get32(bp,
			       ei + offsetof(struct zp_efi_info, efi_systab_hi))
		<< 32;
	out->efi_memmap =
	    zp_get32(bp, ei + offsetof(struct zp_efi_info, efi_memmap)) |
	    (uint64_t)zp_get32(bp,
			       ei + offsetof(struct zp_efi_info, efi_memmap_hi))
		<< 32;
	out->efi_memmap_size =
	    zp_get32(bp, ei + offsetof(struct zp_efi_info, efi_memmap_size));
	out->efi_memdesc_size =
	    zp_get32(bp, ei + offsetof(struct zp_efi_info, efi_memdesc_size));
}

int bootparams_decode(kx_ctx *ctx, const void *buf, size_t size,
		      uint64_t load_addr, struct bootparams_summary *out,
		      struct kx_ranges *e820)
{
	const uint8_t *bp = buf;
	int rc;

	memset(out, 0, sizeof(*out));
	if (size < ZP_SIZE)
		return kx_fail(ctx, -EINVAL,
			       "boot_params: %zu bytes, a zero page needs %u",
			       size, ZP_SIZE);
	decode_fields(bp, out);
	decode_cmdline(bp, size, load_addr, out);
	rc = decode_e820_table(ctx, bp, out, e820);
	if (!rc)
		rc = decode_setup_data(ctx, bp, size, load_addr, out, e820);
	/* EFI counts only with both halves: a memory map and SETUP_EFI. */
	out->efi = out->efi && out->efi_memmap_size != 0;
	return rc;
}
