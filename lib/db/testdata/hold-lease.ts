// Test helper for lease-lock.db.test.ts: takes a lease in a process of its own, says so, and holds it until killed
// (the test kills it with SIGKILL: a crashed holder that never releases).
// Usage: node --import tsx lib/db/testdata/hold-lease.ts <database url> <lease name> <ttl ms>
import { createDb } from "../client";
import { acquireLease } from "../lease-lock";

const [url, name, ttl] = process.argv.slice(2);
const db = createDb(url!);
const lease = await acquireLease(db, name!, { ttlMs: Number(ttl), owner: `child:${process.pid}` });
process.stdout.write(`HELD ${lease.owner}\n`);
setInterval(() => undefined, 1000);
