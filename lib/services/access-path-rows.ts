import type { Db } from "../db/client";
import {
  peopleOfIdentities,
  permissionSetRowIds,
  principalRowIds,
  roleRowIdsByArn,
  sourcesOfSnapshots,
} from "../db/row-ids";
import { type AccessHop, type AccessPath, isUsablePath, type PathMfa, type Tier } from "../model";

/**
 * Access paths as the pages show them (the account page, the person page): each hop with the address of the page that
 * shows it, the person the Entra user belongs to, MFA with its policies, and what is off about the path.
 */

export interface HopView {
  kind: AccessHop["kind"];
  name: string;
  href: string | null;
  /** How the step was made (match by name, not a member any more…). */
  note: string | null;
}

export interface AccessPathRow {
  person: { id: number; displayName: string } | null;
  entraUser: string;
  accountId: string;
  accountName: string;
  via: AccessPath["via"];
  hops: HopView[];
  tier: Tier | null;
  mfa: PathMfa;
  mfaPolicies: string[];
  mfaCaveats: string[];
  usable: boolean;
  /** Why the path cannot be used, or what is off about it (drift, outdated provisioning). */
  problems: string[];
}

const SIGN_IN_PROBLEM: Record<string, string> = {
  notAssigned: "not assigned to the app, which requires assignment",
  userDisabled: "the Entra user is disabled",
  blocked: "blocked by conditional access or a disabled app",
};

function problemsOf(p: AccessPath): string[] {
  const a = p.attributes;
  const out: string[] = [];
  if (a.broken) out.push(a.broken);
  if (a.signIn && SIGN_IN_PROBLEM[a.signIn]) out.push(SIGN_IN_PROBLEM[a.signIn]!);
  if (a.drift) out.push(a.drift);
  if (a.provisioning === "outdated") out.push("permission set changed since it was provisioned to this account");
  if (a.provisioning === "notProvisioned") out.push("permission set not provisioned to this account");
  if (a.match === "name") out.push("Identity Center user linked by user name only (no SCIM external id)");
  return out;
}

/** Resolves each hop of the shown rows to the page that shows it (a few queries per snapshot). */
async function hopLinks(db: Db, paths: AccessPath[], iamSnapshotOf: (accountId: string) => string | null) {
  const entraIds = new Map<string, string[]>();
  const orgIds = new Map<string, string[]>();
  const setIds = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  const roleArns = new Map<string, string[]>();
  for (const p of paths)
    for (const h of p.hops) {
      if (h.kind === "entraUser" || h.kind === "entraGroup" || h.kind === "enterpriseApp")
        push(entraIds, p.entraSnapshotId, h.id);
      else if (h.kind === "identityCenterUser" || h.kind === "identityCenterGroup")
        push(orgIds, p.targetSnapshotId, h.id);
      else if (h.kind === "permissionSet") push(setIds, p.targetSnapshotId, h.id);
      else if (h.kind === "iamRole") push(roleArns, iamSnapshotOf(p.targetId) ?? "", h.id);
    }
  const read = async (m: Map<string, string[]>, f: typeof principalRowIds) =>
    new Map(await Promise.all([...m].map(async ([snap, ids]) => [snap, await f(db, snap, ids)] as const)));
  const [entra, org, sets, roles, sources] = await Promise.all([
    read(entraIds, principalRowIds),
    read(orgIds, principalRowIds),
    read(setIds, permissionSetRowIds),
    read(new Map([...roleArns].filter(([snap]) => snap)), roleRowIdsByArn),
    sourcesOfSnapshots(
      db,
      paths.map((p) => p.entraSnapshotId),
    ),
  ]);
  const bySource = new Map<string, string[]>();
  for (const p of paths) push(bySource, sources.get(p.entraSnapshotId) ?? "", p.entraPrincipalId);
  const people = new Map<string, { id: number; displayName: string }>();
  for (const [sourceId, ids] of bySource)
    for (const [k, v] of await peopleOfIdentities(db, sourceId, ids)) people.set(`${sourceId}|${k}`, v);
  const principalHref = (id: number | undefined) => (id === undefined ? null : `/principals/${id}`);
  return {
    person: (p: AccessPath) => people.get(`${sources.get(p.entraSnapshotId)}|${p.entraPrincipalId}`) ?? null,
    href: (p: AccessPath, h: AccessHop): string | null => {
      switch (h.kind) {
        case "entraUser":
        case "entraGroup":
        case "enterpriseApp":
          return principalHref(entra.get(p.entraSnapshotId)?.get(h.id));
        case "identityCenterUser":
        case "identityCenterGroup":
          return principalHref(org.get(p.targetSnapshotId)?.get(h.id));
        case "permissionSet": {
          const id = sets.get(p.targetSnapshotId)?.get(h.id);
          return id === undefined ? null : `/policies/${id}`;
        }
        case "iamRole":
          return principalHref(roles.get(iamSnapshotOf(p.targetId) ?? "")?.get(h.id));
        case "awsAccount":
          return `/accounts/${h.id}`;
        default:
          return null;
      }
    },
  };
}

function hopNote(h: AccessHop): string | null {
  const a = h.attributes ?? {};
  if (a.member === false) return "no longer a member in Entra";
  if (a.match === "name") return "matched by name only";
  if (a.match === "none") return "no Entra counterpart";
  if (typeof a.assigned === "string") return `assigned through ${a.assigned}`;
  if (typeof a.appRole === "string") return `app role ${a.appRole}`;
  return null;
}

/** The rows of some paths, hops resolved to links; `iamSnapshotOf` names the account's IAM snapshot (roles). */
export async function accessPathRows(
  db: Db,
  paths: AccessPath[],
  iamSnapshotOf: (accountId: string) => string | null,
): Promise<AccessPathRow[]> {
  const links = await hopLinks(db, paths, iamSnapshotOf);
  return paths.map(
    (p): AccessPathRow => ({
      person: links.person(p),
      entraUser: p.hops[0]?.name ?? p.entraPrincipalId,
      accountId: p.targetId,
      accountName: p.targetName,
      via: p.via,
      hops: p.hops.map((h) => ({ kind: h.kind, name: h.name, href: links.href(p, h), note: hopNote(h) })),
      tier: p.tier,
      mfa: p.mfa,
      mfaPolicies: (p.attributes.mfaPolicies ?? []).map((x) => x.name),
      mfaCaveats: p.attributes.mfaCaveats ?? [],
      usable: isUsablePath(p),
      problems: problemsOf(p),
    }),
  );
}
