/* The kexec command line, parsed into one struct.  Parsing is pure: no
 * I/O, no library calls, so every option can be unit tested; acting on
 * the result is actions.c's business. */
#ifndef KEXEC_CLI_OPTIONS_H
#define KEXEC_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libkexec.h"

enum kexec_action {
	KEXEC_ACT_LOAD_REBOOT, /* kernel and no action: load, shutdown -r now */
	KEXEC_ACT_LOAD,	       /* -l, -p */
	KEXEC_ACT_LOAD_EXEC,   /* -f */
	KEXEC_ACT_EXEC,	       /* -e */
	KEXEC_ACT_UNLOAD,      /* -u */
	KEXEC_ACT_STATUS,      /* -S */
	KEXEC_ACT_HELP,	       /* -h */
	KEXEC_ACT_VERSION,     /* -v */
	KEXEC_ACT_PRINT_CKR_SIZE,
	KEXEC_ACT_LIST_ENTRIES, /* --list-entries */
};

enum kexec_parse_result {
	KEXEC_PARSE_OK = 0,
	KEXEC_PARSE_USAGE,	 /* error[] says what is wrong */
	KEXEC_PARSE_UNSUPPORTED, /* error[] names the option */
};

struct kexec_options {
	enum kexec_action action;
	bool crash; /* -p: the crash (panic) slot */
	enum kx_syscall_mode syscall;
	bool no_ifdown;
	bool no_sync;
	bool debug;
	bool no_checks;
	const char *verify_text; /* --verify=, NULL: xxh3 */
	enum kx_verify verify;
	bool dry_run;
	bool json;
	bool reuse_cmdline;
#ifdef KX_TEST_HOOKS
	bool test_corrupt; /* --test-corrupt-after-hash (kexec-test only) */
#endif
	const char *mem_min_text, *mem_max_text;
	uint64_t mem_min, mem_max; /* 0 when not given */
	const char *kernel;
	const char *initrd;
	const char *type;
	const char *command_line; /* the last --command-line */
	const char *boot_entry;	  /* --boot-entry: instead of a kernel file */
	const char **appends;	  /* every --append, in order */
	size_t n_appends;
	const char **modules;	  /* every --module "FILE ARGS", in order */
	size_t n_modules;
	char error[256];
};

/* Fill OPTS from ARGV (argv[0] is the program name).  Strings point into
 * ARGV.  Call kexec_options_free() whatever the result. */
enum kexec_parse_result kexec_options_parse(struct kexec_options *opts,
					    int argc, char *const argv[]);
void kexec_options_free(struct kexec_options *opts);

/* Whether the action loads an image (and so takes a kernel file). */
bool kexec_action_loads(enum kexec_action action);

/* The --help text. */
const char *kexec_usage_text(void);

#endif
