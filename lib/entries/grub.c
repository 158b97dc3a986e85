#include "entries/grub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds that keep a hostile grub.cfg from recursing or allocating without
 * limit; real files stay far below them. */
#define GRUB_MAX_DEPTH 16
#define GRUB_MAX_WORDS 256
#define GRUB_MAX_VARS  4096

/* ---- variables -------------------------------------------------------- */

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

static int grub_vars_copy(struct grub_vars *dst, const struct grub_vars *src)
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

/* ---- lexing ----------------------------------------------------------- */

enum grub_tok { TOK_EOF, TOK_SEP, TOK_LBRACE, TOK_RBRACE, TOK_WORD };

struct grub_lexer {
	const char *p, *end;
};

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
static enum grub_tok lex(struct grub_lexer *lx, const char **w, size_t *wn)
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

/* ---- expansion -------------------------------------------------------- */

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

static bool is_name_char(char c)
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
		for (e = s; e < end && is_name_char(*e); e++)
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

/* ---- the interpreter ---------------------------------------------------- */

/* What a condition is known to be; UNKNOWN runs every branch, so a
 * `set default` in either is seen (the later one wins). */
enum tri { NO, YES, UNKNOWN };

struct cond {
	bool parent;	/* the enclosing code runs */
	bool active;	/* this branch runs */
	enum tri taken; /* a branch was taken (YES), none (NO), maybe */
};

/* A menu entry under construction. */
struct menu_item {
	char *kernel;
	struct ent_str options;
	struct ent_strv initrds;
	char *devicetree;
};

struct grub_state {
	struct grub_lexer lx;
	struct grub_vars *vars; /* the current scope */
	const char *env;
	size_t env_len;
	const char *root;
	const char *file;
	struct kx_entry_list *list;
	int depth;
	/* The menu path of the block being read. */
	struct ent_strv ids, titles, indexes;
	struct menu_item *item; /* inside a menuentry body */
};

enum block_kind { BLOCK_MENU, BLOCK_ENTRY, BLOCK_SKIP };

static int parse_block(struct grub_state *g, enum block_kind kind,
		       bool *closed);

/* Read one command's raw words up to its end; returns what ended it. */
static enum grub_tok read_command(struct grub_state *g, const char **w,
				  size_t *wn, size_t *n)
{
	enum grub_tok t;
	const char *word;
	size_t len;

	*n = 0;
	while ((t = lex(&g->lx, &word, &len)) == TOK_WORD)
		if (*n < GRUB_MAX_WORDS) {
			w[*n] = word;
			wn[*n] = len;
			(*n)++;
		}
	return t;
}

/* "name=...", raw: the value is not split, as in a shell. */
static bool is_assignment(const char *w, size_t n)
{
	size_t i = 0;

	while (i < n && is_name_char(w[i]))
		i++;
	return i > 0 && i < n && w[i] == '=';
}

static int expand_all(struct grub_state *g, const char **w, const size_t *wn,
		      size_t n, struct ent_strv *out)
{
	struct fields f = {0};
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		f.nosplit = is_assignment(w[i], wn[i]);
		rc = expand_word(&f, g->vars, w[i], wn[i]);
	}
	ent_str_free(&f.cur);
	if (rc) {
		ent_strv_free(&f.v);
		return rc;
	}
	*out = f.v;
	return 0;
}

static bool is_number(const char *s, long *v)
{
	char *e;

	if (!*s)
		return false;
	*v = strtol(s, &e, 10);
	return !*e;
}

static enum tri tri_of(bool b)
{
	return b ? YES : NO;
}

static enum tri eval_test(char **a, size_t n)
{
	long x, y;

	if (n == 1)
		return tri_of(a[0][0] != '\0');
	if (n == 2 && !strcmp(a[0], "-n"))
		return tri_of(a[1][0] != '\0');
	if (n == 2 && !strcmp(a[0], "-z"))
		return tri_of(a[1][0] == '\0');
	if (n != 3)
		return UNKNOWN;
	if (!strcmp(a[1], "=") || !strcmp(a[1], "=="))
		return tri_of(!strcmp(a[0], a[2]));
	if (!strcmp(a[1], "!="))
		return tri_of(strcmp(a[0], a[2]) != 0);
	if (!is_number(a[0], &x) || !is_number(a[2], &y))
		return UNKNOWN;
	if (!strcmp(a[1], "-eq"))
		return tri_of(x == y);
	if (!strcmp(a[1], "-ne"))
		return tri_of(x != y);
	if (!strcmp(a[1], "-lt"))
		return tri_of(x < y);
	if (!strcmp(a[1], "-gt"))
		return tri_of(x > y);
	return UNKNOWN;
}

/* The condition of `if`/`elif`: A[0..N) after the keyword.  Only tests
 * of variables can be decided; files and devices are GRUB's business. */
static enum tri eval_cond(char **a, size_t n)
{
	bool negate = false;
	enum tri r;

	if (n && !strcmp(a[0], "!")) {
		negate = true;
		a++;
		n--;
	}
	if (n == 1 && !strcmp(a[0], "true"))
		r = YES;
	else if (n == 1 && !strcmp(a[0], "false"))
		r = NO;
	else if (n >= 2 && !strcmp(a[0], "[") && !strcmp(a[n - 1], "]"))
		r = eval_test(a + 1, n - 2);
	else if (n >= 1 && !strcmp(a[0], "test"))
		r = eval_test(a + 1, n - 1);
	else
		r = UNKNOWN;
	if (negate && r != UNKNOWN)
		r = r == YES ? NO : YES;
	return r;
}

struct cond_stack {
	struct cond c[GRUB_MAX_DEPTH];
	size_t n;
};

static bool cond_active(const struct cond_stack *cs)
{
	return cs->n ? cs->c[cs->n - 1].active : true;
}

static void cond_push(struct cond_stack *cs, enum tri r)
{
	bool parent = cond_active(cs);

	if (cs->n == GRUB_MAX_DEPTH)
		return;
	cs->c[cs->n++] = (struct cond){
	    .parent = parent,
	    .active = parent && r != NO,
	    .taken = parent ? r : YES,
	};
}

static void cond_elif(struct cond_stack *cs, enum tri r)
{
	struct cond *c;

	if (!cs->n)
		return;
	c = &cs->c[cs->n - 1];
	if (c->taken == YES) {
		c->active = false;
		return;
	}
	c->active = c->parent && r != NO;
	if (r == YES && c->taken == NO)
		c->taken = YES;
	else if (r == UNKNOWN)
		c->taken = UNKNOWN;
}

static void cond_else(struct cond_stack *cs)
{
	struct cond *c;

	if (!cs->n)
		return;
	c = &cs->c[cs->n - 1];
	c->active = c->parent && c->taken != YES;
}

static void cond_pop(struct cond_stack *cs)
{
	if (cs->n)
		cs->n--;
}

/* "name=value": GRUB's plain assignment, also what `set` takes. */
static int assign(struct grub_state *g, const char *word)
{
	const char *eq = strchr(word, '=');
	char *name;
	int rc;

	if (!eq || eq == word)
		return 0;
	for (const char *p = word; p < eq; p++)
		if (!is_name_char(*p))
			return 0;
	name = ent_strndup(word, (size_t)(eq - word));
	if (!name)
		return -ENOMEM;
	rc = grub_var_set(g->vars, name, eq + 1);
	free(name);
	return rc;
}

/* load_env [-f FILE] [--skip-sig] [NAME...]: the grubenv next to grub.cfg,
 * whatever FILE says. */
static int load_env(struct grub_state *g, char **a, size_t n)
{
	struct grub_vars env = {0};
	size_t first = 1, named = 0;
	int rc;

	if (!g->env)
		return 0;
	rc = grubenv_parse(g->env, g->env_len, &env);
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(a[i], "-f") || !strcmp(a[i], "--file")) {
			i++;
			first = i + 1;
		} else if (a[i][0] == '-') {
			first = i + 1;
		}
	}
	named = n > first ? n - first : 0;
	for (size_t i = 0; i < env.names.n && !rc; i++) {
		bool wanted = !named;

		for (size_t k = first; k < n && !wanted; k++)
			wanted = !strcmp(a[k], env.names.v[i]);
		if (wanted)
			rc = grub_var_set(g->vars, env.names.v[i],
					  env.values.v[i]);
	}
	grub_vars_free(&env);
	return rc;
}

/* A GRUB path: "(hd0,gpt2)/vmlinuz" or "($root)/boot/vmlinuz" name a
 * device first, which is the partition the path is relative to. */
static const char *strip_device(const char *p)
{
	if (p[0] == '(') {
		const char *close = strchr(p, ')');

		if (close)
			return close + 1;
	}
	return p;
}

/* GRUB's paths are relative to the partition it reads them from: / when
 * /boot is not separate, /boot when it is.  Take the one that exists. */
static char *resolve_path(const struct grub_state *g, const char *raw)
{
	const char *p = strip_device(raw);
	char *a = NULL, *b = NULL;

	if (!g->root)
		return strdup(p);
	if (asprintf(&a, "%s%s%s", g->root, p[0] == '/' ? "" : "/", p) < 0)
		return NULL;
	if (ent_is_file(a))
		return a;
	if (asprintf(&b, "%s/boot%s%s", g->root, p[0] == '/' ? "" : "/", p) <
	    0) {
		free(a);
		return NULL;
	}
	if (ent_is_file(b)) {
		free(a);
		return b;
	}
	free(b);
	return a;
}

static int item_linux(struct grub_state *g, char **a, size_t n)
{
	struct menu_item *it = g->item;
	int rc = 0;

	/* "linux (hd0)" names a device, not a file: nothing to boot. */
	if (n < 2 || !*strip_device(a[1]))
		return 0;
	free(it->kernel);
	it->kernel = resolve_path(g, a[1]);
	if (!it->kernel)
		return -ENOMEM;
	ent_str_free(&it->options);
	for (size_t i = 2; i < n && !rc; i++)
		rc = ent_str_add_word(&it->options, a[i], strlen(a[i]));
	return rc;
}

static int item_initrd(struct grub_state *g, char **a, size_t n)
{
	int rc = 0;

	/* A second initrd command replaces the first, as in GRUB. */
	ent_strv_free(&g->item->initrds);
	for (size_t i = 1; i < n && !rc; i++) {
		/* Options such as --nounzip are not files. */
		if (a[i][0] == '-')
			continue;
		rc = ent_strv_take(&g->item->initrds, resolve_path(g, a[i]));
	}
	return rc;
}

static int item_devicetree(struct grub_state *g, char **a, size_t n)
{
	if (n < 2)
		return 0;
	free(g->item->devicetree);
	g->item->devicetree = resolve_path(g, a[1]);
	return g->item->devicetree ? 0 : -ENOMEM;
}

static bool is_cmd(const char *w, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(w, names[i]))
			return true;
	return false;
}

static int entry_command(struct grub_state *g, char **a, size_t n)
{
	static const char *const linux_cmds[] = {"linux", "linuxefi", "linux16",
						 NULL};
	static const char *const initrd_cmds[] = {"initrd", "initrdefi",
						  "initrd16", NULL};

	if (!g->item)
		return 0;
	if (is_cmd(a[0], linux_cmds))
		return item_linux(g, a, n);
	if (is_cmd(a[0], initrd_cmds))
		return item_initrd(g, a, n);
	if (!strcmp(a[0], "devicetree"))
		return item_devicetree(g, a, n);
	return 0;
}

static int simple_command(struct grub_state *g, char **a, size_t n)
{
	int rc = 0;

	if (!strcmp(a[0], "set")) {
		for (size_t i = 1; i < n && !rc; i++)
			rc = assign(g, a[i]);
		return rc;
	}
	if (!strcmp(a[0], "load_env"))
		return load_env(g, a, n);
	if (strchr(a[0], '=') && n == 1)
		return assign(g, a[0]);
	return entry_command(g, a, n);
}

/* The title and --id of `menuentry`/`submenu` arguments A[1..N). */
static void menu_args(char **a, size_t n, const char **title, const char **id)
{
	static const char *const with_value[] = {"--class", "--users",
						 "--hotkey", "--id", NULL};

	*title = *id = NULL;
	for (size_t i = 1; i < n; i++) {
		if (is_cmd(a[i], with_value) && i + 1 < n) {
			if (!strcmp(a[i], "--id"))
				*id = a[i + 1];
			i++;
		} else if (!strncmp(a[i], "--", 2)) {
			continue;
		} else if (!*title) {
			*title = a[i];
		}
	}
}

static char *join_path(const struct ent_strv *parts)
{
	struct ent_str b = {0};

	for (size_t i = 0; i < parts->n; i++)
		if ((i && ent_str_add(&b, ">", 1)) ||
		    ent_str_add(&b, parts->v[i], strlen(parts->v[i]))) {
			ent_str_free(&b);
			return NULL;
		}
	return ent_str_take(&b);
}

static bool is_memtest(const char *path)
{
	const char *base = strrchr(path, '/');

	return !strncmp(base ? base + 1 : path, "memtest", 7);
}

static int record_item(struct grub_state *g, struct menu_item *it)
{
	struct ent_rec *r;
	int rc;

	/* chainloader, firmware setup, memtest: nothing kexec boots. */
	if (!it->kernel || is_memtest(it->kernel))
		return 0;
	r = ent_list_add(g->list);
	if (!r)
		return -ENOMEM;
	r->pub.source = KX_ENTRY_GRUB;
	r->title_path = join_path(&g->titles);
	r->index_path = join_path(&g->indexes);
	r->pub.id = join_path(&g->ids);
	rc = r->title_path && r->index_path && r->pub.id ? 0 : -ENOMEM;
	if (!rc)
		rc = ent_set_str(&r->pub.title, g->titles.v[g->titles.n - 1]);
	if (!rc)
		rc = ent_set_str(&r->pub.kernel, it->kernel);
	if (!rc)
		rc = ent_set_str(&r->pub.options, ent_str_get(&it->options));
	if (!rc && it->devicetree)
		rc = ent_set_str(&r->pub.devicetree, it->devicetree);
	for (size_t i = 0; i < it->initrds.n && !rc; i++) {
		rc = ent_add_initrd(r, it->initrds.v[i]);
		it->initrds.v[i] = NULL;
	}
	if (!rc)
		rc = ent_set_str(&r->pub.file, g->file ? g->file : "");
	if (!rc)
		rc = ent_finish(r);
	if (rc)
		ent_list_drop_last(g->list);
	return rc;
}

static void item_free(struct menu_item *it)
{
	free(it->kernel);
	free(it->devicetree);
	ent_str_free(&it->options);
	ent_strv_free(&it->initrds);
}

static int push_menu_level(struct grub_state *g, const char *title,
			   const char *id, size_t index)
{
	char num[24];
	int rc;

	snprintf(num, sizeof(num), "%zu", index);
	rc = ent_strv_push(&g->titles, title);
	if (!rc)
		rc = ent_strv_push(&g->ids, id ? id : title);
	if (!rc)
		rc = ent_strv_push(&g->indexes, num);
	return rc;
}

static void pop_menu_level(struct grub_state *g)
{
	struct ent_strv *s[] = {&g->titles, &g->ids, &g->indexes};

	for (size_t i = 0; i < 3; i++)
		if (s[i]->n)
			free(s[i]->v[--s[i]->n]);
}

/* The body of a menuentry, read with a private copy of the variables so
 * its `set`s stay inside, then recorded if it boots a kernel. */
static int menuentry(struct grub_state *g, const char *title, const char *id,
		     size_t index)
{
	struct grub_vars *outer = g->vars, local;
	struct menu_item it = {0};
	bool closed = false;
	int rc;

	rc = grub_vars_copy(&local, outer);
	if (!rc)
		rc = push_menu_level(g, title, id, index);
	if (rc) {
		grub_vars_free(&local);
		return rc;
	}
	g->vars = &local;
	g->item = &it;
	rc = parse_block(g, BLOCK_ENTRY, &closed);
	g->item = NULL;
	g->vars = outer;
	/* An entry cut off by the end of the file is not trusted. */
	if (!rc && closed)
		rc = record_item(g, &it);
	pop_menu_level(g);
	item_free(&it);
	grub_vars_free(&local);
	return rc;
}

static int submenu(struct grub_state *g, const char *title, const char *id,
		   size_t index)
{
	bool closed;
	int rc = push_menu_level(g, title, id, index);

	if (!rc)
		rc = parse_block(g, BLOCK_MENU, &closed);
	pop_menu_level(g);
	return rc;
}

/* `menuentry` or `submenu` with its `{`: the block is read (or skipped
 * when inactive) and counts as a position in its menu when active. */
static int menu_block(struct grub_state *g, char **a, size_t n, bool active,
		      size_t *next_index)
{
	const char *title, *id;
	bool closed;

	menu_args(a, n, &title, &id);
	if (!active || !title || g->item)
		return parse_block(g, BLOCK_SKIP, &closed);
	if (!strcmp(a[0], "submenu"))
		return submenu(g, title, id, (*next_index)++);
	return menuentry(g, title, id, (*next_index)++);
}

/* Keywords that open, continue or close a conditional or loop.  Returns
 * how many words the keyword took (0: not a keyword). */
static size_t control(struct cond_stack *cs, char **a, size_t n)
{
	if (!strcmp(a[0], "if")) {
		cond_push(cs, cond_active(cs) ? eval_cond(a + 1, n - 1) : NO);
		return n;
	}
	if (!strcmp(a[0], "elif")) {
		cond_elif(cs, eval_cond(a + 1, n - 1));
		return n;
	}
	if (!strcmp(a[0], "while") || !strcmp(a[0], "until") ||
	    !strcmp(a[0], "for")) {
		/* Loop bodies run once: they only matter for their sets. */
		cond_push(cs, UNKNOWN);
		return n;
	}
	if (!strcmp(a[0], "fi") || !strcmp(a[0], "done")) {
		cond_pop(cs);
		return 1;
	}
	if (!strcmp(a[0], "else")) {
		cond_else(cs);
		return 1;
	}
	if (!strcmp(a[0], "then") || !strcmp(a[0], "do"))
		return 1;
	return 0;
}

/* One command (its words expanded into A), with TOK what ended it. */
static int command(struct grub_state *g, enum block_kind kind,
		   struct cond_stack *cs, char **a, size_t n, enum grub_tok tok,
		   size_t *next_index)
{
	bool closed;
	size_t used;

	/* "then set x=1": a keyword may start a command line. */
	while (n && (used = control(cs, a, n))) {
		a += used;
		n -= used;
	}
	if (tok == TOK_LBRACE) {
		if (n &&
		    (!strcmp(a[0], "menuentry") || !strcmp(a[0], "submenu")))
			return menu_block(g, a, n,
					  kind != BLOCK_SKIP && cond_active(cs),
					  next_index);
		/* function bodies and anything else: not run. */
		return parse_block(g, BLOCK_SKIP, &closed);
	}
	if (!n || kind == BLOCK_SKIP || !cond_active(cs))
		return 0;
	return simple_command(g, a, n);
}

static int parse_command(struct grub_state *g, enum block_kind kind,
			 struct cond_stack *cs, size_t *next_index,
			 enum grub_tok *tok)
{
	const char *w[GRUB_MAX_WORDS];
	size_t wn[GRUB_MAX_WORDS], n;
	struct ent_strv a = {0};
	int rc;

	*tok = read_command(g, w, wn, &n);
	/* Words are expanded only where they run: skipped blocks may hold
	 * anything. */
	if (kind == BLOCK_SKIP && *tok != TOK_LBRACE)
		return 0;
	rc = expand_all(g, w, wn, n, &a);
	if (!rc)
		rc = command(g, kind, cs, a.v, a.n, *tok, next_index);
	ent_strv_free(&a);
	return rc;
}

/* Read commands up to the `}` closing this block (*CLOSED) or the end of
 * the file. */
static int parse_block(struct grub_state *g, enum block_kind kind, bool *closed)
{
	struct cond_stack cs = {.n = 0};
	size_t next_index = 0;
	enum grub_tok tok = TOK_SEP;
	int rc = 0;

	*closed = false;
	if (g->depth >= GRUB_MAX_DEPTH) {
		/* Too deep to be real: drop the rest of the file. */
		g->lx.p = g->lx.end;
		return 0;
	}
	g->depth++;
	while (!rc && tok != TOK_EOF) {
		rc = parse_command(g, kind, &cs, &next_index, &tok);
		if (tok == TOK_RBRACE && g->depth > 1) {
			*closed = true;
			break;
		}
	}
	g->depth--;
	return rc;
}

/* Variables GRUB itself defines that generated grub.cfg files test. */
static int predefine(struct grub_vars *v)
{
	static const char *const features[] = {
	    "feature_menuentry_id",
	    "feature_default_font_path",
	    "feature_all_video_module",
	    "feature_platform_search_hint",
	    "feature_timeout_style",
	    "feature_200_final",
	    "feature_nativedisk_cmd",
	    "feature_ntldr",
	    NULL,
	};
	int rc = 0;

	for (size_t i = 0; features[i] && !rc; i++)
		rc = grub_var_set(v, features[i], "y");
	return rc;
}

static int grub_default(struct grub_state *g, char **dflt)
{
	const char *d = grub_var_get(g->vars, "default");
	struct grub_vars env = {0};
	int rc = 0;

	if (d && !strcmp(d, "saved")) {
		d = grub_var_get(g->vars, "saved_entry");
		if (!d && g->env) {
			rc = grubenv_parse(g->env, g->env_len, &env);
			d = grub_var_get(&env, "saved_entry");
		}
	}
	*dflt = strdup(d && *d ? d : "0");
	grub_vars_free(&env);
	return rc ? rc : *dflt ? 0 : -ENOMEM;
}

int grub_parse(const char *text, size_t len, const char *env, size_t env_len,
	       const char *root, const char *file, struct kx_entry_list *list,
	       char **dflt)
{
	struct grub_vars vars = {0};
	struct grub_state g = {
	    .lx = {.p = text, .end = text + len},
	    .vars = &vars,
	    .env = env,
	    .env_len = env_len,
	    .root = root,
	    .file = file,
	    .list = list,
	};
	bool closed;
	int rc;

	*dflt = NULL;
	rc = predefine(&vars);
	if (!rc)
		rc = parse_block(&g, BLOCK_MENU, &closed);
	if (!rc)
		rc = grub_default(&g, dflt);
	ent_strv_free(&g.ids);
	ent_strv_free(&g.titles);
	ent_strv_free(&g.indexes);
	grub_vars_free(&vars);
	return rc;
}

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
