import { exitCodeFor, exitWhenFlushed } from "./exit";
import type { CommandContext } from "./command";

// Start-up time is the CLI's first impression (issue 16): this module imports nothing heavy. `--help` loads no other
// module; a command loads its own file, and the database modules (Prisma, zod, the migrator) only when it has one.

type Command = {
  summary: string;
  load: () => Promise<{ run: (ctx: CommandContext) => Promise<number | undefined> }>;
  /** false: the command reads no database (none is opened or migrated). */
  db?: false;
};

// Each command lives in its own file under ./commands; this table is the whole CLI surface.
const COMMANDS: Record<string, Command> = {
  "import aws": {
    summary: "import aws <gaad.json> [--credential-report <csv>] [--source NAME]",
    load: () => import("./commands/import-aws"),
  },
  "import entra": {
    summary: "import entra <file-or-folder> [--source NAME]",
    load: () => import("./commands/import-entra"),
  },
  "import azure": {
    summary: "import azure <file-or-folder> [--source NAME] [--entra-source NAME]",
    load: () => import("./commands/import-azure"),
  },
  "sync aws": {
    summary: "sync aws [--profile P] [--role-arn ARN] [--external-id X] [--endpoint URL] [--source NAME]",
    load: () => import("./commands/sync-aws"),
  },
  "sync entra": {
    summary:
      "sync entra --tenant-id T --client-id C (--client-secret-env VAR | --certificate PEM) [--authority-host H] [--graph-host H] [--full] [--source NAME]",
    load: () => import("./commands/sync-entra"),
  },
  "sync azure": {
    summary:
      "sync azure (--tenant-id T --client-id C (--client-secret-env VAR | --certificate PEM) [--cloud C] [--arm-host H] | --entra-source NAME) [--source NAME]",
    load: () => import("./commands/sync-azure"),
  },
  stats: { summary: "stats --json", load: () => import("./commands/stats") },
  demo: { summary: "demo  (load the sample organisation)", load: () => import("./commands/demo") },
  compare: { summary: "compare --json", load: () => import("./commands/compare") },
  findings: { summary: "findings --json [--severity S]", load: () => import("./commands/findings") },
  access: {
    summary: "access [--account ID | --person TEXT] --json",
    load: () => import("./commands/access"),
  },
  compliance: { summary: "compliance [--framework ID] --json", load: () => import("./commands/compliance") },
  translate: {
    summary: "translate <file-or-folder> --json | translate --all --json",
    load: () => import("./commands/translate"),
  },
  simulate: {
    summary:
      "simulate <file-or-folder | -> [--json]  (aws iam simulate-custom-policy input, + SCPs, RCPs, session and endpoint policies)",
    load: () => import("./commands/simulate"),
    db: false,
  },
  export: {
    summary:
      "export --kind audit|findings|compliance|translation|workshop --format pdf|xlsx|csv|json|sarif --out PATH [--source NAME] [--person TEXT] [--severity S] [--since DATE] [--item NAME]",
    load: () => import("./commands/export"),
  },
};

function usage(): string {
  return ["Usage: crosswalk [--db URL] <command>", "", ...Object.values(COMMANDS).map((c) => `  ${c.summary}`)].join(
    "\n",
  );
}

/** Splits off the global --db option. */
function takeDb(argv: string[]): { dbUrl: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let dbUrl: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--db") dbUrl = argv[++i];
    else if (a.startsWith("--db=")) dbUrl = a.slice(5);
    else rest.push(a);
  }
  return { dbUrl, rest };
}

/** Opens (and migrates) the database chosen by --db / DATABASE_URL for the length of one command. */
async function withDatabase(dbArg: string | undefined, work: (dbUrl: string) => Promise<number>): Promise<number> {
  const [{ createDb, setProcessDb, tuneDb }, { migrate }, { reapStaleSnapshots }, { env, overrideEnv }] =
    await Promise.all([import("../db/client"), import("../db/migrate"), import("../db/snapshots"), import("../env")]);
  const dbUrl = (dbArg === undefined ? env() : overrideEnv({ DATABASE_URL: dbArg })).DATABASE_URL;
  migrate(dbUrl, process.cwd(), { say: (line) => process.stderr.write(`crosswalk: ${line}\n`) });
  const client = createDb(dbUrl);
  await tuneDb(client, dbUrl);
  setProcessDb(client);
  // Runs left "running" by a process that was killed are failed, so they never look like they are still going.
  await reapStaleSnapshots(client);
  const code = await work(dbUrl);
  await client.$disconnect();
  return code;
}

export async function main(argv: string[]): Promise<number> {
  const { dbUrl: dbArg, rest } = takeDb(argv);
  if (rest.length === 0 || rest[0] === "--help" || rest[0] === "help") {
    process.stdout.write(`${usage()}\n`);
    return rest.length === 0 ? 2 : 0;
  }
  const two = `${rest[0]} ${rest[1] ?? ""}`.trim();
  const key = COMMANDS[two] ? two : rest[0]!;
  const command = COMMANDS[key];
  if (!command) {
    process.stderr.write(`crosswalk: unknown command "${rest.join(" ")}"\n${usage()}\n`);
    return 2;
  }
  try {
    const args = rest.slice(key.split(" ").length);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const mod = await command.load();
    if (command.db === false) return (await mod.run({ args, dbUrl: "", out })) ?? 0;
    return await withDatabase(dbArg, async (dbUrl) => (await mod.run({ args, dbUrl, out })) ?? 0);
  } catch (e) {
    return exitCodeFor(e);
  }
}

/** Runs one command line and exits with its code once stdout and stderr are flushed (the bin and `tsx main.ts`). */
export function runCli(argv: string[]): Promise<never> {
  return main(argv).then(
    (code) => exitWhenFlushed(code),
    (e) => exitWhenFlushed(exitCodeFor(e)),
  );
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/lib\/cli\//, "/lib/cli/"));
if (isEntry) void runCli(process.argv.slice(2));
