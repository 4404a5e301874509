import { describe, expect, it } from "vitest";
import { formatHost, parseBracketed, parseConfig, parseHostFacts, parseSwaps } from "../../src/native/host.js";
import { HOST_618 } from "./hostFacts.js";

describe("host", () => {
  it("maps the release to a modelled MAJOR.MINOR and reads the config", () => {
    const h = parseHostFacts(HOST_618);
    expect(h.version).toEqual({ major: 6, minor: 18 });
    expect(h).toMatchObject({ modelled: true, root: true, softDirty: false, gupTest: false, ksmRun: 0, thp: "madvise", iouring: true, swapDevices: [] });
  });

  it("says soft-dirty is unknown when there is no config", () => {
    expect(parseHostFacts({ ...HOST_618, configText: null }).softDirty).toBeNull();
    expect(parseHostFacts({ ...HOST_618, configText: "CONFIG_MEM_SOFT_DIRTY=y\n" }).softDirty).toBe(true);
  });

  it("treats io_uring_disabled other than 0 as no io_uring, and a newer release as not modelled", () => {
    expect(parseHostFacts({ ...HOST_618, iouringDisabledText: "2\n" }).iouring).toBe(false);
    expect(parseHostFacts({ ...HOST_618, release: "7.1.0" })).toMatchObject({ modelled: false, version: { major: 7, minor: 1 } });
    expect(parseHostFacts({ ...HOST_618, uid: 1000 }).root).toBe(false);
  });

  it("parses config lines, /proc/swaps and bracketed sysfs modes", () => {
    expect([...parseConfig("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"x\"\n")]).toEqual([["CONFIG_A", "y"], ["CONFIG_C", "\"x\""]]);
    expect(parseSwaps("Filename Type Size Used Priority\n/dev/zram0 partition 65532 0 100\n")).toEqual(["/dev/zram0"]);
    expect(parseBracketed("[always] madvise never")).toBe("always");
    expect(parseBracketed("nothing")).toBeNull();
  });

  it("describes the host in one line", () => {
    expect(formatHost(parseHostFacts(HOST_618))).toBe(
      "host: Linux 6.18.44-fc-v657 x86_64 (modelled as 6.18), root, gcc 12.2.0, 2 CPUs, no swap (zram0 available), KSM run=0, THP madvise, no gup_test, no soft-dirty",
    );
  });
});
