/* The fields of a plan as the report reads them.  Reports take a view
 * instead of a kx_plan so tests can print from fields they make up (the
 * golden Multiboot information blocks), with no image or system behind
 * them; view_of_plan() is the one used for real. */
#ifndef KEXEC_CLI_VIEW_H
#define KEXEC_CLI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libkexec.h"

struct plan_view {
	const void *obj;
	int (*get_u64)(const void *obj, enum kx_key key, uint64_t *value);
	const char *(*get_str)(const void *obj, enum kx_key key);
	size_t (*count)(const void *obj, enum kx_list list);
	int (*item_u64)(const void *obj, enum kx_list list, size_t i,
			enum kx_key key, uint64_t *value);
	const char *(*item_str)(const void *obj, enum kx_list list, size_t i,
				enum kx_key key);
};

void view_of_plan(struct plan_view *v, const kx_plan *plan);

bool view_has(const struct plan_view *v, enum kx_key key);
/* 0 when absent. */
uint64_t view_u64(const struct plan_view *v, enum kx_key key);
/* NULL when absent. */
const char *view_str(const struct plan_view *v, enum kx_key key);
size_t view_count(const struct plan_view *v, enum kx_list list);
uint64_t view_item_u64(const struct plan_view *v, enum kx_list list, size_t i,
		       enum kx_key key);
/* NULL when absent. */
const char *view_item_str(const struct plan_view *v, enum kx_list list,
			  size_t i, enum kx_key key);

#endif
