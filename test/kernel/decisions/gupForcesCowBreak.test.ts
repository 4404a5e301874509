import { describe, expect, it } from "vitest";
import { chooseGupWalkFlags, walkAsAsked, walkAsWrite } from "../../../src/kernel/decisions/gupForcesCowBreak.js";
import type { GupFlags } from "../../../src/kernel/gupTypes.js";
import { policyOf } from "../harness.js";
import { vmaWith } from "./vmaFixture.js";

const read: GupFlags = { write: false, force: false, foll: "get", longterm: false };

describe("gupForcesCowBreak", () => {
  it("walks a GET or PIN of a COW mapping as a write in 5.8, read-only VMA included", () => {
    expect(walkAsWrite(read, vmaWith()).write).toBe(true);
    expect(walkAsWrite({ ...read, foll: "pin" }, vmaWith({ write: false })).write).toBe(true);
  });
  it("leaves shared and non-COW mappings alone", () => {
    expect(walkAsWrite(read, vmaWith({ shared: true, shmem: 1 })).write).toBe(false);
    expect(walkAsWrite(read, vmaWith({ mayWrite: false })).write).toBe(false);
  });
  it("keeps the caller's flags in every other version", () => {
    expect(walkAsAsked(read, vmaWith())).toEqual({ ...read, cow: false });
    expect(chooseGupWalkFlags(policyOf("5.7"))).toBe(walkAsAsked);
    expect(chooseGupWalkFlags(policyOf("5.8"))).toBe(walkAsWrite);
    expect(chooseGupWalkFlags(policyOf("5.9"))).toBe(walkAsAsked);
  });
});
