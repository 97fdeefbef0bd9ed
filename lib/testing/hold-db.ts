import { createDb, tuneDb } from "../db/client";

/**
 * A stand-in for the running web app in multi-process tests: keeps a Prisma client on the database open and reads and
 * writes it continuously (sources listed, a session row written and deleted) until killed. Prints "ready" once the
 * connection is open.  Usage: tsx lib/testing/hold-db.ts <DATABASE_URL>
 */
const url = process.argv[2];
if (!url) throw new Error("usage: hold-db.ts <DATABASE_URL>");
const db = createDb(url);
await tuneDb(db, url);
const user = await db.appUser.upsert({
  where: { username: "holder" },
  create: { username: "holder", passwordHash: "scrypt$1$1$1$x$y" },
  update: {},
});
let rounds = 0;
process.stdout.write("ready\n");
for (;;) {
  await db.source.findMany({ take: 50 });
  const id = `hold-${rounds++}`;
  await db.$transaction(async (tx) => {
    await tx.appSession.create({ data: { id, userId: user.id, expiresAt: new Date(Date.now() + 60_000) } });
    await tx.appSession.deleteMany({ where: { id } });
  });
  await new Promise((r) => setTimeout(r, 20));
}
