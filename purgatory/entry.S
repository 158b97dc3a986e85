/* The purgatory's entry and exit.  The kernel arrives here in 64-bit mode,
 * identity mapped, interrupts off, with no stack and no register we may rely
 * on.  Every address is computed RIP-relative, so the object only needs
 * PC-relative relocations and runs at any address.
 *
 * Selectors follow the Linux boot protocol: __BOOT_CS = 0x10 (64-bit code,
 * or 32-bit code for a 32-bit entry) and __BOOT_DS = 0x18 (flat data). */
#include "params.h"

#define BOOT_CS 0x10
#define BOOT_DS 0x18
#define CODE64 0x00af9b000000ffff /* L=1, present, accessed */
#define CODE32 0x00cf9b000000ffff /* D=1, 4 GiB, present, accessed */
#define DATA 0x00cf93000000ffff	  /* B=1, 4 GiB, writable, accessed */
#define CR0_NOT_PG 0x7fffffff
#define CR4_PCIDE (1 << 17)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)

	.text
	.code64
	.globl	kx_purgatory_start
	.type	kx_purgatory_start, @function
kx_purgatory_start:
	cli
	cld
	leaq	kx_purgatory_stack_end(%rip), %rsp

	/* Our own GDT: whatever the old kernel left may be gone once the next
	 * kernel overwrites memory, and the selectors must be Linux's. */
	leaq	gdt(%rip), %rax
	movq	%rax, gdtr + 2(%rip)
	lgdt	gdtr(%rip)
	leaq	1f(%rip), %rax
	pushq	$BOOT_CS
	pushq	%rax
	lretq
1:	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	call	kx_purgatory_main	/* returns only if all is well */

	testl	$KX_PURG_ENTRY32, kx_purgatory_params + KX_PP_FLAGS(%rip)
	jnz	enter32

	/* rsp first, as the registers below consume no stack. */
	movq	kx_purgatory_params + KX_PP_RSP(%rip), %rax
	testq	%rax, %rax
	jz	2f
	movq	%rax, %rsp
2:	movq	kx_purgatory_params + KX_PP_RBX(%rip), %rbx
	movq	kx_purgatory_params + KX_PP_RCX(%rip), %rcx
	movq	kx_purgatory_params + KX_PP_RDX(%rip), %rdx
	movq	kx_purgatory_params + KX_PP_RSI(%rip), %rsi
	movq	kx_purgatory_params + KX_PP_RDI(%rip), %rdi
	movq	kx_purgatory_params + KX_PP_RBP(%rip), %rbp
	movq	kx_purgatory_params + KX_PP_RAX(%rip), %rax
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	jmpq	*kx_purgatory_params + KX_PP_ENTRY(%rip)

	/* 32-bit handover (Multiboot, 32-bit boot protocols).  Once out of
	 * long mode there is no RIP-relative addressing, so everything the
	 * 32-bit code needs is first put in a frame on our stack:
	 * eax ebx ecx edx esi edi ebp entry, popped in that order.
	 * kx_purgatory_main() has checked that all of it is below 4 GiB. */
enter32:
	leaq	kx_purgatory_stack_end - 32(%rip), %rdi
	movl	kx_purgatory_params + KX_PP_RAX(%rip), %eax
	movl	%eax, 0(%rdi)
	movl	kx_purgatory_params + KX_PP_RBX(%rip), %eax
	movl	%eax, 4(%rdi)
	movl	kx_purgatory_params + KX_PP_RCX(%rip), %eax
	movl	%eax, 8(%rdi)
	movl	kx_purgatory_params + KX_PP_RDX(%rip), %eax
	movl	%eax, 12(%rdi)
	movl	kx_purgatory_params + KX_PP_RSI(%rip), %eax
	movl	%eax, 16(%rdi)
	movl	kx_purgatory_params + KX_PP_RDI(%rip), %eax
	movl	%eax, 20(%rdi)
	movl	kx_purgatory_params + KX_PP_RBP(%rip), %eax
	movl	%eax, 24(%rdi)
	movl	kx_purgatory_params + KX_PP_ENTRY(%rip), %eax
	movl	%eax, 28(%rdi)
	movq	%rdi, %rsp

	/* Turn __BOOT_CS into a 32-bit code segment; CS keeps its cached
	 * 64-bit descriptor until the far return reloads it. */
	movabsq	$CODE32, %rax
	movq	%rax, gdt + BOOT_CS(%rip)
	/* Clearing CR0.PG faults while CR4.PCIDE is set. */
	movq	%cr4, %rax
	andq	$~CR4_PCIDE, %rax
	movq	%rax, %cr4
	leaq	compat32(%rip), %rax
	pushq	$BOOT_CS
	pushq	%rax
	lretq

	.code32
compat32:
	/* Compatibility mode, still paged: identity mapping keeps the next
	 * instruction where it is once paging (and so long mode) is off. */
	movl	%cr0, %eax
	andl	$CR0_NOT_PG, %eax
	movl	%eax, %cr0
	movl	$MSR_EFER, %ecx
	rdmsr
	andl	$~EFER_LME, %eax
	wrmsr
	xorl	%eax, %eax
	movl	%eax, %cr4
	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	popl	%eax
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size	kx_purgatory_start, . - kx_purgatory_start

	.data
	.balign	16
gdt:	.quad	0
	.quad	0
	.quad	CODE64		/* BOOT_CS */
	.quad	DATA		/* BOOT_DS */
gdt_end:
	.balign	8
	.skip	6		/* puts the base of gdtr on 8 bytes */
gdtr:	.word	gdt_end - gdt - 1
	.quad	0		/* base: filled in at run time */

	.bss
	.balign	16
	.globl	kx_purgatory_stack_end
kx_purgatory_stack:
	.skip	4096
kx_purgatory_stack_end:

	.section .note.GNU-stack, "", @progbits
