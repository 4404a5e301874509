// One native session at a time on a host, across processes: scenarios share CPU 0's LRU
// batches, and two sessions would fight over the zram swap device and KSM's run setting. The
// lock is a directory created atomically, holding the owner's pid; a dead owner's lock is taken
// over. Re-entrant within a process.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where the lock lives; the same for every cowlab on the host. */
export const HOST_LOCK = join(tmpdir(), "cowlab-native.lock");

let depth = 0;

function ownerAlive(): boolean {
  try {
    const pid = Number(readFileSync(join(HOST_LOCK, "pid"), "utf8"));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but is not ours to signal.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryLock(): boolean {
  try {
    mkdirSync(HOST_LOCK);
    writeFileSync(join(HOST_LOCK, "pid"), String(process.pid));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until this process holds the host lock (at most timeoutMs, then throws), runs body,
 * and releases it. A lock whose owner is gone is taken over; a lock still being created (no
 * pid file yet) is given a moment.
 */
export async function withHostLock<T>(body: () => Promise<T>, timeoutMs = 30 * 60_000, onWait: () => void = () => undefined): Promise<T> {
  if (depth === 0) await acquire(timeoutMs, onWait);
  depth++;
  try {
    return await body();
  } finally {
    depth--;
    if (depth === 0) rmSync(HOST_LOCK, { recursive: true, force: true });
  }
}

/** Drops the lock at once (an interrupted process, about to die by its signal). */
export function releaseHostLockNow(): void {
  if (depth > 0) rmSync(HOST_LOCK, { recursive: true, force: true });
  depth = 0;
}

async function acquire(timeoutMs: number, onWait: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  let orphanSeen = 0;
  while (!tryLock()) {
    if (ownerAlive()) orphanSeen = 0;
    else if (++orphanSeen >= 3) {
      rmSync(HOST_LOCK, { recursive: true, force: true });
      continue;
    }
    if (!told) onWait();
    told = true;
    if (Date.now() > deadline) throw new Error(`another native run holds ${HOST_LOCK}`);
    await sleep(100);
  }
}
