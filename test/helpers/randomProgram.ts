// Random valid scenarios for property tests: two processes (p, and c once p forks), one or
// two small regions, up to ~12 actions over every base-page verb (or a chosen subset).
// Actions are drawn as integer choices and interpreted against the scenario's state, so every
// line is valid where it stands and fast-check shrinks by dropping or simplifying choices.
// The result is .cow text loaded by the real front end: a failing case prints as a scenario.
import fc from "fast-check";
import type { Program } from "../../src/scenario/index.js";
import { loadScenario } from "../../src/scenario/index.js";

export interface RandomScenario {
  readonly text: string;
  readonly program: Program;
}

interface Region {
  readonly name: string;
  readonly pages: number;
}

/** What the interpreter tracks so that every line it emits is valid. */
interface State {
  readonly regions: readonly Region[];
  alive: string[];
  forked: boolean;
  pipeBufs: number;
  ring: { owners: string[]; pages: number; live: boolean } | null;
  readonly pins: Map<string, { owner: string; write: boolean; live: boolean }>;
  nextValue: number;
}

type Choice = readonly [number, number, number, number];
/** A verb's line for actor `a` (a live process chosen by the choice), or null when the state forbids it. */
type LineOf = (s: State, a: string | undefined, c: Choice) => string | null;

const PIN_NAMES = ["pa", "pb"];
const ADVICE = ["dontneed", "dontfork", "dofork", "wipeonfork", "keeponfork", "pageout", "mergeable", "unmergeable"];
/** mprotect's protections, rw most often so that stores keep landing. */
const PROTS = ["rw", "ro", "rw", "none", "rw", "ro"];

const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

/** Every store gets a value of its own, so a value seen names the store that made it. */
function value(s: State): string {
  const v = s.nextValue++;
  return v <= 90 ? String.fromCharCode(v) : String(v);
}

function regionOf(s: State, n: number): Region {
  return pick(s.regions, n) as Region;
}

/** A page target `buf[i]`. */
function page(s: State, n: number): string {
  const r = regionOf(s, n);
  return `${r.name}[${Math.floor(n / 7) % r.pages}]`;
}

/** `buf[i]` (most often), `buf` or `buf[0..2]`, with its page count. */
function target(s: State, n: number): { text: string; pages: number } {
  const r = regionOf(s, n);
  const shape = Math.floor(n / 3) % 4;
  if (shape < 2 || r.pages === 1) return { text: page(s, n), pages: 1 };
  return { text: shape === 2 ? r.name : `${r.name}[0..${r.pages}]`, pages: r.pages };
}

/** A verb only a live process performs. */
const by = (f: (s: State, a: string, c: Choice) => string | null): LineOf => (s, a, c) =>
  a === undefined ? null : f(s, a, c);

/** `ring1[i]` for a page of the ring. */
const ringPage = (s: State, n: number): string => `ring1[${n % (s.ring?.pages ?? 1)}]`;

function ringUser(s: State, a: string): boolean {
  return s.ring !== null && s.ring.live && s.ring.owners.includes(a);
}

/** The line for a pin, or null without one. */
const withPin = (name: string | null, line: (n: string) => string): string | null => (name === null ? null : line(name));

/** A live pin of actor `a` (a writable one if `write`), chosen by `n`. */
function pinOf(s: State, a: string, n: number, write: boolean): string | null {
  const names = [...s.pins].filter(([, p]) => p.live && p.owner === a && (!write || p.write)).map(([name]) => name);
  return pick(names, n) ?? null;
}

/** Every base-page verb with how often it is drawn and how it makes its line. */
const VERBS = {
  write: { weight: 8, line: by((s, a, [, b]) => `${a}: write ${target(s, b).text} ${value(s)}`) },
  read: { weight: 5, line: by((s, a, [, b]) => `${a}: read ${target(s, b).text}`) },
  fork: {
    weight: 6,
    line: by((s, a) => {
      if (a !== "p" || s.forked) return null;
      s.forked = true;
      s.alive.push("c");
      if (s.ring?.owners.includes("p") === true) s.ring.owners.push("c");
      return "p: fork c";
    }),
  },
  munmap: { weight: 2, line: by((s, a, [, b]) => `${a}: munmap ${target(s, b).text}`) },
  mprotect: { weight: 2, line: by((s, a, [, b, c]) => `${a}: mprotect ${target(s, b).text} ${pick(PROTS, c) ?? "rw"}`) },
  madvise: {
    weight: 2,
    line: by((s, a, [, b, c]) => `${a}: madvise ${target(s, b).text} ${pick(ADVICE, c) ?? "dontneed"}`),
  },
  "force-write": { weight: 2, line: by((s, a, [, b]) => `${a}: force-write ${page(s, b)} ${value(s)}`) },
  "clear-refs": { weight: 1, line: by((_s, a) => `${a}: clear-refs`) },
  vmsplice: {
    weight: 4,
    line: by((s, a, [, b]) => {
      const t = target(s, b);
      s.pipeBufs += t.pages;
      return `${a}: vmsplice ${t.text} pipe1`;
    }),
  },
  "pipe-read": {
    weight: 4,
    line: by((s, a) => {
      if (s.pipeBufs === 0) return null;
      s.pipeBufs--;
      return `${a}: read pipe1`;
    }),
  },
  "iouring-register": {
    weight: 2,
    line: by((s, a, [, b]) => {
      if (s.ring !== null) return null;
      const t = target(s, b);
      s.ring = { owners: [a], pages: t.pages, live: true };
      return `${a}: iouring-register ${t.text} ring1`;
    }),
  },
  "ring-read": { weight: 3, line: by((s, a, [, b]) => (ringUser(s, a) ? `${a}: read ${ringPage(s, b)}` : null)) },
  "ring-write": { weight: 2, line: by((s, a, [, b]) => (ringUser(s, a) ? `${a}: write ${ringPage(s, b)} ${value(s)}` : null)) },
  "iouring-unregister": {
    weight: 1,
    line: by((s, a) => {
      if (!ringUser(s, a) || s.ring === null) return null;
      s.ring.live = false;
      return `${a}: iouring-unregister ring1`;
    }),
  },
  pin: {
    weight: 3,
    line: by((s, a, [, b, c]) => {
      const name = PIN_NAMES.find((n) => !s.pins.has(n));
      if (name === undefined) return null;
      const write = (c & 1) === 1;
      s.pins.set(name, { owner: a, write, live: true });
      const flags = `${write ? "rw" : "ro"}${(c & 2) === 2 ? " longterm" : ""}${(c & 4) === 4 ? " get" : ""}`;
      return `${a}: pin ${page(s, b)} ${flags} ${name}`;
    }),
  },
  "pin-read": { weight: 3, line: by((s, a, [, b]) => withPin(pinOf(s, a, b, false), (n) => `${a}: read ${n}`)) },
  "pin-write": { weight: 2, line: by((s, a, [, b]) => withPin(pinOf(s, a, b, true), (n) => `${a}: write ${n} ${value(s)}`)) },
  unpin: {
    weight: 1,
    line: by((s, a, [, b]) => {
      const n = pinOf(s, a, b, false);
      if (n === null) return null;
      (s.pins.get(n) as { live: boolean }).live = false;
      return `${a}: unpin ${n}`;
    }),
  },
  pagemap: { weight: 1, line: by((s, a, [, b]) => `${a}: pagemap ${page(s, b)}`) },
  frame: { weight: 1, line: by((s, a, [, b]) => `${a}: frame ${page(s, b)}`) },
  "ksm-scan": { weight: 1, line: () => "kernel: ksm-scan" },
  "lru-drain": { weight: 1, line: () => "kernel: lru-drain" },
  migrate: { weight: 1, line: by((s, a, [, b]) => `kernel: migrate ${a} ${page(s, b)}`) },
  reclaim: { weight: 1, line: by((s, a, [, b]) => `kernel: reclaim ${a} ${page(s, b)}`) },
  exit: {
    weight: 1,
    line: by((s, a) => {
      s.alive = s.alive.filter((x) => x !== a);
      if (s.ring !== null) s.ring.owners = s.ring.owners.filter((x) => x !== a);
      for (const pin of s.pins.values()) if (pin.owner === a) pin.live = false;
      return `${a}: exit`;
    }),
  },
} satisfies Record<string, { weight: number; line: LineOf }>;

export type RandomVerb = keyof typeof VERBS;
export const RANDOM_VERBS = Object.keys(VERBS) as RandomVerb[];

/** The verbs where copy-on-write decisions show: stores, fork, unmapping and GUP references. */
export const COW_CORE_VERBS: readonly RandomVerb[] = [
  "write", "read", "fork", "munmap", "exit", "mprotect", "vmsplice", "pipe-read", "pin", "pin-read", "pin-write",
  "iouring-register", "ring-read", "ring-write", "clear-refs",
];

/** The verb a number selects among `verbs`, by weight. */
function weighted(verbs: readonly RandomVerb[], n: number): RandomVerb {
  const total = verbs.reduce((sum, v) => sum + VERBS[v].weight, 0);
  let left = n % total;
  for (const v of verbs) {
    if (left < VERBS[v].weight) return v;
    left -= VERBS[v].weight;
  }
  return verbs[0] as RandomVerb;
}

/** The line of the verb the choice selects; when the state forbids it, a few redraws; else null. */
function lineFor(s: State, verbs: readonly RandomVerb[], c: Choice): string | null {
  for (let k = 0; k < 8; k++) {
    const line = VERBS[weighted(verbs, c[0] + k * 389)].line(s, pick(s.alive, c[1]), c);
    if (line !== null) return line;
  }
  return null;
}

/**
 * Closing observations, so that what the actions did is seen: every live pin and ring page,
 * every pipe buffer, and every page of every live process.
 */
function epilogue(s: State): string[] {
  const lines: string[] = [];
  for (const [name, pin] of s.pins) {
    if (pin.live && s.alive.includes(pin.owner)) lines.push(`${pin.owner}: read ${name}`);
  }
  const ringOwner = s.ring?.live === true ? s.ring.owners.find((o) => s.alive.includes(o)) : undefined;
  for (let i = 0; ringOwner !== undefined && i < (s.ring?.pages ?? 0); i++) lines.push(`${ringOwner}: read ${ringPage(s, i)}`);
  const reader = s.alive[0];
  for (let i = 0; reader !== undefined && i < s.pipeBufs; i++) lines.push(`${reader}: read pipe1`);
  for (const a of s.alive) {
    for (const r of s.regions) for (let i = 0; i < r.pages; i++) lines.push(`${a}: read ${r.name}[${i}]`);
  }
  return lines;
}

/** A region as drawn: its pages, MAP_SHARED, and a protection (0: read-only, else read-write). */
interface RegionChoice {
  readonly pages: number;
  readonly shared: boolean;
  readonly prot: number;
}

/** The text of a scenario: the regions mapped by p, one line per choice, then the epilogue. */
function interpret(regions: readonly RegionChoice[], choices: readonly Choice[], verbs: readonly RandomVerb[]): string {
  const named = regions.map((r, i) => ({ name: i === 0 ? "buf" : "aux", pages: r.pages }));
  const s: State = { regions: named, alive: ["p"], forked: false, pipeBufs: 0, ring: null, pins: new Map(), nextValue: 65 };
  const lines = regions.map((r, i) => {
    const name = named[i]?.name ?? "buf";
    return `p: mmap ${name} ${r.pages} ${r.prot === 0 ? "ro" : "rw"}${r.shared ? " shared" : ""}`;
  });
  for (const c of choices) {
    const line = lineFor(s, verbs, c);
    if (line !== null) lines.push(line);
  }
  return `scenario "random"\n${[...lines, ...epilogue(s)].join("\n")}\n`;
}

const choice: fc.Arbitrary<Choice> = fc.tuple(fc.nat(999), fc.nat(99), fc.nat(99), fc.nat(99));
/** A region: 1 page (2 one time in three), shared one time in four, read-only one time in eight. */
const region: fc.Arbitrary<RegionChoice> = fc.record({
  pages: fc.nat(2).map((n) => (n === 0 ? 2 : 1)),
  shared: fc.nat(3).map((n) => n === 0),
  prot: fc.nat(7),
});

/** One region, or two one time in four. */
const regions = fc.tuple(region, region, fc.nat(3)).map(([a, b, n]) => (n === 0 ? [a, b] : [a]));

export interface RandomProgramOptions {
  /** At most this many actions after the mmaps (default 12). */
  readonly maxActions?: number;
  /** The verbs to draw from (default: every base-page verb). */
  readonly verbs?: readonly RandomVerb[];
}

/** Scenario text with its program; loading is asserted, so an invalid line is a generator bug. */
export function randomProgram(options: RandomProgramOptions = {}): fc.Arbitrary<RandomScenario> {
  const verbs = options.verbs ?? RANDOM_VERBS;
  const max = options.maxActions ?? 12;
  // At least half the actions are drawn; each may shrink to nothing, so counterexamples shrink far.
  const drawn = fc.option(choice, { nil: null, freq: 8 });
  const actions = fc.array(drawn, { minLength: Math.ceil((max * 2) / 3), maxLength: max, size: "max" })
    .map((cs) => cs.filter((c): c is Choice => c !== null));
  return fc.tuple(regions, actions).map(([rs, choices]) => {
    const text = interpret(rs, choices, verbs);
    const loaded = loadScenario(text, "random.cow");
    if (!loaded.ok) {
      throw new Error(`randomProgram made an invalid scenario:\n${text}\n${JSON.stringify(loaded.diagnostics)}`);
    }
    // A counterexample prints as its scenario text, ready for `cowlab run`.
    return { text, program: loaded.program, [fc.toStringMethod]: () => `\n${text}` };
  });
}

/** The program of a scenario text that must load (a test's own scenario). */
export function programOf(text: string, file = "test.cow"): Program {
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(`the test scenario has errors:\n${text}\n${JSON.stringify(loaded.diagnostics)}`);
  return loaded.program;
}
