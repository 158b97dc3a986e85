#include "actions.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "options.h"
#include "report.h"
#include "testhook.h"

struct run {
	kx_ctx *ctx;
	const struct kexec_env *env;
	const struct kexec_options *opts;
};

static int fail_library(const struct run *r, int rc)
{
	const char *msg = kx_ctx_message(r->ctx);

	/* Messages name files, whose names may hold any byte. */
	report_line(r->env->err, "kexec: %s", msg[0] ? msg : strerror(-rc));
	return KEXEC_EXIT_FAILURE;
}

/* Before any system call: a file that is not there or not readable is
 * the caller's mistake, like a usage error, and so is asking for what is
 * not supported yet (--type=multiboot-x86); anything else means the image
 * was refused. */
static int load_exit_code(int rc)
{
	switch (-rc) {
	case EOPNOTSUPP:
	case ENOENT:
	case EACCES:
	case EPERM:
	case EISDIR:
	case ENOTDIR:
	case ELOOP:
	case ENAMETOOLONG:
	case EADDRNOTAVAIL: /* -p without a crashkernel= reservation */
		return KEXEC_EXIT_USAGE;
	default:
		return KEXEC_EXIT_FAILURE;
	}
}

static unsigned load_flags(const struct kexec_options *o)
{
	return (o->crash ? KX_LOAD_CRASH : 0) |
	       (o->no_checks ? KX_LOAD_NO_CHECKS : 0) |
	       (o->debug ? KX_LOAD_DEBUG : 0);
}

/* --reuse-cmdline, then --command-line, then every --append; NULL when
 * none of them was given, so the kernel gets no command line at all. */
static int compose_cmdline(const struct run *r, char **out)
{
	const struct kexec_options *o = r->opts;
	const char **parts;
	char *reused = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (!o->reuse_cmdline && !o->command_line && !o->n_appends)
		return 0;
	parts = calloc(o->n_appends + 2, sizeof(*parts));
	if (!parts)
		return -ENOMEM;
	if (o->reuse_cmdline) {
		rc = kx_cmdline_reuse(r->ctx, load_flags(o), &reused);
		if (rc)
			goto out;
		parts[n++] = reused;
	}
	if (o->command_line)
		parts[n++] = o->command_line;
	for (size_t i = 0; i < o->n_appends; i++)
		parts[n++] = o->appends[i];
	rc = kx_cmdline_join(r->ctx, parts, n, out);
out:
	free(reused);
	free(parts);
	return rc;
}

static void sync_and_ifdown(const struct run *r)
{
	const struct kexec_env *env = r->env;

	if (!r->opts->no_sync)
		env->sync(env->data);
	if (!r->opts->no_ifdown) {
		int n = env->ifdown(env->data);

		/* A card that stays up is no reason to give up the
		 * reboot, as with kexec-tools. */
		if (r->opts->debug && n >= 0)
			fprintf(env->err, "kexec: %d network interfaces down\n",
				n);
		else if (n < 0)
			fprintf(env->err,
				"kexec: cannot bring network interfaces "
				"down: %s\n",
				strerror(-n));
	}
}

static int boot_loaded(const struct run *r)
{
	int rc;

	sync_and_ifdown(r);
	/* Whatever is still buffered would be lost with this kernel. */
	fflush(r->env->out);
	fflush(r->env->err);
	rc = kx_exec(r->ctx);
	return rc ? fail_library(r, rc) : KEXEC_EXIT_OK;
}

static int reboot_gracefully(const struct run *r)
{
	int rc = r->env->shutdown(r->env->data);

	if (rc == 0)
		return KEXEC_EXIT_OK;
	fprintf(r->env->err, "kexec: cannot run shutdown -r now: %s\n",
		strerror(-rc));
	return KEXEC_EXIT_FAILURE;
}

static void print_plan(const struct run *r, const kx_plan *plan, FILE *f)
{
	struct plan_view v;

	view_of_plan(&v, plan);
	if (r->opts->json)
		report_plan_json(f, &v, r->opts);
	else
		report_plan_text(f, &v, r->opts);
}

static const char *syscall_used(const kx_plan *plan)
{
	uint64_t used = KX_SYSCALL_FILE;

	kx_plan_get_u64(plan, KX_KEY_SYSCALL_USED, &used);
	return kx_syscall_name(used);
}

/* Under -a the real load falls back to kexec_load when the kernel
 * cannot take the file: its layout is checked and shown too, so the dry
 * run fails wherever the load would. */
static int dry_run(const struct run *r, kx_plan *plan)
{
	int rc = 0;

	if (r->opts->syscall == KX_SYSCALL_AUTO)
		rc = kx_plan_build_classic(r->ctx, plan);
	if (rc)
		return fail_library(r, rc);
	print_plan(r, plan, r->env->out);
	return KEXEC_EXIT_OK;
}

static int load_plan(const struct run *r, kx_plan *plan)
{
	const struct kexec_options *o = r->opts;
	int rc;

	if (o->dry_run)
		return dry_run(r, plan);
	if (o->debug)
		print_plan(r, plan, r->env->err);
	rc = testhook_install(r->ctx, plan, o);
	if (!rc)
		rc = kx_plan_load(r->ctx, plan);
	if (rc)
		return fail_library(r, rc);
	if (o->debug)
		fprintf(r->env->err, "kexec: loaded with %s\n",
			syscall_used(plan));
	if (o->action == KEXEC_ACT_LOAD_REBOOT)
		return reboot_gracefully(r);
	if (o->action == KEXEC_ACT_LOAD_EXEC)
		return boot_loaded(r);
	return KEXEC_EXIT_OK;
}

/* ---- boot entries (--list-entries, --boot-entry) ---------------------- */

static int list_or_fail(const struct run *r, kx_entry_list **list)
{
	int rc = kx_entries_list(r->ctx, 0, list);

	return rc ? fail_library(r, rc) : KEXEC_EXIT_OK;
}

/* The width of the id (or version) column: the longest one, so the
 * columns after it line up whatever GRUB names its entries. */
static int column_width(const kx_entry_list *list, bool version)
{
	size_t w = 2;

	for (size_t i = 0; i < kx_entries_count(list); i++) {
		const kx_entry *e = kx_entries_get(list, i);
		size_t n = strlen(version ? kx_entry_version(e) : kx_entry_id(e));

		w = n > w ? n : w;
	}
	return w > INT_MAX ? INT_MAX : (int)w;
}

static void print_entries_text(FILE *f, const kx_entry_list *list)
{
	int wid = column_width(list, false), wver = column_width(list, true);

	for (size_t i = 0; i < kx_entries_count(list); i++) {
		const kx_entry *e = kx_entries_get(list, i);
		const char *version = kx_entry_version(e);

		report_line(f, "%c %-*s  %-6s  %-*s  %s",
			    kx_entry_is_default(e) ? '*' : ' ', wid,
			    kx_entry_id(e),
			    kx_entry_source_name(kx_entry_source(e)), wver,
			    version[0] ? version : "-", kx_entry_title(e));
	}
}

static void entry_json(struct json *j, const kx_entry *e)
{
	json_begin_object(j, NULL);
	json_string(j, "id", kx_entry_id(e));
	json_string(j, "title", kx_entry_title(e));
	json_string(j, "version", kx_entry_version(e));
	json_string(j, "source", kx_entry_source_name(kx_entry_source(e)));
	json_bool(j, "default", kx_entry_is_default(e));
	json_string(j, "kernel", kx_entry_kernel(e));
	json_begin_array(j, "initrds");
	for (size_t k = 0; k < kx_entry_initrd_count(e); k++)
		json_string(j, NULL, kx_entry_initrd(e, k));
	json_end_array(j);
	json_string(j, "options", kx_entry_options(e));
	json_string(j, "sort_key", kx_entry_sort_key(e));
	json_string(j, "machine_id", kx_entry_machine_id(e));
	json_string(j, "architecture", kx_entry_architecture(e));
	json_string(j, "devicetree", kx_entry_devicetree(e));
	json_string(j, "file", kx_entry_file(e));
	if (kx_entry_tries_left(e) >= 0) {
		json_uint(j, "tries_left", (uint64_t)kx_entry_tries_left(e));
		json_uint(j, "tries_done", (uint64_t)kx_entry_tries_done(e));
	}
	json_end_object(j);
}

static void print_entries_json(FILE *f, const kx_entry_list *list)
{
	struct json j;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "entries");
	for (size_t i = 0; i < kx_entries_count(list); i++)
		entry_json(&j, kx_entries_get(list, i));
	json_end_array(&j);
	json_end_object(&j);
}

static int list_entries(const struct run *r)
{
	kx_entry_list *list = NULL;
	int rc = list_or_fail(r, &list);

	if (rc)
		return rc;
	if (r->opts->json)
		print_entries_json(r->env->out, list);
	else if (!kx_entries_count(list))
		fprintf(r->env->err, "kexec: no boot entries found\n");
	else
		print_entries_text(r->env->out, list);
	kx_entries_free(list);
	return KEXEC_EXIT_OK;
}

/* What the dry run adds before the plan: which entry, and the initrds
 * that were joined into the one the plan shows. */
static void print_entry_text(FILE *f, const kx_entry *e)
{
	size_t n = kx_entry_initrd_count(e);

	report_line(f, "boot entry: %s (%s) %s", kx_entry_id(e),
		    kx_entry_source_name(kx_entry_source(e)),
		    kx_entry_title(e));
	if (kx_entry_source(e) == KX_ENTRY_UKI)
		report_line(f, "  unified kernel image: %s",
			    kx_entry_kernel(e));
	for (size_t i = 0; n > 1 && i < n; i++)
		report_line(f, "  initrd part: %s", kx_entry_initrd(e, i));
}

/* The entry's options then every --append; --command-line or
 * --reuse-cmdline replace the entry's options (COMPOSED, made by load()). */
static int entry_request(const struct run *r, const kx_entry *e,
			 const char *composed, kx_request *req,
			 kx_entry_files **files)
{
	const struct kexec_options *o = r->opts;
	bool replace = o->reuse_cmdline || o->command_line;
	char *appended = NULL;
	int rc = 0;

	if (!replace && o->n_appends)
		rc = kx_cmdline_join(r->ctx, o->appends, o->n_appends,
				     &appended);
	if (!rc)
		rc = kx_entry_prepare(r->ctx, e, appended, req, files);
	if (!rc && replace)
		rc = kx_request_set_cmdline(req, composed);
	free(appended);
	return rc;
}

/* --boot-entry: the plan of the chosen entry, with its memfds closed as
 * soon as the plan holds its own descriptors. */
static int plan_entry(const struct run *r, const char *composed,
		      kx_request *req, kx_plan **plan)
{
	kx_entry_list *list = NULL;
	const kx_entry *e;
	kx_entry_files *files = NULL;
	int rc = kx_entries_list(r->ctx, 0, &list);

	if (!rc)
		rc = kx_entries_find(r->ctx, list, r->opts->boot_entry, &e);
	if (!rc)
		rc = entry_request(r, e, composed, req, &files);
	if (!rc && r->opts->dry_run && !r->opts->json)
		print_entry_text(r->env->out, e);
	if (!rc)
		rc = kx_plan_create(r->ctx, req, plan);
	kx_entry_files_free(files);
	kx_entries_free(list);
	return rc;
}

static int add_modules(kx_request *req, const struct kexec_options *o)
{
	int rc = 0;

	for (size_t i = 0; i < o->n_modules && !rc; i++)
		rc = kx_request_add_module(req, o->modules[i]);
	return rc;
}

/* Everything the options ask for but the kernel, initrd and command
 * line, which a boot entry may supply instead. */
static int fill_request(kx_request *req, const struct kexec_options *o)
{
	int rc = kx_request_set_syscall(req, o->syscall);

	if (!rc)
		rc = kx_request_set_flags(req, load_flags(o));
	if (!rc)
		rc = kx_request_set_verify(req, o->no_checks ? KX_VERIFY_NONE
							     : o->verify);
	if (!rc)
		rc = kx_request_set_mem_range(req, o->mem_min, o->mem_max);
	if (!rc && o->type)
		rc = kx_request_set_type(req, o->type);
	if (!rc)
		rc = add_modules(req, o);
	return rc;
}

static int set_files(kx_request *req, const struct kexec_options *o,
		     const char *cmdline)
{
	int rc = kx_request_set_kernel(req, o->kernel);

	if (!rc)
		rc = kx_request_set_initrd(req, o->initrd);
	if (!rc)
		rc = kx_request_set_cmdline(req, cmdline);
	return rc;
}

static int create_plan(const struct run *r, const char *cmdline,
		       kx_plan **plan)
{
	kx_request *req = NULL;
	int rc = kx_request_new(r->ctx, &req);

	if (!rc)
		rc = fill_request(req, r->opts);
	if (!rc && r->opts->boot_entry)
		rc = plan_entry(r, cmdline, req, plan);
	else if (!rc && !(rc = set_files(req, r->opts, cmdline)))
		rc = kx_plan_create(r->ctx, req, plan);
	kx_request_free(req);
	return rc;
}

static int load(const struct run *r)
{
	const struct kexec_options *o = r->opts;
	enum kx_image_type type;
	kx_plan *plan = NULL;
	char *cmdline;
	int rc;

	if (o->type && kx_image_type_from_name(o->type, &type)) {
		fprintf(r->env->err, "kexec: --type=%s: unknown image type\n",
			o->type);
		return KEXEC_EXIT_USAGE;
	}
	rc = compose_cmdline(r, &cmdline);
	if (!rc)
		rc = create_plan(r, cmdline, &plan);
	if (rc) {
		fail_library(r, rc);
		rc = load_exit_code(rc);
	} else {
		rc = load_plan(r, plan);
	}
	kx_plan_free(plan);
	free(cmdline);
	return rc;
}

static int read_status(const struct run *r, kx_status **st)
{
	int rc = kx_status_read(r->ctx, st);

	return rc ? fail_library(r, rc) : KEXEC_EXIT_OK;
}

static int exec_loaded(const struct run *r)
{
	kx_status *st = NULL;
	int rc = read_status(r, &st);
	bool loaded = !rc && kx_status_loaded(st);

	kx_status_free(st);
	if (rc)
		return rc;
	if (!loaded) {
		fprintf(r->env->err, "kexec: no kernel is loaded; load one "
				     "with kexec -l KERNEL\n");
		return KEXEC_EXIT_USAGE;
	}
	if (!r->opts->dry_run)
		return boot_loaded(r);
	if (r->opts->json)
		report_exec_json(r->env->out, r->opts);
	else
		report_exec_text(r->env->out, r->opts);
	return KEXEC_EXIT_OK;
}

static int unload(const struct run *r)
{
	const struct kexec_options *o = r->opts;
	int rc;

	if (o->dry_run) {
		if (o->json)
			report_unload_json(r->env->out, o);
		else
			report_unload_text(r->env->out, o);
		return KEXEC_EXIT_OK;
	}
	rc = kx_unload(r->ctx, o->syscall, load_flags(o));
	return rc ? fail_library(r, rc) : KEXEC_EXIT_OK;
}

/* kexec-tools' -S: the exit code is the answer, 1 meaning loaded. */
static int show_status(const struct run *r)
{
	const struct kexec_options *o = r->opts;
	kx_status *st = NULL;
	bool loaded;
	int rc = read_status(r, &st);

	if (rc)
		return rc;
	loaded = o->crash ? kx_status_crash_loaded(st) : kx_status_loaded(st);
	if (o->json)
		report_status_json(r->env->out, st);
	else if (o->debug)
		fprintf(r->env->err, "kexec: %s kernel %s\n",
			o->crash ? "crash" : "normal",
			loaded ? "loaded" : "not loaded");
	kx_status_free(st);
	return loaded ? 1 : 0;
}

static int print_crash_size(const struct run *r)
{
	kx_status *st = NULL;
	int rc = read_status(r, &st);

	if (rc)
		return rc;
	fprintf(r->env->out, "%llu\n",
		(unsigned long long)kx_status_crash_size(st));
	kx_status_free(st);
	return KEXEC_EXIT_OK;
}

static int run_action(const struct run *r)
{
	switch (r->opts->action) {
	case KEXEC_ACT_HELP:
		fputs(kexec_usage_text(), r->env->out);
		return KEXEC_EXIT_OK;
	case KEXEC_ACT_VERSION:
		fprintf(r->env->out, "kexec (libkexec) %s\n",
			KX_VERSION_STRING);
		return KEXEC_EXIT_OK;
	case KEXEC_ACT_PRINT_CKR_SIZE:
		return print_crash_size(r);
	case KEXEC_ACT_STATUS:
		return show_status(r);
	case KEXEC_ACT_UNLOAD:
		return unload(r);
	case KEXEC_ACT_EXEC:
		return exec_loaded(r);
	case KEXEC_ACT_LIST_ENTRIES:
		return list_entries(r);
	default:
		return load(r);
	}
}

int kexec_main(int argc, char **argv, kx_ctx *ctx, const struct kexec_env *env)
{
	struct kexec_options opts;
	struct run r = {.ctx = ctx, .env = env, .opts = &opts};
	int rc;

	switch (kexec_options_parse(&opts, argc, argv)) {
	case KEXEC_PARSE_OK:
		rc = run_action(&r);
		break;
	case KEXEC_PARSE_UNSUPPORTED:
		fprintf(env->err, "kexec: %s\n", opts.error);
		rc = KEXEC_EXIT_USAGE;
		break;
	default:
		fprintf(env->err,
			"kexec: %s\nTry 'kexec --help' for more "
			"information.\n",
			opts.error);
		rc = KEXEC_EXIT_USAGE;
		break;
	}
	kexec_options_free(&opts);
	fflush(env->out);
	return rc;
}
