/* Crash (-p) plans end to end against captured trees (crashkernel=384M
 * under QEMU) and a fake kernel: the reservation check, the file syscall's
 * flag, and for kexec_load every piece inside the reservation, the core
 * headers, the capture kernel's e820 and command line. */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/bootparams.h"
#include "boot/elfcore.h"
#include "helpers.h"

#define IMG_SIZE  (256 * 1024)
#define BIOS_ROOT "tests/fixtures/crash/bios-root"
#define EFI_ROOT  "tests/fixtures/crash/efi-root"
/* The fixtures' reservations ("Crash kernel"). */
#define BIOS_CRASH_START 0x3a000000ull
#define BIOS_CRASH_END	 0x52000000ull
#define EFI_CRASH_START	 0x35000000ull
#define EFI_CRASH_END	 0x4d000000ull
#define MIB		 0x100000ull

struct fixture {
	char *tmp, *kernel, *initrd;
	kx_ctx *ctx;
	struct th_kernel k;
	kx_plan *plan;
	const char *cmdline;
	uint64_t mem_min;
};

static void write_kernel(struct fixture *f, uint16_t xloadflags)
{
	uint8_t *image = th_make_bzimage(IMG_SIZE, 0x020f, xloadflags);

	th_write(f->tmp, "vmlinuz", image, IMG_SIZE);
	free(image);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char initrd[10000];

	f->tmp = th_mkdtemp();
	write_kernel(f, 0x7f);
	memset(initrd, 'i', sizeof(initrd));
	th_write(f->tmp, "initrd", initrd, sizeof(initrd));
	f->kernel = th_path(f->tmp, "vmlinuz");
	f->initrd = th_path(f->tmp, "initrd");
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, BIOS_ROOT);
	th_kernel_init(&f->k, NULL);
	th_kernel_attach(f->ctx, &f->k);
	f->cmdline = "console=ttyS0 maxcpus=1 reset_devices";
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
	free(f);
	return 0;
}

static int plan(struct fixture *f, enum kx_syscall_mode mode)
{
	kx_request *req = th_request(f->ctx, f->kernel, f->initrd, f->cmdline,
				     mode, KX_LOAD_CRASH);
	int rc = kx_request_set_mem_range(req, f->mem_min, 0);

	kx_plan_free(f->plan);
	f->plan = NULL;
	if (!rc)
		rc = kx_plan_create(f->ctx, req, &f->plan);
	kx_request_free(req);
	return rc;
}

static uint64_t u64(const struct fixture *f, enum kx_key key)
{
	return th_u64(f->plan, key);
}

static size_t nr_segments(const struct fixture *f)
{
	return kx_plan_count(f->plan, KX_LIST_SEGMENTS);
}

static uint64_t seg_mem(const struct fixture *f, size_t i)
{
	return th_item_u64(f->plan, KX_LIST_SEGMENTS, i, KX_KEY_MEM);
}

static uint64_t seg_end(const struct fixture *f, size_t i)
{
	return seg_mem(f, i) +
	       th_item_u64(f->plan, KX_LIST_SEGMENTS, i, KX_KEY_MEMSZ);
}

/* Where the segment whose name holds PART goes; fails the test when
 * there is none. */
static uint64_t find_mem(const struct fixture *f, const char *part)
{
	size_t i = th_segment_with(f->plan, part);

	if (i == TH_NONE)
		fail_msg("no segment \"%s\"", part);
	return seg_mem(f, i);
}

static uint64_t phdr_u64(const struct fixture *f, size_t i, enum kx_key key)
{
	return th_item_u64(f->plan, KX_LIST_CORE_PHDRS, i, key);
}

static const char *phdr_name(const struct fixture *f, size_t i)
{
	return th_item_str(f->plan, KX_LIST_CORE_PHDRS, i, KX_KEY_NAME);
}

/* The segments kexec_load got, as the fake kernel kept them. */
static size_t loaded_nr(const struct fixture *f)
{
	return f->k.last_nr_segments < TH_SEGS_MAX ? f->k.last_nr_segments
						   : TH_SEGS_MAX;
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("\"%s\" not found in \"%s\"", part, text);
}

static void assert_no_syscalls(const struct fixture *f)
{
	assert_int_equal(f->k.file_calls, 0);
	assert_int_equal(f->k.load_calls, 0);
}

/* ---- both syscalls ------------------------------------------------------ */

static void test_file_syscall(void **state)
{
	struct fixture *f = *state;
	const kx_plan *p;

	assert_int_equal(plan(f, KX_SYSCALL_FILE), 0);
	p = f->plan;
	assert_int_equal(u64(f, KX_KEY_CRASH), 1);
	assert_false(th_classic(p));
	assert_int_equal(kx_plan_count(p, KX_LIST_CRASH_REGIONS), 1);
	assert_int_equal(
	    th_item_u64(p, KX_LIST_CRASH_REGIONS, 0, KX_KEY_START),
	    BIOS_CRASH_START);
	assert_int_equal(th_item_u64(p, KX_LIST_CRASH_REGIONS, 0, KX_KEY_END),
			 BIOS_CRASH_END);
	assert_int_equal(kx_plan_count(p, KX_LIST_CORE_PHDRS), 0);
	assert_false(th_has(p, KX_KEY_ELFCOREHDR_ADDR));
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.file_calls, 1);
	assert_true(f->k.last_flags & KX_FILE_ON_CRASH);
	/* The kernel adds elfcorehdr= itself. */
	assert_string_equal(f->k.last_cmdline, f->cmdline);
	assert_string_equal(th_str(p, KX_KEY_CMDLINE), f->cmdline);
	assert_int_equal(f->k.crash_loaded, 1);
	assert_int_equal(f->k.loaded, 0);
}

static void test_no_reservation(void **state)
{
	struct fixture *f = *state;
	static const enum kx_syscall_mode modes[] = {
	    KX_SYSCALL_FILE, KX_SYSCALL_CLASSIC, KX_SYSCALL_AUTO};

	kx_ctx_set_root(f->ctx, f->tmp);
	th_write(f->tmp, "/proc/iomem",
		 "00001000-0009fbff : System RAM\n"
		 "00100000-5ffdffff : System RAM\n"
		 "  0e000000-0ee01d31 : Kernel code\n",
		 (size_t)-1);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(plan(f, modes[i]), -EADDRNOTAVAIL);
		assert_contains(kx_ctx_message(f->ctx), "crashkernel=");
	}
	assert_no_syscalls(f);
}

static void test_no_iomem(void **state)
{
	struct fixture *f = *state;

	kx_ctx_set_root(f->ctx, f->tmp);
	assert_int_equal(plan(f, KX_SYSCALL_FILE), -ENOENT);
	assert_contains(kx_ctx_message(f->ctx), "/proc/iomem");
	assert_no_syscalls(f);
}

/* ---- kexec_load --------------------------------------------------------- */

static void test_every_piece_inside(void **state)
{
	struct fixture *f = *state;
	uint64_t entry;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_true(th_classic(f->plan));
	assert_int_equal(nr_segments(f), 5);
	assert_int_not_equal(th_segment_with(f->plan, "elfcorehdr"), TH_NONE);
	for (size_t i = 0; i < nr_segments(f); i++) {
		assert_true(seg_mem(f, i) >= BIOS_CRASH_START);
		assert_true(seg_end(f, i) <= BIOS_CRASH_END);
	}
	entry = u64(f, KX_KEY_ENTRY);
	assert_true(entry >= BIOS_CRASH_START && entry < BIOS_CRASH_END);
}

static void test_cmdline(void **state)
{
	struct fixture *f = *state;
	char want[256];

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	snprintf(want, sizeof(want), "%s elfcorehdr=0x%" PRIx64, f->cmdline,
		 u64(f, KX_KEY_ELFCOREHDR_ADDR));
	/* Only elfcorehdr= is added: maxcpus= and the rest are the user's. */
	assert_string_equal(th_str(f->plan, KX_KEY_CMDLINE), want);
	assert_int_equal(u64(f, KX_KEY_CMDLINE_LEN), strlen(want) + 1);
	assert_int_equal(find_mem(f, "elfcorehdr"),
			 u64(f, KX_KEY_ELFCOREHDR_ADDR));
}

static void test_core_headers(void **state)
{
	struct fixture *f = *state;
	size_t loads = 0, n;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_int_equal(u64(f, KX_KEY_ELFCOREHDR_SIZE), 4096);
	assert_int_equal(u64(f, KX_KEY_VADDR_SOURCE), KX_SOURCE_KCORE);
	n = kx_plan_count(f->plan, KX_LIST_CORE_PHDRS);
	assert_int_equal(n, 5);
	assert_string_equal(phdr_name(f, 0), "cpu0 notes");
	assert_int_equal(phdr_u64(f, 0, KX_KEY_TYPE), 4);
	assert_int_equal(phdr_u64(f, 0, KX_KEY_PADDR), 0x5e23a400);
	assert_int_equal(phdr_u64(f, 0, KX_KEY_SIZE), 368);
	assert_string_equal(phdr_name(f, 1), "vmcoreinfo");
	assert_int_equal(phdr_u64(f, 1, KX_KEY_PADDR), 0x1344000);
	assert_int_equal(phdr_u64(f, 1, KX_KEY_SIZE), 0x1024);
	assert_string_equal(phdr_name(f, 2), "kernel text");
	assert_int_equal(phdr_u64(f, 2, KX_KEY_PADDR), 0x52e00000);
	assert_int_equal(phdr_u64(f, 2, KX_KEY_VADDR), 0xffffffffa7200000ull);
	for (size_t i = 3; i < n; i++) {
		uint64_t paddr = phdr_u64(f, i, KX_KEY_PADDR);
		uint64_t size = phdr_u64(f, i, KX_KEY_SIZE);

		assert_string_equal(phdr_name(f, i), "RAM");
		assert_int_equal(phdr_u64(f, i, KX_KEY_TYPE), 1);
		/* Inside System RAM above 1 MiB, outside the reservation. */
		assert_true(paddr >= MIB && paddr + size <= 0x5ffe0000);
		assert_true(paddr + size <= BIOS_CRASH_START ||
			    paddr >= BIOS_CRASH_END);
		assert_int_equal(phdr_u64(f, i, KX_KEY_VADDR),
				 0xffff8f2a40000000ull + paddr);
		loads++;
	}
	assert_int_equal(loads, 2);
}

static void test_capture_e820(void **state)
{
	struct fixture *f = *state;
	const kx_plan *p;
	uint64_t hdr;
	size_t n;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	p = f->plan;
	hdr = u64(f, KX_KEY_ELFCOREHDR_ADDR);
	assert_int_equal(u64(f, KX_KEY_MEMMAP_SOURCE), KX_SOURCE_IOMEM_CRASH);
	n = kx_plan_count(p, KX_LIST_E820);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		uint64_t start = th_item_u64(p, KX_LIST_E820, i, KX_KEY_START);
		uint64_t end = th_item_u64(p, KX_LIST_E820, i, KX_KEY_END);

		if (th_item_u64(p, KX_LIST_E820, i, KX_KEY_TYPE) != 1)
			continue;
		assert_true(end <= MIB || (start >= BIOS_CRASH_START &&
					   end <= BIOS_CRASH_END));
		/* The core headers are not RAM to the capture kernel. */
		assert_true(end <= hdr || start >= hdr + 4096);
	}
	assert_true(u64(f, KX_KEY_ACPI_RSDP) != 0);
	assert_int_equal(u64(f, KX_KEY_EFI), 0);
}

static void test_loaded_on_crash(void **state)
{
	struct fixture *f = *state;
	const struct kx_segment *hdr = NULL;
	struct elfcore_phdr *ph;
	size_t n;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.load_calls, 1);
	assert_int_equal(f->k.last_flags, TH_KEXEC_ARCH_X86_64 | KX_ON_CRASH);
	assert_int_equal(f->k.crash_loaded, 1);
	assert_int_equal(f->k.loaded, 0);
	/* What the kernel copies at elfcorehdr= is valid core headers. */
	for (size_t i = 0; i < loaded_nr(f); i++)
		if (f->k.segs[i].mem == u64(f, KX_KEY_ELFCOREHDR_ADDR))
			hdr = &f->k.segs[i];
	assert_non_null(hdr);
	assert_int_equal(elfcore_decode(f->ctx, hdr->buf, hdr->bufsz, &ph, &n),
			 0);
	assert_int_equal(n, 5);
	free(ph);
}

static void test_boot_params_carry_the_plan(void **state)
{
	struct fixture *f = *state;
	const struct kx_segment *seg = NULL;
	struct bootparams_summary sum;
	uint64_t bp;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	bp = find_mem(f, "boot_params");
	for (size_t i = 0; i < loaded_nr(f); i++)
		if (f->k.segs[i].mem == bp)
			seg = &f->k.segs[i];
	assert_non_null(seg);
	assert_int_equal(
	    bootparams_decode(f->ctx, seg->buf, seg->bufsz, bp, &sum, NULL), 0);
	assert_non_null(sum.cmdline);
	assert_string_equal(sum.cmdline, th_str(f->plan, KX_KEY_CMDLINE));
}

static void test_efi_passed_on(void **state)
{
	struct fixture *f = *state;
	kx_ctx_set_root(f->ctx, EFI_ROOT);
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_int_equal(u64(f, KX_KEY_EFI), 1);
	/* EFI data reaches the capture kernel: no acpi_rsdp= needed. */
	assert_null(strstr(th_str(f->plan, KX_KEY_CMDLINE), "acpi_rsdp="));
	assert_true(nr_segments(f) > 0);
	for (size_t i = 0; i < nr_segments(f); i++)
		assert_true(seg_mem(f, i) >= EFI_CRASH_START &&
			    seg_end(f, i) <= EFI_CRASH_END);
}

/* A kernel that cannot take EFI data across kexec finds the ACPI tables
 * through acpi_rsdp=. */
static void test_efi_not_passed_adds_rsdp(void **state)
{
	struct fixture *f = *state;
	const char *cmdline;
	char want[64];

	kx_ctx_set_root(f->ctx, EFI_ROOT);
	write_kernel(f, 0x0f); /* no XLF_EFI_KEXEC */
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_int_equal(u64(f, KX_KEY_EFI), 0);
	assert_int_equal(u64(f, KX_KEY_EFI_REASON), KX_REASON_NO_XLF_EFI_KEXEC);
	assert_true(u64(f, KX_KEY_ACPI_RSDP) != 0);
	snprintf(want, sizeof(want), " acpi_rsdp=0x%" PRIx64,
		 u64(f, KX_KEY_ACPI_RSDP));
	cmdline = th_str(f->plan, KX_KEY_CMDLINE);
	assert_contains(cmdline, want);
	assert_contains(cmdline, "elfcorehdr=0x");
}

static void test_cmdline_too_long_with_elfcorehdr(void **state)
{
	struct fixture *f = *state;
	char *line = malloc(2048);

	/* 2040 bytes fit the kernel's 2047; with elfcorehdr= they do not. */
	memset(line, 'x', 2040);
	line[2040] = '\0';
	f->cmdline = line;
	assert_int_equal(plan(f, KX_SYSCALL_FILE), 0);
	assert_int_not_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_contains(kx_ctx_message(f->ctx), "command line");
	free(line);
	f->cmdline = NULL;
}

static void test_mem_min_beyond_reservation(void **state)
{
	struct fixture *f = *state;

	f->mem_min = BIOS_CRASH_END;
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), -ENOMEM);
	assert_contains(kx_ctx_message(f->ctx), "elfcorehdr");
	f->mem_min = BIOS_CRASH_START + 0x10000000;
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	for (size_t i = 0; i < nr_segments(f); i++)
		assert_true(seg_mem(f, i) >= f->mem_min);
}

static void test_auto_falls_back_with_crash_flag(void **state)
{
	struct fixture *f = *state;

	f->k.file_result = -ENOEXEC;
	assert_int_equal(plan(f, KX_SYSCALL_AUTO), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_true(f->k.last_flags & KX_ON_CRASH);
	assert_true(th_classic(f->plan));
	assert_true(kx_plan_count(f->plan, KX_LIST_CORE_PHDRS) > 0);
	/* kexec_file_load, tried first, got the request's command line;
	 * kexec_load's own is beside it. */
	assert_contains(th_str(f->plan, KX_KEY_CLASSIC_CMDLINE), "elfcorehdr=");
	assert_null(strstr(th_str(f->plan, KX_KEY_CMDLINE), "elfcorehdr="));
	assert_string_equal(f->k.last_cmdline, th_str(f->plan, KX_KEY_CMDLINE));
}

/* crashkernel=X,high with its low part: everything goes into the high
 * reservation (the kernel refuses segments outside crashk_res), and the
 * capture kernel gets both as RAM. */
static void test_high_and_low_reservations(void **state)
{
	struct fixture *f = *state;
	const kx_plan *p;
	bool low = false, high = false;

	kx_ctx_set_root(f->ctx, f->tmp);
	th_write(f->tmp, "/proc/iomem",
		 "00001000-0009fbff : System RAM\n"
		 "00100000-bfffffff : System RAM\n"
		 "  01000000-01ffffff : Kernel code\n"
		 "  b0000000-bfffffff : Crash kernel\n"
		 "c0000000-c00fffff : ACPI Tables\n"
		 "100000000-43fffffff : System RAM\n"
		 "  400000000-41fffffff : Crash kernel\n",
		 (size_t)-1);
	th_write(f->tmp, "/sys/devices/system/cpu/cpu0/crash_notes",
		 "43fa3a400\n", (size_t)-1);
	th_write(f->tmp, "/sys/devices/system/cpu/cpu1/crash_notes",
		 "43fa7a400\n", (size_t)-1);
	th_write(f->tmp, "/sys/kernel/vmcoreinfo", "0x0000000002000000 1024\n",
		 (size_t)-1);
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	p = f->plan;
	assert_int_equal(kx_plan_count(p, KX_LIST_CRASH_REGIONS), 2);
	for (size_t i = 0; i < nr_segments(f); i++)
		assert_true(seg_mem(f, i) >= 0x400000000ull &&
			    seg_end(f, i) <= 0x420000000ull);
	/* Two CPU notes, vmcoreinfo, no kernel text (no /proc/kcore), and
	 * the RAM outside both reservations. */
	assert_string_equal(phdr_name(f, 1), "cpu1 notes");
	assert_string_equal(phdr_name(f, 2), "vmcoreinfo");
	assert_string_equal(phdr_name(f, 3), "RAM");
	assert_int_equal(phdr_u64(f, 3, KX_KEY_VADDR), 0);
	assert_int_equal(kx_plan_count(p, KX_LIST_CORE_PHDRS), 3 + 3);
	assert_int_equal(u64(f, KX_KEY_VADDR_SOURCE), KX_SOURCE_NONE);
	for (size_t i = 0; i < kx_plan_count(p, KX_LIST_E820); i++) {
		uint64_t start = th_item_u64(p, KX_LIST_E820, i, KX_KEY_START);
		uint64_t end = th_item_u64(p, KX_LIST_E820, i, KX_KEY_END);

		if (th_item_u64(p, KX_LIST_E820, i, KX_KEY_TYPE) != 1)
			continue;
		low |= start == 0xb0000000 && end == 0xc0000000;
		high |= start > 0x400000000ull && end == 0x420000000ull;
	}
	assert_true(low);
	assert_true(high);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_file_syscall),
	    T(test_no_reservation),
	    T(test_no_iomem),
	    T(test_every_piece_inside),
	    T(test_cmdline),
	    T(test_core_headers),
	    T(test_capture_e820),
	    T(test_loaded_on_crash),
	    T(test_boot_params_carry_the_plan),
	    T(test_efi_passed_on),
	    T(test_efi_not_passed_adds_rsdp),
	    T(test_cmdline_too_long_with_elfcorehdr),
	    T(test_mem_min_beyond_reservation),
	    T(test_auto_falls_back_with_crash_flag),
	    T(test_high_and_low_reservations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
