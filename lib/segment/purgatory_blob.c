/* The purgatory object (build/purgatory/purgatory.ro, made by
 * purgatory/meson.build) embedded as bytes.  KX_PURGATORY_OBJECT is its
 * path, defined by the generated header the build force-includes
 * (purgatory_object.h); without it (not x86_64) the library carries no
 * purgatory and kx_purgatory_builtin() says so. */
#include "segment/purgatory.h"

#ifdef KX_PURGATORY_OBJECT
/* Hidden, so the library reaches the bytes PC-relative and exports no
 * symbol for them. */
__asm__(".pushsection .rodata\n"
	".balign 16\n"
	".globl kx_purgatory_object_start\n"
	".hidden kx_purgatory_object_start\n"
	"kx_purgatory_object_start:\n"
	".incbin \"" KX_PURGATORY_OBJECT "\"\n"
	".globl kx_purgatory_object_end\n"
	".hidden kx_purgatory_object_end\n"
	"kx_purgatory_object_end:\n"
	".popsection\n");

extern const unsigned char kx_purgatory_object_start[]
    __attribute__((visibility("hidden")));
extern const unsigned char kx_purgatory_object_end[]
    __attribute__((visibility("hidden")));

const void *kx_purgatory_builtin(size_t *size)
{
	*size = (size_t)(kx_purgatory_object_end - kx_purgatory_object_start);
	return kx_purgatory_object_start;
}
#else
const void *kx_purgatory_builtin(size_t *size)
{
	*size = 0;
	return NULL;
}
#endif
