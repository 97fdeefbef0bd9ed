// Reference of the cli-start bench (the Prisma floor): the least a command that reads through Prisma does — open the
// database, read one table, print it. Compiled with the CLI's own build settings by lib/bench/cli-start.ts.
import { createDb } from "../db/client";

const db = createDb(process.argv[2]!);
process.stdout.write(JSON.stringify(await db.source.findMany()));
await db.$disconnect();
