#include "core/desc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct field {
	enum kx_key key;
	bool is_str;
	uint64_t u64;
	char *str;
};

/* A plan has a few dozen fields at most: a flat array searched linearly
 * is both smaller and faster than anything cleverer. */
struct fields {
	struct field *v;
	size_t n, cap;
};

struct items {
	struct fields *v;
	size_t n, cap;
};

struct desc {
	struct fields top;
	struct items lists[KX_LIST__MAX];
};

static void fields_clear(struct fields *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].str);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static void items_clear(struct items *it)
{
	size_t i;

	for (i = 0; i < it->n; i++)
		fields_clear(&it->v[i]);
	free(it->v);
	memset(it, 0, sizeof(*it));
}

struct desc *desc_new(void)
{
	return calloc(1, sizeof(struct desc));
}

void desc_clear(struct desc *d)
{
	size_t i;

	fields_clear(&d->top);
	for (i = 0; i < KX_LIST__MAX; i++)
		items_clear(&d->lists[i]);
}

void desc_free(struct desc *d)
{
	if (!d)
		return;
	desc_clear(d);
	free(d);
}

static struct field *fields_find(const struct fields *f, enum kx_key key)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].key == key)
			return &f->v[i];
	return NULL;
}

/* Grow an array of ELEM-byte entries so that one more fits. */
static int grow(void **v, size_t *cap, size_t n, size_t elem)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, ncap * elem);
	if (!p)
		return -ENOMEM;
	memset((char *)p + *cap * elem, 0, (ncap - *cap) * elem);
	*v = p;
	*cap = ncap;
	return 0;
}

static int fields_slot(kx_ctx *ctx, struct fields *f, enum kx_key key,
		       struct field **out)
{
	struct field *x = fields_find(f, key);

	if (!x) {
		if (grow((void **)&f->v, &f->cap, f->n, sizeof(*f->v)))
			return kx_fail(ctx, -ENOMEM, "out of memory");
		x = &f->v[f->n++];
		x->key = key;
	}
	free(x->str);
	x->str = NULL;
	*out = x;
	return 0;
}

static int fields_set_u64(kx_ctx *ctx, struct fields *f, enum kx_key key,
			  uint64_t v)
{
	struct field *x;
	int rc = fields_slot(ctx, f, key, &x);

	if (rc)
		return rc;
	x->is_str = false;
	x->u64 = v;
	return 0;
}

static int fields_set_str(kx_ctx *ctx, struct fields *f, enum kx_key key,
			  const char *s)
{
	char *copy = strdup(s ? s : "");
	struct field *x;
	int rc;

	if (!copy)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	rc = fields_slot(ctx, f, key, &x);
	if (rc) {
		free(copy);
		return rc;
	}
	x->is_str = true;
	x->str = copy;
	return 0;
}

static int fields_get_u64(const struct fields *f, enum kx_key key,
			  uint64_t *v)
{
	const struct field *x = fields_find(f, key);

	if (!x || x->is_str)
		return -ENOENT;
	*v = x->u64;
	return 0;
}

static const char *fields_get_str(const struct fields *f, enum kx_key key)
{
	const struct field *x = fields_find(f, key);

	return x && x->is_str ? x->str : NULL;
}

int desc_set_u64(kx_ctx *ctx, struct desc *d, enum kx_key key, uint64_t v)
{
	return fields_set_u64(ctx, &d->top, key, v);
}

int desc_set_str(kx_ctx *ctx, struct desc *d, enum kx_key key, const char *s)
{
	return fields_set_str(ctx, &d->top, key, s);
}

void desc_unset(struct desc *d, enum kx_key key)
{
	struct field *x = fields_find(&d->top, key);

	if (!x)
		return;
	free(x->str);
	*x = d->top.v[--d->top.n];
}

static struct fields *item(const struct desc *d, enum kx_list list, size_t i)
{
	const struct items *it;

	if ((unsigned)list >= KX_LIST__MAX)
		return NULL;
	it = &d->lists[list];
	return i < it->n ? &it->v[i] : NULL;
}

int desc_item_add(kx_ctx *ctx, struct desc *d, enum kx_list list,
		  size_t *index)
{
	struct items *it;

	if ((unsigned)list >= KX_LIST__MAX)
		return kx_fail(ctx, -EINVAL, "no such list %d", (int)list);
	it = &d->lists[list];
	if (grow((void **)&it->v, &it->cap, it->n, sizeof(*it->v)))
		return kx_fail(ctx, -ENOMEM, "out of memory");
	*index = it->n++;
	return 0;
}

int desc_item_set_u64(kx_ctx *ctx, struct desc *d, enum kx_list list,
		      size_t i, enum kx_key key, uint64_t v)
{
	struct fields *f = item(d, list, i);

	if (!f)
		return kx_fail(ctx, -EINVAL, "no item %zu in list %d", i,
			       (int)list);
	return fields_set_u64(ctx, f, key, v);
}

int desc_item_set_str(kx_ctx *ctx, struct desc *d, enum kx_list list,
		      size_t i, enum kx_key key, const char *s)
{
	struct fields *f = item(d, list, i);

	if (!f)
		return kx_fail(ctx, -EINVAL, "no item %zu in list %d", i,
			       (int)list);
	return fields_set_str(ctx, f, key, s);
}

static int fields_set(kx_ctx *ctx, struct fields *to,
		      const struct desc_field *f, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < n; i++)
		rc = f[i].str ? fields_set_str(ctx, to, f[i].key, f[i].str)
			      : fields_set_u64(ctx, to, f[i].key, f[i].u64);
	return rc;
}

int desc_set_fields(kx_ctx *ctx, struct desc *d, const struct desc_field *f,
		    size_t n)
{
	return fields_set(ctx, &d->top, f, n);
}

int desc_item_add_fields(kx_ctx *ctx, struct desc *d, enum kx_list list,
			 const struct desc_field *f, size_t n)
{
	size_t i = 0;
	int rc = desc_item_add(ctx, d, list, &i);

	return rc ? rc : fields_set(ctx, &d->lists[list].v[i], f, n);
}

int desc_get_u64(const struct desc *d, enum kx_key key, uint64_t *v)
{
	return fields_get_u64(&d->top, key, v);
}

const char *desc_get_str(const struct desc *d, enum kx_key key)
{
	return fields_get_str(&d->top, key);
}

size_t desc_count(const struct desc *d, enum kx_list list)
{
	return (unsigned)list < KX_LIST__MAX ? d->lists[list].n : 0;
}

int desc_item_get_u64(const struct desc *d, enum kx_list list, size_t i,
		      enum kx_key key, uint64_t *v)
{
	const struct fields *f = item(d, list, i);

	return f ? fields_get_u64(f, key, v) : -ENOENT;
}

const char *desc_item_get_str(const struct desc *d, enum kx_list list,
			      size_t i, enum kx_key key)
{
	const struct fields *f = item(d, list, i);

	return f ? fields_get_str(f, key) : NULL;
}
