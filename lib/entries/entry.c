/* The getters of kx_entry: the record stays internal (entries.h), so
 * fields can be added without breaking callers. */
#include "entries/entries.h"

/* Fields are "" once ent_finish() ran; the fallback only guards a NULL
 * entry. */
static const char *str(const char *s)
{
	return s ? s : "";
}

KX_PUBLIC const char *kx_entry_id(const kx_entry *e)
{
	return e ? str(e->id) : NULL;
}

KX_PUBLIC const char *kx_entry_title(const kx_entry *e)
{
	return e ? str(e->title) : NULL;
}

KX_PUBLIC const char *kx_entry_version(const kx_entry *e)
{
	return e ? str(e->version) : NULL;
}

KX_PUBLIC const char *kx_entry_machine_id(const kx_entry *e)
{
	return e ? str(e->machine_id) : NULL;
}

KX_PUBLIC const char *kx_entry_sort_key(const kx_entry *e)
{
	return e ? str(e->sort_key) : NULL;
}

KX_PUBLIC const char *kx_entry_architecture(const kx_entry *e)
{
	return e ? str(e->architecture) : NULL;
}

KX_PUBLIC const char *kx_entry_kernel(const kx_entry *e)
{
	return e ? str(e->kernel) : NULL;
}

KX_PUBLIC size_t kx_entry_initrd_count(const kx_entry *e)
{
	return e ? e->n_initrds : 0;
}

KX_PUBLIC const char *kx_entry_initrd(const kx_entry *e, size_t i)
{
	return e && i < e->n_initrds ? e->initrds[i] : NULL;
}

KX_PUBLIC const char *kx_entry_options(const kx_entry *e)
{
	return e ? str(e->options) : NULL;
}

KX_PUBLIC const char *kx_entry_devicetree(const kx_entry *e)
{
	return e ? str(e->devicetree) : NULL;
}

KX_PUBLIC const char *kx_entry_file(const kx_entry *e)
{
	return e ? str(e->file) : NULL;
}

KX_PUBLIC enum kx_entry_source kx_entry_source(const kx_entry *e)
{
	return e ? e->source : (enum kx_entry_source)0;
}

KX_PUBLIC bool kx_entry_is_default(const kx_entry *e)
{
	return e && e->is_default;
}

KX_PUBLIC int kx_entry_tries_left(const kx_entry *e)
{
	return e ? e->tries_left : -1;
}

KX_PUBLIC int kx_entry_tries_done(const kx_entry *e)
{
	return e ? e->tries_done : -1;
}
