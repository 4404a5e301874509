// policyFor against the knob table of linux-cow-eras.md §5/§7.1 as corrected by §10 and the
// source review: the expected values are written here from the documents, era by era, not
// derived from src/history, and every modelled version is compared knob by knob.
import { describe, expect, it } from "vitest";
import type { KernelVersion, KnobName, PolicyKnobs } from "../../src/kernel/policy.js";
import type { EraLetter } from "../../src/history/index.js";
import {
  KNOB_NAMES,
  MODELLED_VERSIONS,
  formatVersion,
  inRange,
  knobDifferences,
  parseVersion,
  policyFor,
} from "../../src/history/index.js";

/** linux-cow-eras.md §1: the mainline range of each era. */
const ERA_RANGES: Readonly<Record<EraLetter, string>> = {
  A: "..4.8",
  B: "4.9..5.7",
  C: "5.8",
  D: "5.9..5.17",
  E: "5.18",
  F: "5.19",
  G: "6.0..6.1",
  H: "6.2..6.14",
  I: "6.15..",
};

/** A cell of the table: one value for the whole era, or values for sub-ranges of it. */
type Cell<T> = T | ReadonlyArray<readonly [range: string, value: T]>;
type Row<K extends KnobName> = Readonly<Record<EraLetter, Cell<PolicyKnobs[K]>>>;
const all = <T,>(value: T, overrides: Partial<Record<EraLetter, Cell<T>>> = {}): Record<EraLetter, Cell<T>> => ({
  A: value, B: value, C: value, D: value, E: value, F: value, G: value, H: value, I: value, ...overrides,
});

/** §7.1 row by row (names as in src/kernel/policy.ts); comments give the section that decides a cell. */
const DOC: { readonly [K in KnobName]: Row<K> } = {
  gupDropsWriteAfterCow: all(false, { A: true }),
  // A: the document's "any-after-cow" is gupDropsWriteAfterCow; FOLL_COW does not exist yet and
  // the knob keeps its 4.9 value unconsulted. F: 5.19.0 still has FOLL_COW (§0.3.4).
  forceWriteAcceptance: all<PolicyKnobs["forceWriteAcceptance"]>("follcow-dirty", {
    C: "follcow-dirty-noforce", G: "anon-exclusive", H: "anon-exclusive", I: "anon-exclusive",
  }),
  gupForcesCowBreak: all(false, { C: true }),
  // §1 B and the review §1: FOLL_PIN in 5.6 (a plain +1), the 1024 bias from 5.7.
  follPin: all<PolicyKnobs["follPin"]>("bias", { A: "none", B: [["..5.5", "none"], ["5.6", "plain-ref"], ["5.7", "bias"]] }),
  // §10.6: get_user_pages in 5.1..5.5, pin_user_pages from 5.6; no io_uring before 5.1.
  iouringBuffers: all<PolicyKnobs["iouringBuffers"]>("foll-pin", {
    A: "none", B: [["..5.0", "none"], ["5.1..5.5", "foll-get"], ["5.6..", "foll-pin"]],
  }),
  smallPageReuse: all<PolicyKnobs["smallPageReuse"]>("exclusive-or-refcount", {
    A: "mapcount", B: "mapcount", C: "mapcount", D: "refcount-strict", E: "refcount",
  }),
  ksmReuse: all<PolicyKnobs["ksmReuse"]>("never", { B: [["..5.0", "never"], ["5.1..", "sole-ref"]], C: "sole-ref" }),
  swapinReuse: all<PolicyKnobs["swapinReuse"]>("exclusive-or-fresh-or-rc1", {
    A: "mapcount-swapcount", B: "mapcount-swapcount", C: "mapcount-swapcount", D: "mapcount-swapcount", E: "fresh-or-rc1",
  }),
  // §1 H: absent in 6.8, present in 6.13; source: c18160dba5ff, merged for 6.11.
  swapinWritableOnRead: all(false, { H: [["..6.10", false], ["6.11..", true]], I: true }),
  forkCopiesPinned: all<PolicyKnobs["forkCopiesPinned"]>("maybe-pinned-exclusive", {
    A: "never", B: "never", C: "never", D: "maybe-pinned", E: "maybe-pinned",
  }),
  anonExclusive: all(true, { A: false, B: false, C: false, D: false, E: false }),
  // C: "covered by forced COW", which is gupForcesCowBreak, not an unshare.
  unshareOnRoPin: all<PolicyKnobs["unshareOnRoPin"]>("none", {
    F: "anon", G: "anon", H: "anon-and-longterm-non-anon", I: "anon-and-longterm-non-anon",
  }),
  // §10.4: F..I keep the 5.11 rule and add the refusal to unmap an exclusive pinned page.
  reclaimPinned: all<PolicyKnobs["reclaimPinned"]>("skip-then-refuse-exclusive", {
    A: "unmap-into-swapcache", B: "unmap-into-swapcache", C: "unmap-into-swapcache",
    D: [["..5.10", "unmap-into-swapcache"], ["5.11..", "skip-if-not-in-swapcache"]],
    E: "skip-if-not-in-swapcache",
  }),
  clearRefsSkipsPinned: all(true, { A: false, B: false, C: false, D: [["..5.10", false], ["5.11..", true]] }),
  mprotectUpgrade: all<PolicyKnobs["mprotectUpgrade"]>("none", { G: "exclusive-dirty", H: "exclusive", I: "exclusive" }),
  // §10.3: the zero page is never pinned from 6.5 (absent in 6.4).
  zeroPageNeverPinned: all(false, { H: [["..6.4", false], ["6.5..", true]], I: true }),
  // §10.9: 15 in 5.10, 6.1, 6.5, 6.8 and 31 in 6.13, 6.18. Source: 14 up to 4.15 (4.4.1 tree),
  // 15 from 4.16 (4.16.13 tree), 31 from 6.9 (9cecde80aae0, Linux 6.9-rc2 shortlog).
  lruBatchSize: all(15, { A: 14, B: [["..4.15", 14], ["4.16..", 15]], H: [["..6.8", 15], ["6.9..", 31]], I: 31 }),
  // §10.9: do_wp_page drains for a page not on the LRU from 5.18.
  lruDrainInWpFault: all(true, { A: false, B: false, C: false, D: false }),
  // §10.9: exit, munmap and the zap paths drain up to 6.13, no longer from 6.14.
  lruDrainOnZap: all(true, { H: [["..6.13", true], ["6.14..", false]], I: false }),
  // §10.8: MADV_PAGEOUT from 5.4.
  madvisePageout: all(true, { A: false, B: [["..5.3", false], ["5.4..", true]] }),
  // policy.ts: MADV_WIPEONFORK from 4.14.
  madviseWipeOnFork: all(true, { A: false, B: [["..4.13", false], ["4.14..", true]] }),
};

function range(text: string): { from: KernelVersion | null; to: KernelVersion | null } {
  const [from = "", to = from] = text.includes("..") ? text.split("..") : [text, text];
  return { from: from === "" ? null : parseVersion(from), to: to === "" ? null : parseVersion(to) };
}

function docEra(v: KernelVersion): EraLetter {
  const found = (Object.keys(ERA_RANGES) as EraLetter[]).find((e) => inRange(v, range(ERA_RANGES[e])));
  if (found === undefined) throw new Error(`no era for ${formatVersion(v)}`);
  return found;
}

function expected<K extends KnobName>(knob: K, v: KernelVersion): PolicyKnobs[K] {
  const cell = (DOC[knob] as Row<K>)[docEra(v)];
  if (!Array.isArray(cell)) return cell as PolicyKnobs[K];
  const hit = (cell as ReadonlyArray<readonly [string, PolicyKnobs[K]]>).find(([r]) => inRange(v, range(r)));
  if (hit === undefined) throw new Error(`table has no ${knob} value for ${formatVersion(v)}`);
  return hit[1];
}

describe("policyFor", () => {
  it.each(MODELLED_VERSIONS.map((v) => [formatVersion(v), v] as const))(
    "gives %s the knobs of linux-cow-eras.md §7.1 (as corrected by §10)",
    (_name, v) => {
      const policy = policyFor(v);
      const want = Object.fromEntries(KNOB_NAMES.map((k) => [k, expected(k, v)]));
      const got = Object.fromEntries(KNOB_NAMES.map((k) => [k, policy[k]]));
      expect(got).toEqual(want);
      expect(policy.era).toBe(docEra(v));
      expect(policy.version).toEqual(v);
    },
  );

  it("makes 5.10 and 5.11 differ exactly in reclaimPinned and clearRefsSkipsPinned", () => {
    const diff = knobDifferences(policyFor({ major: 5, minor: 10 }), policyFor({ major: 5, minor: 11 }));
    expect([...diff].sort()).toEqual(["clearRefsSkipsPinned", "reclaimPinned"]);
  });

  it("returns the same frozen object for the same version", () => {
    const a = policyFor({ major: 6, minor: 1 });
    expect(policyFor({ major: 6, minor: 1 })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => {
      (a as { smallPageReuse: string }).smallPageReuse = "mapcount";
    }).toThrow(TypeError);
  });

  it.each(["3.10", "4.3", "4.21", "5.20", "6.19", "7.0"])("throws a RangeError for %s, which is not modelled", (text) => {
    const v = parseVersion(text);
    expect(v).not.toBeNull();
    expect(() => policyFor(v as KernelVersion)).toThrow(RangeError);
  });

  it("does not let the version object the caller passed alias the policy's", () => {
    const v = { major: 5, minor: 3 };
    const policy = policyFor(v);
    v.minor = 4;
    expect(policy.version).toEqual({ major: 5, minor: 3 });
  });
});
