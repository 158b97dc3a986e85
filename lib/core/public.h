/* KX_PUBLIC marks the functions include/libkexec.h declares.  The library
 * is meant to be compiled with -fvisibility=hidden (meson option
 * hidden_visibility) so that nothing else reaches the dynamic symbol table
 * nor can be interposed; the marker puts the public functions back. */
#ifndef KX_CORE_PUBLIC_H
#define KX_CORE_PUBLIC_H

#define KX_PUBLIC __attribute__((visibility("default")))

#endif
