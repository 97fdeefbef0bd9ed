import type { QueryRequest } from "@azure/arm-resourcegraph";
import { describe, expect, it } from "vitest";
import { withAzureFakes } from "../../testing/azure-arm-fake";
import { rawRequest } from "../../testing/azure-arm-http";

// Resource Graph through @azure/arm-resourcegraph: the query shapes a reader sends, paged with $skipToken, scoped by
// subscriptions / management groups and authorizationScopeFilter; and the wire errors for shapes the fake refuses.

const ctx = withAzureFakes({ subscriptions: 30, seed: 31, roleAssignments: 3000 }, { resourceGraphQuota: null });
const ASSIGNMENTS = "authorizationresources | where type =~ 'microsoft.authorization/roleassignments'";

type Row = Record<string, unknown> & { id: string; properties: Record<string, unknown> };

async function queryAll(request: QueryRequest): Promise<{ rows: Row[]; pages: number; truncated: string[] }> {
  const rows: Row[] = [];
  const truncated: string[] = [];
  let pages = 0;
  let skipToken: string | undefined;
  do {
    const r = await ctx.f.clients.resourceGraph.resources({ ...request, options: { ...request.options, skipToken } });
    pages++;
    // NOTE: the SDK's model types `data` as a dictionary: an objectArray answer arrives as {"0": row, "1": row, …}.
    expect(Array.isArray(r.data)).toBe(false);
    rows.push(...(Object.values(r.data) as Row[]));
    truncated.push(r.resultTruncated);
    skipToken = r.skipToken;
  } while (skipToken);
  return { rows, pages, truncated };
}

const chainOf = (s: number) => {
  const out: number[] = [];
  for (let x = s; x >= 0; x = ctx.f.estate.scopes[x]!.parent) out.push(x);
  return out;
};
const subtreeOf = (s: number) => ctx.f.estate.scopes.map((_, i) => i).filter((i) => chainOf(i).includes(s));
const readable = (s: number) => {
  const sub = ctx.f.estate.scopes[s]!.sub;
  return sub < 0 || !ctx.f.estate.unreadableSubscriptions.includes(sub);
};
const assignmentsIn = (scopes: number[]) => {
  const set = new Set(scopes.filter(readable));
  const t = ctx.f.estate.assignments;
  let n = 0;
  for (let i = 0; i < t.count; i++) if (set.has(t.scope[i]!)) n++;
  return n;
};

describe("Resource Graph: authorizationresources", () => {
  it("pages every role assignment the app can read in 1000-row pages", async () => {
    const { rows, pages, truncated } = await queryAll({ query: ASSIGNMENTS });
    const expected = assignmentsIn(ctx.f.estate.scopes.map((_, i) => i));
    expect(rows.length).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 1000));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(truncated.every((t) => t === "false")).toBe(true);
    const r = rows[0]!;
    expect(r.type).toBe("microsoft.authorization/roleassignments");
    expect(Object.keys(r.properties)).toEqual(
      expect.arrayContaining(["roleDefinitionId", "principalId", "principalType", "scope"]),
    );
    // Management-group rows carry no subscription; resource-group rows name theirs in lower case.
    expect(rows.some((x) => x.subscriptionId === "" && String(x.properties.scope).startsWith("/providers/"))).toBe(
      true,
    );
    expect(rows.some((x) => x.resourceGroup !== "" && x.resourceGroup === String(x.resourceGroup).toLowerCase())).toBe(
      true,
    );
  });

  const sub = () =>
    ctx.f.estate.subscriptions.find(
      (s, k) => !ctx.f.estate.unreadableSubscriptions.includes(k) && ctx.f.estate.scopes[s.scope]!.depth > 2,
    )!;
  const mg = () => ctx.f.estate.scopes.findIndex((s) => s.kind === "managementGroup" && s.depth === 2);
  const scoped: { name: string; request: () => QueryRequest; expected: () => number }[] = [
    {
      name: "one subscription, AtScopeAndBelow (default): its own and its resource groups'",
      request: () => ({ query: ASSIGNMENTS, subscriptions: [sub().subscriptionId] }),
      expected: () => assignmentsIn(subtreeOf(sub().scope)),
    },
    {
      name: "one subscription, AtScopeAboveAndBelow: also the management groups above it",
      request: () => ({
        query: ASSIGNMENTS,
        subscriptions: [sub().subscriptionId],
        options: { authorizationScopeFilter: "AtScopeAboveAndBelow" },
      }),
      expected: () => assignmentsIn([...subtreeOf(sub().scope), ...chainOf(sub().scope)]),
    },
    {
      name: "a management group, AtScopeExact: only those made at it",
      request: () => ({
        query: ASSIGNMENTS,
        managementGroups: [ctx.f.estate.scopes[mg()]!.name],
        options: { authorizationScopeFilter: "AtScopeExact" },
      }),
      expected: () => assignmentsIn([mg()]),
    },
    {
      name: "the tenant root group: everything readable",
      request: () => ({ query: ASSIGNMENTS, managementGroups: [ctx.f.estate.tenantId] }),
      expected: () => assignmentsIn(ctx.f.estate.scopes.map((_, i) => i)),
    },
    {
      name: "the subscription the app cannot read: nothing, and no error",
      request: () => ({
        query: ASSIGNMENTS,
        subscriptions: [ctx.f.estate.subscriptions[ctx.f.estate.unreadableSubscriptions[0]!]!.subscriptionId],
      }),
      expected: () => 0,
    },
  ];
  it.each(scoped)("$name", async (row) => {
    const { rows } = await queryAll(row.request());
    expect(rows.length).toBe(row.expected());
  });

  it("role definitions: every built-in and custom role at tenant scope; classic administrators", async () => {
    const defs = await queryAll({
      query: "authorizationresources | where type =~ 'microsoft.authorization/roledefinitions'",
    });
    expect(defs.rows.length).toBe(ctx.f.estate.roleDefinitions.length);
    expect(defs.rows.filter((r) => r.properties.type === "CustomRole").length).toBe(
      ctx.f.estate.roleDefinitions.filter((d) => d.roleType === "CustomRole").length,
    );
    const classic = await queryAll({
      query: "authorizationresources | where type =~ 'microsoft.authorization/classicadministrators'",
    });
    const readableClassic = ctx.f.estate.classicAdministrators.filter(
      (c) => !ctx.f.estate.unreadableSubscriptions.includes(c.sub),
    );
    expect(classic.rows.map((r) => r.properties.emailAddress).sort()).toEqual(
      readableClassic.map((c) => c.emailAddress).sort(),
    );
  });

  it("in~ takes several types in one query", async () => {
    const { rows } = await queryAll({
      query:
        "authorizationresources | where type in~ ('Microsoft.Authorization/RoleDefinitions', 'microsoft.authorization/classicadministrators')",
    });
    expect(rows.length).toBe(
      ctx.f.estate.roleDefinitions.length +
        ctx.f.estate.classicAdministrators.filter((c) => !ctx.f.estate.unreadableSubscriptions.includes(c.sub)).length,
    );
  });
});

describe("Resource Graph: resourcecontainers", () => {
  const rows: { name: string; type: string; expected: () => number }[] = [
    {
      name: "management groups",
      type: "microsoft.management/managementgroups",
      expected: () => ctx.f.estate.scopes.filter((s) => s.kind === "managementGroup").length,
    },
    {
      name: "subscriptions the app can read",
      type: "microsoft.resources/subscriptions",
      expected: () => ctx.f.estate.subscriptions.length - ctx.f.estate.unreadableSubscriptions.length,
    },
    {
      name: "resource groups the app can read",
      type: "microsoft.resources/subscriptions/resourcegroups",
      expected: () => ctx.f.estate.scopes.filter((s, i) => s.kind === "resourceGroup" && readable(i)).length,
    },
  ];
  it.each(rows)("$name", async (row) => {
    const { rows: found } = await queryAll({ query: `resourcecontainers | where type =~ '${row.type}'` });
    expect(found.length).toBe(row.expected());
    if (row.type === "microsoft.resources/subscriptions")
      for (const s of found)
        expect((s.properties.managementGroupAncestorsChain as unknown[]).length).toBeGreaterThan(0);
  });
});

describe("Resource Graph: paging rules and refused shapes", () => {
  const path = "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01";
  const post = (body: unknown) => rawRequest(ctx.f.arm, "POST", path, { token: ctx.token, body });

  const shapes: { name: string; body: unknown; expect: (b: Record<string, unknown>) => void }[] = [
    {
      name: "project with id pages",
      body: { query: `${ASSIGNMENTS} | project id, name, properties`, options: { $top: 10 } },
      expect: (b) => {
        expect(b.count).toBe(10);
        expect(b.$skipToken).toBeTruthy();
        expect(Object.keys((b.data as Row[])[0]!)).toEqual(["id", "name", "properties"]);
      },
    },
    {
      name: "project without id cannot page: resultTruncated, no $skipToken",
      body: { query: `${ASSIGNMENTS} | project properties`, options: { $top: 10 } },
      expect: (b) => {
        expect(b.resultTruncated).toBe("true");
        expect(b.$skipToken).toBeUndefined();
      },
    },
    {
      name: "limit stops paging",
      body: { query: `${ASSIGNMENTS} | limit 5` },
      expect: (b) => {
        expect([b.count, b.resultTruncated, b.$skipToken]).toEqual([5, "true", undefined]);
      },
    },
    {
      name: "count",
      body: { query: "resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | count" },
      expect: (b) => expect(b.data).toEqual([{ Count: ctx.f.estate.subscriptions.length - 1 }]),
    },
    {
      name: "resultFormat table",
      body: {
        query: "resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project id, name",
        options: { resultFormat: "table", $top: 2 },
      },
      expect: (b) => {
        const t = b.data as { columns: { name: string; type: string }[]; rows: unknown[][] };
        expect(t.columns).toEqual([
          { name: "id", type: "string" },
          { name: "name", type: "string" },
        ]);
        expect(t.rows.length).toBe(2);
      },
    },
    {
      name: "$skip skips rows of the first page",
      body: { query: `${ASSIGNMENTS} | project id`, options: { $top: 3, $skip: 2 } },
      expect: (b) => expect((b.data as Row[]).length).toBe(3),
    },
  ];
  it.each(shapes)("$name", async (row) => {
    const r = await post(row.body);
    expect(r.status).toBe(200);
    row.expect(r.body);
  });

  const refused: { name: string; body: unknown; code: string }[] = [
    { name: "another table", body: { query: "Resources | project id" }, code: "InvalidQuery" },
    {
      name: "an operator the fake does not evaluate",
      body: { query: `${ASSIGNMENTS} | extend p = properties.principalId` },
      code: "InvalidQuery",
    },
    { name: "order by", body: { query: `${ASSIGNMENTS} | order by id asc` }, code: "InvalidQuery" },
    { name: "$top over 1000", body: { query: ASSIGNMENTS, options: { $top: 1001 } }, code: "BadRequest" },
    {
      name: "a $skipToken of another query",
      body: { query: "resourcecontainers", options: { $skipToken: "eyJrIjoieCIsIm8iOjEsInQiOjJ9" } },
      code: "BadRequest",
    },
  ];
  it.each(refused)("refuses $name (400)", async (row) => {
    const r = await post(row.body);
    expect(r.status).toBe(400);
    const error = r.body.error as { code: string; details?: { code: string }[] };
    expect([error.code, ...(error.details ?? []).map((d) => d.code)]).toContain(row.code);
  });
});
