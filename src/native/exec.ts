// Compiles C with gcc into a temporary directory and runs the program in its own process
// group with a timeout (the whole group is killed on timeout or when we are interrupted),
// timing both, so the runner can say where the time goes.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GCC_FLAGS } from "./emitC.js";

/** A binary and how long gcc took, or gcc's complaint. */
export type CompileResult =
  | { readonly ok: true; readonly binary: string; readonly seconds: number }
  | { readonly ok: false; readonly message: string; readonly seconds: number };

/** What a program printed, how it ended, and how long it ran. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly seconds: number;
}

/** Process groups of programs running now, killed by killRunning() on an interrupt. */
const running = new Set<number>();

/** Kills every scenario program still running (each with its whole process group). */
export function killRunning(): void {
  for (const pgid of running) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

/** A fresh temporary directory for C sources and binaries. */
export function createWorkDir(): string {
  return mkdtempSync(join(tmpdir(), "cowlab-native-"));
}

/** Removes a work directory and everything in it. */
export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

interface Spawned {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
}

/** Runs a command in its own process group, feeding stdin, killing the group after timeoutMs. */
function spawnGroup(file: string, args: readonly string[], stdin: string, timeoutMs: number): Promise<Spawned> {
  return new Promise((resolve) => {
    const child = spawn(file, [...args], { detached: true, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    if (child.pid !== undefined) running.add(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killGroup(child.pid);
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.stdin.on("error", () => undefined);
    child.on("error", (e) => err.push(Buffer.from(String(e))));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) {
        killGroup(child.pid); // processes the program left behind
        running.delete(child.pid);
      }
      resolve({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), code, signal, timedOut });
    });
    child.stdin.end(stdin);
  });
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // The group is empty.
  }
}

/** Writes `name`.c into dir and compiles it with the flags the C header names. */
export async function compileC(source: string, dir: string, name: string): Promise<CompileResult> {
  const cFile = join(dir, `${name}.c`);
  const binary = join(dir, name);
  writeFileSync(cFile, source);
  const start = performance.now();
  const r = await spawnGroup("gcc", [...GCC_FLAGS, "-o", binary, cFile], "", 60_000);
  const seconds = (performance.now() - start) / 1000;
  if (r.code === 0) return { ok: true, binary, seconds };
  const message = r.stderr.trim() === "" ? `gcc failed (${r.signal ?? r.code ?? "?"})` : r.stderr.trim();
  return { ok: false, message, seconds };
}

/** Runs a compiled program with stdin, timing it. */
export async function runProgramBinary(binary: string, stdin: string, timeoutMs: number): Promise<RunResult> {
  const start = performance.now();
  const r = await spawnGroup(binary, [], stdin, timeoutMs);
  return { ...r, seconds: (performance.now() - start) / 1000 };
}
