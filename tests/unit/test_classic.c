/* The kexec_load path end to end against captured sysfs trees and a fake
 * kernel: placement, segments, boot_params and the purgatory entry. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "segment/purgatory.h"
#include "segment/sha256.h"
#include "segment/xxh3.h"

#define IMG_SIZE (256 * 1024)
#define BIOS_ROOT "tests/fixtures/boot/bios-root"
#define EFI_ROOT "tests/fixtures/boot/efi-root"

struct fixture {
	char *tmp, *kernel, *initrd;
	uint8_t *image;
	kx_ctx *ctx;
	struct th_kernel k;
	kx_plan *plan;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char initrd[10000];

	f->tmp = th_mkdtemp();
	f->image = th_make_bzimage(IMG_SIZE, 0x020f, 0x7f);
	th_write(f->tmp, "vmlinuz", f->image, IMG_SIZE);
	memset(initrd, 'i', sizeof(initrd));
	th_write(f->tmp, "initrd", initrd, sizeof(initrd));
	f->kernel = th_path(f->tmp, "vmlinuz");
	f->initrd = th_path(f->tmp, "initrd");
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, BIOS_ROOT);
	th_kernel_init(&f->k, NULL);
	th_kernel_attach(f->ctx, &f->k);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kx_plan_free(f->plan);
	kx_ctx_free(f->ctx);
	th_rmtree(f->tmp);
	free(f->tmp);
	free(f->kernel);
	free(f->initrd);
	free(f->image);
	free(f);
	return 0;
}

static int plan(struct fixture *f, enum kx_syscall_mode mode, unsigned flags,
		uint64_t mem_min)
{
	kx_request *req = th_request(f->ctx, f->kernel, f->initrd,
				     "root=/dev/vda quiet", mode, flags);
	int rc = kx_request_set_mem_range(req, mem_min, 0);

	kx_plan_free(f->plan);
	f->plan = NULL;
	if (!rc)
		rc = kx_plan_create(f->ctx, req, &f->plan);
	kx_request_free(req);
	return rc;
}

/* A segment of the plan, as kexec_load will get it. */
struct seg {
	uint64_t mem, bufsz, memsz;
};

static struct seg seg_get(const kx_plan *p, size_t i)
{
	struct seg s = {
	    .mem = th_item_u64(p, KX_LIST_SEGMENTS, i, KX_KEY_MEM),
	    .bufsz = th_item_u64(p, KX_LIST_SEGMENTS, i, KX_KEY_BUFSZ),
	    .memsz = th_item_u64(p, KX_LIST_SEGMENTS, i, KX_KEY_MEMSZ),
	};

	return s;
}

/* The segment named NAME; fails the test when there is none. */
static struct seg find(const kx_plan *p, const char *name)
{
	size_t i = th_segment(p, name);

	if (i == TH_NONE)
		fail_msg("no segment \"%s\"", name);
	return seg_get(p, i);
}

/* RAM of the bios-root fixture. */
static bool in_ram(uint64_t start, uint64_t end)
{
	return (start >= 0x100000 && end <= 0x3ffe0000) ||
	       (end <= 0x9fc00);
}

static void test_layout(void **state)
{
	struct fixture *f = *state;
	const kx_plan *pl;
	struct seg k, p;
	uint64_t entry;
	size_t n;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	pl = f->plan;
	assert_true(th_classic(pl));
	n = kx_plan_count(pl, KX_LIST_SEGMENTS);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		struct seg s = seg_get(pl, i);

		assert_int_equal(s.mem % 4096, 0);
		assert_int_equal(s.memsz % 4096, 0);
		assert_true(s.bufsz <= s.memsz);
		assert_true(in_ram(s.mem, s.mem + s.memsz));
		assert_true(s.mem >= 0x100000);
		for (size_t j = 0; j < i; j++) {
			struct seg t = seg_get(pl, j);

			assert_true(s.mem + s.memsz <= t.mem ||
				    t.mem + t.memsz <= s.mem);
		}
	}
	k = find(pl, "kernel");
	/* pref_address was free, so the kernel need not relocate. */
	assert_int_equal(k.mem, 0x1000000);
	assert_int_equal(k.memsz, 0x2000000); /* init_size */
	assert_int_equal(k.bufsz, IMG_SIZE - 8192);
	assert_int_equal(th_u64(pl, KX_KEY_KERNEL_ADDR), k.mem);
	p = find(pl, "purgatory");
	entry = th_u64(pl, KX_KEY_ENTRY);
	assert_true(entry >= p.mem && entry < p.mem + p.memsz);
	assert_int_equal(th_u64(pl, KX_KEY_PURGATORY_ADDR), p.mem);
	assert_int_equal(th_u64(pl, KX_KEY_KERNEL_ENTRY), 0x1000200);
}

static void test_boot_params(void **state)
{
	struct fixture *f = *state;
	const kx_plan *pl;
	struct seg bp, rd;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	pl = f->plan;
	bp = find(pl, "boot_params");
	rd = find(pl, "initrd");
	assert_int_equal(th_u64(pl, KX_KEY_BOOT_PARAMS_ADDR), bp.mem);
	assert_int_equal(th_u64(pl, KX_KEY_CMDLINE_ADDR), bp.mem + 0x1000);
	/* Read back from the built boot_params. */
	assert_int_equal(th_u64(pl, KX_KEY_INITRD_ADDR), rd.mem);
	assert_int_equal(th_u64(pl, KX_KEY_INITRD_SIZE), 10000);
	assert_int_equal(rd.bufsz, 10000);
	/* High, but below 4 GiB, as every kernel can read it there. */
	assert_true(rd.mem + rd.memsz <= 0x3ffe0000);
	assert_true(rd.mem > 0x30000000);
	/* The fixture's 7 firmware entries, unchanged. */
	assert_int_equal(kx_plan_count(pl, KX_LIST_E820), 7);
	assert_int_equal(th_item_u64(pl, KX_LIST_E820, 3, KX_KEY_START),
			 0x100000);
	assert_int_equal(th_item_u64(pl, KX_LIST_E820, 3, KX_KEY_END),
			 0x3ffe0000);
	assert_int_equal(th_item_u64(pl, KX_LIST_E820, 3, KX_KEY_TYPE), 1);
	assert_int_equal(th_u64(pl, KX_KEY_MEMMAP_SOURCE),
			 KX_SOURCE_SYSFS_MEMMAP);
	/* The SeaBIOS capture passes the RSDP in its boot_params. */
	assert_true(th_u64(pl, KX_KEY_ACPI_RSDP) != 0);
	assert_int_equal(th_u64(pl, KX_KEY_RSDP_SOURCE),
			 KX_SOURCE_BOOT_PARAMS);
	assert_int_equal(th_u64(pl, KX_KEY_EFI), 0);
	assert_int_equal(th_u64(pl, KX_KEY_EFI_REASON), KX_REASON_NOT_EFI);
	assert_int_equal(th_u64(pl, KX_KEY_CHECKS), 1);
}

static void test_load_calls_kexec_load(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.load_calls, 1);
	assert_int_equal(f->k.file_calls, 0);
	assert_int_equal(f->k.last_flags, TH_KEXEC_ARCH_X86_64);
	assert_int_equal(f->k.last_nr_segments, 4);
	assert_int_equal(f->k.last_entry, th_u64(f->plan, KX_KEY_ENTRY));
	assert_int_equal(th_u64(f->plan, KX_KEY_SYSCALL_USED),
			 KX_SYSCALL_CLASSIC);
}

static void test_auto_falls_back_on_enoexec(void **state)
{
	struct fixture *f = *state;

	f->k.file_result = -ENOEXEC;
	assert_int_equal(plan(f, KX_SYSCALL_AUTO, 0, 0), 0);
	assert_false(th_classic(f->plan));
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.file_calls, 1);
	assert_int_equal(f->k.load_calls, 1);
	assert_true(th_classic(f->plan));
	assert_int_equal(th_u64(f->plan, KX_KEY_SYSCALL_USED),
			 KX_SYSCALL_CLASSIC);
	/* Asked for -a; the fallback is what happened, not a reason. */
	assert_int_equal(th_u64(f->plan, KX_KEY_SYSCALL), KX_SYSCALL_AUTO);
}

static void test_auto_never_around_permission(void **state)
{
	struct fixture *f = *state;

	f->k.file_result = -EPERM;
	assert_int_equal(plan(f, KX_SYSCALL_AUTO, 0, 0), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), -EPERM);
	assert_int_equal(f->k.load_calls, 0);
}

static void test_efi_passed_on(void **state)
{
	struct fixture *f = *state;

	kx_ctx_set_root(f->ctx, EFI_ROOT);
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	assert_int_equal(th_u64(f->plan, KX_KEY_EFI), 1);
	assert_true(th_u64(f->plan, KX_KEY_EFI_SYSTAB) != 0);
	assert_true(th_u64(f->plan, KX_KEY_SETUP_DATA_COUNT) >= 1);
	assert_false(th_has(f->plan, KX_KEY_EFI_REASON));
}

static void test_mem_bounds(void **state)
{
	struct fixture *f = *state;

	/* The fixture has no RAM above 4 GiB. */
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0x100000000ull),
			 -ENOMEM);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "kernel"));
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0x20000000), 0);
	for (size_t i = 0; i < kx_plan_count(f->plan, KX_LIST_SEGMENTS); i++)
		assert_true(seg_get(f->plan, i).mem >= 0x20000000);
}

static void test_no_checks(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, KX_LOAD_NO_CHECKS, 0), 0);
	assert_int_equal(th_u64(f->plan, KX_KEY_CHECKS), 0);
}

/* The purgatory's parameters inside the segment kexec_load got last. */
static const struct kx_purgatory_params *loaded_params(struct fixture *f)
{
	const struct kx_segment *s = &f->k.segs[f->k.last_nr_segments - 1];
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	uint64_t addr;

	assert_int_equal(kx_purgatory_symbol(f->ctx, obj, size, s->mem,
					     KX_PURGATORY_PARAMS_SYMBOL, &addr),
			 0);
	return (const void *)((const uint8_t *)s->buf + (addr - s->mem));
}

/* --verify: what the plan says, and what the loaded purgatory gets: the
 * algorithm and each piece's digest of the bytes kexec_load was given. */
static void check_verify(struct fixture *f, enum kx_verify v, uint8_t alg,
			 const char *name)
{
	kx_request *req = th_request(f->ctx, f->kernel, f->initrd, "quiet",
				     KX_SYSCALL_CLASSIC, 0);
	const struct kx_purgatory_params *pp;
	uint8_t want[KX_PURG_DIGEST_MAX];

	assert_int_equal(kx_request_set_verify(req, v), 0);
	kx_plan_free(f->plan);
	assert_int_equal(kx_plan_create(f->ctx, req, &f->plan), 0);
	kx_request_free(req);
	assert_string_equal(kx_plan_get_str(f->plan, KX_KEY_VERIFY), name);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	pp = loaded_params(f);
	assert_int_equal(pp->digest_alg, alg);
	assert_int_equal(pp->nr_regions, f->k.last_nr_segments - 1);
	for (uint32_t i = 0; i < pp->nr_regions; i++) {
		const struct kx_segment *s = &f->k.segs[i];

		memset(want, 0, sizeof(want));
		if (alg == KX_PURG_DIGEST_XXH3_128)
			kx_xxh3_128(s->buf, s->bufsz, want);
		else
			kx_sha256(s->buf, s->bufsz, want);
		assert_int_equal(pp->regions[i].addr, s->mem);
		assert_memory_equal(pp->regions[i].digest, want, sizeof(want));
	}
}

static void test_verify(void **state)
{
	struct fixture *f = *state;
	const struct kx_purgatory_params *pp;

	check_verify(f, KX_VERIFY_XXH3, KX_PURG_DIGEST_XXH3_128, "xxh3-128");
	check_verify(f, KX_VERIFY_SHA256, KX_PURG_DIGEST_SHA256, "sha256");
	kx_plan_free(f->plan);
	f->plan = NULL;
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	assert_string_equal(kx_plan_get_str(f->plan, KX_KEY_VERIFY),
			    "xxh3-128"); /* the default */
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, KX_LOAD_NO_CHECKS, 0), 0);
	assert_string_equal(kx_plan_get_str(f->plan, KX_KEY_VERIFY), "none");
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	pp = loaded_params(f);
	assert_true(pp->flags & KX_PURG_NO_CHECKS);
	assert_int_equal(pp->nr_regions, 0);
}

static void test_empty_initrd_refused(void **state)
{
	struct fixture *f = *state;

	th_write(f->tmp, "initrd", "", 0);
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "empty initrd"));
}

static void test_missing_memmap(void **state)
{
	struct fixture *f = *state;

	kx_ctx_set_root(f->ctx, f->tmp);
	assert_true(plan(f, KX_SYSCALL_CLASSIC, 0, 0) < 0);
	assert_true(strlen(kx_ctx_message(f->ctx)) > 0);
}

/* A dry run of -a shows the layout a fallback would load: built on
 * request, without any system call, and the plan still goes to
 * kexec_file_load first. */
static void test_build_classic_without_syscall(void **state)
{
	struct fixture *f = *state;
	const kx_plan *pl;

	assert_int_equal(plan(f, KX_SYSCALL_AUTO, 0, 0), 0);
	pl = f->plan;
	assert_false(th_classic(pl));
	assert_int_equal(kx_plan_count(pl, KX_LIST_SEGMENTS), 0);
	assert_false(th_has(pl, KX_KEY_KERNEL_ADDR));
	assert_int_equal(kx_plan_build_classic(f->ctx, f->plan), 0);
	assert_true(th_classic(pl));
	assert_int_equal(kx_plan_count(pl, KX_LIST_SEGMENTS), 4);
	assert_int_equal(th_u64(pl, KX_KEY_KERNEL_ADDR),
			 find(pl, "kernel").mem);
	assert_int_equal(th_u64(pl, KX_KEY_BOOT_PARAMS_ADDR),
			 find(pl, "boot_params").mem);
	assert_true(th_u64(pl, KX_KEY_ENTRY) >= find(pl, "purgatory").mem);
	assert_int_equal(th_u64(pl, KX_KEY_MEMMAP_SOURCE),
			 KX_SOURCE_SYSFS_MEMMAP);
	assert_int_equal(kx_plan_count(pl, KX_LIST_E820), 7);
	assert_int_equal(th_u64(pl, KX_KEY_SYSCALL), KX_SYSCALL_AUTO);
	assert_false(th_has(pl, KX_KEY_SYSCALL_REASON));
	assert_int_equal(f->k.file_calls + f->k.load_calls, 0);
	/* Built once: a second call changes nothing. */
	assert_int_equal(kx_plan_build_classic(f->ctx, f->plan), 0);
	assert_int_equal(kx_plan_count(pl, KX_LIST_SEGMENTS), 4);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.file_calls, 1);
	assert_int_equal(f->k.load_calls, 0);
	assert_int_equal(th_u64(pl, KX_KEY_SYSCALL_USED), KX_SYSCALL_FILE);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_layout),
		T(test_boot_params),
		T(test_load_calls_kexec_load),
		T(test_auto_falls_back_on_enoexec),
		T(test_auto_never_around_permission),
		T(test_efi_passed_on),
		T(test_mem_bounds),
		T(test_no_checks),
		T(test_verify),
		T(test_empty_initrd_refused),
		T(test_missing_memmap),
		T(test_build_classic_without_syscall),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
