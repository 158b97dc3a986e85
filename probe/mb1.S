/* The Multiboot 1 header (first in the image, see probe32.ld): page-aligned
 * modules (bit 0) and memory information (bit 1); with PROBE_VIDEO also a
 * video mode (bit 2): linear graphics, no preferred size or depth. */
#define MAGIC	0x1BADB002
#ifdef PROBE_VIDEO
#define FLAGS	0x00000007
#else
#define FLAGS	0x00000003
#endif

	.section .multiboot, "a"
	.balign	4
	.globl	probe_header
probe_header:
	.long	MAGIC
	.long	FLAGS
	.long	0x100000000 - (MAGIC + FLAGS)
#ifdef PROBE_VIDEO
	.long	0, 0, 0, 0, 0	/* header_addr..entry_addr: bit 16 is clear */
	.long	0		/* mode_type: linear graphics */
	.long	0, 0, 0		/* width, height, depth: no preference */
#endif

	.section .rodata
	.balign	4
	.globl	probe_header_kind
probe_header_kind:
	.long	1
	.section .note.GNU-stack, "", @progbits
