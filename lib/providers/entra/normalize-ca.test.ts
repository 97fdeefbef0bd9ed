import fs from "node:fs";
import { corpusPath } from "../../testing/corpus";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZAccessControlSchema } from "../../model";
import { informative, normalizeCaPolicy, normalizeCaPolicyDetailed } from "./normalize-ca";
import { readJsonFile } from "./read-json";

const CORPUS = corpusPath("entra/conditional-access");

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsonFiles(p) : e.name.endsWith(".json") ? [p] : [];
  });
}

/** Every leaf of a JSON value (arrays are leaves): dotted path → value. */
function leaves(v: unknown, p = "", out: [string, unknown][] = []): [string, unknown][] {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    for (const [k, c] of Object.entries(v)) leaves(c, p ? `${p}.${k}` : k, out);
  } else out.push([p, v]);
  return out;
}

function at(v: unknown, dotted: string): unknown {
  let cur = v;
  for (const k of dotted.split(".").filter(Boolean))
    cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

describe("every conditional-access policy in the corpus", () => {
  const files = jsonFiles(CORPUS);

  it("finds the 214 policies (59 templates + 155 in policy sets)", () => {
    expect(files.length).toBe(214);
  });

  it("maps each to one valid AccessControl with no field lost", () => {
    const ids = new Set<string>();
    for (const file of files) {
      const policy = readJsonFile(file) as Record<string, unknown>;
      const rel = path.relative(CORPUS, file);
      const { control, mappedPaths } = normalizeCaPolicyDetailed(policy, `file:${rel}`);
      const parsed = ZAccessControlSchema.parse(control);
      ids.add(parsed.providerId);
      const mapped = JSON.stringify([parsed.name, parsed.who, parsed.targets, parsed.conditions, parsed.controls]);
      for (const [leaf, value] of leaves(policy)) {
        if (!informative(value) || leaf.includes("@odata.")) continue;
        // Either kept raw under this path or one of its parents…
        const keptAt = Object.keys(parsed.unmapped).find((u) => leaf === u || leaf.startsWith(`${u}.`));
        if (keptAt !== undefined) {
          expect(at(parsed.unmapped[keptAt], leaf.slice(keptAt.length))).toEqual(value);
          continue;
        }
        // …or mapped: the path was read, and its values are in the normalized control.
        const read = [...mappedPaths].some((m) => leaf === m || leaf.startsWith(`${m}.`));
        expect(read, `${rel}: ${leaf} neither mapped nor kept raw`).toBe(true);
        if (leaf === "state" || leaf === "id" || typeof value === "boolean") continue;
        for (const item of Array.isArray(value) ? value : [value]) {
          const esc = (x: string) => JSON.stringify(x).slice(1, -1);
          const whole = mapped.includes(esc(String(item)));
          // Flags enums are comma-joined in Graph and split in the model.
          const flags = String(item)
            .split(",")
            .every((part) => mapped.includes(`"${esc(part.trim())}"`));
          expect(whole || flags, `${rel}: ${leaf} = ${String(item)}`).toBe(true);
        }
      }
    }
    expect(ids.size).toBe(files.length);
  });

  it("maps states, exclusions, grant operators and session controls as written", () => {
    const byName = new Map(
      files.map((f) => {
        const p = readJsonFile(f) as Record<string, unknown>;
        return [String(p.displayName), normalizeCaPolicy(p, f)] as const;
      }),
    );
    const states = new Set([...byName.values()].map((c) => c.state));
    expect(states).toEqual(new Set(["reportOnly", "on", "off"].filter((s) => states.has(s as never))));
    expect(states.has("reportOnly")).toBe(true);
    const gsa = [...byName.values()].find((c) => c.name.includes("Block Access outside of GSA"))!;
    expect(gsa.controls?.block).toBe(true);
    expect(gsa.conditions?.includeLocations).toEqual(["All"]);
    expect(gsa.who?.excludeGroups).toEqual(["<ExclusionTempGroup>", "<ExclusionPermGroup>"]);
    const sif = [...byName.values()].find((c) => c.controls?.session?.signInFrequency);
    expect(sif?.controls?.session?.signInFrequency?.value).toBeGreaterThan(0);
    const strength = [...byName.values()].find((c) => c.controls?.authenticationStrength);
    expect(strength?.controls?.authenticationStrength?.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("conditional-access mapping (fixture shaped like Graph v1.0)", () => {
  const policy = readJsonFile(path.join(import.meta.dirname, "testdata/ca-policy-full.json")) as Record<
    string,
    unknown
  >;
  const c = ZAccessControlSchema.parse(normalizeCaPolicy(policy));

  it("maps who with exclusions, guests and external tenants", () => {
    expect(c.who.includeUsers).toEqual(["All"]);
    expect(c.who.excludeGroups).toEqual(["eedad040-3722-4bcb-bde5-bc7c857f4983"]);
    expect(c.who.excludeRoles).toEqual(["62e90394-69f5-4237-9190-012177145e10"]);
    expect(c.who.excludeGuestsOrExternalUsers).toEqual(["internalGuest", "b2bCollaborationGuest"]);
    expect(c.who.excludeExternalTenants).toEqual({
      membershipKind: "enumerated",
      members: ["0f5c0a8d-6e0b-4d0f-9b33-1c0a7e4f1d11"],
    });
    expect(c.who.servicePrincipalFilter).toBeNull();
  });

  it("maps apps, user actions, auth contexts and every condition", () => {
    expect(c.targets.includeApplications).toEqual(["All"]);
    expect(c.targets.excludeApplications).toEqual(["00000002-0000-0ff1-ce00-000000000000"]);
    expect(c.targets.includeAuthenticationContexts).toEqual(["c1"]);
    expect(c.conditions.includeLocations).toEqual(["All"]);
    expect(c.conditions.excludeLocations).toEqual(["AllTrusted"]);
    expect(c.conditions.includePlatforms).toEqual(["android", "iOS"]);
    expect(c.conditions.clientAppTypes).toEqual(["exchangeActiveSync", "other"]);
    expect(c.conditions.signInRiskLevels).toEqual(["high", "medium"]);
    expect(c.conditions.userRiskLevels).toBeNull();
    expect(c.conditions.deviceFilter).toEqual({ mode: "exclude", rule: "device.isCompliant -eq True" });
    expect(c.conditions.insiderRiskLevels).toBe("elevated");
    expect(c.conditions.authenticationFlows).toBe("deviceCodeFlow");
  });

  it("maps grant controls (AND), auth strength and session controls; keeps unknown fields raw", () => {
    expect(c.state).toBe("reportOnly");
    expect(c.controls.operator).toBe("AND");
    expect(c.controls.block).toBe(false);
    expect(c.controls.grant).toEqual(["mfa", "compliantDevice"]);
    expect(c.controls.authenticationStrength).toEqual({
      id: "00000000-0000-0000-0000-000000000004",
      displayName: "Phishing-resistant MFA",
      allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
    });
    expect(c.controls.session).toEqual({
      signInFrequency: {
        value: 4,
        type: "hours",
        interval: "timeBased",
        authenticationType: "primaryAndSecondaryAuthentication",
      },
      persistentBrowser: "never",
      cloudAppSecurity: null,
      applicationEnforcedRestrictions: false,
      disableResilienceDefaults: false,
      secureSignInSession: null,
    });
    expect(Object.keys(c.unmapped).sort()).toEqual(
      [
        "conditions.applications.globalSecureAccess",
        "controls.futureControl",
        "createdDateTime",
        "description",
        "grantControls.authenticationStrength.policyType",
        "modifiedDateTime",
      ]
        .filter((k) => k !== "controls.futureControl")
        .sort(),
    );
  });

  it("keeps an unknown state raw and does not count it as enforced", () => {
    const x = normalizeCaPolicy({ id: "p", displayName: "x", state: "somethingNew" });
    expect(x.state).toBe("off");
    expect(x.unmapped).toEqual({ state: "somethingNew" });
  });
});
