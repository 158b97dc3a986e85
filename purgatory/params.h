/* The contract between the loader (lib/segment/purgatory.c) and the
 * purgatory: one struct, written by the loader into the relocated object at
 * the symbol kx_purgatory_params, read by the purgatory before it jumps.
 *
 * Plain fixed-width types only, no pointers: the loader is a 64-bit (or
 * 32-bit) user process, the purgatory runs on bare metal.  Any layout change
 * bumps KX_PURGATORY_VERSION; the loader refuses an object whose built-in
 * magic, version or size differ from its own.
 *
 * Included by C (both sides) and by the purgatory's assembly, which only
 * sees the constants and offsets below.
 */
#ifndef KX_PURGATORY_PARAMS_H
#define KX_PURGATORY_PARAMS_H

#define KX_PURGATORY_MAGIC	 0x5052474bu /* "KGRP" in memory */
#define KX_PURGATORY_VERSION	 1
#define KX_PURGATORY_MAX_REGIONS 16 /* kexec_load takes at most 16 pieces */

/* The symbols the loader looks up in the object. */
#define KX_PURGATORY_PARAMS_SYMBOL "kx_purgatory_params"
#define KX_PURGATORY_ENTRY_SYMBOL  "kx_purgatory_start"

/* params.flags */
#define KX_PURG_NO_CHECKS (1 << 0) /* -i/--no-checks: skip verification */
#define KX_PURG_DEBUG	  (1 << 1) /* print "purgatory: ok" before jumping */
#define KX_PURG_ENTRY32	  (1 << 2) /* leave long mode, 32-bit entry */

/* region.flags */
/* The next kernel does not read [bufsz, memsz) before writing it (the
 * bzImage decompressor's scratch and .bss): do not check that it is zero. */
#define KX_PURG_REGION_SKIP_TAIL (1 << 0)

/* reset.space_id: the ACPI Generic Address Structure's address space. */
#define KX_PURG_RESET_NONE   0xff
#define KX_PURG_RESET_MEMORY 0
#define KX_PURG_RESET_IO     1

/* Offsets used by purgatory/entry.S; checked against the struct below. */
#define KX_PP_FLAGS 8
#define KX_PP_ENTRY 16
#define KX_PP_RAX   24
#define KX_PP_RBX   32
#define KX_PP_RCX   40
#define KX_PP_RDX   48
#define KX_PP_RSI   56
#define KX_PP_RDI   64
#define KX_PP_RBP   72
#define KX_PP_RSP   80

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* Register values at the jump.  For a 32-bit entry only the low halves of
 * rax..rbp are used (Multiboot: eax = magic, ebx = info block) and rsp is
 * ignored (the handover leaves esp inside the purgatory's stack). */
struct kx_purgatory_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t rsp; /* 0: the top of the purgatory's own stack */
};

/* The machine's ACPI reset register (FADT RESET_REG and RESET_VALUE). */
struct kx_purgatory_reset {
	uint64_t address;
	uint8_t space_id; /* KX_PURG_RESET_* */
	uint8_t value;
	uint8_t reserved[6];
};

/* One loaded piece: [addr, addr + bufsz) is hashed, [addr + bufsz,
 * addr + memsz) must be zero unless KX_PURG_REGION_SKIP_TAIL. */
struct kx_purgatory_region {
	uint64_t addr;
	uint64_t bufsz;
	uint64_t memsz;
	uint32_t flags;
	uint32_t reserved;
	uint8_t sha256[32];
};

struct kx_purgatory_params {
	uint32_t magic;	      /* KX_PURGATORY_MAGIC */
	uint16_t version;     /* KX_PURGATORY_VERSION */
	uint16_t size;	      /* sizeof(struct kx_purgatory_params) */
	uint32_t flags;	      /* KX_PURG_* */
	uint16_t serial_port; /* 16550 I/O base, e.g. 0x3f8; 0: silent */
	uint16_t reserved0;
	uint64_t entry; /* jump target; below 4 GiB with KX_PURG_ENTRY32 */
	struct kx_purgatory_regs regs;
	struct kx_purgatory_reset reset;
	uint32_t nr_regions;
	uint32_t reserved1;
	struct kx_purgatory_region regions[KX_PURGATORY_MAX_REGIONS];
};

_Static_assert(offsetof(struct kx_purgatory_params, flags) == KX_PP_FLAGS,
	       "flags offset");
_Static_assert(offsetof(struct kx_purgatory_params, entry) == KX_PP_ENTRY,
	       "entry offset");
_Static_assert(offsetof(struct kx_purgatory_params, regs.rax) == KX_PP_RAX,
	       "rax offset");
_Static_assert(offsetof(struct kx_purgatory_params, regs.rbx) == KX_PP_RBX,
	       "rbx offset");
_Static_assert(offsetof(struct kx_purgatory_params, regs.rcx) == KX_PP_RCX,
	       "rcx offset");
_Static_assert(offsetof(struct kx_purgatory_params, regs.rdx) == KX_PP_RDX,
	       "rdx offset");
_Static_assert(offsetof(struct kx_purgatory_params, regs.rsi) == KX_PP_RSI,
	       "rsi offset");
_Static_assert(offsetof(struct kx_purgatory_params, regs.rdi) == KX_PP_RDI,
	       "rdi offset");
_Static_assert(offsetof(struct kx_purgatory_params, regs.rbp) == KX_PP_RBP,
	       "rbp offset");
_Static_assert(offsetof(struct kx_purgatory_params, regs.rsp) == KX_PP_RSP,
	       "rsp offset");
_Static_assert(sizeof(struct kx_purgatory_region) == 64, "region size");
_Static_assert(offsetof(struct kx_purgatory_params, regions) == 112,
	       "regions offset");
_Static_assert(sizeof(struct kx_purgatory_params) ==
		   112 + 64 * KX_PURGATORY_MAX_REGIONS,
	       "params size");

#endif /* __ASSEMBLER__ */
#endif
