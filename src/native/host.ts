// What the machine we run on offers a scenario: kernel release and the modelled version it
// maps to, the kernel config, root, gcc, swap, KSM, THP mode, gup_test and soft-dirty.
// detectHost reads /proc and /sys; parseHostFacts is the pure part, so tests can feed it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus, machine, release } from "node:os";
import { gunzipSync } from "node:zlib";
import type { KernelVersion } from "../kernel/policy.js";
import { formatVersion, isModelled, parseVersion } from "../history/index.js";

/** The facts the runner and the skip rules need. */
export interface HostInfo {
  /** `uname -r`. */
  readonly release: string;
  readonly arch: string;
  /** MAJOR.MINOR of the release, or null if it does not parse. */
  readonly version: KernelVersion | null;
  readonly modelled: boolean;
  readonly root: boolean;
  /** `gcc --version` first line, or null when gcc is missing. */
  readonly gcc: string | null;
  readonly cpus: number;
  /** CONFIG_* values, or null when neither /proc/config.gz nor /boot/config-RELEASE exists. */
  readonly config: ReadonlyMap<string, string> | null;
  readonly gupTest: boolean;
  /** true / false from the config; null when the config is unknown. */
  readonly softDirty: boolean | null;
  /** Swap devices in use (from /proc/swaps). */
  readonly swapDevices: readonly string[];
  /** /sys/block/zram0 exists, so a zram swap device can be made. */
  readonly zram: boolean;
  /** /sys/kernel/mm/ksm/run, or null without KSM. */
  readonly ksmRun: number | null;
  /** The bracketed mode of /sys/kernel/mm/transparent_hugepage/enabled, or null. */
  readonly thp: string | null;
  /** io_uring usable: built in and kernel.io_uring_disabled is 0 (or absent). */
  readonly iouring: boolean;
  readonly numaNodes: number;
}

/** The raw text read from the host; every field may be missing. */
export interface HostFacts {
  readonly release: string;
  readonly arch: string;
  readonly uid: number;
  readonly gcc: string | null;
  readonly cpus: number;
  readonly configText: string | null;
  readonly gupTestExists: boolean;
  readonly swapsText: string | null;
  readonly zram: boolean;
  readonly ksmRunText: string | null;
  readonly thpText: string | null;
  readonly iouringDisabledText: string | null;
  readonly numaNodes: number;
}

/** Parses `CONFIG_X=y` lines; `# CONFIG_X is not set` leaves X absent. */
export function parseConfig(text: string): Map<string, string> {
  const config = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line.trim());
    if (m !== null) config.set(m[1] as string, m[2] as string);
  }
  return config;
}

/** Device paths of /proc/swaps (its first line is a header). */
export function parseSwaps(text: string): string[] {
  return text.split("\n").slice(1).map((l) => l.trim().split(/\s+/)[0] ?? "").filter((d) => d !== "");
}

/** The bracketed choice of a sysfs mode file: `always [madvise] never` -> `madvise`. */
export function parseBracketed(text: string): string | null {
  return /\[([^\]]+)\]/.exec(text)?.[1] ?? null;
}

/** HostInfo from raw facts. */
export function parseHostFacts(f: HostFacts): HostInfo {
  const config = f.configText === null ? null : parseConfig(f.configText);
  const version = parseVersion(f.release);
  const has = (name: string): boolean | null => (config === null ? null : config.get(name) === "y");
  const ksmRun = f.ksmRunText === null ? null : Number.parseInt(f.ksmRunText.trim(), 10);
  return {
    release: f.release, arch: f.arch, version,
    modelled: version !== null && isModelled(version),
    root: f.uid === 0, gcc: f.gcc, cpus: f.cpus, config,
    gupTest: f.gupTestExists,
    softDirty: has("CONFIG_MEM_SOFT_DIRTY"),
    swapDevices: f.swapsText === null ? [] : parseSwaps(f.swapsText),
    zram: f.zram,
    ksmRun: ksmRun === null || Number.isNaN(ksmRun) ? null : ksmRun,
    thp: f.thpText === null ? null : parseBracketed(f.thpText),
    iouring: has("CONFIG_IO_URING") !== false && (f.iouringDisabledText ?? "0").trim() === "0",
    numaNodes: f.numaNodes,
  };
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function readConfig(rel: string): string | null {
  try {
    return gunzipSync(readFileSync("/proc/config.gz")).toString("utf8");
  } catch {
    return readOrNull(`/boot/config-${rel}`);
  }
}

function gccVersion(): string | null {
  try {
    return execFileSync("gcc", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n")[0] ?? null;
  } catch {
    return null;
  }
}

function countNumaNodes(): number {
  try {
    return readdirSync("/sys/devices/system/node").filter((n) => /^node\d+$/.test(n)).length || 1;
  } catch {
    return 1;
  }
}

/** Reads the running host. */
export function detectHost(): HostInfo {
  const rel = release();
  return parseHostFacts({
    release: rel, arch: machine(), uid: process.getuid?.() ?? -1, gcc: gccVersion(), cpus: cpus().length,
    configText: readConfig(rel),
    gupTestExists: existsSync("/sys/kernel/debug/gup_test"),
    swapsText: readOrNull("/proc/swaps"),
    zram: existsSync("/sys/block/zram0"),
    ksmRunText: readOrNull("/sys/kernel/mm/ksm/run"),
    thpText: readOrNull("/sys/kernel/mm/transparent_hugepage/enabled"),
    iouringDisabledText: readOrNull("/proc/sys/kernel/io_uring_disabled"),
    numaNodes: countNumaNodes(),
  });
}

/** One line describing the host, printed before native results. */
export function formatHost(h: HostInfo): string {
  const model = h.version === null ? "version unknown" : h.modelled ? `modelled as ${formatVersion(h.version)}` : `${formatVersion(h.version)} is not modelled`;
  const parts = [
    `Linux ${h.release} ${h.arch} (${model})`,
    h.root ? "root" : "not root",
    h.gcc === null ? "no gcc" : h.gcc.replace(/^gcc \(.*\) /, "gcc "),
    `${h.cpus} CPUs`,
    h.swapDevices.length > 0 ? `swap ${h.swapDevices.join(",")}` : h.zram ? "no swap (zram0 available)" : "no swap",
    h.ksmRun === null ? "no KSM" : `KSM run=${h.ksmRun}`,
    `THP ${h.thp ?? "absent"}`,
    h.gupTest ? "gup_test" : "no gup_test",
    h.softDirty === true ? "soft-dirty" : "no soft-dirty",
  ];
  return `host: ${parts.join(", ")}`;
}
