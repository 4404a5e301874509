// The C of the controller: the original process, which starts the independent processes,
// hands out the turns in the scenario's order, waits for an exiting process to be gone,
// runs the kernel: lines itself, and ends every process at the end. Part of the prelude.

/** Turn table types and run_scenario(). */
export const C_CONTROLLER = String.raw`/* ---- the controller ---- */

enum turn_kind { TURN_LINE, TURN_FORK, TURN_EXIT, TURN_KERNEL };

/* One line of the scenario: who runs it and what the controller must do around it. */
struct turn {
	int line;
	int proc;            /* the process that runs it; -1 for a kernel: line */
	enum turn_kind kind;
	int child;           /* TURN_FORK: the process the fork creates */
	void (*kernel)(int); /* TURN_KERNEL: what the controller runs */
};

struct process {
	const char *name;
	void (*run)(void);
	int independent; /* started by the controller; else created by a fork line */
};

struct scenario {
	const struct process *procs;
	int nprocs;
	int npipes;
	int uses_gup_test;
	const struct turn *turns;
	int nturns;
};

static pid_t pids[MAX_PROCS];
static int pidfds[MAX_PROCS];

static void kill_all(void)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
}

/* A harness failure in the controller: stop every process, report, exit 2. */
static void abort_run(const char *fmt, int line, const char *name)
{
	kill_all();
	char text[300];
	snprintf(text, sizeof text, fmt, line, name);
	say(2, text);
	exit(2);
}

/* pidfd_open (5.3+): readable once the process has exited, after exit_mm() tore its mm down. */
static void track(int proc, pid_t pid)
{
	pids[proc] = pid;
	pidfds[proc] = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfds[proc] < 0)
		die("pidfd_open");
}

static void await_gone(int proc, int line, const char *name)
{
	struct pollfd p = { pidfds[proc], POLLIN, 0 };
	if (poll(&p, 1, TURN_TIMEOUT_MS) != 1)
		abort_run("harness: line %d: process %s did not exit", line, name);
	close(pidfds[proc]);
	pidfds[proc] = -1;
	pids[proc] = 0;
}

/* Waits for the answer to the line; a process that dies or hangs instead is a harness failure. */
static struct ack await_ack(int proc, int line, const char *name)
{
	struct pollfd p[2] = { { ack_rd, POLLIN, 0 }, { pidfds[proc], POLLIN, 0 } };
	struct ack a;
	if (poll(p, 2, TURN_TIMEOUT_MS) <= 0)
		abort_run("harness: line %d: no answer from process %s", line, name);
	if (!(p[0].revents & POLLIN))
		abort_run("harness: line %d: process %s died", line, name);
	if (read_full(ack_rd, &a, sizeof a) != 0 || a.line != line)
		abort_run("harness: line %d: garbled answer from process %s", line, name);
	return a;
}

static void start_process(const struct scenario *s, int i)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		enter_process(i);
		s->procs[i].run();
		_exit(0);
	}
	track(i, pid);
}

/* Runs one line; 0 when the run goes on, 1 when it stops (an empty pipe would block). */
static int run_turn(const struct scenario *s, const struct turn *t)
{
	if (t->kind == TURN_KERNEL) {
		t->kernel(t->line);
		return 0;
	}
	const char *name = s->procs[t->proc].name;
	if (pids[t->proc] <= 0)
		abort_run("harness: line %d: process %s is not running", t->line, name);
	if (write(cmd_wr[t->proc], &t->line, sizeof t->line) != (ssize_t)sizeof t->line)
		abort_run("harness: line %d: cannot reach process %s", t->line, name);
	struct ack a = await_ack(t->proc, t->line, name);
	if (a.status == ACK_BLOCKED)
		return 1;
	if (t->kind == TURN_FORK && a.pid > 0)
		track(t->child, a.pid);
	if (t->kind == TURN_EXIT)
		await_gone(t->proc, t->line, name);
	return 0;
}

static void make_channels(int nprocs)
{
	int fds[2];
	for (int i = 0; i < MAX_PROCS; i++)
		cmd_rd[i] = cmd_wr[i] = -1;
	for (int i = 0; i < nprocs; i++) {
		if (pipe2(fds, O_CLOEXEC) != 0)
			die("pipe2");
		cmd_rd[i] = fds[0];
		cmd_wr[i] = fds[1];
	}
	if (pipe2(fds, O_CLOEXEC) != 0)
		die("pipe2");
	ack_rd = fds[0];
	ack_wr = fds[1];
}

/* Ends every process still running and reaps them all (orphans come back to us as subreaper). */
static void end_all(int nprocs)
{
	int zero = 0;
	for (int i = 0; i < nprocs; i++) {
		if (pids[i] > 0 && write(cmd_wr[i], &zero, sizeof zero) != (ssize_t)sizeof zero)
			kill(pids[i], SIGKILL);
		close(cmd_wr[i]);
	}
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

static int run_scenario(const struct scenario *s)
{
	pin_cpu0();
	catch_segv();
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (s->uses_gup_test)
		open_gup_test();
	drain_page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (drain_page == MAP_FAILED)
		die("mmap");
	open_pipes(s->npipes);
	make_channels(s->nprocs);
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].independent)
			start_process(s, i);
	for (int i = 0; i < s->nturns; i++)
		if (run_turn(s, &s->turns[i]))
			break;
	end_all(s->nprocs);
	say(1, "end");
	return 0;
}
`;
