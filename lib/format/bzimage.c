#include "format/bzimage.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "core/bytes.h"

/* The file is untrusted and may end anywhere: every read below is preceded
 * by a check that the field lies inside the file, and the setup header is
 * read only after its extent has been checked against both the file and
 * the protocol version it claims. */

static unsigned proto_major(uint16_t protocol)
{
	return protocol >> 8;
}

static unsigned proto_minor(uint16_t protocol)
{
	return protocol & 0xff;
}

bool bzimage_probe(const void *data, size_t size)
{
	const uint8_t *d = data;

	return size >= KX_BZ_HEADER + 4 &&
	       get_le16(d + KX_BZ_BOOT_FLAG) == KX_BZ_BOOT_FLAG_MAGIC &&
	       memcmp(d + KX_BZ_HEADER, "HdrS", 4) == 0;
}

bool bzimage_signature_any(const void *data, size_t size)
{
	const uint8_t *d = data;

	return size >= KX_BZ_HEADER + 4 &&
	       (get_le16(d + KX_BZ_BOOT_FLAG) == KX_BZ_BOOT_FLAG_MAGIC ||
		memcmp(d + KX_BZ_HEADER, "HdrS", 4) == 0);
}

size_t bzimage_header_end(const void *data)
{
	const uint8_t *d = data;

	/* The jump over the header is a short jmp; its displacement is the
	 * header's length counted from 0x202. */
	return KX_BZ_HEADER + (size_t)d[KX_BZ_JUMP + 1];
}

static int check_signatures(kx_ctx *ctx, const char *name, const uint8_t *d,
			    size_t size)
{
	if (size < KX_BZ_HEADER + 4)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: not a bzImage (only %zu bytes, too short "
			       "for a setup header)",
			       name, size);
	if (get_le16(d + KX_BZ_BOOT_FLAG) != KX_BZ_BOOT_FLAG_MAGIC &&
	    memcmp(d + KX_BZ_HEADER, "HdrS", 4) == 0)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: a damaged bzImage (a HdrS header at 0x202, "
			       "but the boot flag at 0x1fe is 0x%04x, not "
			       "0xAA55)",
			       name, get_le16(d + KX_BZ_BOOT_FLAG));
	if (get_le16(d + KX_BZ_BOOT_FLAG) != KX_BZ_BOOT_FLAG_MAGIC)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: not a bzImage (no boot sector signature "
			       "0xAA55 at 0x1fe)",
			       name);
	if (memcmp(d + KX_BZ_HEADER, "HdrS", 4) != 0)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: not a bzImage (no HdrS signature at 0x202)",
			       name);
	return 0;
}

/* Where the last field this parser reads for PROTOCOL ends. */
static size_t fields_end(uint16_t protocol)
{
	if (protocol >= 0x020b)
		return KX_BZ_HANDOVER_OFFSET + 4;
	if (protocol >= 0x020a)
		return KX_BZ_INIT_SIZE + 4;
	if (protocol >= 0x0206)
		return KX_BZ_CMDLINE_SIZE + 4;
	return KX_BZ_RELOCATABLE + 1;
}

static int check_header_extent(kx_ctx *ctx, const char *name, const uint8_t *d,
			       size_t size)
{
	size_t end;
	uint16_t protocol;

	if (size < KX_BZ_VERSION + 2)
		return kx_fail(ctx, -EINVAL,
			       "%s: truncated: the file ends at %zu bytes, "
			       "inside the setup header",
			       name, size);
	protocol = get_le16(d + KX_BZ_VERSION);
	if (protocol < 0x0200)
		return kx_fail(
		    ctx, -ENOEXEC, "%s: not a bzImage (boot protocol %u.%02u)",
		    name, proto_major(protocol), proto_minor(protocol));
	end = bzimage_header_end(d);
	if (end < fields_end(protocol))
		return kx_fail(ctx, -EINVAL,
			       "%s: setup header ends at 0x%zx, too short for "
			       "boot protocol %u.%02u",
			       name, end, proto_major(protocol),
			       proto_minor(protocol));
	if (end > size)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: truncated: setup header ends at 0x%zx, file "
		    "has %zu bytes",
		    name, end, size);
	return 0;
}

/* Fields older protocols lack keep the values boot.rst says to assume. */
static void read_fields(const uint8_t *d, struct kx_bzimage_info *info)
{
	uint16_t p = get_le16(d + KX_BZ_VERSION);

	info->protocol = p;
	info->setup_sects = d[KX_BZ_SETUP_SECTS];
	info->loadflags = d[KX_BZ_LOADFLAGS];
	info->kernel_alignment =
	    p >= 0x0205 ? get_le32(d + KX_BZ_KERNEL_ALIGN) : 0;
	info->relocatable = p >= 0x0205 ? d[KX_BZ_RELOCATABLE] : 0;
	info->min_alignment = p >= 0x020a ? d[KX_BZ_MIN_ALIGNMENT] : 0;
	info->xloadflags = p >= 0x020c ? get_le16(d + KX_BZ_XLOADFLAGS) : 0;
	info->cmdline_size =
	    p >= 0x0206 ? get_le32(d + KX_BZ_CMDLINE_SIZE) : 255;
	info->pref_address = p >= 0x020a ? get_le64(d + KX_BZ_PREF_ADDRESS) : 0;
	info->init_size = p >= 0x020a ? get_le32(d + KX_BZ_INIT_SIZE) : 0;
	info->handover_offset =
	    p >= 0x020b ? get_le32(d + KX_BZ_HANDOVER_OFFSET) : 0;
	/* setup_sects 0 is a relic meaning 4. */
	info->setup_size =
	    ((uint32_t)(info->setup_sects ? info->setup_sects : 4) + 1) *
	    KX_BZ_SECTOR;
	info->payload_offset = info->setup_size;
	/* syssize was 16 bits wide before 2.04; 16-byte units. */
	info->payload_size =
	    (uint64_t)(p >= 0x0204 ? get_le32(d + KX_BZ_SYSSIZE)
				   : get_le16(d + KX_BZ_SYSSIZE)) *
	    16;
}

static int check_extent(kx_ctx *ctx, const char *name,
			const struct kx_bzimage_info *info, size_t size)
{
	if (info->setup_size > size)
		return kx_fail(ctx, -EINVAL,
			       "%s: truncated: setup is %" PRIu32
			       " bytes (%u sectors and the boot sector), file "
			       "has %zu",
			       name, info->setup_size,
			       info->setup_size / KX_BZ_SECTOR - 1, size);
	if (info->payload_size == 0)
		return kx_fail(ctx, -EINVAL,
			       "%s: no protected-mode kernel (syssize at 0x1f4 "
			       "is 0)",
			       name);
	/* Both terms fit easily in 64 bits (at most 2^17 and 2^36). */
	if (info->payload_offset + info->payload_size > size)
		return kx_fail(ctx, -EINVAL,
			       "%s: truncated: header says %" PRIu64
			       " bytes of kernel, file has %zu after the "
			       "%" PRIu32 "-byte setup",
			       name, info->payload_size,
			       size - (size_t)info->payload_offset,
			       info->setup_size);
	return 0;
}

static int check_64bit_entry(kx_ctx *ctx, const char *name,
			     const struct kx_bzimage_info *info)
{
	if (!(info->loadflags & KX_BZ_LOADED_HIGH))
		return kx_fail(ctx, -ENOEXEC,
			       "%s: a zImage loaded low, not a bzImage "
			       "(loadflags lacks LOADED_HIGH)",
			       name);
	if (info->protocol < KX_BZ_MIN_PROTOCOL_64)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: boot protocol %u.%02u is too old: 64-bit "
			       "entry needs 2.12 or later",
			       name, proto_major(info->protocol),
			       proto_minor(info->protocol));
	if (!(info->xloadflags & KX_XLF_KERNEL_64))
		return kx_fail(ctx, -ENOEXEC,
			       "%s: not a 64-bit kernel (xloadflags lacks "
			       "XLF_KERNEL_64)",
			       name);
	return 0;
}

static bool is_power_of_two(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* The placement planner divides by and shifts with these, and the kernel
 * refuses an image whose memory size is below its file size; catch bad
 * values here, with the file's name, rather than as odd failures later. */
static int check_layout(kx_ctx *ctx, const char *name,
			const struct kx_bzimage_info *info)
{
	if (info->relocatable && !is_power_of_two(info->kernel_alignment))
		return kx_fail(ctx, -EINVAL,
			       "%s: kernel_alignment 0x%" PRIx32
			       " is not a power of two",
			       name, info->kernel_alignment);
	if (info->min_alignment > 31)
		return kx_fail(ctx, -EINVAL,
			       "%s: min_alignment %u is out of range (2^31 at "
			       "most)",
			       name, info->min_alignment);
	if (info->init_size < info->payload_size)
		return kx_fail(ctx, -EINVAL,
			       "%s: init_size 0x%" PRIx32
			       " is smaller than the %" PRIu64 "-byte kernel",
			       name, info->init_size, info->payload_size);
	if ((info->xloadflags & KX_XLF_EFI_HANDOVER_64) &&
	    (uint64_t)info->handover_offset + KX_BZ_ENTRY64_OFFSET >=
		info->payload_size)
		return kx_fail(ctx, -EINVAL,
			       "%s: EFI handover entry 0x%" PRIx32
			       " lies outside the %" PRIu64 "-byte kernel",
			       name, info->handover_offset, info->payload_size);
	return 0;
}

static bool is_printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

/* The version string is a courtesy for humans; the kernel never reads it,
 * so a bad pointer or odd bytes leave the version empty instead of
 * refusing a kernel that would boot. */
static void read_version(const uint8_t *d, struct kx_bzimage_info *info)
{
	uint16_t ptr = get_le16(d + KX_BZ_KERNEL_VERSION);
	size_t off = (size_t)ptr + 0x200, n = 0;

	info->version[0] = '\0';
	if (ptr == 0 || off >= info->setup_size)
		return;
	while (n < sizeof(info->version) - 1 && off + n < info->setup_size &&
	       d[off + n] != '\0') {
		if (!is_printable(d[off + n])) {
			info->version[0] = '\0';
			return;
		}
		info->version[n] = (char)d[off + n];
		n++;
	}
	info->version[n] = '\0';
}

int kx_bzimage_parse(kx_ctx *ctx, const char *name, const void *data,
		     size_t size, struct kx_bzimage_info *info)
{
	const uint8_t *d = data;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = check_signatures(ctx, name, d, size);
	if (!rc)
		rc = check_header_extent(ctx, name, d, size);
	if (rc)
		return rc;
	read_fields(d, info);
	rc = check_extent(ctx, name, info, size);
	if (!rc)
		rc = check_64bit_entry(ctx, name, info);
	if (!rc)
		rc = check_layout(ctx, name, info);
	if (rc)
		return rc;
	read_version(d, info);
	return 0;
}

int bzimage_check_cmdline(kx_ctx *ctx, const char *name,
			  const struct kx_bzimage_info *info,
			  size_t cmdline_len)
{
	if (cmdline_len > info->cmdline_size)
		return kx_fail(ctx, -EINVAL,
			       "%s: command line is %zu bytes, the kernel "
			       "accepts at most %" PRIu32,
			       name, cmdline_len, info->cmdline_size);
	return 0;
}
