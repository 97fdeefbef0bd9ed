import { db } from "../../db/client";
import { compareHeader, forEachComparePerson } from "../../services/compare-clouds";
import { matchMethodLabel, TIERS } from "../../model";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

/**
 * `compare [--json]`: every person with their AWS and Entra identities over the latest complete snapshots.
 * --json prints the versioned contract documented in lib/services/compare-clouds.ts, one person per line inside
 * the "people" array (valid JSON, streamed page by page: memory stays flat at 100k people).
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(ctx.args, { json: { type: "boolean" } }, false);
  const header = await compareHeader(db());
  if (values.json) {
    ctx.out(`${JSON.stringify(header).slice(0, -1)},"people":[`);
    let first = true;
    await forEachComparePerson(db(), (p) => {
      ctx.out(`${first ? "" : ","}${JSON.stringify(p)}`);
      first = false;
    });
    ctx.out("]}");
    return 0;
  }
  const best = (ids: { tier: string }[]) =>
    ids.length
      ? [...ids].sort((a, b) => TIERS.indexOf(a.tier as never) - TIERS.indexOf(b.tier as never))[0]!.tier
      : "—";
  ctx.out(`${"person".padEnd(32)} ${"match".padEnd(28)} ${"aws".padEnd(10)} entra`);
  const n = await forEachComparePerson(db(), (p) => {
    ctx.out(
      `${p.displayName.slice(0, 32).padEnd(32)} ${(p.ambiguous ? "ambiguous" : matchMethodLabel(p.match?.method)).padEnd(28)} ${best(p.aws).padEnd(10)} ${best(p.entra)}`,
    );
  });
  if (n === 0) ctx.out("No people yet: import or sync a source first.");
  return 0;
}
