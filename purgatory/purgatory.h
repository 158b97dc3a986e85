/* Symbols shared by the purgatory's C and assembly halves. */
#ifndef KX_PURGATORY_PURGATORY_H
#define KX_PURGATORY_PURGATORY_H

#include "params.h"

extern struct kx_purgatory_params kx_purgatory_params;

/* Top of the purgatory's own stack (entry.S, in .bss, which the loader
 * places last: the highest address the purgatory uses). */
extern char kx_purgatory_stack_end[];

/* Verify, then return to entry.S for the jump; on failure report and reset
 * the machine instead of returning. */
void kx_purgatory_main(void);

#endif
