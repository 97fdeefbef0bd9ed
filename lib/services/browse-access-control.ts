import type { Db } from "../db/client";
import {
  directoryRolesOf,
  getAccessControlRecord,
  namedLocationsOf,
  principalsByProviderIds,
  servicePrincipalsByAppIds,
  type NamedLocationRow,
} from "../db/inventory";
import { snapshotSource } from "../db/snapshots";
import { ZAccessControlSchema, type AccessControl } from "../model";
import { translateHref } from "./browse-policy";
import {
  describeAccessControl,
  firstPartyAppName,
  type AccessControlDescription,
  type NameRef,
} from "./describe-access-control";

/** A conditional-access policy page: the sentence, its parts with names resolved, kept-raw fields, the raw policy. */
export interface AccessControlDetail {
  control: AccessControl & { id: number; snapshotId: string };
  description: AccessControlDescription;
  source: { id: string; name: string };
  snapshot: { id: string; finishedAt: Date | null };
  locations: NamedLocationRow[];
  translateHref: string;
}

const SPECIAL = new Set(["All", "None", "AllTrusted", "GuestsOrExternalUsers", "Office365", "MicrosoftAdminPortals"]);

export async function getAccessControlDetail(db: Db, id: number): Promise<AccessControlDetail> {
  const rec = await getAccessControlRecord(db, id);
  const control = ZAccessControlSchema.parse({ ...rec, unmapped: rec.unmapped ?? {} });
  const snap = await snapshotSource(db, rec.snapshotId);
  const w = control.who;
  const ids = [
    ...w.includeUsers,
    ...w.excludeUsers,
    ...w.includeGroups,
    ...w.excludeGroups,
    ...w.includeServicePrincipals,
    ...w.excludeServicePrincipals,
  ].filter((x) => !SPECIAL.has(x));
  const [principals, roles, locations] = await Promise.all([
    principalsByProviderIds(db, rec.snapshotId, [...new Set(ids)]),
    directoryRolesOf(db, rec.snapshotId),
    namedLocationsOf(db, rec.snapshotId),
  ]);
  const appIds = [...control.targets.includeApplications, ...control.targets.excludeApplications].filter(
    (x) => !SPECIAL.has(x),
  );
  const spNames = await servicePrincipalsByAppIds(db, rec.snapshotId, appIds);
  const pBy = new Map(principals.map((p) => [p.providerId, p]));
  // CA policies name roles by template id; role definitions carry it as their id (built-in) or in attributes.
  const rBy = new Map<string, { id: number; name: string }>();
  for (const r of roles) {
    rBy.set(r.providerId.toLowerCase(), r);
    const t = (r.attributes as { templateId?: string } | null)?.templateId;
    if (t) rBy.set(t.toLowerCase(), r);
  }
  const lBy = new Map(locations.map((l) => [l.providerId, l]));
  const principalRef = (pid: string): NameRef => {
    const p = pBy.get(pid);
    return p ? { id: pid, name: p.displayName || p.name, href: `/principals/${p.id}` } : { id: pid, name: null };
  };
  const description = describeAccessControl(control, {
    user: principalRef,
    group: principalRef,
    servicePrincipal: principalRef,
    role: (rid) => {
      const r = rBy.get(rid.toLowerCase());
      return r ? { id: rid, name: r.name, href: `/policies/${r.id}` } : { id: rid, name: null };
    },
    location: (lid) => {
      const l = lBy.get(lid);
      return l ? { id: lid, name: l.name, href: `#location-${l.id}` } : { id: lid, name: null };
    },
    app: (aid) => ({ id: aid, name: spNames.get(aid.toLowerCase()) ?? firstPartyAppName(aid) }),
  });
  return {
    control: { ...control, id: rec.id, snapshotId: rec.snapshotId },
    description,
    source: { id: snap.source.id, name: snap.source.name },
    snapshot: { id: snap.id, finishedAt: snap.finishedAt },
    locations: locations.filter((l) =>
      [...(control.conditions.includeLocations ?? []), ...(control.conditions.excludeLocations ?? [])].includes(
        l.providerId,
      ),
    ),
    translateHref: translateHref(rec.snapshotId, "accessControl", rec.providerId),
  };
}
