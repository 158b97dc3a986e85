/* Names of image types and compressions.  The functions are public and
 * declared in libkexec.h:
 *   kx_image_type_name(), kx_image_type_from_name(), kx_compression_name().
 * --type takes kexec-tools' names as well as ours, so scripts written for
 * kexec-tools keep working. */
#ifndef KX_FORMAT_IMAGE_H
#define KX_FORMAT_IMAGE_H

#include "libkexec.h"

#endif
