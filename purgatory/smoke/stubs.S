/* The two stub kernels as bytes in the guest program. */
	.section .rodata
	.globl	stub64, stub64_end, stub32, stub32_end
stub64:	.incbin	STUB64_BIN
stub64_end:
stub32:	.incbin	STUB32_BIN
stub32_end:
	.section .note.GNU-stack, "", @progbits
