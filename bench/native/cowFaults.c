/* The real kernel's side of the model benchmark: map N private anonymous pages, write
 * them all, fork, and time (1) the fork and (2) the child writing every page once, each
 * write a COW fault. Prints one JSON line. Pinned to one CPU like the model. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
	long pages = argc > 1 ? atol(argv[1]) : 65536;
	long psz = sysconf(_SC_PAGESIZE);
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	char *buf = mmap(NULL, pages * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) return 1;
	madvise(buf, pages * psz, MADV_NOHUGEPAGE); /* base pages, as the model */
	for (long i = 0; i < pages; i++) buf[i * psz] = 'A';
	int fds[2];
	if (pipe(fds)) return 1;
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		double t1 = now();
		for (long i = 0; i < pages; i++) buf[i * psz] = 'B';
		double t2 = now();
		double r[2] = { t1 - t0, t2 - t1 };
		if (write(fds[1], r, sizeof r) != sizeof r) _exit(1);
		_exit(0);
	}
	double r[2];
	if (read(fds[0], r, sizeof r) != sizeof r) return 1;
	waitpid(pid, NULL, 0);
	printf("{\"pages\":%ld,\"forkSeconds\":%.9f,\"writeSeconds\":%.9f}\n", pages, r[0], r[1]);
	return 0;
}
