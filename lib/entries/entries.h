/* The entry list as the parsers build it.  Each source appends records;
 * list.c sorts, marks the default and answers the public calls. */
#ifndef KX_ENTRIES_ENTRIES_H
#define KX_ENTRIES_ENTRIES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/ctx.h"
#include "entries/util.h"

/* One boot entry, read through kx_entry_*() (entries/entry.c).  Every
 * string is malloc'd; none is NULL once ent_finish() has run. */
struct kx_entry {
	const char *id;
	const char *title;
	const char *version;
	const char *machine_id;
	const char *sort_key;
	const char *architecture;
	const char *kernel;	    /* absolute path below the root */
	const char *const *initrds; /* absolute paths below the root */
	size_t n_initrds;
	const char *options;	/* the command line, "" when none */
	const char *devicetree; /* noted, not loaded (x86 has none) */
	const char *file;	/* where the entry was read from */
	enum kx_entry_source source;
	bool is_default;
	int tries_left; /* boot counting (+LEFT-DONE); -1 when none */
	int tries_done;
};

/* One entry under construction and what sorting and default matching
 * need beyond the public fields.  Every string is malloc'd. */
struct ent_rec {
	struct kx_entry pub;
	char *sort_id;	  /* BLS/UKI: file name less the counter, suffix
			     kept, as systemd-boot compares ids */
	char *title_path; /* GRUB: titles joined with '>' */
	char *index_path; /* GRUB: positions joined with '>' ("1>0") */
	char *efi;	  /* BLS: the `efi` key, a UKI to boot */
};

struct kx_entry_list {
	struct ent_rec *v;
	size_t n, cap;
};

/* A new record at the end of LIST, zeroed but for tries_left = -1. */
struct ent_rec *ent_list_add(struct kx_entry_list *list);
/* Drop the last record (a parse that failed half-way). */
void ent_list_drop_last(struct kx_entry_list *list);
void ent_rec_free(struct ent_rec *r);

/* Set a public string field of R from [S, S + N); NULL S means "". */
int ent_set(const char **field, const char *s, size_t n);
int ent_set_str(const char **field, const char *s);
/* Add an initrd path to R. */
int ent_add_initrd(struct ent_rec *r, char *path_owned);
/* Fill the fields a parser left NULL with "" so users never see NULL. */
int ent_finish(struct ent_rec *r);

/* SCAN_DIR on each ESP and XBOOTLDR mount point below the context's root
 * (rooted), in the order systemd looks at them, each file system once;
 * stops at the first failure. */
int ent_scan_boot_dirs(kx_ctx *ctx, struct kx_entry_list *list,
		       int (*scan_dir)(kx_ctx *ctx, struct kx_entry_list *list,
				       const char *bootdir));

/* The sources, each appending to LIST; they fail only when out of memory. */
int ent_scan_bls(kx_ctx *ctx, struct kx_entry_list *list);
int ent_scan_uki(kx_ctx *ctx, struct kx_entry_list *list);
int ent_scan_grub(kx_ctx *ctx, struct kx_entry_list *list, char **dflt);
int ent_scan_distro(kx_ctx *ctx, struct kx_entry_list *list, char **dflt);

/* systemd-boot's order of BLS and UKI records [FROM, FROM + N). */
void ent_sort_boot(struct ent_rec *from, size_t n);

/* The boot counter of a file name: "NAME+LEFT-DONE.conf" gives NAME.conf
 * in OUT (malloc'd), LEFT and DONE ("+LEFT" alone: DONE 0); both are -1
 * when the name has no counter. */
int ent_strip_counter(const char *fname, char **out, int *left, int *done);

#endif
