import fs from "node:fs";
import { corpusPath } from "../../testing/corpus";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZModelBatchSchema, type ConnectorEvent, type ModelBatch } from "../../model";
import { AppError } from "../../errors";
import { prepareEntraImport } from "./import-files";
import { readJsonFile } from "./read-json";

const TD = path.join(import.meta.dirname, "testdata");
const CORPUS_CA = corpusPath("entra/conditional-access");

async function collect(inputs: string[]) {
  const prepared = prepareEntraImport(inputs);
  const events: ConnectorEvent[] = [];
  for await (const e of prepared.events()) events.push(e);
  const all: ModelBatch = ZModelBatchSchema.parse({});
  for (const e of events) {
    if (e.type !== "batch") continue;
    const b = ZModelBatchSchema.parse(e.batch);
    for (const k of Object.keys(all) as (keyof ModelBatch)[]) (all[k] as unknown[]).push(...b[k]);
  }
  const datasets = Object.fromEntries(events.flatMap((e) => (e.type === "dataset" ? [[e.name, e.status]] : [])));
  return { prepared, all, datasets, events };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cw-entra-import-"));
}

function expectBadInput(fn: () => unknown, re: RegExp) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect(["BAD_INPUT", "TOO_LARGE", "NOT_FOUND"]).toContain((e as AppError).code);
    expect((e as AppError).message).toMatch(re);
    return;
  }
  throw new Error("expected an error");
}

describe("Entra file import", () => {
  it("imports a folder of Graph responses: every dataset, nested groups, MFA merged into users", async () => {
    const { all, datasets } = await collect([path.join(TD, "tenant")]);
    const users = all.principals.filter((p) => p.kind === "user");
    expect(users).toHaveLength(6);
    const adele = users.find((u) => u.upn === "AdeleV@contoso.com")!;
    expect(adele).toMatchObject({
      enabled: true,
      guest: false,
      mfaRegistered: true,
      lastActivityAt: "2021-06-17T16:41:33.000Z",
    });
    expect(adele.attributes.lastSignIn).toEqual({
      interactive: "2021-06-17T16:41:33.000Z",
      nonInteractive: null,
      successful: null,
    });
    expect(adele.attributes.mfaMethods).toEqual(["microsoftAuthenticatorPush", "softwareOneTimePasscode"]);
    const alex = users.find((u) => u.upn === "AlexW@contoso.com")!;
    // signInActivity collected but null: known "never", not "not collected".
    expect(alex.lastActivityAt).toBeNull();
    expect(alex.attributes.lastSignIn).toEqual({ interactive: null, nonInteractive: null, successful: null });
    expect(alex.mfaRegistered).toBe(false);
    expect(users.find((u) => u.displayName === "Allan Deyoung")?.guest).toBe(true);
    expect(users.find((u) => u.displayName === "Bianca Pisani")?.enabled).toBe(false);

    const groups = all.principals.filter((p) => p.kind === "group");
    expect(groups.map((g) => g.name).sort()).toEqual(["Break-glass", "Golf Assist", "HR Taskforce", "Tier0 Admins"]);
    expect(groups.find((g) => g.name === "HR Taskforce")?.attributes).toMatchObject({
      groupTypes: ["DynamicMembership"],
      dynamicRule: 'user.department -eq "HR"',
      roleAssignable: false,
    });
    expect(groups.find((g) => g.name === "Tier0 Admins")?.attributes.roleAssignable).toBe(true);
    expect(groups.find((g) => g.name === "Golf Assist")?.attributes.groupTypes).toEqual(["Unified"]);

    const pairs = all.memberships
      .map((m) => `${m.groupProviderId.slice(0, 4)}>${m.memberProviderId.slice(0, 4)}:${m.direct}`)
      .sort();
    // Tier0 Admins (b320) ⊃ Break-glass (eeda) ⊃ Break Glass user (e3d0): one transitive row; the device is skipped.
    expect(pairs).toEqual(
      [
        "45b7>1aec:true",
        "45b7>f066:true",
        "b320>48d3:true",
        "b320>eeda:true",
        "eeda>e3d0:true",
        "02bd>c809:true",
        "b320>e3d0:false",
      ].sort(),
    );

    const sps = all.principals.filter((p) => p.kind === "servicePrincipal" || p.kind === "managedIdentity");
    expect(sps.map((s) => `${s.kind}:${s.name}`).sort()).toEqual([
      "managedIdentity:vm-backup-identity",
      "servicePrincipal:Microsoft Graph",
      "servicePrincipal:dxprovisioning-graphapi-client",
    ]);
    const client = sps.find((s) => s.name === "dxprovisioning-graphapi-client")!;
    expect(client.attributes.appRoleAssignments).toEqual([
      {
        appRoleId: "df021288-bdef-4463-88db-98f22de89214",
        resourceId: "fea94d6d-b5bf-44d2-a887-4f72a8d74f44",
        resourceDisplayName: "Microsoft Graph",
        createdAt: "2021-02-02T04:22:45.498Z",
      },
    ]);
    expect(client.attributes.oauth2PermissionGrants).toEqual([
      {
        resourceId: "fea94d6d-b5bf-44d2-a887-4f72a8d74f44",
        consentType: "AllPrincipals",
        principalId: null,
        scopes: ["User.Read", "Group.ReadWrite.All"],
      },
    ]);
    expect(sps.find((s) => s.name === "Microsoft Graph")?.attributes.appRoleAssignments).toEqual([]);

    expect(all.permissionSets.map((p) => [p.name, p.builtIn, p.kind])).toContainEqual([
      "App Reader (custom)",
      false,
      "entraDirectoryRole",
    ]);
    const custom = all.permissionSets.find((p) => p.name === "App Reader (custom)")!;
    expect(custom.statements[0]).toMatchObject({
      actions: ["microsoft.directory/applications/standard/read"],
      notActions: ["microsoft.directory/applications/credentials/update"],
      conditionText: "@Resource[dirSec.owners] Any_of {ownerIds}",
    });
    expect(all.assignments.map((a) => `${a.kind}:${a.scope}:${a.principalProviderId.slice(0, 4)}`).sort()).toEqual(
      [
        "direct:/:e3d0",
        "direct:/:b320",
        "direct:/administrativeUnits/5d107bba-d8e2-4e13-b6ae-884be90e5d1a:f066",
        "eligible:/:1aec",
      ].sort(),
    );
    expect(all.namedLocations.map((l) => [l.kind, l.trusted, l.ipRanges.length, l.countries])).toEqual([
      ["ip", true, 2, []],
      ["country", false, 0, ["KP", "IR"]],
    ]);
    expect(all.accessControls.map((c) => c.state).sort()).toEqual(["on", "reportOnly"]);
    // The fixture tenant has no AWS apps, so its folder holds no AWS app assignments or provisioning jobs.
    const notCollected = Object.entries(datasets).filter(([, d]) => !(d as { collected: boolean }).collected);
    expect(notCollected.map(([name]) => name).sort()).toEqual(["appRoleAssignedTo", "provisioningJobs"]);
  });

  it("records datasets absent from the files as not collected, never zero", async () => {
    const { datasets, all } = await collect([path.join(TD, "tenant", "users.json")]);
    expect(all.principals[0]?.mfaRegistered).toBeNull();
    expect(datasets.users).toMatchObject({ collected: true, count: 6 });
    expect(datasets.mfaRegistration).toMatchObject({
      collected: false,
      reason: "not in the imported files",
      permission: expect.stringContaining("AuditLog.Read.All"),
    });
    expect(datasets.conditionalAccess).toMatchObject({ collected: false });
  });

  it("reads Microsoft Graph PowerShell (PascalCase) output", async () => {
    const { all } = await collect([path.join(TD, "powershell")]);
    const adele = all.principals.find((p) => p.upn === "AdeleV@contoso.com")!;
    expect(adele).toMatchObject({
      kind: "user",
      enabled: true,
      guest: false,
      createdAt: "2021-02-03T09:47:58.000Z",
      lastActivityAt: "2024-05-01T10:00:00.000Z",
    });
    expect(adele.attributes.onPremisesSyncEnabled).toBe(true);
    expect(all.principals.find((p) => p.displayName === "Guest Person")).toMatchObject({ guest: true, enabled: false });
    const ca = all.accessControls[0]!;
    expect(ca).toMatchObject({ providerId: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", state: "on" });
    expect(ca.who.includeRoles).toEqual(["62e90394-69f5-4237-9190-012177145e10"]);
    expect(ca.conditions.excludeLocations).toEqual(["AllTrusted"]);
    expect(ca.controls.grant).toEqual(["mfa"]);
    expect(ca.targets.applicationFilter).toBeNull();
    expect(ca.unmapped).toEqual({ createdDateTime: "2021-11-02T14:17:09.000Z" });
    expect(all.namedLocations[0]).toMatchObject({ kind: "ip", trusted: true, ipRanges: ["6.5.4.3/32"] });
  });

  it("reads UTF-16 LE/BE and UTF-8 files with a byte-order mark, and beta-shaped extra fields", async () => {
    const dir = tmpDir();
    const page = {
      "@odata.context": "https://graph.microsoft.com/beta/$metadata#users",
      value: [
        {
          id: "u-1",
          userPrincipalName: "a@x.com",
          displayName: "A",
          accountEnabled: true,
          userType: "Member",
          betaOnlyField: { x: 1 },
        },
      ],
    };
    const text = JSON.stringify(page);
    fs.writeFileSync(
      path.join(dir, "le.json"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    );
    const be = Buffer.from(text.replace("u-1", "u-2"), "utf16le");
    be.swap16();
    fs.writeFileSync(path.join(dir, "be.json"), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    fs.writeFileSync(path.join(dir, "bom8.json"), `\uFEFF${text.replace("u-1", "u-3")}`);
    const { all } = await collect([dir]);
    expect(all.principals.map((p) => p.providerId).sort()).toEqual(["u-1", "u-2", "u-3"]);
  });

  it("takes member lists' group from @odata.context / nextLink, and rejects ones it cannot place", async () => {
    const dir = tmpDir();
    fs.writeFileSync(
      path.join(dir, "m.json"),
      JSON.stringify({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
        "@odata.nextLink":
          "https://graph.microsoft.com/v1.0/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/members?$skiptoken=X",
        value: [{ "@odata.type": "#microsoft.graph.user", id: "u-9" }],
      }),
    );
    const { all } = await collect([dir]);
    expect(all.memberships).toEqual([
      { groupProviderId: "02bd9fd6-8f93-4758-87c3-1fb73740a315", memberProviderId: "u-9", direct: true },
    ]);
    const bad = tmpDir();
    fs.writeFileSync(
      path.join(bad, "members.json"),
      JSON.stringify({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
        value: [{ "@odata.type": "#microsoft.graph.user", id: "u" }],
      }),
    );
    expectBadInput(() => prepareEntraImport([bad]), /members\.json: .*needs its group/);
  });

  it("rejects unrecognised, truncated, empty and non-JSON files with one clear error naming the file", () => {
    const dir = tmpDir();
    const write = (name: string, content: string | Buffer) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    };
    expectBadInput(
      () => prepareEntraImport([write("a.json", JSON.stringify({ value: [{ id: "1", colour: "blue" }] }))]),
      /a\.json: item 0 is not a recognised/,
    );
    expectBadInput(
      () => prepareEntraImport([write("t.json", '{"value": [{"id": "1", "userPrincipalName": "x"')]),
      /t\.json: not valid JSON \(the file looks truncated\)/,
    );
    expectBadInput(() => prepareEntraImport([write("e.json", "")]), /e\.json: the file is empty/);
    expectBadInput(() => prepareEntraImport([write("n.json", "id,name\n1,x\n")]), /n\.json: not valid JSON/);
    expectBadInput(() => prepareEntraImport([write("s.json", '"just a string"')]), /s\.json: expected a JSON object/);
    expectBadInput(() => prepareEntraImport([path.join(dir, "missing.json")]), /no such file/);
    const big = write(
      "big.json",
      JSON.stringify({
        value: Array.from({ length: 50 }, (_, i) => ({ id: String(i), userPrincipalName: `u${i}@x` })),
      }),
    );
    expectBadInput(() => readJsonFile(big, "big.json", 100), /big\.json: \d+ bytes is more than the 100-byte limit/);
  });
});

describe("Entra file import of the corpus conditional-access folder", () => {
  it("gives one AccessControl per policy file", async () => {
    const { all } = await collect([CORPUS_CA]);
    expect(all.accessControls).toHaveLength(214);
    expect(new Set(all.accessControls.map((c) => c.providerId)).size).toBe(214);
  });
});
