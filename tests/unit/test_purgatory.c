/* Unit tests for lib/segment/purgatory.c and, through it, the purgatory
 * itself:
 * - the embedded object lays out, relocates and takes its parameters at
 *   several addresses, below and above 4 GiB;
 * - exact relocation values and every refusal, on small hand-made objects;
 * - malformed objects (every truncation, flipped header bytes) are refused
 *   without crashing;
 * - the relocated purgatory's own verification code, mapped into this
 *   process and called directly, accepts correct pieces and reports a
 *   flipped byte, a dirty zero tail and bad parameters. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "../../purgatory/verify.h"
#include "core/ctx.h"
#include "segment/purgatory.h"
#include "segment/sha256.h"
#include "segment/xxh3.h"
#include "helpers.h"

static int setup_ctx(void **state)
{
	*state = kx_ctx_new();
	return *state ? 0 : -1;
}

static int teardown_ctx(void **state)
{
	kx_ctx_free(*state);
	return 0;
}

static const void *builtin(size_t *size)
{
	const void *obj = kx_purgatory_builtin(size);

	assert_non_null(obj);
	assert_true(*size > 0);
	return obj;
}

/* Params that pass the loader's checks: a 64-bit entry and nothing to
 * verify. */
static void simple_params(struct kx_purgatory_params *p)
{
	kx_purgatory_params_init(p);
	p->entry = 0x1000200;
	p->x86_64.rsi = 0x90000;
	p->console.type = KX_PURG_CONSOLE_16550_IO;
	p->console.base = 0x3f8;
}

/* ---- the embedded object ---------------------------------------------- */

static void test_builtin_layout(void **state)
{
	struct kx_purgatory_layout lay;
	size_t size;
	const void *obj = builtin(&size);

	assert_int_equal(kx_purgatory_layout(*state, obj, size, &lay), 0);
	assert_true(lay.bufsz > 0 && lay.bufsz <= lay.memsz);
	/* About 15 KiB of code (the unrolled SHA-256 is most of it, scalar
	 * XXH3 about 2 KiB) and a 4 KiB stack. */
	assert_true(lay.memsz <= 24576);
	assert_true(lay.align >= 1 && lay.align <= 4096);
	assert_int_equal(lay.align & (lay.align - 1), 0);
}

/* Every relocation is PC-relative inside the object, so apart from nothing
 * at all the bytes must not depend on the load address. */
static void test_build_addresses(void **state)
{
	static const uint64_t addrs[] = {
	    0x100000,
	    0x7fff0000,
	    0xfffff000,
	    UINT64_C(0x100200000),
	    UINT64_C(0x7ff000000000),
	};
	struct kx_purgatory_params p;
	struct kx_purgatory_image first, img;
	struct kx_purgatory_layout lay;
	size_t size;
	const void *obj = builtin(&size);

	simple_params(&p);
	assert_int_equal(kx_purgatory_layout(*state, obj, size, &lay), 0);
	assert_int_equal(
	    kx_purgatory_build(*state, obj, size, addrs[0], &p, &first), 0);
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		uint64_t start, params;
		struct kx_segment seg;

		assert_int_equal(
		    kx_purgatory_build(*state, obj, size, addrs[i], &p, &img),
		    0);
		assert_int_equal(img.mem, addrs[i]);
		assert_int_equal(img.bufsz, lay.bufsz);
		assert_int_equal(img.memsz, lay.memsz);
		assert_int_equal(
		    kx_purgatory_symbol(*state, obj, size, addrs[i],
					KX_PURGATORY_ENTRY_SYMBOL, &start),
		    0);
		assert_int_equal(img.entry, start);
		assert_int_equal(
		    kx_purgatory_symbol(*state, obj, size, addrs[i],
					KX_PURGATORY_PARAMS_SYMBOL, &params),
		    0);
		assert_int_equal(img.params, params);
		assert_true(img.params >= img.mem &&
			    img.params + sizeof(p) <= img.mem + img.bufsz);
		assert_memory_equal(img.buf + (img.params - img.mem), &p,
				    sizeof(p));
		assert_memory_equal(img.buf, first.buf, img.bufsz);
		kx_purgatory_segment(&img, &seg);
		assert_ptr_equal(seg.buf, img.buf);
		assert_int_equal(seg.bufsz, img.bufsz);
		assert_int_equal(seg.mem, img.mem);
		assert_int_equal(seg.memsz, img.memsz);
		kx_purgatory_image_free(&img);
	}
	kx_purgatory_image_free(&first);
}

static void test_unknown_symbol(void **state)
{
	size_t size;
	const void *obj = builtin(&size);
	uint64_t addr;

	assert_int_equal(kx_purgatory_symbol(*state, obj, size, 0x100000,
					     "no_such_symbol", &addr),
			 -ENOEXEC);
	assert_non_null(strstr(kx_ctx_message(*state), "no_such_symbol"));
}

/* ---- parameter checks --------------------------------------------------- */

static void expect_build_error(kx_ctx *ctx, uint64_t mem,
			       const struct kx_purgatory_params *p, int code,
			       const char *words)
{
	struct kx_purgatory_image img;
	size_t size;
	const void *obj = builtin(&size);

	assert_int_equal(kx_purgatory_build(ctx, obj, size, mem, p, &img),
			 code);
	assert_null(img.buf);
	if (!strstr(kx_ctx_message(ctx), words))
		fail_msg("message \"%s\" lacks \"%s\"", kx_ctx_message(ctx),
			 words);
}

static void test_params_refused(void **state)
{
	struct kx_purgatory_params p;
	uint8_t piece[64] = {1};

	memset(&p, 0, sizeof(p));
	expect_build_error(*state, 0x100000, &p, -EINVAL, "not initialised");
	simple_params(&p);
	p.entry = 0;
	expect_build_error(*state, 0x100000, &p, -EINVAL, "no entry point");
	simple_params(&p);
	p.flags = 0x80;
	expect_build_error(*state, 0x100000, &p, -EINVAL, "unknown flags");
	simple_params(&p);
	p.reset.space_id = 7;
	expect_build_error(*state, 0x100000, &p, -EINVAL, "address space 7");
	simple_params(&p);
	p.flags = KX_PURG_ENTRY32;
	p.entry = UINT64_C(0x100000000);
	expect_build_error(*state, 0x100000, &p, -EINVAL, "above 4 GiB");
	p.entry = 0x100000;
	expect_build_error(*state, 0xfffff000, &p, -EINVAL, "below 4 GiB");
	expect_build_error(*state, 0x100001, &p, -EINVAL, "not a multiple");
	simple_params(&p);
	/* The purgatory cannot verify itself: its parameters change after
	 * the digests are taken. */
	assert_int_equal(kx_purgatory_add_region(*state, &p, 0x100100, piece,
						 sizeof(piece), 4096, 0),
			 0);
	expect_build_error(*state, 0x100000, &p, -EINVAL, "overlaps");
	simple_params(&p);
	p.nr_regions = KX_PURGATORY_MAX_REGIONS + 1;
	expect_build_error(*state, 0x100000, &p, -EINVAL, "regions");
	/* Version 2's room for later: refused until implemented. */
	simple_params(&p);
	p.digest_alg = KX_PURG_DIGEST_XXH3_128 + 1;
	expect_build_error(*state, 0x100000, &p, -EINVAL,
			   "digest algorithm 2 is not implemented");
	simple_params(&p);
	p.console.type = 9;
	expect_build_error(*state, 0x100000, &p, -EINVAL, "console type 9");
	simple_params(&p);
	p.console.base = 0x10000;
	expect_build_error(*state, 0x100000, &p, -EINVAL, "beyond 0xffff");
	simple_params(&p);
	p.console.type = KX_PURG_CONSOLE_16550_MMIO;
	p.console.base = 0xfe001000;
	p.console.reg_width = 2;
	expect_build_error(*state, 0x100000, &p, -EINVAL, "width 2");
}

static void test_add_region(void **state)
{
	struct kx_purgatory_params p;
	uint8_t piece[100], digest[KX_SHA256_SIZE];

	memset(piece, 0x5a, sizeof(piece));
	simple_params(&p);
	assert_int_equal(kx_purgatory_add_region(*state, &p, 0x200000, piece,
						 sizeof(piece), 8192,
						 KX_PURG_REGION_SKIP_TAIL),
			 0);
	assert_int_equal(p.nr_regions, 1);
	assert_int_equal(p.regions[0].addr, 0x200000);
	assert_int_equal(p.regions[0].bufsz, sizeof(piece));
	assert_int_equal(p.regions[0].memsz, 8192);
	assert_int_equal(p.regions[0].flags, KX_PURG_REGION_SKIP_TAIL);
	kx_sha256(piece, sizeof(piece), digest);
	assert_memory_equal(p.regions[0].digest, digest, sizeof(digest));
	p.digest_alg = KX_PURG_DIGEST_XXH3_128;
	assert_int_equal(kx_purgatory_add_region(*state, &p, 0x300000, piece,
						 sizeof(piece), 100, 0),
			 0);
	memset(digest, 0, sizeof(digest));
	kx_xxh3_128(piece, sizeof(piece), digest);
	assert_memory_equal(p.regions[1].digest, digest, sizeof(digest));
	assert_int_equal(
	    kx_purgatory_add_region(*state, &p, 0, piece, 10, 9, 0), -EINVAL);
	assert_int_equal(kx_purgatory_add_region(*state, &p, UINT64_MAX - 10,
						 piece, 10, 100, 0),
			 -EINVAL);
	assert_int_equal(
	    kx_purgatory_add_region(*state, &p, 0, piece, 10, 10, 0x10),
	    -EINVAL);
	while (p.nr_regions < KX_PURGATORY_MAX_REGIONS)
		assert_int_equal(
		    kx_purgatory_add_region(*state, &p, 0, NULL, 0, 0, 0), 0);
	assert_int_equal(kx_purgatory_add_region(*state, &p, 0, NULL, 0, 0, 0),
			 -E2BIG);
}

/* ---- hand-made objects --------------------------------------------------- */

/* Sections of the synthetic object, in this order. */
enum { S_NULL, S_TEXT, S_DATA, S_BSS, S_RELA, S_SYMTAB, S_STRTAB, S_COUNT };
/* Symbols. */
enum { Y_NULL, Y_START, Y_PARAMS, Y_TARGET, Y_EXT, Y_COUNT };

#define TEXT_SIZE 32
#define BSS_SIZE  64
#define MAX_RELAS 4

static const char strtab[] = "\0kx_purgatory_start\0kx_purgatory_params\0"
			     "target\0ext";

struct synth {
	uint8_t *data;
	size_t size;
	size_t rela_off;
	size_t params_off;
};

/* A minimal purgatory: .text (the entry), .data (the params), .bss (a
 * target), relocations against .text.  The caller may edit the bytes. */
static void synth_make(struct synth *s, const Elf64_Rela *relas, size_t n)
{
	struct kx_purgatory_params params;
	Elf64_Shdr sh[S_COUNT];
	Elf64_Sym sym[Y_COUNT];
	Elf64_Ehdr eh;
	size_t off = sizeof(eh), text, data, rela, symtab, str, shoff;

	memset(sh, 0, sizeof(sh));
	memset(sym, 0, sizeof(sym));
	memset(&eh, 0, sizeof(eh));
	text = off, off += TEXT_SIZE;
	data = off, off += sizeof(params);
	off = (off + 7) & ~(size_t)7;
	rela = off, off += n * sizeof(Elf64_Rela);
	symtab = off, off += sizeof(sym);
	str = off, off += sizeof(strtab);
	off = (off + 7) & ~(size_t)7;
	shoff = off, off += sizeof(sh);

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_REL;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_ehsize = sizeof(eh);
	eh.e_shoff = shoff;
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = S_COUNT;

	sh[S_TEXT] = (Elf64_Shdr){.sh_type = SHT_PROGBITS,
				  .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
				  .sh_offset = text,
				  .sh_size = TEXT_SIZE,
				  .sh_addralign = 16};
	sh[S_DATA] = (Elf64_Shdr){.sh_type = SHT_PROGBITS,
				  .sh_flags = SHF_ALLOC | SHF_WRITE,
				  .sh_offset = data,
				  .sh_size = sizeof(params),
				  .sh_addralign = 8};
	sh[S_BSS] = (Elf64_Shdr){.sh_type = SHT_NOBITS,
				 .sh_flags = SHF_ALLOC | SHF_WRITE,
				 .sh_size = BSS_SIZE,
				 .sh_addralign = 64};
	sh[S_RELA] = (Elf64_Shdr){.sh_type = SHT_RELA,
				  .sh_flags = SHF_INFO_LINK,
				  .sh_offset = rela,
				  .sh_size = n * sizeof(Elf64_Rela),
				  .sh_link = S_SYMTAB,
				  .sh_info = S_TEXT,
				  .sh_entsize = sizeof(Elf64_Rela),
				  .sh_addralign = 8};
	sh[S_SYMTAB] = (Elf64_Shdr){.sh_type = SHT_SYMTAB,
				    .sh_offset = symtab,
				    .sh_size = sizeof(sym),
				    .sh_link = S_STRTAB,
				    .sh_info = 1,
				    .sh_entsize = sizeof(Elf64_Sym),
				    .sh_addralign = 8};
	sh[S_STRTAB] = (Elf64_Shdr){.sh_type = SHT_STRTAB,
				    .sh_offset = str,
				    .sh_size = sizeof(strtab),
				    .sh_addralign = 1};

	sym[Y_START] =
	    (Elf64_Sym){.st_name = 1,
			.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
			.st_shndx = S_TEXT};
	sym[Y_PARAMS] =
	    (Elf64_Sym){.st_name = 20,
			.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
			.st_shndx = S_DATA,
			.st_size = sizeof(params)};
	sym[Y_TARGET] =
	    (Elf64_Sym){.st_name = 40,
			.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
			.st_shndx = S_BSS,
			.st_value = 16};
	sym[Y_EXT] =
	    (Elf64_Sym){.st_name = 47,
			.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE),
			.st_shndx = SHN_UNDEF};

	s->size = off;
	s->data = calloc(1, off);
	assert_non_null(s->data);
	kx_purgatory_params_init(&params);
	memcpy(s->data, &eh, sizeof(eh));
	memset(s->data + text, 0x90, TEXT_SIZE);
	memcpy(s->data + data, &params, sizeof(params));
	if (n)
		memcpy(s->data + rela, relas, n * sizeof(Elf64_Rela));
	memcpy(s->data + symtab, sym, sizeof(sym));
	memcpy(s->data + str, strtab, sizeof(strtab));
	memcpy(s->data + shoff, sh, sizeof(sh));
	s->rela_off = rela;
	s->params_off = data;
}

static Elf64_Rela rela(uint64_t off, unsigned symbol, unsigned type,
		       int64_t addend)
{
	return (Elf64_Rela){.r_offset = off,
			    .r_info = ELF64_R_INFO(symbol, type),
			    .r_addend = addend};
}

static int synth_build(kx_ctx *ctx, const struct synth *s, uint64_t mem,
		       struct kx_purgatory_image *img)
{
	struct kx_purgatory_params p;

	simple_params(&p);
	return kx_purgatory_build(ctx, s->data, s->size, mem, &p, img);
}

static int32_t load_le32(const uint8_t *p)
{
	return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
			 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

/* S + A - P, with .text at 0, .data at 32, .bss after it aligned to 64. */
static void test_relocation_values(void **state)
{
	const Elf64_Rela r[] = {
	    rela(0, Y_TARGET, R_X86_64_PC32, -4),
	    rela(8, Y_START, R_X86_64_PLT32, -4),
	    rela(12, Y_PARAMS, R_X86_64_PC32, 24),
	};
	static const uint64_t addrs[] = {0x1000, UINT64_C(0x100000000),
					 UINT64_C(0xffffffff00000000)};
	struct kx_purgatory_layout lay;
	struct synth s;

	synth_make(&s, r, 3);
	assert_int_equal(kx_purgatory_layout(*state, s.data, s.size, &lay), 0);
	assert_int_equal(lay.bufsz,
			 TEXT_SIZE + sizeof(struct kx_purgatory_params));
	assert_int_equal(lay.memsz, ((lay.bufsz + 63) & ~63ull) + BSS_SIZE);
	assert_int_equal(lay.align, 64);
	for (size_t i = 0; i < 3; i++) {
		struct kx_purgatory_image img;
		uint64_t bss = (lay.bufsz + 63) & ~63ull;

		assert_int_equal(synth_build(*state, &s, addrs[i], &img), 0);
		assert_int_equal(img.entry, addrs[i]);
		assert_int_equal(img.params, addrs[i] + TEXT_SIZE);
		assert_int_equal(load_le32(img.buf + 0),
				 (int32_t)(bss + 16 - 4 - 0));
		assert_int_equal(load_le32(img.buf + 8), (int32_t)(0 - 4 - 8));
		assert_int_equal(load_le32(img.buf + 12),
				 (int32_t)(TEXT_SIZE + 24 - 12));
		/* Untouched bytes stay as the object had them. */
		assert_int_equal(img.buf[4], 0x90);
		kx_purgatory_image_free(&img);
	}
	free(s.data);
}

static void expect_synth_error(kx_ctx *ctx, const struct synth *s,
			       const char *words)
{
	struct kx_purgatory_image img;

	assert_int_equal(synth_build(ctx, s, 0x100000, &img), -ENOEXEC);
	assert_null(img.buf);
	if (!strstr(kx_ctx_message(ctx), words))
		fail_msg("message \"%s\" lacks \"%s\"", kx_ctx_message(ctx),
			 words);
}

static void test_relocation_refused(void **state)
{
	struct synth s;
	Elf64_Rela r;

	r = rela(0, Y_TARGET, R_X86_64_64, 0);
	synth_make(&s, &r, 1);
	expect_synth_error(*state, &s, "relocation type 1 ");
	free(s.data);
	r = rela(0, Y_TARGET, R_X86_64_GOTPCREL, 0);
	synth_make(&s, &r, 1);
	expect_synth_error(*state, &s, "relocation type 9 ");
	free(s.data);
	r = rela(0, Y_EXT, R_X86_64_PC32, -4);
	synth_make(&s, &r, 1);
	expect_synth_error(*state, &s, "undefined symbol ext");
	free(s.data);
	r = rela(TEXT_SIZE - 3, Y_TARGET, R_X86_64_PC32, -4);
	synth_make(&s, &r, 1);
	expect_synth_error(*state, &s, "relocation past its section");
	free(s.data);
	r = rela(0, Y_COUNT, R_X86_64_PC32, -4);
	synth_make(&s, &r, 1);
	expect_synth_error(*state, &s, "symbol index out of range");
	free(s.data);
	r = rela(0, Y_TARGET, R_X86_64_PC32, INT64_C(0x80000000));
	synth_make(&s, &r, 1);
	expect_synth_error(*state, &s, "offset 0x0 out of range");
	free(s.data);
}

static void test_object_refused(void **state)
{
	struct kx_purgatory_params params;
	struct synth s;
	Elf64_Ehdr *eh;

	synth_make(&s, NULL, 0);
	/* Built from another params.h. */
	memcpy(&params, s.data + s.params_off, sizeof(params));
	params.version = KX_PURGATORY_VERSION + 1;
	memcpy(s.data + s.params_off, &params, sizeof(params));
	expect_synth_error(*state, &s, "parameters version");
	free(s.data);

	synth_make(&s, NULL, 0);
	eh = (Elf64_Ehdr *)s.data;
	eh->e_machine = EM_386;
	expect_synth_error(*state, &s, "x86_64");
	eh->e_machine = EM_X86_64;
	eh->e_type = ET_EXEC;
	expect_synth_error(*state, &s, "relocatable");
	eh->e_type = ET_REL;
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	expect_synth_error(*state, &s, "ELF64");
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_shoff = s.size;
	expect_synth_error(*state, &s, "section headers past the end");
	free(s.data);
}

static void test_missing_symbols(void **state)
{
	struct synth s;
	char *name;

	synth_make(&s, NULL, 0);
	name = memmem(s.data, s.size, "kx_purgatory_start", 18);
	assert_non_null(name);
	name[0] = 'X';
	expect_synth_error(*state, &s, "no symbol kx_purgatory_start");
	free(s.data);
	synth_make(&s, NULL, 0);
	name = memmem(s.data, s.size, "kx_purgatory_params", 19);
	assert_non_null(name);
	name[0] = 'X';
	expect_synth_error(*state, &s, "no symbol kx_purgatory_params");
	free(s.data);
}

/* Every prefix of the real object and every single-byte change of its ELF
 * header and section headers: refused or accepted, never a crash (the
 * sanitizer build checks the reads). */
static void test_malformed_real_object(void **state)
{
	size_t size;
	const uint8_t *obj = builtin(&size);
	struct kx_purgatory_params p;
	struct kx_purgatory_image img;
	uint8_t *copy = malloc(size);
	Elf64_Ehdr eh;

	assert_non_null(copy);
	simple_params(&p);
	for (size_t n = 0; n < size; n++) {
		memcpy(copy, obj, n);
		assert_true(kx_purgatory_build(*state, copy, n, 0x100000, &p,
					       &img) < 0);
	}
	memcpy(&eh, obj, sizeof(eh));
	for (size_t i = 0; i < size; i++) {
		int ret;

		if (i >= sizeof(eh) &&
		    (i < eh.e_shoff || i >= eh.e_shoff + eh.e_shnum * 64u))
			continue;
		memcpy(copy, obj, size);
		copy[i] ^= 0xa5;
		ret =
		    kx_purgatory_build(*state, copy, size, 0x100000, &p, &img);
		assert_true(ret == 0 || ret == -ENOEXEC || ret == -EINVAL);
		kx_purgatory_image_free(&img);
	}
	free(copy);
}

/* ---- the relocated purgatory, run in this process ------------------------ */

typedef int verify_fn(const struct kx_purgatory_params *,
		      struct kx_purgatory_failure *);
typedef size_t format_fn(char *, size_t, const struct kx_purgatory_params *,
			 const struct kx_purgatory_failure *);
typedef uintptr_t nonzero_fn(uintptr_t, uintptr_t);
typedef void sha256_fn(const void *, size_t, uint8_t *);
typedef void xxh3_fn(const void *, size_t, uint8_t *);

struct live {
	uint8_t *mem; /* the mapping, at the load address */
	size_t len;
	struct kx_purgatory_params *params; /* inside the mapping */
	verify_fn *verify;
	format_fn *format;
	nonzero_fn *nonzero;
	sha256_fn *sha256;
	xxh3_fn *xxh3;
};

static void *live_symbol(kx_ctx *ctx, const struct live *l, const char *name)
{
	size_t size;
	const void *obj = builtin(&size);
	uint64_t addr;

	assert_int_equal(
	    kx_purgatory_symbol(ctx, obj, size, (uintptr_t)l->mem, name, &addr),
	    0);
	return (void *)(uintptr_t)addr;
}

/* Map the purgatory at HINT (or anywhere when 0), relocated for where it
 * lands.  Returns 0 when this host refuses executable mappings. */
static int live_load(kx_ctx *ctx, struct live *l, uintptr_t hint,
		     const struct kx_purgatory_params *p)
{
	struct kx_purgatory_layout lay;
	struct kx_purgatory_image img;
	size_t size;
	const void *obj = builtin(&size);
	void *m;

	assert_int_equal(kx_purgatory_layout(ctx, obj, size, &lay), 0);
	l->len = (lay.memsz + 4095) & ~(size_t)4095;
	m = mmap((void *)hint, l->len, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | (hint ? MAP_FIXED_NOREPLACE : 0),
		 -1, 0);
	if (m == MAP_FAILED)
		return 0;
	if (hint && m != (void *)hint) { /* a kernel without NOREPLACE */
		munmap(m, l->len);
		return 0;
	}
	l->mem = m;
	assert_int_equal(
	    kx_purgatory_build(ctx, obj, size, (uintptr_t)m, p, &img), 0);
	memcpy(l->mem, img.buf, img.bufsz);
	l->params = (void *)(uintptr_t)img.params;
	kx_purgatory_image_free(&img);
	l->verify = (verify_fn *)live_symbol(ctx, l, "kx_purgatory_verify");
	l->format =
	    (format_fn *)live_symbol(ctx, l, "kx_purgatory_format_failure");
	l->nonzero =
	    (nonzero_fn *)live_symbol(ctx, l, "kx_purgatory_find_nonzero");
	l->sha256 = (sha256_fn *)live_symbol(ctx, l, "kx_sha256");
	l->xxh3 = (xxh3_fn *)live_symbol(ctx, l, "kx_xxh3_128");
	return 1;
}

static void live_unload(struct live *l)
{
	munmap(l->mem, l->len);
}

#define PIECE 10000
#define TAIL  5000

struct pieces {
	uint8_t *a; /* PIECE bytes of data, then TAIL zero bytes */
	uint8_t *b; /* 4096 zero bytes, nothing hashed */
	uint8_t *c; /* 100 bytes of data, then a dirty tail (SKIP_TAIL) */
};

static void pieces_params(kx_ctx *ctx, struct pieces *pc,
			  struct kx_purgatory_params *p, uint8_t alg)
{
	pc->a = calloc(1, PIECE + TAIL);
	pc->b = calloc(1, 4096);
	pc->c = malloc(300);
	assert_true(pc->a && pc->b && pc->c);
	for (size_t i = 0; i < PIECE; i++)
		pc->a[i] = (uint8_t)(i * 13 + 1);
	memset(pc->c, 0xee, 300);
	simple_params(p);
	p->digest_alg = alg;
	assert_int_equal(kx_purgatory_add_region(ctx, p, (uintptr_t)pc->a,
						 pc->a, PIECE, PIECE + TAIL, 0),
			 0);
	assert_int_equal(
	    kx_purgatory_add_region(ctx, p, (uintptr_t)pc->b, NULL, 0, 4096, 0),
	    0);
	assert_int_equal(kx_purgatory_add_region(ctx, p, (uintptr_t)pc->c,
						 pc->c, 100, 300,
						 KX_PURG_REGION_SKIP_TAIL),
			 0);
}

static void pieces_free(struct pieces *pc)
{
	free(pc->a);
	free(pc->b);
	free(pc->c);
}

static void hexstr(const uint8_t *d, unsigned n, char *out)
{
	out[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* Each algorithm: its name in the report and the bytes of its digest. */
static const struct {
	uint8_t alg;
	const char *name;
	unsigned size;
} algs[] = {
    {KX_PURG_DIGEST_SHA256, "sha256", KX_SHA256_SIZE},
    {KX_PURG_DIGEST_XXH3_128, "xxh3-128", KX_XXH3_SIZE},
};

static void run_live_checks(kx_ctx *ctx, uintptr_t hint, unsigned a)
{
	struct kx_purgatory_failure f;
	struct kx_purgatory_params p;
	struct pieces pc;
	struct live l;
	char line[256], want[256], exp_hex[65], got_hex[65];

	pieces_params(ctx, &pc, &p, algs[a].alg);
	if (!live_load(ctx, &l, hint, &p)) {
		pieces_free(&pc);
		th_skip("cannot map the purgatory executable at %#lx",
			(unsigned long)hint);
	}
	if (hint)
		assert_ptr_equal(l.mem, (void *)hint);

	/* Correct pieces pass. */
	assert_int_equal(l.verify(l.params, &f), 0);
	assert_int_equal(f.fault, KX_PURG_FAULT_NONE);

	/* One flipped byte is named with both digests. */
	pc.a[1234] ^= 1;
	assert_int_equal(l.verify(l.params, &f), -1);
	assert_int_equal(f.fault, KX_PURG_FAULT_DIGEST);
	assert_int_equal(f.region, 0);
	assert_int_equal(f.addr, (uintptr_t)pc.a);
	l.format(line, sizeof(line), l.params, &f);
	hexstr(p.regions[0].digest, algs[a].size, exp_hex);
	hexstr(f.got, algs[a].size, got_hex);
	snprintf(want, sizeof(want),
		 "purgatory: %s mismatch in region 0 at 0x%" PRIxPTR
		 ", expected %s, got %s\r\n",
		 algs[a].name, (uintptr_t)pc.a, exp_hex, got_hex);
	assert_string_equal(line, want);
	assert_memory_not_equal(p.regions[0].digest, f.got, algs[a].size);

	/* -i skips the check. */
	l.params->flags |= KX_PURG_NO_CHECKS;
	assert_int_equal(l.verify(l.params, &f), 0);
	l.params->flags &= ~KX_PURG_NO_CHECKS;
	pc.a[1234] ^= 1;
	assert_int_equal(l.verify(l.params, &f), 0);

	/* A dirty zero tail is found, to the byte. */
	pc.b[4095] = 1;
	assert_int_equal(l.verify(l.params, &f), -1);
	assert_int_equal(f.fault, KX_PURG_FAULT_TAIL);
	assert_int_equal(f.region, 1);
	assert_int_equal(f.addr, (uintptr_t)pc.b + 4095);
	l.format(line, sizeof(line), l.params, &f);
	snprintf(want, sizeof(want),
		 "purgatory: non-zero byte in the zero tail of region 1 at "
		 "0x%" PRIxPTR "\r\n",
		 (uintptr_t)pc.b + 4095);
	assert_string_equal(line, want);
	pc.b[4095] = 0;
	pc.a[PIECE + 17] = 0x80;
	assert_int_equal(l.verify(l.params, &f), -1);
	assert_int_equal(f.region, 0);
	assert_int_equal(f.addr, (uintptr_t)pc.a + PIECE + 17);
	pc.a[PIECE + 17] = 0;

	/* Region 2's tail is dirty but skipped; its data is still checked. */
	pc.c[99] ^= 0xff;
	assert_int_equal(l.verify(l.params, &f), -1);
	assert_int_equal(f.region, 2);
	pc.c[99] ^= 0xff;
	assert_int_equal(l.verify(l.params, &f), 0);

	/* Parameters the loader never wrote. */
	l.params->magic = 0;
	assert_int_equal(l.verify(l.params, &f), -1);
	assert_int_equal(f.fault, KX_PURG_FAULT_PARAMS);
	l.format(line, sizeof(line), l.params, &f);
	assert_string_equal(line, "purgatory: bad parameters\r\n");
	l.params->magic = KX_PURGATORY_MAGIC;
	l.params->regions[1].bufsz = 4097;
	assert_int_equal(l.verify(l.params, &f), -1);
	l.format(line, sizeof(line), l.params, &f);
	assert_string_equal(line, "purgatory: bad parameters in region 1\r\n");

	/* A short buffer truncates the line but stays terminated. */
	assert_int_equal(l.format(line, 12, l.params, &f), 11);
	assert_string_equal(line, "purgatory: ");

	live_unload(&l);
	pieces_free(&pc);
}

static void test_live_low(void **state)
{
	for (unsigned a = 0; a < 2; a++)
		run_live_checks(*state, 0x40000000, a);
}

static void test_live_high(void **state)
{
	for (unsigned a = 0; a < 2; a++)
		run_live_checks(*state, 0, a);
}

/* The purgatory's compiled SHA-256 and zero scan against the library's. */
static void test_live_primitives(void **state)
{
	struct kx_purgatory_params p;
	struct live l;
	uint8_t buf[300], want[KX_SHA256_SIZE], got[KX_SHA256_SIZE];

	simple_params(&p);
	if (!live_load(*state, &l, 0, &p))
		th_skip("cannot map the purgatory executable");
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i ^ 0x3c);
	for (size_t n = 0; n <= sizeof(buf); n += 7) {
		kx_sha256(buf, n, want);
		l.sha256(buf, n, got);
		assert_memory_equal(want, got, sizeof(want));
		/* Scalar XXH3 there, vector code here: the same digest. */
		kx_xxh3_128(buf, n, want);
		l.xxh3(buf, n, got);
		assert_memory_equal(want, got, KX_XXH3_SIZE);
	}
	memset(buf, 0, sizeof(buf));
	for (size_t start = 0; start < 16; start++)
		for (size_t end = start; end < sizeof(buf); end += 5) {
			uintptr_t s = (uintptr_t)buf + start;
			uintptr_t e = (uintptr_t)buf + end;

			assert_int_equal(l.nonzero(s, e), e);
			for (size_t k = start; k < end; k += 3) {
				buf[k] = 1;
				assert_int_equal(l.nonzero(s, e),
						 (uintptr_t)buf + k);
				buf[k] = 0;
			}
		}
	live_unload(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_builtin_layout),
	    cmocka_unit_test(test_build_addresses),
	    cmocka_unit_test(test_unknown_symbol),
	    cmocka_unit_test(test_params_refused),
	    cmocka_unit_test(test_add_region),
	    cmocka_unit_test(test_relocation_values),
	    cmocka_unit_test(test_relocation_refused),
	    cmocka_unit_test(test_object_refused),
	    cmocka_unit_test(test_missing_symbols),
	    cmocka_unit_test(test_malformed_real_object),
	    cmocka_unit_test(test_live_low),
	    cmocka_unit_test(test_live_high),
	    cmocka_unit_test(test_live_primitives),
	};

	return th_exit(cmocka_run_group_tests(tests, setup_ctx, teardown_ctx));
}
