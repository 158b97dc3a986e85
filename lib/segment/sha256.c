/* The purgatory's SHA-256, built for the host (see sha256.h). */
#include "segment/sha256.h"

#include "../../purgatory/sha256.c"
