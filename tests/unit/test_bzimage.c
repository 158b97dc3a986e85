/* The bzImage setup-header parser: synthetic images built here, malformed
 * variants of them, a real Debian header (fixture) and, when one is on the
 * machine, a whole real kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/file.h"
#include "format/bzimage.h"
#include "format/image.h"
#include "helpers.h"

#define SETUP_SECTS    3
#define SETUP_SIZE     ((SETUP_SECTS + 1) * 512)
#define KERNEL_SIZE    4096
#define IMG_SIZE       (SETUP_SIZE + KERNEL_SIZE)
#define VERSION_STR    "6.1.0-synthetic (kx@test) #1 SMP"
#define HEADER_FIXTURE "tests/fixtures/format/debian-6.1-amd64-header.bin"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* A minimal valid bzImage: boot protocol 2.15, 64-bit, relocatable, with
 * SETUP_SECTS setup sectors and KERNEL_SIZE bytes of "kernel". */
static uint8_t *make_bzimage(void)
{
	uint8_t *img = calloc(1, IMG_SIZE);

	assert_non_null(img);
	img[0x1f1] = SETUP_SECTS;
	put32(img + 0x1f4, KERNEL_SIZE / 16);
	put16(img + 0x1fe, 0xaa55);
	img[0x200] = 0xeb; /* jmp over the header, which ends at 0x26c */
	img[0x201] = 0x6a;
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x020f);
	put16(img + 0x20e, 0x300); /* version string at 0x500 */
	memcpy(img + 0x500, VERSION_STR, sizeof(VERSION_STR));
	img[0x211] = 0x01; /* LOADED_HIGH */
	put32(img + 0x230, 0x200000);
	img[0x234] = 1;
	img[0x235] = 21;
	put16(img + 0x236, KX_XLF_KERNEL_64 | KX_XLF_CAN_BE_LOADED_ABOVE_4G |
			       KX_XLF_EFI_HANDOVER_64 | KX_XLF_EFI_KEXEC);
	put32(img + 0x238, 2047);
	put64(img + 0x258, 0x1000000);
	put32(img + 0x260, 0x2000000);
	put32(img + 0x264, 0x190);
	return img;
}

/* Parse DATA as "vmlinuz"; the message is copied to MSG. */
static int parse(const uint8_t *data, size_t size, struct kx_bzimage_info *info,
		 char *msg, size_t msglen)
{
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	assert_non_null(ctx);
	rc = kx_bzimage_parse(ctx, "vmlinuz", data, size, info);
	snprintf(msg, msglen, "%s", kx_ctx_message(ctx));
	kx_ctx_free(ctx);
	return rc;
}

/* Parse and expect failure RC with exactly MESSAGE. */
static void expect_refusal(const uint8_t *data, size_t size, int rc,
			   const char *message)
{
	struct kx_bzimage_info info;
	char msg[KX_MSG_MAX];

	assert_int_equal(parse(data, size, &info, msg, sizeof(msg)), rc);
	assert_string_equal(msg, message);
}

static void test_synthetic_fields(void **state)
{
	uint8_t *img = make_bzimage();
	struct kx_bzimage_info info;
	char msg[KX_MSG_MAX];

	(void)state;
	assert_int_equal(parse(img, IMG_SIZE, &info, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
	assert_int_equal(info.protocol, 0x020f);
	assert_int_equal(info.setup_sects, SETUP_SECTS);
	assert_int_equal(info.setup_size, SETUP_SIZE);
	assert_int_equal(info.payload_offset, SETUP_SIZE);
	assert_int_equal(info.payload_size, KERNEL_SIZE);
	assert_int_equal(info.loadflags, 1);
	assert_int_equal(info.xloadflags, 0x1b);
	assert_int_equal(info.relocatable, 1);
	assert_int_equal(info.min_alignment, 21);
	assert_int_equal(info.kernel_alignment, 0x200000);
	assert_int_equal(info.cmdline_size, 2047);
	assert_int_equal(info.pref_address, 0x1000000);
	assert_int_equal(info.init_size, 0x2000000);
	assert_int_equal(info.handover_offset, 0x190);
	assert_string_equal(info.version, VERSION_STR);
	assert_int_equal(bzimage_header_end(img), 0x26c);
	free(img);
}

static void test_probe(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	assert_true(bzimage_probe(img, IMG_SIZE));
	assert_true(bzimage_probe(img, 0x206));
	assert_false(bzimage_probe(img, 0x205));
	assert_false(bzimage_probe(img, 0));
	img[0x1fe] = 0;
	assert_false(bzimage_probe(img, IMG_SIZE));
	img[0x1fe] = 0x55;
	img[0x205] = 's';
	assert_false(bzimage_probe(img, IMG_SIZE));
	free(img);
}

static void test_signatures(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	/* With HdrS there, a missing boot flag is damage to a bzImage. */
	img[0x1ff] = 0;
	expect_refusal(img, IMG_SIZE, -ENOEXEC,
		       "vmlinuz: a damaged bzImage (a HdrS header at 0x202, "
		       "but the boot flag at 0x1fe is 0x0055, not 0xAA55)");
	img[0x202] = 'h';
	expect_refusal(img, IMG_SIZE, -ENOEXEC,
		       "vmlinuz: not a bzImage (no boot sector signature "
		       "0xAA55 at 0x1fe)");
	img[0x1ff] = 0xaa;
	expect_refusal(img, IMG_SIZE, -ENOEXEC,
		       "vmlinuz: not a bzImage (no HdrS signature at 0x202)");
	free(img);
}

/* Cut the image at every length: each must be refused, and the reason
 * must change at the boundaries of the parts the parser checks. */
static void test_truncated_everywhere(void **state)
{
	uint8_t *img = make_bzimage();
	struct kx_bzimage_info info;
	char msg[KX_MSG_MAX];
	size_t n;

	(void)state;
	for (n = 0; n < IMG_SIZE; n++) {
		int rc = parse(img, n, &info, msg, sizeof(msg));

		assert_true(rc == -ENOEXEC || rc == -EINVAL);
		assert_true(strncmp(msg, "vmlinuz: ", 9) == 0);
		assert_null(strchr(msg, '\n'));
	}
	expect_refusal(img, 0x205, -ENOEXEC,
		       "vmlinuz: not a bzImage (only 517 bytes, too short for "
		       "a setup header)");
	expect_refusal(img, 0x207, -EINVAL,
		       "vmlinuz: truncated: the file ends at 519 bytes, inside "
		       "the setup header");
	expect_refusal(img, 0x26b, -EINVAL,
		       "vmlinuz: truncated: setup header ends at 0x26c, file "
		       "has 619 bytes");
	expect_refusal(img, SETUP_SIZE - 1, -EINVAL,
		       "vmlinuz: truncated: setup is 2048 bytes (3 sectors and "
		       "the boot sector), file has 2047");
	expect_refusal(img, SETUP_SIZE, -EINVAL,
		       "vmlinuz: truncated: header says 4096 bytes of kernel, "
		       "file has 0 after the 2048-byte setup");
	expect_refusal(img, IMG_SIZE - 1, -EINVAL,
		       "vmlinuz: truncated: header says 4096 bytes of kernel, "
		       "file has 4095 after the 2048-byte setup");
	free(img);
}

/* Signed kernels carry their signature after the kernel. */
static void test_trailing_bytes_accepted(void **state)
{
	uint8_t *img = make_bzimage(), *big = calloc(1, IMG_SIZE + 1472);
	struct kx_bzimage_info info;
	char msg[KX_MSG_MAX];

	(void)state;
	assert_non_null(big);
	memcpy(big, img, IMG_SIZE);
	assert_int_equal(parse(big, IMG_SIZE + 1472, &info, msg, sizeof(msg)),
			 0);
	assert_int_equal(info.payload_size, KERNEL_SIZE);
	free(big);
	free(img);
}

static void test_setup_sects_overflow(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	img[0x1f1] = 255;
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: truncated: setup is 131072 bytes (255 sectors "
		       "and the boot sector), file has 6144");
	free(img);
}

/* boot.rst: setup_sects 0 means 4. */
static void test_setup_sects_zero_means_four(void **state)
{
	uint8_t *img = make_bzimage();
	struct kx_bzimage_info info;
	char msg[KX_MSG_MAX];

	(void)state;
	img[0x1f1] = 0;
	put32(img + 0x1f4, (IMG_SIZE - 5 * 512) / 16);
	assert_int_equal(parse(img, IMG_SIZE, &info, msg, sizeof(msg)), 0);
	assert_int_equal(info.setup_size, 2560);
	assert_int_equal(info.payload_offset, 2560);
	assert_int_equal(info.payload_size, IMG_SIZE - 2560);
	free(img);
}

static void test_syssize_beyond_file(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	put32(img + 0x1f4, 9437184 / 16);
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: truncated: header says 9437184 bytes of "
		       "kernel, file has 4096 after the 2048-byte setup");
	/* The largest syssize must not wrap around. */
	put32(img + 0x1f4, 0xffffffff);
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: truncated: header says 68719476720 bytes of "
		       "kernel, file has 4096 after the 2048-byte setup");
	put32(img + 0x1f4, 0);
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: no protected-mode kernel (syssize at 0x1f4 "
		       "is 0)");
	free(img);
}

static void test_protocol_too_old(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	put16(img + 0x206, 0x020b);
	expect_refusal(img, IMG_SIZE, -ENOEXEC,
		       "vmlinuz: boot protocol 2.11 is too old: 64-bit entry "
		       "needs 2.12 or later");
	put16(img + 0x206, 0x0206);
	expect_refusal(img, IMG_SIZE, -ENOEXEC,
		       "vmlinuz: boot protocol 2.06 is too old: 64-bit entry "
		       "needs 2.12 or later");
	put16(img + 0x206, 0x0105);
	expect_refusal(img, IMG_SIZE, -ENOEXEC,
		       "vmlinuz: not a bzImage (boot protocol 1.05)");
	free(img);
}

static void test_32bit_only(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	put16(img + 0x236, KX_XLF_EFI_HANDOVER_32);
	expect_refusal(img, IMG_SIZE, -ENOEXEC,
		       "vmlinuz: not a 64-bit kernel (xloadflags lacks "
		       "XLF_KERNEL_64)");
	free(img);
}

static void test_zimage(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	img[0x211] = 0;
	expect_refusal(img, IMG_SIZE, -ENOEXEC,
		       "vmlinuz: a zImage loaded low, not a bzImage (loadflags "
		       "lacks LOADED_HIGH)");
	free(img);
}

/* The jump at 0x200 bounds the header; it must cover the fields its
 * protocol has. */
static void test_header_too_short(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	img[0x201] = 0x40;
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: setup header ends at 0x242, too short for "
		       "boot protocol 2.15");
	free(img);
}

static void test_layout_fields(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	put32(img + 0x230, 0x300000);
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: kernel_alignment 0x300000 is not a power of "
		       "two");
	put32(img + 0x230, 0);
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: kernel_alignment 0x0 is not a power of two");
	put32(img + 0x230, 0x200000);
	img[0x235] = 40;
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: min_alignment 40 is out of range (2^31 at "
		       "most)");
	img[0x235] = 21;
	put32(img + 0x260, 4095);
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: init_size 0xfff is smaller than the 4096-byte "
		       "kernel");
	put32(img + 0x260, 0x2000000);
	put32(img + 0x264, 0xe00);
	expect_refusal(img, IMG_SIZE, -EINVAL,
		       "vmlinuz: EFI handover entry 0xe00 lies outside the "
		       "4096-byte kernel");
	/* Without the handover flag the offset is not used. */
	put16(img + 0x236, KX_XLF_KERNEL_64);
	expect_refusal(img, IMG_SIZE, 0, "");
	free(img);
}

static const char *parsed_version(uint8_t *img)
{
	static struct kx_bzimage_info info;
	char msg[KX_MSG_MAX];

	assert_int_equal(parse(img, IMG_SIZE, &info, msg, sizeof(msg)), 0);
	return info.version;
}

/* A bad version pointer leaves the version empty: the kernel never reads
 * it, so it is no reason to refuse. */
static void test_version_pointer(void **state)
{
	uint8_t *img = make_bzimage();

	(void)state;
	put16(img + 0x20e, 0);
	assert_string_equal(parsed_version(img), "");
	put16(img + 0x20e, SETUP_SIZE - 0x200); /* first byte after setup */
	assert_string_equal(parsed_version(img), "");
	put16(img + 0x20e, 0xffff);
	assert_string_equal(parsed_version(img), "");
	put16(img + 0x20e, 0x300);
	img[0x505] = 0x07;
	assert_string_equal(parsed_version(img), "");
	free(img);
}

/* An unterminated string is cut at the end of the setup area or at the
 * size of the field, whichever comes first. */
static void test_version_bounded(void **state)
{
	uint8_t *img = make_bzimage();
	const char *v;

	(void)state;
	put16(img + 0x20e, SETUP_SIZE - 0x200 - 5);
	memcpy(img + SETUP_SIZE - 5, "abcdeXYZ", 8);
	assert_string_equal(parsed_version(img), "abcde");
	put16(img + 0x20e, 0x300);
	memset(img + 0x500, 'v', 300);
	v = parsed_version(img);
	assert_int_equal(strlen(v), 127);
	assert_int_equal(v[126], 'v');
	free(img);
}

static void test_cmdline_limit(void **state)
{
	struct kx_bzimage_info info = {.cmdline_size = 2047};
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	assert_int_equal(bzimage_check_cmdline(ctx, "vmlinuz", &info, 0), 0);
	assert_int_equal(bzimage_check_cmdline(ctx, "vmlinuz", &info, 2047), 0);
	assert_int_equal(bzimage_check_cmdline(ctx, "vmlinuz", &info, 2048),
			 -EINVAL);
	assert_int_equal(bzimage_check_cmdline(ctx, "vmlinuz", &info, 3000),
			 -EINVAL);
	assert_string_equal(kx_ctx_message(ctx),
			    "vmlinuz: command line is 3000 bytes, the kernel "
			    "accepts at most 2047");
	kx_ctx_free(ctx);
}

static const char *srcdir(void)
{
	const char *dir = getenv("LIBKEXEC_SRCDIR");

	return dir && *dir ? dir : ".";
}

static FILE *open_fixture(const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", srcdir(), rel);
	return fopen(path, "rb");
}

/* The first KiB of Debian's 6.1 kernel, padded to the size its header
 * gives: real field values without downloading a kernel. */
static void test_debian_header_fixture(void **state)
{
	const size_t size = 20480 + 8225280;
	uint8_t *img = calloc(1, size);
	FILE *f = open_fixture(HEADER_FIXTURE);
	struct kx_bzimage_info info;
	char msg[KX_MSG_MAX];

	(void)state;
	assert_non_null(img);
	assert_non_null(f);
	assert_int_equal(fread(img, 1, 1024, f), 1024);
	fclose(f);
	assert_int_equal(parse(img, size, &info, msg, sizeof(msg)), 0);
	assert_int_equal(info.protocol, 0x020f);
	assert_int_equal(info.setup_sects, 39);
	assert_int_equal(info.setup_size, 20480);
	assert_int_equal(info.payload_size, 8225280);
	assert_int_equal(info.xloadflags, 0x7f);
	assert_int_equal(info.cmdline_size, 2047);
	assert_int_equal(info.kernel_alignment, 0x200000);
	assert_int_equal(info.min_alignment, 21);
	assert_int_equal(info.pref_address, 0x1000000);
	assert_int_equal(info.init_size, 0x3f98000);
	assert_int_equal(info.handover_offset, 0x7c8db0);
	assert_int_equal(bzimage_header_end(img), 0x26c);
	assert_int_equal(parse(img, size - 1, &info, msg, sizeof(msg)),
			 -EINVAL);
	free(img);
}

/* Debian's kernel (the test cache, fetched when missing). */
static void check_real_kernel(const char *path, const struct kx_buf *buf)
{
	const char *base = strrchr(path, '/');
	struct kx_bzimage_info info;
	char msg[KX_MSG_MAX];

	assert_int_equal(parse(buf->data, buf->size, &info, msg, sizeof(msg)),
			 0);
	assert_true(info.protocol >= 0x020c);
	assert_true(info.xloadflags & KX_XLF_KERNEL_64);
	assert_true(info.payload_offset + info.payload_size <= buf->size);
	assert_true(info.init_size >= info.payload_size);
	assert_true(info.cmdline_size >= 255);
	/* vmlinuz-6.1.0-56-amd64 says "6.1.0-56-amd64 (debian-kernel@...". */
	base = base ? base + 1 : path;
	if (strncmp(base, "vmlinuz-", 8) == 0)
		assert_true(strncmp(info.version, base + 8, strlen(base + 8)) ==
			    0);
	assert_int_equal(
	    parse(buf->data,
		  (size_t)(info.payload_offset + info.payload_size - 1), &info,
		  msg, sizeof(msg)),
	    -EINVAL);
}

static void test_real_kernel(void **state)
{
	char *path = th_fixture(TH_FIXTURE_KERNEL);
	struct kx_buf buf;
	kx_ctx *ctx;

	(void)state;
	ctx = kx_ctx_new();
	assert_int_equal(kx_read_file(ctx, path, &buf), 0);
	check_real_kernel(path, &buf);
	kx_buf_free(&buf);
	kx_ctx_free(ctx);
	free(path);
}

static void test_type_names(void **state)
{
	static const struct {
		const char *name;
		enum kx_image_type type;
	} cases[] = {
	    {"bzImage64", KX_IMAGE_BZIMAGE},
	    {"bzImage", KX_IMAGE_BZIMAGE},
	    {"BZIMAGE", KX_IMAGE_BZIMAGE},
	    {"elf-x86_64", KX_IMAGE_ELF},
	    {"elf", KX_IMAGE_ELF},
	    {"multiboot-x86", KX_IMAGE_MULTIBOOT1},
	    {"Multiboot", KX_IMAGE_MULTIBOOT1},
	    {"multiboot2", KX_IMAGE_MULTIBOOT2},
	    {"uki", KX_IMAGE_UKI},
	};
	enum kx_image_type t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = KX_IMAGE_UNKNOWN;
		assert_int_equal(kx_image_type_from_name(cases[i].name, &t), 0);
		assert_int_equal(t, cases[i].type);
	}
	t = KX_IMAGE_UKI;
	assert_int_equal(kx_image_type_from_name("zImage", &t), -EINVAL);
	assert_int_equal(kx_image_type_from_name("", &t), -EINVAL);
	assert_int_equal(kx_image_type_from_name(NULL, &t), -EINVAL);
	assert_int_equal(t, KX_IMAGE_UKI);
	/* Every name we print is one we accept back. */
	for (t = KX_IMAGE_BZIMAGE; t <= KX_IMAGE_UKI; t++) {
		enum kx_image_type back;

		assert_int_equal(
		    kx_image_type_from_name(kx_image_type_name(t), &back), 0);
		assert_int_equal(back, t);
	}
	assert_string_equal(kx_image_type_name(KX_IMAGE_UNKNOWN), "unknown");
	assert_string_equal(kx_compression_name(KX_COMP_NONE), "none");
	assert_string_equal(kx_compression_name(KX_COMP_GZIP), "gzip");
	assert_string_equal(kx_compression_name(KX_COMP_XZ), "xz");
	assert_string_equal(kx_compression_name(KX_COMP_ZSTD), "zstd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_synthetic_fields),
	    cmocka_unit_test(test_probe),
	    cmocka_unit_test(test_signatures),
	    cmocka_unit_test(test_truncated_everywhere),
	    cmocka_unit_test(test_trailing_bytes_accepted),
	    cmocka_unit_test(test_setup_sects_overflow),
	    cmocka_unit_test(test_setup_sects_zero_means_four),
	    cmocka_unit_test(test_syssize_beyond_file),
	    cmocka_unit_test(test_protocol_too_old),
	    cmocka_unit_test(test_32bit_only),
	    cmocka_unit_test(test_zimage),
	    cmocka_unit_test(test_header_too_short),
	    cmocka_unit_test(test_layout_fields),
	    cmocka_unit_test(test_version_pointer),
	    cmocka_unit_test(test_version_bounded),
	    cmocka_unit_test(test_cmdline_limit),
	    cmocka_unit_test(test_debian_header_fixture),
	    cmocka_unit_test(test_real_kernel),
	    cmocka_unit_test(test_type_names),
	};

	return th_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
