/* A plan's description: fields (a key with a number or a text) and lists
 * of items, each item a set of fields.  Loaders fill it; the public getters
 * (kx_plan_get_u64 and friends, api/fields.c) read it; the command writes
 * prose and JSON from it.  The library itself writes no English here. */
#ifndef KX_CORE_DESC_H
#define KX_CORE_DESC_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

struct desc; /* opaque; made by desc_new() */

struct desc *desc_new(void);
void desc_free(struct desc *d);
/* Forget every field and item (a plan rebuilt for another syscall). */
void desc_clear(struct desc *d);

/* Set KEY (replacing an earlier value); the text is copied.  -ENOMEM with
 * a message in CTX on failure. */
int desc_set_u64(kx_ctx *ctx, struct desc *d, enum kx_key key, uint64_t v);
int desc_set_str(kx_ctx *ctx, struct desc *d, enum kx_key key,
		 const char *s);
/* Remove KEY if present. */
void desc_unset(struct desc *d, enum kx_key key);

/* Append an empty item to LIST; *INDEX receives its position. */
int desc_item_add(kx_ctx *ctx, struct desc *d, enum kx_list list,
		  size_t *index);
int desc_item_set_u64(kx_ctx *ctx, struct desc *d, enum kx_list list,
		      size_t i, enum kx_key key, uint64_t v);
int desc_item_set_str(kx_ctx *ctx, struct desc *d, enum kx_list list,
		      size_t i, enum kx_key key, const char *s);

/* Several fields at once, for the tables loaders describe with: a field
 * with a text sets it, else its number. */
struct desc_field {
	enum kx_key key;
	uint64_t u64;
	const char *str;
};

int desc_set_fields(kx_ctx *ctx, struct desc *d, const struct desc_field *f,
		    size_t n);
/* Append an item of LIST with N fields. */
int desc_item_add_fields(kx_ctx *ctx, struct desc *d, enum kx_list list,
			 const struct desc_field *f, size_t n);

#define DESC_N(array) (sizeof(array) / sizeof((array)[0]))

/* Reads: -ENOENT (no message) or NULL when absent. */
int desc_get_u64(const struct desc *d, enum kx_key key, uint64_t *v);
const char *desc_get_str(const struct desc *d, enum kx_key key);
size_t desc_count(const struct desc *d, enum kx_list list);
int desc_item_get_u64(const struct desc *d, enum kx_list list, size_t i,
		      enum kx_key key, uint64_t *v);
const char *desc_item_get_str(const struct desc *d, enum kx_list list,
			      size_t i, enum kx_key key);

#endif
