import { db } from "../../db/client";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";
import { getStats } from "../../services/get-stats";

/** `stats [--json]`: the latest complete snapshot of each source and its counts (contract in services/get-stats.ts). */
export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(ctx.args, { json: { type: "boolean" } }, false);
  const stats = await getStats(db());
  if (values.json) {
    ctx.out(JSON.stringify(stats, null, 2));
    return 0;
  }
  if (stats.sources.length === 0) ctx.out("No sources yet.");
  for (const s of stats.sources) {
    const counts = s.counts
      ? Object.entries(s.counts)
          .map(([k, v]) => `${k}=${v ?? "not-collected"}`)
          .join(" ")
      : "no complete snapshot";
    ctx.out(`${s.kind.padEnd(5)} ${s.name}  ${s.snapshot ? `${s.snapshot.finishedAt}  ` : ""}${counts}`);
  }
  return 0;
}
