// `cowlab merge`: combines the results of `explore --shard I/N` runs made on several machines
// into the result of one search (design.md §4). Not built yet: the help says what it will do
// and which options it takes (issue 5).
import type { RegisterCommand } from "../context.js";
import { reportNotBuilt } from "../notBuilt.js";

const DESCRIPTION = `Combine the result files written by \`cowlab explore --shard I/N --json FILE\` into the result
of one unsharded search: states merge by fingerprint, so a state reached by two shards counts
once; the shortest witness of each divergence class over all shards is kept; the totals are
printed in the same \`explored: ...\` line as explore prints. The shards must come from the
same search (same kernel, bounds and verbs) and cover every I from 1 to N.

Not built yet (issue 5): today this command prints so and exits 2.`;

const AFTER = `
Exit codes:
  0  no shard found a divergence
  1  a divergence was found (printed as explore prints it)
  2  usage error (a shard missing or from another search)

Examples:
  cowlab merge shard1.json shard2.json shard3.json shard4.json
  cowlab merge shards/*.json --json merged.json
`;

/** Registers `merge`; its action reports "not built yet". */
export const register: RegisterCommand = (root, ctx) => {
  root
    .command("merge")
    .summary("combine the results of `explore --shard` runs (not built yet)")
    .description(DESCRIPTION)
    .argument("<files...>", "shard results written by `cowlab explore --shard I/N --json FILE`")
    .option("--json <FILE>", "write the merged result as JSON")
    .addHelpText("after", AFTER)
    .action(() => reportNotBuilt(ctx, "merge", 5));
};
