// Runs the benchmarks in a fixed order with a header each: `npm run bench [names...]`.
// Numbers are printed for the record, never asserted; a bench that throws makes the exit code 1.
import { cpus, release } from "node:os";
import { performance } from "node:perf_hooks";

/** Every benchmark, in the order they run: bench/NAME.ts exporting `name` and `run(print)`. */
const BENCHES: readonly string[] = ["parser", "model", "explore"];

interface BenchModule {
  readonly name: string;
  run(print: (line: string) => void): Promise<void>;
}

const print = (line: string): void => void process.stdout.write(`${line}\n`);

/** Loads bench/NAME from the compiled tree (build/bench/NAME.js) and checks its shape. */
async function load(name: string): Promise<BenchModule> {
  const mod = (await import(new URL(`./${name}.js`, import.meta.url).href)) as Partial<BenchModule>;
  if (typeof mod.run !== "function" || mod.name !== name) {
    throw new Error(`bench/${name}.ts must export \`name = "${name}"\` and \`run(print)\``);
  }
  return mod as BenchModule;
}

/** Runs one bench under its header; false when it failed to load or threw. */
async function runOne(name: string): Promise<boolean> {
  print(`\n== ${name} ==`);
  const t0 = performance.now();
  try {
    const bench = await load(name);
    await bench.run(print);
    print(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return true;
  } catch (e) {
    print(`${name}: FAILED: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => !BENCHES.includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench: ${unknown.join(", ")} (known: ${BENCHES.join(", ")})\n`);
    return 2;
  }
  const chosen = argv.length === 0 ? BENCHES : BENCHES.filter((b) => argv.includes(b));
  const cpu = cpus();
  print(`node ${process.version}, linux ${release()}, ${cpu.length} x ${cpu[0]?.model.trim() ?? "unknown cpu"}`);
  let failed = 0;
  for (const name of chosen) if (!(await runOne(name))) failed += 1;
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
