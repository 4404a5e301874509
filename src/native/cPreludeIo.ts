// The C of the verbs that go through a device or a kernel thread: io_uring fixed buffers
// (raw syscalls, no liburing), gup_test pins, KSM and the LRU drain. Part of the prelude.

/** Rings, pins and the kernel: lines. */
export const C_PRELUDE_IO = String.raw`/* ---- io_uring fixed buffers (io_uring/rsrc.c: pinned with FOLL_WRITE | FOLL_LONGTERM) ---- */

struct ring {
	int fd;   /* the io_uring instance; children forked later inherit it */
	int file; /* a memfd the device writes the buffer to and reads it from */
	unsigned *sq_tail, *sq_mask, *sq_array;
	unsigned *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	char *base; /* the registered range: buffer i is its page i */
};

static struct ring rings[MAX_RINGS];

/* io_uring_setup and the three ring mappings. No MAP_POPULATE: it would drain the LRU batch. */
static int ring_setup(struct ring *g)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof p);
	int fd = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0)
		return -1;
	size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	char *sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, IORING_OFF_SQ_RING);
	char *cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, IORING_OFF_CQ_RING);
	void *sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
			  MAP_SHARED, fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		die("mmap io_uring rings");
	g->fd = fd;
	g->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	g->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	g->sq_array = (unsigned *)(sq + p.sq_off.array);
	g->cq_head = (unsigned *)(cq + p.cq_off.head);
	g->cq_tail = (unsigned *)(cq + p.cq_off.tail);
	g->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	g->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	g->sqes = sqes;
	g->file = memfd_create("cowlab-ring", 0);
	if (g->file < 0 || ftruncate(g->file, PAGE) != 0)
		die("memfd for io_uring");
	return 0;
}

/* Submits one fixed-buffer read or write of buffer index and waits for it: its result. */
static int ring_io(struct ring *g, int opcode, long index)
{
	unsigned tail = __atomic_load_n(g->sq_tail, __ATOMIC_ACQUIRE);
	unsigned slot = tail & *g->sq_mask;
	struct io_uring_sqe *sqe = &g->sqes[slot];
	memset(sqe, 0, sizeof *sqe);
	sqe->opcode = (unsigned char)opcode;
	sqe->fd = g->file;
	sqe->addr = (unsigned long)(g->base + index * (long)PAGE);
	sqe->len = PAGE;
	sqe->off = 0;
	sqe->buf_index = (unsigned short)index;
	g->sq_array[slot] = slot;
	__atomic_store_n(g->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, g->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	unsigned head = __atomic_load_n(g->cq_head, __ATOMIC_ACQUIRE);
	if (head == __atomic_load_n(g->cq_tail, __ATOMIC_ACQUIRE))
		return -EAGAIN;
	int res = g->cqes[head & *g->cq_mask].res;
	__atomic_store_n(g->cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

/* IORING_REGISTER_BUFFERS with one buffer per page, so that RING[i] is page i. */
static void op_ring_register(int line, int ring, const struct region *r, long first, long pages)
{
	struct ring *g = &rings[ring];
	if (ring_setup(g) != 0) {
		reply_errno(line);
		return;
	}
	g->base = page_addr(r, first);
	struct iovec iov[pages];
	for (long i = 0; i < pages; i++) {
		iov[i].iov_base = g->base + i * (long)PAGE;
		iov[i].iov_len = PAGE;
	}
	if (syscall(__NR_io_uring_register, g->fd, IORING_REGISTER_BUFFERS, iov, (unsigned)pages) != 0) {
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

/* The device reads the pinned page: IORING_OP_WRITE_FIXED to the memfd, then read the memfd. */
static void op_ring_read(int line, int ring, long index)
{
	struct ring *g = &rings[ring];
	int res = ring_io(g, IORING_OP_WRITE_FIXED, index);
	if (res < 0) {
		errno = -res;
		reply_errno(line);
		return;
	}
	unsigned char buf[PAGE];
	if (res != (int)PAGE || pread(g->file, buf, PAGE, 0) != (ssize_t)PAGE) {
		reply(line, "error EIO");
		return;
	}
	char b[8];
	reply(line, "%s", value_text(buffer_value(buf), b));
}

/* The device writes the pinned page: fill the memfd, then IORING_OP_READ_FIXED from it. */
static void op_ring_write(int line, int ring, long index, int value)
{
	struct ring *g = &rings[ring];
	unsigned char buf[PAGE];
	memset(buf, value, sizeof buf);
	if (pwrite(g->file, buf, PAGE, 0) != (ssize_t)PAGE)
		die("write the ring's memfd");
	int res = ring_io(g, IORING_OP_READ_FIXED, index);
	if (res < 0) {
		errno = -res;
		reply_errno(line);
		return;
	}
	reply(line, res == (int)PAGE ? "ok" : "error EIO");
}

static void op_ring_unregister(int line, int ring)
{
	if (syscall(__NR_io_uring_register, rings[ring].fd, IORING_UNREGISTER_BUFFERS, NULL, 0) != 0) {
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

/* Before the ring's last holder exits: the kernel would drop the pins when the ring is freed,
 * but it frees it from a workqueue after exit; unregistering first drops them at exit, in order. */
static void ring_release(int ring)
{
	syscall(__NR_io_uring_register, rings[ring].fd, IORING_UNREGISTER_BUFFERS, NULL, 0);
}

/* ---- pins through /sys/kernel/debug/gup_test (CONFIG_GUP_TEST; ioctl ABI of mm/gup_test.h) ---- */

struct pin_longterm_test {
	uint64_t addr;
	uint64_t size;
	uint32_t flags;
};
#define PIN_LONGTERM_TEST_START _IOW('g', 7, struct pin_longterm_test)
#define PIN_LONGTERM_TEST_STOP _IO('g', 8)
#define PIN_LONGTERM_TEST_READ _IOW('g', 9, uint64_t)
#define PIN_LONGTERM_TEST_FLAG_USE_WRITE 1

static int gup_fd = -1;

/* Opened by the controller; without it the scenario cannot run here, which is not a failure. */
static void open_gup_test(void)
{
	gup_fd = open("/sys/kernel/debug/gup_test", O_RDWR);
	if (gup_fd < 0) {
		say(1, "skip: pin needs /sys/kernel/debug/gup_test (CONFIG_GUP_TEST)");
		exit(0);
	}
}

/* pin_user_pages(FOLL_LONGTERM [| FOLL_WRITE]) of one page; gup_test holds one range at a time. */
static void op_pin(int line, const struct region *r, long index, int write)
{
	struct pin_longterm_test t = { (uintptr_t)page_addr(r, index), PAGE, write ? PIN_LONGTERM_TEST_FLAG_USE_WRITE : 0 };
	if (ioctl(gup_fd, PIN_LONGTERM_TEST_START, &t) != 0) {
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

/* Reads the pinned page through the kernel's own mapping of it. */
static void op_pin_read(int line)
{
	unsigned char buf[PAGE];
	uint64_t to = (uintptr_t)buf;
	if (ioctl(gup_fd, PIN_LONGTERM_TEST_READ, &to) != 0) {
		reply_errno(line);
		return;
	}
	char b[8];
	reply(line, "%s", value_text(buffer_value(buf), b));
}

static void op_unpin(int line)
{
	if (ioctl(gup_fd, PIN_LONGTERM_TEST_STOP) != 0) {
		reply_errno(line);
		return;
	}
	reply(line, "ok");
}

/* ---- kernel: lines, run by the controller ---- */

static long read_long(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

static int write_long(const char *path, long v)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%ld", v);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	int ok = write(fd, buf, (size_t)n) == n;
	close(fd);
	return ok ? 0 : -1;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

#define KSM "/sys/kernel/mm/ksm/"

/* Lets ksmd run until it has completed three more full scans (a page needs two to be merged:
 * one to checksum it, one to find its twin) or 5 s pass, then puts "run" back: 0 stops ksmd
 * and keeps what it merged, so nothing merges outside this line. */
static void kernel_ksm_scan(int line)
{
	long run = read_long(KSM "run");
	long start = read_long(KSM "full_scans");
	if (run < 0 || start < 0 || (run != 1 && write_long(KSM "run", 1) != 0)) {
		observe(line, "error %s", errno_name(errno));
		return;
	}
	long deadline = now_ms() + 5000;
	while (read_long(KSM "full_scans") < start + 3 && now_ms() < deadline)
		usleep(5000);
	if (run != 1)
		write_long(KSM "run", run);
	observe(line, "ok");
}

static char *drain_page;

/* lru_add_drain() of CPU 0 (every process runs there): madvise_cold() drains the local LRU
 * batches before it walks the range (mm/madvise.c); the range is a page nothing ever touches. */
static void kernel_lru_drain(int line)
{
	if (madvise(drain_page, PAGE, MADV_COLD) != 0) {
		observe(line, "error %s", errno_name(errno));
		return;
	}
	observe(line, "ok");
}
`;
