/* GRUB variables and the grubenv block that saves them. */
#include "entries/grubenv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A hostile grub.cfg could otherwise set names without limit; real
 * files stay far below it. */
#define GRUB_MAX_VARS 4096

const char *grub_var_get(const struct grub_vars *v, const char *name)
{
	for (size_t i = v->names.n; i-- > 0;)
		if (!strcmp(v->names.v[i], name))
			return v->values.v[i];
	return NULL;
}

int grub_var_set(struct grub_vars *v, const char *name, const char *value)
{
	char *copy;
	int rc;

	for (size_t i = 0; i < v->names.n; i++) {
		if (strcmp(v->names.v[i], name))
			continue;
		copy = strdup(value);
		if (!copy)
			return -ENOMEM;
		free(v->values.v[i]);
		v->values.v[i] = copy;
		return 0;
	}
	if (v->names.n >= GRUB_MAX_VARS)
		return 0;
	rc = ent_strv_push(&v->names, name);
	if (!rc) {
		rc = ent_strv_push(&v->values, value);
		if (rc)
			free(v->names.v[--v->names.n]);
	}
	return rc;
}

void grub_vars_free(struct grub_vars *v)
{
	ent_strv_free(&v->names);
	ent_strv_free(&v->values);
}

int grub_vars_copy(struct grub_vars *dst, const struct grub_vars *src)
{
	int rc = 0;

	memset(dst, 0, sizeof(*dst));
	for (size_t i = 0; i < src->names.n && !rc; i++)
		rc = grub_var_set(dst, src->names.v[i], src->values.v[i]);
	return rc;
}

/* The end of a grubenv value: the first newline not escaped with a
 * backslash (GRUB escapes backslashes and newlines in values). */
static const char *value_end(const char *p, const char *end)
{
	while (p < end && *p != '\n')
		p += *p == '\\' && p + 1 < end ? 2 : 1;
	return p < end ? p : end;
}

static char *grubenv_unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

int grubenv_parse(const char *text, size_t len, struct grub_vars *vars)
{
	const char *p = text, *end = text + len;
	int rc = 0;

	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *eq = memchr(p, '=', (size_t)(eol - p));
		const char *vend;
		char *name, *value;

		/* Comments and the '#' padding; lines without a name. */
		if (*p == '#' || !eq || eq == p) {
			p = nl ? nl + 1 : end;
			continue;
		}
		vend = value_end(eq + 1, end);
		name = ent_strndup(p, (size_t)(eq - p));
		value = grubenv_unescape(eq + 1, (size_t)(vend - eq - 1));
		rc = name && value ? grub_var_set(vars, name, value) : -ENOMEM;
		free(name);
		free(value);
		p = vend < end ? vend + 1 : end;
	}
	return rc;
}
