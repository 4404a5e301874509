// Random scenarios over the verbs a user-space program can do on a real kernel (fork, exit,
// read, write, munmap, mprotect, madvise, vmsplice and pipe reads, io_uring fixed buffers,
// force-write, pagemap, frame), as .cow lines. A small state tracks processes, pipes and ring
// holders so that lines are valid where they stand; the front end has the last word.
import type { Rng } from "../run/rng.js";
import { chance, nextFloat, nextInt, pick } from "../run/rng.js";

const VALUES = ["A", "B", "C", "D"];
const ADVICE = ["dontneed", "dontfork", "dofork", "wipeonfork", "pageout"];
const PROTS = ["ro", "rw", "none", "rw"];
const MAX_PROCESSES = 4;

interface Region {
  readonly name: string;
  readonly pages: number;
}

interface GenState {
  readonly regions: Region[];
  readonly alive: string[];
  nextChild: number;
  readonly pipes: Map<string, number>;
  readonly rings: Map<string, { holders: Set<string>; pages: number; live: boolean }>;
}

type Verb = (s: GenState, rng: Rng) => string | null;

function target(s: GenState, rng: Rng, single = false): string {
  const r = pick(rng, s.regions);
  if (!single && chance(rng, 0.2)) return r.name;
  const i = nextInt(rng, r.pages);
  if (!single && r.pages - i > 1 && chance(rng, 0.2)) return `${r.name}[${i}..${i + 2}]`;
  return `${r.name}[${i}]`;
}

const actor = (s: GenState, rng: Rng): string => pick(rng, s.alive);

const VERBS: readonly (readonly [number, Verb])[] = [
  [6, (s, rng) => `${actor(s, rng)}: write ${target(s, rng)} ${pick(rng, VALUES)}`],
  [5, (s, rng) => `${actor(s, rng)}: read ${target(s, rng)}`],
  [2, (s, rng) => {
    if (s.alive.length >= MAX_PROCESSES) return null;
    const parent = actor(s, rng);
    const child = `c${s.nextChild++}`;
    s.alive.push(child);
    for (const ring of s.rings.values()) if (ring.holders.has(parent)) ring.holders.add(child);
    return `${parent}: fork ${child}`;
  }],
  [1, (s, rng) => {
    if (s.alive.length < 2) return null;
    const who = actor(s, rng);
    s.alive.splice(s.alive.indexOf(who), 1);
    for (const ring of s.rings.values()) ring.holders.delete(who);
    return `${who}: exit`;
  }],
  [0.5, (s, rng) => `${actor(s, rng)}: munmap ${target(s, rng)}`],
  [1.5, (s, rng) => `${actor(s, rng)}: mprotect ${target(s, rng)} ${pick(rng, PROTS)}`],
  [2, (s, rng) => `${actor(s, rng)}: madvise ${target(s, rng)} ${pick(rng, ADVICE)}`],
  [1.5, (s, rng) => {
    const pipe = pick(rng, ["pipe1", "pipe2"]);
    s.pipes.set(pipe, (s.pipes.get(pipe) ?? 0) + 1);
    return `${actor(s, rng)}: vmsplice ${target(s, rng, true)} ${pipe}`;
  }],
  [2, (s, rng) => {
    const full = [...s.pipes].filter(([, n]) => n > 0).map(([p]) => p);
    if (full.length === 0) return null;
    const pipe = pick(rng, full);
    s.pipes.set(pipe, (s.pipes.get(pipe) ?? 1) - 1);
    return `${actor(s, rng)}: read ${pipe}`;
  }],
  [0.8, registerRing],
  [2, useRing],
  [1, (s, rng) => `${actor(s, rng)}: force-write ${target(s, rng, true)} ${pick(rng, VALUES)}`],
  [1.5, (s, rng) => `${actor(s, rng)}: pagemap ${target(s, rng, true)}`],
  [1.5, (s, rng) => `${actor(s, rng)}: frame ${target(s, rng, true)}`],
];

function registerRing(s: GenState, rng: Rng): string | null {
  const name = `ring${s.rings.size + 1}`;
  if (s.rings.size >= 2) return null;
  const who = actor(s, rng);
  const r = pick(rng, s.regions);
  const first = nextInt(rng, r.pages);
  s.rings.set(name, { holders: new Set([who]), pages: 1, live: true });
  return `${who}: iouring-register ${r.name}[${first}] ${name}`;
}

function useRing(s: GenState, rng: Rng): string | null {
  const usable = [...s.rings].filter(([, r]) => r.live && [...r.holders].some((h) => s.alive.includes(h)));
  if (usable.length === 0) return null;
  const [name, ring] = pick(rng, usable);
  const who = pick(rng, [...ring.holders].filter((h) => s.alive.includes(h)));
  const roll = nextInt(rng, 10);
  if (roll === 0) {
    ring.live = false;
    return `${who}: iouring-unregister ${name}`;
  }
  return roll < 6 ? `${who}: read ${name}[0]` : `${who}: write ${name}[0] ${pick(rng, VALUES)}`;
}

function pickVerb(rng: Rng): Verb {
  const total = VERBS.reduce((n, [w]) => n + w, 0);
  let x = nextFloat(rng) * total;
  for (const [w, verb] of VERBS) {
    x -= w;
    if (x < 0) return verb;
  }
  return (VERBS[0] as readonly [number, Verb])[1];
}

/** The action lines of one random scenario: an mmap or two, then up to maxLines actions. */
export function randomLines(rng: Rng, maxLines: number): string[] {
  const s: GenState = { regions: [], alive: ["p"], nextChild: 1, pipes: new Map(), rings: new Map() };
  const lines: string[] = [];
  const first: Region = { name: "buf", pages: 1 + nextInt(rng, 3) };
  s.regions.push(first);
  lines.push(`p: mmap buf ${first.pages} rw${chance(rng, 0.15) ? " shared" : ""}`);
  const actions = 2 + nextInt(rng, Math.max(1, maxLines - 1));
  for (let tries = 0; lines.length <= actions && tries < actions * 10; tries++) {
    if (s.regions.length === 1 && chance(rng, 0.05)) {
      s.regions.push({ name: "b2", pages: 1 + nextInt(rng, 2) });
      lines.push(`${actor(s, rng)}: mmap b2 ${s.regions[1]?.pages ?? 1} ${pick(rng, ["rw", "ro"])}`);
      continue;
    }
    const line = pickVerb(rng)(s, rng);
    if (line !== null) lines.push(line);
  }
  return lines;
}

/** A scenario's text from its title and action lines. */
export function scenarioText(title: string, lines: readonly string[]): string {
  return [`scenario "${title}"`, "", ...lines, ""].join("\n");
}
