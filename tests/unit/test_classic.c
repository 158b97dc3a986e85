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
	kx_ctx_set_sys(f->ctx, &th_kernel_ops, &f->k);
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
	struct kx_load_request req = {
		.kernel = f->kernel,
		.initrd = f->initrd,
		.cmdline = "root=/dev/vda quiet",
		.syscall = mode,
		.flags = flags,
		.mem_min = mem_min,
	};

	kx_plan_free(f->plan);
	f->plan = NULL;
	return kx_plan_create(f->ctx, &req, &f->plan);
}

static const struct kx_plan_segment *find(const struct kx_plan_info *info,
					  const char *what)
{
	for (size_t i = 0; i < info->nr_segments; i++)
		if (strcmp(info->segments[i].what, what) == 0)
			return &info->segments[i];
	return NULL;
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
	const struct kx_plan_info *info;
	const struct kx_plan_segment *k, *p;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	info = kx_plan_info(f->plan);
	assert_true(info->classic);
	assert_int_equal(info->nr_segments, 4);
	for (size_t i = 0; i < info->nr_segments; i++) {
		const struct kx_plan_segment *s = &info->segments[i];

		assert_int_equal(s->mem % 4096, 0);
		assert_int_equal(s->memsz % 4096, 0);
		assert_true(s->bufsz <= s->memsz);
		assert_true(in_ram(s->mem, s->mem + s->memsz));
		assert_true(s->mem >= 0x100000);
		for (size_t j = 0; j < i; j++) {
			const struct kx_plan_segment *t = &info->segments[j];

			assert_true(s->mem + s->memsz <= t->mem ||
				    t->mem + t->memsz <= s->mem);
		}
	}
	k = find(info, "kernel");
	assert_non_null(k);
	/* pref_address was free, so the kernel need not relocate. */
	assert_int_equal(k->mem, 0x1000000);
	assert_int_equal(k->memsz, 0x2000000); /* init_size */
	assert_int_equal(k->bufsz, IMG_SIZE - 8192);
	p = find(info, "purgatory");
	assert_non_null(p);
	assert_true(info->entry >= p->mem && info->entry < p->mem + p->memsz);
	assert_int_equal(info->linux_boot.kernel_entry, 0x1000200);
}

static void test_boot_params(void **state)
{
	struct fixture *f = *state;
	const struct kx_linux_boot *lb;
	const struct kx_plan_segment *bp, *rd;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	lb = &kx_plan_info(f->plan)->linux_boot;
	bp = find(kx_plan_info(f->plan), "boot_params");
	rd = find(kx_plan_info(f->plan), "initrd");
	assert_non_null(bp);
	assert_non_null(rd);
	assert_int_equal(lb->boot_params_addr, bp->mem);
	assert_int_equal(lb->cmdline_addr, bp->mem + 0x1000);
	assert_int_equal(lb->initrd_addr, rd->mem);
	assert_int_equal(lb->initrd_size, 10000);
	/* High, but below 4 GiB, as every kernel can read it there. */
	assert_true(rd->mem + rd->memsz <= 0x3ffe0000);
	assert_true(rd->mem > 0x30000000);
	/* The fixture's 7 firmware entries, unchanged. */
	assert_int_equal(lb->e820_n, 7);
	assert_int_equal(lb->e820[3].start, 0x100000);
	assert_int_equal(lb->e820[3].end, 0x3ffe0000);
	assert_int_equal(lb->e820[3].type, 1);
	assert_string_equal(lb->memmap_source, "/sys/firmware/memmap");
	/* The SeaBIOS capture passes the RSDP in its boot_params. */
	assert_true(lb->acpi_rsdp != 0);
	assert_false(lb->efi);
	assert_true(lb->checks);
}

static void test_load_calls_kexec_load(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.load_calls, 1);
	assert_int_equal(f->k.file_calls, 0);
	assert_int_equal(f->k.last_flags, KX_ARCH_X86_64);
	assert_int_equal(f->k.last_nr_segments, 4);
	assert_int_equal(f->k.last_entry, kx_plan_info(f->plan)->entry);
	assert_int_equal(kx_plan_info(f->plan)->used, KX_SYSCALL_CLASSIC);
}

static void test_auto_falls_back_on_enoexec(void **state)
{
	struct fixture *f = *state;

	f->k.file_result = -ENOEXEC;
	assert_int_equal(plan(f, KX_SYSCALL_AUTO, 0, 0), 0);
	assert_false(kx_plan_info(f->plan)->classic);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.file_calls, 1);
	assert_int_equal(f->k.load_calls, 1);
	assert_true(kx_plan_info(f->plan)->classic);
	assert_int_equal(kx_plan_info(f->plan)->used, KX_SYSCALL_CLASSIC);
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
	const struct kx_linux_boot *lb;

	kx_ctx_set_root(f->ctx, EFI_ROOT);
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0), 0);
	lb = &kx_plan_info(f->plan)->linux_boot;
	assert_true(lb->efi);
	assert_true(lb->efi_systab != 0);
	assert_true(lb->setup_data_n >= 1);
}

static void test_mem_bounds(void **state)
{
	struct fixture *f = *state;

	/* The fixture has no RAM above 4 GiB. */
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0x100000000ull),
			 -ENOMEM);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "kernel"));
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, 0, 0x20000000), 0);
	for (size_t i = 0; i < kx_plan_info(f->plan)->nr_segments; i++)
		assert_true(kx_plan_info(f->plan)->segments[i].mem >=
			    0x20000000);
}

static void test_no_checks(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC, KX_LOAD_NO_CHECKS, 0), 0);
	assert_false(kx_plan_info(f->plan)->linux_boot.checks);
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
		T(test_empty_initrd_refused),
		T(test_missing_memmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
