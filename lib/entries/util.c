#include "entries/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/file.h"

char *ent_rooted(const kx_ctx *ctx, const char *path)
{
	const char *root = ctx->root ? ctx->root : "";
	size_t rl = strlen(root), pl = strlen(path);
	char *out;

	/* "/" as the root adds nothing: keep paths the user recognises. */
	if (rl == 1 && root[0] == '/')
		rl = 0;
	out = malloc(rl + pl + 1);
	if (!out)
		return NULL;
	memcpy(out, root, rl);
	memcpy(out + rl, path, pl + 1);
	return out;
}

void ent_quiet_save(const kx_ctx *ctx, struct ent_quiet *q)
{
	q->err = ctx->err;
	memcpy(q->msg, ctx->msg, sizeof(q->msg));
}

void ent_quiet_restore(kx_ctx *ctx, const struct ent_quiet *q)
{
	ctx->err = q->err;
	memcpy(ctx->msg, q->msg, sizeof(ctx->msg));
}

int ent_read_text(kx_ctx *ctx, const char *path, size_t max, char **text,
		  size_t *len)
{
	struct ent_quiet q;
	struct kx_buf buf;
	int rc;

	*text = NULL;
	*len = 0;
	ent_quiet_save(ctx, &q);
	rc = kx_read_file_max(ctx, path, max, &buf);
	if (rc) {
		ent_quiet_restore(ctx, &q);
		return rc;
	}
	buf.data[buf.size] = '\0'; /* kx_read_file_max leaves a spare byte */
	*text = (char *)buf.data;
	*len = buf.size;
	return 0;
}

bool ent_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool ent_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool ent_next_line(const char **pos, const char *end, const char **line,
		   size_t *len)
{
	const char *p = *pos, *nl;

	if (p >= end)
		return false;
	nl = memchr(p, '\n', (size_t)(end - p));
	*line = p;
	*len = (size_t)((nl ? nl : end) - p);
	*pos = nl ? nl + 1 : end;
	if (*len && p[*len - 1] == '\r')
		(*len)--;
	return true;
}

void ent_trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

char *ent_strndup(const char *s, size_t n)
{
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

bool ent_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int ent_strv_take(struct ent_strv *sv, char *s)
{
	if (!s)
		return -ENOMEM;
	if (sv->n == sv->cap) {
		size_t ncap = sv->cap ? sv->cap * 2 : 4;
		char **v = realloc(sv->v, ncap * sizeof(*v));

		if (!v) {
			free(s);
			return -ENOMEM;
		}
		sv->v = v;
		sv->cap = ncap;
	}
	sv->v[sv->n++] = s;
	return 0;
}

int ent_strv_push(struct ent_strv *sv, const char *s)
{
	return ent_strv_take(sv, strdup(s));
}

void ent_strv_free(struct ent_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

int ent_str_add(struct ent_str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 64;
		char *p;

		while (ncap < b->len + n + 1)
			ncap *= 2;
		p = realloc(b->s, ncap);
		if (!p)
			return -ENOMEM;
		b->s = p;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int ent_str_add_word(struct ent_str *b, const char *s, size_t n)
{
	int rc;

	if (!n)
		return 0;
	if (b->len && (rc = ent_str_add(b, " ", 1)))
		return rc;
	return ent_str_add(b, s, n);
}

const char *ent_str_get(const struct ent_str *b)
{
	return b->s ? b->s : "";
}

char *ent_str_take(struct ent_str *b)
{
	char *s = b->s ? b->s : strdup("");

	memset(b, 0, sizeof(*b));
	return s;
}

void ent_str_free(struct ent_str *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}
