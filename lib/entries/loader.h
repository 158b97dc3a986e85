/* What picks the default BLS entry: systemd-boot's EFI variables
 * (efivarfs) and loader.conf. */
#ifndef KX_ENTRIES_LOADER_H
#define KX_ENTRIES_LOADER_H

#include <stddef.h>

#include "core/ctx.h"

/* The `default` pattern of a loader.conf TEXT, malloc'd, or NULL when it
 * has none.  Returns 0 or -ENOMEM. */
int loader_conf_parse(const char *text, size_t len, char **dflt);

/* The value of an efivarfs file (4 attribute bytes, then UTF-16LE with an
 * optional NUL) as UTF-8, malloc'd.  -EINVAL for anything else: an odd
 * length, unpaired surrogates, control characters, an empty string. */
int efivar_decode_string(const void *data, size_t len, char **out);

/* systemd-boot's variable NAME (LoaderEntryDefault, ...) below the root,
 * or -ENOENT quietly. */
int loader_read_efivar(kx_ctx *ctx, const char *name, char **out);

/* loader.conf's `default` from the ESP or XBOOTLDR, or -ENOENT. */
int loader_conf_default(kx_ctx *ctx, char **pattern);

#endif
