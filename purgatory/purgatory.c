/* The purgatory's C half: runs once on bare metal, after the old kernel's
 * kexec path and before the next kernel, with interrupts off and nothing
 * but our own stack.  Checks the loaded pieces, then returns to entry.S
 * for the jump; on failure says why on the serial port and resets the
 * machine, so it comes back instead of hanging. */
#include "purgatory.h"

#include "verify.h"

/* Overwritten by the loader.  The initial header lets the loader check that
 * this object was built from the same params.h as the library. */
struct kx_purgatory_params kx_purgatory_params = {
    .magic = KX_PURGATORY_MAGIC,
    .version = KX_PURGATORY_VERSION,
    .size = sizeof(struct kx_purgatory_params),
    .reset = {.space_id = KX_PURG_RESET_NONE},
};

#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define KBC_STATUS	0x64
#define KBC_INPUT_FULL	0x02
#define KBC_PULSE_RESET 0xfe
#define RST_CNT		0xcf9

static void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Port 0x80 (POST codes) is the PC's classic ~1 us delay. */
static void io_delay(unsigned n)
{
	while (n--)
		outb(0x80, 0);
}

/* Polled, and bounded: a missing or wedged UART must not keep the machine
 * from resetting.  An absent port reads 0xff, so THRE looks set. */
static void serial_putc(uint16_t base, char c)
{
	unsigned spin;

	for (spin = 0; spin < 100000; spin++)
		if (inb(base + UART_LSR) & UART_LSR_THRE)
			break;
	outb(base + UART_THR, (uint8_t)c);
}

/* MMIO 16550s differ only in register spacing and access width. */
static void mmio_putc(const struct kx_purgatory_console *c, char ch)
{
	uintptr_t lsr =
	    (uintptr_t)c->base + ((uintptr_t)UART_LSR << c->reg_shift);
	uintptr_t thr =
	    (uintptr_t)c->base + ((uintptr_t)UART_THR << c->reg_shift);
	unsigned spin;

	for (spin = 0; spin < 100000; spin++) {
		uint32_t v = c->reg_width == 4 ? *(volatile uint32_t *)lsr
					       : *(volatile uint8_t *)lsr;

		if (v & UART_LSR_THRE)
			break;
	}
	if (c->reg_width == 4)
		*(volatile uint32_t *)thr = (uint8_t)ch;
	else
		*(volatile uint8_t *)thr = (uint8_t)ch;
}

/* A PL011 console is for the arm64 purgatory; here it stays silent. */
static void say(const struct kx_purgatory_params *p, const char *s)
{
	const struct kx_purgatory_console *c = &p->console;

	for (; *s; s++) {
		if (c->type == KX_PURG_CONSOLE_16550_IO)
			serial_putc((uint16_t)c->base, *s);
		else if (c->type == KX_PURG_CONSOLE_16550_MMIO)
			mmio_putc(c, *s);
	}
}

static void reset_acpi(const struct kx_purgatory_reset *r)
{
	if (r->space_id == KX_PURG_RESET_IO)
		outb((uint16_t)r->address, r->value);
	else if (r->space_id == KX_PURG_RESET_MEMORY)
		*(volatile uint8_t *)(uintptr_t)r->address = r->value;
}

static void reset_kbc(void)
{
	unsigned spin;

	for (spin = 0; spin < 10000; spin++) {
		if (!(inb(KBC_STATUS) & KBC_INPUT_FULL))
			break;
		io_delay(1);
	}
	outb(KBC_STATUS, KBC_PULSE_RESET);
}

/* Reset Control Register: select a hard reset, then start it with a full
 * (power-cycling) reset, as Linux does. */
static void reset_cf9(void)
{
	outb(RST_CNT, 0x02);
	io_delay(50);
	outb(RST_CNT, 0x0e);
}

/* The last resort works on every x86: an exception with an empty IDT
 * escalates to a triple fault, which resets the CPU. */
__attribute__((noreturn)) static void triple_fault(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) no_idt = {0, 0};

	__asm__ volatile("lidt %0\n\tint3" : : "m"(no_idt));
	for (;;)
		__asm__ volatile("hlt");
}

/* Each method gets ~50 ms to take effect before the next is tried. */
__attribute__((noreturn)) static void
reset_machine(const struct kx_purgatory_params *p)
{
	if (p->magic == KX_PURGATORY_MAGIC &&
	    p->reset.space_id != KX_PURG_RESET_NONE) {
		reset_acpi(&p->reset);
		io_delay(50000);
	}
	reset_kbc();
	io_delay(50000);
	reset_cf9();
	io_delay(50000);
	triple_fault();
}

/* A 32-bit entry leaves long mode, after which only the low 4 GiB can be
 * addressed: the target and everything the handover code touches (the
 * purgatory itself, its stack highest) must be there. */
static int handover_ok(const struct kx_purgatory_params *p,
		       struct kx_purgatory_failure *f)
{
	const uint64_t limit = 1ull << 32;

	if (!(p->flags & KX_PURG_ENTRY32))
		return 1;
	if (p->entry < limit && (uintptr_t)kx_purgatory_stack_end <= limit)
		return 1;
	f->fault = KX_PURG_FAULT_PARAMS;
	f->region = KX_PURG_NO_REGION;
	return 0;
}

void kx_purgatory_main(void)
{
	const struct kx_purgatory_params *p = &kx_purgatory_params;
	struct kx_purgatory_failure f;
	char line[256];

	if (kx_purgatory_verify(p, &f) == 0 && handover_ok(p, &f)) {
		if (p->flags & KX_PURG_DEBUG)
			say(p, "purgatory: ok\r\n");
		return;
	}
	kx_purgatory_format_failure(line, sizeof(line), p, &f);
	say(p, line);
	reset_machine(p);
}
