/* GRUB variables and the grubenv block that saves them between boots. */
#ifndef KX_ENTRIES_GRUBENV_H
#define KX_ENTRIES_GRUBENV_H

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
/* DST becomes a copy of SRC (a menuentry's private scope). */
int grub_vars_copy(struct grub_vars *dst, const struct grub_vars *src);

/* The variables of a grubenv block ("# GRUB Environment Block", then
 * name=value lines padded with '#'), added to VARS. */
int grubenv_parse(const char *text, size_t len, struct grub_vars *vars);

#endif
