/**
 * Prepares a database for the e2e server or a manual run: applies migrations and, with --synthetic N, stores a
 * generated AWS account (lib/bench/web-inventory.ts: N users, N/50 groups, memberships, policies) through the real ingest service, to
 * check that tables stay fast and readable at 100k rows.
 *   npx tsx e2e/support/prepare-db.ts file:/tmp/x.db [--synthetic 100000]
 */
import { createDb } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { createSource } from "../../lib/db/sources";
import type { ConnectorEvent } from "../../lib/model";
import { syntheticAwsBatches } from "../../lib/bench/web-inventory";
import { ingest } from "../../lib/services/ingest";

const url = process.argv[2];
if (!url) throw new Error("usage: prepare-db.ts <DATABASE_URL> [--synthetic N]");
migrate(url);
const n = process.argv[3] === "--synthetic" ? Number(process.argv[4] ?? 0) : 0;

async function* synthetic(users: number): AsyncGenerator<ConnectorEvent> {
  let done = 0;
  for (const batch of syntheticAwsBatches(users)) {
    yield { type: "batch", batch };
    done += batch.principals?.filter((p) => p.kind === "user").length ?? 0;
    yield { type: "progress", phase: "Users", done, total: users };
  }
  yield {
    type: "dataset",
    name: "credentialReport",
    status: { collected: false, reason: "synthetic data", permission: "iam:GenerateCredentialReport" },
  };
}

const db = createDb(url);
if (n > 0) {
  const src = await createSource(db, { kind: "aws", name: `synthetic-${n}`, settings: { synthetic: true } });
  const t = Date.now();
  const res = await ingest(db, synthetic(n), { sourceId: src.id, origin: "file", provenance: { synthetic: n } });
  console.log(`synthetic ${n}: ${res.status} in ${Date.now() - t} ms`, res.error?.message ?? "");
}
await db.$disconnect();
