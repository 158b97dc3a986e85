/* grub.cfg words: splitting the text into commands and expanding their
 * words (quotes, backslashes, $variables) the way GRUB's shell does. */
#ifndef KX_ENTRIES_GRUB_LEX_H
#define KX_ENTRIES_GRUB_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "entries/grubenv.h"

enum grub_tok { TOK_EOF, TOK_SEP, TOK_LBRACE, TOK_RBRACE, TOK_WORD };

struct grub_lexer {
	const char *p, *end;
};

/* The next token; a word is returned raw in [*W, *W + *WN). */
enum grub_tok grub_lex(struct grub_lexer *lx, const char **w, size_t *wn);

/* Whether C may appear in a variable name. */
bool grub_is_name_char(char c);

/* Expand the N raw words W[i] (of WN[i] bytes) with VARS into *OUT, one
 * string per resulting field; on error *OUT is left untouched. */
int grub_expand_all(const struct grub_vars *vars, const char **w,
		    const size_t *wn, size_t n, struct ent_strv *out);

#endif
