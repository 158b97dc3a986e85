/* Placement of the pieces of a kexec_load image in physical memory.
 *
 * Pieces go into usable RAM (KX_RANGE_RAM) of a memory map, inside the
 * global bounds (--mem-min, --mem-max), never over one another nor over a
 * range reserved up front.  A piece may start at any byte address its
 * alignment allows (the syscall layer pads to pages and merges pieces that
 * share a page).  Placement is first fit in address order, lowest address
 * first (bottom-up) or highest first (top-down): the same map and the same
 * requests always give the same layout.
 *
 * Nothing is reserved implicitly: callers reserve what the next kernel or
 * the firmware needs kept (the first page, 0x0-0xfff, at least). */
#ifndef KX_PLAN_PLANNER_H
#define KX_PLAN_PLANNER_H

#include "core/ranges.h"

enum planner_dir {
	PLANNER_BOTTOM_UP = 0,
	PLANNER_TOP_DOWN,
};

struct planner_request {
	const char *name; /* for messages and the piece list */
	uint64_t size;	  /* bytes of data */
	uint64_t memsz;	  /* bytes of memory taken, >= size, > 0 */
	uint64_t align;	  /* power of two; 1 means any byte address */
	uint64_t min;	  /* lowest start address */
	uint64_t max;	  /* highest address the piece may use (its last
			   * byte, start + memsz - 1, is <= max) */
	enum planner_dir dir;
};

enum planner_kind {
	PLANNER_PLACED,	  /* placed by planner_place */
	PLANNER_FIXED,	  /* at an address the image dictates */
	PLANNER_RESERVED, /* kept free; nothing is loaded there */
};

struct planner_piece {
	char *name;
	uint64_t start;
	uint64_t size;
	uint64_t memsz;
	enum planner_kind kind;
};

struct planner {
	struct kx_ranges map;	      /* the memory map, normalized */
	struct kx_ranges free;	      /* RAM in bounds not yet taken, sorted */
	uint64_t mem_min;	      /* inclusive */
	uint64_t mem_max;	      /* inclusive */
	struct planner_piece *pieces; /* in the order they were added */
	size_t n;
	size_t cap;
};

/* Start planning over MAP (copied and normalized; only its RAM is used)
 * with pieces kept within [MEM_MIN, MEM_MAX] (pass 0 and UINT64_MAX for no
 * bounds). */
int planner_init(kx_ctx *ctx, struct planner *p, const struct kx_ranges *map,
		 uint64_t mem_min, uint64_t mem_max);
void planner_free(struct planner *p);

/* Keep [START, START + LEN) free of pieces (the first page, firmware
 * areas).  It need not be RAM; it may overlap other reserved ranges but
 * not a piece already placed. */
int planner_reserve(kx_ctx *ctx, struct planner *p, const char *name,
		    uint64_t start, uint64_t len);

/* Take [START, START + MEMSZ) for a piece whose address is dictated (an
 * ELF segment).  Refused when it leaves RAM or the global bounds or
 * overlaps another piece or reserved range; the message names both. */
int planner_place_fixed(kx_ctx *ctx, struct planner *p, const char *name,
			uint64_t start, uint64_t size, uint64_t memsz);

/* Find room for REQ, take it and return its start in *START.  When nothing
 * fits (-ENOMEM), the message says what was asked and lists the largest
 * free ranges within the request's bounds. */
int planner_place(kx_ctx *ctx, struct planner *p,
		  const struct planner_request *req, uint64_t *start);

/* The piece or reserved range containing ADDR, or NULL. */
const struct planner_piece *planner_piece_at(const struct planner *p,
					     uint64_t addr);

#endif
