#include "entries/prepare.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "entries/entries.h"
#include "entries/uki.h"
#include "format/decompress.h"

/* A UKI's kernel and initrd are far below this; the cap only stops a
 * damaged section table from asking for the impossible. */
#define SECTION_MAX (1024u << 20)
/* The kernel reads cpio headers at 4-byte boundaries. */
#define INITRD_ALIGN 4

struct kx_entry_files {
	int kernel_fd, initrd_fd;
	char kernel[32], initrd[32];
	char *cmdline;
};

KX_PUBLIC void kx_entry_files_free(kx_entry_files *files)
{
	if (!files)
		return;
	if (files->kernel_fd >= 0)
		close(files->kernel_fd);
	if (files->initrd_fd >= 0)
		close(files->initrd_fd);
	free(files->cmdline);
	free(files);
}

static unsigned long hex8(const char *p)
{
	char buf[9];

	memcpy(buf, p, 8);
	buf[8] = '\0';
	return strtoul(buf, NULL, 16);
}

/* Walk the first entries of an uncompressed newc cpio for the place the
 * kernel looks for early microcode. */
static bool early_cpio_has_microcode(const unsigned char *d, size_t n)
{
	size_t off = 0;

	for (int i = 0; i < 32 && off + 110 <= n; i++) {
		unsigned long fsize, nsize;

		if (memcmp(d + off, "07070", 5))
			return false;
		fsize = hex8((const char *)d + off + 54);
		nsize = hex8((const char *)d + off + 94);
		if (nsize > n - off - 110)
			return false;
		if (nsize > 20 &&
		    !memcmp(d + off + 110, "kernel/x86/microcode", 20))
			return true;
		off += (110 + nsize + 3) & ~(size_t)3;
		if (fsize > n || off > n - fsize)
			return false;
		off += (fsize + 3) & ~(size_t)3;
	}
	return false;
}

bool prepare_is_microcode(const char *path, const void *head, size_t n)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strstr(base, "ucode") || strstr(base, "microcode"))
		return true;
	return early_cpio_has_microcode(head, n);
}

/* One part of the initrd: a file's bytes or a UKI section. */
struct piece {
	struct kx_buf buf;
	bool microcode;
};

static int append_piece(struct kx_buf *out, size_t *cap,
			const struct kx_buf *in)
{
	size_t pad = (INITRD_ALIGN - in->size % INITRD_ALIGN) % INITRD_ALIGN;
	size_t want = out->size + in->size + pad;

	if (want < out->size)
		return -ENOMEM;
	if (want > *cap) {
		uint8_t *p = realloc(out->data, want);

		if (!p)
			return -ENOMEM;
		out->data = p;
		*cap = want;
	}
	memcpy(out->data + out->size, in->data, in->size);
	memset(out->data + out->size + in->size, 0, pad);
	out->size = want;
	return 0;
}

/* Microcode first, each part padded so the next cpio header lands on a
 * 4-byte boundary; the rest keeps its order. */
static int join_pieces(kx_ctx *ctx, struct piece *p, size_t n,
		       struct kx_buf *out)
{
	size_t cap = 0;
	int rc = 0;

	out->data = NULL;
	out->size = 0;
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < n && !rc; i++)
			if (p[i].microcode == (pass == 0))
				rc = append_piece(out, &cap, &p[i].buf);
	if (rc) {
		kx_buf_free(out);
		return kx_fail(ctx, rc, "out of memory joining the initrds");
	}
	return 0;
}

static int memfd_path(kx_ctx *ctx, const char *label, const struct kx_buf *b,
		      int *fd, char *path, size_t len)
{
	int rc = kx_memfd_from_buf(ctx, label, b->data, b->size, fd);

	if (!rc)
		snprintf(path, len, "/proc/self/fd/%d", *fd);
	return rc;
}

static void pieces_free(struct piece *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kx_buf_free(&p[i].buf);
	free(p);
}

/* The initrd: the UKI's section (EMBEDDED, may be empty) then the entry's
 * files, as one path.  A single file is passed as it is. */
static int build_initrd(kx_ctx *ctx, const struct kx_entry *e,
			struct kx_buf *embedded, kx_entry_files *f,
			const char **initrd)
{
	size_t n = 0, total = e->n_initrds + (embedded->size ? 1 : 0);
	struct piece *p;
	struct kx_buf joined;
	int rc = 0;

	*initrd = NULL;
	if (!total)
		return 0;
	if (total == 1 && !embedded->size) {
		*initrd = e->initrds[0];
		return 0;
	}
	p = calloc(total, sizeof(*p));
	if (!p)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	if (embedded->size) {
		p[n++].buf = *embedded;
		*embedded = (struct kx_buf){0};
	}
	for (size_t i = 0; i < e->n_initrds && !rc; i++, n++) {
		rc = kx_read_file(ctx, e->initrds[i], &p[n].buf);
		if (!rc)
			p[n].microcode = prepare_is_microcode(
			    e->initrds[i], p[n].buf.data, p[n].buf.size);
	}
	if (!rc)
		rc = join_pieces(ctx, p, n, &joined);
	pieces_free(p, n);
	if (rc)
		return rc;
	rc = memfd_path(ctx, "initrds", &joined, &f->initrd_fd, f->initrd,
			sizeof(f->initrd));
	kx_buf_free(&joined);
	if (!rc)
		*initrd = f->initrd;
	return rc;
}

/* A UKI's .linux and .initrd sections, read into memory. */
static int read_uki(kx_ctx *ctx, const char *path, int fd,
		    const struct pe_info *pe, struct kx_buf *linux_buf,
		    struct kx_buf *initrd_buf)
{
	const struct pe_section *s = pe_find(pe, ".initrd");
	int rc;

	rc = uki_read_section(ctx, path, fd, pe_find(pe, ".linux"), SECTION_MAX,
			      linux_buf);
	if (!rc && s && s->size)
		rc =
		    uki_read_section(ctx, path, fd, s, SECTION_MAX, initrd_buf);
	if (rc)
		kx_buf_free(linux_buf);
	return rc;
}

/* Whether the entry's kernel file is a UKI: a PE image with .linux.  A
 * plain bzImage is PE too (the EFI stub), without that section. */
static bool probe_uki(kx_ctx *ctx, const char *path, int *fd,
		      struct pe_info *pe)
{
	if (!uki_open(ctx, path, fd, pe))
		return true;
	/* Not a UKI is an answer, not a failure: the plan judges the file. */
	kx_clear(ctx);
	return false;
}

/* The paths to load: the entry's own files, or memfds in F. */
struct prepared {
	const char *kernel;
	const char *initrd; /* NULL: none */
};

static int prepare_images(kx_ctx *ctx, const struct kx_entry *e,
			  kx_entry_files *f, struct prepared *out)
{
	struct kx_buf linux_buf = {0}, initrd_buf = {0};
	struct pe_info *pe = malloc(sizeof(*pe));
	int fd = -1, rc = 0;

	if (!pe)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	out->kernel = e->kernel;
	if (probe_uki(ctx, e->kernel, &fd, pe)) {
		rc = read_uki(ctx, e->kernel, fd, pe, &linux_buf, &initrd_buf);
		if (!rc)
			rc = memfd_path(ctx, e->kernel, &linux_buf,
					&f->kernel_fd, f->kernel,
					sizeof(f->kernel));
		if (!rc)
			out->kernel = f->kernel;
		close(fd);
	}
	if (!rc)
		rc = build_initrd(ctx, e, &initrd_buf, f, &out->initrd);
	kx_buf_free(&linux_buf);
	kx_buf_free(&initrd_buf);
	free(pe);
	return rc;
}

static int set_request(kx_request *req, const struct prepared *p,
		       const char *cmdline)
{
	int rc = kx_request_set_kernel(req, p->kernel);

	if (!rc)
		rc = kx_request_set_initrd(req, p->initrd);
	if (!rc)
		rc = kx_request_set_cmdline(req, cmdline);
	return rc;
}

KX_PUBLIC int kx_entry_prepare(kx_ctx *ctx, const kx_entry *entry,
			       const char *append, kx_request *req,
			       kx_entry_files **files)
{
	struct prepared p = {0};
	kx_entry_files *f;
	int rc;

	if (!ctx)
		return -EINVAL;
	if (!entry || !req || !files)
		return kx_fail(ctx, -EINVAL,
			       "kx_entry_prepare: no entry, request or result");
	*files = NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	f->kernel_fd = f->initrd_fd = -1;
	rc = prepare_images(ctx, entry, f, &p);
	if (!rc) {
		const char *parts[2] = {entry->options, append};

		rc = kx_cmdline_join(ctx, parts, 2, &f->cmdline);
	}
	if (!rc)
		rc = set_request(req, &p, f->cmdline);
	if (rc) {
		kx_entry_files_free(f);
		return rc;
	}
	*files = f;
	return 0;
}
