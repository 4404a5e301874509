// The C of the scenario verbs that act on memory, pipes and /proc: one op_* function per
// verb, each printing its line's observation and ending the turn. Part of the prelude.

/** op_* functions for mmap, munmap, mprotect, madvise, write, read, fork, exit, force-write,
 *  clear-refs, vmsplice, pipe reads, pagemap and frame. */
export const C_PRELUDE_OPS = String.raw`/* ---- memory verbs ---- */

static char *page_addr(const struct region *r, long index)
{
	return r->base + index * (long)PAGE;
}

static void op_mmap(int line, const struct region *r, int prot, int flags)
{
	size_t len = (size_t)r->pages * PAGE;
	void *p = mmap(r->base, len, prot, flags | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED) {
		reply_errno(line);
		return;
	}
	if (p != (void *)r->base) { /* a kernel that ignores MAP_FIXED_NOREPLACE */
		munmap(p, len);
		reply(line, "error EEXIST");
		return;
	}
	/* Base pages only, as the model: a host with THP "always" would otherwise use huge pages. */
	madvise(p, len, MADV_NOHUGEPAGE);
	reply(line, "ok");
}

static void op_munmap(int line, const struct region *r, long first, long pages)
{
	if (munmap(page_addr(r, first), (size_t)pages * PAGE) != 0) {
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

static void op_mprotect(int line, const struct region *r, long first, long pages, int prot)
{
	if (mprotect(page_addr(r, first), (size_t)pages * PAGE, prot) != 0) {
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

static void op_madvise(int line, const struct region *r, long first, long pages, int advice)
{
	if (madvise(page_addr(r, first), (size_t)pages * PAGE, advice) != 0) {
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

/* Stores value into every byte of each page, in page order; stops at the first SIGSEGV. */
static void op_write(int line, const struct region *r, long first, long pages, int value)
{
	for (long i = first; i < first + pages; i++)
		if (store_page(page_addr(r, i), value) != 0) {
			reply(line, "segv %s[%ld]", r->name, i);
			return;
		}
	reply(line, "ok");
}

/* Loads every byte of each page, in page order; prints one value per page. */
static void op_read(int line, const struct region *r, long first, long pages)
{
	char text[800] = "";
	size_t used = 0;
	for (long i = first; i < first + pages; i++) {
		int v = load_page(page_addr(r, i));
		if (v < 0) {
			reply(line, "segv %s[%ld]", r->name, i);
			return;
		}
		char b[8];
		int n = snprintf(text + used, sizeof text - used, "%s%s", i == first ? "" : " ", value_text(v, b));
		if (n > 0 && (size_t)n < sizeof text - used)
			used += (size_t)n;
	}
	reply(line, "%s", text);
}

/* The child starts its own function inside this call and never returns from it. */
static void op_fork(int line, int child, void (*run)(void))
{
	pid_t pid = fork();
	if (pid < 0) {
		reply_errno(line);
		return;
	}
	if (pid == 0) {
		enter_process(child);
		run();
		_exit(0);
	}
	observe(line, "ok");
	end_turn(line, ACK_DONE, pid);
}

/* The controller waits until the process is gone (its mm torn down) before the next line. */
static void op_exit(int line)
{
	observe(line, "ok");
	end_turn(line, ACK_DONE, 0);
	_exit(0);
}

/* pwrite to /proc/self/mem: a FOLL_FORCE | FOLL_WRITE GUP of one page (mem_rw). */
static void op_force_write(int line, const struct region *r, long index, int value)
{
	unsigned char buf[PAGE];
	memset(buf, value, sizeof buf);
	int fd = open("/proc/self/mem", O_RDWR);
	if (fd < 0)
		die("open /proc/self/mem");
	ssize_t n = pwrite(fd, buf, PAGE, (off_t)(uintptr_t)page_addr(r, index));
	int e = errno;
	close(fd);
	if (n != (ssize_t)PAGE) {
		errno = n < 0 ? e : EFAULT;
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

/* echo 4 > /proc/self/clear_refs: clear soft-dirty bits (write-protecting PTEs). */
static void op_clear_refs(int line)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	if (fd < 0)
		die("open /proc/self/clear_refs");
	ssize_t n = write(fd, "4", 1);
	int e = errno;
	close(fd);
	if (n != 1) {
		errno = e;
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

/* ---- pipes: created by the controller, shared by every process ---- */

static int pipe_rd[MAX_PIPES], pipe_wr[MAX_PIPES];

static void open_pipes(int n)
{
	for (int i = 0; i < n; i++) {
		int fds[2];
		if (pipe2(fds, O_NONBLOCK) != 0)
			die("pipe2");
		/* Room for 256 page buffers, so that a vmsplice of many pages does not block. */
		fcntl(fds[1], F_SETPIPE_SZ, 256 * (int)PAGE);
		pipe_rd[i] = fds[0];
		pipe_wr[i] = fds[1];
	}
}

/* vmsplice(2) without SPLICE_F_GIFT: the pipe takes one FOLL_GET reference per page. */
static void op_vmsplice(int line, const struct region *r, long first, long pages, int pipe)
{
	struct iovec iov = { page_addr(r, first), (size_t)pages * PAGE };
	ssize_t n = vmsplice(pipe_wr[pipe], &iov, 1, 0);
	if (n < 0) {
		reply_errno(line);
		return;
	}
	if (n != (ssize_t)(pages * PAGE)) {
		reply(line, "error EFAULT");
		return;
	}
	reply(line, "ok");
}

/* read(2) of one page from the pipe: consumes its oldest buffer; an empty pipe blocks the run. */
static void op_pipe_read(int line, int pipe)
{
	unsigned char buf[PAGE];
	ssize_t n = read(pipe_rd[pipe], buf, PAGE);
	if (n < 0 && errno == EAGAIN) {
		observe(line, "blocked");
		end_turn(line, ACK_BLOCKED, 0);
		return;
	}
	if (n < 0) {
		reply_errno(line);
		return;
	}
	if (n != (ssize_t)PAGE) {
		reply(line, "error EIO");
		return;
	}
	char b[8];
	reply(line, "%s", value_text(buffer_value(buf), b));
}

/* ---- /proc/self/pagemap ---- */

static uint64_t pagemap_entry(const char *addr)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		die("open /proc/self/pagemap");
	if (pread(fd, &e, sizeof e, (off_t)((uintptr_t)addr / PAGE * sizeof e)) != (ssize_t)sizeof e)
		die("read /proc/self/pagemap");
	close(fd);
	return e;
}

static void op_pagemap(int line, const struct region *r, long index)
{
	uint64_t e = pagemap_entry(page_addr(r, index));
	reply(line, "flags %spresent,%sswapped,%sexclusive,%ssoft-dirty",
	      e & PM_PRESENT ? "" : "!", e & PM_SWAP ? "" : "!",
	      e & PM_MMAP_EXCLUSIVE ? "" : "!", e & PM_SOFT_DIRTY ? "" : "!");
}

/* The PFN as pagemap shows it to root (0 to anyone else), or none when not present. */
static void op_frame(int line, const struct region *r, long index)
{
	uint64_t e = pagemap_entry(page_addr(r, index));
	if (!(e & PM_PRESENT)) {
		reply(line, "frame none");
		return;
	}
	reply(line, "frame %llu", (unsigned long long)(e & PM_PFN_MASK));
}
`;
