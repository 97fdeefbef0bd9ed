import fs from "node:fs";
import { corpusPath } from "../testing/corpus";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { translate, translateFiles, validateDocument, type Suggestion } from "./index";
import { DOCUMENT_SCHEMAS, SUPPORTING_SCHEMAS } from "./output-schemas";

// biome-ignore lint/suspicious/noExplicitAny: a produced Graph document, walked key by key against Graph's own metadata
type GraphDocument = Record<string, any>;

const CSDL = corpusPath("entra/graph-schema/v1.0/cleanMetadata.xml");
const testdata = path.join(import.meta.dirname, "testdata");

/** Every suggestion the table-driven test data produces: the documents the schema test validates. */
async function producedSuggestions(): Promise<Suggestion[]> {
  const out: Suggestion[] = [];
  const cases = JSON.parse(fs.readFileSync(path.join(testdata, "iam-condition-cases.json"), "utf8")).cases as {
    statement: unknown;
  }[];
  for (const c of cases)
    for (const r of await translate({ Version: "2012-10-17", Statement: [c.statement] }, { name: "schema" }))
      out.push(...r.suggestions);
  const aws = JSON.parse(fs.readFileSync(path.join(testdata, "aws-policy-cases.json"), "utf8")).cases as {
    policy: unknown;
  }[];
  for (const c of aws) for (const r of await translate(c.policy, { name: "schema" })) out.push(...r.suggestions);
  const files = fs.readdirSync(path.join(testdata, "inputs")).filter((f) => f !== "expected.json");
  const results = await translateFiles(
    files.map((f) => ({ file: f, bytes: new Uint8Array(fs.readFileSync(path.join(testdata, "inputs", f))) })),
    {
      resolver: (ref) =>
        ref.side === "aws" && ref.id === "AIDAALICE"
          ? [{ side: "entra", kind: "user", id: "aaaaaaaa-0000-0000-0000-000000000001", name: "alice" }]
          : [],
    },
  );
  for (const r of results) out.push(...r.suggestions);
  return out;
}

describe("every produced document validates against its target's schema", () => {
  it("covers every target and validates all documents", async () => {
    const all = await producedSuggestions();
    const targets = new Set(all.filter((s) => s.document).map((s) => s.target));
    expect([...targets].sort(), "targets with a document").toEqual(Object.keys(DOCUMENT_SCHEMAS).sort());
    for (const s of all) {
      if (s.document)
        expect(
          validateDocument(s.target, s.document),
          `${s.target} ${JSON.stringify(s.document).slice(0, 200)}`,
        ).toEqual([]);
      for (const sup of s.supporting ?? [])
        expect(SUPPORTING_SCHEMAS[sup.target]!.safeParse(sup.document).success).toBe(true);
    }
  });

  it("the schemas reject what the real services reject", () => {
    expect(
      validateDocument("azure-rbac-role", {
        Name: "x",
        IsCustom: true,
        Description: "",
        Actions: [],
        NotActions: [],
        DataActions: [],
        NotDataActions: [],
        AssignableScopes: [],
      }),
    ).not.toEqual([]);
    expect(
      validateDocument("aws-iam-policy", {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", NotAction: "s3:*", Resource: "*" }],
      }),
    ).not.toEqual([]);
    expect(
      validateDocument("aws-scp", {
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Action: "*", NotResource: "arn:aws:s3:::x" }],
      }),
    ).not.toEqual([]);
    expect(
      validateDocument("entra-ca-policy", {
        displayName: "x",
        state: "on",
        conditions: {},
        grantControls: null,
        sessionControls: null,
      }),
    ).not.toEqual([]);
    expect(
      validateDocument("entra-group", {
        displayName: "x",
        mailEnabled: true,
        mailNickname: "x",
        securityEnabled: true,
        groupTypes: [],
      }),
    ).not.toEqual([]);
  });
});

/** Property names and enum members of the Graph v1.0 CSDL, following BaseType chains. */
function csdl(xml: string) {
  const types = new Map<string, { base: string | null; props: Set<string> }>();
  for (const m of xml.matchAll(/<(EntityType|ComplexType) Name="(\w+)"((?:[^>/]|\/(?!>))*)>([\s\S]*?)<\/\1>/g)) {
    const base = /BaseType="graph\.(\w+)"/.exec(m[3]!)?.[1] ?? null;
    // Several schema namespaces reuse a name (externalConnectors.group): keep the first (microsoft.graph) definition.
    if (!types.has(m[2]!))
      types.set(m[2]!, {
        base,
        props: new Set([...m[4]!.matchAll(/<(?:Navigation)?Property Name="(\w+)"/g)].map((p) => p[1]!)),
      });
  }
  const enums = new Map<string, Set<string>>();
  for (const m of xml.matchAll(/<EnumType Name="(\w+)"[^>]*>([\s\S]*?)<\/EnumType>/g))
    enums.set(m[1]!, new Set([...m[2]!.matchAll(/Member Name="(\w+)"/g)].map((x) => x[1]!)));
  const props = (t: string): Set<string> => {
    const out = new Set<string>();
    for (let cur: string | null = t; cur; cur = types.get(cur)?.base ?? null)
      for (const p of types.get(cur)?.props ?? []) out.add(p);
    return out;
  };
  return { props, enums };
}

describe("Graph documents use only property names and enum values of the v1.0 CSDL", () => {
  const { props, enums } = csdl(fs.readFileSync(CSDL, "utf8"));
  const keysOk = (obj: unknown, type: string) => {
    const allowed = props(type);
    expect(allowed.size, type).toBeGreaterThan(0);
    for (const k of Object.keys(obj as object))
      if (!k.startsWith("@odata.") && !k.endsWith("@odata.bind")) expect(allowed, `${type}.${k}`).toContain(k);
  };
  it("conditionalAccessPolicy, ipNamedLocation, group, unifiedRoleDefinition", async () => {
    const all = await producedSuggestions();
    const ca = all.filter((s) => s.target === "entra-ca-policy" && s.document).map((s) => s.document as GraphDocument);
    expect(ca.length).toBeGreaterThan(3);
    for (const d of ca) {
      keysOk(d, "conditionalAccessPolicy");
      keysOk(d.conditions, "conditionalAccessConditionSet");
      keysOk(d.conditions.users, "conditionalAccessUsers");
      keysOk(d.conditions.applications, "conditionalAccessApplications");
      if (d.conditions.locations) keysOk(d.conditions.locations, "conditionalAccessLocations");
      keysOk(d.grantControls, "conditionalAccessGrantControls");
      expect(enums.get("conditionalAccessPolicyState")).toContain(d.state);
      for (const g of d.grantControls.builtInControls) expect(enums.get("conditionalAccessGrantControl")).toContain(g);
      for (const c of d.conditions.clientAppTypes) expect(enums.get("conditionalAccessClientApp")).toContain(c);
      if (d.sessionControls) {
        keysOk(d.sessionControls, "conditionalAccessSessionControls");
        const f = d.sessionControls.signInFrequency;
        keysOk(f, "signInFrequencySessionControl");
        expect(enums.get("signinFrequencyType")).toContain(f.type);
        expect(enums.get("signInFrequencyInterval")).toContain(f.frequencyInterval);
        expect(enums.get("signInFrequencyAuthenticationType")).toContain(f.authenticationType);
      }
    }
    const locations = all.flatMap((s) => s.supporting ?? []).map((s) => s.document as GraphDocument);
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) {
      keysOk(l, "ipNamedLocation");
      for (const r of l.ipRanges)
        keysOk(r, r["@odata.type"].endsWith("iPv6CidrRange") ? "iPv6CidrRange" : "iPv4CidrRange");
    }
    for (const g of all.filter((s) => s.target === "entra-group" && s.document)) keysOk(g.document, "group");
    const roles = all
      .filter((s) => s.target === "entra-directory-role" && s.document)
      .map((s) => s.document as GraphDocument);
    expect(roles.length).toBeGreaterThan(0);
    for (const r of roles) {
      keysOk(r, "unifiedRoleDefinition");
      for (const p of r.rolePermissions) keysOk(p, "unifiedRolePermission");
    }
  });
});
