/* Matching GRUB's default against the menu entries grub_parse found. */
#ifndef KX_ENTRIES_GRUB_MATCH_H
#define KX_ENTRIES_GRUB_MATCH_H

#include <stdbool.h>

#include "entries/entries.h"

/* Whether GRUB's default DFLT ("2", "1>0", an id, a title, or such paths)
 * names record R. */
bool grub_matches(const struct ent_rec *r, const char *dflt);

#endif
