/* The version of the library actually loaded, which may differ from the
 * header a program was built with. */
#include "core/ctx.h"

#define KX_STR_(x) #x
#define KX_STR(x) KX_STR_(x)
/* The string as the numbers spell it: the header's KX_VERSION_STRING
 * must say the same (tests/unit/test_version.c compares them, and the
 * build's project version when it passes KX_PROJECT_VERSION). */
#define KX_VERSION_FROM_NUMBERS                                              \
	KX_STR(KX_VERSION_MAJOR)                                             \
	"." KX_STR(KX_VERSION_MINOR) "." KX_STR(KX_VERSION_MICRO)

_Static_assert(sizeof(KX_VERSION_FROM_NUMBERS) == sizeof(KX_VERSION_STRING),
	       "KX_VERSION_STRING does not match the version numbers");
_Static_assert(KX_VERSION_MAJOR < 256 && KX_VERSION_MINOR < 256 &&
		   KX_VERSION_MICRO < 256,
	       "KX_VERSION_NUMBER holds one byte per part");

KX_PUBLIC const char *kx_version(void)
{
	return KX_VERSION_FROM_NUMBERS;
}

KX_PUBLIC unsigned kx_version_number(void)
{
	return KX_VERSION_NUMBER;
}
