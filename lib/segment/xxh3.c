/* The purgatory's XXH3-128, built for the host (see xxh3.h).  Here xxHash
 * picks its vector code for the build's target: the bytes hashed and the
 * digest are the same as the purgatory's scalar code gives. */
#include "segment/xxh3.h"

#include "../../purgatory/xxh3.c"
