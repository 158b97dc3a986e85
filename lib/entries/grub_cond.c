/* grub.cfg conditionals: what `if` tests decide and which branches run. */
#include "entries/grub_cond.h"

#include <stdlib.h>
#include <string.h>

static bool is_number(const char *s, long *v)
{
	char *e;

	if (!*s)
		return false;
	*v = strtol(s, &e, 10);
	return !*e;
}

static enum tri tri_of(bool b)
{
	return b ? YES : NO;
}

static enum tri eval_test(char **a, size_t n)
{
	long x, y;

	if (n == 1)
		return tri_of(a[0][0] != '\0');
	if (n == 2 && !strcmp(a[0], "-n"))
		return tri_of(a[1][0] != '\0');
	if (n == 2 && !strcmp(a[0], "-z"))
		return tri_of(a[1][0] == '\0');
	if (n != 3)
		return UNKNOWN;
	if (!strcmp(a[1], "=") || !strcmp(a[1], "=="))
		return tri_of(!strcmp(a[0], a[2]));
	if (!strcmp(a[1], "!="))
		return tri_of(strcmp(a[0], a[2]) != 0);
	if (!is_number(a[0], &x) || !is_number(a[2], &y))
		return UNKNOWN;
	if (!strcmp(a[1], "-eq"))
		return tri_of(x == y);
	if (!strcmp(a[1], "-ne"))
		return tri_of(x != y);
	if (!strcmp(a[1], "-lt"))
		return tri_of(x < y);
	if (!strcmp(a[1], "-gt"))
		return tri_of(x > y);
	return UNKNOWN;
}

/* The condition of `if`/`elif`: A[0..N) after the keyword.  Only tests
 * of variables can be decided; files and devices are GRUB's business. */
static enum tri eval_cond(char **a, size_t n)
{
	bool negate = false;
	enum tri r;

	if (n && !strcmp(a[0], "!")) {
		negate = true;
		a++;
		n--;
	}
	if (n == 1 && !strcmp(a[0], "true"))
		r = YES;
	else if (n == 1 && !strcmp(a[0], "false"))
		r = NO;
	else if (n >= 2 && !strcmp(a[0], "[") && !strcmp(a[n - 1], "]"))
		r = eval_test(a + 1, n - 2);
	else if (n >= 1 && !strcmp(a[0], "test"))
		r = eval_test(a + 1, n - 1);
	else
		r = UNKNOWN;
	if (negate && r != UNKNOWN)
		r = r == YES ? NO : YES;
	return r;
}

bool grub_cond_active(const struct cond_stack *cs)
{
	return cs->n ? cs->c[cs->n - 1].active : true;
}

static void cond_push(struct cond_stack *cs, enum tri r)
{
	bool parent = grub_cond_active(cs);

	if (cs->n == GRUB_MAX_DEPTH)
		return;
	cs->c[cs->n++] = (struct cond){
	    .parent = parent,
	    .active = parent && r != NO,
	    .taken = parent ? r : YES,
	};
}

static void cond_elif(struct cond_stack *cs, enum tri r)
{
	struct cond *c;

	if (!cs->n)
		return;
	c = &cs->c[cs->n - 1];
	if (c->taken == YES) {
		c->active = false;
		return;
	}
	c->active = c->parent && r != NO;
	if (r == YES && c->taken == NO)
		c->taken = YES;
	else if (r == UNKNOWN)
		c->taken = UNKNOWN;
}

static void cond_else(struct cond_stack *cs)
{
	struct cond *c;

	if (!cs->n)
		return;
	c = &cs->c[cs->n - 1];
	c->active = c->parent && c->taken != YES;
}

static void cond_pop(struct cond_stack *cs)
{
	if (cs->n)
		cs->n--;
}

/* Keywords that open, continue or close a conditional or loop.  Returns
 * how many words the keyword took (0: not a keyword). */
size_t grub_control(struct cond_stack *cs, char **a, size_t n)
{
	if (!strcmp(a[0], "if")) {
		cond_push(cs,
			  grub_cond_active(cs) ? eval_cond(a + 1, n - 1) : NO);
		return n;
	}
	if (!strcmp(a[0], "elif")) {
		cond_elif(cs, eval_cond(a + 1, n - 1));
		return n;
	}
	if (!strcmp(a[0], "while") || !strcmp(a[0], "until") ||
	    !strcmp(a[0], "for")) {
		/* Loop bodies run once: they only matter for their sets. */
		cond_push(cs, UNKNOWN);
		return n;
	}
	if (!strcmp(a[0], "fi") || !strcmp(a[0], "done")) {
		cond_pop(cs);
		return 1;
	}
	if (!strcmp(a[0], "else")) {
		cond_else(cs);
		return 1;
	}
	if (!strcmp(a[0], "then") || !strcmp(a[0], "do"))
		return 1;
	return 0;
}
