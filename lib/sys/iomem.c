#include "sys/iomem.h"

#include <errno.h>
#include <string.h>

#include "sys/memmap.h"
#include "core/text.h"

/* Where one line of the text ends (its newline or the end of the text). */
static size_t line_length(const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);

	return nl ? (size_t)(nl - text) : len;
}

static int bad_line(kx_ctx *ctx, const char *file, unsigned lineno,
		    const char *s, size_t len, const char *what)
{
	char q[80];

	return kx_fail(ctx, -EINVAL, "%s:%u: %s: \"%s\"", file, lineno, what,
		       text_quote(s, len, q, sizeof(q)));
}

static size_t span_hex(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len &&
	       ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		(s[i] >= 'A' && s[i] <= 'F')))
		i++;
	return i;
}

/* Split "  START-END : NAME" into LINE; returns a message on failure. */
static const char *split_line(const char *s, size_t len,
			      struct iomem_line *line)
{
	uint64_t start, end;
	size_t i = 0, n;

	while (i < len && s[i] == ' ')
		i++;
	if (i % 2)
		return "odd indentation";
	line->depth = (unsigned)(i / 2);
	n = span_hex(s + i, len - i);
	if (text_parse_hex(s + i, n, false, &start))
		return n ? "start address out of range" : "no start address";
	i += n;
	if (i >= len || s[i] != '-')
		return "no '-' after the start address";
	i++;
	n = span_hex(s + i, len - i);
	if (text_parse_hex(s + i, n, false, &end))
		return n ? "end address out of range" : "no end address";
	i += n;
	/* Even an empty name is printed after " : ". */
	if (len - i < 3 || memcmp(s + i, " : ", 3) != 0)
		return "no \" : \" after the end address";
	i += 3;
	if (start > end)
		return "start after end";
	line->start = start;
	line->end = end == UINT64_MAX ? UINT64_MAX : end + 1;
	line->name = s + i;
	line->name_len = len - i;
	return NULL;
}

int iomem_parse(kx_ctx *ctx, const char *file, const char *text, size_t len,
		iomem_visit_fn fn, void *arg)
{
	unsigned lineno = 0, prev_depth = 0;
	bool first = true;
	size_t pos = 0;

	while (pos < len) {
		size_t n = line_length(text + pos, len - pos);
		const char *s = text + pos;
		struct iomem_line line;
		const char *err;
		int rc;

		pos += n + 1;
		lineno++;
		if (n == 0)
			continue;
		err = split_line(s, n, &line);
		if (err)
			return bad_line(ctx, file, lineno, s, n, err);
		/* A child sits one level below its parent: a deeper jump means
		 * the line lost its parent, and the tree cannot be trusted. */
		if (line.depth > (first ? 0 : prev_depth + 1))
			return bad_line(ctx, file, lineno, s, n,
					"nested deeper than its parent");
		first = false;
		prev_depth = line.depth;
		line.lineno = lineno;
		rc = fn(ctx, arg, &line);
		if (rc)
			return rc;
	}
	return 0;
}

struct collect {
	struct kx_ranges *out;
	const char *file;
	unsigned lines;
	bool nonzero; /* any address other than 0: addresses are visible */
};

static void note_line(struct collect *c, const struct iomem_line *line)
{
	c->lines++;
	if (line->start != 0 || line->end != 1)
		c->nonzero = true;
}

static int collect_map(kx_ctx *ctx, void *arg, const struct iomem_line *line)
{
	struct collect *c = arg;
	uint32_t type;

	note_line(c, line);
	if (line->depth != 0)
		return 0;
	/* Only the firmware types: PCI windows, APIC, ROMs and "System RAM
	 * (kmem)" (driver-managed memory) are not part of the memory map. */
	if (!memmap_type_from_name(line->name, line->name_len, &type))
		return 0;
	return ranges_add(ctx, c->out, line->start, line->end, type);
}

static int collect_crash(kx_ctx *ctx, void *arg, const struct iomem_line *line)
{
	struct collect *c = arg;

	note_line(c, line);
	if (line->name_len != 12 || memcmp(line->name, "Crash kernel", 12))
		return 0;
	return ranges_add(ctx, c->out, line->start, line->end,
			  KX_RANGE_CRASH_KERNEL);
}

static int check_visible(kx_ctx *ctx, const struct collect *c)
{
	if (c->lines && !c->nonzero)
		return kx_fail(ctx, -EPERM,
			       "%s: every address reads as zero: the kernel "
			       "hides them from readers without CAP_SYS_ADMIN",
			       c->file);
	return 0;
}

int iomem_parse_map(kx_ctx *ctx, const char *file, const char *text, size_t len,
		    struct kx_ranges *map)
{
	struct collect c = {map, file, 0, false};
	int rc;

	ranges_clear(map);
	rc = iomem_parse(ctx, file, text, len, collect_map, &c);
	if (!rc)
		rc = check_visible(ctx, &c);
	if (!rc)
		rc = ranges_normalize(ctx, map);
	if (rc)
		ranges_clear(map);
	return rc;
}

int iomem_parse_crash(kx_ctx *ctx, const char *file, const char *text,
		      size_t len, struct kx_ranges *crash)
{
	struct collect c = {crash, file, 0, false};
	int rc;

	ranges_clear(crash);
	rc = iomem_parse(ctx, file, text, len, collect_crash, &c);
	if (!rc)
		rc = check_visible(ctx, &c);
	if (rc) {
		ranges_clear(crash);
		return rc;
	}
	ranges_merge(crash);
	return 0;
}
