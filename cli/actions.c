#include "actions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "options.h"
#include "report.h"

struct run {
	kx_ctx *ctx;
	const struct kexec_env *env;
	const struct kexec_options *opts;
};

static int fail_library(const struct run *r, int rc)
{
	const char *msg = kx_ctx_message(r->ctx);

	fprintf(r->env->err, "kexec: %s\n", msg[0] ? msg : strerror(-rc));
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
	       (o->debug ? KX_LOAD_DEBUG : 0) |
	       (o->test_corrupt ? KX_LOAD_TEST_CORRUPT : 0);
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
	if (r->opts->json)
		report_plan_json(f, kx_plan_info(plan), r->opts);
	else
		report_plan_text(f, kx_plan_info(plan), r->opts);
}

static int load_plan(const struct run *r, kx_plan *plan)
{
	const struct kexec_options *o = r->opts;
	int rc;

	if (o->dry_run) {
		print_plan(r, plan, r->env->out);
		return KEXEC_EXIT_OK;
	}
	if (o->debug)
		print_plan(r, plan, r->env->err);
	rc = kx_plan_load(r->ctx, plan);
	if (rc)
		return fail_library(r, rc);
	if (o->debug)
		fprintf(r->env->err, "kexec: loaded with %s\n",
			kx_syscall_name(kx_plan_info(plan)->used));
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

/* The width of the id (or version) column, capped so one long name does
 * not push every title off the screen. */
static int column_width(const kx_entry_list *list, bool version)
{
	size_t w = 2;

	for (size_t i = 0; i < kx_entries_count(list); i++) {
		const struct kx_entry *e = kx_entries_get(list, i);
		size_t n = strlen(version ? e->version : e->id);

		w = n > w ? n : w;
	}
	return w > 40 ? 40 : (int)w;
}

static void print_entries_text(FILE *f, const kx_entry_list *list)
{
	int wid = column_width(list, false), wver = column_width(list, true);

	for (size_t i = 0; i < kx_entries_count(list); i++) {
		const struct kx_entry *e = kx_entries_get(list, i);

		fprintf(f, "%c %-*s  %-6s  %-*s  %s\n",
			e->is_default ? '*' : ' ', wid, e->id,
			kx_entry_source_name(e->source), wver,
			e->version[0] ? e->version : "-", e->title);
	}
}

static void entry_json(struct json *j, const struct kx_entry *e)
{
	json_begin_object(j, NULL);
	json_string(j, "id", e->id);
	json_string(j, "title", e->title);
	json_string(j, "version", e->version);
	json_string(j, "source", kx_entry_source_name(e->source));
	json_bool(j, "default", e->is_default);
	json_string(j, "kernel", e->kernel);
	json_begin_array(j, "initrds");
	for (size_t k = 0; k < e->n_initrds; k++)
		json_string(j, NULL, e->initrds[k]);
	json_end_array(j);
	json_string(j, "options", e->options);
	json_string(j, "sort_key", e->sort_key);
	json_string(j, "machine_id", e->machine_id);
	json_string(j, "architecture", e->architecture);
	json_string(j, "devicetree", e->devicetree);
	json_string(j, "file", e->file);
	if (e->tries_left >= 0) {
		json_uint(j, "tries_left", (uint64_t)e->tries_left);
		json_uint(j, "tries_done", (uint64_t)e->tries_done);
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
	fputc('\n', f);
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
static void print_entry_text(FILE *f, const struct kx_entry *e)
{
	fprintf(f, "boot entry: %s (%s) %s\n", e->id,
		kx_entry_source_name(e->source), e->title);
	if (e->source == KX_ENTRY_UKI)
		fprintf(f, "  unified kernel image: %s\n", e->kernel);
	for (size_t i = 0; e->n_initrds > 1 && i < e->n_initrds; i++)
		fprintf(f, "  initrd part: %s\n", e->initrds[i]);
}

/* The entry's options then every --append; --command-line or
 * --reuse-cmdline replace the entry's options (REQ's cmdline, composed by
 * load(), holds them and lives until the plan exists). */
static int entry_request(const struct run *r, const struct kx_entry *e,
			 struct kx_load_request *req, kx_entry_files **files)
{
	const struct kexec_options *o = r->opts;
	bool replace = o->reuse_cmdline || o->command_line;
	const char *composed = req->cmdline;
	char *appended = NULL;
	int rc = 0;

	if (!replace && o->n_appends)
		rc = kx_cmdline_join(r->ctx, o->appends, o->n_appends,
				     &appended);
	if (!rc)
		rc = kx_entry_prepare(r->ctx, e, appended, req, files);
	if (!rc && replace)
		req->cmdline = composed;
	free(appended);
	return rc;
}

/* --boot-entry: the plan of the chosen entry, with its memfds closed as
 * soon as the plan holds its own descriptors. */
static int plan_entry(const struct run *r, struct kx_load_request *req,
		      kx_plan **plan)
{
	kx_entry_list *list = NULL;
	const struct kx_entry *e;
	kx_entry_files *files = NULL;
	int rc = kx_entries_list(r->ctx, 0, &list);

	if (!rc)
		rc = kx_entries_find(r->ctx, list, r->opts->boot_entry, &e);
	if (!rc)
		rc = entry_request(r, e, req, &files);
	if (!rc && r->opts->dry_run && !r->opts->json)
		print_entry_text(r->env->out, e);
	if (!rc)
		rc = kx_plan_create(r->ctx, req, plan);
	kx_entry_files_free(files);
	kx_entries_free(list);
	return rc;
}

static int load(const struct run *r)
{
	const struct kexec_options *o = r->opts;
	struct kx_load_request req = {
	    .kernel = o->kernel,
	    .initrd = o->initrd,
	    .type = o->type,
	    .syscall = o->syscall,
	    .flags = load_flags(o),
	    .mem_min = o->mem_min,
	    .mem_max = o->mem_max,
	    .modules = o->modules,
	    .n_modules = o->n_modules,
	};
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
	if (rc) {
		fail_library(r, rc);
		return load_exit_code(rc);
	}
	req.cmdline = cmdline;
	if (o->boot_entry)
		rc = plan_entry(r, &req, &plan);
	else
		rc = kx_plan_create(r->ctx, &req, &plan);
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

static int read_status(const struct run *r, struct kx_status *st)
{
	int rc = kx_status_read(r->ctx, st);

	return rc ? fail_library(r, rc) : KEXEC_EXIT_OK;
}

static int exec_loaded(const struct run *r)
{
	struct kx_status st;
	int rc = read_status(r, &st);

	if (rc)
		return rc;
	if (!st.loaded) {
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
	struct kx_status st;
	bool loaded;
	int rc = read_status(r, &st);

	if (rc)
		return rc;
	loaded = o->crash ? st.crash_loaded : st.loaded;
	if (o->json)
		report_status_json(r->env->out, &st);
	else if (o->debug)
		fprintf(r->env->err, "kexec: %s kernel %s\n",
			o->crash ? "crash" : "normal",
			loaded ? "loaded" : "not loaded");
	return loaded ? 1 : 0;
}

static int print_crash_size(const struct run *r)
{
	struct kx_status st;
	int rc = read_status(r, &st);

	if (rc)
		return rc;
	fprintf(r->env->out, "%llu\n", (unsigned long long)st.crash_size);
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
