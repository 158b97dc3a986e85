/* Type #2 entries: unified kernel images ($BOOT/EFI/Linux/NAME.efi), a PE
 * file whose sections hold the kernel, initrd, command line and
 * os-release. */
#ifndef KX_ENTRIES_UKI_H
#define KX_ENTRIES_UKI_H

#include <stddef.h>

#include "core/file.h"
#include "entries/entries.h"
#include "format/pe.h"

/* Open the UKI at the rooted PATH and parse its section table; *FD is
 * open on success.  -ENOEXEC when it has no .linux section. */
int uki_open(kx_ctx *ctx, const char *path, int *fd, struct pe_info *pe);

/* Read section S of the open file FD (PATH in errors) into OUT, refusing
 * more than MAX bytes. */
int uki_read_section(kx_ctx *ctx, const char *path, int fd,
		     const struct pe_section *s, size_t max,
		     struct kx_buf *out);

/* Fill R from the UKI at PATH (base name FNAME): title and sort key from
 * .osrel, version from .uname, options from .cmdline. */
int uki_fill(kx_ctx *ctx, const char *path, const char *fname,
	     struct ent_rec *r);

/* The value of KEY in an os-release TEXT, unquoted, malloc'd; NULL when
 * absent.  Returns 0 or -ENOMEM. */
int osrel_value(const char *text, size_t len, const char *key, char **out);

#endif
