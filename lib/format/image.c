#include "format/image.h"

#include <errno.h>
#include <stddef.h>
#include <strings.h>

#include "core/ctx.h"

KX_PUBLIC const char *kx_image_type_name(enum kx_image_type type)
{
	switch (type) {
	case KX_IMAGE_BZIMAGE:
		return "bzImage";
	case KX_IMAGE_ELF:
		return "elf-x86_64";
	case KX_IMAGE_MULTIBOOT1:
		return "multiboot-x86";
	case KX_IMAGE_MULTIBOOT2:
		return "multiboot2";
	case KX_IMAGE_UKI:
		return "uki";
	default:
		return "unknown";
	}
}

struct type_alias {
	const char *name;
	enum kx_image_type type;
};

KX_PUBLIC int kx_image_type_from_name(const char *name,
				      enum kx_image_type *type)
{
	/* kexec-tools' x86 names first, then the shorter ones. */
	static const struct type_alias aliases[] = {
	    {"bzImage64", KX_IMAGE_BZIMAGE},
	    {"bzImage", KX_IMAGE_BZIMAGE},
	    {"elf-x86_64", KX_IMAGE_ELF},
	    {"elf-x86", KX_IMAGE_ELF},
	    {"elf", KX_IMAGE_ELF},
	    {"multiboot-x86", KX_IMAGE_MULTIBOOT1},
	    {"multiboot", KX_IMAGE_MULTIBOOT1},
	    {"multiboot2-x86", KX_IMAGE_MULTIBOOT2},
	    {"multiboot2", KX_IMAGE_MULTIBOOT2},
	    {"uki", KX_IMAGE_UKI},
	};
	size_t i;

	if (!name || !type)
		return -EINVAL;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (strcasecmp(name, aliases[i].name) == 0) {
			*type = aliases[i].type;
			return 0;
		}
	}
	return -EINVAL;
}

KX_PUBLIC const char *kx_compression_name(enum kx_compression comp)
{
	switch (comp) {
	case KX_COMP_NONE:
		return "none";
	case KX_COMP_GZIP:
		return "gzip";
	case KX_COMP_XZ:
		return "xz";
	case KX_COMP_ZSTD:
		return "zstd";
	}
	return "unknown";
}
