import {
  analyzed,
  caCoverage,
  effectivePermissions,
  mfaStatus,
  tierOf,
  type MfaStatus,
  type PermissionSummary,
  type TierResult,
  type UserCaSummary,
} from "../analysis";
import type { Db } from "../db/client";
import { latestSnapshots, principalsByProviderIds, type PrincipalListRow, type ViewSnapshot } from "../db/inventory";
import { listFindings } from "../db/findings";
import { getPerson as getPersonRow, type PersonListRow as PersonRow } from "../db/people";
import { personLinksOf, type PersonLinkRow } from "../db/person-links";
import { catalogFor, scopedModel } from "./snapshot-models";
import type { SourceKind, StoredFinding } from "../model";

/**
 * Everything the person page shows about one human, both clouds: each identity's tier with the policies / roles that
 * put it there (and PIM-eligible apart), MFA registered vs enforced with what enforces it, conditional-access
 * coverage (applies / excluded / not in scope, with why), group memberships, AWS effective access by level, the
 * hand-made link decisions and the person's findings. Evaluated live from the latest complete snapshots, on scoped
 * models (the identity, its groups and what they hold, every CA policy): a few indexed reads, never the whole snapshot.
 */

export interface IdentityDetail {
  sourceId: string;
  sourceName: string;
  cloud: SourceKind;
  snapshotId: string | null;
  providerId: string;
  principal: PrincipalListRow | null;
  tier: TierResult | null;
  mfa: MfaStatus | null;
  /** Entra users: every CA policy evaluated for them; null when CA was not collected or not a user. */
  ca: UserCaSummary | null;
  caCollected: boolean;
  /** AWS users/roles: allowed actions by access level. */
  access: PermissionSummary | null;
  groups: { providerId: string; name: string; direct: boolean }[];
  /** Analysis failed for this identity (kept apart so the rest of the page still shows). */
  error: string | null;
}

export interface PersonDetail {
  person: PersonRow;
  aws: IdentityDetail[];
  entra: IdentityDetail[];
  links: (PersonLinkRow & { leftName: string; rightName: string })[];
  findings: StoredFinding[];
  snapshots: ViewSnapshot[];
}

async function detailOf(
  db: Db,
  snap: ViewSnapshot | undefined,
  ident: { sourceId: string; providerId: string; cloud: string; name: string },
): Promise<IdentityDetail> {
  const base: IdentityDetail = {
    sourceId: ident.sourceId,
    sourceName: snap?.sourceName ?? "(source removed)",
    cloud: (snap?.sourceKind ?? ident.cloud) as SourceKind,
    snapshotId: snap?.snapshotId ?? null,
    providerId: ident.providerId,
    principal: null,
    tier: null,
    mfa: null,
    ca: null,
    caCollected: false,
    access: null,
    groups: [],
    error: null,
  };
  if (!snap) return base;
  const [principal] = await principalsByProviderIds(db, snap.snapshotId, [ident.providerId]);
  if (!principal)
    return { ...base, error: "Not in the latest complete snapshot of its source (removed since matching ran)." };
  base.principal = principal;
  try {
    const [model, catalog] = await Promise.all([
      scopedModel(db, snap.snapshotId, [ident.providerId]),
      catalogFor(snap.sourceKind),
    ]);
    base.tier = tierOf(model, ident.providerId, catalog);
    base.mfa = mfaStatus(model, ident.providerId, catalog);
    base.caCollected = model.kind === "entra" && analyzed(model, catalog).caCollected;
    if (model.kind === "entra" && principal.kind === "user" && base.caCollected)
      base.ca = caCoverage(model, ident.providerId, catalog);
    if (model.kind === "aws" && (principal.kind === "user" || principal.kind === "role"))
      base.access = effectivePermissions(model, ident.providerId, catalog, { limit: 1 }).summary;
    // The scoped model holds the identity's groups, nested ones included: direct first, then those reached through them.
    const { index } = analyzed(model, catalog);
    const direct = new Set(index.directGroupsOf.get(ident.providerId) ?? []);
    const all = [...direct, ...index.groupsOf(ident.providerId).filter((g) => !direct.has(g))];
    base.groups = all.map((g) => ({ providerId: g, name: index.principal.get(g)?.name ?? g, direct: direct.has(g) }));
  } catch (e) {
    base.error = e instanceof Error ? e.message : String(e);
  }
  return base;
}

export async function getPerson(db: Db, id: number): Promise<PersonDetail> {
  const [person, snapshots] = await Promise.all([getPersonRow(db, id), latestSnapshots(db)]);
  const idents = person.summary?.identities ?? [];
  const snapOf = new Map(snapshots.map((s) => [s.sourceId, s]));
  const details = await Promise.all(idents.map((i) => detailOf(db, snapOf.get(i.sourceId), i)));
  const rawLinks = await personLinksOf(db, idents);
  const names = new Map(idents.map((i) => [`${i.sourceId}|${i.providerId}`, i.name]));
  const links = rawLinks.map((l) => ({
    ...l,
    leftName: names.get(`${l.leftSourceId}|${l.leftProviderId}`) ?? l.leftProviderId,
    rightName: names.get(`${l.rightSourceId}|${l.rightProviderId}`) ?? l.rightProviderId,
  }));
  return {
    person,
    aws: details.filter((d) => d.cloud === "aws"),
    entra: details.filter((d) => d.cloud === "entra"),
    links,
    findings: (await listFindings(db, { personKey: person.key, take: 200 })).rows,
    snapshots,
  };
}
