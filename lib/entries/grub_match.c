/* Which menu entry a GRUB default ("2", "1>0", an id, a title) names. */
#include "entries/grub_match.h"

#include <stdlib.h>
#include <string.h>

/* Does one '>'-separated component of a default name this level? */
static bool level_matches(const char *want, size_t wn, const char *index,
			  const char *id, const char *title)
{
	const char *names[] = {index, id, title};

	for (size_t i = 0; i < 3; i++)
		if (names[i] && strlen(names[i]) == wn &&
		    !memcmp(names[i], want, wn))
			return true;
	return false;
}

/* The component LEVEL of a '>' path, or NULL when it has fewer. */
static const char *component(const char *path, size_t level, size_t *n)
{
	const char *p = path, *gt;

	for (size_t i = 0; i < level; i++) {
		gt = strchr(p, '>');
		if (!gt)
			return NULL;
		p = gt + 1;
	}
	gt = strchr(p, '>');
	*n = gt ? (size_t)(gt - p) : strlen(p);
	return p;
}

bool grub_matches(const struct ent_rec *r, const char *dflt)
{
	size_t level = 0, wn;
	const char *want;

	if (r->pub.source != KX_ENTRY_GRUB || !r->index_path)
		return false;
	/* A whole title path may contain '>' inside a title. */
	if (!strcmp(dflt, r->title_path) || !strcmp(dflt, r->pub.id))
		return true;
	while ((want = component(dflt, level, &wn))) {
		size_t in, dn, tn;
		const char *idx = component(r->index_path, level, &in);
		const char *id = component(r->pub.id, level, &dn);
		const char *ti = component(r->title_path, level, &tn);
		char *i1, *i2, *i3;
		bool ok;

		if (!idx)
			return false;
		i1 = ent_strndup(idx, in);
		i2 = id ? ent_strndup(id, dn) : NULL;
		i3 = ti ? ent_strndup(ti, tn) : NULL;
		ok = i1 && level_matches(want, wn, i1, i2, i3);
		free(i1);
		free(i2);
		free(i3);
		if (!ok)
			return false;
		level++;
	}
	/* "1" naming a submenu picks the first entry inside it. */
	return level > 0;
}
