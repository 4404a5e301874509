// The C of the scenario interpreter: the prelude plus a main that reads a scenario as
// bytecode (bytecode.ts) on stdin and runs it with the same controller and op_* calls as a
// generated program. Compiled once per run of `cowlab native`, it spares one gcc per scenario.
import { C_PRELUDE } from "./cPrelude.js";

const C_INTERPRETER_MAIN = String.raw`/* ---- the interpreter: any scenario, as bytecode on stdin ---- */

#define MAX_TURNS 4096
#define MAX_CALLS 8192
#define MAX_ARGS 8
#define MAX_REGIONS 64

struct call {
	char fn[32];
	long args[MAX_ARGS];
	int nargs;
};

static struct region regions[MAX_REGIONS];
static struct process procs[MAX_PROCS];
static struct turn turns[MAX_TURNS];
static int turn_first[MAX_TURNS], turn_calls[MAX_TURNS];
static struct call calls[MAX_CALLS];
static int nregions, nprocs, npipes, nturns, ncalls, uses_gup;

static void interp_proc(void);

/* The C constants a bytecode token may name, joined by '|'. */
static const struct { const char *name; long value; } CONSTANTS[] = {
	{ "PROT_NONE", PROT_NONE }, { "PROT_READ", PROT_READ }, { "PROT_WRITE", PROT_WRITE },
	{ "MAP_PRIVATE", MAP_PRIVATE }, { "MAP_SHARED", MAP_SHARED },
	{ "MADV_DONTNEED", MADV_DONTNEED }, { "MADV_DONTFORK", MADV_DONTFORK }, { "MADV_DOFORK", MADV_DOFORK },
	{ "MADV_WIPEONFORK", MADV_WIPEONFORK }, { "MADV_KEEPONFORK", MADV_KEEPONFORK },
	{ "MADV_PAGEOUT", MADV_PAGEOUT }, { "MADV_MERGEABLE", MADV_MERGEABLE },
	{ "MADV_UNMERGEABLE", MADV_UNMERGEABLE }, { "MADV_NOHUGEPAGE", MADV_NOHUGEPAGE },
};

static long token_value(const char *tok)
{
	if ((tok[0] >= '0' && tok[0] <= '9') || tok[0] == '-')
		return strtol(tok, NULL, 10);
	long v = 0;
	char copy[128];
	snprintf(copy, sizeof copy, "%s", tok);
	for (char *save = NULL, *part = strtok_r(copy, "|", &save); part; part = strtok_r(NULL, "|", &save)) {
		size_t i = 0;
		while (i < sizeof CONSTANTS / sizeof CONSTANTS[0] && strcmp(CONSTANTS[i].name, part) != 0)
			i++;
		if (i == sizeof CONSTANTS / sizeof CONSTANTS[0]) {
			errno = 0;
			die("bytecode: unknown constant %s", part);
		}
		v |= CONSTANTS[i].value;
	}
	return v;
}

static void (*kernel_fn(const char *name))(int)
{
	if (strcmp(name, "kernel_ksm_scan") == 0)
		return kernel_ksm_scan;
	if (strcmp(name, "kernel_lru_drain") == 0)
		return kernel_lru_drain;
	errno = 0;
	die("bytecode: unknown kernel line %s", name);
	return NULL;
}

static enum turn_kind turn_kind(const char *name)
{
	if (strcmp(name, "TURN_FORK") == 0)
		return TURN_FORK;
	if (strcmp(name, "TURN_EXIT") == 0)
		return TURN_EXIT;
	if (strcmp(name, "TURN_KERNEL") == 0)
		return TURN_KERNEL;
	return TURN_LINE;
}

/* One line of bytecode, already split into words. */
static void parse_words(char **w, int n)
{
	errno = 0;
	if (n >= 3 && strcmp(w[0], "proc") == 0 && nprocs < MAX_PROCS) {
		procs[nprocs++] = (struct process){ strdup(w[1]), interp_proc, atoi(w[2]) };
	} else if (n >= 3 && strcmp(w[0], "region") == 0 && nregions < MAX_REGIONS) {
		char *base = (char *)(0x100000000000UL + (unsigned long)nregions * 0x40000000UL);
		regions[nregions++] = (struct region){ strdup(w[1]), base, atol(w[2]) };
	} else if (n >= 2 && strcmp(w[0], "pipes") == 0) {
		npipes = atoi(w[1]);
	} else if (n >= 2 && strcmp(w[0], "gup") == 0) {
		uses_gup = atoi(w[1]);
	} else if (n >= 5 && strcmp(w[0], "turn") == 0 && nturns < MAX_TURNS) {
		turns[nturns] = (struct turn){ atoi(w[1]), atoi(w[2]), turn_kind(w[3]), atoi(w[4]), NULL };
		turn_first[nturns++] = ncalls;
	} else if (n >= 2 && strcmp(w[0], "call") == 0 && nturns > 0 && ncalls < MAX_CALLS && n - 2 <= MAX_ARGS) {
		struct call *c = &calls[ncalls++];
		snprintf(c->fn, sizeof c->fn, "%s", w[1]);
		c->nargs = n - 2;
		for (int i = 2; i < n; i++)
			c->args[i - 2] = token_value(w[i]);
		turn_calls[nturns - 1]++;
		if (turns[nturns - 1].kind == TURN_KERNEL)
			turns[nturns - 1].kernel = kernel_fn(w[1]);
	} else if (n > 0 && strcmp(w[0], "cowlab-bytecode") != 0) {
		die("bytecode: cannot read line starting %s", w[0]);
	}
}

static void parse_bytecode(FILE *in)
{
	char line[1024];
	while (fgets(line, sizeof line, in)) {
		char *w[MAX_ARGS + 4];
		int n = 0;
		for (char *save = NULL, *t = strtok_r(line, " \t\n", &save); t && n < MAX_ARGS + 4; t = strtok_r(NULL, " \t\n", &save))
			w[n++] = t;
		parse_words(w, n);
	}
}

static const struct region *region_at(long i)
{
	if (i < 0 || i >= nregions) {
		errno = 0;
		die("bytecode: no region %ld", i);
	}
	return &regions[i];
}

/* Runs one call; the names and arguments are those of the generated C. */
static void exec_call(const struct call *c)
{
	const long *a = c->args;
	const char *f = c->fn;
	if (!strcmp(f, "op_mmap")) op_mmap(a[0], region_at(a[1]), a[2], a[3]);
	else if (!strcmp(f, "op_munmap")) op_munmap(a[0], region_at(a[1]), a[2], a[3]);
	else if (!strcmp(f, "op_mprotect")) op_mprotect(a[0], region_at(a[1]), a[2], a[3], a[4]);
	else if (!strcmp(f, "op_madvise")) op_madvise(a[0], region_at(a[1]), a[2], a[3], a[4]);
	else if (!strcmp(f, "op_write")) op_write(a[0], region_at(a[1]), a[2], a[3], a[4]);
	else if (!strcmp(f, "op_read")) op_read(a[0], region_at(a[1]), a[2], a[3]);
	else if (!strcmp(f, "op_fork")) op_fork(a[0], a[1], interp_proc);
	else if (!strcmp(f, "op_exit")) op_exit(a[0]);
	else if (!strcmp(f, "op_force_write")) op_force_write(a[0], region_at(a[1]), a[2], a[3]);
	else if (!strcmp(f, "op_clear_refs")) op_clear_refs(a[0]);
	else if (!strcmp(f, "op_vmsplice")) op_vmsplice(a[0], region_at(a[1]), a[2], a[3], a[4]);
	else if (!strcmp(f, "op_pipe_read")) op_pipe_read(a[0], a[1]);
	else if (!strcmp(f, "op_ring_register")) op_ring_register(a[0], a[1], region_at(a[2]), a[3], a[4]);
	else if (!strcmp(f, "op_ring_read")) op_ring_read(a[0], a[1], a[2]);
	else if (!strcmp(f, "op_ring_write")) op_ring_write(a[0], a[1], a[2], a[3]);
	else if (!strcmp(f, "op_ring_unregister")) op_ring_unregister(a[0], a[1]);
	else if (!strcmp(f, "ring_release")) ring_release(a[0]);
	else if (!strcmp(f, "op_pin")) op_pin(a[0], region_at(a[1]), a[2], a[3]);
	else if (!strcmp(f, "op_pin_read")) op_pin_read(a[0]);
	else if (!strcmp(f, "op_unpin")) op_unpin(a[0]);
	else if (!strcmp(f, "op_pagemap")) op_pagemap(a[0], region_at(a[1]), a[2]);
	else if (!strcmp(f, "op_frame")) op_frame(a[0], region_at(a[1]), a[2]);
	else {
		errno = 0;
		die("bytecode: unknown call %s", f);
	}
}

/* The function of every process: its own lines, in order. */
static void interp_proc(void)
{
	for (int i = 0; i < nturns; i++) {
		if (turns[i].proc != self_index)
			continue;
		wait_turn(turns[i].line);
		for (int k = 0; k < turn_calls[i]; k++)
			exec_call(&calls[turn_first[i] + k]);
	}
	end_process();
}

int main(void)
{
	parse_bytecode(stdin);
	if (npipes > MAX_PIPES || nprocs == 0) {
		errno = 0;
		die("bytecode: bad header");
	}
	const struct scenario s = { procs, nprocs, npipes, uses_gup, turns, nturns };
	return run_scenario(&s);
}
`;

/** The interpreter's whole C source. */
export const C_INTERPRETER: string = [
  "/* cowlab scenario interpreter: reads a scenario as bytecode on stdin (written by cowlab native). */",
  C_PRELUDE,
  C_INTERPRETER_MAIN,
].join("\n");
