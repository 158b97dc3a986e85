/* timeit [-o FILE] CMD [ARG]...: run CMD, then print one line (to FILE
 * if given, else to stdout)
 *   TIMEIT ns=ELAPSED rss_kb=PEAK utime_us=U stime_us=S rc=STATUS
 * ELAPSED is CLOCK_MONOTONIC from fork to the child's exit; PEAK is the
 * child's ru_maxrss (wait4), which counts file pages it mapped and touched
 * as well as its heap.  rc is the exit status, or 128+N for a signal.
 * Built static (host gcc -static) for the benchmark initramfs, where
 * busybox's date has no sub-second clock. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000LL + tv.tv_usec;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	long long t0, t1;
	int status, rc;
	FILE *out = stdout;
	pid_t pid;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out = fopen(argv[2], "w");
		if (!out) {
			perror(argv[2]);
			return 2;
		}
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: timeit [-o FILE] CMD [ARG]...\n");
		return 2;
	}
	fflush(NULL);
	t0 = now_ns();
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "timeit: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("timeit: wait4");
			return 2;
		}
	t1 = now_ns();
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(out,
		"TIMEIT ns=%lld rss_kb=%ld utime_us=%lld stime_us=%lld rc=%d\n",
		t1 - t0, ru.ru_maxrss, tv_us(ru.ru_utime), tv_us(ru.ru_stime),
		rc);
	if (fclose(out))
		perror("timeit");
	return rc;
}
