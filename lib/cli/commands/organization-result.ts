import { db } from "../../db/client";
import { getSnapshot } from "../../db/snapshots";
import type { StoredOrganization } from "../../services/store-organization";
import type { CommandContext } from "../command";

/** Prints a stored organisation (sync or import): counts, each member account, and what was not collected. */
export async function printOrganizationResult(
  ctx: CommandContext,
  verb: "Synced" | "Imported",
  res: StoredOrganization & { requests?: Record<string, number>; memberRequests?: Record<string, number> },
  json: boolean,
): Promise<void> {
  const snap = await getSnapshot(db(), res.snapshotId);
  const c = snap?.counts ?? {};
  const notCollected = Object.entries(snap?.datasets ?? {})
    .filter(([, d]) => !d.collected)
    .map(([name, d]) => ({ name, reason: d.reason, permission: d.permission }));
  if (json) {
    ctx.out(
      JSON.stringify({
        source: res.sourceName,
        snapshotId: res.snapshotId,
        status: res.status,
        counts: c,
        datasets: snap?.datasets ?? {},
        members: res.members.map((m) => ({
          accountId: m.accountId,
          name: m.name,
          source: m.sourceName,
          snapshotId: m.snapshotId,
          collected: m.status === "complete",
          reason: m.reason,
        })),
        ...(res.requests ? { requests: res.requests, memberRequests: res.memberRequests ?? {} } : {}),
      }),
    );
    return;
  }
  const read = res.members.filter((m) => m.status === "complete").length;
  ctx.out(
    `${verb} organisation "${res.sourceName}" (snapshot ${res.snapshotId}): ${c.accounts ?? 0} accounts in ${c.organizationalUnits ?? 0} OUs, ` +
      `${c.serviceControlPolicies ?? 0} SCPs, ${c.resourceControlPolicies ?? 0} RCPs, ${c.users ?? 0} Identity Center users, ` +
      `${c.groups ?? 0} groups, ${c.permissionSets ?? 0} permission sets, ${c.accountAssignments ?? 0} account assignments; ` +
      `IAM read in ${read} of ${res.members.length} accounts`,
  );
  for (const m of res.members)
    if (m.status !== "complete") ctx.out(`  not collected: ${m.name} (${m.accountId}): ${m.reason ?? "unknown"}`);
  for (const d of notCollected)
    ctx.out(
      `  note: ${d.name} not collected (${d.reason ?? "unknown"}${d.permission ? `; grant ${d.permission}` : ""})`,
    );
}
