/* The next "kernel" for the smoke test, 64-bit, loaded at 0x1000000:
 * records the registers and selectors it was entered with, prints them on
 * the serial port and triple-faults (QEMU -no-reboot then exits). */
	.code64
	.globl	_start
_start:
	movq	%rax, save + 0(%rip)
	movq	%rbx, save + 8(%rip)
	movq	%rcx, save + 16(%rip)
	movq	%rdx, save + 24(%rip)
	movq	%rsi, save + 32(%rip)
	movq	%rdi, save + 40(%rip)
	movq	%rbp, save + 48(%rip)
	movq	%rsp, save + 56(%rip)
	xorl	%eax, %eax
	movw	%cs, %ax
	movq	%rax, save + 64(%rip)
	movw	%ds, %ax
	movq	%rax, save + 72(%rip)
	leaq	stack_end(%rip), %rsp
	leaq	save(%rip), %rdi
	call	report64
	lidt	no_idt(%rip)
	int3

	.data
save:	.fill	16, 8, 0
no_idt:	.word	0
	.quad	0

	.bss
	.balign	16
	.skip	4096
stack_end:
	.section .note.GNU-stack, "", @progbits
