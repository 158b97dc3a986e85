/* grub.cfg conditionals: `if`/`elif`/`else`/`fi` and loops, tracked as a
 * stack so the interpreter knows whether a command runs. */
#ifndef KX_ENTRIES_GRUB_COND_H
#define KX_ENTRIES_GRUB_COND_H

#include <stdbool.h>
#include <stddef.h>

/* Bounds that keep a hostile grub.cfg from recursing without limit; real
 * files stay far below it. */
#define GRUB_MAX_DEPTH 16

/* What a condition is known to be; UNKNOWN runs every branch, so a
 * `set default` in either is seen (the later one wins). */
enum tri { NO, YES, UNKNOWN };

struct cond {
	bool parent;	/* the enclosing code runs */
	bool active;	/* this branch runs */
	enum tri taken; /* a branch was taken (YES), none (NO), maybe */
};

struct cond_stack {
	struct cond c[GRUB_MAX_DEPTH];
	size_t n;
};

/* Whether commands at the top of CS run. */
bool grub_cond_active(const struct cond_stack *cs);

/* Keywords that open, continue or close a conditional or loop, applied to
 * CS.  Returns how many of the N words A the keyword took (0: not a
 * keyword). */
size_t grub_control(struct cond_stack *cs, char **a, size_t n);

#endif
