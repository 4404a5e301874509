// What the native tests may use on this machine (gcc, root: PFNs, swap, KSM), and a fixed set
// of host facts for the pure tests. Native tests are skipped with the reason when gcc or root is missing.
import { execFileSync } from "node:child_process";
import type { HostFacts } from "../../src/native/host.js";
import { parseHostFacts } from "../../src/native/host.js";

function gccWorks(): boolean {
  try {
    execFileSync("gcc", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const hasGcc = gccWorks();
export const isRoot = process.getuid?.() === 0;
export const isLinux = process.platform === "linux";
/** Native runs need Linux, gcc and root. */
export const canRunNative = hasGcc && isRoot && isLinux;
/** Why native runs are skipped here, for test names. */
export const nativeSkipNote = canRunNative ? "" : ` (skipped: needs Linux, gcc and root${hasGcc ? "" : "; gcc missing"}${isRoot ? "" : "; not root"})`;

/** The facts of the machine this project was built on (a 6.18 vendor kernel). */
export const HOST_618: HostFacts = {
  release: "6.18.44-fc-v657", arch: "x86_64", uid: 0, gcc: "gcc (Debian 12.2.0-14+deb12u1) 12.2.0", cpus: 2,
  configText: "CONFIG_SWAP=y\n# CONFIG_MEM_SOFT_DIRTY is not set\n# CONFIG_GUP_TEST is not set\nCONFIG_KSM=y\nCONFIG_IO_URING=y\n",
  gupTestExists: false,
  swapsText: "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n",
  zram: true, ksmRunText: "0\n", thpText: "always [madvise] never\n", iouringDisabledText: "0\n", numaNodes: 1,
};

export const HOST_INFO_618 = parseHostFacts(HOST_618);
