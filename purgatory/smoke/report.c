/* Serial output of the smoke test's stub kernels (built -m64 and -m32). */
#include <stdint.h>

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

static void put(char c)
{
	for (int i = 0; i < 100000 && !(inb(0x3fd) & 0x20); i++)
		;
	outb(0x3f8, (uint8_t)c);
}

static void puts_(const char *s)
{
	while (*s)
		put(*s++);
}

static void field(const char *name, uint64_t v)
{
	put(' ');
	puts_(name);
	puts_("=0x");
	for (int s = 60; s >= 0; s -= 4)
		put("0123456789abcdef"[(v >> s) & 15]);
}

#ifdef __x86_64__
void report64(const uint64_t *r);
void report64(const uint64_t *r)
{
	static const char *const names[] = {"rax", "rbx", "rcx", "rdx", "rsi",
					    "rdi", "rbp", "rsp", "cs",	"ds"};

	puts_("STUB64");
	for (int i = 0; i < 10; i++)
		field(names[i], r[i]);
	puts_("\r\n");
}
#else
void report32(const uint32_t *r);
void report32(const uint32_t *r)
{
	static const char *const names[] = {"eax", "ebx", "ecx", "edx", "esi",
					    "edi", "ebp", "esp", "cs",	"ds",
					    "cr0", "cr4", "efer"};

	puts_("STUB32");
	for (int i = 0; i < 13; i++)
		field(names[i], r[i]);
	puts_("\r\n");
}
#endif
