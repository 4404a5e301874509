// The JSON form of a Trace (`cowlab run --json`), as a zod 4 schema: what the viewer and
// other tools may rely on. A compile-time check below keeps it in step with trace.ts.
import { z } from "zod";
import type { Trace } from "./trace.js";

const int = z.number().int();
const nat = int.nonnegative();
const Version = z.object({ major: nat, minor: nat });
const Range = z.object({ start: nat, pages: nat });
const Prot = z.enum(["rw", "ro", "none"]);
const ADVICE = ["dontneed", "dontfork", "dofork", "wipeonfork", "keeponfork", "pageout", "mergeable", "unmergeable",
  "hugepage", "nohugepage", "collapse"] as const;

const op = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.object({ kind: z.literal(kind), ...shape });
const pid = nat;

/** A kernel op (kernel/ops.ts) in JSON. */
export const OpSchema = z.discriminatedUnion("kind", [
  op("mmap", { pid, range: Range, prot: Prot, shared: z.boolean(), hugetlb: z.boolean(), file: z.string().nullable() }),
  op("munmap", { pid, range: Range }),
  op("mprotect", { pid, range: Range, prot: Prot }),
  op("madvise", { pid, range: Range, advice: z.enum(ADVICE) }),
  op("write", { pid, range: Range, value: nat }),
  op("read", { pid, range: Range }),
  op("fork", { pid, child: nat }),
  op("exit", { pid }),
  op("force-write", { pid, vpn: nat, value: nat }),
  op("clear-refs", { pid }),
  op("vmsplice", { pid, range: Range, pipe: nat }),
  op("pipe-read", { pid, pipe: nat }),
  op("iouring-register", { pid, range: Range, ring: nat }),
  op("ring-read", { pid, ring: nat, index: nat }),
  op("ring-write", { pid, ring: nat, index: nat, value: nat }),
  op("iouring-unregister", { pid, ring: nat }),
  op("pin", { pid, vpn: nat, write: z.boolean(), longterm: z.boolean(), get: z.boolean(), pin: nat }),
  op("pin-read", { pid, pin: nat }),
  op("pin-write", { pid, pin: nat, value: nat }),
  op("unpin", { pid, pin: nat }),
  op("pagemap", { pid, vpn: nat }),
  op("frame", { pid, vpn: nat }),
  op("ksm-scan", {}),
  op("lru-drain", {}),
  op("migrate", { pid, vpn: nat }),
  op("reclaim", { pid, vpn: nat }),
]);

const PagemapFlags = z.object({
  present: z.boolean(), swapped: z.boolean(), exclusive: z.boolean(), softDirty: z.boolean(),
});
/** An errno name; the model adds them as it needs them. */
const Errno = z.string().regex(/^E[A-Z0-9]+$/);

/** A kernel outcome (kernel/events.ts) in JSON. */
export const OutcomeSchema = z.discriminatedUnion("kind", [
  op("done", {}),
  op("values", { values: z.array(nat) }),
  op("segv", { vpn: nat }),
  op("error", { errno: Errno, why: z.string() }),
  op("pagemap", { flags: PagemapFlags }),
  op("frame", { pfn: nat.nullable() }),
  op("blocked", { why: z.string() }),
  op("unsupported", { feature: z.string() }),
]);

const EVENT_KINDS = ["fault", "zero-map", "alloc", "copy", "reuse", "unshare", "fork-share", "fork-copy", "wrprotect",
  "upgrade", "zap", "free", "gup", "put", "swap-out", "swap-in", "swap-free", "lru-add", "lru-drain", "ksm-merge",
  "migrate", "refuse", "segv", "error", "flag"] as const;

const Decision = z.object({ knob: z.string(), choice: z.string() });

/** A kernel event in JSON; the decision's knob is any knob name. */
export const KernelEventSchema = z.object({
  kind: z.enum(EVENT_KINDS),
  pid: nat.optional(),
  vpn: nat.optional(),
  pfn: nat.optional(),
  to: nat.optional(),
  decision: Decision.optional(),
  text: z.string(),
});

const PageAllowed = z.object({
  vpn: nat.nullable(), page: nat, values: z.array(nat), via: z.enum(["mapping", "pin", "get"]), since: nat,
});

/** The ideal machine's verdict (ideal/allowed.ts) in JSON. */
export const AllowedSchema = z.discriminatedUnion("kind", [
  op("read", { pages: z.array(PageAllowed), segvAt: nat.nullable() }),
  op("value", { page: PageAllowed }),
  op("access", { segvAt: nat.nullable() }),
  op("result", { ok: z.boolean() }),
]);

const CLASS = z.enum(["missed-cow", "wrong-cow", "lost-write", "bad-fault", "corruption"]);
const Shown = z.discriminatedUnion("kind", [
  op("value", { value: nat }), op("segv", {}), op("access", {}), op("ok", {}), op("error", {}),
]);
const Permitted = z.discriminatedUnion("kind", [
  op("values", { values: z.array(nat) }), op("segv", {}), op("access", {}), op("ok", {}), op("error", {}),
]);

/** A divergence with its why. */
export const DivergenceSchema = z.object({
  class: CLASS, vpn: nat.nullable(), shown: Shown, permitted: Permitted, why: z.string(), decision: Decision.nullable(),
});

const PteView = z.object({
  present: z.boolean(), pfn: nat.nullable(), slot: nat.nullable(), write: z.boolean(), dirty: z.boolean(),
  softDirty: z.boolean(), exclusive: z.boolean(),
});
const FrameView = z.object({ value: nat, refcount: int, mapcount: int, pincount: int, flags: z.array(z.string()) });
const MmView = z.object({ hasPinned: z.boolean(), vmas: z.array(z.string()) });
const change = <K extends z.ZodType, V extends z.ZodType>(key: K, view: V) =>
  z.object({ key, before: view.nullable(), after: view.nullable() });

const StepChanges = z.object({
  ptes: z.array(change(z.object({ pid: nat, vpn: nat }), PteView)),
  frames: z.array(change(nat, FrameView)),
  holders: z.array(change(z.string(), z.array(nat))),
  mms: z.array(change(nat, MmView)),
  lruBatch: change(z.literal("lru"), z.array(nat)).nullable(),
});

const Expectation = z.object({ expected: z.string(), observed: z.string(), ok: z.boolean() });

/** One step of a trace. */
export const TraceStepSchema = z.object({
  index: nat, line: nat, text: z.string(), op: OpSchema, outcome: OutcomeSchema, observed: z.string(),
  allowed: AllowedSchema.nullable(), divergence: DivergenceSchema.nullable(), expectation: Expectation.nullable(),
  events: z.array(KernelEventSchema), changes: StepChanges, unnecessaryCows: nat,
});

const StopReason = z.discriminatedUnion("kind", [
  op("invariant", { line: nat, invariant: z.string(), detail: z.string() }),
  op("blocked", { line: nat, why: z.string() }),
  op("unsupported", { line: nat, feature: z.string() }),
]);

const LineFailure = z.object({ line: nat, text: z.string(), expected: z.string(), observed: z.string() });

/** A whole trace, as `cowlab run --json` writes it. */
export const TraceSchema = z.object({
  file: z.string(),
  title: z.string().nullable(),
  kernel: Version,
  era: z.string(),
  status: z.enum(["ok", "fail", "skip"]),
  steps: z.array(TraceStepSchema),
  stopped: StopReason.nullable(),
  failures: z.array(LineFailure),
  frames: z.record(z.string(), nat.nullable()),
  summary: z.object({
    divergences: z.object({
      "missed-cow": nat, "wrong-cow": nat, "lost-write": nat, "bad-fault": nat, corruption: nat,
    }),
    unnecessaryCows: nat, copies: nat, faults: nat, firstFailure: LineFailure.nullable(),
  }),
});

/** A trace as read back from JSON. */
export type TraceJson = z.infer<typeof TraceSchema>;

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

// Compile-time check: every Trace the runner builds has the shape the schema accepts.
const traceFitsSchema = (t: Trace): DeepReadonly<TraceJson> => t;
void traceFitsSchema;
