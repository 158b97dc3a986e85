/* The kexec command line parser: every option in its short and long
 * spellings, the forms other programs use, and the errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"

static struct kexec_options opts;

static enum kexec_parse_result parse_words(const char *const *words)
{
	int argc = 0;

	while (words[argc])
		argc++;
	return kexec_options_parse(&opts, argc, (char *const *)words);
}

#define PARSE(...)                                                             \
	parse_words((const char *const[]){"kexec", __VA_ARGS__, NULL})

static int free_opts(void **state)
{
	(void)state;
	kexec_options_free(&opts);
	return 0;
}

static void assert_ok(enum kexec_parse_result res)
{
	if (res != KEXEC_PARSE_OK)
		fail_msg("parse failed: %s", opts.error);
}

static void assert_usage(enum kexec_parse_result res, const char *message)
{
	assert_int_equal(res, KEXEC_PARSE_USAGE);
	assert_string_equal(opts.error, message);
}

static void assert_unsupported(enum kexec_parse_result res, const char *message)
{
	assert_int_equal(res, KEXEC_PARSE_UNSUPPORTED);
	assert_string_equal(opts.error, message);
}

/* ---- actions --------------------------------------------------------- */

static void test_version(void **state)
{
	(void)state;
	assert_ok(PARSE("-v"));
	assert_int_equal(opts.action, KEXEC_ACT_VERSION);
	kexec_options_free(&opts);
	assert_ok(PARSE("--version"));
	assert_int_equal(opts.action, KEXEC_ACT_VERSION);
}

static void test_help(void **state)
{
	(void)state;
	assert_ok(PARSE("-h"));
	assert_int_equal(opts.action, KEXEC_ACT_HELP);
	kexec_options_free(&opts);
	assert_ok(PARSE("--help"));
	assert_int_equal(opts.action, KEXEC_ACT_HELP);
}

/* Like kexec-tools, -h answers at once: later words are not looked at,
 * earlier bad ones are still reported. */
static void test_help_stops_parsing(void **state)
{
	(void)state;
	assert_ok(PARSE("-h", "--bogus", "a", "b"));
	assert_int_equal(opts.action, KEXEC_ACT_HELP);
	kexec_options_free(&opts);
	assert_usage(PARSE("--bogus", "-h"), "unrecognized option '--bogus'");
}

static void test_load(void **state)
{
	(void)state;
	assert_ok(PARSE("-l", "/boot/vmlinuz"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
	assert_string_equal(opts.kernel, "/boot/vmlinuz");
	assert_false(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("--load", "/boot/vmlinuz"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
	assert_string_equal(opts.kernel, "/boot/vmlinuz");
}

static void test_kernel_before_options(void **state)
{
	(void)state;
	assert_ok(PARSE("/boot/vmlinuz", "-l", "--initrd", "/boot/initrd"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
	assert_string_equal(opts.kernel, "/boot/vmlinuz");
	assert_string_equal(opts.initrd, "/boot/initrd");
}

static void test_default_action_loads_and_reboots(void **state)
{
	(void)state;
	assert_ok(PARSE("/boot/vmlinuz"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD_REBOOT);
	assert_string_equal(opts.kernel, "/boot/vmlinuz");
	assert_int_equal(opts.syscall, KX_SYSCALL_AUTO);
	assert_false(opts.no_sync);
	assert_false(opts.no_ifdown);
}

static void test_no_arguments(void **state)
{
	(void)state;
	assert_usage(parse_words((const char *const[]){"kexec", NULL}),
		     "no kernel image given");
}

static void test_force(void **state)
{
	(void)state;
	assert_ok(PARSE("-f", "K"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD_EXEC);
	assert_string_equal(opts.kernel, "K");
	kexec_options_free(&opts);
	assert_ok(PARSE("--force", "K"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD_EXEC);
}

static void test_force_needs_kernel(void **state)
{
	(void)state;
	assert_usage(PARSE("-f"), "no kernel image given");
	kexec_options_free(&opts);
	assert_usage(PARSE("--load"), "no kernel image given");
}

static void test_exec(void **state)
{
	(void)state;
	assert_ok(PARSE("-e"));
	assert_int_equal(opts.action, KEXEC_ACT_EXEC);
	assert_null(opts.kernel);
	kexec_options_free(&opts);
	assert_ok(PARSE("--exec"));
	assert_int_equal(opts.action, KEXEC_ACT_EXEC);
}

static void test_unload(void **state)
{
	(void)state;
	assert_ok(PARSE("-u"));
	assert_int_equal(opts.action, KEXEC_ACT_UNLOAD);
	assert_false(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("--unload"));
	assert_int_equal(opts.action, KEXEC_ACT_UNLOAD);
}

static void test_unload_crash(void **state)
{
	(void)state;
	assert_ok(PARSE("-u", "-p"));
	assert_int_equal(opts.action, KEXEC_ACT_UNLOAD);
	assert_true(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("--load-panic", "--unload", "-c"));
	assert_int_equal(opts.action, KEXEC_ACT_UNLOAD);
	assert_true(opts.crash);
	assert_int_equal(opts.syscall, KX_SYSCALL_CLASSIC);
}

static void test_status_default_slot_is_crash(void **state)
{
	(void)state;
	assert_ok(PARSE("-S"));
	assert_int_equal(opts.action, KEXEC_ACT_STATUS);
	assert_true(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("--status"));
	assert_int_equal(opts.action, KEXEC_ACT_STATUS);
	assert_true(opts.crash);
}

static void test_status_load_selects_normal_slot(void **state)
{
	(void)state;
	assert_ok(PARSE("-S", "-l"));
	assert_int_equal(opts.action, KEXEC_ACT_STATUS);
	assert_false(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("--load", "--status"));
	assert_false(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("-S", "-p"));
	assert_true(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("-Sl"));
	assert_false(opts.crash);
}

/* "Note this option supersedes other options" (kexec(8)). */
static void test_status_supersedes_actions(void **state)
{
	(void)state;
	assert_ok(PARSE("-S", "-e"));
	assert_int_equal(opts.action, KEXEC_ACT_STATUS);
	kexec_options_free(&opts);
	assert_ok(PARSE("-u", "-S", "-l"));
	assert_int_equal(opts.action, KEXEC_ACT_STATUS);
	assert_false(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("-S", "--json"));
	assert_true(opts.json);
}

static void test_print_ckr_size(void **state)
{
	(void)state;
	assert_ok(PARSE("--print-ckr-size"));
	assert_int_equal(opts.action, KEXEC_ACT_PRINT_CKR_SIZE);
}

/* ---- modifiers ------------------------------------------------------- */

static void test_syscall_choice(void **state)
{
	static const struct {
		const char *word;
		enum kx_syscall_mode mode;
	} cases[] = {
	    {"-s", KX_SYSCALL_FILE},
	    {"--kexec-file-syscall", KX_SYSCALL_FILE},
	    {"-c", KX_SYSCALL_CLASSIC},
	    {"--kexec-syscall", KX_SYSCALL_CLASSIC},
	    {"-a", KX_SYSCALL_AUTO},
	    {"--kexec-syscall-auto", KX_SYSCALL_AUTO},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_ok(PARSE("-s", "-l", cases[i].word, "K"));
		assert_int_equal(opts.syscall, cases[i].mode);
		kexec_options_free(&opts);
	}
	assert_ok(PARSE("-l", "K"));
	assert_int_equal(opts.syscall, KX_SYSCALL_AUTO);
}

static void test_flags(void **state)
{
	(void)state;
	assert_ok(PARSE("-e", "-x", "-y", "-d", "-i"));
	assert_true(opts.no_ifdown);
	assert_true(opts.no_sync);
	assert_true(opts.debug);
	assert_true(opts.no_checks);
	kexec_options_free(&opts);
	assert_ok(
	    PARSE("-e", "--no-ifdown", "--no-sync", "--debug", "--no-checks"));
	assert_true(opts.no_ifdown);
	assert_true(opts.no_sync);
	assert_true(opts.debug);
	assert_true(opts.no_checks);
	kexec_options_free(&opts);
	assert_ok(PARSE("-e"));
	assert_false(opts.no_ifdown);
	assert_false(opts.no_sync);
	assert_false(opts.debug);
	assert_false(opts.no_checks);
}

/* --verify=ALG: xxh3 when absent; anything else but the three is a usage
 * error; it only makes sense when loading. */
static void test_verify(void **state)
{
	(void)state;
	assert_ok(PARSE("-l", "vmlinuz"));
	assert_int_equal(opts.verify, KX_VERIFY_XXH3);
	kexec_options_free(&opts);
	assert_ok(PARSE("-l", "--verify=sha256", "vmlinuz"));
	assert_int_equal(opts.verify, KX_VERIFY_SHA256);
	kexec_options_free(&opts);
	assert_ok(PARSE("-l", "--verify", "none", "vmlinuz"));
	assert_int_equal(opts.verify, KX_VERIFY_NONE);
	kexec_options_free(&opts);
	assert_ok(PARSE("-l", "--verify=xxh3", "vmlinuz"));
	assert_int_equal(opts.verify, KX_VERIFY_XXH3);
	kexec_options_free(&opts);
	assert_usage(PARSE("-l", "--verify=md5", "vmlinuz"),
		     "--verify=md5: xxh3, sha256 or none");
	kexec_options_free(&opts);
	assert_usage(PARSE("-u", "--verify=sha256"),
		     "--verify only applies when loading a kernel");
}

static void test_bundled_short_options(void **state)
{
	(void)state;
	assert_ok(PARSE("-fxy", "K"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD_EXEC);
	assert_true(opts.no_ifdown);
	assert_true(opts.no_sync);
	kexec_options_free(&opts);
	assert_ok(PARSE("-lst", "bzImage", "K"));
	assert_int_equal(opts.syscall, KX_SYSCALL_FILE);
	assert_string_equal(opts.type, "bzImage");
	assert_string_equal(opts.kernel, "K");
}

static void test_type(void **state)
{
	const char *const *forms[] = {
	    (const char *const[]){"kexec", "-l", "--type=bzImage", "K", NULL},
	    (const char *const[]){"kexec", "-l", "--type", "bzImage", "K",
				  NULL},
	    (const char *const[]){"kexec", "-l", "-t", "bzImage", "K", NULL},
	    (const char *const[]){"kexec", "-l", "-tbzImage", "K", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_ok(parse_words(forms[i]));
		assert_string_equal(opts.type, "bzImage");
		assert_string_equal(opts.kernel, "K");
		kexec_options_free(&opts);
	}
}

static void test_initrd_forms(void **state)
{
	const char *const *forms[] = {
	    (const char *const[]){"kexec", "-l", "K", "--initrd=I", NULL},
	    (const char *const[]){"kexec", "-l", "K", "--initrd", "I", NULL},
	    (const char *const[]){"kexec", "-l", "K", "--ramdisk=I", NULL},
	    (const char *const[]){"kexec", "-l", "K", "--ramdisk", "I", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_ok(parse_words(forms[i]));
		assert_string_equal(opts.initrd, "I");
		assert_string_equal(opts.kernel, "K");
		kexec_options_free(&opts);
	}
}

static void test_append_forms(void **state)
{
	(void)state;
	assert_ok(PARSE("-l", "K", "--append=root=/dev/sda1 ro"));
	assert_int_equal(opts.n_appends, 1);
	assert_string_equal(opts.appends[0], "root=/dev/sda1 ro");
	kexec_options_free(&opts);
	assert_ok(PARSE("-l", "K", "--append", "root=/dev/sda1 ro"));
	assert_int_equal(opts.n_appends, 1);
	assert_string_equal(opts.appends[0], "root=/dev/sda1 ro");
	assert_null(opts.command_line);
}

static void test_repeated_append_keeps_all_in_order(void **state)
{
	(void)state;
	assert_ok(
	    PARSE("-l", "K", "--append=a", "--append", "b c", "--append=d"));
	assert_int_equal(opts.n_appends, 3);
	assert_string_equal(opts.appends[0], "a");
	assert_string_equal(opts.appends[1], "b c");
	assert_string_equal(opts.appends[2], "d");
}

/* kexec-tools' syntax: "FILE ARGS", repeatable, in order; the value may
 * be the next word. */
static void test_modules_in_order(void **state)
{
	(void)state;
	assert_ok(PARSE("-l", "K", "--module=mod1 a b", "--module", "mod2"));
	assert_int_equal(opts.n_modules, 2);
	assert_string_equal(opts.modules[0], "mod1 a b");
	assert_string_equal(opts.modules[1], "mod2");
	assert_string_equal(opts.kernel, "K");
	kexec_options_free(&opts);
	assert_usage(PARSE("-e", "--module=m"),
		     "--module only applies when loading a kernel");
}

static void test_command_line_last_wins(void **state)
{
	(void)state;
	assert_ok(PARSE("-l", "K", "--command-line=first", "--append=x",
			"--command-line", "second"));
	assert_string_equal(opts.command_line, "second");
	assert_int_equal(opts.n_appends, 1);
	assert_string_equal(opts.appends[0], "x");
}

static void test_append_values_look_like_options(void **state)
{
	(void)state;
	/* A value in the next word is taken whatever it looks like, as
	 * getopt_long does. */
	assert_ok(PARSE("-l", "K", "--append", "-x", "--append="));
	assert_int_equal(opts.n_appends, 2);
	assert_string_equal(opts.appends[0], "-x");
	assert_string_equal(opts.appends[1], "");
	assert_false(opts.no_ifdown);
}

static void test_reuse_cmdline(void **state)
{
	(void)state;
	assert_ok(PARSE("-l", "K", "--reuse-cmdline", "--append=quiet"));
	assert_true(opts.reuse_cmdline);
	assert_string_equal(opts.appends[0], "quiet");
}

/* systemd's kexec: separate words, kernel right after --load. */
static void test_systemd_form(void **state)
{
	(void)state;
	assert_ok(PARSE("--load", "/boot/vmlinuz-6.1.0", "--append",
			"root=UUID=1234 ro quiet", "--initrd",
			"/boot/initrd.img-6.1.0"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
	assert_string_equal(opts.kernel, "/boot/vmlinuz-6.1.0");
	assert_string_equal(opts.initrd, "/boot/initrd.img-6.1.0");
	assert_int_equal(opts.n_appends, 1);
	assert_string_equal(opts.appends[0], "root=UUID=1234 ro quiet");
}

static void test_dry_run_and_json(void **state)
{
	(void)state;
	assert_ok(PARSE("--dry-run", "-l", "K"));
	assert_true(opts.dry_run);
	assert_false(opts.json);
	kexec_options_free(&opts);
	assert_ok(PARSE("--dry-run", "--json", "K"));
	assert_true(opts.dry_run);
	assert_true(opts.json);
	assert_int_equal(opts.action, KEXEC_ACT_LOAD_REBOOT);
	kexec_options_free(&opts);
	assert_ok(PARSE("-e", "--dry-run", "--json"));
	assert_int_equal(opts.action, KEXEC_ACT_EXEC);
}

static void test_json_needs_dry_run_or_status(void **state)
{
	(void)state;
	assert_usage(PARSE("-l", "K", "--json"),
		     "--json needs --dry-run or --status");
}

static void test_abbreviated_long_options(void **state)
{
	(void)state;
	assert_ok(PARSE("--init=I", "--dry", "--app", "a", "--load", "K"));
	assert_string_equal(opts.initrd, "I");
	assert_true(opts.dry_run);
	assert_string_equal(opts.appends[0], "a");
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
}

static void test_ambiguous_long_option(void **state)
{
	(void)state;
	assert_usage(PARSE("--lo", "K"), "option '--lo' is ambiguous");
	kexec_options_free(&opts);
	assert_usage(PARSE("--kexec-sys", "K"),
		     "option '--kexec-sys' is ambiguous");
}

static void test_exact_name_beats_longer_ones(void **state)
{
	(void)state;
	/* --load is also the start of --load-panic and friends. */
	assert_ok(PARSE("--load", "K", "--kexec-syscall"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
	assert_int_equal(opts.syscall, KX_SYSCALL_CLASSIC);
}

static void test_double_dash_ends_options(void **state)
{
	(void)state;
	assert_ok(PARSE("-l", "--", "-kernel-with-dash"));
	assert_string_equal(opts.kernel, "-kernel-with-dash");
}

/* ---- errors ---------------------------------------------------------- */

static void test_missing_values(void **state)
{
	static const struct {
		const char *word;
		const char *message;
	} cases[] = {
	    {"--initrd", "option '--initrd' needs a value"},
	    {"--ramdisk", "option '--ramdisk' needs a value"},
	    {"--append", "option '--append' needs a value"},
	    {"--command-line", "option '--command-line' needs a value"},
	    {"--type", "option '--type' needs a value"},
	    {"-t", "option '-t' needs a value"},
	    {"--module", "option '--module' needs a value"},
	    {"--mem-min", "option '--mem-min' needs a value"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_usage(PARSE("-l", "K", cases[i].word), cases[i].message);
		kexec_options_free(&opts);
	}
}

/* The QEMU tests' hook exists only in kexec-test (-DKX_TEST_HOOKS): the
 * installed command refuses it, abbreviated too. */
static void test_no_test_hook_in_the_command(void **state)
{
	(void)state;
	assert_usage(PARSE("-c", "-l", "K", "--test-corrupt-after-hash"),
		     "unrecognized option '--test-corrupt-after-hash'");
	kexec_options_free(&opts);
	assert_usage(PARSE("-l", "K", "--test-corrupt"),
		     "unrecognized option '--test-corrupt'");
	assert_null(strstr(kexec_usage_text(), "corrupt"));
}

static void test_unknown_options(void **state)
{
	(void)state;
	assert_usage(PARSE("-l", "K", "--bogus"),
		     "unrecognized option '--bogus'");
	kexec_options_free(&opts);
	assert_usage(PARSE("-l", "K", "--bogus=1"),
		     "unrecognized option '--bogus'");
	kexec_options_free(&opts);
	assert_usage(PARSE("-q", "K"), "invalid option -- 'q'");
	kexec_options_free(&opts);
	assert_usage(PARSE("-lq", "K"), "invalid option -- 'q'");
	kexec_options_free(&opts);
	assert_usage(PARSE("-?"), "invalid option -- '?'");
}

static void test_value_given_to_flag(void **state)
{
	(void)state;
	assert_usage(PARSE("--load=K"), "option '--load' takes no value");
}

static void test_not_supported_yet(void **state)
{
	static const struct {
		const char *word;
		const char *message;
	} cases[] = {
	    {"--reuseinitrd", "--reuseinitrd is not supported yet"},
	    {"--load-preserve-context",
	     "--load-preserve-context is not supported yet"},
	    {"--load-jump-back-helper",
	     "--load-jump-back-helper is not supported yet"},
	    {"--entry=0x1000", "--entry is not supported yet"},
	    {"--elf32-core-headers",
	     "--elf32-core-headers is not supported yet"},
	    {"--console-serial", "--console-serial is not supported yet"},
	    {"--console-vga", "--console-vga is not supported yet"},
	    {"--reset-vga", "--reset-vga is not supported yet"},
	    {"--serial=ttyS0", "--serial is not supported yet"},
	    {"--serial-baud=115200", "--serial-baud is not supported yet"},
	    {"--hotplug", "--hotplug is not supported yet"},
	    {"--real-mode", "--real-mode is not supported yet"},
	    {"--dtb=x.dtb", "--dtb is not supported yet"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_unsupported(PARSE("-l", "K", cases[i].word),
				   cases[i].message);
		kexec_options_free(&opts);
	}
}

static void test_not_supported_value_in_next_word(void **state)
{
	(void)state;
	/* The value must not be taken for the kernel. */
	assert_unsupported(PARSE("--dtb", "x.dtb", "-l", "K"),
			   "--dtb is not supported yet");
}

/* -p loads into the crash slot, alone or with -l, in either order. */
static void test_panic_load(void **state)
{
	(void)state;
	assert_ok(PARSE("-p", "K"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
	assert_true(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("--load-panic", "-l", "K"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
	assert_true(opts.crash);
	kexec_options_free(&opts);
	assert_ok(PARSE("-l", "-p", "K", "--elf64-core-headers"));
	assert_true(opts.crash);
}

static void test_conflicting_actions(void **state)
{
	static const struct {
		const char *a, *b;
		const char *message;
	} cases[] = {
	    {"-l", "-e", "-l and -e cannot be used together"},
	    {"--load", "--unload", "-l and -u cannot be used together"},
	    {"-f", "-l", "-l and -f cannot be used together"},
	    {"-e", "-u", "-e and -u cannot be used together"},
	    {"--force", "--exec", "-e and -f cannot be used together"},
	    {"-u", "-f", "-u and -f cannot be used together"},
	    {"-p", "-e", "-p and -e cannot be used together"},
	    {"-p", "--force", "-p and -f cannot be used together"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_usage(PARSE(cases[i].a, cases[i].b, "K"),
			     cases[i].message);
		kexec_options_free(&opts);
	}
}

static void test_repeated_action_is_fine(void **state)
{
	(void)state;
	assert_ok(PARSE("-l", "--load", "K"));
	assert_int_equal(opts.action, KEXEC_ACT_LOAD);
}

static void test_extra_arguments(void **state)
{
	(void)state;
	assert_usage(PARSE("-l", "K", "quiet"),
		     "unexpected argument 'quiet' (only one kernel image is "
		     "loaded; quote the --append text)");
	kexec_options_free(&opts);
	assert_usage(PARSE("-e", "K"), "unexpected argument 'K'");
	kexec_options_free(&opts);
	assert_usage(PARSE("-u", "K"), "unexpected argument 'K'");
}

/* kexec-tools refuses loader options when nothing is loaded, too. */
static void test_load_options_without_load(void **state)
{
	(void)state;
	assert_usage(PARSE("-e", "--initrd=I"),
		     "--initrd only applies when loading a kernel");
	kexec_options_free(&opts);
	assert_usage(PARSE("-u", "--append", "x"),
		     "--append only applies when loading a kernel");
	kexec_options_free(&opts);
	assert_usage(PARSE("-S", "--reuse-cmdline"),
		     "--reuse-cmdline only applies when loading a kernel");
	kexec_options_free(&opts);
	assert_usage(PARSE("-e", "--command-line=x"),
		     "--command-line only applies when loading a kernel");
}

/* Every long option of kexec-tools 2.0.x on x86 is known: none of them is
 * taken for the kernel or reported as unknown. */
static void test_every_kexec_tools_option_is_known(void **state)
{
	static const char *const with_value[] = {
	    "type",   "mem-min", "mem-max",	"entry",
	    "initrd", "ramdisk", "append",	"command-line",
	    "module", "serial",	 "serial-baud", "dtb",
	};
	static const char *const flags[] = {
	    "help",
	    "version",
	    "force",
	    "no-checks",
	    "no-ifdown",
	    "no-sync",
	    "load",
	    "unload",
	    "exec",
	    "exec-live-update",
	    "load-preserve-context",
	    "load-jump-back-helper",
	    "load-live-update",
	    "load-panic",
	    "reuseinitrd",
	    "kexec-file-syscall",
	    "kexec-syscall",
	    "kexec-syscall-auto",
	    "debug",
	    "status",
	    "print-ckr-size",
	    "hotplug",
	    "reset-vga",
	    "console-vga",
	    "console-serial",
	    "elf32-core-headers",
	    "elf64-core-headers",
	    "pass-memmap-cmdline",
	    "noefi",
	    "reuse-video-type",
	    "reuse-cmdline",
	    "args-elf",
	    "args-linux",
	    "args-none",
	    "real-mode",
	    "entry-32bit",
	};
	char word[64];

	(void)state;
	for (size_t i = 0; i < sizeof(with_value) / sizeof(*with_value); i++) {
		snprintf(word, sizeof(word), "--%s=1", with_value[i]);
		PARSE("-l", "K", word);
		assert_null(strstr(opts.error, "unrecognized"));
		assert_null(strstr(opts.error, "unexpected"));
		kexec_options_free(&opts);
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++) {
		snprintf(word, sizeof(word), "--%s", flags[i]);
		PARSE("-l", "K", word);
		assert_null(strstr(opts.error, "unrecognized"));
		assert_null(strstr(opts.error, "takes no value"));
		kexec_options_free(&opts);
	}
}

static void test_usage_text_lists_options(void **state)
{
	static const char *const words[] = {
	    "--load",	       "--exec",	  "--unload",
	    "--force",	       "--status",	  "--load-panic",
	    "--type",	       "--initrd",	  "--append",
	    "--command-line",  "--reuse-cmdline", "--kexec-file-syscall",
	    "--kexec-syscall", "--dry-run",	  "--json",
	    "--no-ifdown",     "--no-sync",	  "--debug",
	    "--version",       "--help",	  "--print-ckr-size",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (!strstr(kexec_usage_text(), words[i]))
			fail_msg("usage text lacks %s", words[i]);
}

#define T(fn) cmocka_unit_test_teardown(fn, free_opts)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_version),
	    T(test_help),
	    T(test_help_stops_parsing),
	    T(test_load),
	    T(test_kernel_before_options),
	    T(test_default_action_loads_and_reboots),
	    T(test_no_arguments),
	    T(test_force),
	    T(test_force_needs_kernel),
	    T(test_exec),
	    T(test_unload),
	    T(test_unload_crash),
	    T(test_status_default_slot_is_crash),
	    T(test_status_load_selects_normal_slot),
	    T(test_status_supersedes_actions),
	    T(test_print_ckr_size),
	    T(test_syscall_choice),
	    T(test_flags),
	    T(test_verify),
	    T(test_bundled_short_options),
	    T(test_type),
	    T(test_initrd_forms),
	    T(test_append_forms),
	    T(test_repeated_append_keeps_all_in_order),
	    T(test_command_line_last_wins),
	    T(test_append_values_look_like_options),
	    T(test_reuse_cmdline),
	    T(test_systemd_form),
	    T(test_dry_run_and_json),
	    T(test_json_needs_dry_run_or_status),
	    T(test_abbreviated_long_options),
	    T(test_ambiguous_long_option),
	    T(test_exact_name_beats_longer_ones),
	    T(test_double_dash_ends_options),
	    T(test_missing_values),
	    T(test_unknown_options),
	    T(test_value_given_to_flag),
	    T(test_not_supported_yet),
	    T(test_not_supported_value_in_next_word),
	    T(test_modules_in_order),
	    T(test_panic_load),
	    T(test_conflicting_actions),
	    T(test_repeated_action_is_fine),
	    T(test_extra_arguments),
	    T(test_load_options_without_load),
	    T(test_every_kexec_tools_option_is_known),
	    T(test_usage_text_lists_options),
	    T(test_no_test_hook_in_the_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
