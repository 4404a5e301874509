// The global host settings a scenario needs: a zram swap device for pageout / reclaim, and
// KSM (whose "run" the C program switches on only during a ksm-scan line). Every setting
// changed is saved first and put back by restore(): in finally, and on SIGINT / SIGTERM.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { HostInfo } from "./host.js";
import { parseSwaps } from "./host.js";
import { releaseHostLockNow, withHostLock } from "./hostLock.js";

const ZRAM = "/sys/block/zram0";
const KSM_RUN = "/sys/kernel/mm/ksm/run";
/** Enough for every page a scenario pages out. */
const ZRAM_SIZE = "64M";

/** Runs a system command; throws with its stderr when it fails. */
export type RunCommand = (file: string, args: readonly string[]) => void;

const runCommand: RunCommand = (file, args) => {
  execFileSync(file, [...args], { stdio: ["ignore", "ignore", "pipe"] });
};

/** The settings changed so far and how to put each back, newest first. */
export class HostSetup {
  private readonly undo: { what: string; action: () => void }[] = [];
  private swapReady: string | null | undefined;
  private ksmSaved = false;

  constructor(private readonly host: HostInfo, private readonly run: RunCommand = runCommand) {}

  /** Makes sure a swap device is on; null when it is, else why it cannot be. */
  ensureSwap(): string | null {
    if (this.swapReady !== undefined) return this.swapReady;
    this.swapReady = this.makeSwap();
    return this.swapReady;
  }

  private makeSwap(): string | null {
    if (activeSwaps().length > 0) return null;
    if (!this.host.root) return "pageout needs a swap device, and making one needs root";
    if (!this.host.zram) return "pageout needs a swap device (no swap on, no zram0 to make one)";
    if (readFileSync(`${ZRAM}/disksize`, "utf8").trim() !== "0") return "pageout needs a swap device (zram0 is in use)";
    try {
      this.remember("zram0 reset", () => writeFileSync(`${ZRAM}/reset`, "1"));
      writeFileSync(`${ZRAM}/disksize`, ZRAM_SIZE);
      this.run("mkswap", ["/dev/zram0"]);
      this.run("swapon", ["/dev/zram0"]);
      this.remember("swapoff /dev/zram0", () => this.run("swapoff", ["/dev/zram0"]));
      return null;
    } catch (e) {
      return `could not make a zram swap device: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    }
  }

  /** Saves KSM's run setting (the C program changes it during ksm-scan); null when KSM can run. */
  ensureKsm(): string | null {
    if (this.host.ksmRun === null) return "ksm-scan needs a kernel with CONFIG_KSM";
    if (!this.host.root) return "ksm-scan needs root (it switches /sys/kernel/mm/ksm/run)";
    if (!this.ksmSaved) {
      const saved = readFileSync(KSM_RUN, "utf8").trim();
      this.remember(`ksm run=${saved}`, () => writeFileSync(KSM_RUN, saved));
      this.ksmSaved = true;
    }
    return null;
  }

  private remember(what: string, action: () => void): void {
    this.undo.unshift({ what, action });
  }

  /** Puts every setting back, newest first; returns what could not be restored. Safe to call twice. */
  restore(): string[] {
    const failed: string[] = [];
    while (this.undo.length > 0) {
      const step = this.undo.shift();
      if (step === undefined) break;
      try {
        step.action();
      } catch (e) {
        failed.push(`${step.what}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      }
    }
    this.swapReady = undefined;
    this.ksmSaved = false;
    return failed;
  }
}

/** Swap devices in use now. */
export function activeSwaps(): string[] {
  return existsSync("/proc/swaps") ? parseSwaps(readFileSync("/proc/swaps", "utf8")) : [];
}

/**
 * Runs body with a HostSetup, holding the host lock (one native session per host), restoring
 * the settings afterwards, also when body throws or the process gets SIGINT / SIGTERM (then
 * `onSignal` runs, the settings are restored, the lock dropped, and the signal raised again).
 */
export function withHostSetup<T>(host: HostInfo, body: (setup: HostSetup) => Promise<T>, onSignal: () => void = () => undefined): Promise<{ value: T; restoreFailures: string[] }> {
  return withHostLock(() => setupAndRun(host, body, onSignal));
}

async function setupAndRun<T>(host: HostInfo, body: (setup: HostSetup) => Promise<T>, onSignal: () => void): Promise<{ value: T; restoreFailures: string[] }> {
  const setup = new HostSetup(host);
  const handler = (signal: NodeJS.Signals): void => {
    onSignal();
    setup.restore();
    releaseHostLockNow();
    process.removeListener("SIGINT", handler);
    process.removeListener("SIGTERM", handler);
    process.kill(process.pid, signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  try {
    const value = await body(setup);
    return { value, restoreFailures: setup.restore() };
  } finally {
    setup.restore();
    process.removeListener("SIGINT", handler);
    process.removeListener("SIGTERM", handler);
  }
}
