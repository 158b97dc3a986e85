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

#include "boot/bootparams.h"
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

/* The fake kernel, keeping the segments of the last kexec_load. */
struct recorder {
	struct th_kernel k;
	struct kx_segment segs[16];
	size_t nr;
};

static long record_load(void *data, unsigned long entry, unsigned long nr,
			const struct kx_segment *segs, unsigned long flags)
{
	struct recorder *r = data;

	r->nr = nr < 16 ? nr : 16;
	memcpy(r->segs, segs, r->nr * sizeof(*segs));
	return th_kernel_ops.kexec_load(&r->k, entry, nr, segs, flags);
}

static long record_file(void *data, int kfd, int ifd, unsigned long len,
			const char *cmdline, unsigned long flags)
{
	struct recorder *r = data;

	return th_kernel_ops.kexec_file_load(&r->k, kfd, ifd, len, cmdline,
					     flags);
}

static long record_reboot(void *data)
{
	struct recorder *r = data;

	return th_kernel_ops.reboot_kexec(&r->k);
}

static const struct kx_sys_ops recorder_ops = {
    .kexec_file_load = record_file,
    .kexec_load = record_load,
    .reboot_kexec = record_reboot,
};

struct fixture {
	char *tmp, *kernel, *initrd;
	kx_ctx *ctx;
	struct recorder rec;
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
	th_kernel_init(&f->rec.k, NULL);
	kx_ctx_set_sys(f->ctx, &recorder_ops, &f->rec);
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
	struct kx_load_request req = {
	    .kernel = f->kernel,
	    .initrd = f->initrd,
	    .cmdline = f->cmdline,
	    .syscall = mode,
	    .flags = KX_LOAD_CRASH,
	    .mem_min = f->mem_min,
	};

	kx_plan_free(f->plan);
	f->plan = NULL;
	return kx_plan_create(f->ctx, &req, &f->plan);
}

static const struct kx_plan_info *info(const struct fixture *f)
{
	return kx_plan_info(f->plan);
}

static const struct kx_plan_segment *find(const struct kx_plan_info *in,
					  const char *what)
{
	for (size_t i = 0; i < in->nr_segments; i++)
		if (strstr(in->segments[i].what, what))
			return &in->segments[i];
	return NULL;
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("\"%s\" not found in \"%s\"", part, text);
}

static void assert_no_syscalls(const struct fixture *f)
{
	assert_int_equal(f->rec.k.file_calls, 0);
	assert_int_equal(f->rec.k.load_calls, 0);
}

/* ---- both syscalls ------------------------------------------------------ */

static void test_file_syscall(void **state)
{
	struct fixture *f = *state;
	const struct kx_crash_info *ci;

	assert_int_equal(plan(f, KX_SYSCALL_FILE), 0);
	ci = &info(f)->crash_info;
	assert_true(info(f)->crash);
	assert_false(info(f)->classic);
	assert_int_equal(ci->regions_n, 1);
	assert_int_equal(ci->regions[0].start, BIOS_CRASH_START);
	assert_int_equal(ci->regions[0].end, BIOS_CRASH_END);
	assert_int_equal(ci->phdrs_n, 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->rec.k.file_calls, 1);
	assert_true(f->rec.k.last_flags & KX_FILE_ON_CRASH);
	/* The kernel adds elfcorehdr= itself. */
	assert_string_equal(f->rec.k.last_cmdline, f->cmdline);
	assert_int_equal(f->rec.k.crash_loaded, 1);
	assert_int_equal(f->rec.k.loaded, 0);
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
	const struct kx_plan_info *in;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	in = info(f);
	assert_true(in->classic);
	assert_int_equal(in->nr_segments, 5);
	assert_non_null(find(in, "elfcorehdr"));
	for (size_t i = 0; i < in->nr_segments; i++) {
		const struct kx_plan_segment *s = &in->segments[i];

		assert_true(s->mem >= BIOS_CRASH_START);
		assert_true(s->mem + s->memsz <= BIOS_CRASH_END);
	}
	assert_true(in->entry >= BIOS_CRASH_START &&
		    in->entry < BIOS_CRASH_END);
}

static void test_cmdline(void **state)
{
	struct fixture *f = *state;
	const struct kx_plan_info *in;
	char want[256];

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	in = info(f);
	snprintf(want, sizeof(want), "%s elfcorehdr=0x%" PRIx64, f->cmdline,
		 in->crash_info.elfcorehdr_addr);
	/* Only elfcorehdr= is added: maxcpus= and the rest are the user's. */
	assert_string_equal(in->cmdline, want);
	assert_int_equal(in->cmdline_len, strlen(want) + 1);
	assert_int_equal(find(in, "elfcorehdr")->mem,
			 in->crash_info.elfcorehdr_addr);
}

static void test_core_headers(void **state)
{
	struct fixture *f = *state;
	const struct kx_crash_info *ci;
	size_t loads = 0;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	ci = &info(f)->crash_info;
	assert_int_equal(ci->elfcorehdr_size, 4096);
	assert_string_equal(ci->vaddr_source, "/proc/kcore");
	assert_int_equal(ci->phdrs_n, 5);
	assert_string_equal(ci->phdrs[0].what, "cpu0 notes");
	assert_int_equal(ci->phdrs[0].type, 4);
	assert_int_equal(ci->phdrs[0].paddr, 0x5e23a400);
	assert_int_equal(ci->phdrs[0].size, 368);
	assert_string_equal(ci->phdrs[1].what, "vmcoreinfo");
	assert_int_equal(ci->phdrs[1].paddr, 0x1344000);
	assert_int_equal(ci->phdrs[1].size, 0x1024);
	assert_string_equal(ci->phdrs[2].what, "kernel text");
	assert_int_equal(ci->phdrs[2].paddr, 0x52e00000);
	assert_int_equal(ci->phdrs[2].vaddr, 0xffffffffa7200000ull);
	for (size_t i = 3; i < ci->phdrs_n; i++) {
		const struct kx_core_phdr *p = &ci->phdrs[i];

		assert_string_equal(p->what, "RAM");
		assert_int_equal(p->type, 1);
		/* Inside System RAM above 1 MiB, outside the reservation. */
		assert_true(p->paddr >= MIB &&
			    p->paddr + p->size <= 0x5ffe0000);
		assert_true(p->paddr + p->size <= BIOS_CRASH_START ||
			    p->paddr >= BIOS_CRASH_END);
		assert_int_equal(p->vaddr, 0xffff8f2a40000000ull + p->paddr);
		loads++;
	}
	assert_int_equal(loads, 2);
}

static void test_capture_e820(void **state)
{
	struct fixture *f = *state;
	const struct kx_linux_boot *lb;
	uint64_t hdr;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	lb = &info(f)->linux_boot;
	hdr = info(f)->crash_info.elfcorehdr_addr;
	assert_string_equal(lb->memmap_source,
			    "/proc/iomem, for the capture kernel");
	for (size_t i = 0; i < lb->e820_n; i++) {
		const struct kx_mem_range *r = &lb->e820[i];

		if (r->type != 1)
			continue;
		assert_true(r->end <= MIB || (r->start >= BIOS_CRASH_START &&
					      r->end <= BIOS_CRASH_END));
		/* The core headers are not RAM to the capture kernel. */
		assert_true(r->end <= hdr || r->start >= hdr + 4096);
	}
	assert_true(lb->acpi_rsdp != 0);
	assert_false(lb->efi);
}

static void test_loaded_on_crash(void **state)
{
	struct fixture *f = *state;
	const struct kx_segment *hdr = NULL;
	struct elfcore_phdr *ph;
	size_t n;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->rec.k.load_calls, 1);
	assert_int_equal(f->rec.k.last_flags, KX_ARCH_X86_64 | KX_ON_CRASH);
	assert_int_equal(f->rec.k.crash_loaded, 1);
	assert_int_equal(f->rec.k.loaded, 0);
	/* What the kernel copies at elfcorehdr= is valid core headers. */
	for (size_t i = 0; i < f->rec.nr; i++)
		if (f->rec.segs[i].mem == info(f)->crash_info.elfcorehdr_addr)
			hdr = &f->rec.segs[i];
	assert_non_null(hdr);
	assert_int_equal(elfcore_decode(f->ctx, hdr->buf, hdr->bufsz, &ph, &n),
			 0);
	assert_int_equal(n, 5);
	free(ph);
}

static void test_boot_params_carry_the_plan(void **state)
{
	struct fixture *f = *state;
	const struct kx_plan_segment *bp;
	const struct kx_segment *seg = NULL;
	struct bootparams_summary sum;

	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	bp = find(info(f), "boot_params");
	for (size_t i = 0; i < f->rec.nr; i++)
		if (f->rec.segs[i].mem == bp->mem)
			seg = &f->rec.segs[i];
	assert_non_null(seg);
	assert_int_equal(bootparams_decode(f->ctx, seg->buf, seg->bufsz,
					   bp->mem, &sum, NULL),
			 0);
	assert_non_null(sum.cmdline);
	assert_string_equal(sum.cmdline, info(f)->cmdline);
}

static void test_efi_passed_on(void **state)
{
	struct fixture *f = *state;
	const struct kx_plan_info *in;

	kx_ctx_set_root(f->ctx, EFI_ROOT);
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	in = info(f);
	assert_true(in->linux_boot.efi);
	/* EFI data reaches the capture kernel: no acpi_rsdp= needed. */
	assert_null(strstr(in->cmdline, "acpi_rsdp="));
	for (size_t i = 0; i < in->nr_segments; i++)
		assert_true(in->segments[i].mem >= EFI_CRASH_START &&
			    in->segments[i].mem + in->segments[i].memsz <=
				EFI_CRASH_END);
}

/* A kernel that cannot take EFI data across kexec finds the ACPI tables
 * through acpi_rsdp=. */
static void test_efi_not_passed_adds_rsdp(void **state)
{
	struct fixture *f = *state;
	const struct kx_plan_info *in;
	char want[64];

	kx_ctx_set_root(f->ctx, EFI_ROOT);
	write_kernel(f, 0x0f); /* no XLF_EFI_KEXEC */
	assert_int_equal(plan(f, KX_SYSCALL_CLASSIC), 0);
	in = info(f);
	assert_false(in->linux_boot.efi);
	assert_true(in->linux_boot.acpi_rsdp != 0);
	snprintf(want, sizeof(want), " acpi_rsdp=0x%" PRIx64,
		 in->linux_boot.acpi_rsdp);
	assert_contains(in->cmdline, want);
	assert_contains(in->cmdline, "elfcorehdr=0x");
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
	for (size_t i = 0; i < info(f)->nr_segments; i++)
		assert_true(info(f)->segments[i].mem >= f->mem_min);
}

static void test_auto_falls_back_with_crash_flag(void **state)
{
	struct fixture *f = *state;

	f->rec.k.file_result = -ENOEXEC;
	assert_int_equal(plan(f, KX_SYSCALL_AUTO), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_true(f->rec.k.last_flags & KX_ON_CRASH);
	assert_true(info(f)->classic);
	assert_true(info(f)->crash_info.phdrs_n > 0);
	assert_contains(info(f)->cmdline, "elfcorehdr=");
}

/* crashkernel=X,high with its low part: everything goes into the high
 * reservation (the kernel refuses segments outside crashk_res), and the
 * capture kernel gets both as RAM. */
static void test_high_and_low_reservations(void **state)
{
	struct fixture *f = *state;
	const struct kx_plan_info *in;
	const struct kx_linux_boot *lb;
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
	in = info(f);
	assert_int_equal(in->crash_info.regions_n, 2);
	for (size_t i = 0; i < in->nr_segments; i++)
		assert_true(in->segments[i].mem >= 0x400000000ull &&
			    in->segments[i].mem + in->segments[i].memsz <=
				0x420000000ull);
	/* Two CPU notes, vmcoreinfo, no kernel text (no /proc/kcore), and
	 * the RAM outside both reservations. */
	assert_string_equal(in->crash_info.phdrs[1].what, "cpu1 notes");
	assert_string_equal(in->crash_info.phdrs[2].what, "vmcoreinfo");
	assert_string_equal(in->crash_info.phdrs[3].what, "RAM");
	assert_int_equal(in->crash_info.phdrs[3].vaddr, 0);
	assert_int_equal(in->crash_info.phdrs_n, 3 + 3);
	lb = &in->linux_boot;
	for (size_t i = 0; i < lb->e820_n; i++) {
		if (lb->e820[i].type != 1)
			continue;
		low |= lb->e820[i].start == 0xb0000000 &&
		       lb->e820[i].end == 0xc0000000;
		high |= lb->e820[i].start > 0x400000000ull &&
			lb->e820[i].end == 0x420000000ull;
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
