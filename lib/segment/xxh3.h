/* XXH3-128 for the loader: the purgatory's own source, compiled into the
 * library by lib/segment/xxh3.c, so the digests written into the
 * purgatory's parameters come from the code that checks them. */
#ifndef KX_SEGMENT_XXH3_H
#define KX_SEGMENT_XXH3_H

#include "../../purgatory/xxh3.h"

#endif
