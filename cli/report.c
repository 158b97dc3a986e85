#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "report_parts.h"
#include "words.h"

struct step {
	const char *id;	  /* JSON */
	const char *text; /* plain text */
};

static const struct step step_sync = {"sync", "sync file systems"};
static const struct step step_ifdown = {"ifdown",
					"bring network interfaces down"};
static const struct step step_shutdown = {"shutdown",
					  "run \"shutdown -r now\" (which "
					  "ends in kexec -e)"};
static const struct step step_exec = {"exec", "reboot into the new kernel"};

/* What follows the load (or makes up -e); returns the number of steps. */
static size_t next_steps(const struct kexec_options *o,
			 const struct step *steps[3])
{
	size_t n = 0;

	switch (o->action) {
	case KEXEC_ACT_LOAD_REBOOT:
		steps[n++] = &step_shutdown;
		break;
	case KEXEC_ACT_LOAD_EXEC:
	case KEXEC_ACT_EXEC:
		if (!o->no_sync)
			steps[n++] = &step_sync;
		if (!o->no_ifdown)
			steps[n++] = &step_ifdown;
		steps[n++] = &step_exec;
		break;
	default:
		break;
	}
	return n;
}

static const char *action_name(enum kexec_action action)
{
	switch (action) {
	case KEXEC_ACT_LOAD_REBOOT:
		return "load-reboot";
	case KEXEC_ACT_LOAD_EXEC:
		return "load-exec";
	case KEXEC_ACT_EXEC:
		return "exec";
	case KEXEC_ACT_UNLOAD:
		return "unload";
	default:
		return "load";
	}
}

const char *report_syscall_text(enum kx_syscall_mode mode)
{
	/* The library calls the fallback mode "auto"; say what it does. */
	if (mode == KX_SYSCALL_FILE || mode == KX_SYSCALL_CLASSIC)
		return kx_syscall_name(mode);
	return "kexec_file_load, falling back to kexec_load";
}

static const char *first_syscall(enum kx_syscall_mode mode)
{
	return mode == KX_SYSCALL_CLASSIC ? "kexec_load" : "kexec_file_load";
}

static const char *fallback_syscall(enum kx_syscall_mode mode)
{
	return mode == KX_SYSCALL_AUTO ? "kexec_load" : NULL;
}

static bool is_bzimage(const struct plan_view *v)
{
	return view_u64(v, KX_KEY_IMAGE_TYPE) == KX_IMAGE_BZIMAGE;
}

/* Multiboot and ELF kernels go to kexec_load whatever -a asked: the
 * kernel's own loader parses only bzImages. */
static enum kx_syscall_mode plan_syscall(const struct plan_view *v)
{
	if (view_has(v, KX_KEY_SYSCALL_REASON) ||
	    view_has(v, KX_KEY_MB_VERSION))
		return KX_SYSCALL_CLASSIC;
	return (enum kx_syscall_mode)view_u64(v, KX_KEY_SYSCALL);
}

static const char *plan_cmdline(const struct plan_view *v)
{
	const char *cmdline = view_str(v, KX_KEY_CMDLINE);

	return cmdline ? cmdline : "";
}

/* ---- text ------------------------------------------------------------ */

void report_put_text(FILE *f, const char *s, bool ascii)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool escape = c < 0x20 || c == 0x7f ||
			      (ascii && (c > 0x7e || c == '\\'));

		if (escape)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void put_formatted(FILE *f, const char *fmt, va_list ap)
{
	char *text = NULL;

	if (vasprintf(&text, fmt, ap) < 0)
		return;
	report_put_text(f, text, false);
	free(text);
}

void report_line(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_formatted(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void report_field(FILE *f, const char *label, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "%-*s ", LABEL_WIDTH, label);
	va_start(ap, fmt);
	put_formatted(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

const char *report_size(uint64_t bytes, char buf[SIZE_TEXT])
{
	return kx_format_size(bytes, buf, SIZE_TEXT);
}

/* A view without KX_KEY_VERIFY (written before it existed) meant SHA-256. */
static bool purgatory_xxh3(const struct plan_view *v)
{
	return view_has(v, KX_KEY_VERIFY) &&
	       !strcmp(view_str(v, KX_KEY_VERIFY), "xxh3-128");
}

void report_purgatory_text(FILE *f, const struct plan_view *v)
{
	report_field(f, "purgatory:", "at 0x%llx, %s",
		     (unsigned long long)view_u64(v, KX_KEY_PURGATORY_ADDR),
		     !view_u64(v, KX_KEY_CHECKS) ? "checks off (-i)"
		     : purgatory_xxh3(v)
			 ? "verifies XXH3-128 of every segment before jumping"
			 : "verifies SHA-256 of every segment before jumping");
}

static void cmdline_text(FILE *f, const struct plan_view *v)
{
	const char *cmdline = plan_cmdline(v);

	if (!cmdline[0]) {
		report_field(f, "command line:", "(empty)");
		return;
	}
	report_field(f, "command line:", "%s", cmdline);
	if (is_bzimage(v))
		report_field(f, "", "%zu bytes, the kernel takes at most %llu",
			     strlen(cmdline),
			     (unsigned long long)view_u64(v,
							  KX_KEY_CMDLINE_MAX));
	else
		report_field(f, "", "%zu bytes", strlen(cmdline));
	if (view_has(v, KX_KEY_CLASSIC_CMDLINE))
		report_field(f, "", "through kexec_load: %s",
			     view_str(v, KX_KEY_CLASSIC_CMDLINE));
}

static void syscall_text(FILE *f, const struct plan_view *v)
{
	const char *mode = report_syscall_text(plan_syscall(v));
	const char *why =
	    words_syscall_reason(view_u64(v, KX_KEY_SYSCALL_REASON));

	if (why)
		report_field(f, "syscall:", "%s (%s)", mode, why);
	else
		report_field(f, "syscall:", "%s", mode);
}

static void steps_text(FILE *f, const struct kexec_options *o)
{
	const struct step *steps[3];
	size_t n = next_steps(o, steps);

	if (n == 0) {
		report_field(f, "then:", "%s",
			     o->crash ? "nothing (a kernel panic boots it)"
				      : "nothing (kexec -e boots it)");
		return;
	}
	for (size_t i = 0; i < n; i++)
		report_field(f, i ? "" : "then:", "%zu. %s", i + 1,
			     steps[i]->text);
}

void report_plan_text(FILE *f, const struct plan_view *v,
		      const struct kexec_options *o)
{
	bool crash = view_u64(v, KX_KEY_CRASH);

	if (o->dry_run)
		fputs("dry run: nothing is loaded\n", f);
	report_field(f, "image type:", "%s",
		     kx_image_type_name(view_u64(v, KX_KEY_IMAGE_TYPE)));
	if (view_has(v, KX_KEY_CONTAINER))
		report_field(f, "container:", "%s (the kernel is its .linux section)",
			     kx_image_type_name(view_u64(v, KX_KEY_CONTAINER)));
	report_file_text(f, "kernel:", v, KX_KEY_KERNEL_PATH);
	if (is_bzimage(v))
		report_bzimage_text(f, v);
	if (view_has(v, KX_KEY_INITRD_PATH))
		report_file_text(f, "initrd:", v, KX_KEY_INITRD_PATH);
	else
		report_field(f, "initrd:", "none");
	cmdline_text(f, v);
	syscall_text(f, v);
	report_field(f, "slot:", "%s", crash ? "crash" : "normal");
	if (crash)
		report_crash_text(f, v);
	if (view_u64(v, KX_KEY_CLASSIC)) {
		report_segments_text(f, v);
		if (is_bzimage(v))
			report_linux_boot_text(f, v);
		else
			report_multiboot_text(f, v);
	}
	steps_text(f, o);
}

void report_exec_text(FILE *f, const struct kexec_options *o)
{
	fputs("dry run: nothing is changed\n", f);
	report_field(f, "loaded:", "yes");
	steps_text(f, o);
}

void report_unload_text(FILE *f, const struct kexec_options *o)
{
	fputs("dry run: nothing is unloaded\n", f);
	report_field(f, "unload:", "the %s kernel",
		     o->crash ? "crash" : "normal");
	report_field(f, "syscall:", "%s", report_syscall_text(o->syscall));
}

/* ---- JSON ------------------------------------------------------------ */

static void member_json(struct json *j, const struct member *m,
			uint64_t value, const char *text)
{
	if (m->kind == MEMBER_STR)
		json_string(j, m->name, text ? text : "");
	else if (m->kind == MEMBER_BOOL)
		json_bool(j, m->name, value != 0);
	else
		json_uint(j, m->name, value);
}

void report_members_json(struct json *j, const struct plan_view *v,
			 const struct member *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		member_json(j, &m[i], view_u64(v, m[i].key),
			    view_str(v, m[i].key));
}

void report_list_json(struct json *j, const char *name,
		      const struct plan_view *v, enum kx_list list,
		      const struct member *m, size_t n)
{
	size_t count = view_count(v, list);

	json_begin_array(j, name);
	for (size_t i = 0; i < count; i++) {
		json_begin_object(j, NULL);
		for (size_t k = 0; k < n; k++)
			member_json(j, &m[k],
				    view_item_u64(v, list, i, m[k].key),
				    view_item_str(v, list, i, m[k].key));
		json_end_object(j);
	}
	json_end_array(j);
}

static void steps_json(struct json *j, const struct kexec_options *o)
{
	const struct step *steps[3];
	size_t n = next_steps(o, steps);

	json_begin_array(j, "then");
	for (size_t i = 0; i < n; i++)
		json_string(j, NULL, steps[i]->id);
	json_end_array(j);
}

static void syscall_json(struct json *j, enum kx_syscall_mode mode)
{
	json_string(j, "syscall", first_syscall(mode));
	json_string(j, "fallback", fallback_syscall(mode));
}

static void cmdline_json(struct json *j, const struct plan_view *v)
{
	const char *cmdline = plan_cmdline(v);

	json_string(j, "cmdline", cmdline);
	json_uint(j, "cmdline_length", strlen(cmdline));
	if (view_has(v, KX_KEY_CLASSIC_CMDLINE))
		json_string(j, "classic_cmdline",
			    view_str(v, KX_KEY_CLASSIC_CMDLINE));
	else
		json_null(j, "classic_cmdline");
	if (is_bzimage(v))
		json_uint(j, "cmdline_max", view_u64(v, KX_KEY_CMDLINE_MAX));
	else
		json_null(j, "cmdline_max");
}

static void classic_json(struct json *j, const struct plan_view *v)
{
	report_segments_json(j, v);
	if (is_bzimage(v))
		report_linux_boot_json(j, v);
	else
		report_multiboot_json(j, v);
}

void report_plan_json(FILE *f, const struct plan_view *v,
		      const struct kexec_options *o)
{
	const char *why =
	    words_syscall_reason(view_u64(v, KX_KEY_SYSCALL_REASON));
	bool crash = view_u64(v, KX_KEY_CRASH);
	struct json j;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_bool(&j, "dry_run", o->dry_run);
	json_string(&j, "action", action_name(o->action));
	json_string(&j, "type",
		    kx_image_type_name(view_u64(v, KX_KEY_IMAGE_TYPE)));
	if (view_has(v, KX_KEY_CONTAINER))
		json_string(&j, "container",
			    kx_image_type_name(view_u64(v, KX_KEY_CONTAINER)));
	else
		json_null(&j, "container");
	report_file_json(&j, "kernel", v, KX_KEY_KERNEL_PATH);
	if (is_bzimage(v))
		report_bzimage_json(&j, v);
	if (view_has(v, KX_KEY_INITRD_PATH))
		report_file_json(&j, "initrd", v, KX_KEY_INITRD_PATH);
	else
		json_null(&j, "initrd");
	cmdline_json(&j, v);
	syscall_json(&j, plan_syscall(v));
	if (why)
		json_string(&j, "syscall_note", why);
	json_bool(&j, "crash", crash);
	if (crash)
		report_crash_json(&j, v);
	if (view_u64(v, KX_KEY_CLASSIC))
		classic_json(&j, v);
	steps_json(&j, o);
	json_end_object(&j);
}

void report_exec_json(FILE *f, const struct kexec_options *o)
{
	struct json j;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_bool(&j, "dry_run", true);
	json_string(&j, "action", action_name(o->action));
	json_bool(&j, "loaded", true);
	steps_json(&j, o);
	json_end_object(&j);
}

void report_unload_json(FILE *f, const struct kexec_options *o)
{
	struct json j;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_bool(&j, "dry_run", true);
	json_string(&j, "action", action_name(o->action));
	json_bool(&j, "crash", o->crash);
	syscall_json(&j, o->syscall);
	json_end_object(&j);
}

void report_status_json(FILE *f, const kx_status *st)
{
	struct json j;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_bool(&j, "loaded", kx_status_loaded(st));
	json_bool(&j, "crash_loaded", kx_status_crash_loaded(st));
	json_string(&j, "lockdown", kx_status_lockdown(st));
	json_end_object(&j);
}
