/* Loading the purgatory object: lay out its allocated sections, apply its
 * relocations for one load address, write its parameters.
 *
 * The object is our own (embedded at build time), but it is parsed as if
 * hostile: every offset, size and index is checked before use, headers are
 * copied out rather than cast (the bytes need not be aligned), and only the
 * relocation types the object is known to use are accepted.  The purgatory
 * is built -fpie with hidden symbols, so every relocation is PC-relative
 * inside the object: the result does not depend on where it loads, any
 * address works, including above 4 GiB. */
#include "segment/purgatory.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "segment/sha256.h"
#include "segment/xxh3.h"

#define PFX	     "purgatory: "
#define MAX_SECTIONS 64
#define MAX_IMAGE    (1u << 20) /* the real one is a few KiB */
#define MAX_ALIGN    4096
#define NOT_PLACED   UINT64_MAX
#define FOUR_GIB     (UINT64_C(1) << 32)

/* The object, checked once. */
struct obj {
	const uint8_t *data;
	size_t size;
	Elf64_Shdr *sh;	 /* copies of the section headers */
	uint64_t *place; /* image offset of each section, or NOT_PLACED */
	unsigned nsec;
	unsigned symtab;
	uint64_t nsyms;
	const char *strtab;
	uint64_t strsz;
	uint64_t bufsz, memsz, align;
};

static int in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int bad(kx_ctx *ctx, const char *what)
{
	return kx_fail(ctx, -ENOEXEC, PFX "malformed object: %s", what);
}

static int read_header(kx_ctx *ctx, struct obj *o, Elf64_Ehdr *eh)
{
	if (o->size < sizeof(*eh))
		return bad(ctx, "shorter than an ELF header");
	memcpy(eh, o->data, sizeof(*eh));
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return bad(ctx, "not ELF");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_type != ET_REL ||
	    eh->e_machine != EM_X86_64)
		return bad(ctx, "not a little-endian x86_64 relocatable ELF64");
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shnum < 2 ||
	    eh->e_shnum > MAX_SECTIONS)
		return bad(ctx, "section header table size");
	if (!in_bounds(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr),
		       o->size))
		return bad(ctx, "section headers past the end");
	return 0;
}

static int read_sections(kx_ctx *ctx, struct obj *o, const Elf64_Ehdr *eh)
{
	unsigned i;

	o->nsec = eh->e_shnum;
	o->sh = calloc(o->nsec, sizeof(*o->sh));
	o->place = calloc(o->nsec, sizeof(*o->place));
	if (!o->sh || !o->place)
		return kx_fail(ctx, -ENOMEM, PFX "out of memory");
	memcpy(o->sh, o->data + eh->e_shoff, o->nsec * sizeof(*o->sh));
	for (i = 0; i < o->nsec; i++)
		o->place[i] = NOT_PLACED;
	return 0;
}

/* Contents first and .bss last, so the image's bytes end at bufsz and the
 * kernel's zero fill of the segment past bufsz provides .bss. */
static int place_sections(kx_ctx *ctx, struct obj *o)
{
	uint64_t end = 0;
	unsigned pass, i;

	o->align = 1;
	for (pass = 0; pass < 2; pass++) {
		for (i = 1; i < o->nsec; i++) {
			const Elf64_Shdr *s = &o->sh[i];
			uint64_t a = s->sh_addralign ? s->sh_addralign : 1;

			if (!(s->sh_flags & SHF_ALLOC) ||
			    (s->sh_type == SHT_NOBITS) != (pass == 1))
				continue;
			if (s->sh_flags & SHF_TLS)
				return bad(ctx, "thread-local section");
			if ((a & (a - 1)) || a > MAX_ALIGN)
				return bad(ctx, "section alignment");
			if (pass == 0 &&
			    !in_bounds(s->sh_offset, s->sh_size, o->size))
				return bad(ctx,
					   "section contents past the end");
			end = (end + a - 1) & ~(a - 1);
			if (s->sh_size > MAX_IMAGE ||
			    end + s->sh_size > MAX_IMAGE)
				return bad(ctx, "larger than 1 MiB");
			o->place[i] = end;
			end += s->sh_size;
			if (a > o->align)
				o->align = a;
		}
		if (pass == 0)
			o->bufsz = end;
	}
	o->memsz = end;
	return 0;
}

static int find_symtab(kx_ctx *ctx, struct obj *o)
{
	const Elf64_Shdr *sym = NULL, *str;
	unsigned i;

	for (i = 1; i < o->nsec; i++) {
		if (o->sh[i].sh_type != SHT_SYMTAB)
			continue;
		if (sym)
			return bad(ctx, "two symbol tables");
		sym = &o->sh[i];
		o->symtab = i;
	}
	if (!sym)
		return bad(ctx, "no symbol table");
	if (sym->sh_entsize != sizeof(Elf64_Sym) ||
	    sym->sh_size % sizeof(Elf64_Sym) ||
	    !in_bounds(sym->sh_offset, sym->sh_size, o->size))
		return bad(ctx, "symbol table");
	if (sym->sh_link == 0 || sym->sh_link >= o->nsec)
		return bad(ctx, "symbol table without strings");
	str = &o->sh[sym->sh_link];
	/* A final NUL makes every in-range st_name a terminated string. */
	if (str->sh_type != SHT_STRTAB || str->sh_size == 0 ||
	    !in_bounds(str->sh_offset, str->sh_size, o->size) ||
	    o->data[str->sh_offset + str->sh_size - 1] != '\0')
		return bad(ctx, "symbol string table");
	o->nsyms = sym->sh_size / sizeof(Elf64_Sym);
	o->strtab = (const char *)o->data + str->sh_offset;
	o->strsz = str->sh_size;
	return 0;
}

static void obj_close(struct obj *o)
{
	free(o->sh);
	free(o->place);
}

static int obj_open(kx_ctx *ctx, const void *data, size_t size, struct obj *o)
{
	Elf64_Ehdr eh;
	int ret;

	memset(o, 0, sizeof(*o));
	o->data = data;
	o->size = data ? size : 0;
	ret = read_header(ctx, o, &eh);
	if (!ret)
		ret = read_sections(ctx, o, &eh);
	if (!ret)
		ret = place_sections(ctx, o);
	if (!ret)
		ret = find_symtab(ctx, o);
	if (ret)
		obj_close(o);
	return ret;
}

static int read_sym(const struct obj *o, uint64_t i, Elf64_Sym *sym)
{
	if (i >= o->nsyms)
		return 0;
	memcpy(sym, o->data + o->sh[o->symtab].sh_offset + i * sizeof(*sym),
	       sizeof(*sym));
	return 1;
}

static const char *sym_name(const struct obj *o, const Elf64_Sym *sym)
{
	if (sym->st_name >= o->strsz)
		return "?";
	return sym->st_name ? o->strtab + sym->st_name : "(unnamed)";
}

static int sym_value(kx_ctx *ctx, const struct obj *o, uint64_t mem,
		     const Elf64_Sym *sym, uint64_t *addr)
{
	const char *name = sym_name(o, sym);

	if (sym->st_shndx == SHN_UNDEF)
		return kx_fail(ctx, -ENOEXEC, PFX "undefined symbol %s", name);
	if (sym->st_shndx == SHN_ABS) {
		*addr = sym->st_value;
		return 0;
	}
	if (sym->st_shndx == SHN_COMMON)
		return kx_fail(ctx, -ENOEXEC,
			       PFX "common symbol %s (build with -fno-common)",
			       name);
	if (sym->st_shndx >= o->nsec || o->place[sym->st_shndx] == NOT_PLACED)
		return kx_fail(ctx, -ENOEXEC,
			       PFX "symbol %s is not in a loaded section",
			       name);
	if (sym->st_value > o->sh[sym->st_shndx].sh_size)
		return kx_fail(ctx, -ENOEXEC,
			       PFX "symbol %s lies past its section", name);
	*addr = mem + o->place[sym->st_shndx] + sym->st_value;
	return 0;
}

/* A defined symbol by name, with its section index. */
static int find_sym(kx_ctx *ctx, const struct obj *o, const char *name,
		    Elf64_Sym *sym)
{
	uint64_t i;

	for (i = 1; read_sym(o, i, sym); i++)
		if (sym->st_name < o->strsz && sym->st_shndx != SHN_UNDEF &&
		    strcmp(o->strtab + sym->st_name, name) == 0)
			return 0;
	return kx_fail(ctx, -ENOEXEC, PFX "no symbol %s in the object", name);
}

/* Only the two types the purgatory uses.  PLT32 is computed as PC32: there
 * is no PLT, a call's target is the function itself, inside the object. */
static int apply_rela(kx_ctx *ctx, const struct obj *o, uint8_t *img,
		      uint64_t mem, unsigned target, const Elf64_Rela *r)
{
	uint32_t type = ELF64_R_TYPE(r->r_info);
	Elf64_Sym sym;
	uint64_t s, p;
	int64_t v;
	int ret;

	if (type != R_X86_64_PC32 && type != R_X86_64_PLT32)
		return kx_fail(ctx, -ENOEXEC,
			       PFX "relocation type %" PRIu32 " in section %u "
				   "is not supported (only R_X86_64_PC32 and "
				   "R_X86_64_PLT32)",
			       type, target);
	if (!in_bounds(r->r_offset, 4, o->sh[target].sh_size))
		return bad(ctx, "relocation past its section");
	if (!read_sym(o, ELF64_R_SYM(r->r_info), &sym))
		return bad(ctx, "relocation symbol index out of range");
	ret = sym_value(ctx, o, mem, &sym, &s);
	if (ret)
		return ret;
	p = mem + o->place[target] + r->r_offset;
	v = (int64_t)(s + (uint64_t)r->r_addend - p);
	if (v < INT32_MIN || v > INT32_MAX)
		return kx_fail(ctx, -ENOEXEC,
			       PFX "relocation at section %u offset 0x%" PRIx64
				   " out of range",
			       target, (uint64_t)r->r_offset);
	put_le32(img + o->place[target] + r->r_offset, (uint32_t)v);
	return 0;
}

static int apply_rela_section(kx_ctx *ctx, const struct obj *o, uint8_t *img,
			      uint64_t mem, const Elf64_Shdr *rs)
{
	unsigned target = rs->sh_info;
	uint64_t i, n;
	Elf64_Rela r;
	int ret;

	if (target == 0 || target >= o->nsec)
		return bad(ctx, "relocation section target");
	/* Debug information is not loaded; its relocations do not matter. */
	if (o->place[target] == NOT_PLACED)
		return 0;
	if (o->sh[target].sh_type == SHT_NOBITS)
		return bad(ctx, "relocations against .bss");
	if (rs->sh_link != o->symtab || rs->sh_entsize != sizeof(r) ||
	    rs->sh_size % sizeof(r) ||
	    !in_bounds(rs->sh_offset, rs->sh_size, o->size))
		return bad(ctx, "relocation section");
	n = rs->sh_size / sizeof(r);
	for (i = 0; i < n; i++) {
		memcpy(&r, o->data + rs->sh_offset + i * sizeof(r), sizeof(r));
		ret = apply_rela(ctx, o, img, mem, target, &r);
		if (ret)
			return ret;
	}
	return 0;
}

static int relocate(kx_ctx *ctx, const struct obj *o, uint8_t *img,
		    uint64_t mem)
{
	unsigned i;
	int ret;

	for (i = 1; i < o->nsec; i++) {
		const Elf64_Shdr *s = &o->sh[i];

		if (s->sh_type == SHT_REL && s->sh_info < o->nsec &&
		    o->place[s->sh_info] != NOT_PLACED)
			return bad(ctx,
				   "SHT_REL relocations (x86_64 uses RELA)");
		if (s->sh_type != SHT_RELA)
			continue;
		ret = apply_rela_section(ctx, o, img, mem, s);
		if (ret)
			return ret;
	}
	return 0;
}

static void copy_sections(const struct obj *o, uint8_t *img)
{
	unsigned i;

	for (i = 1; i < o->nsec; i++)
		if (o->place[i] != NOT_PLACED && o->sh[i].sh_type != SHT_NOBITS)
			memcpy(img + o->place[i], o->data + o->sh[i].sh_offset,
			       o->sh[i].sh_size);
}

/* The image offset of the params symbol, after checking that the object
 * was built from our params.h. */
static int params_offset(kx_ctx *ctx, const struct obj *o, const uint8_t *img,
			 uint64_t *off)
{
	struct kx_purgatory_params built;
	Elf64_Sym sym;
	int ret;

	ret = find_sym(ctx, o, KX_PURGATORY_PARAMS_SYMBOL, &sym);
	if (ret)
		return ret;
	if (sym.st_shndx >= o->nsec || o->place[sym.st_shndx] == NOT_PLACED ||
	    o->sh[sym.st_shndx].sh_type == SHT_NOBITS ||
	    sym.st_size != sizeof(built) ||
	    !in_bounds(sym.st_value, sizeof(built),
		       o->sh[sym.st_shndx].sh_size))
		return bad(ctx,
			   KX_PURGATORY_PARAMS_SYMBOL " is not an "
						      "initialised struct");
	*off = o->place[sym.st_shndx] + sym.st_value;
	memcpy(&built, img + *off, sizeof(built));
	if (built.magic != KX_PURGATORY_MAGIC ||
	    built.version != KX_PURGATORY_VERSION ||
	    built.size != sizeof(built))
		return kx_fail(ctx, -ENOEXEC,
			       PFX "object built for parameters version %u "
				   "(%u bytes), the library has version %u "
				   "(%zu bytes)",
			       built.version, built.size, KX_PURGATORY_VERSION,
			       sizeof(built));
	return 0;
}

static int entry_address(kx_ctx *ctx, const struct obj *o, uint64_t mem,
			 uint64_t *entry)
{
	Elf64_Sym sym;
	int ret;

	ret = find_sym(ctx, o, KX_PURGATORY_ENTRY_SYMBOL, &sym);
	if (ret)
		return ret;
	if (sym.st_shndx >= o->nsec ||
	    !(o->sh[sym.st_shndx].sh_flags & SHF_EXECINSTR))
		return bad(ctx, KX_PURGATORY_ENTRY_SYMBOL " is not code");
	return sym_value(ctx, o, mem, &sym, entry);
}

static int check_region(kx_ctx *ctx, const struct kx_purgatory_region *r,
			uint32_t i, uint64_t mem, uint64_t memsz)
{
	if (r->bufsz > r->memsz || r->addr + r->memsz < r->addr)
		return kx_fail(ctx, -EINVAL, PFX "region %" PRIu32 ": bad size",
			       i);
	if (r->flags & ~(uint32_t)KX_PURG_REGION_SKIP_TAIL)
		return kx_fail(ctx, -EINVAL,
			       PFX "region %" PRIu32
				   ": unknown flags 0x%" PRIx32,
			       i, r->flags);
	/* The purgatory's own bytes change after hashing (its parameters). */
	if (r->addr < mem + memsz && mem < r->addr + r->memsz)
		return kx_fail(ctx, -EINVAL,
			       PFX "region %" PRIu32 " at 0x%" PRIx64
				   " overlaps the purgatory at 0x%" PRIx64,
			       i, r->addr, mem);
	return 0;
}

static int check_console(kx_ctx *ctx, const struct kx_purgatory_console *c)
{
	if (c->type > KX_PURG_CONSOLE_PL011_MMIO)
		return kx_fail(ctx, -EINVAL, PFX "unknown console type %u",
			       c->type);
	if (c->type == KX_PURG_CONSOLE_16550_IO && c->base > 0xffff)
		return kx_fail(ctx, -EINVAL,
			       PFX "console I/O port 0x%" PRIx64
				   " beyond 0xffff",
			       c->base);
	if (c->type != KX_PURG_CONSOLE_NONE && !c->base)
		return kx_fail(ctx, -EINVAL, PFX "console without an address");
	if (c->reg_width != 0 && c->reg_width != 1 && c->reg_width != 4)
		return kx_fail(ctx, -EINVAL,
			       PFX "console register width %u (1 or 4)",
			       c->reg_width);
	return 0;
}

/* The same rules the purgatory applies, caught here where they can still be
 * reported instead of resetting the machine. */
static int check_params(kx_ctx *ctx, const struct kx_purgatory_params *p,
			uint64_t mem, uint64_t memsz)
{
	const uint32_t known =
	    KX_PURG_NO_CHECKS | KX_PURG_DEBUG | KX_PURG_ENTRY32;
	uint32_t i;
	int ret;

	if (p->magic != KX_PURGATORY_MAGIC ||
	    p->version != KX_PURGATORY_VERSION || p->size != sizeof(*p))
		return kx_fail(ctx, -EINVAL,
			       PFX "parameters not initialised "
				   "(kx_purgatory_params_init)");
	if (p->flags & ~known)
		return kx_fail(ctx, -EINVAL, PFX "unknown flags 0x%" PRIx32,
			       p->flags);
	if (p->nr_regions > KX_PURGATORY_MAX_REGIONS)
		return kx_fail(ctx, -EINVAL,
			       PFX "%" PRIu32 " regions, at most %d",
			       p->nr_regions, KX_PURGATORY_MAX_REGIONS);
	ret = check_console(ctx, &p->console);
	if (ret)
		return ret;
	if (p->digest_alg != KX_PURG_DIGEST_SHA256 &&
	    p->digest_alg != KX_PURG_DIGEST_XXH3_128)
		return kx_fail(ctx, -EINVAL,
			       PFX "digest algorithm %u is not implemented "
				   "(%u, SHA-256, or %u, XXH3-128)",
			       p->digest_alg, KX_PURG_DIGEST_SHA256,
			       KX_PURG_DIGEST_XXH3_128);
	if (p->reset.space_id != KX_PURG_RESET_NONE &&
	    p->reset.space_id != KX_PURG_RESET_MEMORY &&
	    p->reset.space_id != KX_PURG_RESET_IO)
		return kx_fail(ctx, -EINVAL,
			       PFX "reset register in address space %u",
			       p->reset.space_id);
	if (!p->entry)
		return kx_fail(ctx, -EINVAL, PFX "no entry point");
	if ((p->flags & KX_PURG_ENTRY32) && p->entry >= FOUR_GIB)
		return kx_fail(ctx, -EINVAL,
			       PFX "32-bit entry point 0x%" PRIx64
				   " is above 4 GiB",
			       p->entry);
	if ((p->flags & KX_PURG_ENTRY32) && mem + memsz > FOUR_GIB)
		return kx_fail(ctx, -EINVAL,
			       PFX "a 32-bit entry needs the purgatory below "
				   "4 GiB, not at 0x%" PRIx64,
			       mem);
	for (i = 0; i < p->nr_regions; i++) {
		ret = check_region(ctx, &p->regions[i], i, mem, memsz);
		if (ret)
			return ret;
	}
	return 0;
}

int kx_purgatory_layout(kx_ctx *ctx, const void *obj, size_t size,
			struct kx_purgatory_layout *out)
{
	struct obj o;
	int ret;

	ret = obj_open(ctx, obj, size, &o);
	if (ret)
		return ret;
	out->bufsz = o.bufsz;
	out->memsz = o.memsz;
	out->align = o.align;
	obj_close(&o);
	return 0;
}

void kx_purgatory_params_init(struct kx_purgatory_params *p)
{
	memset(p, 0, sizeof(*p));
	p->magic = KX_PURGATORY_MAGIC;
	p->version = KX_PURGATORY_VERSION;
	p->size = sizeof(*p);
	p->reset.space_id = KX_PURG_RESET_NONE;
	p->digest_alg = KX_PURG_DIGEST_SHA256;
	p->console.type = KX_PURG_CONSOLE_NONE;
}

int kx_purgatory_add_region(kx_ctx *ctx, struct kx_purgatory_params *p,
			    uint64_t addr, const void *buf, size_t bufsz,
			    uint64_t memsz, uint32_t flags)
{
	struct kx_purgatory_region *r;

	if (p->nr_regions >= KX_PURGATORY_MAX_REGIONS)
		return kx_fail(ctx, -E2BIG, PFX "more than %d pieces to verify",
			       KX_PURGATORY_MAX_REGIONS);
	if (bufsz > memsz || addr + memsz < addr || (bufsz && !buf) ||
	    (flags & ~(uint32_t)KX_PURG_REGION_SKIP_TAIL))
		return kx_fail(ctx, -EINVAL,
			       PFX "bad region at 0x%" PRIx64
				   " (%zu of %" PRIu64
				   " bytes, flags 0x%" PRIx32 ")",
			       addr, bufsz, memsz, flags);
	r = &p->regions[p->nr_regions++];
	memset(r, 0, sizeof(*r));
	r->addr = addr;
	r->bufsz = bufsz;
	r->memsz = memsz;
	r->flags = flags;
	if (p->digest_alg == KX_PURG_DIGEST_XXH3_128)
		kx_xxh3_128(buf, bufsz, r->digest);
	else
		kx_sha256(buf, bufsz, r->digest);
	return 0;
}

static int build(kx_ctx *ctx, const struct obj *o, uint64_t mem,
		 const struct kx_purgatory_params *given,
		 struct kx_purgatory_image *out)
{
	const struct kx_purgatory_params *params = given;
	uint64_t off = 0;
	int ret;

	if (mem % o->align)
		return kx_fail(ctx, -EINVAL,
			       PFX "load address 0x%" PRIx64
				   " is not a multiple of %" PRIu64,
			       mem, o->align);
	if (mem + o->memsz < mem)
		return kx_fail(ctx, -EINVAL,
			       PFX "load address 0x%" PRIx64 " wraps around",
			       mem);
	ret = check_params(ctx, params, mem, o->memsz);
	if (ret)
		return ret;
	out->buf = calloc(1, o->bufsz ? o->bufsz : 1);
	if (!out->buf)
		return kx_fail(ctx, -ENOMEM, PFX "out of memory");
	copy_sections(o, out->buf);
	ret = relocate(ctx, o, out->buf, mem);
	if (!ret)
		ret = params_offset(ctx, o, out->buf, &off);
	if (!ret)
		ret = entry_address(ctx, o, mem, &out->entry);
	if (ret)
		return ret;
	memcpy(out->buf + off, params, sizeof(*params));
	out->bufsz = o->bufsz;
	out->memsz = o->memsz;
	out->mem = mem;
	out->params = mem + off;
	return 0;
}

int kx_purgatory_build(kx_ctx *ctx, const void *obj, size_t size, uint64_t mem,
		       const struct kx_purgatory_params *params,
		       struct kx_purgatory_image *out)
{
	struct obj o;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = obj_open(ctx, obj, size, &o);
	if (ret)
		return ret;
	ret = build(ctx, &o, mem, params, out);
	obj_close(&o);
	if (ret)
		kx_purgatory_image_free(out);
	return ret;
}

int kx_purgatory_symbol(kx_ctx *ctx, const void *obj, size_t size, uint64_t mem,
			const char *name, uint64_t *addr)
{
	Elf64_Sym sym;
	struct obj o;
	int ret;

	ret = obj_open(ctx, obj, size, &o);
	if (ret)
		return ret;
	ret = find_sym(ctx, &o, name, &sym);
	if (!ret)
		ret = sym_value(ctx, &o, mem, &sym, addr);
	obj_close(&o);
	return ret;
}

void kx_purgatory_segment(const struct kx_purgatory_image *img,
			  struct kx_segment *seg)
{
	seg->buf = img->buf;
	seg->bufsz = img->bufsz;
	seg->mem = img->mem;
	seg->memsz = img->memsz;
}

void kx_purgatory_image_free(struct kx_purgatory_image *img)
{
	free(img->buf);
	memset(img, 0, sizeof(*img));
}
