import fs from "node:fs";
import { corpusPath } from "../testing/corpus";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { earlierSampleFiles } from "./earlier";
import { generateSampleOrg } from "./generate";

/*
 * Every property the sample's Graph responses carry exists on its type in the Graph v1.0 schema
 * (lib/testing/corpus/entra/graph-schema, from microsoftgraph/msgraph-metadata).
 */
const SCHEMA = corpusPath("entra/graph-schema/v1.0");

type Obj = Record<string, unknown>;
type TypeDef = { properties: string[]; navigationProperties: string[] };

describe("sample Graph responses against the Graph v1.0 schema", () => {
  const load = (f: string) =>
    (JSON.parse(fs.readFileSync(path.join(SCHEMA, f), "utf8")) as Record<string, Record<string, TypeDef>>)[
      "microsoft.graph"
    ]!;
  const entities = load("v1.0-entity-types.json");
  const complex = load("v1.0-complex-types.json");
  // The schema lists each type's own properties; these are the base types' (entity, directoryObject, …).
  const BASE: Record<string, string[]> = {
    entity: ["id"],
    directoryObject: ["id", "deletedDateTime"],
    unifiedRoleScheduleBase: [
      "id",
      "appScopeId",
      "createdDateTime",
      "createdUsing",
      "directoryScopeId",
      "modifiedDateTime",
      "principalId",
      "roleDefinitionId",
      "status",
    ],
    namedLocation: ["id", "createdDateTime", "displayName", "modifiedDateTime"],
  };
  // NOTE: Graph still returns unifiedRoleAssignment.resourceScope (see the Graph docs samples in
  // lib/testing/corpus/entra/graph-mocks) although v1.0 CSDL no longer lists it.
  const EXTRA: Record<string, string[]> = { unifiedRoleAssignment: ["resourceScope"] };
  const allowed = (type: string, defs: Record<string, TypeDef>, bases: string[]) => {
    // "derived+base": a complex type whose base type's properties are inherited.
    const [own, ...complexBases] = type.split("+");
    const d = defs[own!];
    if (!d) throw new Error(`no type ${own} in the schema`);
    return new Set([
      ...d.properties,
      ...d.navigationProperties,
      ...(EXTRA[own!] ?? []),
      ...bases.flatMap((b) => BASE[b] ?? []),
      ...complexBases.flatMap((b) => defs[b]?.properties ?? []),
    ]);
  };
  const unknownKeys = (o: Obj, type: string, defs: Record<string, TypeDef>, bases: string[] = []) => {
    const ok = allowed(type, defs, bases);
    return Object.keys(o)
      .filter((k) => !k.startsWith("@odata.") && !k.includes("@odata.") && !ok.has(k))
      .map((k) => `${type}.${k}`);
  };
  const { files } = generateSampleOrg();
  // The earlier state's rewritten files (lib/sample/earlier.ts) are checked with the current ones.
  const earlier = earlierSampleFiles(files);
  const items = (body: string | undefined) => (body ? (JSON.parse(body) as { value: Obj[] }).value : []);
  const value = (name: string) => [...items(files[`entra/${name}`]), ...items(earlier[`entra/${name}`])];
  const check = (items: Obj[], type: string, bases: string[], nested: Record<string, string> = {}) => {
    const bad: string[] = [];
    for (const o of items) {
      bad.push(...unknownKeys(o, type, entities, bases));
      for (const [key, ctype] of Object.entries(nested)) {
        const v = key.split(".").reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Obj)[k] : undefined), o);
        for (const item of Array.isArray(v) ? v : v ? [v] : []) bad.push(...unknownKeys(item as Obj, ctype, complex));
      }
    }
    return [...new Set(bad)].join(", ");
  };

  it("users, groups, service principals", () => {
    expect(check(value("users.json"), "user", ["directoryObject"], { signInActivity: "signInActivity" })).toBe("");
    expect(check(value("groups.json"), "group", ["directoryObject"])).toBe("");
    expect(
      check(value("servicePrincipals.json"), "servicePrincipal", ["directoryObject"], {
        passwordCredentials: "passwordCredential",
      }),
    ).toBe("");
  });

  it("directory roles, assignments, PIM eligibility, app permissions, MFA registration", () => {
    expect(
      check(value("roleDefinitions.json"), "unifiedRoleDefinition", ["entity"], {
        rolePermissions: "unifiedRolePermission",
      }),
    ).toBe("");
    expect(check(value("roleAssignments.json"), "unifiedRoleAssignment", ["entity"])).toBe("");
    expect(
      check(value("roleEligibilitySchedules.json"), "unifiedRoleEligibilitySchedule", ["unifiedRoleScheduleBase"], {
        scheduleInfo: "requestSchedule",
        "scheduleInfo.expiration": "expirationPattern",
      }),
    ).toBe("");
    expect(check(value("oauth2PermissionGrants.json"), "oAuth2PermissionGrant", ["entity"])).toBe("");
    expect(check(value("userRegistrationDetails.json"), "userRegistrationDetails", ["entity"])).toBe("");
    const appRoles = Object.keys(files).filter((f) => f.endsWith("/appRoleAssignments.json"));
    for (const f of appRoles)
      expect(check(value(f.replace(/^entra\//, "")), "appRoleAssignment", ["directoryObject"])).toBe("");
  });

  it("named locations and conditional-access policies, down to their conditions and controls", () => {
    const locations = value("namedLocations.json");
    expect(
      check(
        locations.filter((l) => String(l["@odata.type"]).endsWith("ipNamedLocation")),
        "ipNamedLocation",
        ["namedLocation"],
        { ipRanges: "iPv4CidrRange" },
      ),
    ).toBe("");
    expect(
      check(
        locations.filter((l) => String(l["@odata.type"]).endsWith("countryNamedLocation")),
        "countryNamedLocation",
        ["namedLocation"],
      ),
    ).toBe("");
    expect(
      check(value("conditionalAccessPolicies.json"), "conditionalAccessPolicy", ["entity"], {
        conditions: "conditionalAccessConditionSet",
        "conditions.users": "conditionalAccessUsers",
        "conditions.applications": "conditionalAccessApplications",
        "conditions.locations": "conditionalAccessLocations",
        "conditions.platforms": "conditionalAccessPlatforms",
        "conditions.devices": "conditionalAccessDevices",
        "conditions.devices.deviceFilter": "conditionalAccessFilter",
        "conditions.users.includeGuestsOrExternalUsers": "conditionalAccessGuestsOrExternalUsers",
        grantControls: "conditionalAccessGrantControls",
        sessionControls: "conditionalAccessSessionControls",
        "sessionControls.signInFrequency": "signInFrequencySessionControl+conditionalAccessSessionControl",
        "sessionControls.persistentBrowser": "persistentBrowserSessionControl+conditionalAccessSessionControl",
      }),
    ).toBe("");
  });
});
