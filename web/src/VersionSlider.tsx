// The kernel version picker: a slider over every modelled version, an era strip above it with
// each era's letter, and the chosen version's era with the commits that define it.
import { ERAS, MODELLED_VERSIONS, eraOf, formatVersion, inRange } from "cowlab";

const commitUrl = (id: string): string => `https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=${id}`;

export interface VersionSliderProps {
  readonly id: string;
  readonly index: number;
  readonly onChange: (index: number) => void;
  readonly label: string;
}

export function VersionSlider({ id, index, onChange, label }: VersionSliderProps) {
  const v = MODELLED_VERSIONS[index] ?? MODELLED_VERSIONS[0];
  if (v === undefined) return null;
  const era = ERAS.find((e) => e.letter === eraOf(v));
  const n = MODELLED_VERSIONS.length;
  return (
    <div className="version" data-slider={id}>
      <div className="era-strip">
        {ERAS.map((e) => {
          const count = MODELLED_VERSIONS.filter((x) => inRange(x, e.range)).length;
          return count === 0 ? null : (
            <span key={e.letter} className={e.letter === era?.letter ? "era on" : "era"} style={{ flexGrow: count }} title={`${e.letter}: ${e.name}`}>
              {e.letter}
            </span>
          );
        })}
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={n - 1}
        step={1}
        value={index}
        aria-label={label}
        aria-valuetext={formatVersion(v)}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <div className="version-label">
        <b className="kernel" data-version={formatVersion(v)}>{label} {formatVersion(v)}</b>
        {era !== undefined && (
          <span>
            {" "}era <b>{era.letter}</b>: {era.name} —{" "}
            {era.commits.map((c) => <a key={c} href={commitUrl(c)} target="_blank" rel="noreferrer"><code>{c}</code> </a>)}
            <div className="era-summary">{era.summary}</div>
          </span>
        )}
      </div>
    </div>
  );
}
