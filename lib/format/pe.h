/* The PE/COFF section table of a unified kernel image, parsed in memory:
 * only what locating .linux, .initrd, .cmdline, .osrel and .uname takes. */
#ifndef KX_FORMAT_PE_H
#define KX_FORMAT_PE_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

/* The PE format allows 96 sections. */
#define PE_MAX_SECTIONS 96
/* Headers and the section table are read from this much of the file. */
#define PE_HEAD_MAX (64u * 1024)

struct pe_section {
	char name[9];	 /* NUL terminated; "" for long (/N) names */
	uint64_t offset; /* in the file */
	uint64_t size;	 /* bytes of data in the file */
};

struct pe_info {
	uint16_t machine;
	size_t n;
	struct pe_section s[PE_MAX_SECTIONS];
};

/* Parse the headers in HEAD (the first HEAD_LEN bytes of a file of
 * FILE_SIZE bytes, named NAME in errors).  Every section's data must lie
 * inside the file, and the sections a UKI uses must not overlap.
 * -ENOEXEC when it is not PE at all, -EINVAL when it is damaged. */
int pe_parse(kx_ctx *ctx, const char *name, const void *head, size_t head_len,
	     uint64_t file_size, struct pe_info *out);

const struct pe_section *pe_find(const struct pe_info *pe, const char *name);

#endif
