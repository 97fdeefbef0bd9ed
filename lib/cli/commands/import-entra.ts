import { AppError } from "../../errors";
import { db } from "../../db/client";
import { getSnapshot } from "../../db/snapshots";
import { importEntra } from "../../services/import-entra";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

/** `import entra <file-or-folder>... [--source NAME] [--json]` */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.args, {
    source: { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length === 0) throw new AppError("BAD_INPUT", "usage: import entra <file-or-folder> [--source NAME]");
  const res = await importEntra(db(), { paths: positionals, sourceName: values.source ?? null });
  if (res.error) throw res.error;
  const snap = await getSnapshot(db(), res.snapshotId);
  const c = snap?.counts ?? {};
  if (values.json) {
    ctx.out(
      JSON.stringify({
        source: res.sourceName,
        snapshotId: res.snapshotId,
        status: res.status,
        files: res.files.length,
        counts: c,
        datasets: snap?.datasets ?? {},
      }),
    );
  } else {
    // "Not collected" is never printed as 0.
    const datasets = snap?.datasets ?? {};
    const shown = (dataset: string, n: number, label: string) =>
      datasets[dataset]?.collected === false ? null : `${n} ${label}`;
    const parts = [
      shown("users", c.users ?? 0, "users"),
      shown("groups", c.groups ?? 0, "groups"),
      shown("memberships", c.memberships ?? 0, "memberships"),
      shown("directoryRoles", c.directoryRoles ?? 0, "directory roles"),
      shown("servicePrincipals", (c.servicePrincipals ?? 0) + (c.managedIdentities ?? 0), "service principals"),
      shown("conditionalAccess", c.conditionalAccessPolicies ?? 0, "conditional-access policies"),
      shown("namedLocations", c.namedLocations ?? 0, "named locations"),
    ].filter(Boolean);
    const notCollected = Object.entries(datasets)
      .filter(([, d]) => !d.collected)
      .map(([k]) => k);
    ctx.out(
      `Imported ${res.files.length} file(s) into "${res.sourceName}" (snapshot ${res.snapshotId}): ${parts.join(", ") || "nothing"}` +
        (notCollected.length ? `\nNot in these files (not collected): ${notCollected.join(", ")}` : ""),
    );
  }
  return 0;
}
