/* The unified kernel image container (uki.c). */
#ifndef KX_LOAD_UKI_H
#define KX_LOAD_UKI_H

#include "load/loader.h"

extern const struct loader loader_uki;

#endif
