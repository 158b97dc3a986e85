/* The snapshot of the running machine (lib/sys/system*.c) over fixture
 * trees: every getter, absent and malformed files, laziness (a fact not
 * asked for is never read) and remembering (a fact asked twice is read
 * once). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/file.h"
#include "helpers.h"
#include "sys/system.h"

#define EFI_ROOT       "tests/fixtures/boot/efi-root"
#define BIOS_ROOT      "tests/fixtures/boot/bios-root"
#define CRASH_ROOT     "tests/fixtures/crash/bios-root"
#define CRASH_EFI_ROOT "tests/fixtures/crash/efi-root"
#define PLAN_ROOT      "tests/fixtures/plan/"
#define LOADER_GUID    "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"

struct fixture {
	char *tmp; /* an empty temporary root, for copies and hand-made files */
	kx_ctx *ctx;
	struct kx_system *sys;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->tmp = th_mkdtemp();
	f->ctx = kx_ctx_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	system_free(f->sys);
	kx_ctx_free(f->ctx);
	th_rmtree(f->tmp);
	free(f->tmp);
	free(f);
	return 0;
}

/* A fresh snapshot of ROOT. */
static struct kx_system *snap(struct fixture *f, const char *root)
{
	system_free(f->sys);
	f->sys = NULL;
	assert_int_equal(kx_ctx_set_root(f->ctx, root), 0);
	kx_clear(f->ctx);
	assert_int_equal(system_new(f->ctx, &f->sys), 0);
	return f->sys;
}

static void expect_message(kx_ctx *ctx, const char *part)
{
	if (!strstr(kx_ctx_message(ctx), part))
		fail_msg("message \"%s\" lacks \"%s\"", kx_ctx_message(ctx),
			 part);
}

static void make_fifo(const char *root, const char *path)
{
	char *full;

	th_write(root, path, "", 0);
	full = th_path(root, path);
	assert_int_equal(unlink(full), 0);
	assert_int_equal(mkfifo(full, 0600), 0);
	free(full);
}

/* ---- every getter on the EFI and BIOS trees ---------------------------- */

static void test_efi_root(void **state)
{
	struct fixture *f = *state;
	struct kx_system *s = snap(f, EFI_ROOT);
	const struct kx_ranges *map;
	enum memmap_source src = MEMMAP_FROM_IOMEM;
	enum sys_rsdp_source rsrc;
	const struct sys_efi *efi;
	const uint8_t *bp, *si;
	const char *cmdline;
	uint64_t rsdp;

	assert_int_equal(system_memmap(s, &map, &src), 0);
	assert_int_equal(src, MEMMAP_FROM_SYSFS);
	assert_true(map->n > 0);
	assert_int_equal(system_boot_params(s, &bp), 0);
	assert_int_equal(system_screen_info(s, &si), 0);
	assert_ptr_equal(si, bp);
	assert_int_equal(system_cmdline(s, &cmdline), 0);
	assert_string_equal(cmdline,
			    "console=ttyS0 panic=-1 quiet initrd=initrd");
	assert_int_equal(system_efi(s, &efi), 0);
	assert_true(efi->map_n > 0);
	assert_int_equal(efi->smbios, 0x3f518000);
	assert_true(efi->fw_vendor != 0 && efi->tables != 0);
	assert_int_equal(system_rsdp(s, &rsdp, &rsrc), 0);
	assert_int_equal(rsdp, 0x3f77e014);
	assert_int_equal(rsrc, SYS_RSDP_EFI_ACPI20);
	assert_string_equal(sys_rsdp_source_name(rsrc), "EFI systab ACPI20");
}

static void test_bios_root(void **state)
{
	struct fixture *f = *state;
	struct kx_system *s = snap(f, BIOS_ROOT);
	enum sys_rsdp_source rsrc;
	const struct sys_efi *efi;
	uint64_t rsdp;

	assert_int_equal(system_efi(s, &efi), -ENOENT);
	assert_null(efi);
	assert_string_equal(kx_ctx_message(f->ctx), "");
	assert_int_equal(system_rsdp(s, &rsdp, &rsrc), 0);
	assert_int_equal(rsdp, 0xf59d0);
	assert_int_equal(rsrc, SYS_RSDP_BOOT_PARAMS);
}

static void test_crash_root(void **state)
{
	struct fixture *f = *state;
	struct kx_system *s = snap(f, CRASH_EFI_ROOT);
	const struct crash_system *efi_crash;

	assert_int_equal(system_crash(s, &efi_crash), 0);
	assert_true(efi_crash->n_cpus >= 1);
	s = snap(f, CRASH_ROOT);
	const struct crash_system *crash;
	const struct kx_ranges *regions;
	const char *text, *file;
	size_t len;

	assert_int_equal(system_crash_regions(s, &regions), 0);
	assert_true(regions->n >= 1);
	assert_int_equal(regions->v[0].type, KX_RANGE_CRASH_KERNEL);
	assert_int_equal(system_crash(s, &crash), 0);
	assert_true(crash->n_cpus >= 1);
	assert_true(crash->vmcoreinfo.addr != 0);
	assert_true(crash->ram.n > 0);
	assert_int_equal(crash->crash.n, regions->n);
	assert_int_equal(system_iomem(s, &text, &len, &file), 0);
	assert_true(len > 0);
	assert_non_null(strstr(file, "/proc/iomem"));
}

static void test_status(void **state)
{
	struct fixture *f = *state;
	const struct sys_kexec_status *st;
	struct kx_system *s;

	th_write(f->tmp, "/sys/kernel/kexec_loaded", "1\n", (size_t)-1);
	th_write(f->tmp, "/sys/kernel/kexec_crash_size", "4096\n", (size_t)-1);
	th_write(f->tmp, "/sys/kernel/security/lockdown",
		 "none [integrity] confidentiality\n", (size_t)-1);
	s = snap(f, f->tmp);
	assert_int_equal(system_kexec_status(s, &st), 0);
	assert_true(st->loaded);
	assert_false(st->crash_loaded);
	assert_false(st->crash_known);
	assert_int_equal(st->crash_size, 4096);
	assert_string_equal(st->lockdown, "integrity");
	assert_string_equal(system_lockdown(s), "integrity");
}

static void test_seed(void **state)
{
	struct fixture *f = *state;
	struct kx_system *s = snap(f, f->tmp);
	static const uint8_t fixed[3] = {1, 2, 3};
	uint8_t out[8];
	int rc;

	assert_int_equal(system_set_seed(s, fixed, sizeof(fixed)), 0);
	assert_int_equal(system_random_seed(s, out, sizeof(out)), 0);
	assert_memory_equal(out, "\1\2\3\1\2\3\1\2", 8);
	assert_int_equal(system_set_seed(s, NULL, 0), 0);
	rc = system_random_seed(s, out, sizeof(out));
	assert_true(rc == 0 || rc == -EAGAIN);
}

static void test_efivar(void **state)
{
	struct fixture *f = *state;
	static const uint8_t var[] = {7, 0, 0, 0, 'a', 0, 'b', 0};
	const uint8_t *data;
	struct kx_system *s;
	size_t len;

	th_write(f->tmp,
		 "/sys/firmware/efi/efivars/LoaderEntryDefault-" LOADER_GUID,
		 var, sizeof(var));
	make_fifo(f->tmp, "/sys/firmware/efi/efivars/Odd-" LOADER_GUID);
	s = snap(f, f->tmp);
	assert_int_equal(
	    system_efivar(s, "LoaderEntryDefault", LOADER_GUID, &data, &len),
	    0);
	assert_int_equal(len, sizeof(var));
	assert_memory_equal(data, var, sizeof(var));
	assert_int_equal(system_efivar(s, "Missing", LOADER_GUID, &data, &len),
			 -ENOENT);
	assert_int_equal(system_efivar(s, "Odd", LOADER_GUID, &data, &len),
			 -EINVAL);
	expect_message(f->ctx, "Odd-" LOADER_GUID ": not a regular file");
}

/* ---- absent and malformed ---------------------------------------------- */

static void test_absent(void **state)
{
	struct fixture *f = *state;
	struct kx_system *s = snap(f, f->tmp);
	const struct sys_kexec_status *st;
	const struct kx_ranges *map;
	enum sys_rsdp_source rsrc;
	const struct sys_efi *efi;
	const uint8_t *bp;
	const char *text;
	uint64_t rsdp;

	assert_int_equal(system_boot_params(s, &bp), -ENOENT);
	assert_int_equal(system_cmdline(s, &text), -ENOENT);
	assert_int_equal(system_efi(s, &efi), -ENOENT);
	assert_string_equal(kx_ctx_message(f->ctx), "");
	assert_int_equal(system_rsdp(s, &rsdp, &rsrc), 0);
	assert_int_equal(rsdp, 0);
	assert_int_equal(rsrc, SYS_RSDP_NONE);
	assert_int_equal(system_kexec_status(s, &st), 0);
	assert_false(st->loaded);
	assert_string_equal(st->lockdown, "");
	/* The memory map is needed: its absence is an error naming iomem. */
	assert_int_equal(system_memmap(s, &map, NULL), -ENOENT);
	expect_message(f->ctx, "/proc/iomem: cannot open");
}

static void test_malformed(void **state)
{
	struct fixture *f = *state;
	const struct kx_ranges *map;
	const struct sys_efi *efi;
	const uint8_t *bp;
	struct kx_system *s;
	uint64_t rsdp;

	th_write(f->tmp, "/sys/kernel/boot_params/data", "short", 5);
	th_write(f->tmp, "/sys/firmware/efi/fw_vendor", "zz\n", (size_t)-1);
	th_write(f->tmp, "/sys/firmware/efi/config_table", "0x10\n",
		 (size_t)-1);
	s = snap(f, f->tmp);
	assert_int_equal(system_boot_params(s, &bp), -EINVAL);
	expect_message(f->ctx, "/sys/kernel/boot_params/data: 5 bytes");
	assert_int_equal(system_efi(s, &efi), -EINVAL);
	expect_message(f->ctx, "/sys/firmware/efi/fw_vendor: \"zz\" is not");
	/* The RSDP search needs boot_params, and says what is wrong with it. */
	assert_int_equal(system_rsdp(s, &rsdp, NULL), -EINVAL);
	expect_message(f->ctx, "boot_params/data");

	s = snap(f, PLAN_ROOT "bad-hex");
	assert_int_equal(system_memmap(s, &map, NULL), -EINVAL);
	expect_message(f->ctx, "/sys/firmware/memmap/");
}

/* ---- laziness ---------------------------------------------------------- */

/* /dev/mem and the EFI system table as FIFOs: opening either would block
 * the test, so finishing shows that what a Linux plan reads without
 * needing them leaves them alone. */
static void test_lazy(void **state)
{
	struct fixture *f = *state;
	const struct sys_kexec_status *st;
	const struct kx_ranges *map;
	const uint8_t *bp;
	const char *text;
	struct kx_system *s;

	th_copy_tree(EFI_ROOT, f->tmp, "");
	make_fifo(f->tmp, "/dev/mem");
	make_fifo(f->tmp, "/sys/firmware/efi/systab");
	s = snap(f, f->tmp);
	assert_int_equal(system_memmap(s, &map, NULL), 0);
	assert_int_equal(system_boot_params(s, &bp), 0);
	assert_int_equal(system_cmdline(s, &text), 0);
	assert_int_equal(system_kexec_status(s, &st), 0);
}

/* Whole plans: a Linux kexec_load plan needs no /dev/mem, and a
 * kexec_file_load plan neither /dev/mem nor the EFI tables. */
static int plan_linux(struct fixture *f, enum kx_syscall_mode mode)
{
	uint8_t *image = th_make_bzimage(64 * 1024, 0x020f, 0x7f);
	char *kernel;
	struct th_kernel k;
	kx_plan *plan = NULL;
	kx_request *req;
	int rc;

	th_write(f->tmp, "/vmlinuz", image, 64 * 1024);
	kernel = th_path(f->tmp, "/vmlinuz");
	th_kernel_init(&k, NULL);
	th_kernel_attach(f->ctx, &k);
	assert_int_equal(kx_ctx_set_root(f->ctx, f->tmp), 0);
	req = th_request(f->ctx, kernel, NULL, "quiet", mode, 0);
	rc = kx_plan_create(f->ctx, req, &plan);
	kx_request_free(req);
	kx_plan_free(plan);
	free(kernel);
	free(image);
	return rc;
}

static void test_lazy_plans(void **state)
{
	struct fixture *f = *state;

	th_copy_tree(EFI_ROOT, f->tmp, "");
	make_fifo(f->tmp, "/dev/mem");
	assert_int_equal(plan_linux(f, KX_SYSCALL_CLASSIC), 0);
	make_fifo(f->tmp, "/sys/firmware/efi/systab");
	make_fifo(f->tmp, "/sys/firmware/efi/fw_vendor");
	assert_int_equal(plan_linux(f, KX_SYSCALL_FILE), 0);
}

/* ---- the RSDP's bytes -------------------------------------------------- */

static void put_rsdp(const char *root, uint64_t addr, bool bad)
{
	uint8_t r[36] = "RSD PTR ";
	uint8_t sum = 0;
	char *path = th_path(root, "/dev/mem");
	int fd;

	r[15] = 2;
	r[20] = 36;
	for (size_t i = 0; i < 20; i++)
		sum = (uint8_t)(sum + r[i]);
	r[8] = (uint8_t)-sum;
	sum = 0;
	for (size_t i = 0; i < 36; i++)
		sum = (uint8_t)(sum + r[i]);
	r[32] = (uint8_t)(-sum + (bad ? 1 : 0));
	th_write(root, "/dev/mem", "", 0);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, r, sizeof(r), (off_t)addr), sizeof(r));
	close(fd);
	free(path);
}

static void test_rsdp_bytes(void **state)
{
	struct fixture *f = *state;
	const uint8_t *bytes;
	struct kx_system *s;
	size_t len;

	put_rsdp(f->tmp, 0xf59d0, false);
	s = snap(f, f->tmp);
	assert_int_equal(system_rsdp_bytes(s, 0xf59d0, &bytes, &len), 0);
	assert_int_equal(len, 36);
	assert_memory_equal(bytes, "RSD PTR ", 8);
	assert_int_equal(system_rsdp_bytes(s, 0x1000, &bytes, &len), -EINVAL);
	expect_message(f->ctx, "/dev/mem: at 0x1000: no valid RSDP there");

	put_rsdp(f->tmp, 0xf59d0, true);
	s = snap(f, f->tmp);
	assert_int_equal(system_rsdp_bytes(s, 0xf59d0, &bytes, &len), -EBADMSG);
	expect_message(f->ctx, "bad extended RSDP checksum");
}

/* ---- remembering ------------------------------------------------------- */

static void test_remembered(void **state)
{
	struct fixture *f = *state;
	const struct sys_kexec_status *st1, *st2;
	const struct kx_ranges *map1, *map2;
	const struct sys_efi *efi1, *efi2;
	const uint8_t *bp1, *bp2, *rb1, *rb2;
	const char *cl1, *cl2;
	uint64_t rsdp1, rsdp2;
	size_t len1, len2;
	struct kx_system *s;

	th_copy_tree(EFI_ROOT, f->tmp, "");
	put_rsdp(f->tmp, 0x3f77e014, false);
	s = snap(f, f->tmp);
	assert_int_equal(system_memmap(s, &map1, NULL), 0);
	assert_int_equal(system_boot_params(s, &bp1), 0);
	assert_int_equal(system_cmdline(s, &cl1), 0);
	assert_int_equal(system_efi(s, &efi1), 0);
	assert_int_equal(system_rsdp(s, &rsdp1, NULL), 0);
	assert_int_equal(system_rsdp_bytes(s, rsdp1, &rb1, &len1), 0);
	assert_int_equal(system_kexec_status(s, &st1), 0);

	th_rmtree(f->tmp);
	assert_int_equal(system_memmap(s, &map2, NULL), 0);
	assert_int_equal(system_boot_params(s, &bp2), 0);
	assert_int_equal(system_cmdline(s, &cl2), 0);
	assert_int_equal(system_efi(s, &efi2), 0);
	assert_int_equal(system_rsdp(s, &rsdp2, NULL), 0);
	assert_int_equal(system_rsdp_bytes(s, rsdp2, &rb2, &len2), 0);
	assert_int_equal(system_kexec_status(s, &st2), 0);
	assert_ptr_equal(map1, map2);
	assert_ptr_equal(bp1, bp2);
	assert_ptr_equal(cl1, cl2);
	assert_ptr_equal(efi1, efi2);
	assert_int_equal(rsdp1, rsdp2);
	assert_ptr_equal(rb1, rb2);
	assert_int_equal(len1, len2);
	assert_ptr_equal(st1, st2);
	assert_int_equal(efi2->map_n, efi1->map_n);
	/* Recreated for teardown's rmtree. */
	assert_int_equal(mkdir(f->tmp, 0700), 0);
}

static void test_crash_remembered(void **state)
{
	struct fixture *f = *state;
	const struct crash_system *c1, *c2;
	const struct kx_ranges *r1, *r2;
	struct kx_system *s;

	th_copy_tree(CRASH_ROOT, f->tmp, "");
	s = snap(f, f->tmp);
	assert_int_equal(system_crash(s, &c1), 0);
	assert_int_equal(system_crash_regions(s, &r1), 0);
	th_rmtree(f->tmp);
	assert_int_equal(system_crash(s, &c2), 0);
	assert_int_equal(system_crash_regions(s, &r2), 0);
	assert_ptr_equal(c1, c2);
	assert_ptr_equal(r1, r2);
	assert_int_equal(mkdir(f->tmp, 0700), 0);
}

static void test_crash_malformed(void **state)
{
	struct fixture *f = *state;
	const struct crash_system *c;
	struct kx_system *s;

	th_copy_tree(CRASH_ROOT, f->tmp, "");
	th_write(f->tmp, "/sys/kernel/vmcoreinfo", "0x1000\n", (size_t)-1);
	s = snap(f, f->tmp);
	assert_int_equal(system_crash(s, &c), -EINVAL);
	expect_message(f->ctx, "/sys/kernel/vmcoreinfo: expected");
	/* Not remembered: asked again, the same error. */
	kx_clear(f->ctx);
	assert_int_equal(system_crash(s, &c), -EINVAL);
	expect_message(f->ctx, "/sys/kernel/vmcoreinfo: expected");
}

/* Absence is an answer, and remembered too. */
static void test_absence_remembered(void **state)
{
	struct fixture *f = *state;
	const uint8_t *bp;
	struct kx_system *s = snap(f, f->tmp);

	assert_int_equal(system_boot_params(s, &bp), -ENOENT);
	th_copy_tree(EFI_ROOT, f->tmp, "");
	assert_int_equal(system_boot_params(s, &bp), -ENOENT);
	s = snap(f, f->tmp);
	assert_int_equal(system_boot_params(s, &bp), 0);
}

/* ---- bounded reads ----------------------------------------------------- */

static void test_read_file_max(void **state)
{
	struct fixture *f = *state;
	struct kx_buf buf;
	char *path;

	th_write(f->tmp, "/f", "12345", 5);
	path = th_path(f->tmp, "/f");
	assert_int_equal(kx_read_file_max(f->ctx, path, 5, &buf), 0);
	assert_int_equal(buf.size, 5);
	assert_memory_equal(buf.data, "12345", 5);
	kx_buf_free(&buf);
	assert_int_equal(kx_read_file_max(f->ctx, path, 4, &buf), -EFBIG);
	expect_message(f->ctx, "/f: 5 bytes, more than 4");
	free(path);

	make_fifo(f->tmp, "/fifo");
	path = th_path(f->tmp, "/fifo");
	assert_int_equal(kx_read_file_max(f->ctx, path, 100, &buf), -EINVAL);
	expect_message(f->ctx, "/fifo: not a regular file");
	free(path);
	assert_int_equal(kx_read_file_max(f->ctx, f->tmp, 100, &buf), -EISDIR);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_efi_root),
	    T(test_bios_root),
	    T(test_crash_root),
	    T(test_status),
	    T(test_seed),
	    T(test_efivar),
	    T(test_absent),
	    T(test_malformed),
	    T(test_lazy),
	    T(test_lazy_plans),
	    T(test_rsdp_bytes),
	    T(test_remembered),
	    T(test_absence_remembered),
	    T(test_crash_remembered),
	    T(test_crash_malformed),
	    T(test_read_file_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
