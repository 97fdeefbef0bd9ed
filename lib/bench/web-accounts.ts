/**
 * The Accounts page and the account page at the scale: an organisation of 200 accounts under 20 OUs and
 * ~100k stored access paths (10k Entra users, 2k groups, 300 permission sets; one account holds 5% of the paths, as a
 * shared-services account does). Times listAccounts (the whole tree with per-account tallies) and getAccountAccess for
 * the largest account (default view and filtered by tier) and a typical one, median of 5 after a warm-up, on SQLite
 * and PostgreSQL.
 */
import { performance } from "node:perf_hooks";
import { createDb } from "../db/client";
import { insertAccessPaths } from "../db/access-paths";
import { migrate } from "../db/migrate";
import { finishSnapshot, startSnapshot, writeBatch } from "../db/snapshots";
import { ensureSource } from "../db/sources";
import { type AccessPath, ZModelBatchSchema } from "../model";
import { listAccounts } from "../services/browse-accounts";
import { getAccountAccess } from "../services/get-account-access";
import { benchDb } from "./bench-db";
import type { BenchResult } from "./types";

const FULL = { accounts: 200, paths: 100_000, users: 10_000, groups: 2_000, sets: 300 };
const QUICK = { accounts: 40, paths: 20_000, users: 2_000, groups: 400, sets: 60 };
const TIERS = ["admin", "privileged", "write", "read"] as const;
const MFA = ["enforced", "notEnforced", "unknown"] as const;

const accountId = (i: number) => String(100000000000 + i);

function* paths(size: typeof FULL, entra: string, org: string): Generator<AccessPath> {
  const big = Math.floor(size.paths * 0.05);
  for (let i = 0; i < size.paths; i++) {
    const a = i < big ? 0 : 1 + (i % (size.accounts - 1));
    const u = (i * 7919) % size.users;
    const g = u % size.groups;
    const ps = (i * 31) % size.sets;
    const acct = accountId(a);
    yield {
      entraSnapshotId: entra,
      targetSnapshotId: org,
      entraPrincipalId: `user-${u}`,
      personId: null,
      targetKind: "awsAccount",
      targetId: acct,
      targetName: `account-${a}`,
      via: "identityCenter",
      grant: `PermissionSet${ps}`,
      hops: [
        { kind: "entraUser", id: `user-${u}`, name: `user${u}@example.com` },
        { kind: "entraGroup", id: `group-${g}`, name: `Group ${g}` },
        { kind: "enterpriseApp", id: "sp-idc", name: "AWS IAM Identity Center" },
        { kind: "identityCenterUser", id: `idc-user-${u}`, name: `user${u}@example.com` },
        { kind: "identityCenterGroup", id: `idc-group-${g}`, name: `Group ${g}` },
        { kind: "permissionSet", id: `arn:aws:sso:::permissionSet/ssoins-1/ps-${ps}`, name: `PermissionSet${ps}` },
        { kind: "awsAccount", id: acct, name: `account-${a}` },
      ],
      tier: TIERS[ps % TIERS.length]!,
      mfa: MFA[u % MFA.length]!,
      eligible: false,
      attributes: { match: "externalId", signIn: "assigned", assignment: "group", group: `Group ${g}` },
    };
  }
}

async function median(f: () => Promise<unknown>): Promise<number> {
  await f();
  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await f();
    t.push(performance.now() - s);
  }
  return Math.round(t.sort((a, b) => a - b)[2]!);
}

async function once(postgres: boolean, size: typeof FULL, figures: Record<string, number | string>) {
  const bench = await benchDb("web_accounts", postgres);
  try {
    migrate(bench.url);
    const db = createDb(bench.url);
    const entra = await ensureSource(db, { kind: "entra", name: "tenant" });
    const e = await startSnapshot(db, entra.id, "file");
    await finishSnapshot(db, e, { status: "complete", datasets: {}, errors: [], provenance: {} });
    const orgSource = await ensureSource(db, { kind: "awsOrganization", name: "org" });
    const o = await startSnapshot(db, orgSource.id, "file");
    const ous = 20;
    await writeBatch(
      db,
      o,
      ZModelBatchSchema.parse({
        hierarchyNodes: [
          { providerId: "r-root", kind: "root", name: "Root", parentProviderId: null },
          ...Array.from({ length: ous }, (_, i) => ({
            providerId: `ou-root-${i}`,
            kind: "organizationalUnit",
            name: `OU ${i}`,
            parentProviderId: "r-root",
          })),
          ...Array.from({ length: size.accounts }, (_, i) => ({
            providerId: accountId(i),
            kind: "account",
            name: `account-${i}`,
            parentProviderId: `ou-root-${i % ous}`,
            attributes: { status: "ACTIVE" },
          })),
        ],
      }),
    );
    await finishSnapshot(db, o, { status: "complete", datasets: {}, errors: [], provenance: {} });
    const t0 = performance.now();
    await insertAccessPaths(db, paths(size, e, o));
    const label = bench.label;
    figures[`${label}: store ${size.paths.toLocaleString("en-US")} paths (s)`] =
      Math.round((performance.now() - t0) / 100) / 10;
    figures[`${label}: Accounts page, ${size.accounts} accounts (ms)`] = await median(() => listAccounts(db));
    figures[`${label}: account page, largest account (${Math.floor(size.paths * 0.05)} paths) (ms)`] = await median(
      () => getAccountAccess(db, accountId(0)),
    );
    figures[`${label}: account page, largest, tier=admin (ms)`] = await median(() =>
      getAccountAccess(db, accountId(0), { tier: "admin" }),
    );
    figures[`${label}: account page, typical account (ms)`] = await median(() => getAccountAccess(db, accountId(7)));
    await db.$disconnect();
  } finally {
    await bench.drop();
  }
}

export async function run(o: { quick?: boolean } = {}): Promise<BenchResult> {
  const size = o.quick ? QUICK : FULL;
  const figures: Record<string, number | string> = {};
  await once(false, size, figures);
  await once(true, size, figures);
  return { name: "web-accounts (Accounts page and account page)", figures };
}
