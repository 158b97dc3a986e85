/* The grub.cfg interpreter: commands, menu entries and the default; the
 * lexer and expansion are in grub_lex.c, conditions in grub_cond.c. */
#include "entries/grub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entries/grub_cond.h"
#include "entries/grub_lex.h"

/* Keeps a hostile command line from allocating without limit; real files
 * stay far below it. */
#define GRUB_MAX_WORDS 256

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
	while ((t = grub_lex(&g->lx, &word, &len)) == TOK_WORD)
		if (*n < GRUB_MAX_WORDS) {
			w[*n] = word;
			wn[*n] = len;
			(*n)++;
		}
	return t;
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
		if (!grub_is_name_char(*p))
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

/* One command (its words expanded into A), with TOK what ended it. */
static int command(struct grub_state *g, enum block_kind kind,
		   struct cond_stack *cs, char **a, size_t n, enum grub_tok tok,
		   size_t *next_index)
{
	bool closed;
	size_t used;

	/* "then set x=1": a keyword may start a command line. */
	while (n && (used = grub_control(cs, a, n))) {
		a += used;
		n -= used;
	}
	if (tok == TOK_LBRACE) {
		if (n &&
		    (!strcmp(a[0], "menuentry") || !strcmp(a[0], "submenu")))
			return menu_block(
			    g, a, n, kind != BLOCK_SKIP && grub_cond_active(cs),
			    next_index);
		/* function bodies and anything else: not run. */
		return parse_block(g, BLOCK_SKIP, &closed);
	}
	if (!n || kind == BLOCK_SKIP || !grub_cond_active(cs))
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
	rc = grub_expand_all(g->vars, w, wn, n, &a);
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
