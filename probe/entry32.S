/* 32-bit entry of the Multiboot images.  The registers are saved before
 * anything touches them (Multiboot leaves ESP undefined, so nothing may be
 * pushed before our own stack is set), then probe_main32() reports them. */
	.code32
	.text
	.globl	_start
_start:
	movl	%eax, regs + 0
	movl	%ebx, regs + 4
	movl	%ecx, regs + 8
	movl	%edx, regs + 12
	movl	%esi, regs + 16
	movl	%edi, regs + 20
	movl	%ebp, regs + 24
	movl	%esp, regs + 28
	movl	$stack_top, %esp
	pushfl				/* the movs above leave EFLAGS alone */
	popl	regs + 32
	xorl	%eax, %eax
	movw	%cs, %ax
	movl	%eax, regs + 36
	movw	%ds, %ax
	movl	%eax, regs + 40
	movw	%es, %ax
	movl	%eax, regs + 44
	movw	%fs, %ax
	movl	%eax, regs + 48
	movw	%gs, %ax
	movl	%eax, regs + 52
	movw	%ss, %ax
	movl	%eax, regs + 56
	movl	%cr0, %eax
	movl	%eax, regs + 60
	movl	%cr3, %eax
	movl	%eax, regs + 64
	movl	%cr4, %eax
	movl	%eax, regs + 68
	cld
	subl	$12, %esp		/* 16-byte aligned at the call */
	pushl	$regs
	call	probe_main32
1:	cli
	hlt
	jmp	1b

	.bss
	.balign	16
	.globl	probe_bss_canary
probe_bss_canary:			/* checked to be zero: the loader clears .bss */
	.skip	256
regs:	.skip	18 * 4
	.balign	16
	.skip	16384
stack_top:
	.section .note.GNU-stack, "", @progbits
