/* grub.cfg words: the tokens of a command and their expansion into
 * fields, with quoting and $variables as GRUB does them. */
#include "entries/grub_lex.h"

#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Skip a quoted run or ${...} starting at P; returns the byte after it
 * (END when unterminated). */
static const char *skip_quoted(const char *p, const char *end)
{
	char open = *p++;
	char close = open == '$' ? '}' : open;

	if (open == '$')
		p++; /* the '{' */
	while (p < end && *p != close) {
		if (open == '"' && *p == '\\' && p + 1 < end)
			p++;
		p++;
	}
	return p < end ? p + 1 : end;
}

static const char *word_end(const char *p, const char *end)
{
	while (p < end) {
		char c = *p;

		if (is_blank(c) || c == '\n' || c == ';' || c == '{' ||
		    c == '}')
			break;
		if (c == '\\')
			p = p + 2 < end ? p + 2 : end;
		else if (c == '\'' || c == '"' ||
			 (c == '$' && p + 1 < end && p[1] == '{'))
			p = skip_quoted(p, end);
		else
			p++;
	}
	return p;
}
/* The next token; a word is returned raw in [*W, *W + *WN). */
enum grub_tok grub_lex(struct grub_lexer *lx, const char **w, size_t *wn)
{
	const char *p = lx->p, *end = lx->end;

	for (;;) {
		while (p < end && is_blank(*p))
			p++;
		if (p + 1 < end && p[0] == '\\' && p[1] == '\n') {
			p += 2;
			continue;
		}
		if (p < end && *p == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		break;
	}
	if (p >= end) {
		lx->p = end;
		return TOK_EOF;
	}
	lx->p = p + 1;
	if (*p == '\n' || *p == ';')
		return TOK_SEP;
	if (*p == '{')
		return TOK_LBRACE;
	if (*p == '}')
		return TOK_RBRACE;
	*w = p;
	lx->p = word_end(p, end);
	*wn = (size_t)(lx->p - p);
	return TOK_WORD;
}

struct fields {
	struct ent_strv v;
	struct ent_str cur;
	bool have;    /* the current field exists, even if empty ("") */
	bool nosplit; /* an assignment: its value stays one word */
};

static int field_end(struct fields *f)
{
	int rc = 0;

	if (f->have || f->cur.len)
		rc = ent_strv_take(&f->v, ent_str_take(&f->cur));
	f->have = false;
	return rc;
}

/* An unquoted variable's value is split into words, as GRUB does. */
static int add_split(struct fields *f, const char *s)
{
	int rc = 0;

	if (f->nosplit)
		return ent_str_add(&f->cur, s, strlen(s));
	while (*s && !rc) {
		if (is_blank(*s) || *s == '\n') {
			if (f->have || f->cur.len)
				rc = field_end(f);
			while (is_blank(*s) || *s == '\n')
				s++;
			continue;
		}
		rc = ent_str_add(&f->cur, s++, 1);
	}
	return rc;
}

bool grub_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* The variable reference at P ("$name" or "${name}"); returns its value
 * ("" when unset) and moves *P past it, or NULL when P is a lone '$'. */
static const char *var_ref(const struct grub_vars *vars, const char **p,
			   const char *end)
{
	const char *s = *p + 1, *e;
	char name[128];
	const char *v;

	if (s < end && *s == '{') {
		e = memchr(s, '}', (size_t)(end - s));
		if (!e)
			return NULL;
		*p = e + 1;
		s++;
	} else {
		for (e = s; e < end && grub_is_name_char(*e); e++)
			;
		if (e == s && s < end && strchr("?#@*", *s))
			e++;
		if (e == s)
			return NULL;
		*p = e;
	}
	if ((size_t)(e - s) >= sizeof(name))
		return "";
	memcpy(name, s, (size_t)(e - s));
	name[e - s] = '\0';
	v = grub_var_get(vars, name);
	return v ? v : "";
}

static int expand_dquote(struct fields *f, const struct grub_vars *vars,
			 const char **pp, const char *end)
{
	const char *p = *pp + 1;
	int rc = 0;

	f->have = true;
	while (p < end && *p != '"' && !rc) {
		const char *v;

		if (*p == '\\' && p + 1 < end && strchr("$\"\\\n", p[1])) {
			if (p[1] != '\n')
				rc = ent_str_add(&f->cur, p + 1, 1);
			p += 2;
		} else if (*p == '$' && (v = var_ref(vars, &p, end))) {
			rc = ent_str_add(&f->cur, v, strlen(v));
		} else {
			rc = ent_str_add(&f->cur, p++, 1);
		}
	}
	*pp = p < end ? p + 1 : end;
	return rc;
}

static int expand_step(struct fields *f, const struct grub_vars *vars,
		       const char **pp, const char *end)
{
	const char *p = *pp, *q, *v;

	switch (*p) {
	case '\\':
		*pp = p + 2 <= end ? p + 2 : end;
		f->have = true;
		return p + 1 < end && p[1] != '\n'
			   ? ent_str_add(&f->cur, p + 1, 1)
			   : 0;
	case '\'':
		q = memchr(p + 1, '\'', (size_t)(end - p - 1));
		q = q ? q : end;
		*pp = q < end ? q + 1 : end;
		f->have = true;
		return ent_str_add(&f->cur, p + 1, (size_t)(q - p - 1));
	case '"':
		return expand_dquote(f, vars, pp, end);
	case '$':
		if ((v = var_ref(vars, pp, end)))
			return add_split(f, v);
		break;
	}
	*pp = p + 1;
	return ent_str_add(&f->cur, p, 1);
}

/* Expand the raw word [W, W + N) onto the field list F. */
static int expand_word(struct fields *f, const struct grub_vars *vars,
		       const char *w, size_t n)
{
	const char *p = w, *end = w + n;
	int rc = 0;

	while (p < end && !rc)
		rc = expand_step(f, vars, &p, end);
	return rc ? rc : field_end(f);
}

/* "name=...", raw: the value is not split, as in a shell. */
static bool is_assignment(const char *w, size_t n)
{
	size_t i = 0;

	while (i < n && grub_is_name_char(w[i]))
		i++;
	return i > 0 && i < n && w[i] == '=';
}

int grub_expand_all(const struct grub_vars *vars, const char **w,
		    const size_t *wn, size_t n, struct ent_strv *out)
{
	struct fields f = {0};
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		f.nosplit = is_assignment(w[i], wn[i]);
		rc = expand_word(&f, vars, w[i], wn[i]);
	}
	ent_str_free(&f.cur);
	if (rc) {
		ent_strv_free(&f.v);
		return rc;
	}
	*out = f.v;
	return 0;
}
