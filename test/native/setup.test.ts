// HostSetup's refusals and its undo bookkeeping, without touching the host: every case here
// stops before a global setting would change (real setup runs are in native.test.ts).
import { describe, expect, it } from "vitest";
import { HostSetup, activeSwaps } from "../../src/native/setup.js";
import { HOST_INFO_618 } from "./hostFacts.js";

const swapOn = activeSwaps().length > 0;

describe("setup", () => {
  it.skipIf(swapOn)("says why it cannot make swap without root or without zram (no swap on here)", () => {
    expect(new HostSetup({ ...HOST_INFO_618, root: false }).ensureSwap()).toBe("pageout needs a swap device, and making one needs root");
    expect(new HostSetup({ ...HOST_INFO_618, zram: false }).ensureSwap()).toBe("pageout needs a swap device (no swap on, no zram0 to make one)");
  });

  it("says why KSM cannot run without CONFIG_KSM or root", () => {
    expect(new HostSetup({ ...HOST_INFO_618, ksmRun: null }).ensureKsm()).toBe("ksm-scan needs a kernel with CONFIG_KSM");
    expect(new HostSetup({ ...HOST_INFO_618, root: false }).ensureKsm()).toBe("ksm-scan needs root (it switches /sys/kernel/mm/ksm/run)");
  });

  it("remembers a refusal and has nothing to restore after one", () => {
    const s = new HostSetup({ ...HOST_INFO_618, root: false, ksmRun: null });
    s.ensureKsm();
    expect(s.restore()).toEqual([]);
    expect(s.restore()).toEqual([]);
  });
});
