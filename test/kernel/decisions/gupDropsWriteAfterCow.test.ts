import { describe, expect, it } from "vitest";
import { chooseGupAfterCowBreak, dropFollWrite, setFollCow } from "../../../src/kernel/decisions/gupDropsWriteAfterCow.js";
import type { WalkFlags } from "../../../src/kernel/gupTypes.js";
import { policyOf } from "../harness.js";
import { vmaWith } from "./vmaFixture.js";

const ro = vmaWith({ write: false });
const walk: WalkFlags = { write: true, force: true, foll: "get", longterm: false, cow: false };

describe("gupDropsWriteAfterCow", () => {
  it("drops FOLL_WRITE after a COW on a VMA without VM_WRITE in era A", () => {
    expect(dropFollWrite(policyOf("4.8"), walk, ro, true).flags).toMatchObject({ write: false, cow: false });
  });
  it("changes nothing without a COW break or with VM_WRITE", () => {
    expect(dropFollWrite(policyOf("4.8"), walk, ro, false).flags).toBe(walk);
    expect(setFollCow(policyOf("5.10"), walk, vmaWith(), true).flags).toBe(walk);
  });
  it("sets FOLL_COW from 4.9 until 6.0 removes it", () => {
    expect(setFollCow(policyOf("4.9"), walk, ro, true).flags).toMatchObject({ write: true, cow: true });
    expect(setFollCow(policyOf("5.19"), walk, ro, true).flags.cow).toBe(true);
    expect(setFollCow(policyOf("6.0"), walk, ro, true).flags).toBe(walk);
  });
  it("picks the rule per version", () => {
    expect(chooseGupAfterCowBreak(policyOf("4.8"))).toBe(dropFollWrite);
    expect(chooseGupAfterCowBreak(policyOf("4.9"))).toBe(setFollCow);
  });
});
