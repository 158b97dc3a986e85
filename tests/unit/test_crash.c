/* Crash loads: the running system as read from captured trees (Debian's
 * 6.1 kernel under QEMU with crashkernel=384M, SeaBIOS and OVMF), the
 * memory to dump, the capture kernel's e820 and command line. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boot/crash.h"
#include "boot/crash_load.h"
#include "core/desc.h"
#include "sys/system.h"
#include "helpers.h"

/* The crash facts of a snapshot of the context's root, copied out so the
 * fixture owns them (sys/system.h). */
static int snap_crash(kx_ctx *ctx, struct crash_system *out)
{
	const struct crash_system *c;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	crash_system_free(out);
	if (!rc)
		rc = system_crash(sys, &c);
	if (!rc)
		rc = ranges_copy(ctx, &out->ram, &c->ram);
	if (!rc)
		rc = ranges_copy(ctx, &out->firmware, &c->firmware);
	if (!rc)
		rc = ranges_copy(ctx, &out->crash, &c->crash);
	if (!rc && c->n_cpus) {
		out->cpus = malloc(c->n_cpus * sizeof(*out->cpus));
		assert_non_null(out->cpus);
		memcpy(out->cpus, c->cpus, c->n_cpus * sizeof(*out->cpus));
	}
	if (!rc) {
		out->n_cpus = c->n_cpus;
		out->kernel_start = c->kernel_start;
		out->kernel_end = c->kernel_end;
		out->vmcoreinfo = c->vmcoreinfo;
		out->va = c->va;
	}
	system_free(sys);
	return rc;
}

/* The reservations as a plan reads them: every "Crash kernel" range, and
 * a failure naming crashkernel= when there is none. */
static int snap_crash_regions(kx_ctx *ctx, struct kx_ranges *out)
{
	const struct kx_ranges *r;
	struct kx_range main;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	ranges_clear(out);
	if (!rc)
		rc = system_crash_regions(sys, &r);
	if (!rc)
		rc = ranges_copy(ctx, out, r);
	system_free(sys);
	return rc ? rc : crash_main_region(ctx, out, &main);
}

#define BIOS_ROOT "tests/fixtures/crash/bios-root"
#define EFI_ROOT  "tests/fixtures/crash/efi-root"
#define MIB	  0x100000ull

struct fixture {
	kx_ctx *ctx;
	struct crash_system sys;
	struct kx_ranges out;
	char *tmp;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->ctx = kx_ctx_new();
	crash_system_init(&f->sys);
	ranges_init(&f->out);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	crash_system_free(&f->sys);
	ranges_free(&f->out);
	kx_ctx_free(f->ctx);
	if (f->tmp) {
		th_rmtree(f->tmp);
		free(f->tmp);
	}
	free(f);
	return 0;
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("\"%s\" not found in \"%s\"", part, text);
}

static int parse(struct fixture *f, const char *text)
{
	return crash_parse_iomem(f->ctx, "iomem", text, strlen(text), &f->sys);
}

static int read_root(struct fixture *f, const char *root)
{
	kx_ctx_set_root(f->ctx, root);
	return snap_crash(f->ctx, &f->sys);
}

/* A temporary root holding only /proc/iomem. */
static void iomem_root(struct fixture *f, const char *text)
{
	f->tmp = th_mkdtemp();
	th_write(f->tmp, "/proc/iomem", text, (size_t)-1);
	kx_ctx_set_root(f->ctx, f->tmp);
}

static bool inside(const struct kx_ranges *r, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < r->n; i++)
		if (start >= r->v[i].start && end <= r->v[i].end)
			return true;
	return false;
}

static bool overlaps(const struct kx_ranges *r, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < r->n; i++)
		if (start < r->v[i].end && r->v[i].start < end)
			return true;
	return false;
}

/* ---- /proc/iomem ------------------------------------------------------ */

static void test_iomem_bios(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_root(f, BIOS_ROOT), 0);
	assert_int_equal(f->sys.ram.n, 2);
	assert_int_equal(f->sys.ram.v[0].start, 0x1000);
	assert_int_equal(f->sys.ram.v[0].end, 0x9fc00);
	assert_int_equal(f->sys.ram.v[1].start, MIB);
	assert_int_equal(f->sys.ram.v[1].end, 0x5ffe0000);
	assert_int_equal(f->sys.crash.n, 1);
	assert_int_equal(f->sys.crash.v[0].start, 0x3a000000);
	assert_int_equal(f->sys.crash.v[0].end, 0x52000000);
	assert_int_equal(f->sys.kernel_start, 0x52e00000);
	assert_int_equal(f->sys.kernel_end, 0x56200000);
	/* Reserved ranges at every depth; "System ROM" and devices not. */
	assert_int_equal(ranges_type_at(&f->sys.firmware, 0),
			 KX_RANGE_RESERVED);
	assert_int_equal(ranges_type_at(&f->sys.firmware, 0x5fff0000),
			 KX_RANGE_RESERVED);
	assert_int_equal(ranges_type_at(&f->sys.firmware, 0xfd00000000ull),
			 KX_RANGE_RESERVED);
	assert_int_equal(ranges_type_at(&f->sys.firmware, 0xfec00000),
			 KX_RANGE_NONE);
}

static void test_iomem_efi(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_root(f, EFI_ROOT), 0);
	/* System RAM split at setup_data (5d9de018) comes back merged. */
	assert_true(inside(&f->sys.ram, 0x900000, 0x5db95000));
	assert_int_equal(ranges_type_at(&f->sys.firmware, 0x5f76d000),
			 KX_RANGE_ACPI);
	assert_int_equal(ranges_type_at(&f->sys.firmware, 0x800000),
			 KX_RANGE_NVS);
	assert_int_equal(f->sys.crash.v[0].start, 0x35000000);
	assert_int_equal(f->sys.kernel_start, 0x4d000000);
}

static void test_iomem_hidden(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "00000000-00000000 : System RAM\n"
				  "  00000000-00000000 : Crash kernel\n"),
			 -EPERM);
	assert_contains(kx_ctx_message(f->ctx), "CAP_SYS_ADMIN");
}

static void test_iomem_malformed(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "00100000-zz : System RAM\n"), -EINVAL);
	assert_contains(kx_ctx_message(f->ctx), "iomem:1");
}

/* crashkernel=X,high with its low part: two ranges; the high one is
 * crashk_res, where every piece goes. */
static void test_two_reservations(void **state)
{
	struct fixture *f = *state;
	struct kx_range r;

	assert_int_equal(parse(f, "00100000-bfffffff : System RAM\n"
				  "  b0000000-bfffffff : Crash kernel\n"
				  "100000000-43fffffff : System RAM\n"
				  "  400000000-41fffffff : Crash kernel\n"),
			 0);
	assert_int_equal(f->sys.crash.n, 2);
	assert_int_equal(crash_main_region(f->ctx, &f->sys.crash, &r), 0);
	assert_int_equal(r.start, 0x400000000ull);
	assert_int_equal(r.end, 0x420000000ull);
	assert_int_equal(r.type, KX_RANGE_RAM);
	/* Neither is dumped. */
	assert_int_equal(crash_dump_ranges(f->ctx, &f->sys, &f->out), 0);
	assert_false(overlaps(&f->out, 0xb0000000, 0xc0000000));
	assert_false(overlaps(&f->out, 0x400000000ull, 0x420000000ull));
	assert_true(inside(&f->out, 0x420000000ull, 0x440000000ull));
}

static void test_no_reservation(void **state)
{
	struct fixture *f = *state;
	struct kx_range r;

	assert_int_equal(parse(f, "00100000-bfffffff : System RAM\n"), 0);
	assert_int_equal(crash_main_region(f->ctx, &f->sys.crash, &r),
			 -EADDRNOTAVAIL);
	assert_contains(kx_ctx_message(f->ctx), "crashkernel=");
}

static void test_read_regions(void **state)
{
	struct fixture *f = *state;

	iomem_root(f, "00100000-3fffffff : System RAM\n"
		      "  20000000-2fffffff : Crash kernel\n");
	assert_int_equal(snap_crash_regions(f->ctx, &f->out), 0);
	assert_int_equal(f->out.n, 1);
	assert_int_equal(f->out.v[0].start, 0x20000000);
	th_write(f->tmp, "/proc/iomem", "00100000-3fffffff : System RAM\n",
		 (size_t)-1);
	assert_int_equal(snap_crash_regions(f->ctx, &f->out), -EADDRNOTAVAIL);
	assert_contains(kx_ctx_message(f->ctx),
			"boot the running kernel with crashkernel=");
}

/* ---- what is dumped ---------------------------------------------------- */

/* Every range is System RAM above the first MiB, none touches a
 * reservation, and together they are all of that RAM. */
static void check_dump(struct fixture *f)
{
	uint64_t total = 0, want = 0;

	assert_int_equal(crash_dump_ranges(f->ctx, &f->sys, &f->out), 0);
	assert_true(f->out.n > 0);
	for (size_t i = 0; i < f->out.n; i++) {
		const struct kx_range *r = &f->out.v[i];

		assert_true(r->start >= MIB);
		assert_true(inside(&f->sys.ram, r->start, r->end));
		assert_false(overlaps(&f->sys.crash, r->start, r->end));
		total += r->end - r->start;
	}
	for (size_t i = 0; i < f->sys.ram.n; i++) {
		const struct kx_range *r = &f->sys.ram.v[i];

		if (r->end > MIB)
			want += r->end - (r->start > MIB ? r->start : MIB);
	}
	for (size_t i = 0; i < f->sys.crash.n; i++)
		want -= f->sys.crash.v[i].end - f->sys.crash.v[i].start;
	assert_int_equal(total, want);
}

static void test_dump_bios(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_root(f, BIOS_ROOT), 0);
	check_dump(f);
	assert_int_equal(f->out.n, 2);
	assert_int_equal(f->out.v[0].end, 0x3a000000);
	assert_int_equal(f->out.v[1].start, 0x52000000);
}

static void test_dump_efi(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_root(f, EFI_ROOT), 0);
	check_dump(f);
}

/* ---- sysfs and kcore ---------------------------------------------------- */

static void test_system_bios(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_root(f, BIOS_ROOT), 0);
	assert_int_equal(f->sys.n_cpus, 1);
	assert_int_equal(f->sys.cpus[0].id, 0);
	assert_int_equal(f->sys.cpus[0].notes.addr, 0x5e23a400);
	assert_int_equal(f->sys.cpus[0].notes.size, 368);
	assert_int_equal(f->sys.vmcoreinfo.addr, 0x1344000);
	assert_int_equal(f->sys.vmcoreinfo.size, 0x1024);
	assert_true(f->sys.va.known);
	assert_int_equal(f->sys.va.text_vaddr, 0xffffffffa7200000ull);
	assert_int_equal(f->sys.va.text_paddr, f->sys.kernel_start);
	assert_int_equal(f->sys.va.text_size, 0x3430000);
	assert_int_equal(f->sys.va.page_offset, 0xffff8f2a40000000ull);
}

static void test_system_efi(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_root(f, EFI_ROOT), 0);
	assert_int_equal(f->sys.n_cpus, 1);
	assert_true(f->sys.va.known);
	assert_int_equal(f->sys.va.text_paddr, 0x4d000000);
	assert_int_equal(f->sys.va.text_vaddr, 0xffffffffb7400000ull);
	assert_int_equal(f->sys.va.page_offset, 0xffff8f1f40000000ull);
}

/* A fresh root with the BIOS tree's iomem and vmcoreinfo, and CPUS. */
static void sys_root(struct fixture *f, bool vmcoreinfo)
{
	char *iomem = th_path(BIOS_ROOT, "/proc/iomem");
	FILE *in = fopen(iomem, "r");
	char text[4096];
	size_t n;

	assert_non_null(in);
	n = fread(text, 1, sizeof(text) - 1, in);
	fclose(in);
	free(iomem);
	text[n] = '\0';
	iomem_root(f, text);
	if (vmcoreinfo)
		th_write(f->tmp, "/sys/kernel/vmcoreinfo",
			 "0x000000000135c000 1024\n", (size_t)-1);
}

static void test_cpus_sorted_and_sparse(void **state)
{
	struct fixture *f = *state;

	sys_root(f, true);
	th_write(f->tmp, "/sys/devices/system/cpu/cpu10/crash_notes",
		 "5fa4a400\n", (size_t)-1);
	th_write(f->tmp, "/sys/devices/system/cpu/cpu10/crash_notes_size",
		 "368\n", (size_t)-1);
	th_write(f->tmp, "/sys/devices/system/cpu/cpu2/crash_notes",
		 "5fa3a400\n", (size_t)-1);
	/* No crash_notes_size (before 4.1): kexec-tools' 1024. */
	th_write(f->tmp, "/sys/devices/system/cpu/cpufreq/x", "", 0);
	th_write(f->tmp, "/sys/devices/system/cpu/cpu3/online", "0\n",
		 (size_t)-1);
	assert_int_equal(snap_crash(f->ctx, &f->sys), 0);
	assert_int_equal(f->sys.n_cpus, 2);
	assert_int_equal(f->sys.cpus[0].id, 2);
	assert_int_equal(f->sys.cpus[0].notes.size, CRASH_NOTES_DEFAULT_SIZE);
	assert_int_equal(f->sys.cpus[1].id, 10);
	assert_int_equal(f->sys.cpus[1].notes.addr, 0x5fa4a400);
	/* No /proc/kcore: the virtual addresses are unknown, not guessed. */
	assert_false(f->sys.va.known);
}

static void test_missing_sources(void **state)
{
	struct fixture *f = *state;

	sys_root(f, true);
	th_write(f->tmp, "/sys/devices/system/cpu/online", "0\n", (size_t)-1);
	assert_int_equal(snap_crash(f->ctx, &f->sys), -EOPNOTSUPP);
	assert_contains(kx_ctx_message(f->ctx), "crash_notes: missing");
	crash_system_free(&f->sys);
	th_rmtree(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
	sys_root(f, false);
	th_write(f->tmp, "/sys/devices/system/cpu/cpu0/crash_notes",
		 "5fa3a400\n", (size_t)-1);
	assert_int_equal(snap_crash(f->ctx, &f->sys), -EOPNOTSUPP);
	assert_contains(kx_ctx_message(f->ctx), "vmcoreinfo: missing");
}

static void test_sysfs_values(void **state)
{
	struct fixture *f = *state;
	struct elfcore_note n;

	assert_int_equal(
	    crash_parse_vmcoreinfo(f->ctx, "v", "0x000000000135c000 1024", &n),
	    0);
	assert_int_equal(n.addr, 0x135c000);
	assert_int_equal(n.size, 0x1024);
	assert_int_equal(crash_parse_vmcoreinfo(f->ctx, "v", "0x1000", &n),
			 -EINVAL);
	assert_int_equal(crash_parse_vmcoreinfo(f->ctx, "v", "0x0 1024", &n),
			 -EINVAL);
	assert_int_equal(crash_parse_vmcoreinfo(f->ctx, "v", "0x1000 x", &n),
			 -EINVAL);
	assert_int_equal(
	    crash_parse_cpu_notes(f->ctx, "c", "5fa3a400", "368", &n), 0);
	assert_int_equal(n.addr, 0x5fa3a400);
	assert_int_equal(n.size, 368);
	assert_int_equal(
	    crash_parse_cpu_notes(f->ctx, "c", "0x5fa3a400", "368", &n),
	    -EINVAL);
	assert_int_equal(
	    crash_parse_cpu_notes(f->ctx, "c", "5fa3a400", "-1", &n), -EINVAL);
	assert_int_equal(crash_parse_cpu_notes(f->ctx, "c", "0", NULL, &n),
			 -EINVAL);
}

static void test_kcore_refused(void **state)
{
	struct fixture *f = *state;
	struct crash_vaddrs va;
	uint8_t buf[512];

	memset(buf, 0, sizeof(buf));
	assert_int_equal(crash_parse_kcore(f->ctx, "k", buf, 10, &va), -EINVAL);
	assert_int_equal(crash_parse_kcore(f->ctx, "k", buf, sizeof(buf), &va),
			 -EINVAL);
	assert_false(va.known);
}

/* ---- the capture kernel's e820 and command line ------------------------ */

static void test_e820_bios(void **state)
{
	struct fixture *f = *state;
	const uint64_t hdr = 0x3a000000, hdr_end = 0x3a001000;

	assert_int_equal(read_root(f, BIOS_ROOT), 0);
	assert_int_equal(crash_e820(f->ctx, &f->sys, hdr, hdr_end, &f->out), 0);
	for (size_t i = 0; i < f->out.n; i++) {
		const struct kx_range *r = &f->out.v[i];

		assert_true(
		    r->type == KX_RANGE_RAM || r->type == KX_RANGE_RESERVED ||
		    r->type == KX_RANGE_ACPI || r->type == KX_RANGE_NVS);
		/* RAM: the first MiB's and the reservation's, nothing else. */
		if (r->type == KX_RANGE_RAM)
			assert_true(r->end <= MIB ||
				    inside(&f->sys.crash, r->start, r->end));
		if (i)
			assert_true(f->out.v[i - 1].end <= r->start);
	}
	assert_int_equal(ranges_type_at(&f->out, 0x1000), KX_RANGE_RAM);
	assert_int_equal(ranges_type_at(&f->out, 0), KX_RANGE_RESERVED);
	assert_int_equal(ranges_type_at(&f->out, hdr), KX_RANGE_NONE);
	assert_int_equal(ranges_type_at(&f->out, hdr_end), KX_RANGE_RAM);
	assert_int_equal(ranges_type_at(&f->out, 0x51ffffff), KX_RANGE_RAM);
	assert_int_equal(ranges_type_at(&f->out, 0x52000000), KX_RANGE_NONE);
	assert_int_equal(ranges_type_at(&f->out, 0x200000), KX_RANGE_NONE);
	assert_int_equal(ranges_type_at(&f->out, 0x5ffe0000),
			 KX_RANGE_RESERVED);
}

static void test_e820_efi(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_root(f, EFI_ROOT), 0);
	assert_int_equal(
	    crash_e820(f->ctx, &f->sys, 0x4c000000, 0x4c001000, &f->out), 0);
	/* The ACPI tables and NVS the capture kernel must see. */
	assert_int_equal(ranges_type_at(&f->out, 0x5f76d000), KX_RANGE_ACPI);
	assert_int_equal(ranges_type_at(&f->out, 0x5ff78000), KX_RANGE_NVS);
	assert_int_equal(ranges_type_at(&f->out, 0x800000), KX_RANGE_NVS);
	/* EFI runtime regions stay reserved. */
	assert_int_equal(ranges_type_at(&f->out, 0x5db95000),
			 KX_RANGE_RESERVED);
	/* The low RAM is all of the first MiB's RAM, 640 KiB here. */
	assert_int_equal(ranges_type_at(&f->out, 0x9f000), KX_RANGE_RAM);
	assert_int_equal(ranges_type_at(&f->out, 0x100000), KX_RANGE_NONE);
	assert_int_equal(ranges_type_at(&f->out, 0x4c000000), KX_RANGE_NONE);
	assert_int_equal(ranges_type_at(&f->out, 0x35000000), KX_RANGE_RAM);
}

static void test_cmdline(void **state)
{
	struct fixture *f = *state;
	char *s;

	assert_int_equal(
	    crash_cmdline(f->ctx, "console=ttyS0 maxcpus=1", 0x3a000000, 0, &s),
	    0);
	assert_string_equal(s, "console=ttyS0 maxcpus=1 elfcorehdr=0x3a000000");
	free(s);
	assert_int_equal(
	    crash_cmdline(f->ctx, NULL, 0x3a000000, 0x5f77e014, &s), 0);
	assert_string_equal(s, "elfcorehdr=0x3a000000 acpi_rsdp=0x5f77e014");
	free(s);
	assert_int_equal(crash_cmdline(f->ctx, "", 0x1000, 0, &s), 0);
	assert_string_equal(s, "elfcorehdr=0x1000");
	free(s);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* ---- the description of a crash load ---------------------------------- */

static uint64_t phdr_u64(const struct desc *d, size_t i, enum kx_key key)
{
	uint64_t v = 0;

	if (desc_item_get_u64(d, KX_LIST_CORE_PHDRS, i, key, &v) != 0)
		fail_msg("core_phdrs[%zu] has no %s", i, kx_key_name(key));
	return v;
}

/* What /proc/vmcore will show, decoded from the headers actually built. */
static void test_load_describe(void **state)
{
	struct fixture *f = *state;
	struct crash_load cl;
	struct desc *d = desc_new();
	uint64_t v, ram = 0;
	size_t n, i;

	struct kx_system *sys;

	crash_load_init(&cl);
	kx_ctx_set_root(f->ctx, BIOS_ROOT);
	assert_int_equal(system_new(f->ctx, &sys), 0);
	assert_int_equal(crash_load_prepare(f->ctx, sys, &cl), 0);
	assert_int_equal(crash_load_finish(f->ctx, &cl, 0x51fff000, NULL, 0),
			 0);
	assert_int_equal(crash_load_describe(f->ctx, &cl, d), 0);
	assert_int_equal(desc_get_u64(d, KX_KEY_ELFCOREHDR_ADDR, &v), 0);
	assert_int_equal(v, 0x51fff000);
	assert_int_equal(desc_get_u64(d, KX_KEY_ELFCOREHDR_SIZE, &v), 0);
	assert_int_equal(v, cl.headers_size);
	assert_int_equal(desc_get_u64(d, KX_KEY_VADDR_SOURCE, &v), 0);
	assert_int_equal(v, KX_SOURCE_KCORE);
	n = desc_count(d, KX_LIST_CORE_PHDRS);
	assert_true(n >= 4);
	assert_string_equal(
	    desc_item_get_str(d, KX_LIST_CORE_PHDRS, 0, KX_KEY_NAME),
	    "cpu0 notes");
	assert_int_equal(phdr_u64(d, 0, KX_KEY_TYPE), 4);
	assert_int_equal(phdr_u64(d, 0, KX_KEY_PADDR), 0x5e23a400);
	assert_int_equal(phdr_u64(d, 0, KX_KEY_SIZE), 368);
	assert_int_equal(phdr_u64(d, 0, KX_KEY_VADDR), 0);
	assert_string_equal(
	    desc_item_get_str(d, KX_LIST_CORE_PHDRS, 1, KX_KEY_NAME),
	    "vmcoreinfo");
	assert_int_equal(phdr_u64(d, 1, KX_KEY_PADDR), 0x1344000);
	assert_string_equal(
	    desc_item_get_str(d, KX_LIST_CORE_PHDRS, 2, KX_KEY_NAME),
	    "kernel text");
	assert_int_equal(phdr_u64(d, 2, KX_KEY_TYPE), 1);
	assert_int_equal(phdr_u64(d, 2, KX_KEY_VADDR), 0xffffffffa7200000ull);
	for (i = 3; i < n; i++) {
		assert_string_equal(
		    desc_item_get_str(d, KX_LIST_CORE_PHDRS, i, KX_KEY_NAME),
		    "RAM");
		assert_int_equal(phdr_u64(d, i, KX_KEY_VADDR),
				 phdr_u64(d, i, KX_KEY_PADDR) +
				     0xffff8f2a40000000ull);
		/* The reservation itself is not dumped. */
		assert_false(overlaps(&cl.sys->crash,
				      phdr_u64(d, i, KX_KEY_PADDR),
				      phdr_u64(d, i, KX_KEY_PADDR) +
					  phdr_u64(d, i, KX_KEY_SIZE)));
		ram += phdr_u64(d, i, KX_KEY_SIZE);
	}
	assert_true(ram > 0);
	desc_free(d);
	crash_load_free(&cl);
	system_free(sys);
}

/* Without /proc/kcore the virtual addresses are unknown: the source says
 * so instead of a sentence. */
static void test_load_describe_no_kcore(void **state)
{
	struct fixture *f = *state;
	struct crash_load cl;
	struct desc *d = desc_new();
	struct kx_system *sys;
	uint64_t v;

	sys_root(f, true);
	th_write(f->tmp, "/sys/devices/system/cpu/cpu0/crash_notes",
		 "5fa3a400\n", (size_t)-1);
	crash_load_init(&cl);
	assert_int_equal(system_new(f->ctx, &sys), 0);
	assert_int_equal(crash_load_prepare(f->ctx, sys, &cl), 0);
	assert_int_equal(crash_load_finish(f->ctx, &cl, 0x51fff000, NULL, 0),
			 0);
	assert_int_equal(crash_load_describe(f->ctx, &cl, d), 0);
	assert_int_equal(desc_get_u64(d, KX_KEY_VADDR_SOURCE, &v), 0);
	assert_int_equal(v, KX_SOURCE_NONE);
	assert_true(desc_count(d, KX_LIST_CORE_PHDRS) >= 3);
	desc_free(d);
	crash_load_free(&cl);
	system_free(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_iomem_bios),	      T(test_iomem_efi),
	    T(test_iomem_hidden),     T(test_iomem_malformed),
	    T(test_two_reservations), T(test_no_reservation),
	    T(test_read_regions),     T(test_dump_bios),
	    T(test_dump_efi),	      T(test_system_bios),
	    T(test_system_efi),	      T(test_cpus_sorted_and_sparse),
	    T(test_missing_sources),  T(test_sysfs_values),
	    T(test_kcore_refused),    T(test_e820_bios),
	    T(test_e820_efi),	      T(test_cmdline),
	    T(test_load_describe),    T(test_load_describe_no_kcore),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
