import type { Db } from "../db/client";
import {
  assignmentsOfPrincipals,
  getPrincipalRecord,
  inlinePoliciesOf,
  membershipsOf,
  permissionSetRefs,
  principalsByProviderIds,
  type PrincipalListRow,
  type PrincipalRecord,
} from "../db/inventory";
import { snapshotSource } from "../db/snapshots";
import { scopedModel } from "./snapshot-models";
import {
  effectivePermissions,
  loadActionCatalog,
  ACCESS_LEVELS,
  type AccessLevel,
  type ActionRow,
  type PermissionSummary,
} from "../analysis";
import type { PolicySource } from "../analysis/effective-permissions";
import { AppError } from "../errors";
import type { SourceKind } from "../model";

/** Everything the principal page shows, from one snapshot. */
export interface PrincipalDetail {
  principal: Omit<PrincipalRecord, "search">;
  source: { id: string; name: string; kind: SourceKind };
  snapshot: {
    id: string;
    finishedAt: Date | null;
    status: string;
    datasets: Record<string, { collected: boolean; reason?: string | null; permission?: string | null }>;
  };
  /** Groups it is in (direct first); for a group, its members. */
  memberOf: { ref: RefOrId; direct: boolean }[];
  members: { ref: RefOrId; direct: boolean }[];
  memberCount: number;
  /** Policies / roles held, how, and for groups' policies through which group. */
  assignments: {
    permissionSet: { id: number; name: string; kind: string; builtIn: boolean } | null;
    permissionSetProviderId: string;
    kind: string;
    scope: string;
    via: RefOrId | null;
  }[];
  inlinePolicies: { id: number; name: string; kind: string }[];
  /** AWS only: effective permissions computed by lib/analysis (null for Entra or when not computable). */
  effective: {
    summary: PermissionSummary;
    sources: { name: string; providerId: string; via: PolicySource["via"]; viaName?: string }[];
    actions: ActionRow[] | null;
    service: string | null;
    level: AccessLevel | null;
  } | null;
  effectiveError: string | null;
}

/** A principal in links: resolved, or just its id when it is not in the snapshot. */
export type RefOrId = { id: number; name: string; kind: string } | { providerId: string };

function ref(byId: Map<string, PrincipalListRow>, providerId: string): RefOrId {
  const p = byId.get(providerId);
  return p ? { id: p.id, name: p.kind === "user" && p.upn ? p.upn : p.name, kind: p.kind } : { providerId };
}

export async function getPrincipalDetail(
  db: Db,
  id: number,
  opts: { service?: string; level?: string } = {},
): Promise<PrincipalDetail> {
  const rec = await getPrincipalRecord(db, id);
  const { search: _s, ...principal } = rec;
  const snap = await snapshotSource(db, rec.snapshotId);
  const m = await membershipsOf(db, rec.snapshotId, rec.providerId);
  const groupIds = m.memberOf.map((g) => g.groupProviderId);
  const assignments = await assignmentsOfPrincipals(db, rec.snapshotId, [rec.providerId, ...groupIds]);
  const related = await principalsByProviderIds(db, rec.snapshotId, [
    ...new Set([...groupIds, ...m.members.map((x) => x.memberProviderId)]),
  ]);
  const byId = new Map(related.map((r) => [r.providerId, r]));
  const sets = await permissionSetRefs(db, rec.snapshotId, [
    ...new Set(assignments.map((a) => a.permissionSetProviderId)),
  ]);
  const setBy = new Map(sets.map((s) => [s.providerId, s]));
  const inline = await inlinePoliciesOf(db, rec.snapshotId, [rec.providerId, ...(rec.arn ? [rec.arn] : [])]);

  let effective: PrincipalDetail["effective"] = null;
  let effectiveError: string | null = null;
  if (snap.source.kind === "aws" && ["user", "role", "group"].includes(rec.kind)) {
    try {
      const [model, catalog] = await Promise.all([
        scopedModel(db, rec.snapshotId, [rec.providerId]),
        loadActionCatalog(),
      ]);
      const level = (ACCESS_LEVELS as readonly string[]).includes(opts.level ?? "")
        ? (opts.level as AccessLevel)
        : undefined;
      const service = opts.service?.trim().toLowerCase() || undefined;
      const res = effectivePermissions(model, rec.providerId, catalog, { service, level, limit: 2000 });
      effective = {
        summary: res.summary,
        sources: res.effective.sources.map((s) => ({
          name: s.permissionSet.name,
          providerId: s.permissionSet.providerId,
          via: s.via,
          viaName: s.viaName,
        })),
        actions: service || level ? res.actions : null,
        service: service ?? null,
        level: level ?? null,
      };
    } catch (e) {
      effectiveError = e instanceof AppError || e instanceof Error ? e.message : String(e);
    }
  }

  return {
    principal,
    source: { id: snap.source.id, name: snap.source.name, kind: snap.source.kind as SourceKind },
    snapshot: {
      id: snap.id,
      finishedAt: snap.finishedAt,
      status: snap.status,
      datasets: (snap.datasets ?? {}) as PrincipalDetail["snapshot"]["datasets"],
    },
    memberOf: m.memberOf
      .map((g) => ({ ref: ref(byId, g.groupProviderId), direct: g.direct }))
      .sort((a, b) => Number(b.direct) - Number(a.direct)),
    members: m.members.map((x) => ({ ref: ref(byId, x.memberProviderId), direct: x.direct })),
    memberCount: m.memberCount,
    assignments: assignments.map((a) => {
      const s = setBy.get(a.permissionSetProviderId);
      return {
        permissionSet: s ? { id: s.id, name: s.name, kind: s.kind, builtIn: s.builtIn } : null,
        permissionSetProviderId: a.permissionSetProviderId,
        kind: a.kind,
        scope: a.scope,
        via: a.principalProviderId === rec.providerId ? null : ref(byId, a.principalProviderId),
      };
    }),
    // Connectors may also record inline policies as assignments; list each policy once.
    inlinePolicies: inline.filter((x) => !assignments.some((a) => setBy.get(a.permissionSetProviderId)?.id === x.id)),
    effective,
    effectiveError,
  };
}
