import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { globToRegExp } from "../aws-actions/action-pattern";
import { DATA } from "./crosswalk";
import { loadManagedPolicies } from "./data/managed-policies";
import {
  detectInputs,
  isDetectionError,
  parseNamedLocation,
  prepareContext,
  translate,
  translateItem,
  validateDocument,
  type PrincipalRef,
  type PrincipalResolver,
  type Suggestion,
  type TranslateContext,
  type TranslationInput,
  type TranslationResult,
} from "./index";

const here = import.meta.dirname;
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(here, "testdata", f), "utf8"));

function resolverFrom(map: Record<string, PrincipalRef[]>): PrincipalResolver {
  return (ref) => map[`${ref.side}:${ref.kind}:${ref.id}`] ?? [];
}

function only(value: unknown, opts: Parameters<typeof translate>[1] = {}): Promise<TranslationResult> {
  return translate(value, opts).then((r) => {
    expect(r).toHaveLength(1);
    return r[0]!;
  });
}

function suggestion(r: TranslationResult, target: string): Suggestion {
  expect(r.error).toBeNull();
  const s = r.suggestions.find((x) => x.target === target);
  expect(s, `${target} suggestion in ${r.suggestions.map((x) => x.target).join(",")}`).toBeDefined();
  return s!;
}

/** Whether an IAM policy document allows an action (Allow statements, IAM wildcard rules; Deny ignored). */
function allows(doc: unknown, action: string): boolean {
  const st = ((doc as { Statement?: unknown[] } | null)?.Statement ?? []) as {
    Effect: string;
    Action?: string | string[];
    NotAction?: string | string[];
  }[];
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return st.some(
    (s) =>
      s.Effect === "Allow" &&
      (s.Action !== undefined
        ? list(s.Action).some((p) => globToRegExp(p).test(action))
        : !list(s.NotAction).some((p) => globToRegExp(p).test(action))),
  );
}

const droppedText = (s: Suggestion) => s.dropped.map((d) => `${d.part} — ${d.reason}`).join("\n");

function expectEveryDocumentValid(r: TranslationResult) {
  for (const s of r.suggestions) {
    if (s.document) expect(validateDocument(s.target, s.document), `${r.input.name} → ${s.target}`).toEqual([]);
    expect(s.confidence).toBeGreaterThanOrEqual(0);
    expect(s.confidence).toBeLessThanOrEqual(1);
    expect(s.explanation.length).toBeGreaterThan(0);
    for (let i = 1; i < s.closestBuiltIn.length; i++) {
      // Documented matches come first; computed ones are sorted best first.
      const [a, b] = [s.closestBuiltIn[i - 1]!, s.closestBuiltIn[i]!];
      if (a.basis === b.basis && b.basis === "computed") expect(a.score).toBeGreaterThanOrEqual(b.score);
    }
  }
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown) {
  const keys = dotted.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    o[k] ??= {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
}

function pascal(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pascal);
  if (typeof v !== "object" || v === null) return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k.startsWith("@") ? k : k[0]!.toUpperCase() + k.slice(1), pascal(x)]),
  );
}

describe("conditional-access → AWS (testdata/ca-cases.json)", () => {
  const data = load("ca-cases.json");
  const namedLocations = data.namedLocations.map(parseNamedLocation);
  const resolver = resolverFrom(data.resolver);
  it.each(
    data.cases as { name: string; patch: Record<string, unknown>; pascal?: boolean; expect: Record<string, unknown> }[],
  )("$name", async (c) => {
    const policy = structuredClone(data.base);
    policy.displayName = c.name;
    for (const [k, v] of Object.entries(c.patch)) setPath(policy, k, v);
    const r = await only(c.pascal ? pascal(policy) : policy, { namedLocations, resolver });
    expect(r.input.kind).toBe("entra-ca-policy");
    expectEveryDocumentValid(r);
    const iam = suggestion(r, "aws-iam-policy");
    const scp = suggestion(r, "aws-scp");
    const e = c.expect as {
      document?: string;
      jsonIncludes?: string[];
      jsonExcludes?: string[];
      droppedIncludes?: string[];
      confidenceMin?: number;
      confidenceMax?: number;
      attachTo?: string[];
      scpJsonIncludes?: string[];
    };
    if (e.document === "null") {
      expect(iam.document).toBeNull();
      expect(scp.document).toBeNull();
      expect(iam.confidence).toBe(0);
    }
    if (e.document === "present") expect(iam.document).not.toBeNull();
    const json = JSON.stringify(iam.document);
    for (const s of e.jsonIncludes ?? []) expect(json).toContain(s);
    for (const s of e.jsonExcludes ?? []) expect(json).not.toContain(s);
    for (const s of e.scpJsonIncludes ?? []) expect(JSON.stringify(scp.document)).toContain(s);
    for (const s of e.droppedIncludes ?? []) expect(droppedText(iam)).toContain(s);
    if (e.confidenceMin !== undefined) expect(iam.confidence).toBeGreaterThanOrEqual(e.confidenceMin);
    if (e.confidenceMax !== undefined) expect(iam.confidence).toBeLessThanOrEqual(e.confidenceMax);
    if (e.attachTo) expect(iam.attachTo?.map((p) => p.name).sort()).toEqual([...e.attachTo].sort());
  });
});

describe("IAM conditions → conditional access (testdata/iam-condition-cases.json)", () => {
  const data = load("iam-condition-cases.json");
  it.each(
    data.cases as {
      name: string;
      statement: unknown;
      ca: string[][];
      caDropped?: string[];
      azureDropped?: string[];
      supporting?: string[];
    }[],
  )("$name", async (c) => {
    const r = await only({ Version: "2012-10-17", Statement: [c.statement] }, { name: "cond" });
    expectEveryDocumentValid(r);
    const cas = r.suggestions.filter((s) => s.target === "entra-ca-policy");
    expect(cas).toHaveLength(c.ca.length);
    c.ca.forEach((subs, i) => {
      for (const s of subs) expect(JSON.stringify(cas[i]!.document)).toContain(s);
      expect(cas[i]!.document).toMatchObject({ state: "enabledForReportingButNotEnforced" });
    });
    for (const s of c.caDropped ?? []) expect(cas.map(droppedText).join("\n")).toContain(s);
    for (const s of c.azureDropped ?? []) expect(droppedText(suggestion(r, "azure-rbac-role"))).toContain(s);
    for (const s of c.supporting ?? []) expect(JSON.stringify(cas.flatMap((x) => x.supporting ?? []))).toContain(s);
  });

  it("scopes the CA policy to the matched Entra people of the policy's holders", async () => {
    const [item] = detectInputs(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            NotAction: "iam:GetUser",
            Resource: "*",
            Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
          },
        ],
      },
      null,
      "ForceMfa",
    );
    const ctx = await prepareContext([item as TranslationInput], {
      resolver: resolverFrom({
        "aws:user:AIDAALICE": [
          { side: "entra", kind: "user", id: "aaaaaaaa-0000-0000-0000-000000000001", name: "alice@contoso.com" },
        ],
      }),
    });
    const r = translateItem(item as TranslationInput, ctx, [
      { kind: "user", id: "AIDAALICE", name: "alice" },
      { kind: "group", id: "AGPAX", name: "Ops" },
    ]);
    const ca = suggestion(r, "entra-ca-policy");
    expect(ca.document).toMatchObject({
      conditions: { users: { includeUsers: ["aaaaaaaa-0000-0000-0000-000000000001"] } },
    });
    expect(droppedText(ca)).toContain("attached to group Ops");
  });
});

describe("AWS policy → Azure RBAC / Entra (testdata/aws-policy-cases.json)", () => {
  const data = load("aws-policy-cases.json");
  type Case = {
    name: string;
    policy: unknown;
    azure?: string[];
    azureExcludes?: string[];
    entra?: string[];
    dropped?: string[];
    scopes?: string[];
    explanation?: string[];
    azureDocument?: string;
    closestFirst?: string;
    closestIncludes?: string[];
    entraClosestIncludes?: string[];
    /** Substrings the Entra role document must not contain (there may be no document at all). */
    entraExcludes?: string[];
    entraExplanation?: string[];
    entraDropped?: string[];
  };
  it.each(data.cases as Case[])("$name", async (c) => {
    const r = await only(c.policy, { name: "case" });
    expectEveryDocumentValid(r);
    const az = suggestion(r, "azure-rbac-role");
    if (c.azureDocument === "null") expect(az.document).toBeNull();
    const json = JSON.stringify(az.document);
    for (const s of c.azure ?? []) expect(json).toContain(s);
    for (const s of c.azureExcludes ?? []) expect(json).not.toContain(s);
    for (const s of c.dropped ?? []) expect(droppedText(az)).toContain(s);
    for (const s of c.scopes ?? []) expect((az.assignmentScopes ?? []).join("\n")).toContain(s);
    for (const s of c.explanation ?? []) expect(az.explanation.join("\n")).toContain(s);
    if (c.closestFirst) expect(az.closestBuiltIn[0]?.name).toBe(c.closestFirst);
    for (const s of c.closestIncludes ?? []) expect(az.closestBuiltIn.map((b) => b.name).join("|")).toContain(s);
    if (c.entra) {
      const en = suggestion(r, "entra-directory-role");
      for (const s of c.entra) expect(JSON.stringify(en.document)).toContain(s);
      for (const s of c.entraClosestIncludes ?? []) expect(en.closestBuiltIn.map((b) => b.name)).toContain(s);
    }
    const en = r.suggestions.find((x) => x.target === "entra-directory-role");
    for (const s of c.entraExcludes ?? []) expect(JSON.stringify(en?.document ?? null)).not.toContain(s);
    for (const s of c.entraExplanation ?? []) expect(en?.explanation.join("\n")).toContain(s);
    for (const s of c.entraDropped ?? []) expect(en ? droppedText(en) : "").toContain(s);
  });
});

describe("Azure / Entra role → IAM policy (testdata/role-cases.json)", () => {
  const data = load("role-cases.json");
  type Case = {
    name: string;
    builtIn?: string;
    role?: unknown;
    kind: "azure" | "entra";
    json?: string[];
    allows?: string[];
    notAllows?: string[];
    jsonExcludes?: string[];
    dropped?: string[];
    closestIncludes?: string[];
    document?: string;
  };
  it.each(data.cases as Case[])("$name", async (c) => {
    let input: unknown = c.role;
    if (c.builtIn && c.kind === "azure") {
      const r = DATA.azureRoles.find((x) => x.name === c.builtIn)!;
      input = {
        roleName: r.name,
        name: r.id,
        roleType: "BuiltInRole",
        type: "Microsoft.Authorization/roleDefinitions",
        permissions: [
          {
            actions: r.actions,
            notActions: r.notActions,
            dataActions: r.dataActions,
            notDataActions: r.notDataActions,
          },
        ],
        assignableScopes: ["/"],
      };
    }
    if (c.builtIn && c.kind === "entra") {
      const r = DATA.entraRoles.find((x) => x.name === c.builtIn)!;
      input = {
        "@odata.type": "#microsoft.graph.unifiedRoleDefinition",
        id: r.id,
        templateId: r.id,
        displayName: r.name,
        isBuiltIn: true,
        rolePermissions: [{ allowedResourceActions: r.allowedResourceActions }],
      };
    }
    const r = await only(input);
    expect(r.input.kind).toBe(c.kind === "azure" ? "azure-rbac-role" : "entra-directory-role");
    expectEveryDocumentValid(r);
    const s = suggestion(r, "aws-iam-policy");
    if (c.document === "null") expect(s.document).toBeNull();
    const json = JSON.stringify(s.document);
    for (const x of c.json ?? []) expect(json).toContain(x);
    for (const x of c.jsonExcludes ?? []) expect(json).not.toContain(x);
    for (const x of c.allows ?? []) expect(allows(s.document, x), `allows ${x}`).toBe(true);
    for (const x of c.notAllows ?? []) expect(allows(s.document, x), `does not allow ${x}`).toBe(false);
    for (const x of c.dropped ?? []) expect(droppedText(s)).toContain(x);
    for (const x of c.closestIncludes ?? []) expect(s.closestBuiltIn.map((b) => b.name)).toContain(x);
  });
});

describe("role equivalences (data/role-equivalences.json, real AWS managed policies)", () => {
  const policies = new Map(loadManagedPolicies().map((p) => [p.name, p]));
  let ctx: TranslateContext;
  const items = new Map<string, TranslationInput>();
  beforeAll(async () => {
    for (const e of DATA.equivalences) {
      const p = policies.get(e.aws)!;
      const [item] = detectInputs({
        arn: p.arn,
        latestVersionId: p.versionId,
        versions: { [p.versionId]: { document: p.document } },
      });
      if (!item || isDetectionError(item)) throw new Error(`cannot parse ${e.aws}`);
      items.set(e.aws, item);
    }
    ctx = await prepareContext([...items.values()]);
  });
  it.each(DATA.equivalences.map((e) => [e.aws, e] as const))(
    "%s → documented Azure and Entra built-ins first",
    (_name, e) => {
      const r = translateItem(items.get(e.aws)!, ctx);
      expectEveryDocumentValid(r);
      const az = suggestion(r, "azure-rbac-role");
      expect(az.closestBuiltIn.slice(0, e.azure.length).map((b) => [b.id, b.basis])).toEqual(
        e.azure.map((x) => [x.id, "documented"]),
      );
      expect(az.explanation.join("\n")).toContain("Documented equivalence");
      if (e.entra.length) {
        const en = suggestion(r, "entra-directory-role");
        expect(en.closestBuiltIn.slice(0, e.entra.length).map((b) => b.id)).toEqual(e.entra.map((x) => x.id));
      }
    },
  );
  it("documented GUIDs exist in the generated Azure catalogue and the Entra role data", () => {
    for (const e of DATA.equivalences) {
      for (const r of e.azure) expect(DATA.azureRoles.find((x) => x.id === r.id)?.name).toBe(r.name);
      for (const r of e.entra) expect(DATA.entraRoles.find((x) => x.id === r.id)?.name).toBe(r.name);
    }
  });
  it("AdministratorAccess and PowerUserAccess rank Owner / Contributor above every computed match", () => {
    const admin = suggestion(translateItem(items.get("AdministratorAccess")!, ctx), "azure-rbac-role");
    expect(admin.closestBuiltIn[0]!.score).toBeGreaterThan(0.8);
    const power = suggestion(translateItem(items.get("PowerUserAccess")!, ctx), "azure-rbac-role");
    expect(power.closestBuiltIn[0]!.name).toBe("Contributor");
    expect(power.document).toMatchObject({ Actions: ["*"] });
    expect((power.document as { NotActions: string[] }).NotActions).toContain("Microsoft.Authorization/*/Write");
  });
});
