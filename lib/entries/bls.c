#include "entries/bls.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *bls_native_arch(void)
{
#if defined(__x86_64__)
	return "x64";
#elif defined(__i386__)
	return "ia32";
#elif defined(__aarch64__)
	return "aa64";
#elif defined(__arm__)
	return "arm";
#elif defined(__riscv) && __riscv_xlen == 64
	return "riscv64";
#elif defined(__loongarch64)
	return "loongarch64";
#else
	return "";
#endif
}

int ent_strip_counter(const char *fname, char **out, int *left, int *done)
{
	const char *dot = strrchr(fname, '.');
	const char *end = dot ? dot : fname + strlen(fname);
	const char *plus = NULL, *p;
	long l = -1, d = 0;
	char *s;

	*left = *done = -1;
	/* A '+' at the start is the name, not a counter: stripping it
	 * would leave an entry with an empty id. */
	for (p = fname + 1; p < end; p++)
		if (*p == '+')
			plus = p;
	if (plus) {
		char *e;

		l = strtol(plus + 1, &e, 10);
		if (e > plus + 1 && *e == '-' && e + 1 < end)
			d = strtol(e + 1, &e, 10);
		/* Anything else after '+' is part of the name. */
		if (e != end || plus[1] < '0' || plus[1] > '9' || l > 1000000 ||
		    d < 0 || d > 1000000)
			plus = NULL;
	}
	if (!plus) {
		*out = strdup(fname);
		return *out ? 0 : -ENOMEM;
	}
	s = malloc(strlen(fname) + 1);
	if (!s)
		return -ENOMEM;
	memcpy(s, fname, (size_t)(plus - fname));
	strcpy(s + (plus - fname), end);
	*out = s;
	*left = (int)l;
	*done = (int)d;
	return 0;
}

/* A path in an entry is relative to the partition it was found on. */
static char *boot_path(const char *bootdir, const char *v, size_t n)
{
	struct ent_str b = {0};

	if (ent_str_add(&b, bootdir, strlen(bootdir)) ||
	    (v[0] != '/' && ent_str_add(&b, "/", 1)) || ent_str_add(&b, v, n)) {
		ent_str_free(&b);
		return NULL;
	}
	return ent_str_take(&b);
}

struct bls_state {
	struct ent_rec *r;
	const char *bootdir;
	struct ent_str options;
};

static int bls_path_key(struct bls_state *st, const char **field, const char *v,
			size_t n)
{
	char *p = boot_path(st->bootdir, v, n);
	int rc;

	if (!p)
		return -ENOMEM;
	/* A repeated single-valued key: the last one counts. */
	free((void *)*field);
	*field = NULL;
	rc = ent_set_str(field, p);
	free(p);
	return rc;
}

static int bls_key(struct bls_state *st, const char *k, size_t kn,
		   const char *v, size_t vn)
{
	struct ent_rec *r = st->r;
	struct kx_entry *e = &r->pub;
#define IS(name) (kn == sizeof(name) - 1 && !memcmp(k, name, kn))

	if (IS("options"))
		return ent_str_add_word(&st->options, v, vn);
	if (IS("initrd")) {
		char *p = boot_path(st->bootdir, v, vn);

		return p ? ent_add_initrd(r, p) : -ENOMEM;
	}
	if (IS("linux"))
		return bls_path_key(st, &e->kernel, v, vn);
	if (IS("devicetree"))
		return bls_path_key(st, &e->devicetree, v, vn);
	if (IS("efi")) {
		char *p = boot_path(st->bootdir, v, vn);

		if (!p)
			return -ENOMEM;
		free(r->efi);
		r->efi = p;
		return 0;
	}
	{
		static const struct {
			const char *name;
			size_t off;
		} plain[] = {
		    {"title", offsetof(struct kx_entry, title)},
		    {"version", offsetof(struct kx_entry, version)},
		    {"machine-id", offsetof(struct kx_entry, machine_id)},
		    {"sort-key", offsetof(struct kx_entry, sort_key)},
		    {"architecture", offsetof(struct kx_entry, architecture)},
		};

		for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
			const char **f;

			if (strlen(plain[i].name) != kn ||
			    memcmp(plain[i].name, k, kn))
				continue;
			f = (const char **)((char *)e + plain[i].off);
			free((void *)*f);
			*f = NULL;
			return ent_set(f, v, vn);
		}
	}
	/* Unknown keys are for other boot loaders. */
	return 0;
#undef IS
}

static int bls_line(struct bls_state *st, const char *line, size_t len)
{
	const char *key, *val;
	size_t kn = 0, vn;

	ent_trim(&line, &len);
	if (!len || line[0] == '#')
		return 0;
	key = line;
	while (kn < len && key[kn] != ' ' && key[kn] != '\t')
		kn++;
	val = key + kn;
	vn = len - kn;
	ent_trim(&val, &vn);
	/* A key without a value says nothing. */
	if (!vn)
		return 0;
	return bls_key(st, key, kn, val, vn);
}

/* The title systemd-boot shows when an entry has none. */
static int bls_default_title(struct ent_rec *r)
{
	const char *t = r->pub.id;

	if (r->pub.title && r->pub.title[0])
		return 0;
	free((void *)r->pub.title);
	r->pub.title = NULL;
	return ent_set_str(&r->pub.title, t);
}

static int bls_check(struct bls_state *st)
{
	struct ent_rec *r = st->r;
	const char *arch = r->pub.architecture;
	int rc;

	if (!r->pub.kernel && !r->efi)
		return -EINVAL;
	if (arch && arch[0] && strcasecmp(arch, bls_native_arch()))
		return -EINVAL;
	/* An `efi` entry is booted as a UKI; `linux` wins if both are set,
	 * as in systemd-boot. */
	if (!r->pub.kernel && (rc = ent_set_str(&r->pub.kernel, r->efi)))
		return rc;
	if ((rc = ent_set_str(&r->pub.options, ent_str_get(&st->options))))
		return rc;
	return bls_default_title(r);
}

int bls_parse(const char *fname, const char *text, size_t len,
	      const char *bootdir, struct ent_rec *r)
{
	struct bls_state st = {.r = r, .bootdir = bootdir};
	const char *pos = text, *end = text + len, *line;
	size_t n, idlen;
	int rc;

	rc = ent_strip_counter(fname, &r->sort_id, &r->pub.tries_left,
			       &r->pub.tries_done);
	if (rc)
		return rc;
	idlen = strlen(r->sort_id);
	if (ent_has_suffix(r->sort_id, ".conf"))
		idlen -= 5;
	rc = ent_set(&r->pub.id, r->sort_id, idlen);
	while (!rc && ent_next_line(&pos, end, &line, &n))
		rc = bls_line(&st, line, n);
	if (!rc)
		rc = bls_check(&st);
	ent_str_free(&st.options);
	return rc;
}

static int bls_scan_file(kx_ctx *ctx, struct kx_entry_list *list,
			 const char *bootdir, const char *dir,
			 const char *fname)
{
	struct ent_rec *r;
	char *path, *text;
	size_t len;
	int rc;

	(void)ctx;
	if (asprintf(&path, "%s/%s", dir, fname) < 0)
		return -ENOMEM;
	rc = ent_read_text(ctx, path, ENT_TEXT_MAX, &text, &len);
	if (rc) {
		free(path);
		return rc == -ENOMEM ? rc : 0;
	}
	r = ent_list_add(list);
	rc = r ? bls_parse(fname, text, len, bootdir, r) : -ENOMEM;
	if (!rc)
		rc = ent_set_str(&r->pub.file, path);
	if (!rc)
		rc = ent_finish(r);
	if (rc && r)
		ent_list_drop_last(list);
	free(text);
	free(path);
	return rc == -ENOMEM ? rc : 0;
}

static int bls_scan_dir(kx_ctx *ctx, struct kx_entry_list *list,
			const char *bootdir)
{
	char *dir;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (asprintf(&dir, "%s/loader/entries", bootdir) < 0)
		return -ENOMEM;
	d = opendir(dir);
	while (d && !rc && (de = readdir(d))) {
		/* Hidden files are editors' and package managers' leftovers. */
		if (de->d_name[0] == '.' ||
		    !ent_has_suffix(de->d_name, ".conf"))
			continue;
		rc = bls_scan_file(ctx, list, bootdir, dir, de->d_name);
	}
	if (d)
		closedir(d);
	free(dir);
	return rc;
}

int ent_scan_bls(kx_ctx *ctx, struct kx_entry_list *list)
{
	return ent_scan_boot_dirs(ctx, list, bls_scan_dir);
}
