import type { Db } from "../db/client";
import {
  assignmentsOfPermissionSet,
  getPermissionSetRecord,
  principalsByProviderIds,
  type PermissionSetRecord,
} from "../db/inventory";
import { snapshotSource } from "../db/snapshots";
import type { SourceKind, Statement } from "../model";
import type { RefOrId } from "./browse-principal";

/** A policy or role definition page: its document, normalized statements and who holds it (directly). */
export interface PolicyDetail {
  set: Omit<PermissionSetRecord, "statements"> & { statements: Statement[] };
  source: { id: string; name: string; kind: SourceKind };
  snapshot: { id: string; finishedAt: Date | null };
  owner: RefOrId | null;
  holders: { ref: RefOrId; kind: string; scope: string }[];
  holderCount: number;
  /** Where the translator opens this item (see app/(app)/translate). */
  translateHref: string;
}

export function translateHref(snapshotId: string, item: "permissionSet" | "accessControl", providerId: string): string {
  return `/translate?${new URLSearchParams({ snapshot: snapshotId, item: `${item}:${providerId}` }).toString()}`;
}

export async function getPolicyDetail(db: Db, id: number): Promise<PolicyDetail> {
  const set = await getPermissionSetRecord(db, id);
  const snap = await snapshotSource(db, set.snapshotId);
  const { rows, total } = await assignmentsOfPermissionSet(db, set.snapshotId, set.providerId, 500);
  const ids = [
    ...new Set([...rows.map((r) => r.principalProviderId), ...(set.ownerProviderId ? [set.ownerProviderId] : [])]),
  ];
  const principals = await principalsByProviderIds(db, set.snapshotId, ids);
  const byId = new Map(
    principals.flatMap((p) => [[p.providerId, p] as const, ...(p.arn ? [[p.arn, p] as const] : [])]),
  );
  const ref = (pid: string): RefOrId => {
    const p = byId.get(pid);
    return p ? { id: p.id, name: p.kind === "user" && p.upn ? p.upn : p.name, kind: p.kind } : { providerId: pid };
  };
  return {
    set: { ...set, statements: (set.statements ?? []) as Statement[] },
    source: { id: snap.source.id, name: snap.source.name, kind: snap.source.kind as SourceKind },
    snapshot: { id: snap.id, finishedAt: snap.finishedAt },
    owner: set.ownerProviderId ? ref(set.ownerProviderId) : null,
    holders: rows.map((r) => ({ ref: ref(r.principalProviderId), kind: r.kind, scope: r.scope })),
    holderCount: total,
    translateHref: translateHref(set.snapshotId, "permissionSet", set.providerId),
  };
}
