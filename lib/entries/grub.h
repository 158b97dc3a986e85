/* GRUB's grub.cfg and grubenv: the menu entries a machine boots and which
 * of them is the default. */
#ifndef KX_ENTRIES_GRUB_H
#define KX_ENTRIES_GRUB_H

#include <stdbool.h>
#include <stddef.h>

#include "entries/entries.h"
#include "entries/grub_match.h"
#include "entries/grubenv.h"

/* Interpret grub.cfg TEXT the way GRUB would build its menu: `set` and
 * plain assignments, load_env (from ENV, a grubenv text, may be NULL), if
 * with simple tests, menuentry and submenu blocks with linux/linuxefi,
 * initrd/initrdefi and devicetree.  Each menu entry with a kernel becomes
 * a record of LIST; paths are resolved below ROOT (a rooted directory,
 * tried as-is then with /boot; NULL: no file system look-ups).  *DFLT is
 * the default as the file leaves it (saved_entry for "saved"), malloc'd,
 * "0" when none is set.  FILE names the records' origin.  Returns 0 or
 * -ENOMEM; malformed input just gives fewer entries. */
int grub_parse(const char *text, size_t len, const char *env, size_t env_len,
	       const char *root, const char *file, struct kx_entry_list *list,
	       char **dflt);

#endif
