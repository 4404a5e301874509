import { describe, expect, it } from "vitest";
import { policyFor } from "../../src/history/index.js";
import type { Pfn, Pid } from "../../src/kernel/ids.js";
import { createWorld } from "../../src/kernel/world.js";
import { createNaming } from "../../src/run/index.js";
import { divergenceOf, zeroPageDivergence } from "../../src/run/divergence.js";
import { programOf } from "../helpers/randomProgram.js";

const program = programOf("p: mmap buf 1 rw\np: read buf[0]\n");
const naming = createNaming(program);
const policy = policyFor({ major: 4, minor: 4 });

describe("divergence", () => {
  it("reports the shared zero page holding anything but 0 as corruption", () => {
    const world = createWorld([0 as Pid]);
    const zero = world.frames.get(world.zeroPfn);
    if (zero === undefined) throw new Error("the world has a zero page");
    zero.value = 66;
    const op = program.steps[1]?.op ?? { kind: "lru-drain" as const };
    const decision = { knob: "gupDropsWriteAfterCow", choice: "true" } as const;
    const copy = { kind: "copy", pfn: world.zeroPfn, to: 5 as Pfn, decision, text: "faultin_page: FOLL_WRITE dropped" } as const;
    const d = zeroPageDivergence({ world, policy, naming, op, framesBefore: [], history: [[copy]] });
    expect(d).toMatchObject({ class: "corruption", vpn: null, shown: { kind: "value", value: 66 } });
    expect(d.permitted).toEqual({ kind: "values", values: [0] });
    expect(d.why).toBe("the shared zero page holds B: faultin_page: FOLL_WRITE dropped "
      + "(gupDropsWriteAfterCow=true; since 4.4; changed by 19be0eaffa3a in 4.9)");
  });

  it("words a mismatch from where the op observed and what the ideal allows", () => {
    const world = createWorld([0 as Pid]);
    const op = program.steps[1]?.op ?? { kind: "lru-drain" as const };
    const d = divergenceOf({ world, policy, naming, op, framesBefore: [], history: [] }, {
      class: "lost-write", vpn: 65536, page: 1, shown: { kind: "value", value: 65 }, permitted: { kind: "values", values: [66] },
    });
    expect(d.why).toBe("p's read showed A, the ideal allows B: no policy decision touched the frames involved");
    expect(d.decision).toBeNull();
  });
});
