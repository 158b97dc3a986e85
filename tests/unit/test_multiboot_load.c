/* Multiboot 1, Multiboot 2 and plain ELF kernels through kexec_load, end
 * to end against the captured QEMU sysfs tree and a fake kernel: the real
 * probe images of build/probe/ (skipped when absent; KX_PROBE_DIR names
 * another directory) and images made here, checked for placement,
 * segments, entry and refusals. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "helpers.h"

#define BIOS_ROOT "tests/fixtures/boot/bios-root"
/* RAM of that tree above 1 MiB, and the RSDP its boot_params names. */
#define RAM_TOP	     0x3ffe0000ull
#define FIXTURE_RSDP 0xf59d0ull
#define MIB	     0x100000ull
#define FOUR_GIB     0x100000000ull
#define MB1_MAGIC    0x1BADB002u
#define MB2_MAGIC    0xE85250D6u

struct fixture {
	char *tmp;
	char *mods[2];
	kx_ctx *ctx;
	struct th_kernel k;
	kx_plan *plan;
	char probe[512];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char mod1[10000];

	f->tmp = th_mkdtemp();
	for (size_t i = 0; i < sizeof(mod1); i++)
		mod1[i] = (char)(i * 7 + 3);
	th_write(f->tmp, "mod1", mod1, sizeof(mod1));
	th_write(f->tmp, "mod2", "second module\nline two\n", (size_t)-1);
	f->mods[0] = th_path(f->tmp, "mod1");
	f->mods[1] = th_path(f->tmp, "mod2");
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
	free(f->mods[0]);
	free(f->mods[1]);
	free(f);
	return 0;
}

/* build/probe/NAME, or the test is skipped. */
static const char *probe(struct fixture *f, const char *name)
{
	const char *dir = getenv("KX_PROBE_DIR");

	snprintf(f->probe, sizeof(f->probe), "%s/%s", dir ? dir : "build/probe",
		 name);
	if (access(f->probe, R_OK) != 0)
		th_missing("%s missing (meson compile -C build probe)",
			   f->probe);
	return f->probe;
}

struct load {
	const char *kernel;
	const char *cmdline;
	const char *const *modules;
	size_t n_modules;
	enum kx_syscall_mode mode;
	unsigned flags;
	const char *initrd;
	const char *type;
};

/* A setter's refusal counts as the plan's: both come before any file is
 * loaded. */
static int plan(struct fixture *f, const struct load *l)
{
	kx_request *req = th_request(f->ctx, l->kernel, l->initrd, l->cmdline,
				     l->mode, l->flags);
	int rc = 0;

	kx_plan_free(f->plan);
	f->plan = NULL;
	if (l->type)
		rc = kx_request_set_type(req, l->type);
	for (size_t i = 0; !rc && i < l->n_modules; i++)
		rc = kx_request_add_module(req, l->modules[i]);
	if (!rc)
		rc = kx_plan_create(f->ctx, req, &f->plan);
	kx_request_free(req);
	return rc;
}

static uint64_t u64(const struct fixture *f, enum kx_key key)
{
	return th_u64(f->plan, key);
}

/* A segment of the plan, as kexec_load will get it. */
struct seg {
	const char *name;
	uint64_t mem, bufsz, memsz;
};

static struct seg seg_get(const kx_plan *p, size_t i)
{
	struct seg s = {
	    .name = th_item_str(p, KX_LIST_SEGMENTS, i, KX_KEY_NAME),
	    .mem = th_item_u64(p, KX_LIST_SEGMENTS, i, KX_KEY_MEM),
	    .bufsz = th_item_u64(p, KX_LIST_SEGMENTS, i, KX_KEY_BUFSZ),
	    .memsz = th_item_u64(p, KX_LIST_SEGMENTS, i, KX_KEY_MEMSZ),
	};

	return s;
}

static uint64_t module_u64(const struct fixture *f, size_t i,
			   enum kx_key key)
{
	return th_item_u64(f->plan, KX_LIST_MODULES, i, key);
}

/* The plan's note with CODE, or TH_NONE. */
static size_t note_find(const kx_plan *p, enum kx_note code)
{
	for (size_t i = 0; i < kx_plan_count(p, KX_LIST_NOTES); i++)
		if (th_item_u64(p, KX_LIST_NOTES, i, KX_KEY_CODE) == code)
			return i;
	return TH_NONE;
}

/* A module "FILE ARGS" for each of the fixture's two files. */
static void two_modules(struct fixture *f, char specs[2][600],
			const char *out[2])
{
	snprintf(specs[0], 600, "%s arg1 arg2", f->mods[0]);
	snprintf(specs[1], 600, "%s", f->mods[1]);
	out[0] = specs[0];
	out[1] = specs[1];
}

/* The segment holding ADDR; fails the test when there is none. */
static struct seg segment_at(const kx_plan *p, uint64_t addr)
{
	size_t i = th_segment_at(p, addr);

	if (i == TH_NONE)
		fail_msg("no segment holds 0x%llx", (unsigned long long)addr);
	return seg_get(p, i);
}

static void expect_failure(struct fixture *f, const struct load *l,
			   const char *want)
{
	int rc = plan(f, l);
	const char *msg = kx_ctx_message(f->ctx);

	if (rc >= 0 || !strstr(msg, want))
		fail_msg("rc %d, message \"%s\", wanted \"%s\"", rc, msg, want);
	assert_null(f->plan);
	assert_int_equal(f->k.load_calls, 0);
	assert_int_equal(f->k.file_calls, 0);
}

/* Segments: whole pages, disjoint, in RAM, below 4 GiB, none in the first
 * 64 KiB nor in the megabyte below the top of RAM. */
static void check_segments(const kx_plan *p)
{
	size_t n = kx_plan_count(p, KX_LIST_SEGMENTS);

	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		struct seg s = seg_get(p, i);

		assert_int_equal(s.mem % 4096, 0);
		assert_int_equal(s.memsz % 4096, 0);
		assert_true(s.bufsz <= s.memsz);
		assert_true(s.mem >= 0x10000);
		assert_true(s.mem + s.memsz <= RAM_TOP - MIB);
		assert_true(s.mem + s.memsz <= FOUR_GIB);
		for (size_t j = 0; j < i; j++) {
			struct seg t = seg_get(p, j);

			assert_true(s.mem + s.memsz <= t.mem ||
				    t.mem + t.memsz <= s.mem);
		}
	}
}

/* Information block just above the image, modules after it in order,
 * page aligned, the last ending highest. */
static void check_placement(const struct fixture *f)
{
	uint64_t info = u64(f, KX_KEY_INFO_ADDR);
	uint64_t image_end = u64(f, KX_KEY_IMAGE_END);
	uint64_t end;

	assert_true(info >= image_end);
	assert_true(info - image_end < 8);
	assert_int_equal(info % 8, 0);
	end = info + u64(f, KX_KEY_INFO_SIZE);
	for (size_t i = 0; i < kx_plan_count(f->plan, KX_LIST_MODULES); i++) {
		uint64_t addr = module_u64(f, i, KX_KEY_START);

		assert_int_equal(addr % 4096, 0);
		assert_true(addr >= end);
		/* The next page boundary: nothing in between. */
		assert_true(addr - end < 4096);
		end = addr + module_u64(f, i, KX_KEY_SIZE);
	}
}

static void test_mb1_probe(void **state)
{
	struct fixture *f = *state;
	char specs[2][600], want[700];
	const char *mods[2];
	struct load l = {.kernel = probe(f, "probe-mb1.elf"),
			 .cmdline = "a=1 b",
			 .modules = mods,
			 .n_modules = 2,
			 .mode = KX_SYSCALL_CLASSIC};
	const kx_plan *p;

	two_modules(f, specs, mods);
	assert_int_equal(plan(f, &l), 0);
	p = f->plan;
	assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE), KX_IMAGE_MULTIBOOT1);
	assert_true(th_classic(p));
	assert_int_equal(u64(f, KX_KEY_MB_VERSION), 1);
	assert_int_equal(u64(f, KX_KEY_ELF_CLASS), 32);
	assert_int_equal(u64(f, KX_KEY_ENTRY32), 1);
	assert_int_equal(u64(f, KX_KEY_MB_MAGIC), 0x2BADB002);
	assert_int_equal(u64(f, KX_KEY_IMAGE_START), 0x200000);
	assert_int_equal(u64(f, KX_KEY_MB_ENTRY), 0x200020);
	assert_int_equal(kx_plan_count(p, KX_LIST_MODULES), 2);
	assert_string_equal(th_item_str(p, KX_LIST_MODULES, 0, KX_KEY_ARGS),
			    specs[0]);
	assert_string_equal(th_item_str(p, KX_LIST_MODULES, 0, KX_KEY_PATH),
			    f->mods[0]);
	assert_int_equal(module_u64(f, 0, KX_KEY_SIZE), 10000);
	check_placement(f);
	check_segments(p);
	/* The purgatory is the entry, below 4 GiB for its 32-bit handover. */
	segment_at(p, u64(f, KX_KEY_ENTRY));
	assert_true(u64(f, KX_KEY_PURGATORY_ADDR) < FOUR_GIB);
	/* The image's path first, then the command line. */
	snprintf(want, sizeof(want), "%s a=1 b", l.kernel);
	assert_string_equal(th_str(p, KX_KEY_CMDLINE), want);
	/* The information block as built, read back. */
	assert_string_equal(th_str(p, KX_KEY_INFO_CMDLINE), want);
	assert_string_equal(th_str(p, KX_KEY_INFO_LOADER_NAME),
			    "libkexec " KX_VERSION_STRING);
	assert_int_equal(kx_plan_count(p, KX_LIST_INFO_MODULES), 2);
	assert_int_equal(th_item_u64(p, KX_LIST_INFO_MODULES, 0, KX_KEY_END) -
			     th_item_u64(p, KX_LIST_INFO_MODULES, 0,
					 KX_KEY_START),
			 10000);
	assert_int_equal(th_item_u64(p, KX_LIST_INFO_MODULES, 0, KX_KEY_START),
			 module_u64(f, 0, KX_KEY_START));
	snprintf(want, sizeof(want), "%s arg1 arg2", f->mods[0]);
	assert_string_equal(
	    th_item_str(p, KX_LIST_INFO_MODULES, 0, KX_KEY_ARGS), want);
	assert_int_equal(kx_plan_count(p, KX_LIST_INFO_MMAP), 7);
	assert_int_equal(u64(f, KX_KEY_MEMMAP_SOURCE), KX_SOURCE_SYSFS_MEMMAP);
	assert_int_equal(u64(f, KX_KEY_CHECKS), 1);
}

/* -a goes straight to kexec_load, says why, and loads with one call. */
static void test_auto_goes_to_kexec_load(void **state)
{
	struct fixture *f = *state;
	struct load l = {.kernel = probe(f, "probe-mb1.elf"),
			 .mode = KX_SYSCALL_AUTO};

	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(u64(f, KX_KEY_SYSCALL), KX_SYSCALL_CLASSIC);
	assert_int_equal(u64(f, KX_KEY_SYSCALL_REASON),
			 KX_REASON_FILE_LOAD_NO_MULTIBOOT);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.file_calls, 0);
	assert_int_equal(f->k.load_calls, 1);
	assert_int_equal(f->k.last_flags, TH_KEXEC_ARCH_X86_64);
	assert_int_equal(f->k.last_entry, u64(f, KX_KEY_ENTRY));
	assert_int_equal(f->k.last_nr_segments,
			 kx_plan_count(f->plan, KX_LIST_SEGMENTS));
	assert_int_equal(u64(f, KX_KEY_SYSCALL_USED), KX_SYSCALL_CLASSIC);
	/* No command line: the path alone. */
	assert_string_equal(th_str(f->plan, KX_KEY_CMDLINE), l.kernel);
}

static void test_file_syscall_refused(void **state)
{
	struct fixture *f = *state;
	struct load l = {.kernel = probe(f, "probe-mb2.elf"),
			 .mode = KX_SYSCALL_FILE};

	expect_failure(f, &l,
		       "kexec_file_load cannot load Multiboot kernels; use -c "
		       "or -a");
	assert_non_null(strstr(kx_ctx_message(f->ctx), l.kernel));
}

/* Code at 0x100070, data in the same page, the block after the bss: one
 * segment from 0x100000. */
static void test_unaligned_merged(void **state)
{
	struct fixture *f = *state;
	struct load l = {.kernel = probe(f, "probe-mb1-unaligned.elf"),
			 .mode = KX_SYSCALL_CLASSIC};
	struct seg s;

	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(u64(f, KX_KEY_IMAGE_START), 0x100070);
	assert_int_equal(u64(f, KX_KEY_MB_ENTRY), 0x100080);
	s = segment_at(f->plan, 0x100070);
	assert_int_equal(s.mem, 0x100000);
	assert_string_equal(s.name, "kernel 0+kernel 1+multiboot info");
	assert_true(s.mem + s.memsz >=
		    u64(f, KX_KEY_INFO_ADDR) + u64(f, KX_KEY_INFO_SIZE));
	/* Zeros before 0x100070 are part of the hashed data. */
	assert_true(s.bufsz > u64(f, KX_KEY_IMAGE_END) - 0x100000);
	check_segments(f->plan);
}

static void test_mb2_probe(void **state)
{
	struct fixture *f = *state;
	char specs[2][600];
	const char *mods[2];
	struct load l = {.kernel = probe(f, "probe-mb2.elf"),
			 .cmdline = "x=2",
			 .modules = mods,
			 .n_modules = 2,
			 .mode = KX_SYSCALL_CLASSIC};
	const kx_plan *p;
	size_t n;

	two_modules(f, specs, mods);
	assert_int_equal(plan(f, &l), 0);
	p = f->plan;
	assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE), KX_IMAGE_MULTIBOOT2);
	assert_int_equal(u64(f, KX_KEY_MB_VERSION), 2);
	assert_int_equal(u64(f, KX_KEY_MB_MAGIC), 0x36D76289);
	assert_int_equal(u64(f, KX_KEY_ENTRY32), 1);
	check_placement(f);
	check_segments(p);
	assert_int_equal(u64(f, KX_KEY_INFO_LOAD_BASE), 0x200000);
	assert_int_equal(kx_plan_count(p, KX_LIST_INFO_MODULES), 2);
	/* The fixture root has no /dev/mem: the RSDP is left out, and the
	 * plan says so. */
	assert_false(th_has(p, KX_KEY_INFO_RSDP_OLD_LEN));
	assert_false(th_has(p, KX_KEY_INFO_RSDP_NEW_LEN));
	assert_false(th_has(p, KX_KEY_INFO_RSDP_REVISION));
	assert_false(th_has(p, KX_KEY_INFO_RSDT));
	assert_false(th_has(p, KX_KEY_INFO_XSDT));
	n = note_find(p, KX_NOTE_RSDP_UNREADABLE);
	assert_int_not_equal(n, TH_NONE);
	assert_int_equal(th_item_u64(p, KX_LIST_NOTES, n, KX_KEY_ADDR),
			 FIXTURE_RSDP);
	assert_int_equal(th_item_u64(p, KX_LIST_NOTES, n, KX_KEY_TYPE),
			 KX_REASON_ERRNO);
	assert_int_equal(th_item_u64(p, KX_LIST_NOTES, n, KX_KEY_ERRNO),
			 ENOENT);
	assert_int_equal(note_find(p, KX_NOTE_RSDP_PASSED), TH_NONE);
}

static void copy_fixture(const char *root, const char *path)
{
	char *src = th_path(BIOS_ROOT, path);
	char buf[8192];
	FILE *in = fopen(src, "rb");
	size_t n;

	assert_non_null(in);
	n = fread(buf, 1, sizeof(buf), in);
	fclose(in);
	th_write(root, path, buf, n);
	free(src);
}

/* A root with the fixture's memory map and boot_params, and a /dev/mem
 * holding an ACPI 1.0 RSDP where boot_params says it is. */
static char *root_with_dev_mem(struct fixture *f)
{
	static const char *const files[] = {"start", "end", "type"};
	uint8_t rsdp[20] = "RSD PTR ";
	char *root = th_path(f->tmp, "root"), path[128], *mem;
	uint8_t sum = 0;
	int fd;

	for (int i = 0; i < 7; i++)
		for (int j = 0; j < 3; j++) {
			snprintf(path, sizeof(path),
				 "sys/firmware/memmap/%d/%s", i, files[j]);
			copy_fixture(root, path);
		}
	copy_fixture(root, "sys/kernel/boot_params/data");
	memcpy(rsdp + 9, "KXTEST", 6);
	rsdp[16] = 0x78; /* RSDT 0x3ffe1278 */
	rsdp[17] = 0x12;
	rsdp[18] = 0xfe;
	rsdp[19] = 0x3f;
	for (int i = 0; i < 20; i++)
		sum = (uint8_t)(sum + rsdp[i]);
	rsdp[8] = (uint8_t)-sum;
	th_write(root, "dev/mem", "", 0);
	mem = th_path(root, "dev/mem");
	fd = open(mem, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, rsdp, sizeof(rsdp), FIXTURE_RSDP),
			 sizeof(rsdp));
	close(fd);
	free(mem);
	return root;
}

static void test_mb2_rsdp_from_dev_mem(void **state)
{
	struct fixture *f = *state;
	struct load l = {.kernel = probe(f, "probe-mb2.elf"),
			 .mode = KX_SYSCALL_CLASSIC};
	char *root = root_with_dev_mem(f);
	const kx_plan *p;
	size_t n;

	kx_ctx_set_root(f->ctx, root);
	assert_int_equal(plan(f, &l), 0);
	p = f->plan;
	assert_int_equal(u64(f, KX_KEY_INFO_RSDP_OLD_LEN), 20);
	assert_int_equal(u64(f, KX_KEY_INFO_RSDP_REVISION), 0);
	assert_int_equal(u64(f, KX_KEY_INFO_RSDT), 0x3ffe1278);
	assert_false(th_has(p, KX_KEY_INFO_RSDP_NEW_LEN));
	n = note_find(p, KX_NOTE_RSDP_PASSED);
	assert_int_not_equal(n, TH_NONE);
	assert_int_equal(th_item_u64(p, KX_LIST_NOTES, n, KX_KEY_ADDR),
			 FIXTURE_RSDP);
	assert_int_equal(th_item_u64(p, KX_LIST_NOTES, n, KX_KEY_SIZE), 20);
	/* Where the address came from: the running boot_params. */
	assert_int_equal(th_item_u64(p, KX_LIST_NOTES, n, KX_KEY_TYPE),
			 KX_SOURCE_BOOT_PARAMS);
	assert_int_equal(note_find(p, KX_NOTE_RSDP_UNREADABLE), TH_NONE);
	free(root);
}

/* A plain ELF64 kernel: a 64-bit jump to its entry, nothing else. */
static void test_elf64_probe(void **state)
{
	struct fixture *f = *state;
	struct load l = {.kernel = probe(f, "probe64.elf")};
	const kx_plan *p;

	assert_int_equal(plan(f, &l), 0);
	p = f->plan;
	assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE), KX_IMAGE_ELF);
	assert_int_equal(u64(f, KX_KEY_MB_VERSION), 0);
	assert_int_equal(u64(f, KX_KEY_ELF_CLASS), 64);
	assert_int_equal(u64(f, KX_KEY_ENTRY32), 0);
	assert_int_equal(u64(f, KX_KEY_MB_ENTRY), 0x200000);
	assert_int_equal(u64(f, KX_KEY_INFO_ADDR), 0);
	/* No information block, so nothing read back from one. */
	assert_false(th_has(p, KX_KEY_INFO_FLAGS));
	assert_false(th_has(p, KX_KEY_INFO_TAGS));
	assert_false(th_has(p, KX_KEY_INFO_CMDLINE));
	assert_false(th_has(p, KX_KEY_INFO_LOADER_NAME));
	assert_int_equal(kx_plan_count(p, KX_LIST_INFO_MMAP), 0);
	assert_int_equal(kx_plan_count(p, KX_LIST_INFO_MODULES), 0);
	assert_int_equal(u64(f, KX_KEY_SYSCALL_REASON),
			 KX_REASON_FILE_LOAD_NO_ELF);
	assert_int_equal(u64(f, KX_KEY_SYSCALL), KX_SYSCALL_CLASSIC);
	segment_at(p, u64(f, KX_KEY_ENTRY));
	segment_at(p, 0x200000);
}

static void test_elf64_refusals(void **state)
{
	struct fixture *f = *state;
	const char *mods[1] = {f->mods[1]};
	struct load l = {
	    .kernel = probe(f, "probe64.elf"), .modules = mods, .n_modules = 1};

	expect_failure(f, &l, "--module needs a Multiboot kernel");
	l.n_modules = 0;
	l.cmdline = "quiet";
	expect_failure(f, &l, "a plain ELF kernel gets no information block");
}

static void test_other_refusals(void **state)
{
	struct fixture *f = *state;
	const char *mods[1] = {"/nonexistent/module.bin arg"};
	struct load l = {.kernel = probe(f, "probe-mb1.elf"),
			 .initrd = f->mods[1]};

	expect_failure(f, &l, "--initrd is for Linux kernels");
	l.initrd = NULL;
	l.flags = KX_LOAD_CRASH;
	expect_failure(f, &l, "a crash kernel (-p) must be a Linux bzImage");
	l.flags = 0;
	l.modules = mods;
	l.n_modules = 1;
	expect_failure(f, &l, "/nonexistent/module.bin");
	/* A device is refused by type, never read: it has no end. */
	mods[0] = "/dev/zero";
	expect_failure(f, &l, "/dev/zero: not a regular file");
	/* The request refuses it when it is added. */
	mods[0] = "   ";
	expect_failure(f, &l, "--module names no file");
	/* --type=elf on a 32-bit Multiboot image. */
	l.n_modules = 0;
	l.type = "elf";
	expect_failure(f, &l, "a 32-bit ELF kernel needs a Multiboot header");
}

static void test_module_with_bzimage(void **state)
{
	struct fixture *f = *state;
	uint8_t *image = th_make_bzimage(64 * 1024, 0x020f, 0x7f);
	char *kernel = th_path(f->tmp, "vmlinuz");
	const char *mods[1] = {f->mods[1]};
	struct load l = {.kernel = kernel, .modules = mods, .n_modules = 1};

	th_write(f->tmp, "vmlinuz", image, 64 * 1024);
	expect_failure(f, &l, "--module is for Multiboot kernels");
	free(image);
	free(kernel);
}

/* gzip'd as a whole, as Xen ships: unpacked before the header is read. */
static void test_gzip_image(void **state)
{
	struct fixture *f = *state;
	const char *src = probe(f, "probe-mb1.elf");
	char *gz = th_path(f->tmp, "probe.elf.gz"), buf[65536];
	struct load l = {.kernel = gz};
	FILE *in = fopen(src, "rb");
	gzFile out = gzopen(gz, "wb9");
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(gzwrite(out, buf, (unsigned)n), (int)n);
	fclose(in);
	assert_int_equal(gzclose(out), Z_OK);
	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(u64(f, KX_KEY_KERNEL_COMPRESSION), KX_COMP_GZIP);
	assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE), KX_IMAGE_MULTIBOOT1);
	assert_int_equal(u64(f, KX_KEY_IMAGE_START), 0x200000);
	free(gz);
}

/* ---- images made here ------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

#define GEN_SIZE 0x4000

/* A Multiboot 1 header with FLAGS at 0x40 of a GEN_SIZE file of filler;
 * a.out fields when flag 16 asks. */
static uint8_t *mb1_image(uint32_t flags, uint32_t load, uint32_t load_end,
			  uint32_t bss_end, uint32_t entry)
{
	uint8_t *d = calloc(1, GEN_SIZE);

	for (size_t i = 0x100; i < GEN_SIZE; i++)
		d[i] = (uint8_t)(i % 251);
	put32(d + 0x40, MB1_MAGIC);
	put32(d + 0x44, flags);
	put32(d + 0x48, (uint32_t) - (MB1_MAGIC + flags));
	put32(d + 0x4c, load + 0x40);
	put32(d + 0x50, load);
	put32(d + 0x54, load_end);
	put32(d + 0x58, bss_end);
	put32(d + 0x5c, entry);
	return d;
}

static char *write_image(struct fixture *f, const char *name, const uint8_t *d,
			 size_t size)
{
	th_write(f->tmp, name, d, size);
	return th_path(f->tmp, name);
}

/* The a.out kludge: the whole file at load_addr, then the bss. */
static void test_aout_kludge(void **state)
{
	struct fixture *f = *state;
	uint8_t *d = mb1_image(0x10003, 0x300000, 0,
			       0x300000 + GEN_SIZE + 0x3000, 0x300100);
	char *k = write_image(f, "aout.bin", d, GEN_SIZE);
	struct load l = {.kernel = k};
	struct seg s;

	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE), KX_IMAGE_MULTIBOOT1);
	assert_int_equal(u64(f, KX_KEY_ELF_CLASS), 0);
	assert_int_equal(u64(f, KX_KEY_IMAGE_START), 0x300000);
	assert_int_equal(u64(f, KX_KEY_IMAGE_END),
			 0x300000 + GEN_SIZE + 0x3000);
	assert_int_equal(u64(f, KX_KEY_MB_ENTRY), 0x300100);
	s = segment_at(f->plan, 0x300000);
	/* The bss is memory, not data: zero-filled by the kernel, checked
	 * zero by the purgatory. */
	assert_true(s.memsz >= GEN_SIZE + 0x3000);
	check_placement(f);
	free(d);
	free(k);
}

static void test_mb1_malformed(void **state)
{
	struct fixture *f = *state;
	uint8_t *d = mb1_image(0x10003, 0x300000, 0, 0, 0x300100);
	char *k;
	struct load l = {0};

	d[0x48] ^= 1; /* checksum */
	k = write_image(f, "badsum", d, GEN_SIZE);
	l.kernel = k;
	expect_failure(f, &l, "bad checksum");
	free(k);
	free(d);
	d = mb1_image(0x10023, 0x300000, 0, 0, 0x300100); /* bit 5 */
	k = write_image(f, "unknown", d, GEN_SIZE);
	l.kernel = k;
	expect_failure(f, &l, "unknown mandatory feature bit 5");
	free(k);
	free(d);
	d = mb1_image(0x10003, 0x300000, 0x300000 + 2 * GEN_SIZE, 0, 0x300100);
	k = write_image(f, "truncated", d, GEN_SIZE);
	l.kernel = k;
	expect_failure(f, &l, "truncated");
	free(k);
	free(d);
	/* Loaded across the end of RAM. */
	d = mb1_image(0x10003, RAM_TOP - 0x1000, 0, 0,
		      RAM_TOP - 0x1000 + 0x100);
	k = write_image(f, "outside", d, GEN_SIZE);
	l.kernel = k;
	expect_failure(f, &l, "is not all in RAM");
	assert_non_null(strstr(kx_ctx_message(f->ctx), k));
	free(k);
	free(d);
}

/* An ELF32 with a Multiboot 1 header and two segments [A, A + LEN) and
 * [B, B + LEN), or no header. */
static uint8_t *elf32_image(uint32_t a, uint32_t b, uint32_t len, bool mb1)
{
	uint8_t *d = calloc(1, GEN_SIZE);
	const uint32_t addrs[2] = {a, b};

	memcpy(d, "\177ELF\1\1\1", 7);
	put16(d + 16, 2); /* ET_EXEC */
	put16(d + 18, 3); /* EM_386 */
	put32(d + 20, 1);
	put32(d + 24, a);  /* entry */
	put32(d + 28, 52); /* phoff */
	put16(d + 40, 52);
	put16(d + 42, 32);
	put16(d + 44, 2);
	for (int i = 0; i < 2; i++) {
		uint8_t *p = d + 52 + 32 * i;

		put32(p, 1); /* PT_LOAD */
		put32(p + 4, 0x1000 + 0x1000 * (uint32_t)i);
		put32(p + 8, addrs[i]);
		put32(p + 12, addrs[i]);
		put32(p + 16, len);
		put32(p + 20, len);
		put32(p + 24, 5);
	}
	if (mb1) {
		put32(d + 0x200, MB1_MAGIC);
		put32(d + 0x204, 3);
		put32(d + 0x208, (uint32_t) - (MB1_MAGIC + 3));
	}
	return d;
}

static void test_elf_malformed(void **state)
{
	struct fixture *f = *state;
	uint8_t *d = elf32_image(0x300000, 0x300800, 0x1000, true);
	char *k = write_image(f, "overlap", d, GEN_SIZE);
	struct load l = {.kernel = k};

	expect_failure(f, &l, "overlap");
	free(k);
	free(d);
	d = elf32_image(0x300000, 0x400000, 0x1000, false);
	k = write_image(f, "noheader", d, GEN_SIZE);
	l.kernel = k;
	expect_failure(f, &l, "a 32-bit ELF kernel needs a Multiboot header");
	free(k);
	free(d);
	/* The second segment in the reserved range past the end of RAM. */
	d = elf32_image(0x300000, (uint32_t)RAM_TOP, 0x1000, true);
	k = write_image(f, "pastram", d, GEN_SIZE);
	l.kernel = k;
	expect_failure(f, &l, "kernel segment 1");
	assert_non_null(strstr(kx_ctx_message(f->ctx), "not all in RAM"));
	free(k);
	free(d);
}

/* Two ELF segments at byte addresses sharing a page: one segment. */
static void test_elf_pieces_share_a_page(void **state)
{
	struct fixture *f = *state;
	uint8_t *d = elf32_image(0x300010, 0x301100, 0x1000, true);
	char *k = write_image(f, "shared", d, GEN_SIZE);
	struct load l = {.kernel = k};
	struct seg s;

	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE), KX_IMAGE_MULTIBOOT1);
	s = segment_at(f->plan, 0x300010);
	assert_int_equal(s.mem, 0x300000);
	assert_non_null(strstr(s.name, "kernel 0+kernel 1"));
	assert_int_equal(s.memsz, 0x3000);
	free(k);
	free(d);
}

/* A Multiboot 2 a.out-kludge image at 0x300000 with a relocatable tag. */
static uint8_t *mb2_reloc_image(uint32_t min, uint32_t max, uint32_t align,
				uint32_t pref)
{
	uint8_t *d = calloc(1, GEN_SIZE);
	uint8_t *h = d + 0x40, *t = h + 16;
	uint32_t len = 16 + 24 + 16 + 24 + 8;

	for (size_t i = 0x100; i < GEN_SIZE; i++)
		d[i] = (uint8_t)(i % 251);
	put32(h, MB2_MAGIC);
	put32(h + 8, len);
	put32(h + 12, (uint32_t) - (MB2_MAGIC + len));
	put16(t, 2); /* address */
	put32(t + 4, 24);
	put32(t + 8, 0x300040);
	put32(t + 12, 0x300000);
	put32(t + 20, 0x300000 + GEN_SIZE + 0x1000); /* bss end */
	t += 24;
	put16(t, 3); /* entry */
	put32(t + 4, 12);
	put32(t + 8, 0x300200);
	t += 16;
	put16(t, 10); /* relocatable */
	put32(t + 4, 24);
	put32(t + 8, min);
	put32(t + 12, max);
	put32(t + 16, align);
	put32(t + 20, pref);
	t += 24;
	put32(t + 4, 8); /* end */
	return d;
}

static void test_mb2_relocatable(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint32_t pref;
		uint64_t want;
	} cases[] = {
	    {0, 0x1000000}, /* linked at 0x300000, outside: lowest */
	    {1, 0x1000000},
	    {2, 0x1e00000}, /* highest aligned start that fits */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *d = mb2_reloc_image(0x1000000, 0x2000000, 0x200000,
					     cases[i].pref);
		char *k = write_image(f, "reloc", d, GEN_SIZE);
		struct load l = {.kernel = k};

		assert_int_equal(plan(f, &l), 0);
		assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE),
				 KX_IMAGE_MULTIBOOT2);
		assert_int_equal(u64(f, KX_KEY_IMAGE_START), cases[i].want);
		assert_int_equal(u64(f, KX_KEY_RELOCATED), 1);
		assert_int_equal(u64(f, KX_KEY_MB_ENTRY),
				 cases[i].want + 0x200);
		assert_true(u64(f, KX_KEY_IMAGE_END) <= 0x2000000);
		/* The block tells the kernel where it went. */
		assert_int_equal(u64(f, KX_KEY_INFO_LOAD_BASE), cases[i].want);
		free(k);
		free(d);
	}
}

/* Preference none and the linked address free: it stays there. */
static void test_mb2_relocatable_stays(void **state)
{
	struct fixture *f = *state;
	uint8_t *d = mb2_reloc_image(0x100000, 0x2000000, 0x1000, 0);
	char *k = write_image(f, "stays", d, GEN_SIZE);
	struct load l = {.kernel = k};

	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(u64(f, KX_KEY_IMAGE_START), 0x300000);
	assert_int_equal(u64(f, KX_KEY_RELOCATED), 0);
	free(k);
	free(d);
	d = mb2_reloc_image(0x1000000, 0x1001000, 0x1000, 0);
	k = write_image(f, "nofit", d, GEN_SIZE);
	l.kernel = k;
	expect_failure(f, &l, "does not fit between min_addr");
	free(k);
	free(d);
}

/* A module too large for the RAM left below the top MiB is refused
 * rather than put there; one that just fits ends below it.  Sparse files
 * and -i keep this fast. */
static void test_top_mib_kept_free(void **state)
{
	struct fixture *f = *state;
	char *big = th_path(f->tmp, "big");
	const char *mods[1] = {big};
	struct load l = {.kernel = probe(f, "probe-mb1.elf"),
			 .modules = mods,
			 .n_modules = 1,
			 .flags = KX_LOAD_NO_CHECKS};
	uint64_t room;
	int fd;

	/* From where a module goes to the reserved megabyte. */
	mods[0] = f->mods[1];
	assert_int_equal(plan(f, &l), 0);
	room = RAM_TOP - MIB - module_u64(f, 0, KX_KEY_START);
	mods[0] = big;
	fd = open(big, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)room), 0);
	close(fd);
	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(module_u64(f, 0, KX_KEY_START) +
			     module_u64(f, 0, KX_KEY_SIZE),
			 RAM_TOP - MIB);
	fd = open(big, O_WRONLY);
	assert_int_equal(ftruncate(fd, (off_t)room + 1), 0);
	close(fd);
	assert_int_not_equal(plan(f, &l), 0);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "module 0"));
	free(big);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* A plain ELF64 kernel: one PT_LOAD of 0x1000 bytes at ADDR, entered
 * there. */
static uint8_t *elf64_image(uint64_t addr)
{
	uint8_t *d = calloc(1, GEN_SIZE);
	uint8_t *ph = d + 64;

	memcpy(d, "\177ELF\2\1\1", 7);
	put16(d + 16, 2);  /* ET_EXEC */
	put16(d + 18, 62); /* EM_X86_64 */
	put32(d + 20, 1);
	put64(d + 24, addr); /* entry */
	put64(d + 32, 64);   /* phoff */
	put16(d + 52, 64);
	put16(d + 54, 56);
	put16(d + 56, 1);
	put32(ph, 1); /* PT_LOAD */
	put32(ph + 4, 5);
	put64(ph + 8, 0x1000);
	put64(ph + 16, addr);
	put64(ph + 24, addr);
	put64(ph + 32, 0x1000);
	put64(ph + 40, 0x1000);
	put64(ph + 48, 0x1000);
	for (size_t i = 0x1000; i < 0x2000; i++)
		d[i] = (uint8_t)(i % 251);
	return d;
}

/* Every loader names its image type; under -a the ones kexec_file_load
 * cannot parse go to kexec_load and say why, under -c they just go. */
static void test_types_and_reasons(void **state)
{
	struct fixture *f = *state;
	struct {
		const char *name;
		uint8_t *image;
		enum kx_image_type type;
		enum kx_reason why;
	} cases[] = {
	    {"mb1", mb1_image(0x10003, 0x300000, 0, 0, 0x300100),
	     KX_IMAGE_MULTIBOOT1, KX_REASON_FILE_LOAD_NO_MULTIBOOT},
	    {"mb2", mb2_reloc_image(0x100000, 0x2000000, 0x1000, 0),
	     KX_IMAGE_MULTIBOOT2, KX_REASON_FILE_LOAD_NO_MULTIBOOT},
	    {"elf64", elf64_image(0x400000), KX_IMAGE_ELF,
	     KX_REASON_FILE_LOAD_NO_ELF},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *k = write_image(f, cases[i].name, cases[i].image,
				      GEN_SIZE);
		struct load l = {.kernel = k, .mode = KX_SYSCALL_AUTO};

		assert_int_equal(plan(f, &l), 0);
		assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE), cases[i].type);
		assert_int_equal(u64(f, KX_KEY_SYSCALL_REASON), cases[i].why);
		assert_int_equal(u64(f, KX_KEY_SYSCALL), KX_SYSCALL_CLASSIC);
		assert_int_equal(u64(f, KX_KEY_SYSCALL_USED),
				 KX_SYSCALL_CLASSIC);
		assert_true(th_classic(f->plan));
		check_segments(f->plan);
		l.mode = KX_SYSCALL_CLASSIC;
		assert_int_equal(plan(f, &l), 0);
		assert_int_equal(u64(f, KX_KEY_IMAGE_TYPE), cases[i].type);
		assert_int_equal(u64(f, KX_KEY_SYSCALL), KX_SYSCALL_CLASSIC);
		assert_false(th_has(f->plan, KX_KEY_SYSCALL_REASON));
		free(k);
		free(cases[i].image);
	}
	assert_int_equal(f->k.file_calls + f->k.load_calls, 0);
}

/* A plain ELF64 kernel made here (the probe's may be absent): a 64-bit
 * jump to its entry, its one piece where it asked. */
static void test_elf64_made_here(void **state)
{
	struct fixture *f = *state;
	uint8_t *d = elf64_image(0x400000);
	char *k = write_image(f, "elf64", d, GEN_SIZE);
	struct load l = {.kernel = k};
	struct seg s;

	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(u64(f, KX_KEY_MB_VERSION), 0);
	assert_int_equal(u64(f, KX_KEY_ELF_CLASS), 64);
	assert_int_equal(u64(f, KX_KEY_ENTRY32), 0);
	assert_int_equal(u64(f, KX_KEY_MB_ENTRY), 0x400000);
	assert_int_equal(u64(f, KX_KEY_IMAGE_START), 0x400000);
	assert_int_equal(u64(f, KX_KEY_IMAGE_END), 0x401000);
	assert_int_equal(u64(f, KX_KEY_INFO_ADDR), 0);
	s = segment_at(f->plan, 0x400000);
	assert_int_equal(s.mem, 0x400000);
	assert_int_equal(s.bufsz, 0x1000);
	segment_at(f->plan, u64(f, KX_KEY_ENTRY));
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.load_calls, 1);
	assert_int_equal(f->k.file_calls, 0);
	free(k);
	free(d);
}

/* A good load stays loaded when a later image is refused. */
static void test_refusal_keeps_previous(void **state)
{
	struct fixture *f = *state;
	struct load l = {.kernel = probe(f, "probe-mb2.elf")};
	uint8_t *d = mb1_image(0x10023, 0x300000, 0, 0, 0x300100);
	char *k;

	assert_int_equal(plan(f, &l), 0);
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.loaded, 1);
	k = write_image(f, "bad", d, GEN_SIZE);
	l.kernel = k;
	assert_int_not_equal(plan(f, &l), 0);
	assert_int_equal(f->k.load_calls, 1);
	assert_int_equal(f->k.loaded, 1);
	free(k);
	free(d);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_mb1_probe),
	    T(test_auto_goes_to_kexec_load),
	    T(test_file_syscall_refused),
	    T(test_unaligned_merged),
	    T(test_mb2_probe),
	    T(test_mb2_rsdp_from_dev_mem),
	    T(test_elf64_probe),
	    T(test_elf64_refusals),
	    T(test_other_refusals),
	    T(test_module_with_bzimage),
	    T(test_gzip_image),
	    T(test_aout_kludge),
	    T(test_mb1_malformed),
	    T(test_elf_malformed),
	    T(test_elf_pieces_share_a_page),
	    T(test_mb2_relocatable),
	    T(test_mb2_relocatable_stays),
	    T(test_top_mib_kept_free),
	    T(test_refusal_keeps_previous),
	    T(test_types_and_reasons),
	    T(test_elf64_made_here),
	};

	return th_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
