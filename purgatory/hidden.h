/* Forced into every purgatory source (-include): all symbols hidden, so
 * both gcc and clang reach them PC-relative instead of through a GOT, which
 * keeps the object's relocations to R_X86_64_PC32/PLT32. */
#ifndef __ASSEMBLER__
#pragma GCC visibility push(hidden)
#endif
