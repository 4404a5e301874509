// The knob names of PolicyKnobs (src/kernel/policy.ts) as data, with the alternatives each may
// take: what `cowlab kernels` prints, how policies are compared, and how a user's hypothetical
// setting is read. Compile-time checks fail when policy.ts gains a knob or a value not listed here.
import type { KnobName, Policy, PolicyKnobs } from "../kernel/policy.js";

/** Every knob, in the declaration order of PolicyKnobs. */
export const KNOB_NAMES = [
  "gupDropsWriteAfterCow",
  "forceWriteAcceptance",
  "gupForcesCowBreak",
  "follPin",
  "iouringBuffers",
  "smallPageReuse",
  "ksmReuse",
  "swapinReuse",
  "swapinWritableOnRead",
  "forkCopiesPinned",
  "anonExclusive",
  "unshareOnRoPin",
  "reclaimPinned",
  "clearRefsSkipsPinned",
  "mprotectUpgrade",
  "zeroPageNeverPinned",
  "lruBatchSize",
  "lruDrainInWpFault",
  "lruDrainOnZap",
  "madvisePageout",
  "madviseWipeOnFork",
] as const satisfies readonly KnobName[];

type Unlisted = Exclude<KnobName, (typeof KNOB_NAMES)[number]>;
/** `true` only while KNOB_NAMES lists every knob; a new knob in policy.ts makes this fail to compile. */
export const KNOB_NAMES_COMPLETE: [Unlisted] extends [never] ? true : false = true;

/** What a knob may hold: a closed list of strings, a boolean, or a positive integer. */
export type KnobChoice = readonly string[] | "boolean" | "integer";

/** The alternatives of each knob, as policy.ts declares them. */
export const KNOB_CHOICES = {
  gupDropsWriteAfterCow: "boolean",
  forceWriteAcceptance: ["follcow-dirty", "follcow-dirty-noforce", "anon-exclusive"],
  gupForcesCowBreak: "boolean",
  follPin: ["none", "plain-ref", "bias"],
  iouringBuffers: ["none", "foll-get", "foll-pin"],
  smallPageReuse: ["mapcount", "refcount-strict", "refcount", "exclusive-or-refcount"],
  ksmReuse: ["never", "sole-ref"],
  swapinReuse: ["mapcount-swapcount", "fresh-or-rc1", "exclusive-or-fresh-or-rc1"],
  swapinWritableOnRead: "boolean",
  forkCopiesPinned: ["never", "maybe-pinned", "maybe-pinned-exclusive", "always"],
  anonExclusive: "boolean",
  unshareOnRoPin: ["none", "anon", "anon-and-longterm-non-anon"],
  reclaimPinned: ["unmap-into-swapcache", "skip-if-not-in-swapcache", "skip-then-refuse-exclusive"],
  clearRefsSkipsPinned: "boolean",
  mprotectUpgrade: ["none", "exclusive-dirty", "exclusive"],
  zeroPageNeverPinned: "boolean",
  lruBatchSize: "integer",
  lruDrainInWpFault: "boolean",
  lruDrainOnZap: "boolean",
  madvisePageout: "boolean",
  madviseWipeOnFork: "boolean",
} as const satisfies {
  readonly [K in KnobName]: PolicyKnobs[K] extends boolean
    ? "boolean"
    : PolicyKnobs[K] extends number
      ? "integer"
      : readonly PolicyKnobs[K][];
};

type ListedValue<K extends KnobName> = (typeof KNOB_CHOICES)[K] extends readonly (infer U)[] ? U : never;
type UnlistedValue = {
  [K in KnobName]: PolicyKnobs[K] extends string ? Exclude<PolicyKnobs[K], ListedValue<K>> : never;
}[KnobName];
/** `true` only while KNOB_CHOICES lists every alternative of every string knob. */
export const KNOB_CHOICES_COMPLETE: [UnlistedValue] extends [never] ? true : false = true;

/** Type guard for a knob name typed by a user. */
export function isKnobName(name: string): name is KnobName {
  return (KNOB_NAMES as readonly string[]).includes(name);
}

/** Reads a knob value from text (`true`, `31`, `refcount`); null when the knob cannot take it. */
export function parseKnobValue<K extends KnobName>(knob: K, text: string): PolicyKnobs[K] | null {
  const choice: KnobChoice = KNOB_CHOICES[knob];
  if (choice === "boolean") {
    return text === "true" || text === "false" ? ((text === "true") as PolicyKnobs[K]) : null;
  }
  if (choice === "integer") return /^[1-9]\d{0,5}$/.test(text) ? (Number(text) as PolicyKnobs[K]) : null;
  return choice.includes(text) ? (text as PolicyKnobs[K]) : null;
}

/** The knobs of a policy without its version and era. */
export function knobsOf(policy: PolicyKnobs): PolicyKnobs {
  const out: Record<string, unknown> = {};
  for (const k of KNOB_NAMES) out[k] = policy[k];
  return out as unknown as PolicyKnobs;
}

/** The knobs on which two policies differ, in KNOB_NAMES order. */
export function knobDifferences(a: PolicyKnobs, b: PolicyKnobs): KnobName[] {
  return KNOB_NAMES.filter((k) => a[k] !== b[k]);
}

/** True when two policies take the same alternative on every knob (version and era aside). */
export function sameKnobs(a: PolicyKnobs | Policy, b: PolicyKnobs | Policy): boolean {
  return knobDifferences(a, b).length === 0;
}
