/* The contract between the loader (lib/segment/purgatory.c) and the
 * purgatory: one struct, written by the loader into the relocated object at
 * the symbol kx_purgatory_params, read by the purgatory before it jumps.
 *
 * Plain fixed-width types only, no pointers: the loader is a 64-bit (or
 * 32-bit) user process, the purgatory runs on bare metal.  Any layout change
 * bumps KX_PURGATORY_VERSION; the loader refuses an object whose built-in
 * magic, version or size differ from its own.
 *
 * Version 2 makes room for what comes next, so later work fills fields in
 * instead of each inventing its own: a digest algorithm with a 32-byte
 * digest per region, a console description (16550 by I/O port or MMIO,
 * PL011), an architecture entry-state block sized for x86_64 and arm64,
 * and reserved bytes.  Reserved bytes are zero (kx_purgatory_params_init);
 * a later version may give them a meaning where zero means "as before".
 *
 * Included by C (both sides) and by the purgatory's assembly, which only
 * sees the constants and offsets below.
 */
#ifndef KX_PURGATORY_PARAMS_H
#define KX_PURGATORY_PARAMS_H

#define KX_PURGATORY_MAGIC	 0x5052474bu /* "KGRP" in memory */
#define KX_PURGATORY_VERSION	 2
#define KX_PURGATORY_MAX_REGIONS 16 /* kexec_load takes at most 16 pieces */

/* The symbols the loader looks up in the object. */
#define KX_PURGATORY_PARAMS_SYMBOL "kx_purgatory_params"
#define KX_PURGATORY_ENTRY_SYMBOL  "kx_purgatory_start"

/* params.flags */
#define KX_PURG_NO_CHECKS (1 << 0) /* -i/--no-checks: skip verification */
#define KX_PURG_DEBUG	  (1 << 1) /* print "purgatory: ok" before jumping */
#define KX_PURG_ENTRY32	  (1 << 2) /* leave long mode, 32-bit entry */

/* params.digest_alg: what region.digest holds. */
#define KX_PURG_DIGEST_SHA256	0  /* SHA-256, 32 bytes */
#define KX_PURG_DIGEST_XXH3_128 1  /* XXH3-128, 16 bytes (canonical) + zeros */
#define KX_PURG_DIGEST_MAX	32 /* bytes of region.digest */

/* console.type */
#define KX_PURG_CONSOLE_NONE	   0 /* silent */
#define KX_PURG_CONSOLE_16550_IO   1 /* base is an I/O port (x86) */
#define KX_PURG_CONSOLE_16550_MMIO 2 /* base is a physical address */
#define KX_PURG_CONSOLE_PL011_MMIO 3 /* base is a physical address (arm64) */

/* region.flags */
/* The next kernel does not read [bufsz, memsz) before writing it (the
 * bzImage decompressor's scratch and .bss): do not check that it is zero. */
#define KX_PURG_REGION_SKIP_TAIL (1 << 0)

/* reset.space_id: the ACPI Generic Address Structure's address space. */
#define KX_PURG_RESET_NONE   0xff
#define KX_PURG_RESET_MEMORY 0
#define KX_PURG_RESET_IO     1

/* The architecture entry-state block: room for either architecture's
 * registers and what later versions add. */
#define KX_PURG_ARCH_SIZE 128
/* Growth room before the regions. */
#define KX_PURG_RESERVED_SIZE 64

/* Offsets used by purgatory/entry.S; checked against the struct below. */
#define KX_PP_FLAGS 8
#define KX_PP_ENTRY 16
#define KX_PP_ARCH  40
#define KX_PP_RAX   (KX_PP_ARCH + 0)
#define KX_PP_RBX   (KX_PP_ARCH + 8)
#define KX_PP_RCX   (KX_PP_ARCH + 16)
#define KX_PP_RDX   (KX_PP_ARCH + 24)
#define KX_PP_RSI   (KX_PP_ARCH + 32)
#define KX_PP_RDI   (KX_PP_ARCH + 40)
#define KX_PP_RBP   (KX_PP_ARCH + 48)
#define KX_PP_RSP   (KX_PP_ARCH + 56)

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* x86_64: register values at the jump.  For a 32-bit entry only the low
 * halves of rax..rbp are used (Multiboot: eax = magic, ebx = info block)
 * and rsp is ignored (the handover leaves esp inside the purgatory's
 * stack). */
struct kx_purgatory_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t rsp; /* 0: the top of the purgatory's own stack */
};

/* arm64: the boot protocol's registers at the jump (x0 = the device
 * tree's address, x1..x3 = 0 for Linux) and the exception level to enter
 * the next kernel at. */
struct kx_purgatory_arm64 {
	uint64_t x0, x1, x2, x3;
	uint8_t entry_el; /* 1 or 2; 0: the level the purgatory runs at */
	uint8_t reserved[7];
};

union kx_purgatory_arch {
	struct kx_purgatory_regs x86_64;
	struct kx_purgatory_arm64 arm64;
	uint8_t bytes[KX_PURG_ARCH_SIZE];
};

/* Where the purgatory says what went wrong. */
struct kx_purgatory_console {
	uint8_t type;	   /* KX_PURG_CONSOLE_* */
	uint8_t reg_shift; /* MMIO: register N at base + (N << reg_shift) */
	uint8_t reg_width; /* MMIO: access width in bytes, 1 or 4; 0 = 1 */
	uint8_t reserved;
	uint32_t baud; /* 0: as the firmware or kernel left it */
	uint64_t base; /* I/O port (16550_IO) or physical address */
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
	uint8_t digest[KX_PURG_DIGEST_MAX]; /* params.digest_alg of the bytes */
};

struct kx_purgatory_params {
	uint32_t magic;	    /* KX_PURGATORY_MAGIC */
	uint16_t version;   /* KX_PURGATORY_VERSION */
	uint16_t size;	    /* sizeof(struct kx_purgatory_params) */
	uint32_t flags;	    /* KX_PURG_* */
	uint8_t digest_alg; /* KX_PURG_DIGEST_* */
	uint8_t reserved0;
	uint16_t reserved2;
	uint64_t entry; /* jump target; below 4 GiB with KX_PURG_ENTRY32 */
	struct kx_purgatory_console console;
	union {
		struct kx_purgatory_regs x86_64;
		struct kx_purgatory_arm64 arm64;
		uint8_t arch[KX_PURG_ARCH_SIZE];
	};
	struct kx_purgatory_reset reset;
	uint32_t nr_regions;
	uint32_t reserved1;
	uint8_t reserved[KX_PURG_RESERVED_SIZE];
	struct kx_purgatory_region regions[KX_PURGATORY_MAX_REGIONS];
};

#define KX_PP_CHECK(field, off)                                                \
	_Static_assert(offsetof(struct kx_purgatory_params, field) == (off),   \
		       #field " offset")
KX_PP_CHECK(flags, KX_PP_FLAGS);
KX_PP_CHECK(entry, KX_PP_ENTRY);
KX_PP_CHECK(arch, KX_PP_ARCH);
KX_PP_CHECK(x86_64.rax, KX_PP_RAX);
KX_PP_CHECK(x86_64.rbx, KX_PP_RBX);
KX_PP_CHECK(x86_64.rcx, KX_PP_RCX);
KX_PP_CHECK(x86_64.rdx, KX_PP_RDX);
KX_PP_CHECK(x86_64.rsi, KX_PP_RSI);
KX_PP_CHECK(x86_64.rdi, KX_PP_RDI);
KX_PP_CHECK(x86_64.rbp, KX_PP_RBP);
KX_PP_CHECK(x86_64.rsp, KX_PP_RSP);
KX_PP_CHECK(arm64.x0, KX_PP_ARCH);
KX_PP_CHECK(console, 24);
KX_PP_CHECK(reset, KX_PP_ARCH + KX_PURG_ARCH_SIZE);
KX_PP_CHECK(regions, 256);
#undef KX_PP_CHECK
_Static_assert(sizeof(union kx_purgatory_arch) == KX_PURG_ARCH_SIZE,
	       "arch block size");
_Static_assert(sizeof(struct kx_purgatory_console) == 16, "console size");
_Static_assert(sizeof(struct kx_purgatory_region) == 64, "region size");
_Static_assert(sizeof(struct kx_purgatory_params) ==
		   256 + 64 * KX_PURGATORY_MAX_REGIONS,
	       "params size");

#endif /* __ASSEMBLER__ */
#endif
