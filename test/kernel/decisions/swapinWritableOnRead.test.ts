import { describe, expect, it } from "vitest";
import { chooseSwapinWritable, writableOnAnyFault, writableOnWriteFault } from "../../../src/kernel/decisions/swapinWritableOnRead.js";
import { policyOf } from "../harness.js";
import { swapPteWith, vmaWith } from "./vmaFixture.js";

describe("swapinWritableOnRead", () => {
  it("sets the write bit only on write faults before 6.13, and never without VM_WRITE", () => {
    expect(writableOnWriteFault(false, vmaWith(), swapPteWith())).toMatchObject({ writable: false, handled: false });
    expect(writableOnWriteFault(true, vmaWith(), swapPteWith())).toMatchObject({ writable: true, dirty: true, handled: true });
    expect(writableOnWriteFault(true, vmaWith({ write: false }), swapPteWith())).toMatchObject({ writable: false, dirty: true, handled: true });
  });
  it("maps writable on reads too from 6.13 unless uffd-wp or soft-dirty tracking needs a fault", () => {
    expect(writableOnAnyFault(false, vmaWith(), swapPteWith())).toMatchObject({ writable: true, dirty: false, handled: false });
    expect(writableOnAnyFault(true, vmaWith(), swapPteWith())).toMatchObject({ writable: true, dirty: true, handled: true });
    expect(writableOnAnyFault(true, vmaWith({ softDirty: false }), swapPteWith({ softDirty: false }))).toMatchObject({ writable: false, handled: false });
    expect(writableOnAnyFault(false, vmaWith(), swapPteWith({ uffdWp: true })).writable).toBe(false);
    expect(writableOnAnyFault(true, vmaWith({ write: false }), swapPteWith()).handled).toBe(false);
  });
  it("picks per version", () => {
    expect(chooseSwapinWritable(policyOf("6.8"))).toBe(writableOnWriteFault);
    expect(chooseSwapinWritable(policyOf("6.13"))).toBe(writableOnAnyFault);
  });
});
