/* The snapshot's crash facts: the layout in /proc/iomem, the CPUs'
 * crash_notes, vmcoreinfo and the head of /proc/kcore. */
#include "sys/system.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CRASH_CPU_DIR	 "/sys/devices/system/cpu"
#define CRASH_VMCOREINFO "/sys/kernel/vmcoreinfo"
#define CRASH_KCORE	 SYSTEM_KCORE_FILE

/* "cpu12" -> 12; "cpufreq", "cpuidle" and "cpu" are not CPUs. */
static bool cpu_number(const char *name, unsigned *id)
{
	unsigned long v;
	char *end;

	if (strncmp(name, "cpu", 3) || name[3] < '0' || name[3] > '9')
		return false;
	v = strtoul(name + 3, &end, 10);
	if (*end || v > 1u << 20)
		return false;
	*id = (unsigned)v;
	return true;
}

static int add_cpu(struct kx_system *sys, unsigned id, size_t *cap)
{
	if (sys->crash.n_cpus == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct crash_cpu *v =
		    realloc(sys->crash.cpus, ncap * sizeof(*v));

		if (!v)
			return kx_fail(sys->ctx, -ENOMEM, "out of memory");
		sys->crash.cpus = v;
		*cap = ncap;
	}
	memset(&sys->crash.cpus[sys->crash.n_cpus], 0,
	       sizeof(sys->crash.cpus[0]));
	sys->crash.cpus[sys->crash.n_cpus++].id = id;
	return 0;
}

static int cmp_cpu(const void *pa, const void *pb)
{
	const struct crash_cpu *a = pa, *b = pb;

	return (a->id > b->id) - (a->id < b->id);
}

static int list_cpus(struct kx_system *sys)
{
	char path[4096];
	struct dirent *de;
	size_t cap = 0;
	unsigned id;
	int rc = 0;
	DIR *d;

	if (system_path(sys, CRASH_CPU_DIR, path, sizeof(path)))
		return -ENAMETOOLONG;
	d = opendir(path);
	if (!d)
		return kx_fail(sys->ctx, -errno, "%s: cannot open: %s", path,
			       strerror(errno));
	while (!rc && (de = readdir(d)))
		if (cpu_number(de->d_name, &id))
			rc = add_cpu(sys, id, &cap);
	closedir(d);
	if (!rc && sys->crash.n_cpus > 1)
		qsort(sys->crash.cpus, sys->crash.n_cpus,
		      sizeof(sys->crash.cpus[0]), cmp_cpu);
	return rc;
}

/* One CPU's notes; -ENOENT, quietly, for a CPU without them (not present
 * in a hotplug slot). */
static int read_cpu_notes(struct kx_system *sys, unsigned id,
			  struct elfcore_note *note)
{
	char file[128], size_file[160], addr[64], size[64];
	int rc;

	snprintf(file, sizeof(file), CRASH_CPU_DIR "/cpu%u/crash_notes", id);
	snprintf(size_file, sizeof(size_file), "%s_size", file);
	rc = system_read_text(sys, file, addr, sizeof(addr));
	if (rc)
		return rc;
	rc = system_read_text(sys, size_file, size, sizeof(size));
	if (rc && rc != -ENOENT)
		return rc;
	return crash_parse_cpu_notes(sys->ctx, file, addr, rc ? NULL : size,
				     note);
}

/* Drop the CPUs without notes, keeping the order. */
static int read_cpus(struct kx_system *sys)
{
	size_t i, n = 0;
	int rc = list_cpus(sys);

	for (i = 0; !rc && i < sys->crash.n_cpus; i++) {
		rc = read_cpu_notes(sys, sys->crash.cpus[i].id,
				    &sys->crash.cpus[i].notes);
		if (rc == -ENOENT) {
			rc = 0;
			continue;
		}
		sys->crash.cpus[n++] = sys->crash.cpus[i];
	}
	if (rc)
		return rc;
	sys->crash.n_cpus = n;
	if (n == 0)
		return kx_fail(sys->ctx, -EOPNOTSUPP,
			       "%s/cpuN/crash_notes: missing: the running "
			       "kernel cannot save CPU state on a crash "
			       "(CONFIG_CRASH_DUMP off?)",
			       CRASH_CPU_DIR);
	return 0;
}

static int read_vmcoreinfo(struct kx_system *sys)
{
	char text[128];
	int rc = system_read_text(sys, CRASH_VMCOREINFO, text, sizeof(text));

	if (rc == -ENOENT)
		return kx_fail(sys->ctx, -EOPNOTSUPP,
			       "%s: missing: the running kernel exports no "
			       "vmcoreinfo (CONFIG_CRASH_CORE off?)",
			       CRASH_VMCOREINFO);
	return rc ? rc
		  : crash_parse_vmcoreinfo(sys->ctx, CRASH_VMCOREINFO, text,
					   &sys->crash.vmcoreinfo);
}

/* The ELF header first, then exactly the program headers it announces:
 * the file itself is as large as the address space. */
static int read_kcore_head(int fd, uint8_t **buf, size_t *size)
{
	Elf64_Ehdr e;
	size_t want;

	if (pread(fd, &e, sizeof(e), 0) != (ssize_t)sizeof(e))
		return -EIO;
	if (e.e_phoff > 1u << 20 || e.e_phentsize != sizeof(Elf64_Phdr))
		return -EINVAL;
	want = (size_t)e.e_phoff + (size_t)e.e_phnum * sizeof(Elf64_Phdr);
	*buf = malloc(want);
	if (!*buf)
		return -ENOMEM;
	if (pread(fd, *buf, want, 0) != (ssize_t)want) {
		free(*buf);
		return -EIO;
	}
	*size = want;
	return 0;
}

/* The kernel's virtual layout.  /proc/kcore is root-only and may be
 * missing (CONFIG_PROC_KCORE off, lockdown): the dump then works without
 * virtual addresses, so absence is not an error. */
static int read_vaddrs(struct kx_system *sys)
{
	char path[4096];
	uint8_t *buf = NULL;
	size_t size = 0;
	int fd, rc;

	memset(&sys->crash.va, 0, sizeof(sys->crash.va));
	if (system_path(sys, CRASH_KCORE, path, sizeof(path)))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	rc = read_kcore_head(fd, &buf, &size);
	close(fd);
	if (rc)
		return 0;
	rc = crash_parse_kcore(sys->ctx, path, buf, size, &sys->crash.va);
	free(buf);
	if (rc) {
		kx_clear(sys->ctx);
		memset(&sys->crash.va, 0, sizeof(sys->crash.va));
	}
	return 0;
}

static int read_crash(struct kx_system *sys)
{
	const char *text, *file;
	size_t len;
	int rc = system_iomem(sys, &text, &len, &file);

	if (!rc)
		rc = crash_parse_iomem(sys->ctx, file, text, len, &sys->crash);
	if (!rc)
		rc = read_cpus(sys);
	if (!rc)
		rc = read_vmcoreinfo(sys);
	if (!rc)
		rc = read_vaddrs(sys);
	return rc;
}

int system_crash(struct kx_system *sys, const struct crash_system **crash)
{
	int rc = 0;

	*crash = NULL;
	if (!system_recall(sys, SYSTEM_CRASH, &rc)) {
		crash_system_free(&sys->crash);
		rc = read_crash(sys);
		if (!rc)
			system_remember(sys, SYSTEM_CRASH, 0);
	}
	if (!rc)
		*crash = &sys->crash;
	return rc;
}
