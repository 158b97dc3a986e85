/* Entry of probe64.elf: 64-bit code, entered in long mode with an identity
 * map (as kexec_load jumps to its entry).  The registers are saved before
 * anything touches them, then probe_main64() reports them. */
	.code64
	.text
	.globl	_start
_start:
	movq	%rax, regs + 0(%rip)
	movq	%rbx, regs + 8(%rip)
	movq	%rcx, regs + 16(%rip)
	movq	%rdx, regs + 24(%rip)
	movq	%rsi, regs + 32(%rip)
	movq	%rdi, regs + 40(%rip)
	movq	%rbp, regs + 48(%rip)
	movq	%rsp, regs + 56(%rip)
	movq	%r8, regs + 64(%rip)
	movq	%r9, regs + 72(%rip)
	movq	%r10, regs + 80(%rip)
	movq	%r11, regs + 88(%rip)
	movq	%r12, regs + 96(%rip)
	movq	%r13, regs + 104(%rip)
	movq	%r14, regs + 112(%rip)
	movq	%r15, regs + 120(%rip)
	leaq	stack_top(%rip), %rsp
	pushfq				/* the movs above leave RFLAGS alone */
	popq	regs + 128(%rip)
	xorl	%eax, %eax
	movw	%cs, %ax
	movq	%rax, regs + 136(%rip)
	movw	%ds, %ax
	movq	%rax, regs + 144(%rip)
	movw	%es, %ax
	movq	%rax, regs + 152(%rip)
	movw	%fs, %ax
	movq	%rax, regs + 160(%rip)
	movw	%gs, %ax
	movq	%rax, regs + 168(%rip)
	movw	%ss, %ax
	movq	%rax, regs + 176(%rip)
	movq	%cr0, %rax
	movq	%rax, regs + 184(%rip)
	movq	%cr3, %rax
	movq	%rax, regs + 192(%rip)
	movq	%cr4, %rax
	movq	%rax, regs + 200(%rip)
	cld
	leaq	regs(%rip), %rdi
	call	probe_main64
1:	cli
	hlt
	jmp	1b

	/* No Multiboot header (see probe_header_kind in probe.c). */
	.section .rodata
	.balign	4
	.globl	probe_header, probe_header_kind
probe_header:
probe_header_kind:
	.long	0

	.bss
	.balign	16
	.globl	probe_bss_canary
probe_bss_canary:			/* checked to be zero: the loader clears .bss */
	.skip	256
regs:	.skip	26 * 8
	.balign	16
	.skip	16384
stack_top:
	.section .note.GNU-stack, "", @progbits
