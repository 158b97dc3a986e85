#include "entries/distro.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entries/entries.h"
#include "entries/uki.h"

/* Kernel file names, longest prefix first so kernel-genkernel- is not
 * taken for kernel-. */
static const char *const kernel_prefixes[] = {
    "vmlinuz-", "kernel-genkernel-", "bzImage-", "kernel-", NULL,
};

/* genkernel puts the architecture first: kernel-genkernel-ARCH-VERSION. */
static const char *const genkernel_arches[] = {
    "x86_64-", "x86-", "amd64-", "i386-", "i686-", "arm64-", "aarch64-", NULL,
};

/* Backups, signatures and other files that share a kernel's prefix. */
static bool is_leftover(const char *name)
{
	static const char *const suffixes[] = {
	    ".old", ".bak", ".sig", ".dpkg-tmp", ".dpkg-new", "~", NULL};

	for (size_t i = 0; suffixes[i]; i++)
		if (ent_has_suffix(name, suffixes[i]))
			return true;
	return false;
}

const char *distro_kernel_version(const char *name, const char **prefix)
{
	for (size_t i = 0; kernel_prefixes[i]; i++) {
		size_t n = strlen(kernel_prefixes[i]);
		const char *v = name + n;

		if (strncmp(name, kernel_prefixes[i], n))
			continue;
		if (!*v || is_leftover(name))
			return NULL;
		*prefix = kernel_prefixes[i];
		for (size_t k = 0; i == 1 && genkernel_arches[k]; k++)
			if (!strncmp(v, genkernel_arches[k],
				     strlen(genkernel_arches[k])) &&
			    v[strlen(genkernel_arches[k])])
				return v + strlen(genkernel_arches[k]);
		return v;
	}
	return NULL;
}

size_t distro_initrd_names(const char *kernel, char names[][256], size_t max)
{
	/* Debian, Fedora/Gentoo dracut, SUSE, then older variants. */
	static const char *const plain[] = {"initrd.img-%s", "initramfs-%s.img",
					    "initrd-%s",     "initrd-%s.img",
					    "initramfs-%s",  NULL};
	const char *prefix, *v = distro_kernel_version(kernel, &prefix);
	size_t n = 0;

	if (!v)
		return 0;
	if (!strcmp(prefix, "kernel-genkernel-") && n < max)
		snprintf(names[n++], 256, "initramfs-genkernel-%s",
			 kernel + strlen(prefix));
	/* The whole suffix, so genkernel's ARCH- is kept when it is there. */
	v = kernel + strlen(prefix);
	for (size_t i = 0; plain[i] && n < max; i++)
		snprintf(names[n++], 256, plain[i], v);
	return n;
}

struct distro_scan {
	kx_ctx *ctx;
	struct kx_entry_list *list;
	size_t first; /* records of other sources end here */
	char *boot;   /* rooted /boot */
	char *os_name;
	char *options;
};

/* Microcode images some distributions leave beside the kernels instead of
 * inside the initrd (Arch, Gentoo); they go first. */
static int add_microcode(struct distro_scan *s, struct ent_rec *r)
{
	static const char *const names[] = {"intel-uc.img",	"amd-uc.img",
					    "intel-ucode.img",	"amd-ucode.img",
					    "early_ucode.cpio", NULL};
	int rc = 0;

	for (size_t i = 0; names[i] && !rc; i++) {
		char *p;

		if (asprintf(&p, "%s/%s", s->boot, names[i]) < 0)
			return -ENOMEM;
		if (ent_is_file(p))
			rc = ent_add_initrd(r, p);
		else
			free(p);
	}
	return rc;
}

static int add_initrd_for(struct distro_scan *s, struct ent_rec *r,
			  const char *kernel)
{
	char names[8][256];
	size_t n = distro_initrd_names(kernel, names, 8);
	int rc = add_microcode(s, r);

	for (size_t i = 0; i < n && !rc; i++) {
		char *p;

		if (asprintf(&p, "%s/%s", s->boot, names[i]) < 0)
			return -ENOMEM;
		if (ent_is_file(p))
			return ent_add_initrd(r, p);
		free(p);
	}
	return rc;
}

/* Whether another source already boots the file at PATH. */
static bool already_listed(const struct distro_scan *s, const char *path)
{
	for (size_t i = 0; i < s->first; i++)
		if (!strcmp(s->list->v[i].pub.kernel, path))
			return true;
	return false;
}

static int distro_title(const struct distro_scan *s, const char *version,
			struct ent_rec *r)
{
	char *t;
	int rc;

	if (asprintf(&t, "%s%sLinux %s", s->os_name ? s->os_name : "",
		     s->os_name ? ", with " : "", version) < 0)
		return -ENOMEM;
	rc = ent_set_str(&r->pub.title, t);
	free(t);
	return rc;
}

/* What every distribution entry holds besides its ID and initrd: the
 * title for VERSION, the kernel at PATH (also the file it was found as)
 * and the configured options. */
static int set_kernel_fields(const struct distro_scan *s, struct ent_rec *r,
			     const char *version, const char *path)
{
	int rc = distro_title(s, version, r);

	if (!rc)
		rc = ent_set_str(&r->pub.kernel, path);
	if (!rc)
		rc = ent_set_str(&r->pub.file, path);
	if (!rc)
		rc = ent_set_str(&r->pub.options, s->options);
	return rc;
}

static int distro_add(struct distro_scan *s, const char *name,
		      const char *version)
{
	struct ent_rec *r;
	char *path;
	int rc;

	if (asprintf(&path, "%s/%s", s->boot, name) < 0)
		return -ENOMEM;
	if (!ent_is_file(path) || already_listed(s, path)) {
		free(path);
		return 0;
	}
	r = ent_list_add(s->list);
	if (!r) {
		free(path);
		return -ENOMEM;
	}
	r->pub.source = KX_ENTRY_DISTRO;
	rc = ent_set_str(&r->pub.id, name);
	if (!rc)
		rc = ent_set_str(&r->pub.version, version);
	if (!rc)
		rc = set_kernel_fields(s, r, version, path);
	if (!rc)
		rc = add_initrd_for(s, r, name);
	if (!rc)
		rc = ent_finish(r);
	if (rc)
		ent_list_drop_last(s->list);
	free(path);
	return rc;
}

static int scan_boot_dir(struct distro_scan *s)
{
	DIR *d = opendir(s->boot);
	struct dirent *de;
	int rc = 0;

	while (d && !rc && (de = readdir(d))) {
		const char *prefix, *v;

		if (de->d_name[0] == '.')
			continue;
		v = distro_kernel_version(de->d_name, &prefix);
		if (v)
			rc = distro_add(s, de->d_name, v);
	}
	if (d)
		closedir(d);
	return rc;
}

static int cmp_version_desc(const void *a, const void *b)
{
	const struct ent_rec *x = a, *y = b;
	int r = kx_version_compare(y->pub.version, x->pub.version);

	return r ? r : strcmp(x->pub.id, y->pub.id);
}

/* Where the link at the rooted path LINK (in the root's directory DIR)
 * points, rooted; NULL when it is not a link. */
static char *link_target(const kx_ctx *ctx, const char *link, const char *dir)
{
	char target[PATH_MAX], *rel, *out;
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	const char *t = target;

	if (n <= 0)
		return NULL;
	target[n] = '\0';
	while (!strncmp(t, "./", 2))
		t += 2;
	if (asprintf(&rel, "%s%s", t[0] == '/' ? "" : dir, t) < 0)
		return NULL;
	out = ent_rooted(ctx, rel);
	free(rel);
	return out;
}

/* A new entry ID for the kernel at PATH with the initrd at INITRD (both
 * rooted; the initrd only if it exists). */
static int add_link_entry(struct distro_scan *s, const char *id,
			  const char *path, const char *initrd)
{
	struct ent_rec *r = ent_list_add(s->list);
	int rc = r ? 0 : -ENOMEM;

	if (!rc) {
		r->pub.source = KX_ENTRY_DISTRO;
		rc = ent_set_str(&r->pub.id, id);
	}
	if (!rc)
		rc = set_kernel_fields(s, r, id, path);
	if (!rc && ent_is_file(initrd))
		rc = ent_add_initrd(r, strdup(initrd));
	if (!rc)
		rc = ent_finish(r);
	if (rc && r)
		ent_list_drop_last(s->list);
	return rc;
}

/* Where the link or file LINK_PATH (in the root's directory DIR) leads,
 * rooted: an absolute link names a path below the root, not on this
 * machine. */
static char *resolve_link(const kx_ctx *ctx, const char *link_path,
			  const char *dir)
{
	char *link = ent_rooted(ctx, link_path), *target;

	if (!link)
		return NULL;
	target = link_target(ctx, link, dir);
	if (target) {
		free(link);
		return target;
	}
	return link;
}

/* Debian's /vmlinuz (or /boot/vmlinuz) link: it names the kernel the
 * system boots by default.  A link to something not listed becomes an
 * entry of its own. */
static int debian_link(struct distro_scan *s, const char *link_path,
		       const char *dir, const char *initrd_path, char **dflt)
{
	char *kernel = resolve_link(s->ctx, link_path, dir);
	char *initrd = resolve_link(s->ctx, initrd_path, dir);
	int rc = 0;

	if (!kernel || !initrd) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = s->first; i < s->list->n && !*dflt; i++)
		if (!strcmp(s->list->v[i].pub.kernel, kernel))
			*dflt = strdup(kernel);
	if (!*dflt && ent_is_file(kernel) && !already_listed(s, kernel)) {
		rc = add_link_entry(s, link_path + 1, kernel, initrd);
		if (!rc)
			*dflt = strdup(kernel);
	}
out:
	free(kernel);
	free(initrd);
	return rc;
}

static char *os_pretty_name(kx_ctx *ctx)
{
	static const char *const places[] = {"/etc/os-release",
					     "/usr/lib/os-release", NULL};
	char *name = NULL;

	for (size_t i = 0; places[i] && !name; i++) {
		char *path = ent_rooted(ctx, places[i]), *text;
		size_t len;

		if (path && !ent_read_text(ctx, path, ENT_TEXT_MAX, &text, &len)) {
			if (osrel_value(text, len, "PRETTY_NAME", &name) == 0 &&
			    name && !*name) {
				free(name);
				name = NULL;
			}
			free(text);
		}
		free(path);
	}
	return name;
}

int ent_scan_distro(kx_ctx *ctx, struct kx_entry_list *list, char **dflt)
{
	struct distro_scan s = {.ctx = ctx, .list = list, .first = list->n};
	int rc;

	*dflt = NULL;
	s.boot = ent_rooted(ctx, "/boot");
	if (!s.boot)
		return -ENOMEM;
	s.os_name = os_pretty_name(ctx);
	/* The running command line, as Debian's and Gentoo's scripts use
	 * when nothing else is configured. */
	if (kx_cmdline_reuse(ctx, 0, &s.options))
		s.options = strdup("");
	rc = s.options ? scan_boot_dir(&s) : -ENOMEM;
	if (!rc && list->n - s.first > 1)
		qsort(list->v + s.first, list->n - s.first, sizeof(*list->v),
		      cmp_version_desc);
	if (!rc)
		rc = debian_link(&s, "/vmlinuz", "/", "/initrd.img", dflt);
	if (!rc && !*dflt)
		rc = debian_link(&s, "/boot/vmlinuz", "/boot/",
				 "/boot/initrd.img", dflt);
	if (!rc && !*dflt && list->n > s.first)
		*dflt = strdup(list->v[s.first].pub.kernel);
	kx_clear(ctx);
	free(s.boot);
	free(s.os_name);
	free(s.options);
	return rc;
}
