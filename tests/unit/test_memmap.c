/* Unit tests for lib/plan/memmap.c and lib/plan/iomem.c: the pure parsers,
 * then reading the fixture trees in tests/fixtures/plan/ (run from the top
 * of the repository, as `meson test` does). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/ctx.h"
#include "sys/iomem.h"
#include "sys/memmap.h"
#include "sys/system.h"
#include "helpers.h"

#define FIXTURES "tests/fixtures/plan/"

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

static void expect_range(const struct kx_ranges *r, size_t i, uint64_t start,
			 uint64_t end, uint32_t type)
{
	assert_true(i < r->n);
	assert_int_equal(r->v[i].start, start);
	assert_int_equal(r->v[i].end, end);
	assert_int_equal(r->v[i].type, type);
}

static void expect_message(kx_ctx *ctx, const char *part)
{
	if (!strstr(kx_ctx_message(ctx), part))
		fail_msg("message \"%s\" lacks \"%s\"", kx_ctx_message(ctx),
			 part);
}

static uint64_t ram_total(const struct kx_ranges *r)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].type == KX_RANGE_RAM)
			sum += r->v[i].end - r->v[i].start;
	return sum;
}

/* The map from /sys/firmware/memmap, failing when it came from iomem. */
static int sysfs_read(kx_ctx *ctx, struct kx_ranges *map)
{
	enum memmap_source src = MEMMAP_FROM_IOMEM;
	int rc = th_memmap(ctx, map, &src);

	return rc ? rc : src == MEMMAP_FROM_SYSFS ? 0 : -ENOENT;
}

/* A snapshot's /proc/iomem through PARSE. */
static int iomem_read_with(kx_ctx *ctx,
			   int (*parse)(kx_ctx *, const char *, const char *,
					size_t, struct kx_ranges *),
			   struct kx_ranges *out)
{
	struct kx_system *sys;
	const char *text, *file;
	size_t len;
	int rc = system_new(ctx, &sys);

	if (!rc)
		rc = system_iomem(sys, &text, &len, &file);
	if (!rc)
		rc = parse(ctx, file, text, len, out);
	system_free(sys);
	return rc;
}

static int iomem_read_map(kx_ctx *ctx, struct kx_ranges *map)
{
	return iomem_read_with(ctx, iomem_parse_map, map);
}

static int iomem_read_crash(kx_ctx *ctx, struct kx_ranges *crash)
{
	return iomem_read_with(ctx, iomem_parse_crash, crash);
}

/* ---- memmap_parse_entry ---------------------------------------------- */

static void test_entry_ok(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_range r;

	assert_int_equal(memmap_parse_entry(ctx, "d", "0x100000", "0x3ffdffff",
					    "System RAM", &r),
			 0);
	assert_int_equal(r.start, 0x100000);
	assert_int_equal(r.end, 0x3ffe0000);
	assert_int_equal(r.type, KX_RANGE_RAM);
	/* Without the prefix, upper case, leading zeros beyond 16 digits. */
	assert_int_equal(memmap_parse_entry(ctx, "d", "0X0000000000000000ABC",
					    "FFF", "ACPI Tables", &r),
			 0);
	assert_int_equal(r.start, 0xabc);
	assert_int_equal(r.end, 0x1000);
	assert_int_equal(r.type, KX_RANGE_ACPI);
	/* A one-byte entry. */
	assert_int_equal(
	    memmap_parse_entry(ctx, "d", "0x5", "0x5", "Reserved", &r), 0);
	assert_int_equal(r.end - r.start, 1);
}

static void test_entry_top_of_space(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_range r;

	/* The last byte has no exclusive end: clamped (see ranges.h). */
	assert_int_equal(memmap_parse_entry(ctx, "d", "0xfffffffffffff000",
					    "0xffffffffffffffff", "Reserved",
					    &r),
			 0);
	assert_int_equal(r.end, UINT64_MAX);
	assert_int_equal(r.start, 0xfffffffffffff000ull);
	/* That byte alone: an empty range, which ranges_add drops. */
	assert_int_equal(memmap_parse_entry(ctx, "d", "0xffffffffffffffff",
					    "0xffffffffffffffff", "Reserved",
					    &r),
			 0);
	assert_int_equal(r.start, UINT64_MAX);
	assert_int_equal(r.end, UINT64_MAX);
}

static void test_entry_types(void **state)
{
	static const struct {
		const char *name;
		uint32_t type;
	} cases[] = {
	    {"System RAM", KX_RANGE_RAM},
	    {"Reserved", KX_RANGE_RESERVED},
	    {"reserved", KX_RANGE_RESERVED},
	    {"ACPI Tables", KX_RANGE_ACPI},
	    {"ACPI Non-volatile Storage", KX_RANGE_NVS},
	    {"Unusable memory", KX_RANGE_UNUSABLE},
	    {"Persistent Memory (legacy)", KX_RANGE_PRAM},
	    {"Persistent Memory", KX_RANGE_PMEM},
	    {"Soft Reserved", KX_RANGE_SOFT_RESERVED},
	    {"Unknown E820 type", KX_RANGE_RESERVED},
	    /* Unknown strings are kept away from placement. */
	    {"Some Future Type", KX_RANGE_RESERVED},
	    {"System RAM ", KX_RANGE_RESERVED},
	};
	kx_ctx *ctx = *state;
	struct kx_range r;
	uint32_t t;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(memmap_parse_entry(ctx, "d", "0x0", "0x1",
						    cases[i].name, &r),
				 0);
		assert_int_equal(r.type, cases[i].type);
	}
	assert_false(memmap_type_from_name("Some Future Type", 16, &t));
	assert_false(memmap_type_from_name("System RAM (kmem)", 17, &t));
	assert_true(memmap_type_from_name("System RAM", 10, &t));
	assert_int_equal(t, KX_RANGE_RAM);
}

static void test_entry_malformed(void **state)
{
	static const struct {
		const char *start, *end, *type, *message;
	} cases[] = {
	    {"0x10zz", "0x20", "System RAM",
	     "/sys/x/start: not a hexadecimal address: \"0x10zz\""},
	    {"0x10", "0x 20", "System RAM",
	     "/sys/x/end: not a hexadecimal address"},
	    {"", "0x20", "System RAM", "/sys/x/start: not a hexadecimal"},
	    {"0x", "0x20", "System RAM", "/sys/x/start: not a hexadecimal"},
	    {"-0x10", "0x20", "System RAM", "/sys/x/start: not a hex"},
	    {"0x10\n", "0x20", "System RAM", "\"0x10\\x0a\""},
	    {"0x10", "0x10000000000000000", "System RAM",
	     "/sys/x/end: address beyond 64 bits"},
	    {"0x200", "0x1ff", "System RAM",
	     "/sys/x: start 0x200 is after end 0x1ff"},
	    {"0x0", "0x1", "", "/sys/x/type: empty"},
	};
	kx_ctx *ctx = *state;
	struct kx_range r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(
		    memmap_parse_entry(ctx, "/sys/x", cases[i].start,
				       cases[i].end, cases[i].type, &r),
		    -EINVAL);
		expect_message(ctx, cases[i].message);
	}
}

/* ---- /sys/firmware/memmap fixture trees ------------------------------ */

static void test_read_q35(void **state)
{
	kx_ctx *ctx = *state;
	enum memmap_source src = MEMMAP_FROM_IOMEM;
	struct kx_ranges map;

	ranges_init(&map);
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "q35-1g"), 0);
	assert_int_equal(th_memmap(ctx, &map, &src), 0);
	assert_int_equal(src, MEMMAP_FROM_SYSFS);
	/* Nine firmware entries, two of them adjacent reserved ones. */
	assert_int_equal(map.n, 9);
	expect_range(&map, 0, 0, 0x9fc00, KX_RANGE_RAM);
	expect_range(&map, 1, 0x9fc00, 0xa0000, KX_RANGE_RESERVED);
	expect_range(&map, 2, 0xf0000, 0x100000, KX_RANGE_RESERVED);
	expect_range(&map, 3, 0x100000, 0x3ffe0000, KX_RANGE_RAM);
	expect_range(&map, 4, 0x3ffe0000, 0x40000000, KX_RANGE_RESERVED);
	expect_range(&map, 5, 0xb0000000, 0xc0000000, KX_RANGE_RESERVED);
	expect_range(&map, 6, 0xfed1c000, 0xfed20000, KX_RANGE_RESERVED);
	expect_range(&map, 7, 0xfeffc000, 0xff000000, KX_RANGE_RESERVED);
	expect_range(&map, 8, 0xfffc0000, 0x100000000, KX_RANGE_RESERVED);
	assert_int_equal(ram_total(&map), 0x9fc00 + 0x3fee0000);
	ranges_free(&map);
}

static void test_read_big(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges map;

	ranges_init(&map);
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "big"), 0);
	assert_int_equal(sysfs_read(ctx, &map), 0);
	/* gen-big.py: 314 entries, 155 of RAM, none to merge. */
	assert_int_equal(map.n, 314);
	assert_int_equal(ram_total(&map), 0x3fdee29000ull);
	for (size_t i = 1; i < map.n; i++)
		assert_true(map.v[i - 1].end <= map.v[i].start);
	expect_range(&map, 311, 0x4080000000ull, 0x4880000000ull,
		     KX_RANGE_PMEM);
	expect_range(&map, 312, 0x4880000000ull, 0x4c80000000ull,
		     KX_RANGE_SOFT_RESERVED);
	expect_range(&map, 313, 0x4c80000000ull, 0x4d80000000ull,
		     KX_RANGE_PRAM);
	assert_int_equal(ranges_type_at(&map, 0x100000000ull + (250ull << 30)),
			 KX_RANGE_UNUSABLE);
	ranges_free(&map);
}

/* Overlapping entries of different types: the higher type wins, as in the
 * kernel's e820 sanitizer; entries numbered with gaps and past 9 are all
 * read, in numeric order. */
static void test_read_overlap(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges map;

	ranges_init(&map);
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "overlap"), 0);
	assert_int_equal(sysfs_read(ctx, &map), 0);
	assert_int_equal(map.n, 9);
	expect_range(&map, 0, 0, 0x9f000, KX_RANGE_RAM);
	expect_range(&map, 1, 0x9f000, 0xa0000, KX_RANGE_NVS);
	expect_range(&map, 2, 0x100000, 0x200000, KX_RANGE_RAM);
	expect_range(&map, 3, 0x200000, 0x300000, KX_RANGE_RESERVED);
	expect_range(&map, 4, 0x300000, 0x3ff00000, KX_RANGE_RAM);
	expect_range(&map, 5, 0x3ff00000, 0x40000000, KX_RANGE_ACPI);
	expect_range(&map, 6, 0x40000000, 0x80000000, KX_RANGE_PMEM);
	expect_range(&map, 7, 0x80000000, 0x90000000, KX_RANGE_SOFT_RESERVED);
	/* "Unknown E820 type" and an unknown string: both reserved, and
	 * adjacent, so merged. */
	expect_range(&map, 8, 0x90000000, 0x90002000, KX_RANGE_RESERVED);
	ranges_free(&map);
}

static void test_read_malformed(void **state)
{
	static const struct {
		const char *tree, *message;
		int rc;
	} cases[] = {
	    {"bad-hex",
	     "/sys/firmware/memmap/1/start: not a hexadecimal address: "
	     "\"0x10zz00\"",
	     -EINVAL},
	    {"start-after-end",
	     "/sys/firmware/memmap/1: start 0x200000 is after end 0x1fffff",
	     -EINVAL},
	    {"missing-type", "/sys/firmware/memmap/1/type: missing", -EINVAL},
	    {"truncated", "/sys/firmware/memmap/1/end: not a hexadecimal",
	     -EINVAL},
	    {"too-big", "/sys/firmware/memmap/1/end: address beyond 64",
	     -EINVAL},
	};
	kx_ctx *ctx = *state;
	struct kx_ranges map;

	ranges_init(&map);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char root[256];

		snprintf(root, sizeof(root), FIXTURES "%s", cases[i].tree);
		assert_int_equal(kx_ctx_set_root(ctx, root), 0);
		/* A broken firmware map is reported, never replaced by
		 * iomem. */
		assert_int_equal(th_memmap(ctx, &map, NULL), cases[i].rc);
		expect_message(ctx, cases[i].message);
		assert_int_equal(map.n, 0);
	}
	ranges_free(&map);
}

static void test_fallback_to_iomem(void **state)
{
	static const char *const trees[] = {"iomem-only", "empty-memmap"};
	kx_ctx *ctx = *state;
	struct kx_ranges map;

	ranges_init(&map);
	for (size_t i = 0; i < 2; i++) {
		enum memmap_source src = MEMMAP_FROM_SYSFS;
		char root[256];

		snprintf(root, sizeof(root), FIXTURES "%s", trees[i]);
		assert_int_equal(kx_ctx_set_root(ctx, root), 0);
		assert_int_equal(th_memmap(ctx, &map, &src), 0);
		assert_int_equal(src, MEMMAP_FROM_IOMEM);
		/* The kernel's view: the first page reserved, the MMCONFIG
		 * reservation hidden under a PCI line, no ROM lines. */
		expect_range(&map, 0, 0, 0x1000, KX_RANGE_RESERVED);
		expect_range(&map, 1, 0x1000, 0x9fc00, KX_RANGE_RAM);
		expect_range(&map, 2, 0x9fc00, 0xa0000, KX_RANGE_RESERVED);
		expect_range(&map, 3, 0xf0000, 0x100000, KX_RANGE_RESERVED);
		expect_range(&map, 4, 0x100000, 0x3ffe0000, KX_RANGE_RAM);
		expect_range(&map, 5, 0x3ffe0000, 0x40000000,
			     KX_RANGE_RESERVED);
		expect_range(&map, 6, 0xfed1c000, 0xfed20000,
			     KX_RANGE_RESERVED);
		assert_int_equal(map.n, 9);
	}
	ranges_free(&map);
}

static void test_read_nothing(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges map;

	ranges_init(&map);
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "does-not-exist"), 0);
	assert_int_equal(th_memmap(ctx, &map, NULL), -ENOENT);
	expect_message(ctx, "does-not-exist/proc/iomem: cannot open");
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "no-ram"), 0);
	assert_int_equal(th_memmap(ctx, &map, NULL), -ENODATA);
	expect_message(ctx, "/sys/firmware/memmap: no System RAM");
	assert_int_equal(map.n, 0);
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "iomem-hidden"), 0);
	assert_int_equal(th_memmap(ctx, &map, NULL), -EPERM);
	expect_message(ctx, "iomem-hidden/proc/iomem: every address reads as "
			    "zero");
	ranges_free(&map);
}

/* ---- iomem parser ----------------------------------------------------- */

struct seen {
	unsigned n;
	struct iomem_line lines[8];
};

static int record(kx_ctx *ctx, void *arg, const struct iomem_line *line)
{
	struct seen *s = arg;

	(void)ctx;
	if (s->n < 8)
		s->lines[s->n] = *line;
	s->n++;
	return 0;
}

static int stop_at_two(kx_ctx *ctx, void *arg, const struct iomem_line *line)
{
	(void)ctx;
	(void)arg;
	return line->lineno == 2 ? -ECANCELED : 0;
}

static void test_iomem_lines(void **state)
{
	static const char text[] = "00000000-00000fff : Reserved\n"
				   "\n"
				   "00100000-3ffdffff : System RAM\n"
				   "  0b000000-0be02fff : Kernel code\n"
				   "    0b000000-0b000fff : a : b\n"
				   "  0c000000-0c000fff : \n"
				   "100000000-ffffffffffffffff : top";
	kx_ctx *ctx = *state;
	struct seen s = {0};

	assert_int_equal(
	    iomem_parse(ctx, "f", text, sizeof(text) - 1, record, &s), 0);
	assert_int_equal(s.n, 6);
	assert_int_equal(s.lines[1].lineno, 3);
	assert_int_equal(s.lines[1].start, 0x100000);
	assert_int_equal(s.lines[1].end, 0x3ffe0000);
	assert_int_equal(s.lines[2].depth, 1);
	assert_int_equal(s.lines[3].depth, 2);
	assert_int_equal(s.lines[3].name_len, 5);
	assert_memory_equal(s.lines[3].name, "a : b", 5);
	assert_int_equal(s.lines[4].name_len, 0);
	assert_int_equal(s.lines[5].depth, 0);
	assert_int_equal(s.lines[5].end, UINT64_MAX);
	/* The visitor's code stops the parse. */
	assert_int_equal(
	    iomem_parse(ctx, "f", text, sizeof(text) - 1, stop_at_two, NULL),
	    0);
	assert_int_equal(
	    iomem_parse(ctx, "f", "0-1 : a\n2-3 : b\n", 16, stop_at_two, NULL),
	    -ECANCELED);
}

static void test_iomem_malformed(void **state)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
	    {"0-fff : a\n0010zz00-3ffdffff : System RAM\n",
	     "/proc/iomem:2: no '-' after the start address: "
	     "\"0010zz00-3ffdffff : System RAM\""},
	    {"00100000-3ffdffzz : System RAM\n",
	     ":1: no \" : \" after the end address"},
	    {"00100000-3ffd", ":1: no \" : \" after the end address"},
	    {"00100000-", ":1: no end address"},
	    {"-3ffd : x", ":1: no start address"},
	    {"00100000 3ffd : x", ":1: no '-'"},
	    {"00100000-3ffdffff: x", ":1: no \" : \""},
	    {"00100000-3ffdffff : x\n   0-1 : y", ":2: odd indentation"},
	    {"00100000-3ffdffff : x\n    0-1 : y",
	     ":2: nested deeper than its parent"},
	    {"  0-1 : y", ":1: nested deeper than its parent"},
	    {"3ffdffff-00100000 : x", ":1: start after end"},
	    {"10000000000000000-1 : x", ":1: start address out of range"},
	    {"0-10000000000000000 : x", ":1: end address out of range"},
	    {"\t0-1 : x", ":1: no start address: \"\\x090-1 : x\""},
	};
	kx_ctx *ctx = *state;
	struct seen s = {0};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(iomem_parse(ctx, "/proc/iomem", cases[i].text,
					     strlen(cases[i].text), record, &s),
				 -EINVAL);
		expect_message(ctx, cases[i].message);
	}
	/* A NUL inside a line is a byte like any other. */
	assert_int_equal(
	    iomem_parse(ctx, "f", "0-1 : a\0b\n1\0-2 : c\n", 19, record, &s),
	    -EINVAL);
	expect_message(ctx, "f:2: no '-' after the start address: "
			    "\"1\\x00-2 : c\"");
}

static void test_iomem_map(void **state)
{
	static const char text[] =
	    "00000000-00000fff : reserved\n"
	    "00001000-0009ffff : System RAM\n"
	    "000a0000-000bffff : PCI Bus 0000:00\n"
	    "00100000-7fffffff : System RAM\n"
	    "  00100000-001fffff : Reserved\n"
	    "80000000-8fffffff : System RAM (kmem)\n"
	    "90000000-9fffffff : Soft Reserved\n"
	    "a0000000-afffffff : Persistent Memory\n"
	    "b0000000-bfffffff : Unusable memory\n"
	    "c0000000-c0000fff : ACPI Tables\n"
	    "c0001000-c0001fff : ACPI Non-volatile Storage\n";
	kx_ctx *ctx = *state;
	struct kx_ranges map;

	ranges_init(&map);
	assert_int_equal(
	    iomem_parse_map(ctx, "f", text, sizeof(text) - 1, &map), 0);
	assert_int_equal(map.n, 8);
	expect_range(&map, 0, 0, 0x1000, KX_RANGE_RESERVED);
	expect_range(&map, 1, 0x1000, 0xa0000, KX_RANGE_RAM);
	/* The nested Reserved line belongs to the tree, not the map. */
	expect_range(&map, 2, 0x100000, 0x80000000, KX_RANGE_RAM);
	expect_range(&map, 3, 0x90000000, 0xa0000000, KX_RANGE_SOFT_RESERVED);
	expect_range(&map, 4, 0xa0000000, 0xb0000000, KX_RANGE_PMEM);
	expect_range(&map, 5, 0xb0000000, 0xc0000000, KX_RANGE_UNUSABLE);
	expect_range(&map, 6, 0xc0000000, 0xc0001000, KX_RANGE_ACPI);
	expect_range(&map, 7, 0xc0001000, 0xc0002000, KX_RANGE_NVS);
	/* A parse failure leaves the map empty. */
	assert_int_equal(iomem_parse_map(ctx, "f", "zz", 2, &map), -EINVAL);
	assert_int_equal(map.n, 0);
	ranges_free(&map);
}

static void test_iomem_crash(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges crash;

	ranges_init(&crash);
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "q35-1g"), 0);
	assert_int_equal(iomem_read_crash(ctx, &crash), 0);
	assert_int_equal(crash.n, 1);
	expect_range(&crash, 0, 0x33000000, 0x3f000000, KX_RANGE_CRASH_KERNEL);

	/* A low and a high reservation, nested under different RAM lines. */
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "big"), 0);
	assert_int_equal(iomem_read_crash(ctx, &crash), 0);
	assert_int_equal(crash.n, 2);
	expect_range(&crash, 0, 0x60000000, 0x70000000, KX_RANGE_CRASH_KERNEL);
	expect_range(&crash, 1, 0x3000000000ull, 0x3020000000ull,
		     KX_RANGE_CRASH_KERNEL);

	/* None reserved: an empty list, not an error. */
	assert_int_equal(
	    iomem_parse_crash(ctx, "f", "0-fff : System RAM\n", 19, &crash), 0);
	assert_int_equal(crash.n, 0);
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "iomem-hidden"), 0);
	assert_int_equal(iomem_read_crash(ctx, &crash), -EPERM);
	ranges_free(&crash);
}

static void test_iomem_big_map(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges sys, io;

	ranges_init(&sys);
	ranges_init(&io);
	assert_int_equal(kx_ctx_set_root(ctx, FIXTURES "big"), 0);
	assert_int_equal(sysfs_read(ctx, &sys), 0);
	assert_int_equal(iomem_read_map(ctx, &io), 0);
	/* The generator writes the same map both ways. */
	assert_int_equal(io.n, sys.n);
	for (size_t i = 0; i < sys.n; i++)
		expect_range(&io, i, sys.v[i].start, sys.v[i].end,
			     sys.v[i].type);
	ranges_free(&sys);
	ranges_free(&io);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entry_ok),
	    cmocka_unit_test(test_entry_top_of_space),
	    cmocka_unit_test(test_entry_types),
	    cmocka_unit_test(test_entry_malformed),
	    cmocka_unit_test(test_read_q35),
	    cmocka_unit_test(test_read_big),
	    cmocka_unit_test(test_read_overlap),
	    cmocka_unit_test(test_read_malformed),
	    cmocka_unit_test(test_fallback_to_iomem),
	    cmocka_unit_test(test_read_nothing),
	    cmocka_unit_test(test_iomem_lines),
	    cmocka_unit_test(test_iomem_malformed),
	    cmocka_unit_test(test_iomem_map),
	    cmocka_unit_test(test_iomem_crash),
	    cmocka_unit_test(test_iomem_big_map),
	};

	return cmocka_run_group_tests(tests, setup_ctx, teardown_ctx);
}
