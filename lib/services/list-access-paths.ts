import { awsAccountPaths } from "../db/access-paths";
import type { Db } from "../db/client";
import { personNames } from "../db/people";
import { type AccessPath, isUsablePath, type Tier } from "../model";

/**
 * `access --json`, version 1 (a contract: fields are added, never changed). One row per path from an Entra user to
 * an AWS account; `null` means not known / not collected, never "no".
 */
export interface AccessPathsReport {
  version: 1;
  paths: AccessPathRow[];
}

export interface AccessPathRow {
  /** The person (display name), or the Entra user's UPN when no person holds them. */
  person: string;
  personId: string | null;
  entra: { user: string; userId: string; via: string[]; app: string | null };
  aws: {
    identityCenterPrincipal: { kind: "user" | "group"; name: string; match: "scim" | "name" | null } | null;
    permissionSet: string | null;
    account: { id: string; name: string };
    role: string | null;
  };
  /** identityCenter or saml. */
  path: AccessPath["via"];
  tier: Tier | null;
  mfa: { enforced: boolean | null; policies: string[]; caveats: string[] };
  /** false: configured but not usable now (the user cannot sign in to the app, or the path is broken: why). */
  usable: boolean;
  broken: string | null;
  provisioning: string | null;
}

export interface AccessPathsQuery {
  /** An AWS account id or name. */
  account?: string | null;
  /** Part of a person's name or an Entra user's UPN (case-insensitive). */
  person?: string | null;
}

const hopsOf = (p: AccessPath, kind: AccessPath["hops"][number]["kind"]) => p.hops.filter((h) => h.kind === kind);

function row(p: AccessPath, person: string | null): AccessPathRow {
  const user = p.hops[0];
  const icUser = hopsOf(p, "identityCenterUser")[0];
  const icGroup = hopsOf(p, "identityCenterGroup")[0];
  const ic = icGroup ?? icUser;
  const match = p.attributes.match === "externalId" ? "scim" : p.attributes.match === "name" ? "name" : null;
  return {
    person: person ?? user?.name ?? p.entraPrincipalId,
    personId: p.personId,
    entra: {
      user: user?.name ?? p.entraPrincipalId,
      userId: p.entraPrincipalId,
      via: hopsOf(p, "entraGroup").map((h) => h.name),
      app: hopsOf(p, "enterpriseApp")[0]?.name ?? null,
    },
    aws: {
      identityCenterPrincipal: ic ? { kind: ic === icGroup ? "group" : "user", name: ic.name, match } : null,
      permissionSet: hopsOf(p, "permissionSet")[0]?.name ?? (p.via === "identityCenter" ? p.grant : null),
      account: { id: p.targetId, name: p.targetName },
      role: p.attributes.roleArn ?? hopsOf(p, "iamRole")[0]?.id ?? null,
    },
    path: p.via,
    tier: p.tier,
    mfa: {
      enforced: p.mfa === "enforced" ? true : p.mfa === "notEnforced" ? false : null,
      policies: (p.attributes.mfaPolicies ?? []).map((x) => x.name),
      caveats: p.attributes.mfaCaveats ?? [],
    },
    usable: isUsablePath(p),
    broken: p.attributes.broken ?? null,
    provisioning: p.attributes.provisioning ?? null,
  };
}

/** Who reaches which AWS account through Entra (Identity Center or SAML), as stored by the last refresh. */
export async function listAccessPaths(db: Db, q: AccessPathsQuery = {}): Promise<AccessPathsReport> {
  const paths = await awsAccountPaths(db, q.account?.trim() || undefined);
  const names = await personNames(
    db,
    paths.flatMap((p) => (p.personId ? [p.personId] : [])),
  );
  let rows = paths.map((p) => row(p, p.personId ? (names.get(p.personId) ?? null) : null));
  const needle = q.person?.trim().toLowerCase();
  if (needle)
    rows = rows.filter((r) => r.person.toLowerCase().includes(needle) || r.entra.user.toLowerCase().includes(needle));
  return { version: 1, paths: rows };
}
