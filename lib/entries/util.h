/* Small helpers the boot-entry parsers share: paths below the context's
 * root, bounded reads of text files, lines, words and string vectors. */
#ifndef KX_ENTRIES_UTIL_H
#define KX_ENTRIES_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/ctx.h"

/* Configuration files are small; anything larger is not one of them, and
 * refusing it keeps a hostile /boot from exhausting memory. */
#define ENT_TEXT_MAX (1u << 20)

/* ROOT + PATH, malloc'd; NULL when out of memory. */
char *ent_rooted(const kx_ctx *ctx, const char *path);

/* The context's error, kept across a read whose failure only means "no
 * entry here". */
struct ent_quiet {
	int err;
	char msg[KX_MSG_MAX];
};

void ent_quiet_save(const kx_ctx *ctx, struct ent_quiet *q);
void ent_quiet_restore(kx_ctx *ctx, const struct ent_quiet *q);

/* Read all of the file at the already rooted PATH, NUL terminated, when it
 * is a regular file of at most MAX bytes (kx_read_file_max).  Quiet:
 * -ENOENT, -EFBIG, -EISDIR or another -errno, and the context's message
 * left as it was, since a missing or odd file only means "no entry
 * here". */
int ent_read_text(kx_ctx *ctx, const char *path, size_t max, char **text,
		  size_t *len);

bool ent_is_file(const char *path);
bool ent_is_dir(const char *path);

/* The next line of [*POS, END), without its newline (and a '\r' before
 * it); false at the end. */
bool ent_next_line(const char **pos, const char *end, const char **line,
		   size_t *len);

/* Trim spaces and tabs from both ends of [*S, *S + *LEN). */
void ent_trim(const char **s, size_t *len);

char *ent_strndup(const char *s, size_t n);
bool ent_has_suffix(const char *s, const char *suffix);

/* A growable array of malloc'd strings. */
struct ent_strv {
	char **v;
	size_t n, cap;
};

int ent_strv_push(struct ent_strv *sv, const char *s);
/* Take ownership of S (freed on failure). */
int ent_strv_take(struct ent_strv *sv, char *s);
void ent_strv_free(struct ent_strv *sv);

/* A growable string. */
struct ent_str {
	char *s;
	size_t len, cap;
};

int ent_str_add(struct ent_str *b, const char *s, size_t n);
/* Append S after a single space (none when B is empty or S is). */
int ent_str_add_word(struct ent_str *b, const char *s, size_t n);
/* The string, "" when nothing was added; B keeps ownership. */
const char *ent_str_get(const struct ent_str *b);
/* Hand the string over (never NULL unless out of memory). */
char *ent_str_take(struct ent_str *b);
void ent_str_free(struct ent_str *b);

#endif
