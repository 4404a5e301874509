// The step view: one kernel state as SVG lanes (processes -> VMAs -> PTEs -> frames -> holders)
// with arrows for mappings and references; what the step changed is outlined in orange, what it
// removed is drawn dashed.
import { describeValue, type PteView } from "cowlab";
import type { Edge, FrameNode, HolderNode, PteNode, Scene, SlotNode } from "./layout.js";
import { FRAME_H, LANES } from "./layout.js";

const LANE_TITLES: readonly [keyof typeof LANES, string][] = [
  ["proc", "processes"], ["vma", "VMAs"], ["pte", "PTEs"], ["frame", "frames (struct page)"], ["holder", "holders of references"],
];

const cls = (...names: (string | false)[]): string => names.filter((n) => n !== false).join(" ");

export function StateView({ scene, label }: { scene: Scene; label: string }) {
  return (
    <svg className="state" viewBox={`0 0 ${scene.width} ${scene.height}`} width={scene.width} height={scene.height} role="img" aria-label={label}>
      <defs>
        {["map-w", "map-ro", "swap", "get", "pin", "lru", "changed"].map((k) => (
          <marker key={k} id={`arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className={`head-${k}`} />
          </marker>
        ))}
      </defs>
      {LANE_TITLES.map(([k, t]) => <text key={k} className="lane-title" x={LANES[k].x} y={16}>{t}</text>)}
      {scene.edges.map((e) => <EdgePath key={e.key} e={e} />)}
      {scene.procs.map((p) => (
        <g key={p.pid} className={cls("proc", p.changed && "changed", p.gone && "gone")} data-pid={p.pid}>
          <rect x={p.x} y={p.y} width={p.w} height={p.h} rx={4} />
          <text x={p.x + 8} y={p.y + 18} className="name">{p.name}</text>
          <text x={p.x + 8} y={p.y + 32} className="small">{p.gone ? "exited" : `pid ${p.pid}`}</text>
          {p.hasPinned && <text x={p.x + 8} y={p.y + 46} className="small tag">has_pinned</text>}
        </g>
      ))}
      {scene.vmas.map((v, i) => <VmaBox key={`${v.pid}:${i}`} v={v} />)}
      {scene.ptes.map((r) => <PteBox key={`${r.pid}:${r.vpn}`} r={r} />)}
      {scene.frames.map((f) => <FrameBox key={f.pfn} f={f} />)}
      {scene.slots.map((s) => <SlotBox key={s.slot} s={s} />)}
      {scene.holders.map((h) => <HolderBox key={h.key} h={h} />)}
    </svg>
  );
}

function EdgePath({ e }: { e: Edge }) {
  const dx = (e.x2 - e.x1) / 2;
  const d = `M ${e.x1} ${e.y1} C ${e.x1 + dx} ${e.y1}, ${e.x2 - dx} ${e.y2}, ${e.x2} ${e.y2}`;
  return <path d={d} className={cls("edge", `edge-${e.kind}`, e.changed && "changed", e.gone && "gone")} markerEnd={`url(#arrow-${e.changed ? "changed" : e.kind})`} data-edge={e.key} />;
}

function VmaBox({ v }: { v: { pid: number; text: string; changed: boolean; x: number; y: number; w: number; h: number } }) {
  const [range = "", rights = "", ...flags] = v.text.split(" ");
  return (
    <g className={cls("vma", v.changed && "changed")}>
      <rect x={v.x} y={v.y} width={v.w} height={v.h} rx={3} />
      <text x={v.x + 6} y={v.y + 13} className="mono">{range} <tspan className="rights">{rights}</tspan></text>
      <text x={v.x + 6} y={v.y + 26} className="small">{flags.join(" ")}</text>
    </g>
  );
}

function bit(on: boolean, name: string, title: string) {
  return <tspan className={on ? "bit on" : "bit off"}><title>{title}</title>{name} </tspan>;
}

function pteBits(p: PteView) {
  if (p.present) {
    return <>{bit(p.write, "W", "_PAGE_RW: writable")}{bit(p.dirty, "D", "_PAGE_DIRTY")}{bit(p.softDirty, "SD", "soft-dirty")}</>;
  }
  return <>{bit(true, `swap ${p.slot ?? "?"}`, "swap entry")}{bit(p.exclusive, "X", "swp-exclusive (PG_anon_exclusive at swap-out)")}{bit(p.softDirty, "SD", "soft-dirty")}</>;
}

const pteText = (p: PteView | null): string =>
  p === null ? "none" : p.present ? `pfn ${p.pfn ?? "?"}${p.write ? " w" : ""}${p.dirty ? " d" : ""}${p.softDirty ? " sd" : ""}` : `swap ${p.slot ?? "?"}`;

function PteBox({ r }: { r: PteNode }) {
  const gone = r.pte === null;
  return (
    <g className={cls("pte", r.changed && "changed", gone && "gone")} data-pte={`${r.pid}:${r.vpn}`}>
      <title>{`${r.label}: ${pteText(r.before)} -> ${pteText(r.pte)}`}</title>
      <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={3} />
      <text x={r.x + 6} y={r.y + 19} className="mono">{r.label}</text>
      <text x={r.x + r.w - 6} y={r.y + 19} className="mono" textAnchor="end">
        {r.pte === null ? <tspan className="small">zapped (was {pteText(r.before)})</tspan> : pteBits(r.pte)}
      </text>
    </g>
  );
}

const FLAG_LABELS: Record<string, string> = {
  exclusive: "AnonExcl", ksm: "KSM", "lru-batch": "LRU-batch", lru: "LRU", dirty: "dirty",
};

function frameFlags(f: FrameNode): string[] {
  if (f.zero) return ["zero page"];
  return f.view.flags.flatMap((fl) => (fl === "anon" ? [] : fl.startsWith("swapcache:") ? [`SwapCache ${fl.slice(10)}`] : [FLAG_LABELS[fl] ?? fl]));
}

function FrameBox({ f }: { f: FrameNode }) {
  const c = (k: string): string => (f.changedFields.includes(k) ? "count hot" : "count");
  const flags = frameFlags(f);
  return (
    <g className={cls("frame", f.changed && "changed", f.gone && "gone", f.created && "created")} data-pfn={f.pfn}>
      <rect x={f.x} y={f.y} width={f.w} height={FRAME_H} rx={4} />
      <text x={f.x + 8} y={f.y + 16} className="name">pfn {f.pfn}{f.gone ? " freed" : f.created ? " new" : ""}</text>
      <rect x={f.x + f.w - 34} y={f.y + 6} width={26} height={26} rx={3} className={cls("value", f.changedFields.includes("value") && "hot")} />
      <text x={f.x + f.w - 21} y={f.y + 25} className="value-text" textAnchor="middle">{describeValue(f.view.value)}</text>
      <text x={f.x + 8} y={f.y + 31} className="mono">
        <tspan className={c("refcount")}>rc {f.view.refcount}</tspan>{"  "}
        <tspan className={c("mapcount")}>mc {f.view.mapcount}</tspan>{"  "}
        <tspan className={c("pincount")}>pc {f.view.pincount}</tspan>
      </text>
      <text x={f.x + 8} y={f.y + 46} className={cls("small", "flags", f.changedFields.includes("flags") && "hot")}>{flags.join(" · ")}</text>
    </g>
  );
}

function SlotBox({ s }: { s: SlotNode }) {
  return (
    <g className="slot" data-slot={s.slot}>
      <rect x={s.x} y={s.y} width={s.w} height={s.h} rx={10} />
      <text x={s.x + 8} y={s.y + 19} className="mono">swap slot {s.slot}: {describeValue(s.value)} · {s.count} PTE{s.count === 1 ? "" : "s"}{s.cache === null ? "" : ` · cache pfn ${s.cache}`}</text>
    </g>
  );
}

function HolderBox({ h }: { h: HolderNode }) {
  return (
    <g className={cls("holder", `holder-${h.kind}`, h.changed && "changed", h.gone && "gone")} data-holder={h.key}>
      <rect x={h.x} y={h.y} width={h.w} height={h.h} rx={4} />
      <text x={h.x + 8} y={h.y + 15} className="name">{h.title}</text>
      <text x={h.x + 8} y={h.y + 28} className="small">{h.detail}</text>
      {h.refs.length === 0 && <text x={h.x + 8} y={h.y + 48} className="small">{h.gone ? "gone" : "empty"}</text>}
      {h.refs.every((r) => r.gone) && h.refs.length > 0 && <text x={h.x + h.w - 8} y={h.y + 15} className="small" textAnchor="end">now empty</text>}
      {h.refs.map((r, i) => (
        <text key={i} x={h.x + 8} y={r.y + 4} className={r.gone ? "mono released" : "mono"}>{r.label} <tspan className="small">→ pfn {r.pfn}</tspan></text>
      ))}
    </g>
  );
}
