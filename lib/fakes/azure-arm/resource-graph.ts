import crypto from "node:crypto";
import { ArmError, type Reply } from "./arm-errors";
import type { AzureEstate } from "./estate";
import { assignmentGuid, assignmentProperties, AUTH, type Json, roleDefinitionProperties } from "./render";

/**
 * Azure Resource Graph's query endpoint (`POST /providers/Microsoft.ResourceGraph/resources`, QueryRequest /
 * QueryResponse of 2022-10-01) over the estate's `authorizationresources` (role assignments, role definitions,
 * classic administrators — the table holds no deny assignments and no PIM schedules) and `resourcecontainers`
 * (management groups, subscriptions, resource groups). Not a KQL engine: it answers exactly these query shapes and
 * refuses any other with ARG's InvalidQuery error:
 *
 *   <authorizationresources | resourcecontainers>
 *     [| where type =~ '<type>' | where type == '<type>' | where type in~ ('<type>', …)]
 *     [| project <column>, …] [| limit <n> | take <n>] [| count]
 *
 * Scopes: `subscriptions` and/or `managementGroups`, neither = the tenant; `options.authorizationScopeFilter`
 * (AtScopeAndBelow by default, AtScopeAndAbove, AtScopeExact, AtScopeAboveAndBelow) decides which authorization rows
 * a scope takes in (built-in role definitions live at the tenant, above every scope). Rows in subscriptions the caller
 * cannot read are left out without a word, as ARG does. Paging: `options.$top` (1–1000, default 1000), `$skip`,
 * `$skipToken`; `resultTruncated` "true" and no `$skipToken` when a limit or take stops paging or every projected
 * column is dynamic (learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results).
 */

const TABLES = {
  authorizationresources: [
    "microsoft.authorization/roleassignments",
    "microsoft.authorization/roledefinitions",
    "microsoft.authorization/classicadministrators",
  ],
  resourcecontainers: [
    "microsoft.management/managementgroups",
    "microsoft.resources/subscriptions",
    "microsoft.resources/subscriptions/resourcegroups",
  ],
} as const;
type Table = keyof typeof TABLES;

const COLUMNS = [
  "id",
  "name",
  "type",
  "tenantId",
  "kind",
  "location",
  "resourceGroup",
  "subscriptionId",
  "managedBy",
  "sku",
  "plan",
  "properties",
  "tags",
  "identity",
  "zones",
  "extendedLocation",
];
const DYNAMIC = new Set(["sku", "plan", "properties", "tags", "identity", "zones", "extendedLocation"]);
const SCOPE_FILTERS = ["AtScopeAndBelow", "AtScopeAndAbove", "AtScopeExact", "AtScopeAboveAndBelow"] as const;

interface ParsedQuery {
  table: Table;
  types: Set<string>;
  project: string[] | null;
  limit: number | null;
  count: boolean;
}

function invalidQuery(message: string): ArmError {
  return new ArmError(
    400,
    "BadRequest",
    "Please provide below info when asking for support: timestamp = " +
      new Date().toISOString() +
      ". Details: Query is invalid.",
    {},
    [
      {
        code: "InvalidQuery",
        message:
          "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the query before retrying.",
      },
      { code: "UnsupportedQueryShape", message },
    ],
  );
}

/** The query steps the fake answers: a pattern and what it does to the query. */
const STEPS: [RegExp, (m: RegExpExecArray, q: ParsedQuery) => void][] = [
  [
    /^where\s+type\s*(=~|==)\s*'([^']+)'$/i,
    (m, q) => {
      const t = m[1] === "==" ? m[2]! : m[2]!.toLowerCase();
      q.types = new Set([...q.types].filter((x) => x === t));
    },
  ],
  [
    /^where\s+type\s+(in~|in)\s*\(([^)]*)\)$/i,
    (m, q) => {
      const list = m[2]!.split(",").map((s) => s.trim().replace(/^'|'$/g, ""));
      const wanted = new Set(m[1] === "in" ? list : list.map((s) => s.toLowerCase()));
      q.types = new Set([...q.types].filter((x) => wanted.has(x)));
    },
  ],
  [
    /^project\s+(.+)$/i,
    (m, q) => {
      const cols = m[1]!.split(",").map((s) => s.trim());
      for (const c of cols)
        if (!COLUMNS.includes(c)) throw invalidQuery(`unknown column '${c}' (project plain columns)`);
      q.project = cols;
    },
  ],
  [
    /^(limit|take)\s+(\d+)$/i,
    (m, q) => {
      q.limit = Number(m[2]);
    },
  ],
  [
    /^count$/i,
    (_m, q) => {
      q.count = true;
    },
  ],
];

export function parseQuery(query: string): ParsedQuery {
  const steps = query
    .split("|")
    .map((s) => s.trim())
    .filter(Boolean);
  const table = steps.shift()?.toLowerCase();
  if (table !== "authorizationresources" && table !== "resourcecontainers")
    throw invalidQuery(`the fake answers the tables authorizationresources and resourcecontainers, not '${table}'`);
  const q: ParsedQuery = { table, types: new Set(TABLES[table]), project: null, limit: null, count: false };
  for (const step of steps) {
    if (q.count) throw invalidQuery("nothing may follow count");
    const rule = STEPS.find(([re]) => re.test(step));
    if (!rule) throw invalidQuery(`unsupported step '${step}'`);
    rule[1](rule[0].exec(step)!, q);
  }
  return q;
}

type Source = "assignments" | "definitions" | "classic" | "mgs" | "subs" | "rgs";
const SOURCES: Record<string, Source> = {
  "microsoft.authorization/roleassignments": "assignments",
  "microsoft.authorization/roledefinitions": "definitions",
  "microsoft.authorization/classicadministrators": "classic",
  "microsoft.management/managementgroups": "mgs",
  "microsoft.resources/subscriptions": "subs",
  "microsoft.resources/subscriptions/resourcegroups": "rgs",
};

export interface QueryRequestBody {
  subscriptions?: string[];
  managementGroups?: string[];
  query?: string;
  options?: {
    $top?: number;
    $skip?: number;
    $skipToken?: string;
    resultFormat?: "table" | "objectArray";
    authorizationScopeFilter?: string;
    allowPartialScopes?: boolean;
  };
  facets?: unknown[];
}

export class ResourceGraph {
  private readonly mgScopes: number[];
  private readonly subScopes: number[];
  private readonly rgScopes: number[];
  private readonly subIndexById: Map<string, number>;
  private readonly mgIndexByName: Map<string, number>;
  /** Rows returned by the last query (for the stats). */
  lastRows = 0;

  constructor(
    private readonly estate: AzureEstate,
    private readonly readable: (scope: number) => boolean,
  ) {
    const idx = (kind: string) => estate.scopes.map((_, i) => i).filter((i) => estate.scopes[i]!.kind === kind);
    this.mgScopes = idx("managementGroup");
    this.subScopes = idx("subscription");
    this.rgScopes = idx("resourceGroup");
    this.subIndexById = new Map(estate.subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.scope]));
    this.mgIndexByName = new Map(this.mgScopes.map((i) => [estate.scopes[i]!.name.toLowerCase(), i]));
  }

  query(raw: string): Reply {
    let body: QueryRequestBody;
    try {
      body = JSON.parse(raw) as QueryRequestBody;
    } catch {
      throw new ArmError(
        400,
        "InvalidRequestContent",
        "The request content was invalid and could not be deserialized.",
      );
    }
    if (typeof body.query !== "string" || !body.query.trim())
      throw new ArmError(400, "BadRequest", "The query is required.");
    const q = parseQuery(body.query);
    const o = body.options ?? {};
    const top = o.$top ?? 1000;
    if (!Number.isInteger(top) || top < 1 || top > 1000)
      throw new ArmError(400, "BadRequest", `The value of $top must be between 1 and 1000; it was '${top}'.`);
    const filter = o.authorizationScopeFilter ?? "AtScopeAndBelow";
    if (!(SCOPE_FILTERS as readonly string[]).includes(filter))
      throw new ArmError(400, "BadRequest", `Unknown authorizationScopeFilter '${filter}'.`);
    const inScope = this.scopeMask(body, filter as (typeof SCOPE_FILTERS)[number]);
    const tenantLevel = this.tenantRowsIncluded(body, filter);
    const key = crypto
      .createHash("sha1")
      .update(JSON.stringify([body.query, body.subscriptions ?? [], body.managementGroups ?? [], filter]))
      .digest("base64url")
      .slice(0, 12);

    const sources = [...q.types].map((t) => SOURCES[t]!).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    const sizes = sources.map((s) => this.size(s));
    const totalSize = sizes.reduce((a, b) => a + b, 0);
    const locate = (pos: number): [Source, number] => {
      let p = pos;
      for (let k = 0; k < sources.length; k++) {
        if (p < sizes[k]!) return [sources[k]!, p];
        p -= sizes[k]!;
      }
      throw new Error(`position ${pos} out of range`);
    };
    const matches = (pos: number): boolean => {
      const [s, i] = locate(pos);
      return this.keep(s, i, inScope, tenantLevel);
    };

    let total = 0;
    let pos = 0;
    let skip = o.$skip ?? 0;
    const token = o.$skipToken;
    if (token) {
      const t = decodeToken(token);
      if (!t || t.k !== key) throw new ArmError(400, "BadRequest", "The $skipToken is invalid for this query.");
      pos = t.o;
      total = t.t;
      skip = 0;
    } else {
      for (let p = 0; p < totalSize; p++) if (matches(p)) total++;
    }
    if (q.count) {
      const data = [{ Count: total }];
      return this.answer(o, data, 1, 1, false, undefined);
    }
    const limit = q.limit ?? Number.POSITIVE_INFINITY;
    // NOTE: pages need the id column ("id field is required in the response to return the pages", ResourcesFirstPageQuery
    // example) and a column that is not dynamic (paging-results).
    const pagingPossible =
      q.limit === null && (q.project === null || (q.project.includes("id") && q.project.some((c) => !DYNAMIC.has(c))));
    const out: Json[] = [];
    const want = Math.min(top, limit);
    for (; pos < totalSize && out.length < want; pos++) {
      if (!matches(pos)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      const r = this.row(...locate(pos));
      out.push(q.project ? Object.fromEntries(q.project.map((c) => [c, r[c] ?? null])) : r);
    }
    let rest = false;
    for (let p = pos; p < totalSize && !rest; p++) if (matches(p)) rest = true;
    this.lastRows = out.length;
    const shownTotal = q.limit === null ? total : Math.min(total, q.limit);
    const next = rest && pagingPossible ? encodeToken({ k: key, o: pos, t: total }) : undefined;
    return this.answer(o, out, shownTotal, out.length, rest && !next, next);
  }

  private answer(
    o: NonNullable<QueryRequestBody["options"]>,
    data: Json[],
    totalRecords: number,
    count: number,
    truncated: boolean,
    skipToken: string | undefined,
  ): Reply {
    const table = o.resultFormat === "table";
    const columns = data[0] ? Object.keys(data[0]) : [];
    return {
      status: 200,
      body: {
        totalRecords,
        count,
        data: table
          ? {
              columns: columns.map((name) => ({ name, type: columnType(data[0]![name]) })),
              rows: data.map((r) => columns.map((c) => r[c])),
            }
          : data,
        facets: [],
        resultTruncated: truncated ? "true" : "false",
        ...(skipToken ? { $skipToken: skipToken } : {}),
      },
    };
  }

  /** Which scopes' rows a request takes in, after the caller's access. */
  private scopeMask(body: QueryRequestBody, filter: (typeof SCOPE_FILTERS)[number]): Uint8Array {
    const e = this.estate;
    const q: number[] = [];
    for (const s of body.subscriptions ?? []) {
      const i = this.subIndexById.get(s.toLowerCase());
      if (i !== undefined) q.push(i);
    }
    for (const m of body.managementGroups ?? []) {
      const i = this.mgIndexByName.get(m.toLowerCase());
      if (i === undefined)
        throw new ArmError(400, "BadRequest", `Management group '${m}' was not found or is not accessible.`);
      q.push(i);
    }
    if (!body.subscriptions?.length && !body.managementGroups?.length) q.push(0);
    const below = new Uint8Array(e.scopes.length);
    const above = new Uint8Array(e.scopes.length);
    const exact = new Uint8Array(e.scopes.length);
    for (const s of q) {
      exact[s] = 1;
      for (let a = s; a >= 0; a = e.scopes[a]!.parent) above[a] = 1;
    }
    // Scopes are stored parents first, so one pass marks every subtree.
    for (let i = 0; i < e.scopes.length; i++) {
      const p = e.scopes[i]!.parent;
      if (exact[i] || (p >= 0 && below[p])) below[i] = 1;
    }
    const mask = new Uint8Array(e.scopes.length);
    for (let i = 0; i < e.scopes.length; i++) {
      if (!this.readable(i)) continue;
      const ok =
        filter === "AtScopeAndBelow"
          ? below[i]
          : filter === "AtScopeAndAbove"
            ? above[i]
            : filter === "AtScopeExact"
              ? exact[i]
              : below[i] || above[i];
      mask[i] = ok ? 1 : 0;
    }
    return mask;
  }

  /** Built-in role definitions live at the tenant ("/"): above every scope. */
  private tenantRowsIncluded(body: QueryRequestBody, filter: string): boolean {
    const tenant = !body.subscriptions?.length && !body.managementGroups?.length;
    if (filter === "AtScopeAndAbove" || filter === "AtScopeAboveAndBelow") return true;
    const root = this.estate.scopes[0]!.name.toLowerCase();
    return (
      tenant || (filter === "AtScopeAndBelow" && (body.managementGroups ?? []).some((m) => m.toLowerCase() === root))
    );
  }

  private size(s: Source): number {
    const e = this.estate;
    return {
      assignments: e.assignments.count,
      definitions: e.roleDefinitions.length,
      classic: e.classicAdministrators.length,
      mgs: this.mgScopes.length,
      subs: this.subScopes.length,
      rgs: this.rgScopes.length,
    }[s];
  }

  /** Does the request's scope (and the caller's access) take in row i of a source? */
  private keep(s: Source, i: number, mask: Uint8Array, tenantLevel: boolean): boolean {
    const e = this.estate;
    switch (s) {
      case "assignments":
        return mask[e.assignments.scope[i]!] === 1;
      case "definitions": {
        const home = e.roleDefinitions[i]!.assignableScopes?.[0];
        return home === undefined ? tenantLevel : mask[home] === 1;
      }
      case "classic":
        return mask[e.subscriptions[e.classicAdministrators[i]!.sub]!.scope] === 1;
      case "mgs":
        return mask[this.mgScopes[i]!] === 1;
      case "subs":
        return mask[this.subScopes[i]!] === 1;
      case "rgs":
        return mask[this.rgScopes[i]!] === 1;
    }
  }

  private row(s: Source, i: number): Json {
    const e = this.estate;
    const base = (
      id: string,
      name: string,
      type: string,
      sub: string,
      rg: string,
      props: Json,
      extra: Json = {},
    ): Json => ({
      id,
      name,
      type,
      tenantId: e.tenantId,
      kind: "",
      location: "",
      resourceGroup: rg,
      subscriptionId: sub,
      managedBy: "",
      sku: null,
      plan: null,
      properties: props,
      tags: null,
      identity: null,
      zones: null,
      extendedLocation: null,
      ...extra,
    });
    switch (s) {
      case "assignments": {
        const scope = e.assignments.scope[i]!;
        const node = e.scopes[scope]!;
        const name = assignmentGuid(e, i);
        const sub = node.sub >= 0 ? e.subscriptions[node.sub]!.subscriptionId : "";
        const rg = node.kind === "resourceGroup" ? node.name.toLowerCase() : "";
        return base(
          `${node.id}${AUTH}/roleAssignments/${name}`,
          name,
          "microsoft.authorization/roleassignments",
          sub,
          rg,
          assignmentProperties(e, i),
        );
      }
      case "definitions": {
        const d = e.roleDefinitions[i]!;
        const home = d.assignableScopes?.[0];
        // NOTE: the fake files a custom role under its first assignable scope and a built-in under the tenant; join
        // assignments to definitions by the GUID (the last segment), never by the whole id.
        const node = home === undefined ? null : e.scopes[home]!;
        const sub = node && node.sub >= 0 ? e.subscriptions[node.sub]!.subscriptionId : "";
        return base(
          `${node?.id ?? ""}${AUTH}/RoleDefinitions/${d.guid}`,
          d.guid,
          "microsoft.authorization/roledefinitions",
          sub,
          "",
          roleDefinitionProperties(e, i),
        );
      }
      case "classic": {
        const a = e.classicAdministrators[i]!;
        const sub = e.subscriptions[a.sub]!.subscriptionId;
        return base(
          `/subscriptions/${sub}${AUTH}/classicAdministrators/${a.name}`,
          a.name,
          "microsoft.authorization/classicadministrators",
          sub,
          "",
          {
            emailAddress: a.emailAddress,
            role: a.role,
          },
        );
      }
      case "mgs": {
        const scope = this.mgScopes[i]!;
        const node = e.scopes[scope]!;
        const parent = node.parent >= 0 ? e.scopes[node.parent]! : null;
        return base(node.id, node.name, "microsoft.management/managementgroups", "", "", {
          displayName: node.displayName,
          details: {
            parent: parent ? { id: parent.id, name: parent.name, displayName: parent.displayName } : null,
            managementGroupAncestorsChain: this.ancestors(scope),
          },
        });
      }
      case "subs": {
        const scope = this.subScopes[i]!;
        const s = e.subscriptions[e.scopes[scope]!.sub]!;
        return base(
          `/subscriptions/${s.subscriptionId}`,
          s.displayName,
          "microsoft.resources/subscriptions",
          s.subscriptionId,
          "",
          {
            state: s.state,
            subscriptionPolicies: {
              locationPlacementId: "Public_2014-09-01",
              quotaId: s.quotaId,
              spendingLimit: s.spendingLimit,
            },
            managementGroupAncestorsChain: this.ancestors(scope),
          },
          { tags: s.tags },
        );
      }
      case "rgs": {
        const scope = this.rgScopes[i]!;
        const node = e.scopes[scope]!;
        const g = e.resourceGroups[e.resourceGroupOf.get(scope)!]!;
        return base(
          node.id,
          node.name,
          "microsoft.resources/subscriptions/resourcegroups",
          e.subscriptions[node.sub]!.subscriptionId,
          node.name.toLowerCase(),
          { provisioningState: "Succeeded" },
          { location: g.location, managedBy: g.managedBy ?? "", tags: g.tags },
        );
      }
    }
  }

  /** Management groups from the parent up to the tenant root, as `managementGroupAncestorsChain` lists them. */
  private ancestors(scope: number): Json[] {
    const out: Json[] = [];
    for (let s = this.estate.scopes[scope]!.parent; s >= 0; s = this.estate.scopes[s]!.parent)
      if (this.estate.scopes[s]!.kind === "managementGroup")
        out.push({ name: this.estate.scopes[s]!.name, displayName: this.estate.scopes[s]!.displayName });
    return out;
  }
}

const ORDER: Source[] = ["assignments", "definitions", "classic", "mgs", "subs", "rgs"];

function columnType(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "boolean") return "boolean";
  return "object";
}

function encodeToken(t: { k: string; o: number; t: number }): string {
  return Buffer.from(JSON.stringify(t)).toString("base64url");
}

function decodeToken(s: string): { k: string; o: number; t: number } | null {
  try {
    const t = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as { k?: unknown; o?: unknown; t?: unknown };
    return typeof t.k === "string" && Number.isInteger(t.o) && Number.isInteger(t.t)
      ? (t as { k: string; o: number; t: number })
      : null;
  } catch {
    return null;
  }
}
