// One kernel's column of the viewer: the current step's detail above the state it leaves,
// drawn as lanes. Compare mode shows two of these side by side.
import { useMemo } from "react";
import { layoutScene } from "./layout.js";
import type { Run } from "./model.js";
import { StateView } from "./StateView.js";
import { StepDetail } from "./StepDetail.js";

export function RunPanel({ run, index }: { run: Run; index: number }) {
  const s = run.trace.steps[index];
  const world = run.worlds[index];
  const scene = useMemo(
    () => (s === undefined || world === undefined ? null : layoutScene(world, run.naming, s.changes)),
    [run, index, s, world],
  );
  return (
    <section className="run-panel" data-kernel={`${run.version.major}.${run.version.minor}`}>
      <StepDetail run={run} index={index} />
      <div className="legend">
        <span className="lg map-w">writable PTE</span><span className="lg map-ro">read-only PTE</span>
        <span className="lg pin">FOLL_PIN</span><span className="lg get">FOLL_GET</span><span className="lg lru">LRU batch ref</span>
        <span className="lg changed">changed in this step</span><span className="lg gone">removed in this step</span>
        <span className="lg-text">rc refcount · mc mapcount · pc pincount · W write · D dirty · SD soft-dirty · X swp-exclusive</span>
      </div>
      <div className="scene">{scene !== null && <StateView scene={scene} label={`kernel state after step ${index + 1}`} />}</div>
    </section>
  );
}
