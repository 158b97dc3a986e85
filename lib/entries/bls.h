/* Boot Loader Specification Type #1 entries: loader/entries/NAME.conf. */
#ifndef KX_ENTRIES_BLS_H
#define KX_ENTRIES_BLS_H

#include <stddef.h>

#include "entries/entries.h"

/* Parse the entry file FNAME (its base name) whose text is TEXT into R.
 * BOOTDIR is the rooted directory the entry's paths are relative to (the
 * partition holding loader/entries).  Returns 0, -EINVAL when the entry
 * has neither `linux` nor `efi` or is for another architecture, or
 * -ENOMEM. */
int bls_parse(const char *fname, const char *text, size_t len,
	      const char *bootdir, struct ent_rec *r);

/* The EFI architecture name of this build ("x64" on x86-64). */
const char *bls_native_arch(void);

#endif
