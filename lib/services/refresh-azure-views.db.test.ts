import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import azure from "../analysis/azure/testdata/contoso-azure.json";
import entra from "../analysis/azure/testdata/contoso-entra.json";
import { type DatasetStatus, ZDatasetStatusSchema, ZModelBatchSchema, type SourceKind } from "../model";
import { AZURE_ASSIGNMENTS_TABLE, browseAzureAssignments, browseAzureRoles } from "./browse-azure";
import { exportTableRows } from "./browse-table";
import { hasPoppler, pdfInfo, unzipText } from "../report/testdata/open-outputs";
import { buildReport } from "./build-report";
import { getPersonAzure } from "./get-person-azure";
import { readAzureEstates, refreshAzureViews } from "./refresh-azure-views";
import { freshTestDb, type TestDb } from "../testing/test-db";
import {
  type AzureAssignmentFilter,
  azureRoleAssignmentsOfPrincipals,
  listAzureRoleAssignments,
} from "../db/azure-role-assignments";
import { finishSnapshot, startSnapshot, writeBatch } from "../db/snapshots";
import { ensureSource } from "../db/sources";

// The Contoso estate of lib/analysis/azure (management groups, subscriptions, role assignments, PIM, a deny
// assignment, a classic administrator, an orphaned assignment) with its Entra tenant, plus a subscription the reader
// was refused (403): the derived list rows, the tree counts and the filters the Azure pages use.

const datasets = (d: Record<string, { collected: boolean }>) =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [k, ZDatasetStatusSchema.parse(v)])) as Record<
    string,
    DatasetStatus
  >;
const SANDBOX = "/subscriptions/33333333-4444-5555-6666-777777777777";
const LZ = "/providers/Microsoft.Management/managementGroups/landingzones";
const PROD = "/subscriptions/00000000-1111-2222-3333-444444444444";

describe("AzureRoleAssignment rows", () => {
  let t: TestDb;
  let snapshotId: string;
  beforeAll(async () => {
    t = await freshTestDb();
    const tenant = await ensureSource(t.db, { kind: "entra", name: "contoso", externalId: azure.tenantId });
    const es = await startSnapshot(t.db, tenant.id, "file");
    await writeBatch(
      t.db,
      es,
      ZModelBatchSchema.parse({
        principals: entra.principals.map((p) => ({ ...p, raw: null })),
        memberships: entra.memberships,
      }),
    );
    await finishSnapshot(t.db, es, {
      status: "complete",
      datasets: datasets(entra.datasets),
      errors: [],
      provenance: {},
    });
    // NOTE: the source kind "azure" is stored as text; the model's enum gains it with the Azure storage.
    const arm = await ensureSource(t.db, {
      kind: "azure" as SourceKind,
      name: "contoso-arm",
      parentId: tenant.id,
      externalId: azure.tenantId,
    });
    snapshotId = await startSnapshot(t.db, arm.id, "file");
    const nodes = [
      ...azure.nodes,
      {
        providerId: SANDBOX,
        kind: "subscription",
        name: "Sandbox",
        parentProviderId: LZ,
        attributes: { readable: false, reason: "403 AuthorizationFailed" },
      },
    ];
    await writeBatch(
      t.db,
      snapshotId,
      ZModelBatchSchema.parse({
        hierarchyNodes: nodes,
        permissionSets: azure.permissionSets,
        assignments: azure.assignments,
      }),
    );
    await finishSnapshot(t.db, snapshotId, {
      status: "complete",
      datasets: datasets(azure.datasets),
      errors: [],
      provenance: {},
    });
    expect(await refreshAzureViews(t.db)).toEqual({ estates: 1, rows: azure.assignments.length });
  });
  afterAll(async () => t.close());

  const all = (): AzureAssignmentFilter => ({ snapshotIds: [snapshotId] });
  const list = async (f: Partial<AzureAssignmentFilter>, sort: "scope" | "principal" | "role" | "tier" = "scope") =>
    listAzureRoleAssignments(t.db, { ...all(), ...f }, { sort, dir: "asc", skip: 0, take: 100 });

  it("names each row's principal, role and scope and gives it a tier", async () => {
    const { rows, total } = await list({});
    expect(total).toBe(16);
    const row = (principal: string, role: string) => {
      const r = rows.find((x) => x.principalName === principal && x.roleName === role);
      if (!r) throw new Error(`no row ${principal} / ${role}`);
      return [r.kind, r.tier, r.principalType, r.scopeName, r.orphaned, r.guest];
    };
    expect(row("Bob", "Owner")).toEqual(["eligible", "admin", "User", "Contoso Production", false, true]);
    expect(row("Cloud Admins", "Owner")).toEqual(["direct", "admin", "Group", "Landing Zones", false, null]);
    expect(row("id-backup", "Contributor")).toEqual([
      "direct",
      "privileged",
      "ManagedIdentity",
      "Contoso Development / rg-backup",
      false,
      null,
    ]);
    expect(row("Erin", "Storage Blob Data Reader")).toEqual([
      "direct",
      "read",
      "User",
      "Contoso Production / rg-data",
      false,
      false,
    ]);
    expect(row("9f9f9f9f-dead-4bad-8bad-000000000001", "Contributor")).toEqual([
      "direct",
      "privileged",
      "User",
      "Contoso Production",
      true,
      null,
    ]);
    expect(row("legacy-admin@contoso.com", "ServiceAdministrator;AccountAdministrator")).toEqual([
      "classicAdministrator",
      "admin",
      "User",
      "Contoso Production",
      false,
      null,
    ]);
    const deny = rows.find((r) => r.kind === "deny")!;
    expect([deny.tier, deny.tierRank, deny.principalType, deny.scopeName]).toEqual([
      null,
      -1,
      "Everyone",
      "Connectivity",
    ]);
    const rbacAdmin = rows.find((r) => r.roleName === "Role Based Access Control Administrator")!;
    expect([rbacAdmin.tier, rbacAdmin.conditional]).toEqual(["privileged", true]);
  });

  it("draws the tree in pre-order with counts by tier here and below; the refused subscription is not collected", async () => {
    const [estate] = await readAzureEstates(t.db);
    expect(estate?.entraSnapshotId).not.toBeNull();
    const nodes = estate!.nodes.map((n) => [n.pre, n.last, n.depth, n.name, n.readable]);
    expect(nodes).toEqual([
      [0, 7, 0, "Tenant Root Group", true],
      [1, 7, 1, "Contoso", true],
      [2, 5, 2, "Landing Zones", true],
      [3, 3, 3, "Contoso Development", true],
      [4, 4, 3, "Contoso Production", true],
      [5, 5, 3, "Sandbox", false],
      [6, 7, 2, "Platform", true],
      [7, 7, 3, "Connectivity", true],
    ]);
    const by = (name: string) => estate!.nodes.find((n) => n.name === name)!;
    expect(by("Contoso Production").here).toEqual({
      admin: 6,
      privileged: 1,
      write: 0,
      read: 1,
      none: 0,
      deny: 0,
      eligible: 1,
    });
    expect(by("Connectivity").here).toMatchObject({ read: 1, deny: 1 });
    expect(by("Sandbox")).toMatchObject({ reason: "403 AuthorizationFailed", notCollectedBelow: 1 });
    expect(by("Landing Zones").notCollectedBelow).toBe(1);
    expect(by("Platform").notCollectedBelow).toBe(0);
    expect(by("Tenant Root Group").notCollectedBelow).toBe(1);
    // Every linked number is the total of the list with the same filters.
    for (const n of estate!.nodes)
      for (const tier of ["admin", "privileged", "write", "read", "none"] as const) {
        const { total } = await list({ node: { pre: n.pre, last: n.last }, tier });
        expect(total, `${n.name} ${tier}`).toBe(n.below[tier]);
      }
    const deny = await list({ node: { pre: 0, last: 7 }, kind: "deny" });
    expect(deny.total).toBe(by("Tenant Root Group").below.deny);
  });

  it("filters by subtree, exact scope, role, principal type, PIM state and search, and sorts", async () => {
    const lz = { pre: 2, last: 5 };
    expect((await list({ node: lz })).total).toBe(13);
    expect((await list({ scope: PROD })).rows.map((r) => r.principalName).sort()).toEqual([
      "9f9f9f9f-dead-4bad-8bad-000000000001",
      "Alice",
      "Bob",
      "Carol",
      "Dave",
      "deploy-pipeline",
      "legacy-admin@contoso.com",
    ]);
    expect((await list({ roleId: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" })).total).toBe(6);
    expect((await list({ principalType: "Group" })).rows.map((r) => r.roleName).sort()).toEqual(["Owner", "Reader"]);
    expect((await list({ kind: "eligible" })).rows.map((r) => r.principalName)).toEqual(["Bob"]);
    expect((await list({ kind: "active" })).rows.map((r) => r.principalName)).toEqual(["Carol"]);
    expect((await list({ search: "rg-data" })).rows.map((r) => r.principalName)).toEqual(["Erin"]);
    const byPrincipal = (await list({ node: lz }, "principal")).rows.map((r) => r.principalName);
    expect(byPrincipal).toEqual([...byPrincipal].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const byTier = (await list({}, "tier")).rows.map((r) => r.tierRank);
    expect(byTier[0]).toBe(-1);
    expect(byTier.at(-1)).toBe(4);
    const page2 = await listAzureRoleAssignments(t.db, all(), { sort: "scope", dir: "asc", skip: 10, take: 10 });
    expect([page2.rows.length, page2.total]).toEqual([6, 16]);
  });

  it("lists a principal's own rows across estates", async () => {
    const rows = await azureRoleAssignmentsOfPrincipals(t.db, [snapshotId], ["5A1C0E1E-0A0A-4B4B-8C8C-000000000002"]);
    expect(rows.map((r) => [r.roleName, r.kind, r.scopeName])).toEqual([
      ["User Access Administrator", "direct", "Contoso Development"],
      ["Owner", "eligible", "Contoso Production"],
    ]);
  });

  it("serves the Azure pages from URL parameters: subtree, exact scope, filters, roles, export", async () => {
    const page = (p: Record<string, string>) => browseAzureAssignments(t.db, new URLSearchParams(p));
    const lz = await page({ scope: LZ.toUpperCase(), tier: "admin" });
    expect(lz.extra?.node.name).toBe("Landing Zones");
    expect(lz.total).toBe(
      (await readAzureEstates(t.db))[0]!.nodes.find((n) => n.name === "Landing Zones")!.below.admin,
    );
    expect((await page({ scope: PROD, at: "1", state: "eligible" })).rows.map((r) => r.principalName)).toEqual(["Bob"]);
    const ownerFilter = (await page({})).filters.find((f) => f.key === "role")!;
    expect(ownerFilter.options.map((o) => o.label)).toContain("Owner");
    expect((await page({ role: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", type: "ServicePrincipal" })).total).toBe(1);
    // An unknown filter value or scope is ignored, never an error or an empty table by accident.
    expect((await page({ state: "nonsense", scope: "/nowhere" })).total).toBe(16);
    const exported = [];
    for await (const r of exportTableRows(AZURE_ASSIGNMENTS_TABLE, t.db, new URLSearchParams({ type: "Group" })))
      exported.push(r);
    expect(exported.map((r) => [r.principal, r.role, r.scopeName])).toEqual([
      ["Cloud Admins", "Reader", "Tenant Root Group"],
      ["Cloud Admins", "Owner", "Landing Zones"],
    ]);
    const roles = await browseAzureRoles(t.db, new URLSearchParams({ show: "custom" }));
    expect(roles.roles.map((r) => [r.name, r.builtIn, r.assignments])).toEqual([["Landing Zone Operator", false, 1]]);
    const assigned = await browseAzureRoles(t.db, new URLSearchParams());
    expect(assigned.roles.find((r) => r.name === "Owner")).toMatchObject({ tier: "admin", assignments: 6 });
    expect(assigned.roles.find((r) => r.name === "Reader")).toMatchObject({ tier: "read", assignments: 2 });
  });

  it("gives a person's Azure roles per scope, through nested groups, eligible apart, classic by e-mail", async () => {
    const frank = await getPersonAzure(t.db, ["5a1c0e1e-0a0a-4b4b-8c8c-000000000006"]);
    expect(frank.direct.map((g) => [g.row.roleName, g.row.scopeName, g.via?.name ?? "direct", g.row.kind])).toEqual([
      ["Owner", "Landing Zones", "Cloud Admins", "direct"],
      ["Reader", "Tenant Root Group", "Cloud Admins", "direct"],
    ]);
    expect(frank.highest?.row.tier).toBe("admin");
    const bob = await getPersonAzure(t.db, ["5a1c0e1e-0a0a-4b4b-8c8c-000000000002"]);
    expect([bob.highest?.row.roleName, bob.highestEligible?.row.roleName]).toEqual([
      "User Access Administrator",
      "Owner",
    ]);
    const legacy = await getPersonAzure(t.db, ["ffffffff-0000-0000-0000-000000000000"], ["Legacy-Admin@contoso.com"]);
    expect(legacy.direct.map((g) => [g.row.kind, g.row.tier])).toEqual([["classicAdministrator", "admin"]]);
    const nobody = await getPersonAzure(t.db, ["ffffffff-0000-0000-0000-000000000000"]);
    expect([nobody.direct.length, nobody.estates.length, nobody.highest]).toEqual([0, 1, null]);
  });

  it("the audit report's resource-access section holds the same Azure rows in every format", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-audit-"));
    const file = (ext: string) => path.join(dir, `audit.${ext}`);
    const json = (await buildReport(t.db, { kind: "audit", format: "json" }, file("json"))).document;
    const section = json.sections.find((x) => x.id === "resource-access");
    const tables = section?.blocks.flatMap((b) => (b.type === "table" ? [b.table] : [])) ?? [];
    // Per person and path last (this test stores no paths: the estates are not refreshed through refresh-derived).
    expect(tables.map((x) => x.id)).toEqual(["azure-scopes", "azure-role-assignments", "azure-access-paths"]);
    const written = JSON.parse(fs.readFileSync(file("json"), "utf8")) as { tables?: Record<string, unknown[]> };
    expect(JSON.stringify(written)).toContain("Cloud Admins");
    const sandbox = JSON.stringify(written).match(/Sandbox[^\]]*\]/)?.[0] ?? "";
    expect(sandbox, "the refused subscription: no numbers, not collected").toContain(
      "not collected: 403 AuthorizationFailed",
    );
    await buildReport(t.db, { kind: "audit", format: "csv" }, file("zip"));
    const csv = [...(await unzipText(file("zip")))].find(([name]) => name.includes("azure-role-assignments"));
    expect(csv?.[1].split("\n").filter((l) => l.trim()).length, "header + 16 rows").toBe(17);
    await buildReport(t.db, { kind: "audit", format: "xlsx" }, file("xlsx"));
    const xlsx = [...(await unzipText(file("xlsx"))).values()].join("\n");
    expect(xlsx).toContain("legacy-admin@contoso.com");
    await buildReport(t.db, { kind: "audit", format: "pdf" }, file("pdf"));
    if (hasPoppler) expect(pdfInfo(file("pdf")).text).toContain("Azure role assignments");
    else expect(fs.statSync(file("pdf")).size).toBeGreaterThan(1000);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
