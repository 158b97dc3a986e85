/* The ELF64 core headers for crash kernels: what the builder writes is
 * what the capture kernel's /proc/vmcore accepts, and the decoder refuses
 * what it would not. */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boot/elfcore.h"
#include "helpers.h"

#define PAGE_OFFSET 0xffff8a2600000000ull
#define TEXT_VADDR  0xffffffffa0800000ull

struct fixture {
	kx_ctx *ctx;
	struct kx_ranges dump;
	struct elfcore_note notes[2];
	struct elfcore_input in;
	uint8_t *buf;
	size_t size;
	struct elfcore_phdr *ph;
	size_t n;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->ctx = kx_ctx_new();
	ranges_init(&f->dump);
	ranges_add(f->ctx, &f->dump, 0x100000, 0x47000000, KX_RANGE_RAM);
	ranges_add(f->ctx, &f->dump, 0x5f000000, 0x5ffe0000, KX_RANGE_RAM);
	ranges_add(f->ctx, &f->dump, 0x100000000ull, 0x180000000ull,
		   KX_RANGE_RAM);
	f->notes[0] = (struct elfcore_note){0x5fa3a400, 368};
	f->notes[1] = (struct elfcore_note){0x5fa7a400, 368};
	f->in = (struct elfcore_input){
	    .cpu_notes = f->notes,
	    .n_cpu_notes = 2,
	    .vmcoreinfo = {0x135c000, 0x1024},
	    .has_text = true,
	    .text_paddr = 0xe000000,
	    .text_vaddr = TEXT_VADDR,
	    .text_size = 0x3430000,
	    .dump = &f->dump,
	    .has_page_offset = true,
	    .page_offset = PAGE_OFFSET,
	};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->ph);
	free(f->buf);
	ranges_free(&f->dump);
	kx_ctx_free(f->ctx);
	free(f);
	return 0;
}

static int build(struct fixture *f)
{
	free(f->buf);
	f->size = elfcore_size(&f->in);
	f->buf = malloc(f->size);
	assert_non_null(f->buf);
	return elfcore_build(f->ctx, &f->in, f->buf, f->size);
}

static int decode(struct fixture *f)
{
	free(f->ph);
	f->ph = NULL;
	return elfcore_decode(f->ctx, f->buf, f->size, &f->ph, &f->n);
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("\"%s\" not found in \"%s\"", part, text);
}

static void test_layout(void **state)
{
	struct fixture *f = *state;
	Elf64_Ehdr e;

	assert_int_equal(build(f), 0);
	assert_int_equal(f->size, 4096);
	memcpy(&e, f->buf, sizeof(e));
	assert_memory_equal(e.e_ident, ELFMAG, SELFMAG);
	assert_int_equal(e.e_ident[EI_CLASS], ELFCLASS64);
	assert_int_equal(e.e_type, ET_CORE);
	assert_int_equal(e.e_machine, EM_X86_64);
	assert_int_equal(e.e_phoff, sizeof(Elf64_Ehdr));
	assert_int_equal(e.e_phnum, 2 + 1 + 1 + 3);
	/* The padding is zero: it is hashed and loaded as it is. */
	for (size_t i = sizeof(e) + 7 * sizeof(Elf64_Phdr); i < f->size; i++)
		assert_int_equal(f->buf[i], 0);
}

static void test_program_headers(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(build(f), 0);
	assert_int_equal(decode(f), 0);
	assert_int_equal(f->n, 7);
	/* Notes first, per CPU, then vmcoreinfo, as the kernel orders them. */
	assert_int_equal(f->ph[0].type, ELFCORE_PT_NOTE);
	assert_int_equal(f->ph[0].paddr, 0x5fa3a400);
	assert_int_equal(f->ph[0].memsz, 368);
	assert_int_equal(f->ph[1].paddr, 0x5fa7a400);
	assert_int_equal(f->ph[2].type, ELFCORE_PT_NOTE);
	assert_int_equal(f->ph[2].paddr, 0x135c000);
	assert_int_equal(f->ph[2].memsz, 0x1024);
	assert_int_equal(f->ph[3].type, ELFCORE_PT_LOAD);
	assert_int_equal(f->ph[3].vaddr, TEXT_VADDR);
	assert_int_equal(f->ph[3].paddr, 0xe000000);
	for (size_t i = 4; i < 7; i++) {
		const struct kx_range *r = &f->dump.v[i - 4];

		assert_int_equal(f->ph[i].type, ELFCORE_PT_LOAD);
		assert_int_equal(f->ph[i].offset, r->start);
		assert_int_equal(f->ph[i].paddr, r->start);
		assert_int_equal(f->ph[i].vaddr, PAGE_OFFSET + r->start);
		assert_int_equal(f->ph[i].filesz, r->end - r->start);
		assert_int_equal(f->ph[i].memsz, r->end - r->start);
		assert_int_equal(f->ph[i].flags, PF_R | PF_W | PF_X);
	}
}

static void test_without_text(void **state)
{
	struct fixture *f = *state;

	f->in.has_text = false;
	f->in.has_page_offset = false;
	assert_int_equal(build(f), 0);
	assert_int_equal(decode(f), 0);
	assert_int_equal(f->n, 6);
	assert_int_equal(f->ph[3].paddr, 0x100000);
	assert_int_equal(f->ph[3].vaddr, 0);
}

static void test_refused_inputs(void **state)
{
	struct fixture *f = *state;
	uint8_t small[64];

	f->in.n_cpu_notes = 0;
	assert_int_equal(build(f), -EINVAL);
	assert_contains(kx_ctx_message(f->ctx), "no CPU crash notes");
	f->in.n_cpu_notes = 2;
	f->in.vmcoreinfo.size = 0;
	assert_int_equal(build(f), -EINVAL);
	assert_contains(kx_ctx_message(f->ctx), "vmcoreinfo");
	f->in.vmcoreinfo.size = 0x1024;
	f->notes[1].addr = UINT64_MAX - 10;
	assert_int_equal(build(f), -EINVAL);
	assert_contains(kx_ctx_message(f->ctx), "wraps");
	f->notes[1].addr = 0x5fa7a400;
	f->dump.v[1].start = 0x46000000; /* overlaps the first range */
	assert_int_equal(build(f), -EINVAL);
	assert_contains(kx_ctx_message(f->ctx), "overlap");
	f->dump.n = 0;
	assert_int_equal(build(f), -EINVAL);
	assert_contains(kx_ctx_message(f->ctx), "no memory left to dump");
	f->dump.n = 3;
	f->dump.v[1].start = 0x5f000000;
	assert_int_equal(elfcore_build(f->ctx, &f->in, small, sizeof(small)),
			 -EINVAL);
}

/* Patch one field of the built headers and expect the decoder to refuse. */
static void expect_refused(struct fixture *f, size_t off, const void *v,
			   size_t len, const char *message)
{
	assert_int_equal(build(f), 0);
	memcpy(f->buf + off, v, len);
	assert_int_equal(decode(f), -EINVAL);
	assert_null(f->ph);
	assert_contains(kx_ctx_message(f->ctx), message);
}

#define PH(i, field)                                                           \
	(sizeof(Elf64_Ehdr) + (i) * sizeof(Elf64_Phdr) +                       \
	 offsetof(Elf64_Phdr, field))

static void test_decode_refuses(void **state)
{
	struct fixture *f = *state;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	expect_refused(f, 0, "\177ELG", 4, "not a little-endian ELF64");
	u16 = ET_EXEC;
	expect_refused(f, offsetof(Elf64_Ehdr, e_type), &u16, 2, "ET_CORE");
	u16 = EM_386;
	expect_refused(f, offsetof(Elf64_Ehdr, e_machine), &u16, 2, "x86_64");
	u16 = 0;
	expect_refused(f, offsetof(Elf64_Ehdr, e_phnum), &u16, 2,
		       "no program headers");
	u16 = 200;
	expect_refused(f, offsetof(Elf64_Ehdr, e_phnum), &u16, 2, "do not fit");
	u32 = PT_DYNAMIC;
	expect_refused(f, PH(0, p_type), &u32, 4, "has type");
	u64 = 0x1234;
	expect_refused(f, PH(5, p_offset), &u64, 8, "physical address");
	u64 = 0;
	expect_refused(f, PH(6, p_memsz), &u64, 8, "empty");
	/* The second RAM range moved inside the first. */
	assert_int_equal(build(f), 0);
	u64 = 0x46000000;
	memcpy(f->buf + PH(5, p_offset), &u64, 8);
	memcpy(f->buf + PH(5, p_paddr), &u64, 8);
	assert_int_equal(decode(f), -EINVAL);
	assert_contains(kx_ctx_message(f->ctx), "overlap");
}

static void test_decode_short(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(build(f), 0);
	f->size = 63;
	assert_int_equal(decode(f), -EINVAL);
	f->size = 100; /* the ELF header, not the program headers */
	assert_int_equal(decode(f), -EINVAL);
}

/* The kernel text mapping repeats RAM on purpose: not an overlap. */
static void test_text_may_repeat_ram(void **state)
{
	struct fixture *f = *state;

	f->in.text_paddr = 0x1000000;
	assert_int_equal(build(f), 0);
	assert_int_equal(decode(f), 0);
}

/* Random inputs: whatever is built decodes, and describes exactly the
 * ranges it was given. */
static void test_random(void **state)
{
	struct fixture *f = *state;
	unsigned seed = 12345;

	for (int round = 0; round < 200; round++) {
		uint64_t at = 0x100000;
		size_t n = 1 + (size_t)(rand_r(&seed) % 300);

		ranges_clear(&f->dump);
		for (size_t i = 0; i < n; i++) {
			uint64_t len = 4096ull * (1 + rand_r(&seed) % 5000);

			at += 4096ull * (rand_r(&seed) % 3);
			ranges_add(f->ctx, &f->dump, at, at + len,
				   KX_RANGE_RAM);
			at += len;
		}
		f->in.n_cpu_notes = 1 + (size_t)(rand_r(&seed) % 2);
		f->in.has_text = rand_r(&seed) % 2;
		assert_int_equal(build(f), 0);
		assert_int_equal(f->size % ELFCORE_ALIGN, 0);
		assert_int_equal(decode(f), 0);
		assert_int_equal(f->n, f->in.n_cpu_notes + 1 +
					   (f->in.has_text ? 1 : 0) + n);
		for (size_t i = 0; i < n; i++) {
			const struct elfcore_phdr *p = &f->ph[f->n - n + i];

			assert_int_equal(p->paddr, f->dump.v[i].start);
			assert_int_equal(p->paddr + p->memsz, f->dump.v[i].end);
		}
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_layout),
	    T(test_program_headers),
	    T(test_without_text),
	    T(test_refused_inputs),
	    T(test_decode_refuses),
	    T(test_decode_short),
	    T(test_text_may_repeat_ram),
	    T(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
