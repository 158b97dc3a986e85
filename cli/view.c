#include "view.h"

static int plan_get_u64(const void *obj, enum kx_key key, uint64_t *value)
{
	return kx_plan_get_u64(obj, key, value);
}

static const char *plan_get_str(const void *obj, enum kx_key key)
{
	return kx_plan_get_str(obj, key);
}

static size_t plan_count(const void *obj, enum kx_list list)
{
	return kx_plan_count(obj, list);
}

static int plan_item_u64(const void *obj, enum kx_list list, size_t i,
			 enum kx_key key, uint64_t *value)
{
	return kx_plan_item_u64(obj, list, i, key, value);
}

static const char *plan_item_str(const void *obj, enum kx_list list, size_t i,
				 enum kx_key key)
{
	return kx_plan_item_str(obj, list, i, key);
}

void view_of_plan(struct plan_view *v, const kx_plan *plan)
{
	*v = (struct plan_view){
	    .obj = plan,
	    .get_u64 = plan_get_u64,
	    .get_str = plan_get_str,
	    .count = plan_count,
	    .item_u64 = plan_item_u64,
	    .item_str = plan_item_str,
	};
}

bool view_has(const struct plan_view *v, enum kx_key key)
{
	uint64_t value;

	return v->get_u64(v->obj, key, &value) == 0 ||
	       v->get_str(v->obj, key) != NULL;
}

uint64_t view_u64(const struct plan_view *v, enum kx_key key)
{
	uint64_t value = 0;

	return v->get_u64(v->obj, key, &value) == 0 ? value : 0;
}

const char *view_str(const struct plan_view *v, enum kx_key key)
{
	return v->get_str(v->obj, key);
}

size_t view_count(const struct plan_view *v, enum kx_list list)
{
	return v->count(v->obj, list);
}

uint64_t view_item_u64(const struct plan_view *v, enum kx_list list, size_t i,
		       enum kx_key key)
{
	uint64_t value = 0;

	return v->item_u64(v->obj, list, i, key, &value) == 0 ? value : 0;
}

const char *view_item_str(const struct plan_view *v, enum kx_list list,
			  size_t i, enum kx_key key)
{
	return v->item_str(v->obj, list, i, key);
}
