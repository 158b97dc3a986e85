#include "entries/uki.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The text sections are small; anything larger is damage. */
#define UKI_TEXT_MAX (64u * 1024)

int uki_open(kx_ctx *ctx, const char *path, int *fd, struct pe_info *pe)
{
	uint8_t head[PE_HEAD_MAX];
	struct stat st;
	ssize_t n;
	int rc;

	/* PE sizes and offsets are 32-bit. */
	rc = kx_open_file(ctx, path, UINT32_MAX, fd);
	if (rc)
		return rc;
	if (fstat(*fd, &st)) {
		rc = kx_fail(ctx, -errno, "%s: cannot stat: %s", path,
			     strerror(errno));
		goto fail;
	}
	n = pread(*fd, head, sizeof(head), 0);
	if (n < 0) {
		rc = kx_fail(ctx, -errno, "%s: read error: %s", path,
			     strerror(errno));
		goto fail;
	}
	rc = pe_parse(ctx, path, head, (size_t)n, (uint64_t)st.st_size, pe);
	if (!rc && !pe_find(pe, ".linux"))
		rc = kx_fail(ctx, -ENOEXEC,
			     "%s: a PE image without a .linux section (not a "
			     "unified kernel image)",
			     path);
	if (!rc)
		return 0;
fail:
	close(*fd);
	*fd = -1;
	return rc;
}

int uki_read_section(kx_ctx *ctx, const char *path, int fd,
		     const struct pe_section *s, size_t max, struct kx_buf *out)
{
	size_t got = 0;

	out->data = NULL;
	out->size = 0;
	if (s->size > max)
		return kx_fail(ctx, -EFBIG,
			       "%s: section %s is too large (%llu "
			       "bytes)",
			       path, s->name, (unsigned long long)s->size);
	/* One more byte so text sections can be NUL terminated. */
	out->data = malloc((size_t)s->size + 1);
	if (!out->data)
		return kx_fail(ctx, -ENOMEM, "%s: out of memory", path);
	while (got < s->size) {
		ssize_t n = pread(fd, out->data + got, (size_t)s->size - got,
				  (off_t)(s->offset + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			kx_buf_free(out);
			return kx_fail(ctx, n ? -errno : -EIO,
				       "%s: cannot read section %s", path,
				       s->name);
		}
		got += (size_t)n;
	}
	out->data[got] = '\0';
	out->size = got;
	return 0;
}

/* Unquote an os-release value: "..." with backslash escapes, '...', or a
 * bare word. */
static char *osrel_unquote(const char *v, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	char q = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];

		if (!q && (c == '"' || c == '\'')) {
			q = c;
		} else if (q && c == q) {
			q = 0;
		} else if (q == '"' && c == '\\' && i + 1 < n) {
			*o++ = v[++i];
		} else {
			*o++ = c;
		}
	}
	*o = '\0';
	return out;
}

int osrel_value(const char *text, size_t len, const char *key, char **out)
{
	const char *pos = text, *end = text + len, *line;
	size_t n, kl = strlen(key);

	*out = NULL;
	while (ent_next_line(&pos, end, &line, &n)) {
		ent_trim(&line, &n);
		if (n <= kl || memcmp(line, key, kl) || line[kl] != '=')
			continue;
		free(*out);
		*out = osrel_unquote(line + kl + 1, n - kl - 1);
		if (!*out)
			return -ENOMEM;
	}
	return 0;
}

/* A text section as a trimmed string; "" when absent or unreadable. */
static char *uki_text(kx_ctx *ctx, const char *path, int fd,
		      const struct pe_info *pe, const char *name)
{
	const struct pe_section *s = pe_find(pe, name);
	struct kx_buf b;
	const char *t;
	size_t n;

	if (!s || uki_read_section(ctx, path, fd, s, UKI_TEXT_MAX, &b))
		return strdup("");
	/* Sections are padded with NULs and often end in a newline. */
	t = (const char *)b.data;
	n = strnlen(t, b.size);
	while (n && (t[n - 1] == '\n' || t[n - 1] == ' ' || t[n - 1] == '\t' ||
		     t[n - 1] == '\r'))
		n--;
	while (n && (*t == ' ' || *t == '\t' || *t == '\n')) {
		t++;
		n--;
	}
	t = ent_strndup(t, n);
	kx_buf_free(&b);
	return (char *)t;
}

/* The first of KEYS present in the os-release text, or NULL. */
static int osrel_first(const char *osrel, const char *const *keys, char **out)
{
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; keys[i] && !*out && !rc; i++) {
		rc = osrel_value(osrel, strlen(osrel), keys[i], out);
		if (!rc && *out && !**out) {
			free(*out);
			*out = NULL;
		}
	}
	return rc;
}

static int uki_fill_osrel(struct ent_rec *r, const char *osrel,
			  const char *uname)
{
	static const char *const title_keys[] = {"PRETTY_NAME", "NAME", NULL};
	static const char *const version_keys[] = {"IMAGE_VERSION",
						   "VERSION_ID", NULL};
	static const char *const sort_keys[] = {"IMAGE_ID", "ID", NULL};
	char *title, *version, *sort;
	int rc;

	rc = osrel_first(osrel, title_keys, &title);
	if (!rc)
		rc = osrel_first(osrel, version_keys, &version);
	if (!rc)
		rc = osrel_first(osrel, sort_keys, &sort);
	if (rc)
		return rc;
	/* The kernel's own version orders kernels better than the OS's. */
	rc = ent_set_str(&r->pub.title, title ? title : r->pub.id);
	if (!rc)
		rc = ent_set_str(&r->pub.version, uname[0]  ? uname
						  : version ? version
							    : "");
	if (!rc && sort)
		rc = ent_set_str(&r->pub.sort_key, sort);
	free(title);
	free(version);
	free(sort);
	return rc;
}

int uki_fill(kx_ctx *ctx, const char *path, const char *fname,
	     struct ent_rec *r)
{
	struct pe_info *pe = malloc(sizeof(*pe));
	char *osrel = NULL, *uname = NULL, *cmdline = NULL;
	size_t idlen;
	int fd = -1, rc;

	rc = pe ? uki_open(ctx, path, &fd, pe) : -ENOMEM;
	if (!rc)
		rc = ent_strip_counter(fname, &r->sort_id, &r->pub.tries_left,
				       &r->pub.tries_done);
	if (rc)
		goto out;
	r->pub.source = KX_ENTRY_UKI;
	idlen = strlen(r->sort_id);
	if (ent_has_suffix(r->sort_id, ".efi") ||
	    ent_has_suffix(r->sort_id, ".EFI"))
		idlen -= 4;
	osrel = uki_text(ctx, path, fd, pe, ".osrel");
	uname = uki_text(ctx, path, fd, pe, ".uname");
	cmdline = uki_text(ctx, path, fd, pe, ".cmdline");
	rc = osrel && uname && cmdline ? 0 : -ENOMEM;
	if (!rc)
		rc = ent_set(&r->pub.id, r->sort_id, idlen);
	if (!rc)
		rc = uki_fill_osrel(r, osrel, uname);
	if (!rc)
		rc = ent_set_str(&r->pub.options, cmdline);
	if (!rc)
		rc = ent_set_str(&r->pub.kernel, path);
	if (!rc)
		rc = ent_set_str(&r->pub.file, path);
out:
	if (fd >= 0)
		close(fd);
	free(pe);
	free(osrel);
	free(uname);
	free(cmdline);
	return rc;
}

static int uki_scan_file(kx_ctx *ctx, struct kx_entry_list *list,
			 const char *dir, const char *fname)
{
	struct ent_rec *r;
	char *path;
	int rc;

	if (asprintf(&path, "%s/%s", dir, fname) < 0)
		return -ENOMEM;
	r = ent_list_add(list);
	rc = r ? uki_fill(ctx, path, fname, r) : -ENOMEM;
	if (!rc)
		rc = ent_finish(r);
	if (rc && r)
		ent_list_drop_last(list);
	free(path);
	/* A damaged image is skipped; the list says what is bootable. */
	return rc == -ENOMEM ? rc : 0;
}

static int uki_scan_dir(kx_ctx *ctx, struct kx_entry_list *list,
			const char *bootdir)
{
	struct dirent *de;
	char *dir;
	DIR *d;
	int rc = 0;

	if (asprintf(&dir, "%s/EFI/Linux", bootdir) < 0)
		return -ENOMEM;
	d = opendir(dir);
	while (d && !rc && (de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    !(ent_has_suffix(de->d_name, ".efi") ||
		      ent_has_suffix(de->d_name, ".EFI")))
			continue;
		rc = uki_scan_file(ctx, list, dir, de->d_name);
	}
	if (d)
		closedir(d);
	free(dir);
	return rc;
}

int ent_scan_uki(kx_ctx *ctx, struct kx_entry_list *list)
{
	return ent_scan_boot_dirs(ctx, list, uki_scan_dir);
}
