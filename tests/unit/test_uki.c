/* Unified kernel images: the PE section table, the entries they make,
 * damaged files, and loading one through memfds.  The images are built
 * here by a small PE writer; one test also builds a real UKI from
 * systemd-boot's stub with objcopy when both are available. */
#include <errno.h>
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/file.h"
#include "format/bzimage.h"
#include "entries/entries.h"
#include "format/pe.h"
#include "helpers.h"

#define KERNEL_SIZE (64 * 1024)
#define OSREL                                                                  \
	"NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 "        \
	"(bookworm)\"\nVERSION_ID=\"12\"\nID=debian\n"

/* ---- a tiny PE writer ------------------------------------------------ */

struct sect {
	const char *name;
	const void *data;
	size_t size;
};

#define HEAD_SIZE  0x400
#define FILE_ALIGN 0x200

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

static size_t align_up(size_t v)
{
	return (v + FILE_ALIGN - 1) & ~(size_t)(FILE_ALIGN - 1);
}

/* An x86-64 PE32+ image with sections S[0..N): the DOS header, the PE
 * header, a 240-byte optional header and the section table in the first
 * 1 KiB, each section's data after it at 512-byte boundaries (raw size
 * rounded up, virtual size exact, as objcopy and ukify write them). */
static uint8_t *make_pe(const struct sect *s, size_t n, size_t *size)
{
	size_t total = HEAD_SIZE, off = HEAD_SIZE;
	uint8_t *pe, *table;

	for (size_t i = 0; i < n; i++)
		total += align_up(s[i].size);
	pe = calloc(1, total);
	assert_non_null(pe);
	pe[0] = 'M';
	pe[1] = 'Z';
	put32(pe + 0x3c, 0x40);
	memcpy(pe + 0x40, "PE\0\0", 4);
	put16(pe + 0x44, 0x8664);
	put16(pe + 0x46, (uint16_t)n);
	put16(pe + 0x54, 240);
	put16(pe + 0x58, 0x20b); /* PE32+ */
	table = pe + 0x58 + 240;
	for (size_t i = 0; i < n; i++, table += 40) {
		strncpy((char *)table, s[i].name, 8);
		put32(table + 8, (uint32_t)s[i].size);
		put32(table + 12, (uint32_t)(0x10000 * (i + 1)));
		put32(table + 16, (uint32_t)align_up(s[i].size));
		put32(table + 20, (uint32_t)(s[i].size ? off : 0));
		memcpy(pe + off, s[i].data, s[i].size);
		off += align_up(s[i].size);
	}
	*size = total;
	return pe;
}

/* The section table entry I of PE (for damaging it). */
static uint8_t *section_entry(uint8_t *pe, size_t i)
{
	return pe + 0x58 + 240 + 40 * i;
}

struct fixture {
	char *root;
	kx_ctx *ctx;
	kx_entry_list *list;
	uint8_t *kernel;
	struct pe_info pe;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->root = th_mkdtemp();
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, f->root);
	f->kernel =
	    th_make_bzimage(KERNEL_SIZE, 0x020f,
			    KX_XLF_KERNEL_64 | KX_XLF_CAN_BE_LOADED_ABOVE_4G);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kx_entries_free(f->list);
	kx_ctx_free(f->ctx);
	th_rmtree(f->root);
	free(f->root);
	free(f->kernel);
	free(f);
	return 0;
}

/* Write a UKI with the usual sections to ROOT/PATH. */
static void write_uki(struct fixture *f, const char *path, const char *osrel,
		      const char *uname, const char *cmdline,
		      const char *initrd)
{
	struct sect s[6];
	size_t n = 0, size;
	uint8_t *pe;

	s[n++] = (struct sect){".text", "stub code", 9};
	if (osrel)
		s[n++] = (struct sect){".osrel", osrel, strlen(osrel)};
	if (cmdline)
		s[n++] = (struct sect){".cmdline", cmdline, strlen(cmdline)};
	if (uname)
		s[n++] = (struct sect){".uname", uname, strlen(uname)};
	s[n++] = (struct sect){".linux", f->kernel, KERNEL_SIZE};
	if (initrd)
		s[n++] = (struct sect){".initrd", initrd, strlen(initrd)};
	pe = make_pe(s, n, &size);
	th_write(f->root, path, pe, size);
	free(pe);
}

static void list_ukis(struct fixture *f)
{
	kx_entries_free(f->list);
	f->list = NULL;
	assert_int_equal(kx_entries_list(f->ctx, KX_ENTRIES_UKI, &f->list), 0);
}

/* ---- the PE parser ------------------------------------------------- */

static void test_pe_sections(void **state)
{
	struct fixture *f = *state;
	struct sect s[] = {{".linux", "LINUX", 5}, {".cmdline", "ro", 2}};
	size_t size;
	uint8_t *pe = make_pe(s, 2, &size);
	const struct pe_section *x;

	assert_int_equal(pe_parse(f->ctx, "t.efi", pe, size, size, &f->pe), 0);
	assert_int_equal(f->pe.machine, 0x8664);
	assert_int_equal(f->pe.n, 2);
	x = pe_find(&f->pe, ".linux");
	assert_non_null(x);
	assert_int_equal(x->size, 5);
	assert_memory_equal(pe + x->offset, "LINUX", 5);
	assert_null(pe_find(&f->pe, ".initrd"));
	free(pe);
}

static void test_pe_truncated(void **state)
{
	struct fixture *f = *state;
	struct sect s[] = {{".linux", "LINUX", 5}, {".cmdline", "ro", 2}};
	size_t size;
	uint8_t *pe = make_pe(s, 2, &size);

	/* Cut inside the section table. */
	assert_int_equal(
	    pe_parse(f->ctx, "t.efi", pe, 0x58 + 240 + 50, size, &f->pe),
	    -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "t.efi"));
	assert_non_null(strstr(kx_ctx_message(f->ctx), "truncated"));
	/* Cut inside the PE header. */
	assert_int_equal(pe_parse(f->ctx, "t.efi", pe, 0x50, size, &f->pe),
			 -ENOEXEC);
	/* Cut before e_lfanew. */
	assert_int_equal(pe_parse(f->ctx, "t.efi", pe, 0x20, size, &f->pe),
			 -ENOEXEC);
	/* A file shorter than a section's data. */
	assert_int_equal(
	    pe_parse(f->ctx, "t.efi", pe, size, HEAD_SIZE + 2, &f->pe),
	    -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "past the end"));
	free(pe);
}

static void test_pe_section_past_end(void **state)
{
	struct fixture *f = *state;
	struct sect s[] = {{".linux", "LINUX", 5}};
	size_t size;
	uint8_t *pe = make_pe(s, 1, &size);

	put32(section_entry(pe, 0) + 20, 0xfffffff0u);
	assert_int_equal(pe_parse(f->ctx, "p.efi", pe, size, size, &f->pe),
			 -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), ".linux"));
	assert_non_null(strstr(kx_ctx_message(f->ctx), "past the end"));
	put32(section_entry(pe, 0) + 20, HEAD_SIZE);
	put32(section_entry(pe, 0) + 16, 0xffffffffu);
	put32(section_entry(pe, 0) + 8, 0);
	assert_int_equal(pe_parse(f->ctx, "p.efi", pe, size, size, &f->pe),
			 -EINVAL);
	free(pe);
}

static void test_pe_overlap(void **state)
{
	struct fixture *f = *state;
	struct sect s[] = {{".linux", "LINUXLINUX", 10},
			   {".initrd", "INITRD", 6}};
	size_t size;
	uint8_t *pe = make_pe(s, 2, &size);

	put32(section_entry(pe, 1) + 20, HEAD_SIZE + 4);
	assert_int_equal(pe_parse(f->ctx, "o.efi", pe, size, size, &f->pe),
			 -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "overlap"));
	free(pe);
}

static void test_pe_not_pe(void **state)
{
	struct fixture *f = *state;
	uint8_t junk[512] = "MZ";

	assert_int_equal(
	    pe_parse(f->ctx, "j", junk, sizeof(junk), sizeof(junk), &f->pe),
	    -ENOEXEC);
	assert_int_equal(pe_parse(f->ctx, "j", "ELF", 3, 3, &f->pe), -ENOEXEC);
	/* Too many sections for PE. */
	put32(junk + 0x3c, 0x40);
	memcpy(junk + 0x40, "PE\0\0", 4);
	put16(junk + 0x46, 97);
	assert_int_equal(
	    pe_parse(f->ctx, "j", junk, sizeof(junk), sizeof(junk), &f->pe),
	    -EINVAL);
}

/* ---- entries --------------------------------------------------------- */

static void test_uki_entries(void **state)
{
	struct fixture *f = *state;
	const kx_entry *e;
	char *p;

	write_uki(f, "/efi/EFI/Linux/debian-6.1.0-27-amd64.efi", OSREL,
		  "6.1.0-27-amd64\n", "root=/dev/vda1 quiet\n\0\0", "INITRD");
	write_uki(f, "/efi/EFI/Linux/debian-6.1.0-25-amd64+2-1.efi", OSREL,
		  "6.1.0-25-amd64", "root=/dev/vda1", NULL);
	write_uki(f, "/boot/EFI/Linux/bare.efi", NULL, NULL, NULL, NULL);
	list_ukis(f);
	assert_int_equal(kx_entries_count(f->list), 3);
	/* Both Debian images sort by their os-release ID and version. */
	e = kx_entries_get(f->list, 0);
	assert_string_equal(e->id, "debian-6.1.0-27-amd64");
	assert_string_equal(e->title, "Debian GNU/Linux 12 (bookworm)");
	assert_string_equal(e->version, "6.1.0-27-amd64");
	assert_string_equal(e->sort_key, "debian");
	assert_string_equal(e->options, "root=/dev/vda1 quiet");
	assert_int_equal(e->source, KX_ENTRY_UKI);
	assert_int_equal(e->n_initrds, 0);
	p = th_path(f->root, "/efi/EFI/Linux/debian-6.1.0-27-amd64.efi");
	assert_string_equal(e->kernel, p);
	free(p);
	e = kx_entries_get(f->list, 1);
	assert_string_equal(e->id, "debian-6.1.0-25-amd64");
	assert_int_equal(e->tries_left, 2);
	assert_int_equal(e->tries_done, 1);
	e = kx_entries_get(f->list, 2);
	assert_string_equal(e->id, "bare");
	assert_string_equal(e->title, "bare");
	assert_string_equal(e->version, "");
	assert_string_equal(e->options, "");
	assert_true(kx_entries_get(f->list, 0)->is_default);
}

static void test_uki_version_from_osrel(void **state)
{
	struct fixture *f = *state;

	write_uki(f, "/efi/EFI/Linux/img.efi",
		  "ID=foo\nIMAGE_ID=fooimg\nIMAGE_VERSION=7.1\nVERSION_ID=7\n",
		  NULL, NULL, NULL);
	list_ukis(f);
	assert_int_equal(kx_entries_count(f->list), 1);
	assert_string_equal(kx_entries_get(f->list, 0)->version, "7.1");
	assert_string_equal(kx_entries_get(f->list, 0)->sort_key, "fooimg");
	/* No PRETTY_NAME, no NAME: the id. */
	assert_string_equal(kx_entries_get(f->list, 0)->title, "img");
}

static void test_damaged_ukis_skipped(void **state)
{
	struct fixture *f = *state;
	struct sect s[] = {{".text", "x", 1}, {".osrel", "ID=a\n", 5}};
	size_t size;
	uint8_t *pe = make_pe(s, 2, &size);

	/* No .linux: an EFI program, not a UKI. */
	th_write(f->root, "/efi/EFI/Linux/tool.efi", pe, size);
	/* Truncated in its section table. */
	th_write(f->root, "/efi/EFI/Linux/cut.efi", pe, 0x58 + 240 + 20);
	/* Not PE at all. */
	th_write(f->root, "/efi/EFI/Linux/text.efi", "hello", 5);
	free(pe);
	write_uki(f, "/efi/EFI/Linux/good.efi", OSREL, "6.1", "ro", NULL);
	list_ukis(f);
	assert_int_equal(kx_entries_count(f->list), 1);
	assert_string_equal(kx_entries_get(f->list, 0)->id, "good");
	/* Skipped files leave no error behind. */
	assert_string_equal(kx_ctx_message(f->ctx), "");
}

/* ---- loading --------------------------------------------------------- */

static void assert_fd_path_holds(const char *path, const void *data,
				 size_t size)
{
	kx_ctx *ctx = kx_ctx_new();
	struct kx_buf b;

	assert_non_null(strstr(path, "/proc/self/fd/"));
	assert_int_equal(kx_read_file(ctx, path, &b), 0);
	assert_int_equal(b.size, size);
	assert_memory_equal(b.data, data, size);
	kx_buf_free(&b);
	kx_ctx_free(ctx);
}

static void assert_fd_path_prefix(const char *path, const void *data,
				  size_t size)
{
	kx_ctx *ctx = kx_ctx_new();
	struct kx_buf b;

	assert_int_equal(kx_read_file(ctx, path, &b), 0);
	assert_true(b.size >= size && b.size < size + 16);
	assert_memory_equal(b.data, data, size);
	for (size_t i = size; i < b.size; i++)
		assert_int_equal(b.data[i], 0);
	kx_buf_free(&b);
	kx_ctx_free(ctx);
}

static void test_prepare_uki(void **state)
{
	struct fixture *f = *state;
	kx_request *req;
	const kx_entry *e;
	kx_entry_files *files;
	kx_plan *plan;
	uint64_t v;

	write_uki(f, "/efi/EFI/Linux/u.efi", OSREL, "6.1", "root=/dev/vda1\n",
		  "INITRD-BYTES");
	list_ukis(f);
	assert_int_equal(kx_request_new(f->ctx, &req), 0);
	assert_int_equal(kx_request_set_type(req, "bzImage"), 0);
	assert_int_equal(kx_entries_find(f->ctx, f->list, "u", &e), 0);
	assert_int_equal(kx_entry_prepare(f->ctx, e, "extra=1", req, &files),
			 0);
	assert_fd_path_holds(kx_request_get_kernel(req), f->kernel,
			     KERNEL_SIZE);
	/* The section alone: passed as it is, 12 bytes, no padding. */
	assert_fd_path_holds(kx_request_get_initrd(req), "INITRD-BYTES", 12);
	assert_string_equal(kx_request_get_cmdline(req),
			    "root=/dev/vda1 extra=1");
	/* The plan reads the memfds like files. */
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_IMAGE_TYPE, &v), 0);
	assert_int_equal(v, KX_IMAGE_BZIMAGE);
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_KERNEL_SIZE, &v), 0);
	assert_int_equal(v, KERNEL_SIZE);
	assert_non_null(kx_plan_get_str(plan, KX_KEY_INITRD_PATH));
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_INITRD_SIZE, &v), 0);
	assert_int_equal(v, 12);
	kx_entry_files_free(files);
	kx_plan_free(plan);
	kx_request_free(req);
}

static void test_prepare_uki_without_initrd(void **state)
{
	struct fixture *f = *state;
	kx_request *req;
	const kx_entry *e;
	kx_entry_files *files;

	write_uki(f, "/efi/EFI/Linux/u.efi", OSREL, "6.1", NULL, NULL);
	list_ukis(f);
	assert_int_equal(kx_request_new(f->ctx, &req), 0);
	assert_int_equal(kx_request_set_initrd(req, "/old-initrd"), 0);
	assert_int_equal(kx_entries_find(f->ctx, f->list, "default", &e), 0);
	assert_int_equal(kx_entry_prepare(f->ctx, e, NULL, req, &files), 0);
	/* None is an answer: an earlier initrd does not stay. */
	assert_null(kx_request_get_initrd(req));
	assert_string_equal(kx_request_get_cmdline(req), "");
	kx_entry_files_free(files);
	kx_request_free(req);
}

static void test_prepare_uki_damaged_after_listing(void **state)
{
	struct fixture *f = *state;
	kx_request *req;
	const kx_entry *e;
	kx_entry_files *files;

	write_uki(f, "/efi/EFI/Linux/u.efi", OSREL, "6.1", NULL, NULL);
	list_ukis(f);
	assert_int_equal(kx_request_new(f->ctx, &req), 0);
	assert_int_equal(kx_entries_find(f->ctx, f->list, "u", &e), 0);
	/* Replaced by something else between listing and loading: the plan
	 * gets the file itself and says what it is not. */
	th_write(f->root, "/efi/EFI/Linux/u.efi", "junk", 4);
	assert_int_equal(kx_entry_prepare(f->ctx, e, NULL, req, &files), 0);
	assert_string_equal(kx_request_get_kernel(req), kx_entry_kernel(e));
	kx_entry_files_free(files);
	kx_request_free(req);
}

/* ---- a real UKI from systemd-boot's stub ------------------------------ */

/* Debian's kernel from the QEMU cache when it is there, else ours. */
static char *find_kernel(struct fixture *f)
{
	glob_t g;
	char *k = NULL;

	if (glob("tests/vm/cache/*/root/boot/vmlinuz-*", 0, NULL, &g) == 0 &&
	    g.gl_pathc)
		k = strdup(g.gl_pathv[0]);
	globfree(&g);
	if (!k) {
		th_write(f->root, "/work/vmlinuz", f->kernel, KERNEL_SIZE);
		k = th_path(f->root, "/work/vmlinuz");
	}
	return k;
}

static int run(char *const argv[])
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_real_uki_from_stub(void **state)
{
	struct fixture *f = *state;
	char *stub = th_fixture(TH_FIXTURE_UKI_STUB), *kernel, *out, *p[4],
	     *args[32];
	kx_request *req;
	const kx_entry *e;
	kx_entry_files *files;
	kx_plan *plan;
	uint64_t type;
	size_t n = 0;
	char osrel_arg[600], cmd_arg[600], linux_arg[600], initrd_arg[600];

	kernel = find_kernel(f);
	th_write(f->root, "/work/osrel", OSREL, (size_t)-1);
	th_write(f->root, "/work/cmdline", "root=/dev/vda1 from-stub=1\n",
		 (size_t)-1);
	th_write(f->root, "/work/initrd", "070701-real-initrd", (size_t)-1);
	th_write(f->root, "/efi/EFI/Linux/.keep", "", 0);
	p[0] = th_path(f->root, "/work/osrel");
	p[1] = th_path(f->root, "/work/cmdline");
	p[2] = th_path(f->root, "/work/initrd");
	out = th_path(f->root, "/efi/EFI/Linux/real.efi");
	snprintf(osrel_arg, sizeof(osrel_arg), ".osrel=%s", p[0]);
	snprintf(cmd_arg, sizeof(cmd_arg), ".cmdline=%s", p[1]);
	snprintf(linux_arg, sizeof(linux_arg), ".linux=%s", kernel);
	snprintf(initrd_arg, sizeof(initrd_arg), ".initrd=%s", p[2]);
	/* The recipe of systemd's documentation for its 252 stub. */
	args[n++] = "objcopy";
	args[n++] = "--add-section";
	args[n++] = osrel_arg;
	args[n++] = "--change-section-vma";
	args[n++] = ".osrel=0x20000";
	args[n++] = "--add-section";
	args[n++] = cmd_arg;
	args[n++] = "--change-section-vma";
	args[n++] = ".cmdline=0x30000";
	args[n++] = "--add-section";
	args[n++] = linux_arg;
	args[n++] = "--change-section-vma";
	args[n++] = ".linux=0x2000000";
	args[n++] = "--add-section";
	args[n++] = initrd_arg;
	args[n++] = "--change-section-vma";
	args[n++] = ".initrd=0x3000000";
	args[n++] = stub;
	args[n++] = out;
	args[n] = NULL;
	if (run(args) != 0) {
		free(stub);
		free(kernel);
		free(out);
		for (int i = 0; i < 3; i++)
			free(p[i]);
		th_missing("objcopy cannot add sections to a PE image");
	}
	list_ukis(f);
	assert_int_equal(kx_entries_count(f->list), 1);
	e = kx_entries_get(f->list, 0);
	assert_string_equal(kx_entry_id(e), "real");
	assert_string_equal(kx_entry_title(e), "Debian GNU/Linux 12 (bookworm)");
	assert_string_equal(kx_entry_options(e), "root=/dev/vda1 from-stub=1");
	assert_int_equal(kx_request_new(f->ctx, &req), 0);
	assert_int_equal(kx_entry_prepare(f->ctx, e, NULL, req, &files), 0);
	/* objcopy rounds the section up with zeros, harmless after a cpio. */
	assert_fd_path_prefix(kx_request_get_initrd(req), "070701-real-initrd",
			      18);
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_IMAGE_TYPE, &type), 0);
	assert_int_equal(type, KX_IMAGE_BZIMAGE);
	kx_plan_free(plan);
	kx_entry_files_free(files);
	kx_request_free(req);
	free(stub);
	free(kernel);
	free(out);
	for (int i = 0; i < 3; i++)
		free(p[i]);
}

/* ---- a UKI given as the kernel (load/uki.c) ---------------------------- */

/* `kexec -l x.efi`: the plan loads .linux, with .initrd and .cmdline. */
static void test_load_uki_direct(void **state)
{
	struct fixture *f = *state;
	char *path = th_path(f->root, "/x.efi");
	struct th_kernel k;
	kx_request *req;
	kx_plan *plan;
	char head[16];

	write_uki(f, "/x.efi", OSREL, "6.1", "root=/dev/vda1 quiet\n",
		  "INITRD-BYTES");
	th_kernel_init(&k, NULL);
	th_kernel_attach(f->ctx, &k);
	req = th_request(f->ctx, path, NULL, NULL, KX_SYSCALL_FILE, 0);
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	assert_int_equal(th_u64(plan, KX_KEY_IMAGE_TYPE), KX_IMAGE_BZIMAGE);
	assert_int_equal(th_u64(plan, KX_KEY_CONTAINER), KX_IMAGE_UKI);
	assert_int_equal(th_u64(plan, KX_KEY_KERNEL_SIZE), KERNEL_SIZE);
	assert_string_equal(th_str(plan, KX_KEY_KERNEL_PATH), path);
	assert_int_equal(th_u64(plan, KX_KEY_INITRD_SIZE), 12);
	/* ukify's trailing newline is not part of the command line. */
	assert_string_equal(th_str(plan, KX_KEY_CMDLINE), "root=/dev/vda1 quiet");
	assert_int_equal(kx_plan_load(f->ctx, plan), 0);
	assert_int_equal(k.file_calls, 1);
	assert_string_equal(k.last_cmdline, "root=/dev/vda1 quiet");
	/* The kernel reads the sections, not the PE file. */
	assert_int_equal(pread(k.last_kernel_fd, head, 16, 0), 16);
	assert_memory_equal(head, f->kernel, 16);
	assert_int_equal(pread(k.last_initrd_fd, head, 12, 0), 12);
	assert_memory_equal(head, "INITRD-BYTES", 12);
	kx_plan_free(plan);
	kx_request_free(req);
	free(path);
}

/* --initrd and --append replace the UKI's own, as with kexec-tools; the
 * kexec_load layout is built from the same sections. */
static void test_load_uki_overrides(void **state)
{
	struct fixture *f = *state;
	char *path = th_path(f->root, "/x.efi");
	char *initrd = th_path(f->root, "/other.img");
	kx_request *req;
	kx_plan *plan;

	write_uki(f, "/x.efi", OSREL, "6.1", "root=/dev/vda1\n", "INITRD");
	th_write(f->root, "/other.img", "OTHER-INITRD-BYTES", (size_t)-1);
	req = th_request(f->ctx, path, initrd, "mine=1", KX_SYSCALL_AUTO, 0);
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	assert_string_equal(th_str(plan, KX_KEY_CMDLINE), "mine=1");
	assert_string_equal(th_str(plan, KX_KEY_INITRD_PATH), initrd);
	assert_int_equal(th_u64(plan, KX_KEY_INITRD_SIZE), 18);
	kx_plan_free(plan);
	kx_request_free(req);
	free(path);
	free(initrd);
}

/* A PE without .linux is not a UKI, probed or named with --type. */
static void test_load_uki_refused(void **state)
{
	struct fixture *f = *state;
	char *path = th_path(f->root, "/y.efi");
	struct sect s[] = {{".text", "stub code", 9}};
	size_t size;
	uint8_t *pe = make_pe(s, 1, &size);
	kx_request *req;
	kx_plan *plan;

	th_write(f->root, "/y.efi", pe, size);
	req = th_request(f->ctx, path, NULL, NULL, KX_SYSCALL_AUTO, 0);
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), -ENOEXEC);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "/y.efi: a PE/EFI image "
				"that is neither"));
	assert_int_equal(kx_request_set_type(req, "uki"), 0);
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), -ENOEXEC);
	assert_non_null(strstr(kx_ctx_message(f->ctx),
			       "without a .linux section"));
	kx_request_free(req);
	free(pe);
	free(path);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_pe_sections),
	    T(test_pe_truncated),
	    T(test_pe_section_past_end),
	    T(test_pe_overlap),
	    T(test_pe_not_pe),
	    T(test_uki_entries),
	    T(test_uki_version_from_osrel),
	    T(test_damaged_ukis_skipped),
	    T(test_prepare_uki),
	    T(test_prepare_uki_without_initrd),
	    T(test_prepare_uki_damaged_after_listing),
	    T(test_real_uki_from_stub),
	    T(test_load_uki_direct),
	    T(test_load_uki_overrides),
	    T(test_load_uki_refused),
	};

	return th_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
