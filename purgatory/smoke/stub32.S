/* The next "kernel" for the smoke test, 32-bit, loaded at 0x1100000:
 * records registers, selectors, CR0, CR4 and EFER (paging and long mode
 * must be off), prints them and triple-faults. */
	.code32
	.globl	_start
_start:
	movl	%eax, save + 0
	movl	%ebx, save + 4
	movl	%ecx, save + 8
	movl	%edx, save + 12
	movl	%esi, save + 16
	movl	%edi, save + 20
	movl	%ebp, save + 24
	movl	%esp, save + 28
	xorl	%eax, %eax
	movw	%cs, %ax
	movl	%eax, save + 32
	movw	%ds, %ax
	movl	%eax, save + 36
	movl	%cr0, %eax
	movl	%eax, save + 40
	movl	%cr4, %eax
	movl	%eax, save + 44
	movl	$0xc0000080, %ecx
	rdmsr
	movl	%eax, save + 48
	movl	$stack_end, %esp
	pushl	$save
	call	report32
	lidt	no_idt
	int3

	.data
save:	.fill	16, 4, 0
no_idt:	.word	0
	.long	0

	.bss
	.balign	16
	.skip	4096
stack_end:
	.section .note.GNU-stack, "", @progbits
