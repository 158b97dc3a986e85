/* SHA-256 for the loader: the purgatory's own implementation, compiled into
 * the library by lib/segment/sha256.c, so the digests written into the
 * purgatory's parameters come from the code that checks them. */
#ifndef KX_SEGMENT_SHA256_H
#define KX_SEGMENT_SHA256_H

#include "../../purgatory/sha256.h"

#endif
