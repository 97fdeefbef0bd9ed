/**
 * Prepares a database for the e2e server or a manual run: applies migrations and, with --synthetic N, stores a
 * generated AWS account (N users, N/50 groups, N/20 roles, memberships, policies) through the real ingest service, to
 * check that tables stay fast and readable at 100k rows.
 *   npx tsx e2e/support/prepare-db.ts file:/tmp/x.db [--synthetic 100000]
 */
import { createDb } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { createSource } from "../../lib/db/sources";
import type { ConnectorEvent, ModelBatchInput } from "../../lib/model";
import { ingest } from "../../lib/services/ingest";

const url = process.argv[2];
if (!url) throw new Error("usage: prepare-db.ts <DATABASE_URL> [--synthetic N]");
migrate(url);
const n = process.argv[3] === "--synthetic" ? Number(process.argv[4] ?? 0) : 0;

async function* synthetic(users: number): AsyncGenerator<ConnectorEvent> {
  const acct = "123456789012";
  const groups = Math.max(1, Math.floor(users / 50));
  const roles = Math.max(1, Math.floor(users / 20));
  const policy = (i: number) => `arn:aws:iam::${acct}:policy/synthetic-${i}`;
  yield {
    type: "batch",
    batch: {
      permissionSets: Array.from({ length: 200 }, (_, i) => ({
        kind: "customerManagedPolicy" as const,
        providerId: policy(i),
        name: `synthetic-${i}`,
        builtIn: false,
        statements: [{ effect: "Allow" as const, actions: [`s3:Get*`], notActions: [], resources: ["*"], notResources: [] }],
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] },
      })),
    },
  };
  const page = 5000;
  for (let start = 0; start < users; start += page) {
    const batch: ModelBatchInput = { principals: [], memberships: [], assignments: [] };
    for (let i = start; i < Math.min(users, start + page); i++) {
      const name = `user${String(i).padStart(6, "0")}`;
      batch.principals!.push({
        kind: "user",
        providerId: `AIDA${String(i).padStart(17, "0")}`,
        name,
        displayName: name,
        arn: `arn:aws:iam::${acct}:user/${name}`,
        email: `${name}@example.com`,
        enabled: true,
        createdAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
        lastActivityAt: i % 7 === 0 ? null : new Date(Date.UTC(2026, 0, 1) - i * 3_600_000).toISOString(),
        mfaRegistered: i % 3 === 0 ? null : i % 3 === 1,
        raw: { UserName: name },
      });
      batch.memberships!.push({ groupProviderId: `AGPA${String(i % groups).padStart(17, "0")}`, memberProviderId: `AIDA${String(i).padStart(17, "0")}`, direct: true });
      batch.assignments!.push({ principalProviderId: `AIDA${String(i).padStart(17, "0")}`, permissionSetProviderId: policy(i % 200), scope: "*", kind: "direct" });
    }
    yield { type: "batch", batch };
    yield { type: "progress", phase: "Users", done: Math.min(users, start + page), total: users };
  }
  const more: ModelBatchInput = { principals: [] };
  for (let g = 0; g < groups; g++) {
    more.principals!.push({ kind: "group", providerId: `AGPA${String(g).padStart(17, "0")}`, name: `group-${g}`, displayName: `group-${g}`, arn: `arn:aws:iam::${acct}:group/group-${g}`, raw: {} });
  }
  for (let r = 0; r < roles; r++) {
    more.principals!.push({ kind: "role", providerId: `AROA${String(r).padStart(17, "0")}`, name: `role-${r}`, displayName: `role-${r}`, arn: `arn:aws:iam::${acct}:role/role-${r}`, raw: {} });
  }
  yield { type: "batch", batch: more };
  yield { type: "dataset", name: "credentialReport", status: { collected: false, reason: "synthetic data", permission: "iam:GenerateCredentialReport" } };
}

const db = createDb(url);
if (n > 0) {
  const src = await createSource(db, { kind: "aws", name: `synthetic-${n}`, settings: { synthetic: true } });
  const t = Date.now();
  const res = await ingest(db, synthetic(n), { sourceId: src.id, origin: "file", provenance: { synthetic: n } });
  console.log(`synthetic ${n}: ${res.status} in ${Date.now() - t} ms`, res.error?.message ?? "");
}
await db.$disconnect();
