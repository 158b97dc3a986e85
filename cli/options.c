#include <errno.h>
#include "options.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

/* A hand-written parser rather than getopt_long: it keeps no global state
 * (tests parse many command lines in one process), and it can name the
 * offending word in its messages. */

enum opt_id {
	O_HELP,
	O_VERSION,
	O_DEBUG,
	O_FORCE,
	O_NO_IFDOWN,
	O_NO_SYNC,
	O_NO_CHECKS,
	O_LOAD,
	O_UNLOAD,
	O_EXEC,
	O_PANIC,
	O_STATUS,
	O_TYPE,
	O_FILE_SYSCALL,
	O_CLASSIC_SYSCALL,
	O_AUTO_SYSCALL,
	O_INITRD,
	O_APPEND,
	O_COMMAND_LINE,
	O_REUSE_CMDLINE,
	O_DRY_RUN,
	O_JSON,
	O_PRINT_CKR_SIZE,
	O_MEM_MIN,
	O_MEM_MAX,
	O_VERIFY,
	O_TEST_CORRUPT,
	O_ELF64_CORE,
	O_LIST_ENTRIES,
	O_BOOT_ENTRY,
	O_MODULE,
	O_LATER, /* kexec-tools has it, libkexec does not yet */
};

#define F_ARG	    1u /* takes a value */
#define F_LOAD_ONLY 2u /* meaningless unless an image is loaded */

struct opt_def {
	const char *name;
	char letter;
	enum opt_id id;
	unsigned flags;
};

/* Every option of kexec-tools 2.0.x on x86, so that none of them is taken
 * for the kernel file or silently dropped. */
static const struct opt_def opt_table[] = {
    {"help", 'h', O_HELP, 0},
    {"version", 'v', O_VERSION, 0},
    {"debug", 'd', O_DEBUG, 0},
    {"force", 'f', O_FORCE, 0},
    {"no-ifdown", 'x', O_NO_IFDOWN, 0},
    {"no-sync", 'y', O_NO_SYNC, 0},
    {"no-checks", 'i', O_NO_CHECKS, 0},
    {"load", 'l', O_LOAD, 0},
    {"unload", 'u', O_UNLOAD, 0},
    {"exec", 'e', O_EXEC, 0},
    {"load-panic", 'p', O_PANIC, 0},
    {"status", 'S', O_STATUS, 0},
    {"type", 't', O_TYPE, F_ARG},
    {"kexec-file-syscall", 's', O_FILE_SYSCALL, 0},
    {"kexec-syscall", 'c', O_CLASSIC_SYSCALL, 0},
    {"kexec-syscall-auto", 'a', O_AUTO_SYSCALL, 0},
    {"initrd", 0, O_INITRD, F_ARG | F_LOAD_ONLY},
    {"ramdisk", 0, O_INITRD, F_ARG | F_LOAD_ONLY},
    {"append", 0, O_APPEND, F_ARG | F_LOAD_ONLY},
    {"command-line", 0, O_COMMAND_LINE, F_ARG | F_LOAD_ONLY},
    {"reuse-cmdline", 0, O_REUSE_CMDLINE, F_LOAD_ONLY},
    {"dry-run", 0, O_DRY_RUN, 0},
    {"json", 0, O_JSON, 0},
    {"print-ckr-size", 0, O_PRINT_CKR_SIZE, 0},
    {"list-entries", 0, O_LIST_ENTRIES, 0},
    {"boot-entry", 0, O_BOOT_ENTRY, F_ARG | F_LOAD_ONLY},
    {"mem-min", 0, O_MEM_MIN, F_ARG | F_LOAD_ONLY},
    {"mem-max", 0, O_MEM_MAX, F_ARG | F_LOAD_ONLY},
    {"verify", 0, O_VERIFY, F_ARG | F_LOAD_ONLY},
#ifdef KX_TEST_HOOKS
    /* kexec-test only: damages the kernel after its digest is taken, so
     * the QEMU tests can prove the purgatory catches it. */
    {"test-corrupt-after-hash", 0, O_TEST_CORRUPT, F_LOAD_ONLY},
#endif
    {"module", 0, O_MODULE, F_ARG | F_LOAD_ONLY},
    {"reuseinitrd", 0, O_LATER, 0},
    {"load-preserve-context", 0, O_LATER, 0},
    {"load-jump-back-helper", 0, O_LATER, 0},
    {"entry", 0, O_LATER, F_ARG},
    {"load-live-update", 0, O_LATER, 0},
    {"exec-live-update", 0, O_LATER, 0},
    {"hotplug", 0, O_LATER, 0},
    {"elf32-core-headers", 0, O_LATER, 0},
    /* The only kind built: accepted for kdump scripts that ask for it. */
    {"elf64-core-headers", 0, O_ELF64_CORE, F_LOAD_ONLY},
    {"reset-vga", 0, O_LATER, 0},
    {"serial", 0, O_LATER, F_ARG},
    {"serial-baud", 0, O_LATER, F_ARG},
    {"console-vga", 0, O_LATER, 0},
    {"console-serial", 0, O_LATER, 0},
    {"pass-memmap-cmdline", 0, O_LATER, 0},
    {"noefi", 0, O_LATER, 0},
    {"reuse-video-type", 0, O_LATER, 0},
    {"args-elf", 0, O_LATER, 0},
    {"args-linux", 0, O_LATER, 0},
    {"args-none", 0, O_LATER, 0},
    {"real-mode", 0, O_LATER, 0},
    {"entry-32bit", 0, O_LATER, 0},
    {"dtb", 0, O_LATER, F_ARG},
};

#define N_OPTS (sizeof(opt_table) / sizeof(opt_table[0]))

/* The action options, kept apart until the end because their meaning
 * depends on which others are present (-S overrides, -p modifies). */
enum {
	SEEN_LOAD = 1u << 0,
	SEEN_EXEC = 1u << 1,
	SEEN_UNLOAD = 1u << 2,
	SEEN_FORCE = 1u << 3,
	SEEN_PANIC = 1u << 4,
	SEEN_STATUS = 1u << 5,
	SEEN_LIST = 1u << 6,
};

struct parse_state {
	struct kexec_options *o;
	unsigned seen;
	bool stop;			 /* -h, -v: the rest is not read */
	const struct opt_def *later;	 /* first option not supported yet */
	const struct opt_def *load_only; /* first option only for loading */
	const char *extra;		 /* first argument after the kernel */
};

static enum kexec_parse_result
fail(struct parse_state *st, enum kexec_parse_result res, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum kexec_parse_result
fail(struct parse_state *st, enum kexec_parse_result res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->o->error, sizeof(st->o->error), fmt, ap);
	va_end(ap);
	return res;
}

static const struct opt_def *find_letter(char letter)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opt_table[i].letter == letter)
			return &opt_table[i];
	return NULL;
}

/* Exact names first, then unambiguous prefixes, as getopt_long allows. */
static const struct opt_def *find_long(const char *name, size_t len,
				       bool *ambiguous)
{
	const struct opt_def *match = NULL;

	*ambiguous = false;
	for (size_t i = 0; i < N_OPTS; i++)
		if (strlen(opt_table[i].name) == len &&
		    !strncmp(opt_table[i].name, name, len))
			return &opt_table[i];
	for (size_t i = 0; i < N_OPTS; i++) {
		if (strncmp(opt_table[i].name, name, len))
			continue;
		if (match)
			*ambiguous = true;
		match = &opt_table[i];
	}
	return *ambiguous ? NULL : match;
}

static void apply_action(struct parse_state *st, enum opt_id id)
{
	static const struct {
		enum opt_id id;
		unsigned bit;
	} bits[] = {
	    {O_LOAD, SEEN_LOAD},	 {O_EXEC, SEEN_EXEC},
	    {O_UNLOAD, SEEN_UNLOAD},	 {O_FORCE, SEEN_FORCE},
	    {O_PANIC, SEEN_PANIC},	 {O_STATUS, SEEN_STATUS},
	    {O_LIST_ENTRIES, SEEN_LIST},
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (bits[i].id == id)
			st->seen |= bits[i].bit;
}

static void apply_stop(struct parse_state *st, enum kexec_action action)
{
	st->o->action = action;
	st->stop = true;
}

static void apply(struct parse_state *st, const struct opt_def *def,
		  const char *value)
{
	struct kexec_options *o = st->o;

	if ((def->flags & F_LOAD_ONLY) && !st->load_only)
		st->load_only = def;
	switch (def->id) {
	case O_HELP:
		apply_stop(st, KEXEC_ACT_HELP);
		break;
	case O_VERSION:
		apply_stop(st, KEXEC_ACT_VERSION);
		break;
	case O_PRINT_CKR_SIZE:
		apply_stop(st, KEXEC_ACT_PRINT_CKR_SIZE);
		break;
	case O_DEBUG:
		o->debug = true;
		break;
	case O_NO_IFDOWN:
		o->no_ifdown = true;
		break;
	case O_NO_SYNC:
		o->no_sync = true;
		break;
	case O_NO_CHECKS:
		o->no_checks = true;
		break;
	case O_TYPE:
		o->type = value;
		break;
	case O_FILE_SYSCALL:
		o->syscall = KX_SYSCALL_FILE;
		break;
	case O_CLASSIC_SYSCALL:
		o->syscall = KX_SYSCALL_CLASSIC;
		break;
	case O_AUTO_SYSCALL:
		o->syscall = KX_SYSCALL_AUTO;
		break;
	case O_INITRD:
		o->initrd = value;
		break;
	case O_APPEND:
		o->appends[o->n_appends++] = value;
		break;
	case O_MODULE:
		o->modules[o->n_modules++] = value;
		break;
	case O_COMMAND_LINE:
		o->command_line = value;
		break;
	case O_BOOT_ENTRY:
		o->boot_entry = value;
		break;
	case O_REUSE_CMDLINE:
		o->reuse_cmdline = true;
		break;
	case O_DRY_RUN:
		o->dry_run = true;
		break;
	case O_MEM_MIN:
		o->mem_min_text = value;
		break;
	case O_MEM_MAX:
		o->mem_max_text = value;
		break;
	case O_VERIFY:
		o->verify_text = value;
		break;
#ifdef KX_TEST_HOOKS
	case O_TEST_CORRUPT:
		o->test_corrupt = true;
		break;
#endif
	case O_JSON:
		o->json = true;
		break;
	case O_ELF64_CORE:
		break;
	case O_LATER:
		if (!st->later)
			st->later = def;
		break;
	default:
		apply_action(st, def->id);
		break;
	}
}

/* "--name", "--name=value" or "--name value"; *I moves past a value taken
 * from the next word. */
static enum kexec_parse_result parse_long(struct parse_state *st, int argc,
					  char *const argv[], int *i)
{
	const char *word = argv[*i], *name = word + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt_def *def;
	bool ambiguous;

	def = find_long(name, len, &ambiguous);
	if (ambiguous)
		return fail(st, KEXEC_PARSE_USAGE,
			    "option '--%.*s' is ambiguous", (int)len, name);
	if (!def)
		return fail(st, KEXEC_PARSE_USAGE,
			    "unrecognized option '--%.*s'", (int)len, name);
	if (!(def->flags & F_ARG)) {
		if (eq)
			return fail(st, KEXEC_PARSE_USAGE,
				    "option '--%s' takes no value", def->name);
		apply(st, def, NULL);
	} else if (eq) {
		apply(st, def, eq + 1);
	} else if (*i + 1 < argc) {
		apply(st, def, argv[++*i]);
	} else {
		return fail(st, KEXEC_PARSE_USAGE,
			    "option '--%s' needs a value", def->name);
	}
	return KEXEC_PARSE_OK;
}

/* "-lf", "-tTYPE" or "-t TYPE". */
static enum kexec_parse_result parse_short(struct parse_state *st, int argc,
					   char *const argv[], int *i)
{
	const char *word = argv[*i];

	for (size_t k = 1; word[k] && !st->stop; k++) {
		const struct opt_def *def = find_letter(word[k]);

		if (!def)
			return fail(st, KEXEC_PARSE_USAGE,
				    "invalid option -- '%c'", word[k]);
		if (!(def->flags & F_ARG)) {
			apply(st, def, NULL);
			continue;
		}
		/* The value is the rest of this word, else the next word. */
		if (word[k + 1])
			apply(st, def, word + k + 1);
		else if (*i + 1 < argc)
			apply(st, def, argv[++*i]);
		else
			return fail(st, KEXEC_PARSE_USAGE,
				    "option '-%c' needs a value", word[k]);
		break;
	}
	return KEXEC_PARSE_OK;
}

static void take_argument(struct parse_state *st, const char *arg)
{
	if (!st->o->kernel)
		st->o->kernel = arg;
	else if (!st->extra)
		st->extra = arg;
}

static enum kexec_parse_result scan(struct parse_state *st, int argc,
				    char *const argv[])
{
	bool options_done = false;

	for (int i = 1; i < argc && !st->stop; i++) {
		const char *word = argv[i];
		enum kexec_parse_result res;

		if (options_done || word[0] != '-' || !word[1]) {
			take_argument(st, word);
			continue;
		}
		if (!strcmp(word, "--")) {
			options_done = true;
			continue;
		}
		if (word[1] == '-')
			res = parse_long(st, argc, argv, &i);
		else
			res = parse_short(st, argc, argv, &i);
		if (res != KEXEC_PARSE_OK)
			return res;
	}
	return KEXEC_PARSE_OK;
}

static const char *action_letters(unsigned bit)
{
	switch (bit) {
	case SEEN_LOAD:
		return "-l";
	case SEEN_EXEC:
		return "-e";
	case SEEN_UNLOAD:
		return "-u";
	case SEEN_FORCE:
		return "-f";
	case SEEN_LIST:
		return "--list-entries";
	default:
		return "-p";
	}
}

/* Two actions that kexec-tools would resolve by their order on the
 * command line; a script that gives both almost certainly has a bug. */
static enum kexec_parse_result check_conflicts(struct parse_state *st)
{
	static const unsigned pairs[][2] = {
	    {SEEN_LOAD, SEEN_EXEC},   {SEEN_LOAD, SEEN_UNLOAD},
	    {SEEN_LOAD, SEEN_FORCE},  {SEEN_EXEC, SEEN_UNLOAD},
	    {SEEN_EXEC, SEEN_FORCE},  {SEEN_UNLOAD, SEEN_FORCE},
	    {SEEN_PANIC, SEEN_EXEC},  {SEEN_PANIC, SEEN_FORCE},
	    {SEEN_LIST, SEEN_LOAD},   {SEEN_LIST, SEEN_EXEC},
	    {SEEN_LIST, SEEN_UNLOAD}, {SEEN_LIST, SEEN_FORCE},
	    {SEEN_LIST, SEEN_PANIC},
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if ((st->seen & pairs[i][0]) && (st->seen & pairs[i][1]))
			return fail(st, KEXEC_PARSE_USAGE,
				    "%s and %s cannot be used together",
				    action_letters(pairs[i][0]),
				    action_letters(pairs[i][1]));
	return KEXEC_PARSE_OK;
}

static void resolve_action(struct parse_state *st)
{
	struct kexec_options *o = st->o;
	unsigned seen = st->seen;

	o->crash = seen & SEEN_PANIC;
	if (seen & SEEN_STATUS) {
		/* kexec-tools asks about the crash slot unless -l says
		 * otherwise. */
		o->action = KEXEC_ACT_STATUS;
		o->crash = (seen & SEEN_PANIC) || !(seen & SEEN_LOAD);
	} else if (seen & SEEN_LIST) {
		o->action = KEXEC_ACT_LIST_ENTRIES;
	} else if (seen & SEEN_UNLOAD) {
		o->action = KEXEC_ACT_UNLOAD;
	} else if (seen & SEEN_EXEC) {
		o->action = KEXEC_ACT_EXEC;
	} else if (seen & SEEN_FORCE) {
		o->action = KEXEC_ACT_LOAD_EXEC;
	} else if (seen & (SEEN_LOAD | SEEN_PANIC)) {
		o->action = KEXEC_ACT_LOAD;
	} else {
		o->action = KEXEC_ACT_LOAD_REBOOT;
	}
}

/* --boot-entry names what to load, so a kernel file would be a second
 * answer; its initrds come from the entry too. */
static enum kexec_parse_result check_boot_entry(struct parse_state *st)
{
	const struct kexec_options *o = st->o;

	if (o->kernel)
		return fail(st, KEXEC_PARSE_USAGE,
			    "give either a kernel image or --boot-entry, not "
			    "both");
	if (o->initrd)
		return fail(st, KEXEC_PARSE_USAGE,
			    "--initrd cannot be used with --boot-entry (the "
			    "entry names its initrds)");
	if (!o->boot_entry[0])
		return fail(st, KEXEC_PARSE_USAGE,
			    "--boot-entry needs an id, 'default' or 'latest'");
	return KEXEC_PARSE_OK;
}

static enum kexec_parse_result check_arguments(struct parse_state *st)
{
	struct kexec_options *o = st->o;
	bool loads = kexec_action_loads(o->action);

	if (o->boot_entry) {
		enum kexec_parse_result res = check_boot_entry(st);

		if (res != KEXEC_PARSE_OK)
			return res;
	} else if (loads && !o->kernel) {
		return fail(st, KEXEC_PARSE_USAGE, "no kernel image given");
	}
	if (!loads && o->kernel)
		return fail(st, KEXEC_PARSE_USAGE, "unexpected argument '%s'",
			    o->kernel);
	if (st->extra)
		return fail(st, KEXEC_PARSE_USAGE,
			    "unexpected argument '%s' (only one kernel image "
			    "is loaded; quote the --append text)",
			    st->extra);
	if (!loads && st->load_only)
		return fail(st, KEXEC_PARSE_USAGE,
			    "--%s only applies when loading a kernel",
			    st->load_only->name);
	if (o->verify_text && words_verify_from_name(o->verify_text, &o->verify))
		return fail(st, KEXEC_PARSE_USAGE,
			    "--verify=%s: xxh3, sha256 or none", o->verify_text);
	if (o->json && !o->dry_run && o->action != KEXEC_ACT_STATUS &&
	    o->action != KEXEC_ACT_LIST_ENTRIES)
		return fail(st, KEXEC_PARSE_USAGE,
			    "--json needs --dry-run or --status");
	return KEXEC_PARSE_OK;
}

static enum kexec_parse_result check_supported(struct parse_state *st)
{
	if (st->later)
		return fail(st, KEXEC_PARSE_UNSUPPORTED,
			    "--%s is not supported yet", st->later->name);
	return KEXEC_PARSE_OK;
}

/* kexec-tools reads these with strtoul(..., 0): decimal, 0x hex or 0
 * octal, no suffixes. */
static enum kexec_parse_result parse_address(struct parse_state *st,
					     const char *name, const char *text,
					     uint64_t *out)
{
	char *end;

	if (!text)
		return KEXEC_PARSE_OK;
	errno = 0;
	*out = strtoull(text, &end, 0);
	if (errno || end == text || *end || text[0] == '-')
		return fail(st, KEXEC_PARSE_USAGE,
			    "--%s=%s: not an address (decimal or 0x hex)",
			    name, text);
	return KEXEC_PARSE_OK;
}

static enum kexec_parse_result parse_bounds(struct parse_state *st)
{
	struct kexec_options *o = st->o;
	enum kexec_parse_result res;

	res = parse_address(st, "mem-min", o->mem_min_text, &o->mem_min);
	if (res == KEXEC_PARSE_OK)
		res = parse_address(st, "mem-max", o->mem_max_text,
				    &o->mem_max);
	if (res == KEXEC_PARSE_OK && o->mem_max_text &&
	    o->mem_max < o->mem_min)
		return fail(st, KEXEC_PARSE_USAGE,
			    "--mem-max=%s is below --mem-min=%s",
			    o->mem_max_text,
			    o->mem_min_text ? o->mem_min_text : "0");
	return res;
}

enum kexec_parse_result kexec_options_parse(struct kexec_options *opts,
					    int argc, char *const argv[])
{
	struct parse_state st = {.o = opts};
	enum kexec_parse_result res;

	memset(opts, 0, sizeof(*opts));
	opts->syscall = KX_SYSCALL_AUTO;
	opts->appends =
	    calloc(argc > 0 ? (size_t)argc : 1, sizeof(*opts->appends));
	opts->modules =
	    calloc(argc > 0 ? (size_t)argc : 1, sizeof(*opts->modules));
	if (!opts->appends || !opts->modules)
		return fail(&st, KEXEC_PARSE_USAGE, "out of memory");
	res = scan(&st, argc, argv);
	if (res != KEXEC_PARSE_OK || st.stop)
		return res;
	/* -S overrides every other action, so none conflicts with it. */
	if (!(st.seen & SEEN_STATUS)) {
		res = check_conflicts(&st);
		if (res != KEXEC_PARSE_OK)
			return res;
	}
	resolve_action(&st);
	res = check_supported(&st);
	if (res == KEXEC_PARSE_OK)
		res = parse_bounds(&st);
	if (res != KEXEC_PARSE_OK)
		return res;
	return check_arguments(&st);
}

void kexec_options_free(struct kexec_options *opts)
{
	free(opts->appends);
	opts->appends = NULL;
	opts->n_appends = 0;
	free(opts->modules);
	opts->modules = NULL;
	opts->n_modules = 0;
}

bool kexec_action_loads(enum kexec_action action)
{
	return action == KEXEC_ACT_LOAD || action == KEXEC_ACT_LOAD_EXEC ||
	       action == KEXEC_ACT_LOAD_REBOOT;
}

const char *kexec_usage_text(void)
{
	return "Usage: kexec [OPTION]... [KERNEL]\n"
	       "Load a new kernel and boot into it without the firmware.\n"
	       "\n"
	       "With a KERNEL and no action, load it and run "
	       "'shutdown -r now'.\n"
	       "\n"
	       "Actions:\n"
	       " -l, --load KERNEL        Load KERNEL for a later kexec -e.\n"
	       " -e, --exec               Boot into the loaded kernel now.\n"
	       " -f, --force KERNEL       Load KERNEL and boot into it at "
	       "once,\n"
	       "                          without calling shutdown.\n"
	       " -u, --unload             Unload the loaded kernel (with -p: "
	       "the\n"
	       "                          crash kernel).\n"
	       " -p, --load-panic KERNEL  Load a kernel to capture a dump on "
	       "panic\n"
	       "                          (kdump; needs crashkernel= at "
	       "boot).\n"
	       " -S, --status             Exit 1 if a kernel is loaded, 0 if "
	       "not\n"
	       "                          (crash slot unless -l is given).\n"
	       "     --print-ckr-size     Print the crash kernel region "
	       "size.\n"
	       "     --list-entries       List the boot entries found in "
	       "/boot and the ESP\n"
	       "                          (the default marked '*'; --json "
	       "for JSON).\n"
	       " -h, --help               Print this help.\n"
	       " -v, --version            Print the version.\n"
	       "\n"
	       "Loading:\n"
	       " -t, --type=TYPE          Image type (bzImage, ...); probed "
	       "by default.\n"
	       "     --initrd=FILE        Initial ramdisk (also --ramdisk).\n"
	       "     --module=\"FILE ARGS\" A Multiboot module with its command "
	       "line\n"
	       "                          (repeatable, in order).\n"
	       "     --boot-entry=ID      Load a boot entry instead of a "
	       "KERNEL: an id\n"
	       "                          from --list-entries, 'default' or "
	       "'latest';\n"
	       "                          --append adds to its options.\n"
	       "     --command-line=TEXT  Kernel command line (the last one "
	       "counts).\n"
	       "     --append=TEXT        Add TEXT to the command line "
	       "(repeatable).\n"
	       "     --reuse-cmdline      Start from the running kernel's "
	       "command line,\n"
	       "                          without BOOT_IMAGE=.\n"
	       " -s, --kexec-file-syscall Use kexec_file_load only.\n"
	       " -c, --kexec-syscall      Use kexec_load only.\n"
	       " -a, --kexec-syscall-auto Try kexec_file_load, fall back to "
	       "kexec_load\n"
	       "                          when it cannot take the image "
	       "(default).\n"
	       "     --dry-run            Check everything and print the "
	       "plan; load nothing.\n"
	       "     --json               Print the plan or status as JSON.\n"
	       "\n"
	       "Booting:\n"
	       " -x, --no-ifdown          Do not bring network interfaces "
	       "down.\n"
	       " -y, --no-sync            Do not sync file systems.\n"
	       "     --verify=ALG         kexec_load: the purgatory checks "
	       "xxh3 (default),\n"
	       "                          sha256 or none before jumping.\n"
	       " -i, --no-checks          kexec_load: --verify=none.\n"
	       " -d, --debug              Print the plan and the system call "
	       "used.\n"
	       "\n"
	       "Exit status: 0 success; 1 usage error or unmet precondition; "
	       "255 the\n"
	       "image was refused or a system call failed.  See kexec(8).\n";
}
