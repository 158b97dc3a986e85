/* The loaders of the architecture this library is built for, in probing
 * order: the bzImage first (its boot sector and "HdrS" cannot be mistaken),
 * then Multiboot 2, Multiboot 1 (a header with a bad checksum still counts,
 * so that its parser says what is wrong), then plain ELF; last the
 * containers, whose kernel inside is probed again. */
#include "load/loader.h"

#include "load/linux.h"
#include "load/mb.h"
#include "load/uki.h"

static const struct loader *const table[] = {
#if defined(__x86_64__)
	&loader_linux,
	&loader_multiboot2,
	&loader_multiboot1,
	&loader_elf,
#endif
	&loader_uki,
	NULL,
};

const struct loader *loader_for_type(enum kx_image_type type)
{
	size_t i;

	for (i = 0; table[i]; i++)
		if (table[i]->type == type)
			return table[i];
	return NULL;
}

const struct loader *loader_probe(const uint8_t *data, size_t size)
{
	size_t i;

	for (i = 0; table[i]; i++)
		if (table[i]->probe(data, size))
			return table[i];
	return NULL;
}
