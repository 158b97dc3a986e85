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

static int plan(struct fixture *f, const struct load *l)
{
	struct kx_load_request req = {
	    .kernel = l->kernel,
	    .cmdline = l->cmdline,
	    .initrd = l->initrd,
	    .type = l->type,
	    .syscall = l->mode,
	    .flags = l->flags,
	    .modules = l->modules,
	    .n_modules = l->n_modules,
	};

	kx_plan_free(f->plan);
	f->plan = NULL;
	return kx_plan_create(f->ctx, &req, &f->plan);
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

static const struct kx_plan_segment *segment_at(const struct kx_plan_info *in,
						uint64_t addr)
{
	for (size_t i = 0; i < in->nr_segments; i++)
		if (addr >= in->segments[i].mem &&
		    addr - in->segments[i].mem < in->segments[i].memsz)
			return &in->segments[i];
	return NULL;
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
static void check_segments(const struct kx_plan_info *in)
{
	for (size_t i = 0; i < in->nr_segments; i++) {
		const struct kx_plan_segment *s = &in->segments[i];

		assert_int_equal(s->mem % 4096, 0);
		assert_int_equal(s->memsz % 4096, 0);
		assert_true(s->bufsz <= s->memsz);
		assert_true(s->mem >= 0x10000);
		assert_true(s->mem + s->memsz <= RAM_TOP - MIB);
		assert_true(s->mem + s->memsz <= FOUR_GIB);
		for (size_t j = 0; j < i; j++)
			assert_true(s->mem + s->memsz <= in->segments[j].mem ||
				    in->segments[j].mem +
					    in->segments[j].memsz <=
					s->mem);
	}
}

/* Information block just above the image, modules after it in order,
 * page aligned, the last ending highest. */
static void check_placement(const struct kx_multiboot_boot *mb)
{
	uint64_t end;

	assert_true(mb->info_addr >= mb->image_end);
	assert_true(mb->info_addr - mb->image_end < 8);
	assert_int_equal(mb->info_addr % 8, 0);
	end = mb->info_addr + mb->info_size;
	for (size_t i = 0; i < mb->n_modules; i++) {
		assert_int_equal(mb->modules[i].addr % 4096, 0);
		assert_true(mb->modules[i].addr >= end);
		/* The next page boundary: nothing in between. */
		assert_true(mb->modules[i].addr - end < 4096);
		end = mb->modules[i].addr + mb->modules[i].size;
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
	const struct kx_plan_info *in;
	const struct kx_multiboot_boot *mb;

	two_modules(f, specs, mods);
	assert_int_equal(plan(f, &l), 0);
	in = kx_plan_info(f->plan);
	mb = &in->multiboot;
	assert_int_equal(in->type, KX_IMAGE_MULTIBOOT1);
	assert_true(in->classic);
	assert_int_equal(mb->version, 1);
	assert_int_equal(mb->elf_class, 32);
	assert_true(mb->entry32);
	assert_int_equal(mb->magic, 0x2BADB002);
	assert_int_equal(mb->image_start, 0x200000);
	assert_int_equal(mb->entry, 0x200020);
	assert_int_equal(mb->n_modules, 2);
	assert_string_equal(mb->modules[0].cmdline, specs[0]);
	assert_string_equal(mb->modules[0].path, f->mods[0]);
	assert_int_equal(mb->modules[0].size, 10000);
	check_placement(mb);
	check_segments(in);
	/* The purgatory is the entry, below 4 GiB for its 32-bit handover. */
	assert_non_null(segment_at(in, in->entry));
	assert_true(mb->purgatory_addr < FOUR_GIB);
	/* The image's path first, then the command line. */
	snprintf(want, sizeof(want), "%s a=1 b", l.kernel);
	assert_string_equal(in->cmdline, want);
	snprintf(want, sizeof(want), "cmdline: %s a=1 b\n", l.kernel);
	assert_non_null(strstr(mb->info_text, want));
	assert_non_null(
	    strstr(mb->info_text, "boot_loader_name: libkexec 0.1.0\n"));
	snprintf(want, sizeof(want), "(10000 bytes) %s arg1 arg2\n",
		 f->mods[0]);
	assert_non_null(strstr(mb->info_text, want));
	assert_non_null(strstr(mb->info_text, "mmap: 7 entries\n"));
	assert_string_equal(mb->memmap_source, "/sys/firmware/memmap");
	assert_true(mb->checks);
}

/* -a goes straight to kexec_load, says why, and loads with one call. */
static void test_auto_goes_to_kexec_load(void **state)
{
	struct fixture *f = *state;
	struct load l = {.kernel = probe(f, "probe-mb1.elf"),
			 .mode = KX_SYSCALL_AUTO};
	const struct kx_plan_info *in;

	assert_int_equal(plan(f, &l), 0);
	in = kx_plan_info(f->plan);
	assert_int_equal(in->syscall, KX_SYSCALL_CLASSIC);
	assert_non_null(in->syscall_note);
	assert_non_null(strstr(in->syscall_note, "cannot parse Multiboot"));
	assert_int_equal(kx_plan_load(f->ctx, f->plan), 0);
	assert_int_equal(f->k.file_calls, 0);
	assert_int_equal(f->k.load_calls, 1);
	assert_int_equal(f->k.last_flags, KX_ARCH_X86_64);
	assert_int_equal(f->k.last_entry, in->entry);
	assert_int_equal(f->k.last_nr_segments, in->nr_segments);
	assert_int_equal(in->used, KX_SYSCALL_CLASSIC);
	/* No command line: the path alone. */
	assert_string_equal(in->cmdline, l.kernel);
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
	const struct kx_plan_info *in;
	const struct kx_plan_segment *s;

	assert_int_equal(plan(f, &l), 0);
	in = kx_plan_info(f->plan);
	assert_int_equal(in->multiboot.image_start, 0x100070);
	assert_int_equal(in->multiboot.entry, 0x100080);
	s = segment_at(in, 0x100070);
	assert_non_null(s);
	assert_int_equal(s->mem, 0x100000);
	assert_string_equal(s->what, "kernel 0+kernel 1+multiboot info");
	assert_true(s->mem + s->memsz >=
		    in->multiboot.info_addr + in->multiboot.info_size);
	/* Zeros before 0x100070 are part of the hashed data. */
	assert_true(s->bufsz > in->multiboot.image_end - 0x100000);
	check_segments(in);
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
	const struct kx_multiboot_boot *mb;

	two_modules(f, specs, mods);
	assert_int_equal(plan(f, &l), 0);
	mb = &kx_plan_info(f->plan)->multiboot;
	assert_int_equal(kx_plan_info(f->plan)->type, KX_IMAGE_MULTIBOOT2);
	assert_int_equal(mb->version, 2);
	assert_int_equal(mb->magic, 0x36D76289);
	assert_true(mb->entry32);
	check_placement(mb);
	check_segments(kx_plan_info(f->plan));
	assert_non_null(strstr(mb->info_text, "load_base_addr: 0x00200000\n"));
	assert_non_null(strstr(mb->info_text, "modules: 2\n"));
	/* The fixture root has no /dev/mem: the RSDP is left out, and the
	 * plan says so. */
	assert_null(strstr(mb->info_text, "acpi_"));
	assert_non_null(strstr(mb->notes, "ACPI RSDP: not passed: cannot read "
					  "it at 0xf59d0 through /dev/mem"));
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
	const struct kx_multiboot_boot *mb;

	kx_ctx_set_root(f->ctx, root);
	assert_int_equal(plan(f, &l), 0);
	mb = &kx_plan_info(f->plan)->multiboot;
	assert_non_null(strstr(mb->info_text, "acpi_old_rsdp: 20 bytes, "
					      "revision 0, RSDT 0x3ffe1278\n"));
	assert_non_null(strstr(mb->notes, "ACPI RSDP: 0xf59d0 (from "));
	free(root);
}

/* A plain ELF64 kernel: a 64-bit jump to its entry, nothing else. */
static void test_elf64_probe(void **state)
{
	struct fixture *f = *state;
	struct load l = {.kernel = probe(f, "probe64.elf")};
	const struct kx_plan_info *in;
	const struct kx_multiboot_boot *mb;

	assert_int_equal(plan(f, &l), 0);
	in = kx_plan_info(f->plan);
	mb = &in->multiboot;
	assert_int_equal(in->type, KX_IMAGE_ELF);
	assert_int_equal(mb->version, 0);
	assert_int_equal(mb->elf_class, 64);
	assert_false(mb->entry32);
	assert_int_equal(mb->entry, 0x200000);
	assert_int_equal(mb->info_addr, 0);
	assert_string_equal(mb->info_text, "");
	assert_non_null(strstr(in->syscall_note, "ELF"));
	assert_non_null(segment_at(in, in->entry));
	assert_non_null(segment_at(in, 0x200000));
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
	mods[0] = "   ";
	expect_failure(f, &l, "--module needs a file name");
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
	assert_int_equal(kx_plan_info(f->plan)->kernel.compression,
			 KX_COMP_GZIP);
	assert_int_equal(kx_plan_info(f->plan)->type, KX_IMAGE_MULTIBOOT1);
	assert_int_equal(kx_plan_info(f->plan)->multiboot.image_start,
			 0x200000);
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
	const struct kx_plan_info *in;
	const struct kx_plan_segment *s;

	assert_int_equal(plan(f, &l), 0);
	in = kx_plan_info(f->plan);
	assert_int_equal(in->type, KX_IMAGE_MULTIBOOT1);
	assert_int_equal(in->multiboot.elf_class, 0);
	assert_int_equal(in->multiboot.image_start, 0x300000);
	assert_int_equal(in->multiboot.image_end, 0x300000 + GEN_SIZE + 0x3000);
	assert_int_equal(in->multiboot.entry, 0x300100);
	s = segment_at(in, 0x300000);
	assert_non_null(s);
	/* The bss is memory, not data: zero-filled by the kernel, checked
	 * zero by the purgatory. */
	assert_true(s->memsz >= GEN_SIZE + 0x3000);
	check_placement(&in->multiboot);
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
	const struct kx_plan_segment *s;

	assert_int_equal(plan(f, &l), 0);
	s = segment_at(kx_plan_info(f->plan), 0x300010);
	assert_non_null(s);
	assert_int_equal(s->mem, 0x300000);
	assert_non_null(strstr(s->what, "kernel 0+kernel 1"));
	assert_int_equal(s->memsz, 0x3000);
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
	char want[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *d = mb2_reloc_image(0x1000000, 0x2000000, 0x200000,
					     cases[i].pref);
		char *k = write_image(f, "reloc", d, GEN_SIZE);
		struct load l = {.kernel = k};
		const struct kx_multiboot_boot *mb;

		assert_int_equal(plan(f, &l), 0);
		mb = &kx_plan_info(f->plan)->multiboot;
		assert_int_equal(mb->image_start, cases[i].want);
		assert_true(mb->relocated);
		assert_int_equal(mb->entry, cases[i].want + 0x200);
		assert_true(mb->image_end <= 0x2000000);
		snprintf(want, sizeof(want), "load_base_addr: 0x%08llx\n",
			 (unsigned long long)cases[i].want);
		assert_non_null(strstr(mb->info_text, want));
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
	assert_int_equal(kx_plan_info(f->plan)->multiboot.image_start,
			 0x300000);
	assert_false(kx_plan_info(f->plan)->multiboot.relocated);
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
	const struct kx_multiboot_boot *mb;
	uint64_t room;
	int fd;

	/* From where a module goes to the reserved megabyte. */
	mods[0] = f->mods[1];
	assert_int_equal(plan(f, &l), 0);
	room = RAM_TOP - MIB - kx_plan_info(f->plan)->multiboot.modules[0].addr;
	mods[0] = big;
	fd = open(big, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)room), 0);
	close(fd);
	assert_int_equal(plan(f, &l), 0);
	mb = &kx_plan_info(f->plan)->multiboot;
	assert_int_equal(mb->modules[0].addr + mb->modules[0].size,
			 RAM_TOP - MIB);
	fd = open(big, O_WRONLY);
	assert_int_equal(ftruncate(fd, (off_t)room + 1), 0);
	close(fd);
	assert_int_not_equal(plan(f, &l), 0);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "module 0"));
	free(big);
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
	};

	return th_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
