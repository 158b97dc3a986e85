#include "report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "json.h"

#define LABEL_WIDTH 18

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

/* ---- text ------------------------------------------------------------ */

static void field(FILE *f, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void field(FILE *f, const char *label, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "%-*s ", LABEL_WIDTH, label);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* "11.2 MiB" */
static const char *human_size(char *buf, size_t len, uint64_t bytes)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 " bytes", bytes);
		return buf;
	}
	v /= 1024;
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}

static void file_text(FILE *f, const char *label, const struct kx_file_info *fi)
{
	char h1[32], h2[32];

	if (fi->file_size < 1024)
		field(f, label, "%s (%" PRIu64 " bytes)", fi->path,
		      fi->file_size);
	else
		field(f, label, "%s (%s, %" PRIu64 " bytes)", fi->path,
		      human_size(h1, sizeof(h1), fi->file_size), fi->file_size);
	if (fi->compression != KX_COMP_NONE && fi->size != fi->file_size)
		field(f, "", "%s compressed, %s (%" PRIu64 " bytes) unpacked",
		      kx_compression_name(fi->compression),
		      human_size(h2, sizeof(h2), fi->size), fi->size);
	else if (fi->compression != KX_COMP_NONE)
		field(f, "", "%s compressed",
		      kx_compression_name(fi->compression));
}

static const char *const xlf_names[] = {
    "KERNEL_64",       "CAN_BE_LOADED_ABOVE_4G",
    "EFI_HANDOVER_32", "EFI_HANDOVER_64",
    "EFI_KEXEC",       "5LEVEL",
    "5LEVEL_ENABLED",
};

#define N_XLF (sizeof(xlf_names) / sizeof(xlf_names[0]))

static void xloadflags_text(FILE *f, uint16_t flags)
{
	fprintf(f, "%-*s ", LABEL_WIDTH, "xloadflags:");
	fprintf(f, "0x%04x", flags);
	for (size_t i = 0; i < N_XLF; i++)
		if (flags & (1u << i))
			fprintf(f, " %s", xlf_names[i]);
	fputc('\n', f);
}

static void bzimage_text(FILE *f, const struct kx_bzimage_info *bz)
{
	char h[32];

	field(f, "boot protocol:", "%u.%02u", bz->protocol >> 8,
	      bz->protocol & 0xff);
	if (bz->version[0])
		field(f, "kernel version:", "%s", bz->version);
	xloadflags_text(f, bz->xloadflags);
	field(f, "relocatable:", "%s", bz->relocatable ? "yes" : "no");
	field(f, "kernel_alignment:", "0x%" PRIx32, bz->kernel_alignment);
	field(f, "pref_address:", "0x%" PRIx64, bz->pref_address);
	field(f, "init_size:", "0x%" PRIx32 " (%s)", bz->init_size,
	      human_size(h, sizeof(h), bz->init_size));
	field(f, "cmdline limit:", "%" PRIu32 " bytes", bz->cmdline_size);
}

static void cmdline_text(FILE *f, const struct kx_plan_info *info)
{
	size_t len = strlen(info->cmdline);

	if (!info->cmdline[0]) {
		field(f, "command line:", "(empty)");
		return;
	}
	field(f, "command line:", "%s", info->cmdline);
	if (info->type == KX_IMAGE_BZIMAGE)
		field(f, "", "%zu bytes, the kernel takes at most %" PRIu32,
		      len, info->bzimage.cmdline_size);
	else
		field(f, "", "%zu bytes", len);
}

static void steps_text(FILE *f, const struct kexec_options *o)
{
	const struct step *steps[3];
	size_t n = next_steps(o, steps);

	if (n == 0) {
		field(f, "then:", "%s",
		      o->crash ? "nothing (a kernel panic boots it)"
			       : "nothing (kexec -e boots it)");
		return;
	}
	for (size_t i = 0; i < n; i++)
		field(f, i ? "" : "then:", "%zu. %s", i + 1, steps[i]->text);
}

static const char *e820_name(uint32_t type)
{
	switch (type) {
	case 1:
		return "RAM";
	case 2:
		return "reserved";
	case 3:
		return "ACPI data";
	case 4:
		return "ACPI NVS";
	case 5:
		return "unusable";
	case 7:
		return "persistent memory";
	case 12:
		return "PRAM";
	default:
		return "other";
	}
}

static void segments_text(FILE *f, const struct kx_plan_info *info)
{
	char a[32], b[32];

	field(f, "segments:", "%zu for kexec_load, entry 0x%llx (purgatory)",
	      info->nr_segments, (unsigned long long)info->entry);
	for (size_t i = 0; i < info->nr_segments; i++) {
		const struct kx_plan_segment *s = &info->segments[i];

		fprintf(f, "  0x%016llx  data %-12s memory %-12s %s\n",
			(unsigned long long)s->mem,
			human_size(a, sizeof(a), s->bufsz),
			human_size(b, sizeof(b), s->memsz), s->what);
	}
}

static void linux_boot_text(FILE *f, const struct kx_linux_boot *lb)
{
	field(f, "kernel at:", "0x%llx, 64-bit entry 0x%llx",
	      (unsigned long long)lb->kernel_addr,
	      (unsigned long long)lb->kernel_entry);
	field(f, "boot_params at:", "0x%llx, command line at 0x%llx",
	      (unsigned long long)lb->boot_params_addr,
	      (unsigned long long)lb->cmdline_addr);
	if (lb->initrd_size)
		field(f, "initrd at:", "0x%llx (%llu bytes)",
		      (unsigned long long)lb->initrd_addr,
		      (unsigned long long)lb->initrd_size);
	field(f, "e820:", "%zu entries, from %s", lb->e820_n,
	      lb->memmap_source);
	for (size_t i = 0; i < lb->e820_n; i++)
		fprintf(f, "  0x%016llx-0x%016llx  %s\n",
			(unsigned long long)lb->e820[i].start,
			(unsigned long long)(lb->e820[i].end - 1),
			e820_name(lb->e820[i].type));
	if (lb->acpi_rsdp)
		field(f, "acpi_rsdp:", "0x%llx (from %s)",
		      (unsigned long long)lb->acpi_rsdp, lb->rsdp_source);
	else
		field(f, "acpi_rsdp:", "none (the next kernel searches)");
	if (lb->efi)
		field(f, "efi:", "passed on (system table 0x%llx)",
		      (unsigned long long)lb->efi_systab);
	else
		field(f, "efi:", "not passed: %s",
		      lb->efi_note ? lb->efi_note : "no EFI");
	field(f, "setup_data:", "%zu node(s)%s", lb->setup_data_n,
	      lb->rng_seed ? ", RNG seed included" : "");
	field(f, "purgatory:", "at 0x%llx, %s",
	      (unsigned long long)lb->purgatory_addr,
	      lb->checks ? "verifies SHA-256 of every segment before jumping"
			 : "checks off (-i)");
}

static const char *image_kind(const struct kx_multiboot_boot *mb)
{
	if (mb->elf_class == 64)
		return "ELF64";
	return mb->elf_class == 32 ? "ELF32" : "a.out kludge";
}

/* TEXT's lines, each indented, as the information block in words. */
static void indented_lines(FILE *f, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		fprintf(f, "  %.*s\n", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

static void multiboot_text(FILE *f, const struct kx_multiboot_boot *mb)
{
	char h[32];

	field(f, "image at:", "0x%llx-0x%llx (%s, by physical address%s)",
	      (unsigned long long)mb->image_start,
	      (unsigned long long)(mb->image_end - 1), image_kind(mb),
	      mb->relocated ? ", relocated" : "");
	if (mb->entry32)
		field(f, "entry:",
		      "0x%llx, 32-bit protected mode, paging off, EAX 0x%08x, "
		      "EBX 0x%llx",
		      (unsigned long long)mb->entry, mb->magic,
		      (unsigned long long)mb->info_addr);
	else
		field(f, "entry:",
		      "0x%llx, 64-bit jump on the identity map, no information",
		      (unsigned long long)mb->entry);
	for (size_t i = 0; i < mb->n_modules; i++)
		field(f, i ? "" : "modules:", "0x%llx %s  %s",
		      (unsigned long long)mb->modules[i].addr,
		      human_size(h, sizeof(h), mb->modules[i].size),
		      mb->modules[i].cmdline);
	if (mb->version)
		field(f, "memory map:", "from %s", mb->memmap_source);
	for (const char *n = mb->notes; *n; n += strcspn(n, "\n") + 1)
		field(f, n == mb->notes ? "notes:" : "", "%.*s",
		      (int)strcspn(n, "\n"), n);
	if (mb->info_addr) {
		field(f, "information:", "Multiboot %u block at 0x%llx (%s):",
		      mb->version, (unsigned long long)mb->info_addr,
		      human_size(h, sizeof(h), mb->info_size));
		indented_lines(f, mb->info_text);
	}
	field(f, "purgatory:", "at 0x%llx, %s",
	      (unsigned long long)mb->purgatory_addr,
	      mb->checks ? "verifies SHA-256 of every segment before jumping"
			 : "checks off (-i)");
}

/* The reservation the kernel goes into: the highest one (libkexec.h). */
static size_t crash_main(const struct kx_crash_info *ci)
{
	size_t best = 0;

	for (size_t i = 1; i < ci->regions_n; i++)
		if (ci->regions[i].start > ci->regions[best].start)
			best = i;
	return best;
}

/* "  load  START-END  SIZE  WHAT at VADDR", one line per program header. */
static void crash_phdr_text(FILE *f, const struct kx_core_phdr *p)
{
	char h[32];

	fprintf(f, "  %s  0x%016llx-0x%016llx  %10s  %s",
		p->type == 4 ? "note" : "load", (unsigned long long)p->paddr,
		(unsigned long long)(p->paddr + p->size - 1),
		human_size(h, sizeof(h), p->size), p->what);
	if (p->vaddr)
		fprintf(f, " at 0x%016llx", (unsigned long long)p->vaddr);
	fputc('\n', f);
}

static void crash_text(FILE *f, const struct kx_crash_info *ci)
{
	size_t used = crash_main(ci);
	char h[32];

	for (size_t i = 0; i < ci->regions_n; i++)
		field(f, i ? "" : "crash kernel at:", "0x%llx-0x%llx (%s)%s",
		      (unsigned long long)ci->regions[i].start,
		      (unsigned long long)(ci->regions[i].end - 1),
		      human_size(h, sizeof(h),
				 ci->regions[i].end - ci->regions[i].start),
		      ci->regions_n > 1 && i == used ? ", used" : "");
	if (!ci->phdrs_n)
		return;
	field(f, "elfcorehdr:", "0x%llx (%s), %zu program headers",
	      (unsigned long long)ci->elfcorehdr_addr,
	      human_size(h, sizeof(h), ci->elfcorehdr_size), ci->phdrs_n);
	field(f, "", "virtual addresses from %s", ci->vaddr_source);
	for (size_t i = 0; i < ci->phdrs_n; i++)
		crash_phdr_text(f, &ci->phdrs[i]);
}

void report_plan_text(FILE *f, const struct kx_plan_info *info,
		      const struct kexec_options *o)
{
	if (o->dry_run)
		fputs("dry run: nothing is loaded\n", f);
	field(f, "image type:", "%s", kx_image_type_name(info->type));
	file_text(f, "kernel:", &info->kernel);
	if (info->type == KX_IMAGE_BZIMAGE)
		bzimage_text(f, &info->bzimage);
	if (info->has_initrd)
		file_text(f, "initrd:", &info->initrd);
	else
		field(f, "initrd:", "none");
	cmdline_text(f, info);
	if (info->syscall_note)
		field(f, "syscall:", "%s (%s)", report_syscall_text(info->syscall),
		      info->syscall_note);
	else
		field(f, "syscall:", "%s", report_syscall_text(info->syscall));
	field(f, "slot:", "%s", info->crash ? "crash" : "normal");
	if (info->crash)
		crash_text(f, &info->crash_info);
	if (info->classic) {
		segments_text(f, info);
		if (info->type == KX_IMAGE_BZIMAGE)
			linux_boot_text(f, &info->linux_boot);
		else
			multiboot_text(f, &info->multiboot);
	}
	steps_text(f, o);
}

void report_exec_text(FILE *f, const struct kexec_options *o)
{
	fputs("dry run: nothing is changed\n", f);
	field(f, "loaded:", "yes");
	steps_text(f, o);
}

void report_unload_text(FILE *f, const struct kexec_options *o)
{
	fputs("dry run: nothing is unloaded\n", f);
	field(f, "unload:", "the %s kernel", o->crash ? "crash" : "normal");
	field(f, "syscall:", "%s", report_syscall_text(o->syscall));
}

/* ---- JSON ------------------------------------------------------------ */

static void file_json(struct json *j, const char *key,
		      const struct kx_file_info *fi)
{
	json_begin_object(j, key);
	json_string(j, "path", fi->path);
	json_uint(j, "file_size", fi->file_size);
	json_string(j, "compression", kx_compression_name(fi->compression));
	json_uint(j, "size", fi->size);
	json_end_object(j);
}

static void bzimage_json(struct json *j, const struct kx_bzimage_info *bz)
{
	char protocol[16];

	snprintf(protocol, sizeof(protocol), "%u.%02u", bz->protocol >> 8,
		 bz->protocol & 0xff);
	json_begin_object(j, "bzimage");
	json_string(j, "protocol", protocol);
	json_string(j, "version", bz->version);
	json_uint(j, "xloadflags", bz->xloadflags);
	json_begin_array(j, "xloadflags_names");
	for (size_t i = 0; i < N_XLF; i++)
		if (bz->xloadflags & (1u << i))
			json_string(j, NULL, xlf_names[i]);
	json_end_array(j);
	json_bool(j, "relocatable", bz->relocatable);
	json_uint(j, "kernel_alignment", bz->kernel_alignment);
	json_uint(j, "pref_address", bz->pref_address);
	json_uint(j, "init_size", bz->init_size);
	json_uint(j, "cmdline_size", bz->cmdline_size);
	json_end_object(j);
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

static void segments_json(struct json *j, const struct kx_plan_info *info)
{
	json_uint(j, "entry", info->entry);
	json_begin_array(j, "segments");
	for (size_t i = 0; i < info->nr_segments; i++) {
		json_begin_object(j, NULL);
		json_string(j, "what", info->segments[i].what);
		json_uint(j, "mem", info->segments[i].mem);
		json_uint(j, "bufsz", info->segments[i].bufsz);
		json_uint(j, "memsz", info->segments[i].memsz);
		json_end_object(j);
	}
	json_end_array(j);
}

static void crash_json(struct json *j, const struct kx_crash_info *ci)
{
	json_begin_object(j, "crash_info");
	json_begin_array(j, "regions");
	for (size_t i = 0; i < ci->regions_n; i++) {
		json_begin_object(j, NULL);
		json_uint(j, "start", ci->regions[i].start);
		json_uint(j, "end", ci->regions[i].end);
		json_end_object(j);
	}
	json_end_array(j);
	if (ci->phdrs_n) {
		json_uint(j, "elfcorehdr_addr", ci->elfcorehdr_addr);
		json_uint(j, "elfcorehdr_size", ci->elfcorehdr_size);
		json_string(j, "vaddr_source", ci->vaddr_source);
	}
	json_begin_array(j, "phdrs");
	for (size_t i = 0; i < ci->phdrs_n; i++) {
		json_begin_object(j, NULL);
		json_string(j, "type",
			    ci->phdrs[i].type == 4 ? "PT_NOTE" : "PT_LOAD");
		json_uint(j, "paddr", ci->phdrs[i].paddr);
		json_uint(j, "vaddr", ci->phdrs[i].vaddr);
		json_uint(j, "size", ci->phdrs[i].size);
		json_string(j, "what", ci->phdrs[i].what);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

/* The information block as a list of its lines. */
static void lines_json(struct json *j, const char *key, const char *text)
{
	char line[1024];

	json_begin_array(j, key);
	while (*text) {
		size_t n = strcspn(text, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, text);
		json_string(j, NULL, line);
		text += n + (text[n] == '\n');
	}
	json_end_array(j);
}

static void multiboot_json(struct json *j, const struct kx_multiboot_boot *mb)
{
	json_begin_object(j, "multiboot");
	json_uint(j, "version", mb->version);
	json_uint(j, "elf_class", mb->elf_class);
	json_bool(j, "relocated", mb->relocated);
	json_uint(j, "image_start", mb->image_start);
	json_uint(j, "image_end", mb->image_end);
	json_uint(j, "entry", mb->entry);
	json_bool(j, "entry32", mb->entry32);
	json_uint(j, "magic", mb->magic);
	json_uint(j, "info_addr", mb->info_addr);
	json_uint(j, "info_size", mb->info_size);
	json_begin_array(j, "modules");
	for (size_t i = 0; i < mb->n_modules; i++) {
		json_begin_object(j, NULL);
		json_string(j, "path", mb->modules[i].path);
		json_string(j, "cmdline", mb->modules[i].cmdline);
		json_uint(j, "addr", mb->modules[i].addr);
		json_uint(j, "size", mb->modules[i].size);
		json_end_object(j);
	}
	json_end_array(j);
	json_string(j, "memmap_source", mb->memmap_source);
	lines_json(j, "info", mb->info_text);
	lines_json(j, "notes", mb->notes);
	json_uint(j, "purgatory_addr", mb->purgatory_addr);
	json_bool(j, "checks", mb->checks);
	json_end_object(j);
}

static void linux_boot_json(struct json *j, const struct kx_linux_boot *lb)
{
	json_begin_object(j, "linux_boot");
	json_uint(j, "kernel_addr", lb->kernel_addr);
	json_uint(j, "kernel_entry", lb->kernel_entry);
	json_uint(j, "boot_params_addr", lb->boot_params_addr);
	json_uint(j, "cmdline_addr", lb->cmdline_addr);
	json_uint(j, "initrd_addr", lb->initrd_addr);
	json_uint(j, "initrd_size", lb->initrd_size);
	json_uint(j, "acpi_rsdp", lb->acpi_rsdp);
	json_string(j, "rsdp_source", lb->rsdp_source);
	json_string(j, "memmap_source", lb->memmap_source);
	json_begin_array(j, "e820");
	for (size_t i = 0; i < lb->e820_n; i++) {
		json_begin_object(j, NULL);
		json_uint(j, "start", lb->e820[i].start);
		json_uint(j, "end", lb->e820[i].end);
		json_uint(j, "type", lb->e820[i].type);
		json_end_object(j);
	}
	json_end_array(j);
	json_uint(j, "setup_data", lb->setup_data_n);
	json_bool(j, "efi", lb->efi);
	if (lb->efi_note)
		json_string(j, "efi_note", lb->efi_note);
	json_uint(j, "efi_systab", lb->efi_systab);
	json_bool(j, "rng_seed", lb->rng_seed);
	json_uint(j, "purgatory_addr", lb->purgatory_addr);
	json_bool(j, "checks", lb->checks);
	json_end_object(j);
}

void report_plan_json(FILE *f, const struct kx_plan_info *info,
		      const struct kexec_options *o)
{
	struct json j;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_bool(&j, "dry_run", o->dry_run);
	json_string(&j, "action", action_name(o->action));
	json_string(&j, "type", kx_image_type_name(info->type));
	file_json(&j, "kernel", &info->kernel);
	if (info->type == KX_IMAGE_BZIMAGE)
		bzimage_json(&j, &info->bzimage);
	if (info->has_initrd)
		file_json(&j, "initrd", &info->initrd);
	else
		json_null(&j, "initrd");
	json_string(&j, "cmdline", info->cmdline);
	json_uint(&j, "cmdline_length", strlen(info->cmdline));
	if (info->type == KX_IMAGE_BZIMAGE)
		json_uint(&j, "cmdline_max", info->bzimage.cmdline_size);
	else
		json_null(&j, "cmdline_max");
	syscall_json(&j, info->syscall);
	if (info->syscall_note)
		json_string(&j, "syscall_note", info->syscall_note);
	json_bool(&j, "crash", info->crash);
	if (info->crash)
		crash_json(&j, &info->crash_info);
	if (info->classic) {
		segments_json(&j, info);
		if (info->type == KX_IMAGE_BZIMAGE)
			linux_boot_json(&j, &info->linux_boot);
		else
			multiboot_json(&j, &info->multiboot);
	}
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

void report_status_json(FILE *f, const struct kx_status *st)
{
	struct json j;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_bool(&j, "loaded", st->loaded);
	json_bool(&j, "crash_loaded", st->crash_loaded);
	json_string(&j, "lockdown", st->lockdown);
	json_end_object(&j);
}
