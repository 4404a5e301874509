// The C every scenario program shares: includes, one-line output, SIGSEGV caught per access,
// and the turn protocol over pipes that runs each line in the process it names, in the
// scenario's order, with every process on CPU 0. The operations live in cPreludeOps.ts.
import { C_PRELUDE_OPS } from "./cPreludeOps.js";
import { C_PRELUDE_IO } from "./cPreludeIo.js";
import { C_CONTROLLER } from "./cController.js";

/** Includes, limits and the output, SIGSEGV and turn-protocol helpers. */
const C_PRELUDE_CORE = String.raw`/* ---- cowlab prelude: helpers shared by every scenario program ---- */
#define _GNU_SOURCE
/* The prelude carries a helper for every verb; a scenario uses some of them. */
#pragma GCC diagnostic ignored "-Wunused-function"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/io_uring.h>

#define PAGE 4096UL
#define MAX_PROCS 64
#define MAX_PIPES 64
#define MAX_RINGS 16
/* A line that takes longer than this is reported as stuck (KSM waits at most 5 s). */
#define TURN_TIMEOUT_MS 20000

#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* /proc/self/pagemap entry bits (Documentation/admin-guide/mm/pagemap.rst). */
#define PM_PFN_MASK ((1ULL << 55) - 1)
#define PM_SOFT_DIRTY (1ULL << 55)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_SWAP (1ULL << 62)
#define PM_PRESENT (1ULL << 63)

/* A named region of the scenario at a fixed address, the same in every process. */
struct region {
	const char *name;
	char *base;
	long pages;
};

/* ---- output: one write(2) per line, so lines of different processes never mix ---- */

/* Writes one line (a newline is added) with a single write(2). */
static void say(int fd, const char *text)
{
	char buf[1024];
	int n = snprintf(buf, sizeof buf - 1, "%s", text);
	if (n < 0)
		return;
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	if (write(fd, buf, n) != n)
		_exit(2);
}

/* Prints "line N: observed ..." on stdout, from a va_list. */
static void vobserve(int line, const char *fmt, va_list ap)
{
	char text[960];
	vsnprintf(text, sizeof text, fmt, ap);
	char full[1000];
	snprintf(full, sizeof full, "line %d: observed %s", line, text);
	say(1, full);
}

/* Prints "line N: observed ..." on stdout. */
static void observe(int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vobserve(line, fmt, ap);
	va_end(ap);
}

/* Reports a failure of the harness itself (not an outcome of the scenario) and exits 2. */
static void die(const char *fmt, ...)
{
	char text[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	char full[1000];
	if (errno != 0)
		snprintf(full, sizeof full, "harness: %s: %s", text, strerror(errno));
	else
		snprintf(full, sizeof full, "harness: %s", text);
	say(2, full);
	_exit(2);
}

static const char *errno_name(int e)
{
	switch (e) {
	case EFAULT: return "EFAULT";
	case EIO: return "EIO";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case ENOSYS: return "ENOSYS";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EAGAIN: return "EAGAIN";
	case EEXIST: return "EEXIST";
	case EBADF: return "EBADF";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return "EOTHER";
	}
}

/* A byte as the scenario language writes it: a capital letter, else decimal; 256 is "mixed". */
static const char *value_text(int v, char *buf)
{
	if (v == 256)
		return "mixed";
	if (v >= 'A' && v <= 'Z') {
		buf[0] = (char)v;
		buf[1] = 0;
		return buf;
	}
	snprintf(buf, 8, "%d", (int)(unsigned char)v);
	return buf;
}

/* ---- SIGSEGV caught per access, so that "expect segv" is observable ---- */

static sigjmp_buf segv_jmp;
static volatile sig_atomic_t segv_armed;

static void on_segv(int sig)
{
	if (!segv_armed) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	segv_armed = 0;
	siglongjmp(segv_jmp, 1);
}

static void catch_segv(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_segv;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) != 0)
		die("sigaction");
}

/* Fills one page with v: 0, or -1 when the store raised SIGSEGV (nothing was written then). */
static int store_page(char *page, int v)
{
	if (sigsetjmp(segv_jmp, 1))
		return -1;
	segv_armed = 1;
	memset(page, v, PAGE);
	segv_armed = 0;
	return 0;
}

/* The byte every byte of the page holds, 256 when they differ, -1 when the load raised SIGSEGV. */
static int load_page(const char *page)
{
	const volatile unsigned char *p = (const volatile unsigned char *)page;
	if (sigsetjmp(segv_jmp, 1))
		return -1;
	segv_armed = 1;
	int v = p[0];
	for (unsigned long i = 1; i < PAGE; i++) {
		if (p[i] != v) {
			v = 256;
			break;
		}
	}
	segv_armed = 0;
	return v;
}

/* The value of a page-sized buffer that no fault can hit. */
static int buffer_value(const unsigned char *b)
{
	for (unsigned long i = 1; i < PAGE; i++)
		if (b[i] != b[0])
			return 256;
	return b[0];
}

/* ---- the turn protocol ---- */

/* The model has one CPU; the kernel's per-CPU LRU batches only agree with it when every
 * process runs on the same CPU (a fresh page held by another CPU's batch keeps an extra
 * reference). Children inherit the mask; each process sets it again to say so. */
static void pin_cpu0(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof set, &set) != 0)
		die("sched_setaffinity(CPU 0)");
}

enum { ACK_DONE, ACK_BLOCKED };

struct ack {
	int line;
	int status;
	int pid; /* a fork's child */
};

static int self_index = -1;
static int cmd_rd[MAX_PROCS], cmd_wr[MAX_PROCS];
static int ack_rd = -1, ack_wr = -1;

static int read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Blocks until the controller gives this process the turn for line; any other word (0: the
 * scenario is over; end of file: the controller is gone) ends the process. */
static void wait_turn(int line)
{
	int got = -1;
	if (read_full(cmd_rd[self_index], &got, sizeof got) != 0 || got != line)
		_exit(0);
}

/* Tells the controller the line is complete. */
static void end_turn(int line, int status, int pid)
{
	struct ack a = { line, status, pid };
	if (write(ack_wr, &a, sizeof a) != (ssize_t)sizeof a)
		_exit(2);
}

/* Prints the observation of a line and ends its turn. */
static void reply(int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vobserve(line, fmt, ap);
	va_end(ap);
	end_turn(line, ACK_DONE, 0);
}

static void reply_errno(int line)
{
	reply(line, "error %s", errno_name(errno));
}

/* Becomes process index: only the controller may write commands or read answers. */
static void enter_process(int index)
{
	self_index = index;
	for (int i = 0; i < MAX_PROCS; i++) {
		if (cmd_wr[i] >= 0)
			close(cmd_wr[i]);
		cmd_wr[i] = -1;
	}
	if (ack_rd >= 0)
		close(ack_rd);
	ack_rd = -1;
	pin_cpu0();
}

/* After a process's last line: wait for the end of the scenario, then exit. */
static void end_process(void)
{
	wait_turn(0);
	_exit(0);
}
`;

/** The whole prelude: core helpers, the operations, then the controller. */
export const C_PRELUDE: string = [C_PRELUDE_CORE, C_PRELUDE_OPS, C_PRELUDE_IO, C_CONTROLLER].join("\n");
