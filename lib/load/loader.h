/* One loader per boot protocol, behind one table, as the kernel's
 * kexec_file_ops and Limine's protocol files do.  A loader is a pure
 * function of the image, the request and the snapshot of the running
 * machine: it never reads the system itself, and it describes what it did
 * in fields (core/desc.h), never in English.
 *
 * The steps, in order (api/plan.c drives them):
 *   probe     cheap: is this image mine?  (no context, no messages)
 *   parse     read the headers; refuse a malformed image by name
 *   check     refuse what of the request this protocol cannot take
 *   describe  the image's own fields, before any layout
 *   build     the kexec_load layout: placement, boot information, the
 *             segments, the purgatory's parameters; then describe them
 * kexec_file_load needs none of the layout: the kernel's own loader parses
 * the image (only for loaders with file_load set). */
#ifndef KX_LOAD_LOADER_H
#define KX_LOAD_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/desc.h"
#include "core/file.h"
#include "core/ranges.h"
#include "segment/purgatory.h"
#include "segment/segments.h"

struct kx_system; /* sys/system.h */

/* What every loader starts from. */
struct load_input {
	const char *kernel_path;
	uint8_t *kernel;	/* the image after decompression */
	size_t kernel_size;
	const char *initrd_path; /* NULL: none */
	int initrd_fd;		 /* -1: none */
	const char *cmdline;	 /* never NULL */
	unsigned flags;		 /* KX_LOAD_* */
	enum kx_verify verify;	 /* the purgatory's digest */
	enum kx_syscall_mode syscall;
	uint64_t mem_min, mem_max; /* mem_max 0: no limit */
	char *const *modules;	   /* "FILE ARGS" each */
	size_t n_modules;
	const struct kx_ranges *crash_regions; /* -p: the reservation */
	struct kx_system *sys;		       /* the running machine */
};

/* What build hands to kexec_load: the segments, the purgatory last, and
 * the entry (the purgatory's). */
struct load_output {
	struct kx_segment seg[SEGMENTS_MAX];
	char name[SEGMENTS_MAX][64];
	size_t nr;
	uint64_t entry;
};

/* What a container (a UKI) holds: the kernel image inside it, as bytes
 * and as a sealed memfd for kexec_file_load; the initrd as a memfd (-1:
 * none, or the request named one); the command line (NULL: none, or the
 * request gave one).  The plan then loads the kernel with its own loader. */
struct load_unwrapped {
	struct kx_buf kernel;
	int kernel_fd;
	int initrd_fd;
	char *cmdline;
};

struct loader {
	enum kx_image_type type;
	/* Containers only: take the kernel out; the other steps are then
	 * the inner kernel's loader's, and these may be NULL. */
	int (*unwrap)(kx_ctx *ctx, const struct load_input *in,
		      struct load_unwrapped *out);
	/* Why the kernel's own kexec_file_load cannot parse this format;
	 * KX_REASON_NONE when it can. */
	enum kx_reason no_file_load;
	bool (*probe)(const uint8_t *data, size_t size);
	int (*parse)(kx_ctx *ctx, const struct load_input *in, void **state);
	int (*check)(kx_ctx *ctx, const struct load_input *in, void *state);
	int (*describe)(kx_ctx *ctx, const struct load_input *in, void *state,
			struct desc *d);
	int (*build)(kx_ctx *ctx, const struct load_input *in, void *state,
		     struct load_output *out, struct desc *d);
	void (*free)(void *state);
};

/* The loader for TYPE, or NULL. */
const struct loader *loader_for_type(enum kx_image_type type);
/* The first of this architecture's loaders whose probe accepts DATA, in
 * probing order, or NULL. */
const struct loader *loader_probe(const uint8_t *data, size_t size);

#endif
