import { seededRandom } from "../../testing/seeded-random";
import builtInRolesJson from "../../translate/data/azure-built-in-roles.json";
import { hashedUuid } from "../aws-org/ids";
import { TableBuilder } from "./assignment-table";
import {
  type AzureEstate,
  type EstateClassicAdministrator,
  type EstateDenyAssignment,
  type EstateResourceGroup,
  type EstateRoleDefinition,
  type EstateSubscription,
  FLAG,
  isAtOrBelow,
  isoDay,
  type Permission,
  PRINCIPAL_KINDS,
  type PrincipalDirectory,
  type PrincipalKind,
  type ScopeNode,
  type SubscriptionState,
} from "./estate";
import { generatedTenantDirectory, tenantOptionsFor } from "./principals";

/**
 * A deterministic generator of Azure estates for the fake ARM, tests and the bench: a tenant root group, a
 * management-group tree up to 5 levels deep (the Cloud Adoption Framework layout: an intermediate root, Platform with
 * Identity/Management/Connectivity, Landing zones with Corp/Online → business units → prod/nonprod, Sandbox,
 * Decommissioned), subscriptions in the leaves (a few Warned, PastDue or Disabled; one under the tenant root as new
 * subscriptions land), resource groups (AKS-managed and managed-application ones among them); Azure's built-in roles
 * (lib/translate/data/azure-built-in-roles.json) and custom roles (some with `*` actions, data actions, narrow
 * assignable scopes); role assignments at every level to users, groups, service principals and managed identities of
 * a generated Entra tenant (principals.ts), some with ABAC conditions, some to deleted objects, guests and service
 * principals as Owner, subscriptions with more than three Owners; PIM eligibility (some expiring) and activations;
 * deny assignments as deployment stacks and managed applications make them; classic administrators on a few
 * subscriptions; and one subscription the reader app cannot read. Same options → the same estate.
 */
export interface GenerateEstateOptions {
  subscriptions: number;
  seed?: number;
  /** Management-group levels below the tenant root group, 1–5 (default 5 with 12+ subscriptions, else 3). */
  managementGroupDepth?: number;
  /** Average resource groups per subscription (default 5). */
  resourceGroupsPerSubscription?: number;
  /** Role assignments in total (default 40 per subscription + 4 per management group). */
  roleAssignments?: number;
  /** PIM eligible assignments (default 1 per 40 role assignments, at least 4). */
  eligibleAssignments?: number;
  /** Custom role definitions (default 4 + 1 per 25 subscriptions, at most 60). */
  customRoles?: number;
  /** Subscriptions the reader app cannot read (default 1 with 3+ subscriptions). */
  unreadableSubscriptions?: number;
  /** The Entra tenant of the principals (default: a generated tenant sized for the role assignments). */
  directory?: PrincipalDirectory;
}

interface BuiltInRole {
  name: string;
  id: string;
  description: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}
const BUILT_INS = (builtInRolesJson as { roles: BuiltInRole[] }).roles;

/** Built-in roles the generator assigns, by name (each must be in the catalogue). */
const R = {
  owner: "Owner",
  contributor: "Contributor",
  reader: "Reader",
  uaa: "User Access Administrator",
  rbacAdmin: "Role Based Access Control Administrator",
  securityReader: "Security Reader",
  securityAdmin: "Security Admin",
  costReader: "Cost Management Reader",
  network: "Network Contributor",
  kvAdmin: "Key Vault Administrator",
  kvSecrets: "Key Vault Secrets User",
  monReader: "Monitoring Reader",
  monContributor: "Monitoring Contributor",
  vmContributor: "Virtual Machine Contributor",
  laReader: "Log Analytics Reader",
  blobContributor: "Storage Blob Data Contributor",
  blobReader: "Storage Blob Data Reader",
  website: "Website Contributor",
  acrPull: "AcrPull",
  sqlDb: "SQL DB Contributor",
  billingReader: "Billing Reader",
  aksUser: "Azure Kubernetes Service Cluster User Role",
} as const;
type RoleKey = keyof typeof R | "custom";

/** Role mixes per scope kind (weights). */
const MIX: Record<"managementGroup" | "subscription" | "resourceGroup", [RoleKey, number][]> = {
  managementGroup: [
    ["owner", 12],
    ["contributor", 14],
    ["reader", 28],
    ["uaa", 4],
    ["rbacAdmin", 4],
    ["securityReader", 10],
    ["securityAdmin", 3],
    ["monReader", 8],
    ["billingReader", 3],
    ["custom", 14],
  ],
  subscription: [
    ["owner", 7],
    ["contributor", 18],
    ["reader", 24],
    ["uaa", 2],
    ["rbacAdmin", 2],
    ["securityReader", 5],
    ["costReader", 5],
    ["network", 5],
    ["kvAdmin", 3],
    ["monContributor", 5],
    ["vmContributor", 5],
    ["laReader", 5],
    ["custom", 14],
  ],
  resourceGroup: [
    ["contributor", 20],
    ["reader", 18],
    ["owner", 3],
    ["blobContributor", 7],
    ["blobReader", 5],
    ["kvSecrets", 8],
    ["website", 5],
    ["vmContributor", 7],
    ["network", 4],
    ["acrPull", 7],
    ["sqlDb", 5],
    ["aksUser", 3],
    ["monReader", 3],
    ["custom", 5],
  ],
};

/** ABAC conditions as Microsoft documents them (storage-auth-abac-examples; delegate-role-assignments-examples). */
export const CONDITIONS = {
  blobContainer:
    "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'blobs-example-container'))",
  blobTag:
    "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})) OR (@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags:Project<$key_case_sensitive$>] StringEquals 'Cascade'))",
  // Role Based Access Control Administrator may assign only Backup Contributor and Backup Reader.
  delegation:
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912}))",
} as const;

const CUSTOM_TEMPLATES: { name: string; description: string; permissions: Permission; at: "lz" | "mg" | "sub" }[] = [
  {
    name: "Landing Zone Owner",
    description: "Full control of a landing zone except policy and elevate access.",
    permissions: {
      actions: ["*"],
      notActions: [
        "Microsoft.Authorization/elevateAccess/Action",
        "Microsoft.Authorization/policyAssignments/write",
        "Microsoft.Authorization/policyAssignments/delete",
      ],
      dataActions: [],
      notDataActions: [],
    },
    at: "lz",
  },
  {
    name: "Application Operator",
    description: "Reads everything; starts, restarts and stops virtual machines and web apps.",
    permissions: {
      actions: [
        "*/read",
        "Microsoft.Compute/virtualMachines/start/action",
        "Microsoft.Compute/virtualMachines/restart/action",
        "Microsoft.Compute/virtualMachines/deallocate/action",
        "Microsoft.Web/sites/restart/action",
        "Microsoft.Support/*",
      ],
      notActions: [],
      dataActions: [],
      notDataActions: [],
    },
    at: "mg",
  },
  {
    name: "Storage Data Reader",
    description: "Reads storage accounts and the blobs in them.",
    permissions: {
      actions: [
        "Microsoft.Storage/storageAccounts/read",
        "Microsoft.Storage/storageAccounts/blobServices/containers/read",
      ],
      notActions: [],
      dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
      notDataActions: [],
    },
    at: "sub",
  },
  {
    name: "Network Operator",
    description: "Manages networks but not public IP addresses or peering.",
    permissions: {
      actions: ["Microsoft.Network/*", "Microsoft.Resources/subscriptions/resourceGroups/read"],
      notActions: [
        "Microsoft.Network/publicIPAddresses/write",
        "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
      ],
      dataActions: [],
      notDataActions: [],
    },
    at: "mg",
  },
  {
    name: "Access Delegate",
    description: "Reads everything and assigns roles (for the platform team's automation).",
    permissions: {
      actions: [
        "*/read",
        "Microsoft.Authorization/roleAssignments/write",
        "Microsoft.Authorization/roleAssignments/delete",
      ],
      notActions: [],
      dataActions: [],
      notDataActions: [],
    },
    at: "lz",
  },
  {
    name: "Key Vault Secret Rotator",
    description: "Rotates Key Vault secrets.",
    permissions: {
      actions: ["Microsoft.KeyVault/vaults/read"],
      notActions: [],
      dataActions: ["Microsoft.KeyVault/vaults/secrets/*"],
      notDataActions: ["Microsoft.KeyVault/vaults/secrets/delete"],
    },
    at: "sub",
  },
  {
    name: "Deployment Writer",
    description: "Writes and reads every resource type; deletes nothing.",
    permissions: { actions: ["*/read", "*/write"], notActions: [], dataActions: [], notDataActions: [] },
    at: "sub",
  },
];

const WORKLOADS = ["web", "api", "data", "aks", "batch", "etl", "crm", "erp", "iot", "ml", "search", "billing"];
const LOCATIONS = ["westeurope", "northeurope", "swedencentral", "uksouth", "eastus", "eastus2", "westus3"];
const SHORT: Record<string, string> = {
  westeurope: "weu",
  northeurope: "neu",
  swedencentral: "sdc",
  uksouth: "uks",
  eastus: "eus",
  eastus2: "eus2",
  westus3: "wus3",
};
const EVERYONE = "00000000-0000-0000-0000-000000000000";

type Pool = "platform" | "lz" | "sandbox" | "decommissioned" | "root";

export function generateEstate(o: GenerateEstateOptions): AzureEstate {
  const seed = o.seed ?? 1;
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const nSubs = Math.max(1, Math.floor(o.subscriptions));
  const depth = Math.min(5, Math.max(1, o.managementGroupDepth ?? (nSubs >= 12 ? 5 : 3)));
  const directory = o.directory ?? generatedTenantDirectory(tenantOptionsFor(o.roleAssignments ?? nSubs * 45));
  const tenantId = directory.tenantId;

  // --- Management groups ---
  const scopes: ScopeNode[] = [];
  const pools = new Map<number, Pool>();
  const mg = (name: string, displayName: string, parent: number, pool: Pool): number => {
    scopes.push({
      id: `/providers/Microsoft.Management/managementGroups/${name}`,
      kind: "managementGroup",
      parent,
      name,
      displayName,
      sub: -1,
      depth: parent < 0 ? 0 : scopes[parent]!.depth + 1,
    });
    pools.set(scopes.length - 1, pool);
    return scopes.length - 1;
  };
  const root = mg(tenantId, "Tenant Root Group", -1, "root");
  const top = mg("alz", "Contoso", root, "lz");
  const level2: [string, string, Pool][] = [
    ["alz-platform", "Platform", "platform"],
    ["alz-landingzones", "Landing zones", "lz"],
    ["alz-sandbox", "Sandbox", "sandbox"],
    ["alz-decommissioned", "Decommissioned", "decommissioned"],
  ];
  const nBu = Math.min(25, Math.max(1, Math.ceil(nSubs / 40)));
  if (depth >= 2)
    for (const [name, display, pool] of level2) {
      const m = mg(name, display, top, pool);
      if (depth < 3) continue;
      if (pool === "platform")
        for (const p of ["identity", "management", "connectivity"])
          mg(`alz-${p}`, p[0]!.toUpperCase() + p.slice(1), m, pool);
      if (pool === "lz")
        for (const archetype of ["corp", "online"]) {
          const a = mg(`alz-${archetype}`, archetype === "corp" ? "Corp" : "Online", m, pool);
          if (depth < 4) continue;
          for (let b = 1; b <= nBu; b++) {
            const bu = `${archetype}-bu${String(b).padStart(2, "0")}`;
            const u = mg(`alz-${bu}`, `${archetype === "corp" ? "Corp" : "Online"} BU ${b}`, a, pool);
            if (depth < 5) continue;
            mg(`alz-${bu}-prod`, `BU ${b} prod`, u, pool);
            mg(`alz-${bu}-nonprod`, `BU ${b} nonprod`, u, pool);
          }
        }
    }
  const nMgs = scopes.length;
  const hasChild = new Set(scopes.map((s) => s.parent));
  const leaves = (pool: Pool) =>
    scopes.map((_, i) => i).filter((i) => !hasChild.has(i) && pools.get(i) === pool && i !== root);
  const byPool: Record<Pool, number[]> = {
    platform: leaves("platform"),
    lz: leaves("lz"),
    sandbox: leaves("sandbox"),
    decommissioned: leaves("decommissioned"),
    root: [root],
  };
  if (byPool.lz.length === 0) byPool.lz = [top];
  for (const p of ["platform", "sandbox", "decommissioned"] as const) if (byPool[p].length === 0) byPool[p] = byPool.lz;

  // --- Subscriptions and resource groups ---
  const subscriptions: EstateSubscription[] = [];
  const resourceGroups: EstateResourceGroup[] = [];
  const resourceGroupOf = new Map<number, number>();
  const subPools: Pool[] = [];
  for (let k = 0; k < nSubs; k++) {
    let pool: Pool = "lz";
    if (k < 3 && nSubs >= 4) pool = "platform";
    else if (nSubs >= 10 && k === 3) pool = "root";
    else if (k % 12 === 5) pool = "sandbox";
    else if (k % 33 === 20) pool = "decommissioned";
    subPools.push(pool);
  }
  const poolCounters: Record<Pool, number> = { platform: 0, lz: 0, sandbox: 0, decommissioned: 0, root: 0 };
  const rgAvg = o.resourceGroupsPerSubscription ?? 5;
  subPools.forEach((pool, k) => {
    const list = byPool[pool];
    const parent = list[poolCounters[pool]++ % list.length]!;
    const parentName = scopes[parent]!.name.replace(/^alz-/, "");
    const subscriptionId = hashedUuid("azure-subscription", seed, k);
    const env = parentName.endsWith("nonprod") ? "nonprod" : parentName.endsWith("prod") ? "prod" : "shared";
    const displayName =
      pool === "platform"
        ? `platform-${parentName}`
        : pool === "root"
          ? "Visual Studio Enterprise Subscription"
          : `${pool === "lz" ? parentName.replace(/-(non)?prod$/, "") : pool}-${env}-${String(k).padStart(3, "0")}`;
    let state: SubscriptionState = "Enabled";
    if (pool === "decommissioned") state = k % 2 ? "Warned" : "Disabled";
    else if (k % 67 === 31) state = "Warned";
    else if (k % 97 === 41) state = "PastDue";
    const scope = scopes.length;
    scopes.push({
      id: `/subscriptions/${subscriptionId}`,
      kind: "subscription",
      parent,
      name: subscriptionId,
      displayName,
      sub: k,
      depth: scopes[parent]!.depth + 1,
    });
    const sub: EstateSubscription = {
      subscriptionId,
      displayName,
      state,
      scope,
      quotaId:
        pool === "root" || pool === "sandbox"
          ? "MSDN_2014-09-01"
          : k % 9 === 4
            ? "PayAsYouGo_2014-09-01"
            : "EnterpriseAgreement_2014-09-01",
      spendingLimit: pool === "root" || pool === "sandbox" ? "On" : "Off",
      tags: pool === "lz" ? { costCenter: `cc-${1000 + (k % 37)}`, environment: env } : null,
      resourceGroups: [],
    };
    subscriptions.push(sub);
    const nRg = Math.max(1, Math.round(rgAvg - 3 + r() * 6));
    const location = pick(LOCATIONS);
    for (let g = 0; g < nRg; g++) {
      let name: string;
      let managedBy: string | null = null;
      const loc = g === 0 ? location : pick(LOCATIONS);
      if (g === 1) name = "NetworkWatcherRG";
      else if (g === 2 && k % 4 === 1) {
        const cluster = `aks-${pick(WORKLOADS)}-${String(k).padStart(3, "0")}`;
        name = `MC_rg-aks-${k}_${cluster}_${loc}`;
        managedBy = `/subscriptions/${subscriptionId}/resourcegroups/rg-aks-${k}/providers/Microsoft.ContainerService/managedClusters/${cluster}`;
      } else if (g === 3 && k % 15 === 6) {
        name = `mrg-contoso-app-${k}`;
        managedBy = `/subscriptions/${subscriptionId}/resourceGroups/rg-apps-${k}/providers/Microsoft.Solutions/applications/contoso-app-${k}`;
      } else name = `rg-${WORKLOADS[(k + g) % WORKLOADS.length]}-${env}-${SHORT[loc]}-${String(g).padStart(2, "0")}`;
      const rgScope = scopes.length;
      scopes.push({
        id: `/subscriptions/${subscriptionId}/resourceGroups/${name}`,
        kind: "resourceGroup",
        parent: scope,
        name,
        displayName: name,
        sub: k,
        depth: scopes[scope]!.depth + 1,
      });
      resourceGroupOf.set(rgScope, resourceGroups.length);
      resourceGroups.push({
        scope: rgScope,
        location: loc,
        tags: g % 3 === 0 ? { owner: `team-${(k + g) % 17}` } : null,
        managedBy,
      });
      sub.resourceGroups.push(rgScope);
    }
  });

  // --- Role definitions ---
  const roleDefinitions: EstateRoleDefinition[] = BUILT_INS.map((b, i) => ({
    guid: b.id,
    roleName: b.name,
    roleType: "BuiltInRole",
    description: b.description,
    permissions: [
      { actions: b.actions, notActions: b.notActions, dataActions: b.dataActions, notDataActions: b.notDataActions },
    ],
    assignableScopes: null,
    createdOn: isoDay(-1400 + (i % 300), i * 37),
    updatedOn: isoDay(800 + (i % 900), i * 53),
    createdBy: null,
    updatedBy: null,
  }));
  const roleIndex = new Map(roleDefinitions.map((d, i) => [d.roleName, i]));
  const builtIn = (key: Exclude<RoleKey, "custom">): number => {
    const i = roleIndex.get(R[key]);
    if (i === undefined) throw new Error(`built-in role ${R[key]} missing from azure-built-in-roles.json`);
    return i;
  };
  const lzMgs = scopes.map((_, i) => i).filter((i) => scopes[i]!.kind === "managementGroup" && pools.get(i) === "lz");
  const nCustom = Math.min(60, o.customRoles ?? 4 + Math.floor(nSubs / 25));
  const lzSubs = subscriptions.filter((_, k) => subPools[k] === "lz").map((s) => s.scope);
  for (let c = 0; c < nCustom; c++) {
    const t = CUSTOM_TEMPLATES[c % CUSTOM_TEMPLATES.length]!;
    const round = Math.floor(c / CUSTOM_TEMPLATES.length);
    let assignable: number[];
    if (t.at === "lz") assignable = [lzMgs[round % lzMgs.length] ?? top];
    else if (t.at === "mg") assignable = [round === 0 ? top : (lzMgs[(round * 7) % lzMgs.length] ?? top)];
    else {
      const pool = lzSubs.length ? lzSubs : subscriptions.map((s) => s.scope);
      assignable = [pool[(c * 5) % pool.length]!, pool[(c * 5 + 3) % pool.length]!].filter(
        (v, i, a) => a.indexOf(v) === i,
      );
    }
    const creator = directory.id("user", c % Math.max(1, directory.users));
    roleDefinitions.push({
      guid: hashedUuid("azure-custom-role", seed, c),
      roleName: round === 0 ? t.name : `${t.name} ${round + 1}`,
      roleType: "CustomRole",
      description: t.description,
      permissions: [t.permissions],
      assignableScopes: assignable,
      createdOn: isoDay(400 + c * 11, c),
      updatedOn: isoDay(900 + c * 13, c),
      createdBy: creator,
      updatedBy: creator,
    });
  }
  const customs = roleDefinitions.map((_, i) => i).filter((i) => roleDefinitions[i]!.roleType === "CustomRole");
  const assignableAt = (role: number, scope: number) => {
    const a = roleDefinitions[role]!.assignableScopes;
    return a === null || a.some((s) => isAtOrBelow(est, scope, s));
  };

  // Partial estate for the scope helpers while generating.
  const est = { scopes } as AzureEstate;

  // --- Where the role assignments go ---
  const nRgScopes = resourceGroups.length;
  const total = Math.max(12, o.roleAssignments ?? nSubs * 40 + nMgs * 4);
  const weights = new Float64Array(scopes.length);
  scopes.forEach((s, i) => {
    if (s.kind === "managementGroup") weights[i] = (total * 0.02) / nMgs;
    else if (s.kind === "subscription") weights[i] = ((total * 0.26) / nSubs) * (0.5 + r());
    else weights[i] = ((total * 0.72) / nRgScopes) * (0.3 + 1.4 * r());
  });
  const counts = new Int32Array(scopes.length);
  const cumulative = new Float64Array(scopes.length);
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w;
    cumulative[i] = acc;
  });

  const nEligible = Math.max(4, o.eligibleAssignments ?? Math.floor(total / 40));
  const eligibleCounts = new Int32Array(scopes.length);
  for (let e = 0; e < nEligible; e++) {
    const u = r();
    const kind = u < 0.1 ? "managementGroup" : u < 0.6 ? "subscription" : "resourceGroup";
    let s: number;
    if (kind === "managementGroup") s = Math.floor(r() * nMgs);
    else if (kind === "subscription") s = subscriptions[Math.floor(r() * nSubs)]!.scope;
    else s = resourceGroups[Math.floor(r() * nRgScopes)]!.scope;
    eligibleCounts[s]!++;
  }

  // --- Principals ---
  const users = directory.users;
  const groups = directory.groups;
  const sps = directory.servicePrincipals;
  // Skewed towards low indices: a few principals hold many assignments, as in real tenants.
  const skew = (n: number) => Math.min(n - 1, Math.floor(n * r() * r()));
  const guests: number[] = [];
  for (let i = 0; i < users && guests.length < 200; i++) if (directory.isGuest(i)) guests.push(i);
  const mis: number[] = [];
  const apps: number[] = [];
  for (let s = 0; s < sps; s++) (directory.isManagedIdentity(s) ? mis : apps).push(s);
  const drawPrincipal = (preferSp: boolean): [PrincipalKind, number] => {
    const u = r();
    if (u < 0.015) {
      const d = r();
      return d < 0.6
        ? ["deletedUser", Math.floor(r() * 50)]
        : d < 0.8
          ? ["deletedGroup", Math.floor(r() * 10)]
          : ["deletedSp", Math.floor(r() * 20)];
    }
    if (preferSp ? u < 0.6 : u < 0.2) {
      if (mis.length && (preferSp || r() < 0.4)) return ["servicePrincipal", mis[skew(mis.length)]!];
      return ["servicePrincipal", apps.length ? apps[skew(apps.length)]! : skew(sps)];
    }
    return u < (preferSp ? 0.8 : 0.6) ? ["group", skew(groups)] : ["user", skew(users)];
  };
  const kindCode = (k: PrincipalKind) => PRINCIPAL_KINDS.indexOf(k);

  // --- Eligibility (PIM) and role assignments, scope by scope ---
  const assignments = new TableBuilder(total + nSubs * 3 + 16, scopes.length);
  const eligibility = new TableBuilder(nEligible + 8, scopes.length);
  const readerSp = apps[0] ?? 0;
  const readerPrincipalId = directory.id("servicePrincipal", readerSp);
  for (let i = 0; i < total; i++) {
    const u = r() * acc;
    let lo = 0;
    let hi = scopes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
  }

  for (let s = 0; s < scopes.length; s++) {
    const node = scopes[s]!;
    const seen = new Set<string>();
    const key = (role: number, kind: number, p: number) => `${role}|${kind}|${p}`;
    // Eligible assignments at this scope.
    const eligibleHere: number[] = [];
    for (let e = 0; e < eligibleCounts[s]!; e++) {
      const role = builtIn(
        pick([
          "owner",
          "owner",
          "contributor",
          "contributor",
          "contributor",
          "uaa",
          "rbacAdmin",
          "kvAdmin",
          "reader",
        ] as const),
      );
      const [pk, p] = r() < 0.7 ? (["user", skew(users)] as const) : (["group", skew(groups)] as const);
      const k = key(role, kindCode(pk), p);
      if (seen.has(`e${k}`)) continue;
      seen.add(`e${k}`);
      const created = 900 + Math.floor(r() * 1500);
      eligibleHere.push(
        eligibility.add(s, role, kindCode(pk), p, 0, created, r() < 0.6 ? created + (r() < 0.5 ? 180 : 365) : -1),
      );
    }
    const add = (role: number, pk: PrincipalKind, p: number, flags = 0) => {
      const k = key(role, kindCode(pk), p);
      if (seen.has(k)) return false;
      seen.add(k);
      assignments.add(s, role, kindCode(pk), p, flags, 200 + Math.floor(r() * 2300), -1);
      return true;
    };
    // Fixed rows that give every finding a true example.
    if (s === root) {
      add(builtIn("reader"), "servicePrincipal", readerSp);
      add(builtIn("owner"), "user", 0);
      add(builtIn("owner"), "user", Math.min(1, users - 1));
      add(builtIn("uaa"), "user", Math.min(2, users - 1));
      add(builtIn("owner"), "group", 0);
    }
    if (node.kind === "subscription") {
      const k = node.sub;
      if (k % 50 === 3 && guests.length) add(builtIn("owner"), "user", guests[k % guests.length]!, FLAG.description);
      if (k % 25 === 5 && apps.length) add(builtIn("owner"), "servicePrincipal", apps[(k * 3) % apps.length]!);
      if (k % 40 === 11) add(builtIn("owner"), "deletedUser", k % 50);
      if (k % 30 === 7) for (let j = 0; j < 4; j++) add(builtIn("owner"), "user", (k * 13 + j * 97) % users);
    }
    // PIM activations: an eligible assignment activated now is also an active role assignment.
    for (const e of eligibleHere)
      if (r() < 0.15)
        add(
          eligibility.cols.role[e]!,
          PRINCIPAL_KINDS[eligibility.cols.principalKind[e]!]!,
          eligibility.cols.principal[e]!,
          FLAG.activated,
        );
    const mix = MIX[node.kind];
    const mixTotal = mix.reduce((a, [, w]) => a + w, 0);
    let made = 0;
    for (let tries = 0; made < counts[s]! && tries < counts[s]! * 3; tries++) {
      let u = r() * mixTotal;
      let choice: RoleKey = mix[mix.length - 1]![0];
      for (const [k, w] of mix) {
        u -= w;
        if (u < 0) {
          choice = k;
          break;
        }
      }
      let role: number;
      if (choice === "custom") {
        const ok = customs.filter((c) => assignableAt(c, s));
        if (!ok.length) continue;
        role = pick(ok);
      } else role = builtIn(choice);
      const dataRole =
        choice === "blobContributor" || choice === "blobReader" || choice === "kvSecrets" || choice === "acrPull";
      const [pk, p] = drawPrincipal(dataRole);
      let flags = 0;
      if ((choice === "blobContributor" || choice === "blobReader") && r() < 0.5) flags |= FLAG.condition;
      if (choice === "rbacAdmin" && r() < 0.7) flags |= FLAG.condition;
      if (pk === "servicePrincipal" && directory.isManagedIdentity(p) && r() < 0.02)
        flags |= FLAG.delegatedManagedIdentity;
      if (r() < 0.05) flags |= FLAG.description;
      if (add(role, pk, p, flags)) made++;
    }
  }

  // --- Deny assignments (Azure makes them: deployment stacks, managed applications) ---
  const denyAssignments: EstateDenyAssignment[] = [];
  resourceGroups.forEach((g, i) => {
    if (!g.managedBy?.includes("Microsoft.Solutions/applications")) return;
    denyAssignments.push({
      guid: hashedUuid("azure-deny", seed, i),
      name: `Deny assignment for managed application ${g.managedBy.split("/").pop()}`,
      description: "Created by the managed application: the publisher manages this resource group.",
      scope: g.scope,
      permissions: [
        {
          actions: ["*"],
          notActions: [
            "*/read",
            "Microsoft.Authorization/locks/delete",
            "Microsoft.Network/networkSecurityGroups/join/action",
          ],
          dataActions: [],
          notDataActions: [],
        },
      ],
      principals: [{ id: EVERYONE, type: "SystemDefined" }],
      excludePrincipals: [
        { id: directory.id("servicePrincipal", apps[1 % Math.max(1, apps.length)] ?? 0), type: "ServicePrincipal" },
      ],
      doNotApplyToChildScopes: false,
      isSystemProtected: true,
      createdOn: isoDay(1500 + i, i),
    });
  });
  const stackSubs = subscriptions.filter((_, k) => subPools[k] === "platform" || k === 0);
  for (const sub of stackSubs.slice(0, Math.max(1, Math.ceil(nSubs / 100)))) {
    const rg = sub.resourceGroups[0]!;
    const stack = `${scopes[rg]!.id}/providers/Microsoft.Resources/deploymentStacks/stack-${scopes[rg]!.name}`;
    denyAssignments.push({
      guid: hashedUuid("azure-deny-stack", seed, rg),
      name: `Deny assignment for deployment stack ${stack.split("/").pop()}`,
      description: `Deny settings (DenyWriteAndDelete) of the deployment stack ${stack}`,
      scope: rg,
      permissions: [{ actions: ["*/write", "*/delete"], notActions: [], dataActions: [], notDataActions: [] }],
      principals: [{ id: EVERYONE, type: "SystemDefined" }],
      excludePrincipals: [
        { id: directory.id("servicePrincipal", apps[2 % Math.max(1, apps.length)] ?? 0), type: "ServicePrincipal" },
      ],
      doNotApplyToChildScopes: false,
      isSystemProtected: true,
      createdOn: isoDay(2000, rg),
    });
  }

  // --- Classic administrators (on old subscriptions) ---
  const classicAdministrators: EstateClassicAdministrator[] = [];
  subscriptions.forEach((_, k) => {
    if (k % 20 !== 2) return;
    const admin = directory.email((k * 7) % users) ?? `admin${k}@contoso.example`;
    classicAdministrators.push({
      sub: k,
      name: hashedUuid("classic", seed, k, 0),
      emailAddress: admin,
      role: "ServiceAdministrator;AccountAdministrator",
    });
    if (k % 40 === 2)
      classicAdministrators.push({
        sub: k,
        name: hashedUuid("classic", seed, k, 1),
        emailAddress: directory.email((k * 11 + 3) % users) ?? `coadmin${k}@contoso.example`,
        role: "CoAdministrator",
      });
  });

  const nUnreadable = Math.min(nSubs - 1, o.unreadableSubscriptions ?? (nSubs >= 3 ? 1 : 0));
  const lzIndices = subPools.map((p, k) => (p === "lz" ? k : -1)).filter((k) => k >= 0);
  const unreadableSubscriptions: number[] = [];
  for (let u = 0; u < nUnreadable; u++) {
    const list = lzIndices.length ? lzIndices : subscriptions.map((_, k) => k);
    const k = list[Math.floor(((u + 0.5) * list.length) / nUnreadable)]!;
    if (!unreadableSubscriptions.includes(k)) unreadableSubscriptions.push(k);
  }

  return {
    seed,
    tenantId,
    directory,
    scopes,
    subscriptions,
    resourceGroups,
    roleDefinitions,
    assignments: assignments.build(),
    eligibility: eligibility.build(),
    denyAssignments,
    classicAdministrators,
    readerPrincipalId,
    unreadableSubscriptions,
    resourceGroupOf,
  };
}
