/* GRUB's grub.cfg and grubenv: the menu entries a machine boots and which
 * of them is the default. */
#ifndef KX_ENTRIES_GRUB_H
#define KX_ENTRIES_GRUB_H

#include <stdbool.h>
#include <stddef.h>

#include "entries/entries.h"

/* A name=value list, as grubenv and `set` fill it. */
struct grub_vars {
	struct ent_strv names, values;
};

/* Set NAME to VALUE (replacing an earlier value). */
int grub_var_set(struct grub_vars *v, const char *name, const char *value);
/* The value of NAME, NULL when unset. */
const char *grub_var_get(const struct grub_vars *v, const char *name);
void grub_vars_free(struct grub_vars *v);

/* The variables of a grubenv block ("# GRUB Environment Block", then
 * name=value lines padded with '#'), added to VARS. */
int grubenv_parse(const char *text, size_t len, struct grub_vars *vars);

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

/* Whether GRUB's default DFLT ("2", "1>0", an id, a title, or such paths)
 * names record R. */
bool grub_matches(const struct ent_rec *r, const char *dflt);

#endif
