import { API_VERSIONS, type ResourceKind } from "./api-versions";
import {
  ArmError,
  authorizationFailed,
  badFilter,
  invalidApiVersion,
  invalidResourceType,
  missingApiVersion,
  notFound,
  type Reply,
  resourceGroupNotFound,
  subscriptionNotFound,
} from "./arm-errors";
import { type AzureEstate, childrenOf, isAtOrBelow, type ScopeNode, scopeChain, scopeIndex } from "./estate";
import {
  assignmentInstanceJson,
  classicAdministratorJson,
  denyAssignmentJson,
  eligibilityInstanceJson,
  type Json,
  managementGroupInfoJson,
  resourceGroupJson,
  roleAssignmentJson,
  roleDefinitionJson,
  subscriptionJson,
} from "./render";

/**
 * Page sizes of the lists the fake pages with `nextLink`. NOTE: only Resource Graph documents its page size (1000
 * rows); role assignments and definitions at a scope come in one response ("$skipToken … only supported on
 * provider level calls", Role Assignments - List For Scope), so 0 = one page. The other sizes are the fake's
 * assumption; tests set small ones to prove a client follows nextLink.
 */
export interface PageSizes {
  managementGroups: number;
  descendants: number;
  subscriptions: number;
  resourceGroups: number;
  roleAssignments: number;
  providerRoleAssignments: number;
  roleDefinitions: number;
  denyAssignments: number;
  pim: number;
  classicAdministrators: number;
}

export const DEFAULT_PAGE_SIZES: PageSizes = {
  managementGroups: 100,
  descendants: 500,
  subscriptions: 100,
  resourceGroups: 1000,
  roleAssignments: 0,
  providerRoleAssignments: 1000,
  roleDefinitions: 0,
  denyAssignments: 0,
  pim: 0,
  classicAdministrators: 0,
};

/** What a request is, for counting and throttling: its operation name and the subscription it is scoped to. */
export interface Operation {
  name: string;
  subscriptionId: string | null;
  kind: ResourceKind;
}

type Filter =
  | { kind: "none" }
  | { kind: "atScope" }
  | { kind: "atScopeAndBelow" }
  | { kind: "principalId"; id: string }
  | { kind: "type"; value: string }
  | { kind: "roleName"; value: string }
  | { kind: "denyAssignmentName"; value: string };

function parseFilter(raw: string | null): Filter {
  if (raw === null || raw.trim() === "") return { kind: "none" };
  const f = raw.trim();
  if (/^atScope\(\)$/i.test(f)) return { kind: "atScope" };
  if (/^atScopeAndBelow\(\)$/i.test(f)) return { kind: "atScopeAndBelow" };
  const eq = /^(principalId|type|roleName|denyAssignmentName)\s+eq\s+'([^']*)'$/i.exec(f);
  if (eq) {
    const field = eq[1]!.toLowerCase();
    if (field === "principalid") return { kind: "principalId", id: eq[2]!.toLowerCase() };
    if (field === "type") return { kind: "type", value: eq[2]! };
    if (field === "rolename") return { kind: "roleName", value: eq[2]! };
    return { kind: "denyAssignmentName", value: eq[2]! };
  }
  throw badFilter(f);
}

const MG_PREFIX = "/providers/microsoft.management/managementgroups/";

/** Microsoft.Authorization resource types the fake reads: lower-cased path segment → [type name, api family]. */
const AUTHORIZATION_TYPES: Record<string, [string, ResourceKind]> = {
  roleassignments: ["roleAssignments", "roleAssignments"],
  roledefinitions: ["roleDefinitions", "roleDefinitions"],
  denyassignments: ["denyAssignments", "denyAssignments"],
  roleeligibilityscheduleinstances: ["roleEligibilityScheduleInstances", "pim"],
  roleassignmentscheduleinstances: ["roleAssignmentScheduleInstances", "pim"],
  classicadministrators: ["classicAdministrators", "classicAdministrators"],
};

/** The read half of the fake ARM: resolves a GET to its resource type and answers it from the estate. */
export class ArmApi {
  readonly byId: Map<string, number>;
  readonly children: number[][];
  private readonly unreadable: Set<number>;

  constructor(
    readonly estate: AzureEstate,
    private readonly base: () => string,
    readonly callerObjectId: string,
    unreadable: number[],
    private readonly pages: () => PageSizes,
  ) {
    this.byId = scopeIndex(estate);
    this.children = childrenOf(estate);
    this.unreadable = new Set(unreadable);
  }

  /** True when the reader may read this scope (it lies in no subscription it was refused). */
  readable(scope: number): boolean {
    const sub = this.estate.scopes[scope]!.sub;
    return sub < 0 || !this.unreadable.has(sub);
  }

  /** Which operation a request path names (for counting, throttling and refusing writes), or null. */
  operation(path: string): Operation | null {
    const p = path.toLowerCase().replace(/\/+$/, "");
    const sub = /^\/subscriptions\/([^/]+)/.exec(p)?.[1] ?? null;
    const auth = /\/providers\/microsoft\.authorization\/([a-z]+)(\/[^/]+)?$/.exec(p);
    if (auth) {
      const known = AUTHORIZATION_TYPES[auth[1]!];
      if (!known) return null;
      return { name: `Microsoft.Authorization/${known[0]}`, subscriptionId: sub, kind: known[1] };
    }
    if (p === "/providers/microsoft.resourcegraph/resources")
      return { name: "Microsoft.ResourceGraph/resources", subscriptionId: null, kind: "resourceGraph" };
    if (/^\/providers\/microsoft\.management\/managementgroups(\/[^/]+(\/descendants)?)?$/.test(p))
      return {
        name: p.endsWith("/descendants")
          ? "Microsoft.Management/managementGroups/descendants"
          : "Microsoft.Management/managementGroups",
        subscriptionId: null,
        kind: "managementGroups",
      };
    if (/^\/subscriptions\/[^/]+\/resourcegroups(\/[^/]+)?$/.test(p))
      return { name: "Microsoft.Resources/resourceGroups", subscriptionId: sub, kind: "resourceGroups" };
    if (/^\/subscriptions(\/[^/]+)?$/.test(p))
      return { name: "Microsoft.Resources/subscriptions", subscriptionId: sub, kind: "subscriptions" };
    return null;
  }

  checkApiVersion(url: URL, kind: ResourceKind, type: string): string {
    const v = url.searchParams.get("api-version");
    if (!v) throw missingApiVersion();
    const supported = API_VERSIONS[kind] as readonly string[];
    if (!supported.includes(v)) throw invalidApiVersion(v, type, supported);
    return v;
  }

  get(url: URL, op: Operation): Reply {
    const path = url.pathname.replace(/\/+$/, "");
    const apiVersion = this.checkApiVersion(url, op.kind, op.name);
    const p = path.toLowerCase();
    if (op.kind === "managementGroups") return this.managementGroups(url, p);
    if (op.kind === "subscriptions") return this.subscriptions(url, p);
    if (op.kind === "resourceGroups") return this.resourceGroups(url, p);
    const m = /^(.*)\/providers\/microsoft\.authorization\/([a-z]+)(?:\/([^/]+))?$/.exec(p)!;
    const scope = this.scope(m[1]!, op.name);
    const filter = parseFilter(url.searchParams.get("$filter"));
    switch (m[2]) {
      case "roleassignments":
        return this.roleAssignments(url, scope, filter, apiVersion, m[3]);
      case "roledefinitions":
        return this.roleDefinitions(url, scope, filter, m[3]);
      case "denyassignments":
        return this.denyAssignments(url, scope, filter);
      case "roleeligibilityscheduleinstances":
        return this.eligibilityInstances(url, scope, filter);
      case "roleassignmentscheduleinstances":
        return this.assignmentInstances(url, scope, filter);
      case "classicadministrators":
        return this.classicAdministrators(url, scope);
    }
    throw invalidResourceType(path);
  }

  /**
   * The scope index a path prefix names (-1 = the tenant, "/"), after the reader's access to it is checked:
   * a subscription it was refused answers AuthorizationFailed for `action`'s read.
   */
  scope(prefix: string, typeName: string): number {
    if (prefix === "" || prefix === "/") return -1;
    const i = this.byId.get(prefix);
    if (i === undefined) {
      const sub = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?$/.exec(prefix);
      if (sub && !this.estate.subscriptions.some((s) => s.subscriptionId === sub[1]))
        throw subscriptionNotFound(sub[1]!);
      if (sub?.[2]) throw resourceGroupNotFound(sub[2]);
      if (prefix.startsWith(MG_PREFIX))
        throw authorizationFailed(
          this.callerObjectId,
          `${typeName}/read`,
          prefix.replace(MG_PREFIX, "/providers/Microsoft.Management/managementGroups/"),
        );
      throw invalidResourceType(prefix);
    }
    if (!this.readable(i))
      throw authorizationFailed(this.callerObjectId, `${typeName}/read`, this.estate.scopes[i]!.id);
    return i;
  }

  /** A page of `items` (rendered on demand) with ARM's absolute nextLink carrying a `$skipToken`. */
  page<T>(url: URL, items: readonly T[], size: number, render: (x: T) => Json, tokenName = "$skipToken"): Reply {
    const raw = url.searchParams.get(tokenName) ?? url.searchParams.get(tokenName.toLowerCase());
    let start = 0;
    if (raw !== null) {
      const n = Number(Buffer.from(raw, "base64url").toString("utf8"));
      if (!Number.isInteger(n) || n < 0)
        throw new ArmError(400, "InvalidSkipToken", `The skip token '${raw}' is invalid.`);
      start = n;
    }
    const end = size > 0 ? Math.min(items.length, start + size) : items.length;
    const body: Json = { value: items.slice(start, end).map(render) };
    if (end < items.length) {
      const next = new URL(url.pathname + url.search, this.base());
      next.searchParams.delete(tokenName.toLowerCase());
      next.searchParams.set(tokenName, Buffer.from(String(end)).toString("base64url"));
      body.nextLink = next.toString();
    }
    return { status: 200, body };
  }

  // ------------------------------------------------------------ hierarchy

  private managementGroups(url: URL, p: string): Reply {
    const e = this.estate;
    if (p === "/providers/microsoft.management/managementgroups") {
      const mgs = e.scopes.map((_, i) => i).filter((i) => e.scopes[i]!.kind === "managementGroup");
      return this.page(url, mgs, this.pages().managementGroups, (i) => managementGroupInfoJson(e, i), "$skiptoken");
    }
    const m = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)(\/descendants)?$/.exec(p)!;
    const i = this.byId.get(`${MG_PREFIX}${m[1]}`);
    if (i === undefined)
      throw authorizationFailed(
        this.callerObjectId,
        "Microsoft.Management/managementGroups/read",
        `/providers/Microsoft.Management/managementGroups/${m[1]}`,
      );
    if (m[2]) {
      const top = url.searchParams.get("$top");
      const size = top === null ? this.pages().descendants : Number(top);
      if (!Number.isInteger(size) || size < 1) throw new ArmError(400, "BadRequest", `Invalid $top '${top}'.`);
      const list: number[] = [];
      const walk = (s: number) => {
        for (const c of this.children[s]!) {
          if (e.scopes[c]!.kind === "resourceGroup") continue;
          list.push(c);
          walk(c);
        }
      };
      walk(i);
      return this.page(url, list, size, (c) => this.descendantJson(c), "$skiptoken");
    }
    return {
      status: 200,
      body: this.managementGroupJson(i, url.searchParams.get("$expand"), url.searchParams.get("$recurse") === "true"),
    };
  }

  private descendantJson(c: number): Json {
    const node = this.estate.scopes[c]!;
    const parent = this.estate.scopes[node.parent]!;
    const isSub = node.kind === "subscription";
    return {
      id: isSub ? `${parent.id}/subscriptions/${node.name}` : node.id,
      type: isSub ? "Microsoft.Management/managementGroups/subscriptions" : "Microsoft.Management/managementGroups",
      name: node.name,
      properties: { displayName: node.displayName, parent: { id: parent.id } },
    };
  }

  private managementGroupJson(i: number, expand: string | null, recurse: boolean): Json {
    const e = this.estate;
    const node = e.scopes[i]!;
    const parent = node.parent >= 0 ? e.scopes[node.parent]! : null;
    const chain = scopeChain(e, i).slice(0, -1);
    const details: Json = {
      version: 1,
      updatedTime: "2024-03-12T09:41:07.3320381Z",
      updatedBy: e.readerPrincipalId,
      parent: parent ? { id: parent.id, name: parent.name, displayName: parent.displayName } : null,
    };
    if (expand === "path")
      details.path = chain.map((c) => ({ name: e.scopes[c]!.name, displayName: e.scopes[c]!.displayName }));
    if (expand === "ancestors") details.managementGroupAncestors = chain.reverse().map((c) => e.scopes[c]!.name);
    const kids = (s: number, deep: boolean): Json[] =>
      this.children[s]!.filter((c) => e.scopes[c]!.kind !== "resourceGroup").map((c) => {
        const n = e.scopes[c]!;
        if (n.kind === "subscription")
          return { type: "/subscriptions", id: n.id, name: n.name, displayName: n.displayName, children: null };
        return {
          type: "Microsoft.Management/managementGroups",
          id: n.id,
          name: n.name,
          displayName: n.displayName,
          children: deep ? kids(c, true) : null,
        };
      });
    return {
      id: node.id,
      type: "Microsoft.Management/managementGroups",
      name: node.name,
      properties: {
        tenantId: e.tenantId,
        displayName: node.displayName,
        details,
        ...(expand === "children" ? { children: kids(i, recurse) } : {}),
      },
    };
  }

  private subscriptions(url: URL, p: string): Reply {
    const e = this.estate;
    if (p === "/subscriptions") {
      const list = e.subscriptions.map((_, k) => k).filter((k) => !this.unreadable.has(k));
      const r = this.page(url, list, this.pages().subscriptions, (k) => subscriptionJson(e, k), "$skiptoken");
      (r.body as Json).count = { type: "Total", value: list.length };
      return r;
    }
    const id = p.split("/")[2]!;
    const k = e.subscriptions.findIndex((s) => s.subscriptionId === id);
    if (k < 0) throw subscriptionNotFound(id);
    if (this.unreadable.has(k))
      throw authorizationFailed(this.callerObjectId, "Microsoft.Resources/subscriptions/read", `/subscriptions/${id}`);
    return { status: 200, body: subscriptionJson(e, k) };
  }

  private resourceGroups(url: URL, p: string): Reply {
    const m = /^\/subscriptions\/([^/]+)\/resourcegroups(?:\/([^/]+))?$/.exec(p)!;
    const sub = this.scope(`/subscriptions/${m[1]}`, "Microsoft.Resources/subscriptions/resourceGroups");
    const k = this.estate.scopes[sub]!.sub;
    if (m[2]) {
      const rg = this.byId.get(p);
      if (rg === undefined) throw resourceGroupNotFound(m[2]);
      return { status: 200, body: resourceGroupJson(this.estate, rg) };
    }
    const top = url.searchParams.get("$top");
    const size = top === null ? this.pages().resourceGroups : Math.min(1000, Number(top));
    if (!Number.isInteger(size) || size < 1) throw new ArmError(400, "InvalidTopParameter", `Invalid $top '${top}'.`);
    return this.page(
      url,
      this.estate.subscriptions[k]!.resourceGroups,
      size,
      (g) => resourceGroupJson(this.estate, g),
      "$skiptoken",
    );
  }

  // ------------------------------------------------------------ authorization

  /**
   * The scopes a list at `scope` covers: with atScope(), the scope and those above it; without a filter, also those
   * below it — at a subscription or resource group. NOTE: at a management group the fake answers at and above only
   * (Microsoft's answer in MicrosoftDocs/azure-docs#59772: "For MG scope, you will need to identify all the child MG
   * and subscriptions"); a principalId filter covers at, above and below (Role Assignments - List For Scope).
   */
  private covered(scope: number, below: boolean): number[] {
    if (scope < 0) return [];
    const out = scopeChain(this.estate, scope);
    if (below) {
      const walk = (s: number) => {
        for (const c of this.children[s]!) {
          if (!this.readable(c)) continue;
          out.push(c);
          walk(c);
        }
      };
      walk(scope);
    }
    return out;
  }

  private coveredFor(scope: number, filter: Filter): number[] {
    if (filter.kind === "atScope") return this.covered(scope, false);
    if (filter.kind === "principalId") return scope < 0 ? this.everyReadableScope() : this.covered(scope, true);
    const node = scope >= 0 ? this.estate.scopes[scope]! : null;
    return this.covered(scope, node !== null && node.kind !== "managementGroup");
  }

  private everyReadableScope(): number[] {
    return this.estate.scopes.map((_, i) => i).filter((i) => this.readable(i));
  }

  private rowsIn(table: "assignments" | "eligibility", scopes: number[], principal: string | null): number[] {
    const t = this.estate[table];
    const who = principal ? this.estate.directory.lookup(principal) : null;
    if (principal && !who) return [];
    const out: number[] = [];
    for (const s of scopes)
      for (let i = t.start[s]!; i < t.start[s + 1]!; i++) {
        if (who && (t.principal[i] !== who.index || this.kindOf(t.principalKind[i]!) !== who.kind)) continue;
        out.push(i);
      }
    return out;
  }

  private kindOf(code: number) {
    return (["user", "group", "servicePrincipal", "deletedUser", "deletedGroup", "deletedSp"] as const)[code]!;
  }

  private roleAssignments(url: URL, scope: number, filter: Filter, apiVersion: string, name?: string): Reply {
    const e = this.estate;
    if (name) {
      const i = this.rowsIn("assignments", this.covered(scope, false).slice(-1), null).find(
        (r) => roleAssignmentJson(e, r).name === name,
      );
      if (i === undefined) throw new ArmError(404, "RoleAssignmentNotFound", "The role assignment does not exist.");
      return { status: 200, body: roleAssignmentJson(e, i, apiVersion) };
    }
    if (filter.kind !== "none" && filter.kind !== "atScope" && filter.kind !== "principalId")
      throw badFilter(url.searchParams.get("$filter")!);
    if (scope < 0 && filter.kind !== "principalId")
      throw authorizationFailed(this.callerObjectId, "Microsoft.Authorization/roleAssignments/read", "/");
    const rows = this.rowsIn(
      "assignments",
      this.coveredFor(scope, filter),
      filter.kind === "principalId" ? filter.id : null,
    );
    const size = scope < 0 ? this.pages().providerRoleAssignments : this.pages().roleAssignments;
    return this.page(url, rows, size, (i) => roleAssignmentJson(e, i, apiVersion));
  }

  private roleDefinitions(url: URL, scope: number, filter: Filter, name?: string): Reply {
    const e = this.estate;
    const node: ScopeNode | null = scope >= 0 ? e.scopes[scope]! : null;
    const prefix = node && node.sub >= 0 ? node.id : "";
    const applies = (role: number, below: boolean) => {
      const a = e.roleDefinitions[role]!.assignableScopes;
      if (a === null) return true;
      if (scope < 0) return below;
      return a.some((s) => isAtOrBelow(e, scope, s) || (below && isAtOrBelow(e, s, scope)));
    };
    if (name) {
      const role = e.roleDefinitions.findIndex((d) => d.guid === name);
      if (role < 0 || !applies(role, false))
        throw new ArmError(
          404,
          "RoleDefinitionDoesNotExist",
          `The specified role definition with ID '${name}' does not exist.`,
        );
      return { status: 200, body: roleDefinitionJson(e, role, prefix) };
    }
    const roles: number[] = [];
    e.roleDefinitions.forEach((d, role) => {
      if (filter.kind === "type" && d.roleType.toLowerCase() !== filter.value.toLowerCase()) return;
      if (filter.kind === "roleName" && d.roleName !== filter.value) return;
      if (filter.kind === "principalId" || filter.kind === "atScope" || filter.kind === "denyAssignmentName")
        throw badFilter(url.searchParams.get("$filter")!);
      if (applies(role, filter.kind === "atScopeAndBelow")) roles.push(role);
    });
    return this.page(url, roles, this.pages().roleDefinitions, (r) => roleDefinitionJson(e, r, prefix));
  }

  private denyAssignments(url: URL, scope: number, filter: Filter): Reply {
    const e = this.estate;
    if (
      filter.kind !== "none" &&
      filter.kind !== "atScope" &&
      filter.kind !== "principalId" &&
      filter.kind !== "denyAssignmentName"
    )
      throw badFilter(url.searchParams.get("$filter")!);
    if (scope < 0) throw authorizationFailed(this.callerObjectId, "Microsoft.Authorization/denyAssignments/read", "/");
    const scopes = new Set(this.coveredFor(scope, filter.kind === "denyAssignmentName" ? { kind: "atScope" } : filter));
    const list = e.denyAssignments
      .map((_, d) => d)
      .filter((d) => {
        const x = e.denyAssignments[d]!;
        if (!scopes.has(x.scope)) return false;
        if (filter.kind === "denyAssignmentName") return x.name === filter.value;
        if (filter.kind === "principalId")
          return (
            x.principals.some((p) => p.id === filter.id || p.type === "SystemDefined") &&
            !x.excludePrincipals.some((p) => p.id === filter.id)
          );
        return true;
      });
    return this.page(url, list, this.pages().denyAssignments, (d) => denyAssignmentJson(e, d));
  }

  private pimScopes(url: URL, scope: number, filter: Filter, what: string): number[] {
    if (filter.kind !== "none" && filter.kind !== "atScope" && filter.kind !== "principalId")
      throw badFilter(url.searchParams.get("$filter")!);
    if (scope < 0) throw authorizationFailed(this.callerObjectId, `Microsoft.Authorization/${what}/read`, "/");
    return this.coveredFor(scope, filter);
  }

  private eligibilityInstances(url: URL, scope: number, filter: Filter): Reply {
    const e = this.estate;
    const scopes = this.pimScopes(url, scope, filter, "roleEligibilityScheduleInstances");
    const rows = this.rowsIn("eligibility", scopes, filter.kind === "principalId" ? filter.id : null);
    const at = e.scopes[scope]!;
    return this.page(url, rows, this.pages().pim, (i) => eligibilityInstanceJson(e, i, at));
  }

  private assignmentInstances(url: URL, scope: number, filter: Filter): Reply {
    const e = this.estate;
    const scopes = this.pimScopes(url, scope, filter, "roleAssignmentScheduleInstances");
    const rows = this.rowsIn("assignments", scopes, filter.kind === "principalId" ? filter.id : null);
    const at = e.scopes[scope]!;
    return this.page(url, rows, this.pages().pim, (i) => assignmentInstanceJson(e, i, at, this.linkedEligibility(i)));
  }

  /** The eligible assignment a PIM activation came from: same scope, role and principal. */
  private linkedEligibility(i: number): number {
    const a = this.estate.assignments;
    const t = this.estate.eligibility;
    const s = a.scope[i]!;
    for (let e = t.start[s]!; e < t.start[s + 1]!; e++)
      if (t.role[e] === a.role[i] && t.principal[e] === a.principal[i] && t.principalKind[e] === a.principalKind[i])
        return e;
    return -1;
  }

  private classicAdministrators(url: URL, scope: number): Reply {
    const e = this.estate;
    const node = scope >= 0 ? e.scopes[scope]! : null;
    if (node?.kind !== "subscription") throw notFound("Classic administrators outside a subscription");
    const list = e.classicAdministrators.map((_, c) => c).filter((c) => e.classicAdministrators[c]!.sub === node.sub);
    return this.page(url, list, this.pages().classicAdministrators, (c) => classicAdministratorJson(e, c));
  }
}
