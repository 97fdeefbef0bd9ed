import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { applyAdminFromEnv, needsSetup } from "../auth/accounts";
import { announceSetupCode } from "../auth/setup-code";
import { createDb, providerOf, tuneDb, type Db } from "../db/client";
import { migrate, redactUrl } from "../db/migrate";
import { reapStaleSnapshots } from "../db/snapshots";
import { listSources } from "../db/sources";
import { childEnv, readEnv, type Env } from "../env";
import { AppError, toAppError } from "../errors";
import { exitCodeFor, exitWhenFlushed } from "./exit";
import { loadSample } from "../services/load-sample";

/**
 * `npm start`: everything a newcomer needs on a fresh machine, one clear line per step — validate the settings,
 * create the data folder, migrate the database, load the sample organisation into an empty database, build the web
 * app when it is missing or older than its sources, then serve it with `next start` (signals forwarded).
 */

const require = createRequire(import.meta.url);

function say(line: string): void {
  process.stdout.write(`crosswalk: ${line}\n`);
}

/** The sample is loaded only into a database with no source at all, and never when CROSSWALK_NO_SAMPLE=1. */
export async function shouldLoadSample(
  db: Db,
  env: Pick<Env, "CROSSWALK_NO_SAMPLE">,
): Promise<{ load: boolean; reason: string }> {
  if (env.CROSSWALK_NO_SAMPLE === "1") return { load: false, reason: "CROSSWALK_NO_SAMPLE=1" };
  const sources = await listSources(db);
  if (sources.length > 0) return { load: false, reason: `the database already has ${sources.length} source(s)` };
  return { load: true, reason: "the database is empty" };
}

/** What the web build depends on, relative to the project root. Tests and test data do not affect it. */
const BUILD_INPUTS = [
  "app",
  "lib",
  "public",
  "proxy.ts",
  "middleware.ts",
  "next.config.js",
  "next.config.mjs",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
const IGNORED = /(^|\/)(node_modules|testdata|\.next)(\/|$)|\.test\.tsx?$/;

function newestMtime(p: string, root: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (IGNORED.test(path.relative(root, p))) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e), root));
  return newest;
}

/** Whether `next build` must run: no build yet (.next/BUILD_ID), or a source file changed after it. */
export function needsBuild(root: string): { build: boolean; reason: string } {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return { build: true, reason: "no build yet" };
  const built = fs.statSync(buildId).mtimeMs;
  const newest = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(root, p), root)));
  if (newest > built) return { build: true, reason: "sources changed since the last build" };
  return { build: false, reason: "the build is up to date" };
}

/** The `next start` arguments: port and listening address (never Next's default of every interface). */
export function nextStartArgs(port: number, host: string): string[] {
  return ["start", "-p", String(port), "-H", host];
}

/**
 * Before the server listens: the account "admin" from CROSSWALK_ADMIN_PASSWORD (created, or its password reset when the
 * variable changed), or — with no account at all — the one-time set-up code that /setup asks for, printed here.
 */
export async function prepareAccounts(
  db: Db,
  env: Pick<Env, "CROSSWALK_ADMIN_PASSWORD">,
  dataDir: string,
  out: (line: string) => void = say,
): Promise<void> {
  const admin = await applyAdminFromEnv(db, env.CROSSWALK_ADMIN_PASSWORD);
  if (admin === "created") out("account admin created from CROSSWALK_ADMIN_PASSWORD");
  else if (admin === "reset") out("account admin: password reset from CROSSWALK_ADMIN_PASSWORD (its sessions ended)");
  else if (admin === "unchanged") out("account admin: password matches CROSSWALK_ADMIN_PASSWORD");
  else if (await needsSetup(db)) announceSetupCode(dataDir, (line) => out(line.replace(/^crosswalk: /, "")));
}

async function prepareDatabase(env: Env, dataDir: string): Promise<void> {
  const migrated = migrate(env.DATABASE_URL, process.cwd(), { say });
  say(migrated === "applied" ? "database migrations applied" : "database schema is up to date");
  const db = createDb(env.DATABASE_URL);
  try {
    await tuneDb(db, env.DATABASE_URL);
    await prepareAccounts(db, env, dataDir);
    const reaped = await reapStaleSnapshots(db);
    if (reaped.length > 0)
      say(`${reaped.length} sync(s) left running by a stopped process marked failed (interrupted)`);
    const decision = await shouldLoadSample(db, env);
    if (!decision.load) {
      say(`sample organisation not loaded (${decision.reason})`);
      return;
    }
    say("the database is empty: loading the sample organisation (Northwind Robotics)…");
    try {
      // With its earlier state first, so the Drift page shows what changed (lib/sample/earlier.ts).
      const res = await loadSample(db, { history: true });
      say(`sample loaded into "${res.aws.sourceName}" and "${res.entra.sourceName}"`);
    } catch (e) {
      // The app is still useful without it (a user can import their own files), so say so and go on.
      say(`could not load the sample organisation: ${toAppError(e).message} (continuing without it)`);
    }
  } finally {
    await db.$disconnect();
  }
}

function nextBin(): string {
  return require.resolve("next/dist/bin/next");
}

/** Node 20.19+ (package.json engines): older versions fail later with far less clear errors. */
export function checkNode(version: string = process.versions.node): void {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    throw new AppError("CONFIG", `Node.js 20.19 or newer is required (this is ${version})`);
}

export async function start(): Promise<number> {
  checkNode();
  const root = process.cwd();
  const env = readEnv();
  const { PORT: port, HOST: host } = env;
  say(
    `configuration valid; database ${redactUrl(env.DATABASE_URL)} (${providerOf(env.DATABASE_URL) === "postgres" ? "PostgreSQL" : "SQLite"})`,
  );
  const dataDir = path.resolve(env.CROSSWALK_DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  say(`data folder ${path.relative(root, dataDir).startsWith("..") ? dataDir : `./${path.relative(root, dataDir)}`}`);
  await prepareDatabase(env, dataDir);

  const nextEnv = childEnv({ DATABASE_URL: env.DATABASE_URL, NEXT_TELEMETRY_DISABLED: "1" });
  const build = needsBuild(root);
  if (build.build) {
    say(`building the web app (${build.reason}); this takes a minute or two…`);
    const res = spawnSync(process.execPath, [nextBin(), "build"], { cwd: root, env: nextEnv, stdio: "inherit" });
    if (res.status !== 0) throw new AppError("INTERNAL", `next build failed (exit ${res.status ?? res.signal})`);
    say("web app built");
  } else say(`web app build is up to date`);

  const shown =
    host === "0.0.0.0" || host === "::"
      ? `${host} (every interface), port ${port}`
      : `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  say(`starting on ${shown}`);
  const child = spawn(process.execPath, [nextBin(), ...nextStartArgs(port, host)], {
    cwd: root,
    env: { ...nextEnv, PORT: String(port) },
    stdio: "inherit",
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, forward(s));
  return new Promise((resolve) => {
    child.on("exit", (code, signal) =>
      resolve(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1) : 1)),
    );
  });
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.dirname, "start.ts");
if (isEntry) {
  start().then(
    (code) => exitWhenFlushed(code),
    (e) => exitWhenFlushed(exitCodeFor(e)),
  );
}
