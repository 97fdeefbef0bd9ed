import type { TokenCredential } from "@azure/core-auth";
import type { DatasetStatusInput } from "../../model";
import { AppError } from "../../errors";
import type { EntraCredential } from "../entra/auth";
import { type CloudName, resolveEndpoints } from "../entra/clouds";
import { createHttp } from "../entra/http";
import { type ArmMetrics, armHttpClient, newArmMetrics } from "./arm-http";
import { type ArmSdk, armCredential, armSdk } from "./clients";
import { markPimActivations } from "./normalize";
import type { AzureDatasetDeclaration } from "./datasets/dataset";
import { AZURE_DATASETS, type AzureDatasetName } from "./datasets/index";
import type { AzureAssignment, AzureHierarchyNode, AzurePermissionSet, AzureRead } from "./types";

/**
 * The live Azure RBAC reader: Azure Resource Manager through the ARM SDK packages, with a client-credentials token
 * for the ARM audience from the Entra app registration. Why ARM and not Resource Graph: notes/azure.md (measured).
 *
 * Order: the management-group tree and its subscriptions in one request; the subscriptions the app can read; every
 * role definition at the tenant root group; then per subscription (in parallel) role assignments (at, above and below
 * it), deny assignments, PIM eligible and active instances, classic administrators and resource groups; then the
 * same lists at each management group no readable subscription lies below. A subscription that answers 403 is kept
 * in the tree with `readable: false` and ARM's reason — "not collected", never empty.
 */
export interface AzureSyncInput {
  tenantId: string;
  clientId: string;
  credential: EntraCredential;
  cloud?: CloudName;
  authorityHost?: string | null;
  armHost?: string | null;
  /** A certificate to trust besides the system roots (the local fakes, a TLS proxy). */
  ca?: string | null;
  /** Subscriptions read at once (default 8). */
  concurrency?: number;
  metrics?: ArmMetrics;
  /** Tests and the bench: a TokenCredential instead of MSAL client credentials. */
  tokenCredential?: TokenCredential;
  onProgress?: (phase: string, done: number, total: number | null) => void;
}

/** A refusal that makes one dataset at one scope "not collected" (the rest of the read goes on). */
function refusal(e: unknown): string | null {
  const r = e as { statusCode?: number; code?: string; message?: string };
  if (
    r.statusCode === 403 ||
    r.statusCode === 404 ||
    (r.statusCode === 400 && /license|not.?enabled/i.test(r.message ?? ""))
  )
    return `${r.code ?? `HTTP ${r.statusCode}`}: ${(r.message ?? "").split("\n")[0]}`;
  return null;
}

function fatal(e: unknown): never {
  if (e instanceof AppError) throw e;
  const r = e as { statusCode?: number; code?: string; message?: string };
  if (r.statusCode === 401)
    throw new AppError("UNAUTHORIZED", `ARM refused the token: ${r.code ?? "401"}: ${r.message ?? ""}`, { cause: e });
  if (r.statusCode === 429)
    throw new AppError("THROTTLED", `ARM kept throttling after retries: ${r.message ?? ""}`, { cause: e });
  throw new AppError("UPSTREAM", `Azure Resource Manager: ${r.code ?? r.statusCode ?? ""} ${r.message ?? String(e)}`, {
    cause: e,
  });
}

async function pool<T>(items: T[], width: number, work: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Collects a dataset at a scope; a refusal is recorded, anything else fails the read. */
class Collector {
  readonly failures = new Map<AzureDatasetName, { scope: string; reason: string }[]>();
  readonly readAt = new Map<AzureDatasetName, number>();

  constructor(private readonly sdk: ArmSdk) {}

  async list<Out>(name: AzureDatasetName, scope: string, each: (x: Out) => void): Promise<string | null> {
    const d = AZURE_DATASETS[name] as unknown as AzureDatasetDeclaration<Out>;
    try {
      for await (const row of d.live.read(this.sdk, scope)) each(d.normalize(row));
      this.readAt.set(name, (this.readAt.get(name) ?? 0) + 1);
      return null;
    } catch (e) {
      const reason = refusal(e);
      if (reason === null) fatal(e);
      const list = this.failures.get(name) ?? [];
      list.push({ scope, reason });
      this.failures.set(name, list);
      return reason;
    }
  }

  status(name: AzureDatasetName, count: number): DatasetStatusInput {
    const failed = this.failures.get(name) ?? [];
    const permission = AZURE_DATASETS[name].permission;
    if (failed.length > 0 && !this.readAt.get(name)) return { collected: false, reason: failed[0]!.reason, permission };
    return {
      collected: true,
      count,
      // Partly refused: the scopes are marked on their hierarchy nodes; the count covers what was read.
      reason: failed.length
        ? `not collected at ${failed.length} scope(s), e.g. ${failed[0]!.scope}: ${failed[0]!.reason}`
        : null,
      permission,
    };
  }
}

export async function readAzure(input: AzureSyncInput): Promise<AzureRead> {
  if (!input.clientId.trim() && !input.tokenCredential) throw new AppError("BAD_INPUT", "A client id is required");
  const endpoints = resolveEndpoints({
    cloud: input.cloud,
    authorityHost: input.authorityHost,
    armHost: input.armHost,
  });
  const metrics = input.metrics ?? newArmMetrics();
  const http = createHttp({ ca: input.ca });
  try {
    const credential =
      input.tokenCredential ??
      armCredential({
        tenantId: input.tenantId,
        clientId: input.clientId,
        credential: input.credential,
        endpoints,
        send: http.send,
      });
    const sdk = armSdk({ credential, endpoints, httpClient: armHttpClient({ ca: input.ca, metrics }) });
    return await readWith(sdk, input);
  } finally {
    http.close();
  }
}

/** The read itself, over any set of ARM SDK clients. */
export async function readWith(sdk: ArmSdk, input: Pick<AzureSyncInput, "tenantId" | "concurrency" | "onProgress">) {
  const c = new Collector(sdk);
  const nodes = new Map<string, AzureHierarchyNode>();
  const key = (id: string) => id.toLowerCase();
  const put = (n: AzureHierarchyNode) => {
    const old = nodes.get(key(n.providerId));
    nodes.set(
      key(n.providerId),
      old
        ? {
            ...old,
            ...n,
            parentProviderId: n.parentProviderId ?? old.parentProviderId,
            attributes: { ...old.attributes, ...n.attributes },
          }
        : n,
    );
  };
  const rootId = `/providers/Microsoft.Management/managementGroups/${input.tenantId}`;

  // 1. The tree (management groups + subscriptions under them), then the subscriptions the app can read.
  let tree: AzureHierarchyNode[] = [];
  await c.list<AzureHierarchyNode[]>("managementGroups", input.tenantId, (t) => {
    tree = t;
  });
  for (const n of tree) put(n);
  const readable = new Set<string>();
  await c.list<AzureHierarchyNode>("subscriptions", "/", (s) => {
    readable.add(key(s.providerId));
    put(s);
  });
  const subs = [...nodes.values()].filter((n) => n.kind === "subscription");
  input.onProgress?.("subscriptions", 0, subs.length);

  // 2. Role definitions once, at the tenant root group (or per subscription when the tree is not readable).
  const sets = new Map<string, AzurePermissionSet>();
  const defScopes = tree.length ? [rootId] : subs.map((s) => s.providerId);
  for (const scope of defScopes)
    await c.list<AzurePermissionSet>("roleDefinitions", scope, (r) => sets.set(r.providerId, r));

  // 3. Per subscription, then per management group nothing readable lies below.
  const assignments = new Map<string, AzureAssignment>();
  const eligible = new Map<string, AzureAssignment>();
  const active = new Map<string, AzureAssignment>();
  const classic = new Map<string, AzureAssignment>();
  const deny = new Map<string, AzureAssignment>();
  const idOf = (a: AzureAssignment, field: string) => String(a.attributes[field]).toLowerCase();
  const readScope = async (scope: string, node: AzureHierarchyNode | undefined, isSub: boolean) => {
    const refused = await c.list<AzureAssignment>("roleAssignments", scope, (a) =>
      assignments.set(idOf(a, "roleAssignmentId"), a),
    );
    if (refused && node) {
      // NOTE: 403 on a subscription's role assignments = the app holds no role there: nothing else will read.
      node.attributes = { ...node.attributes, readable: false, reason: refused };
      return;
    }
    const notCollected: Record<string, string> = {};
    const note = (name: string, r: string | null) => {
      if (r) notCollected[name] = r;
    };
    note(
      "denyAssignments",
      await c.list<ReturnType<typeof AZURE_DATASETS.denyAssignments.normalize>>("denyAssignments", scope, (d) => {
        sets.set(d.set.providerId, d.set);
        for (const a of d.assignments) deny.set(`${a.permissionSetProviderId}|${a.principalProviderId}`, a);
      }),
    );
    note(
      "pimEligible",
      await c.list<AzureAssignment>("pimEligible", scope, (a) => eligible.set(idOf(a, "scheduleInstanceId"), a)),
    );
    note(
      "pimActive",
      await c.list<AzureAssignment>("pimActive", scope, (a) => active.set(idOf(a, "scheduleInstanceId"), a)),
    );
    if (isSub) {
      note(
        "classicAdministrators",
        await c.list<AzureAssignment>("classicAdministrators", scope, (a) =>
          classic.set(idOf(a, "classicAdministratorId"), a),
        ),
      );
      note("resourceGroups", await c.list<AzureHierarchyNode>("resourceGroups", scope, put));
    }
    if (node && Object.keys(notCollected).length) node.attributes = { ...node.attributes, notCollected };
  };
  let done = 0;
  await pool(subs, input.concurrency ?? 8, async (s) => {
    await readScope(s.providerId, s, true);
    input.onProgress?.("subscriptions", ++done, subs.length);
  });
  const covered = new Set<string>();
  for (const s of subs) {
    if (s.attributes.readable === false) continue;
    for (let p = s.parentProviderId; p; p = nodes.get(key(p))?.parentProviderId ?? null) covered.add(key(p));
  }
  const lonely = [...nodes.values()].filter((n) => n.kind === "managementGroup" && !covered.has(key(n.providerId)));
  await pool(lonely, input.concurrency ?? 8, (mg) => readScope(mg.providerId, mg, false));

  // 4. PIM activations: the role assignment an activation made becomes `active` (time-bound), not permanent.
  markPimActivations(assignments, active.values());

  const counts: Record<AzureDatasetName, number> = {
    managementGroups: [...nodes.values()].filter((n) => n.kind === "managementGroup").length,
    subscriptions: readable.size,
    resourceGroups: [...nodes.values()].filter((n) => n.kind === "resourceGroup").length,
    roleDefinitions: [...sets.values()].filter((s) => s.kind === "azureRbacRole").length,
    roleAssignments: assignments.size,
    denyAssignments: [...sets.values()].filter((s) => s.kind === "azureDenyAssignment").length,
    pimEligible: eligible.size,
    pimActive: active.size,
    classicAdministrators: classic.size,
  };
  const datasets = Object.fromEntries(
    (Object.keys(AZURE_DATASETS) as AzureDatasetName[]).map((n) => [n, c.status(n, counts[n])]),
  );
  return {
    tenantId: input.tenantId,
    nodes: [...nodes.values()],
    permissionSets: [...sets.values()],
    assignments: [...assignments.values(), ...eligible.values(), ...classic.values(), ...deny.values()],
    datasets,
  } satisfies AzureRead;
}
