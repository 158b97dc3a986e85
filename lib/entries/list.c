/* The entry list: records, systemd-boot's order, the default entry and
 * look-ups by name. */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "entries/entries.h"
#include "entries/grub.h"
#include "entries/loader.h"

struct ent_rec *ent_list_add(struct kx_entry_list *list)
{
	struct ent_rec *r;

	if (list->n == list->cap) {
		size_t ncap = list->cap ? list->cap * 2 : 16;
		struct ent_rec *v = realloc(list->v, ncap * sizeof(*v));

		if (!v)
			return NULL;
		list->v = v;
		list->cap = ncap;
	}
	r = &list->v[list->n++];
	memset(r, 0, sizeof(*r));
	r->pub.tries_left = r->pub.tries_done = -1;
	return r;
}

void ent_rec_free(struct ent_rec *r)
{
	struct kx_entry *e = &r->pub;
	const char **fields[] = {&e->id,	 &e->title,    &e->version,
				 &e->machine_id, &e->sort_key, &e->architecture,
				 &e->kernel,	 &e->options,  &e->devicetree,
				 &e->file};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		free((void *)*fields[i]);
	for (size_t i = 0; i < e->n_initrds; i++)
		free((void *)e->initrds[i]);
	free((void *)e->initrds);
	free(r->sort_id);
	free(r->title_path);
	free(r->index_path);
	free(r->efi);
	memset(r, 0, sizeof(*r));
}

void ent_list_drop_last(struct kx_entry_list *list)
{
	if (list->n)
		ent_rec_free(&list->v[--list->n]);
}

int ent_set(const char **field, const char *s, size_t n)
{
	char *copy = ent_strndup(s ? s : "", s ? n : 0);

	if (!copy)
		return -ENOMEM;
	free((void *)*field);
	*field = copy;
	return 0;
}

int ent_set_str(const char **field, const char *s)
{
	return ent_set(field, s, s ? strlen(s) : 0);
}

int ent_add_initrd(struct ent_rec *r, char *path_owned)
{
	struct kx_entry *e = &r->pub;
	const char **v;

	if (!path_owned)
		return -ENOMEM;
	v = realloc((void *)e->initrds, (e->n_initrds + 1) * sizeof(*v));
	if (!v) {
		free(path_owned);
		return -ENOMEM;
	}
	v[e->n_initrds++] = path_owned;
	e->initrds = v;
	return 0;
}

int ent_finish(struct ent_rec *r)
{
	struct kx_entry *e = &r->pub;
	const char **fields[] = {&e->id,	 &e->title,    &e->version,
				 &e->machine_id, &e->sort_key, &e->architecture,
				 &e->kernel,	 &e->options,  &e->devicetree,
				 &e->file};

	if (!e->source)
		e->source = KX_ENTRY_BLS;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!*fields[i] && ent_set_str(fields[i], ""))
			return -ENOMEM;
	if (!e->title[0])
		return ent_set_str(&e->title, e->id);
	return 0;
}

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

/* systemd-boot's boot_entry_compare(): entries out of tries last, then
 * those with a sort-key (by sort-key, machine-id, version descending),
 * then the file name, version-sorted descending, then boot counters. */
static int cmp_boot(const void *pa, const void *pb)
{
	const struct ent_rec *ra = pa, *rb = pb;
	const struct kx_entry *a = &ra->pub, *b = &rb->pub;
	int r;

	r = cmp_int(a->tries_left == 0, b->tries_left == 0);
	if (!r)
		r = cmp_int(!a->sort_key[0], !b->sort_key[0]);
	if (!r && a->sort_key[0] && b->sort_key[0]) {
		r = strcmp(a->sort_key, b->sort_key);
		if (!r)
			r = strcmp(a->machine_id, b->machine_id);
		if (!r)
			r = -kx_version_compare(a->version, b->version);
	}
	if (!r)
		r = -kx_version_compare(ra->sort_id, rb->sort_id);
	if (r || a->tries_left < 0 || b->tries_left < 0)
		return r;
	r = -cmp_int(a->tries_left, b->tries_left);
	return r ? r : cmp_int(a->tries_done, b->tries_done);
}

void ent_sort_boot(struct ent_rec *from, size_t n)
{
	if (n > 1)
		qsort(from, n, sizeof(*from), cmp_boot);
}

/* ---- the default -------------------------------------------------------- */

static bool is_boot_record(const struct ent_rec *r)
{
	return r->pub.source == KX_ENTRY_BLS || r->pub.source == KX_ENTRY_UKI;
}

/* systemd-boot matches ids as globs, without regard to case; accept the
 * file name with or without its suffix. */
static bool id_matches(const struct ent_rec *r, const char *pattern)
{
	return !fnmatch(pattern, r->pub.id, FNM_CASEFOLD) ||
	       (r->sort_id && !fnmatch(pattern, r->sort_id, FNM_CASEFOLD));
}

static ssize_t find_boot_pattern(const struct kx_entry_list *list,
				 const char *pattern)
{
	for (size_t i = 0; i < list->n; i++)
		if (is_boot_record(&list->v[i]) &&
		    id_matches(&list->v[i], pattern))
			return (ssize_t)i;
	return -1;
}

/* The EFI variables systemd-boot's `bootctl set-default` and
 * `set-oneshot` write, then loader.conf.  "@saved" in loader.conf means
 * the entry booted last. */
static int default_from_loader(kx_ctx *ctx, const struct kx_entry_list *list,
			       ssize_t *at)
{
	static const char *const vars[] = {"LoaderEntryOneShot",
					   "LoaderEntryDefault", NULL};
	char *pattern;
	int rc;

	for (size_t i = 0; vars[i] && *at < 0; i++) {
		rc = loader_read_efivar(ctx, vars[i], &pattern);
		if (rc == -ENOMEM)
			return rc;
		if (!rc)
			*at = find_boot_pattern(list, pattern);
		free(pattern);
	}
	if (*at >= 0)
		return 0;
	rc = loader_conf_default(ctx, &pattern);
	if (rc == -ENOMEM)
		return rc;
	if (!rc && !strcmp(pattern, "@saved")) {
		free(pattern);
		rc = loader_read_efivar(ctx, "LoaderEntryLastBooted", &pattern);
		if (rc == -ENOMEM)
			return rc;
	}
	if (!rc)
		*at = find_boot_pattern(list, pattern);
	free(pattern);
	return 0;
}

/* GRUB's default names one of its entries, or (Fedora's blscfg) a BLS
 * entry by id. */
static ssize_t find_grub_default(const struct kx_entry_list *list,
				 const char *dflt)
{
	for (size_t i = 0; i < list->n; i++)
		if (grub_matches(&list->v[i], dflt))
			return (ssize_t)i;
	for (size_t i = 0; i < list->n; i++)
		if (is_boot_record(&list->v[i]) &&
		    id_matches(&list->v[i], dflt))
			return (ssize_t)i;
	return -1;
}

static ssize_t find_kernel(const struct kx_entry_list *list, const char *path)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i].pub.source == KX_ENTRY_DISTRO &&
		    !strcmp(list->v[i].pub.kernel, path))
			return (ssize_t)i;
	return -1;
}

static ssize_t first_of(const struct kx_entry_list *list,
			enum kx_entry_source a, enum kx_entry_source b)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i].pub.source == a || list->v[i].pub.source == b)
			return (ssize_t)i;
	return -1;
}

/* systemd-boot sets LoaderInfo on every boot. */
static bool booted_by_systemd_boot(kx_ctx *ctx)
{
	char *info;

	if (loader_read_efivar(ctx, "LoaderInfo", &info))
		return false;
	free(info);
	return true;
}

static int mark_default(kx_ctx *ctx, struct kx_entry_list *list,
			const char *grub_dflt, const char *distro_dflt)
{
	ssize_t at = -1;
	int rc = default_from_loader(ctx, list, &at);

	if (rc)
		return rc;
	/* GRUB's choice counts unless systemd-boot is what booted. */
	if (at < 0 && grub_dflt && !booted_by_systemd_boot(ctx))
		at = find_grub_default(list, grub_dflt);
	if (at < 0)
		at = first_of(list, KX_ENTRY_BLS, KX_ENTRY_UKI);
	if (at < 0)
		at = first_of(list, KX_ENTRY_GRUB, KX_ENTRY_GRUB);
	if (at < 0 && distro_dflt)
		at = find_kernel(list, distro_dflt);
	if (at < 0 && list->n)
		at = 0;
	if (at >= 0)
		list->v[at].pub.is_default = true;
	return 0;
}

/* ---- scanning ----------------------------------------------------------- */

/* Where BLS entries and UKIs live: XBOOTLDR and the ESP, at their usual
 * mount points. */
static const char *const boot_dirs[] = {"/boot", "/efi", "/boot/efi", NULL};

/* Whether the rooted directory DIR is the same as one already seen in
 * SEEN (by device and inode); records it when not. */
static bool dir_seen(const char *dir, unsigned long long seen[][2], size_t *n,
		     size_t max)
{
	struct stat st;

	if (stat(dir, &st))
		return true;
	for (size_t i = 0; i < *n; i++)
		if (seen[i][0] == (unsigned long long)st.st_dev &&
		    seen[i][1] == (unsigned long long)st.st_ino)
			return true;
	if (*n < max) {
		seen[*n][0] = (unsigned long long)st.st_dev;
		seen[*n][1] = (unsigned long long)st.st_ino;
		(*n)++;
	}
	return false;
}

int ent_scan_boot_dirs(kx_ctx *ctx, struct kx_entry_list *list,
		       int (*scan_dir)(kx_ctx *ctx, struct kx_entry_list *list,
				       const char *bootdir))
{
	unsigned long long seen[8][2];
	size_t nseen = 0;
	int rc = 0;

	for (size_t i = 0; boot_dirs[i] && !rc; i++) {
		char *bootdir = ent_rooted(ctx, boot_dirs[i]);

		if (!bootdir)
			return -ENOMEM;
		/* /efi and /boot/efi are often the same file system. */
		if (!dir_seen(bootdir, seen, &nseen, 8))
			rc = scan_dir(ctx, list, bootdir);
		free(bootdir);
	}
	return rc;
}

static int scan_grub_file(kx_ctx *ctx, struct kx_entry_list *list,
			  const char *dir, char **dflt)
{
	char *cfg_path = NULL, *env_path = NULL, *cfg = NULL, *env = NULL;
	char *root = ent_rooted(ctx, "");
	size_t cfg_len, env_len = 0;
	int rc = -ENOMEM;

	*dflt = NULL;
	if (!root || asprintf(&cfg_path, "%s%s/grub.cfg", root, dir) < 0 ||
	    asprintf(&env_path, "%s%s/grubenv", root, dir) < 0)
		goto out;
	rc = ent_read_text(ctx, cfg_path, ENT_TEXT_MAX, &cfg, &cfg_len);
	if (rc) {
		rc = rc == -ENOMEM ? rc : -ENOENT;
		goto out;
	}
	if (ent_read_text(ctx, env_path, ENT_TEXT_MAX, &env, &env_len))
		env_len = 0;
	rc = grub_parse(cfg, cfg_len, env, env_len, root, cfg_path, list, dflt);
out:
	free(root);
	free(cfg_path);
	free(env_path);
	free(cfg);
	free(env);
	return rc;
}

int ent_scan_grub(kx_ctx *ctx, struct kx_entry_list *list, char **dflt)
{
	/* Debian's and Fedora's places; the first one found is GRUB's. */
	static const char *const dirs[] = {"/boot/grub", "/boot/grub2", NULL};
	int rc = -ENOENT;

	*dflt = NULL;
	for (size_t i = 0; dirs[i] && rc == -ENOENT; i++)
		rc = scan_grub_file(ctx, list, dirs[i], dflt);
	return rc == -ENOENT ? 0 : rc;
}

static int scan_all(kx_ctx *ctx, unsigned sources, struct kx_entry_list *list,
		    char **grub_dflt, char **distro_dflt)
{
	int rc = 0;

	if (sources & KX_ENTRIES_BLS)
		rc = ent_scan_bls(ctx, list);
	if (!rc && (sources & KX_ENTRIES_UKI))
		rc = ent_scan_uki(ctx, list);
	if (!rc)
		ent_sort_boot(list->v, list->n);
	if (!rc && (sources & KX_ENTRIES_GRUB))
		rc = ent_scan_grub(ctx, list, grub_dflt);
	if (!rc && (sources & KX_ENTRIES_DISTRO))
		rc = ent_scan_distro(ctx, list, distro_dflt);
	return rc;
}

#define ENTRIES_ALL                                                          \
	(KX_ENTRIES_BLS | KX_ENTRIES_UKI | KX_ENTRIES_GRUB | KX_ENTRIES_DISTRO)

KX_PUBLIC int kx_entries_list(kx_ctx *ctx, unsigned sources,
			      kx_entry_list **out)
{
	struct kx_entry_list *list;
	char *grub_dflt = NULL, *distro_dflt = NULL;
	int rc;

	if (!ctx)
		return -EINVAL;
	if (!out)
		return kx_fail(ctx, -EINVAL, "kx_entries_list: no result pointer");
	*out = NULL;
	if (sources & ~ENTRIES_ALL)
		return kx_fail(ctx, -EINVAL, "unknown entry sources 0x%x",
			       sources & ~ENTRIES_ALL);
	list = calloc(1, sizeof(*list));
	if (!list)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	if (!sources)
		sources = ENTRIES_ALL;
	rc = scan_all(ctx, sources, list, &grub_dflt, &distro_dflt);
	if (!rc)
		rc = mark_default(ctx, list, grub_dflt, distro_dflt);
	free(grub_dflt);
	free(distro_dflt);
	if (rc) {
		kx_entries_free(list);
		return kx_fail(ctx, rc, "out of memory listing boot entries");
	}
	/* Files skipped on the way are not this call's failure. */
	kx_clear(ctx);
	*out = list;
	return 0;
}

KX_PUBLIC size_t kx_entries_count(const kx_entry_list *list)
{
	return list ? list->n : 0;
}

KX_PUBLIC const kx_entry *kx_entries_get(const kx_entry_list *list,
					  size_t i)
{
	return list && i < list->n ? &list->v[i].pub : NULL;
}

KX_PUBLIC void kx_entries_free(kx_entry_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++)
		ent_rec_free(&list->v[i]);
	free(list->v);
	free(list);
}

KX_PUBLIC const char *kx_entry_source_name(enum kx_entry_source source)
{
	switch (source) {
	case KX_ENTRY_BLS:
		return "bls";
	case KX_ENTRY_UKI:
		return "uki";
	case KX_ENTRY_GRUB:
		return "grub";
	case KX_ENTRY_DISTRO:
		return "distro";
	}
	return "unknown";
}

/* ---- look-ups ------------------------------------------------------------ */

static const struct ent_rec *find_latest(const struct kx_entry_list *list)
{
	const struct ent_rec *best = NULL;

	/* Ties keep the earlier entry: the menu's own preference. */
	for (size_t i = 0; i < list->n; i++)
		if (!best || kx_version_compare(list->v[i].pub.version,
						best->pub.version) > 0)
			best = &list->v[i];
	return best;
}

static const struct ent_rec *find_default(const struct kx_entry_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i].pub.is_default)
			return &list->v[i];
	return NULL;
}

/* An id with its file suffix, as `bootctl list` and EFI variables show
 * it, names the same entry. */
static bool id_equal_loose(const struct ent_rec *r, const char *which)
{
	if (!strcasecmp(r->pub.id, which))
		return true;
	return r->sort_id && !strcasecmp(r->sort_id, which);
}

static const struct ent_rec *find_named(const struct kx_entry_list *list,
					const char *which)
{
	for (size_t i = 0; i < list->n; i++)
		if (!strcmp(list->v[i].pub.id, which))
			return &list->v[i];
	for (size_t i = 0; i < list->n; i++)
		if (id_equal_loose(&list->v[i], which))
			return &list->v[i];
	for (size_t i = 0; i < list->n; i++)
		if (!strcmp(list->v[i].pub.title, which) ||
		    grub_matches(&list->v[i], which))
			return &list->v[i];
	return NULL;
}

/* "a, b, c" for the error message, cut short on long lists. */
static void known_ids(const struct kx_entry_list *list, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < list->n && used + 1 < len; i++) {
		int n = snprintf(out + used, len - used, "%s%s", i ? ", " : "",
				 list->v[i].pub.id);

		if (n < 0 || (size_t)n >= len - used) {
			if (len > 4)
				strcpy(out + len - 4, "...");
			break;
		}
		used += (size_t)n;
	}
}

KX_PUBLIC int kx_entries_find(kx_ctx *ctx, const kx_entry_list *list,
			      const char *which, const kx_entry **out)
{
	const struct ent_rec *r = NULL;
	char ids[256];

	if (!ctx)
		return -EINVAL;
	if (!which || !out)
		return kx_fail(ctx, -EINVAL,
			       "kx_entries_find: no name or result pointer");
	*out = NULL;
	if (!list || !list->n)
		return kx_fail(ctx, -ENOENT,
			       "no boot entries found (looked for loader "
			       "entries, UKIs, grub.cfg and kernels in /boot)");
	if (!strcmp(which, "default"))
		r = find_default(list);
	else if (!strcmp(which, "latest"))
		r = find_latest(list);
	else
		r = find_named(list, which);
	if (!r) {
		known_ids(list, ids, sizeof(ids));
		return kx_fail(ctx, -ENOENT, "no boot entry '%s' (entries: %s)",
			       which, ids);
	}
	*out = &r->pub;
	return 0;
}
