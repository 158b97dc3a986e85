/* The Multiboot 2 header (first in the image, see probe32.ld).  What the
 * probe cannot do without is asked for in a required information request;
 * what not every machine has (a framebuffer, ACPI, EFI) in an optional one.
 * Modules page aligned; the entry address repeats the ELF entry. */
#define MAGIC	0xE85250D6
#define ARCH	0		/* i386, protected mode */
#define OPTIONAL 1

	.section .multiboot, "a"
	.balign	8
	.globl	probe_header
probe_header:
	.long	MAGIC
	.long	ARCH
	.long	end - probe_header
	.long	0x100000000 - (MAGIC + ARCH + (end - probe_header))

	/* information request: cmdline, loader name, modules, basic
	 * meminfo, mmap */
1:	.short	1, 0
	.long	2f - 1b
	.long	1, 2, 3, 4, 6
2:	.balign	8

	/* information request: framebuffer, EFI 32/64 system table, ACPI
	 * old/new, EFI mmap, EFI 32/64 image handle, load base address */
1:	.short	1, OPTIONAL
	.long	2f - 1b
	.long	8, 11, 12, 14, 15, 17, 19, 20, 21
2:	.balign	8

	/* entry address */
1:	.short	3, OPTIONAL
	.long	2f - 1b
	.long	_start
2:	.balign	8

	/* module alignment (page aligned modules) */
	.short	6, 0
	.long	8

	/* end */
	.short	0, 0
	.long	8
end:

	.section .rodata
	.balign	4
	.globl	probe_header_kind
probe_header_kind:
	.long	2
	.section .note.GNU-stack, "", @progbits
