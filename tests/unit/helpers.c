#include "sys/system.h"
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/ctx.h"
#include "core/file.h"

char *th_mkdtemp(void)
{
	char *dir = strdup("/tmp/kxtest.XXXXXX");

	if (!dir || !mkdtemp(dir))
		abort();
	return dir;
}

char *th_path(const char *root, const char *path)
{
	char *out;

	if (asprintf(&out, "%s%s%s", root, path[0] == '/' ? "" : "/", path) <
	    0)
		abort();
	return out;
}

static void mkdirs_for(char *file)
{
	char *p;

	for (p = strchr(file + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(file, 0755);
		*p = '/';
	}
}

void th_write(const char *root, const char *path, const void *data,
	      size_t len)
{
	char *full = th_path(root, path);
	FILE *f;

	mkdirs_for(full);
	f = fopen(full, "wb");
	if (!f)
		abort();
	if (len == (size_t)-1)
		len = strlen(data);
	if (len && fwrite(data, 1, len, f) != len)
		abort();
	fclose(f);
	free(full);
}

static void copy_file(const char *src, const char *root, const char *rel)
{
	kx_ctx *ctx = kx_ctx_new();
	struct kx_buf b;

	if (kx_read_file(ctx, src, &b))
		abort();
	th_write(root, rel, b.data, b.size);
	kx_buf_free(&b);
	kx_ctx_free(ctx);
}

void th_copy_tree(const char *src, const char *root, const char *rel)
{
	DIR *d = opendir(src);
	struct dirent *de;

	if (!d)
		abort();
	while ((de = readdir(d))) {
		char s[1024], r[1024];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(s, sizeof(s), "%s/%s", src, de->d_name);
		snprintf(r, sizeof(r), "%s/%s", rel, de->d_name);
		if (stat(s, &st))
			abort();
		if (S_ISDIR(st.st_mode))
			th_copy_tree(s, root, r);
		else
			copy_file(s, root, r);
	}
	closedir(d);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void th_rmtree(const char *root)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void sync_root(struct th_kernel *k)
{
	if (!k->root)
		return;
	th_write(k->root, "/sys/kernel/kexec_loaded", k->loaded ? "1\n" : "0\n",
		 2);
	th_write(k->root, "/sys/kernel/kexec_crash_loaded",
		 k->crash_loaded ? "1\n" : "0\n", 2);
}

static void set_slot(struct th_kernel *k, int crash, int value)
{
	if (crash)
		k->crash_loaded = value;
	else
		k->loaded = value;
	sync_root(k);
}

static long fake_file_load(void *data, int kernel_fd, int initrd_fd,
			   unsigned long cmdline_len, const char *cmdline,
			   unsigned long flags)
{
	struct th_kernel *k = data;
	int crash = (flags & KX_FILE_ON_CRASH) != 0;

	k->file_calls++;
	k->last_flags = flags;
	k->last_kernel_fd = kernel_fd;
	k->last_initrd_fd = initrd_fd;
	k->last_cmdline_len = cmdline_len;
	snprintf(k->last_cmdline, sizeof(k->last_cmdline), "%s",
		 cmdline ? cmdline : "");
	if (k->file_result < 0)
		return k->file_result;
	set_slot(k, crash, !(flags & KX_FILE_UNLOAD));
	return 0;
}

static long fake_load(void *data, unsigned long entry, unsigned long nr,
		      const struct kx_segment *segs, unsigned long flags)
{
	struct th_kernel *k = data;

	/* An unload passes no segments at all. */
	if (segs)
		memcpy(k->segs, segs,
		       (nr < TH_SEGS_MAX ? nr : TH_SEGS_MAX) * sizeof(*segs));
	k->load_calls++;
	k->last_flags = flags;
	k->last_entry = entry;
	k->last_nr_segments = nr;
	if (k->load_result < 0)
		return k->load_result;
	set_slot(k, (flags & KX_ON_CRASH) != 0, nr != 0);
	return 0;
}

static long fake_reboot(void *data)
{
	struct th_kernel *k = data;

	k->reboot_calls++;
	if (k->reboot_result < 0)
		return k->reboot_result;
	return k->loaded ? 0 : -EINVAL;
}

void th_kernel_attach(kx_ctx *ctx, struct th_kernel *k)
{
	if (kx_ctx_set_kexec_file_load(ctx, fake_file_load) ||
	    kx_ctx_set_kexec_load(ctx, fake_load) ||
	    kx_ctx_set_reboot_kexec(ctx, fake_reboot) ||
	    kx_ctx_set_sys_data(ctx, k))
		abort();
}

void th_kernel_init(struct th_kernel *k, const char *root)
{
	memset(k, 0, sizeof(*k));
	k->root = root;
	k->last_kernel_fd = k->last_initrd_fd = -2;
	sync_root(k);
}

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

uint8_t *th_make_bzimage(size_t size, uint16_t protocol, uint16_t xloadflags)
{
	const unsigned setup_sects = 15;
	const size_t setup = (setup_sects + 1) * 512;
	uint8_t *img = calloc(1, size);

	if (!img || size < setup + 1024)
		abort();
	img[0x1f1] = setup_sects;
	put32(img + 0x1f4, (uint32_t)((size - setup + 15) / 16));
	put16(img + 0x1fe, 0xaa55);
	/* The short jump over the header: its offset says where it ends. */
	img[0x200] = 0xeb;
	img[0x201] = 0x6a;
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, protocol);
	put16(img + 0x20e, 0x200); /* version string at 0x400 */
	memcpy(img + 0x400, "6.1.0-test (kx@test) #1 SMP", 28);
	img[0x211] = 0x01; /* LOADED_HIGH */
	put32(img + 0x230, 0x200000);
	img[0x234] = 1;
	img[0x235] = 21;
	put16(img + 0x236, xloadflags);
	put32(img + 0x238, 2047);
	put32(img + 0x258, 0x1000000);
	put32(img + 0x25c, 0);
	put32(img + 0x260, 0x2000000);
	return img;
}

/* ---- requests and plans ------------------------------------------------ */

static void setter_ok(kx_ctx *ctx, int rc, const char *what)
{
	if (rc)
		fail_msg("%s: %d (%s)", what, rc, kx_ctx_message(ctx));
}

kx_request *th_request(kx_ctx *ctx, const char *kernel, const char *initrd,
		       const char *cmdline, enum kx_syscall_mode mode,
		       unsigned flags)
{
	kx_request *req = NULL;

	setter_ok(ctx, kx_request_new(ctx, &req), "kx_request_new");
	if (kernel)
		setter_ok(ctx, kx_request_set_kernel(req, kernel), kernel);
	if (initrd)
		setter_ok(ctx, kx_request_set_initrd(req, initrd), initrd);
	if (cmdline)
		setter_ok(ctx, kx_request_set_cmdline(req, cmdline), cmdline);
	setter_ok(ctx, kx_request_set_syscall(req, mode), "syscall");
	setter_ok(ctx, kx_request_set_flags(req, flags), "flags");
	return req;
}

bool th_has(const kx_plan *plan, enum kx_key key)
{
	uint64_t v;

	return kx_plan_get_u64(plan, key, &v) == 0 ||
	       kx_plan_get_str(plan, key) != NULL;
}

uint64_t th_u64(const kx_plan *plan, enum kx_key key)
{
	uint64_t v = 0;
	int rc = kx_plan_get_u64(plan, key, &v);

	if (rc)
		fail_msg("plan field %s: %d", kx_key_name(key), rc);
	return v;
}

const char *th_str(const kx_plan *plan, enum kx_key key)
{
	const char *s = kx_plan_get_str(plan, key);

	if (!s)
		fail_msg("plan field %s: absent", kx_key_name(key));
	return s;
}

uint64_t th_item_u64(const kx_plan *plan, enum kx_list list, size_t i,
		     enum kx_key key)
{
	uint64_t v = 0;
	int rc = kx_plan_item_u64(plan, list, i, key, &v);

	if (rc)
		fail_msg("%s[%zu].%s: %d", kx_list_name(list), i,
			 kx_key_name(key), rc);
	return v;
}

const char *th_item_str(const kx_plan *plan, enum kx_list list, size_t i,
			enum kx_key key)
{
	const char *s = kx_plan_item_str(plan, list, i, key);

	if (!s)
		fail_msg("%s[%zu].%s: absent", kx_list_name(list), i,
			 kx_key_name(key));
	return s;
}

bool th_classic(const kx_plan *plan)
{
	uint64_t v = 0;

	return kx_plan_get_u64(plan, KX_KEY_CLASSIC, &v) == 0 && v == 1;
}

static size_t segment_by_name(const kx_plan *plan, const char *name,
			      bool exact)
{
	size_t i, n = kx_plan_count(plan, KX_LIST_SEGMENTS);

	for (i = 0; i < n; i++) {
		const char *s = th_item_str(plan, KX_LIST_SEGMENTS, i,
					    KX_KEY_NAME);

		if (exact ? strcmp(s, name) == 0 : strstr(s, name) != NULL)
			return i;
	}
	return TH_NONE;
}

size_t th_segment(const kx_plan *plan, const char *name)
{
	return segment_by_name(plan, name, true);
}

size_t th_segment_with(const kx_plan *plan, const char *part)
{
	return segment_by_name(plan, part, false);
}

size_t th_segment_at(const kx_plan *plan, uint64_t addr)
{
	size_t i, n = kx_plan_count(plan, KX_LIST_SEGMENTS);

	for (i = 0; i < n; i++) {
		uint64_t mem = th_item_u64(plan, KX_LIST_SEGMENTS, i,
					   KX_KEY_MEM);
		uint64_t memsz = th_item_u64(plan, KX_LIST_SEGMENTS, i,
					     KX_KEY_MEMSZ);

		if (addr >= mem && addr - mem < memsz)
			return i;
	}
	return TH_NONE;
}

int th_memmap(kx_ctx *ctx, struct kx_ranges *map, enum memmap_source *source)
{
	const struct kx_ranges *m;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	ranges_clear(map);
	if (!rc)
		rc = system_memmap(sys, &m, source);
	if (!rc)
		rc = ranges_copy(ctx, map, m);
	system_free(sys);
	return rc;
}

/* ---- fixtures that must be fetched ------------------------------------- */

static int skipped;

static void vskip(const char *fmt, va_list ap)
{
	fputs("SKIP: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	skipped++;
	skip();
}

void th_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vskip(fmt, ap);
	va_end(ap);
}

static int in_ci(void)
{
	const char *ci = getenv("CI");

	return ci && !strcmp(ci, "true");
}

void th_missing(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	if (!in_ci()) {
		vskip(fmt, ap);
		va_end(ap);
		return;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_msg("%s (CI=true: a missing fixture is a failure)", msg);
}

int th_exit(int failed)
{
	if (failed)
		return 1;
	return skipped ? 77 : 0;
}

/* Run SCRIPT and return the last line it printed, or NULL (its stderr's
 * last line in WHY).  Several test programs may want the same fixture at
 * once: a lock in the cache serialises the fetches, and the second one
 * finds the first one's result in the cache. */
static char *fetch(const char *script, char *why, size_t why_size)
{
	const char *cache = getenv("LIBKEXEC_VM_CACHE");
	char lock[4096], cmd[4096 + 64], line[4096], *out = NULL;
	FILE *p;
	int fd, status;

	if (!cache || !*cache)
		cache = "tests/vm/cache";
	mkdir(cache, 0755);
	snprintf(lock, sizeof(lock), "%s/.fetch.lock", cache);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	snprintf(cmd, sizeof(cmd), "%s 2>&1", script);
	p = popen(cmd, "r");
	line[0] = '\0';
	while (p && fgets(line, sizeof(line), p))
		;
	status = p ? pclose(p) : -1;
	if (fd >= 0)
		close(fd);
	line[strcspn(line, "\n")] = '\0';
	if (status == 0 && line[0] && access(line, R_OK) == 0)
		out = strdup(line);
	else
		snprintf(why, why_size, "%s: %s", script,
			 line[0] ? line : "failed");
	return out;
}

char *th_fixture(enum th_fixture which)
{
	static const struct {
		const char *env, *script, *what;
	} fx[] = {
	    [TH_FIXTURE_KERNEL] = {"LIBKEXEC_TEST_KERNEL", "tests/vm/fetch-kernel",
				   "Debian's kernel"},
	    [TH_FIXTURE_UKI_STUB] = {"LIBKEXEC_UKI_STUB",
				     "tests/fixtures/entries/fetch-uki-stub",
				     "systemd-boot's UKI stub"},
	};
	const char *env = getenv(fx[which].env);
	char why[4200];
	char *path;

	if (env && *env) {
		if (access(env, R_OK) != 0)
			th_missing("%s=%s: not readable", fx[which].env, env);
		return strdup(env);
	}
	path = fetch(fx[which].script, why, sizeof(why));
	if (!path)
		th_missing("no %s: %s", fx[which].what, why);
	return path;
}
