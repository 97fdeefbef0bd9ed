import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, type Analysis } from "../analysis/analyze";
import { RULES, runFindings } from "../analysis/findings";
import type { SourceModel } from "../analysis/source-model";
import { openAwsImport } from "../providers/aws/file-import";
import { azureEvents } from "../providers/azure/events";
import { readAzureFiles } from "../providers/azure/import-files";
import { prepareEntraImport } from "../providers/entra/import-files";
import { AZURE_DIR } from "../sample/azure";
import type { ConnectorEvent, Finding } from "../model";
import { modelOfEvents } from "../testing/model-of-events";
import { SAMPLE_NOW } from "../sample/company";
import { AWS_CREDENTIAL_REPORT_FILE, AWS_GAAD_FILE, ENTRA_DIR, SAMPLE_DIR } from "../sample/paths";

/*
 * The sample organisation through the real importers and the real analysis (no database): every finding rule and
 * every matching case has at least one example, on the people the sample was built to show.
 */

const NAMES = { aws: "Northwind AWS (sample)", entra: "Northwind Entra (sample)", azure: "Northwind Azure (sample)" };

function modelOf(kind: "aws" | "entra" | "azure", events: AsyncIterable<ConnectorEvent>): Promise<SourceModel> {
  return modelOfEvents(
    {
      sourceId: kind,
      sourceName: NAMES[kind],
      kind,
      snapshotId: `${kind}-1`,
      finishedAt: SAMPLE_NOW.toISOString(),
      // The Azure estate sits beside the Entra tenant, as load-sample stores it.
      ...(kind === "azure" ? { parentId: "entra" } : {}),
    },
    events,
  );
}

describe("the sample organisation through the importers and the analysis", () => {
  let analysis: Analysis;
  let findings: Finding[];
  const of = (rule: string) => findings.filter((f) => f.rule === rule);
  const subjectsOf = (rule: string) => of(rule).map((f) => f.subject);

  beforeAll(async () => {
    const dir = path.resolve(SAMPLE_DIR);
    const aws = await openAwsImport({
      gaadFile: path.join(dir, AWS_GAAD_FILE),
      credentialReportFile: path.join(dir, AWS_CREDENTIAL_REPORT_FILE),
    });
    const entra = prepareEntraImport([path.join(dir, ENTRA_DIR)]);
    const azure = await modelOf("azure", azureEvents(readAzureFiles([path.join(dir, AZURE_DIR)])));
    const models = [await modelOf("aws", aws.events()), await modelOf("entra", entra.events()), azure];
    analysis = await analyze(models, { now: SAMPLE_NOW });
    findings = runFindings(analysis);
  }, 120_000);

  it("every finding rule has at least one example, all from complete data", () => {
    const fired = new Set(findings.map((f) => f.rule));
    expect(RULES.map((r) => r.id).filter((id) => !fired.has(id))).toEqual([]);
    expect(findings.every((f) => f.complete)).toBe(true);
  });

  it("the findings name the people the sample was built for", () => {
    const subjects = (rule: string) =>
      of(rule)
        .map((f) => f.subject)
        .join(" | ");
    expect(subjects("no-mfa-console-user")).toContain("hvasquez");
    expect(subjects("unmatched-aws-user")).toMatch(/dokafor/);
    expect(subjects("disabled-in-one-cloud")).toMatch(/gregory\.holt|Gregory Holt/);
    expect(subjects("guest-privileged-role")).toMatch(/rahul\.mehta|Rahul Mehta/);
    expect(subjects("wildcard-admin-policy")).toMatch(/LegacyFullAccess/);
    expect(subjects("role-trusts-external")).toMatch(/nw-partner-data-exchange/);
    expect(subjects("azure-admin-to-guest-or-service-principal")).toMatch(/sofia\.lindqvist_/);
    expect(subjects("azure-admin-to-guest-or-service-principal")).toMatch(/nw-automation/);
    expect(subjects("azure-subscription-owner-count")).toContain("Northwind Production");
  });

  it("Priya Natarajan's Entra tier takes in her Azure RBAC: Owner of Northwind Production through SG-Eng-CloudPlatform", () => {
    const priya = [...analysis.principals.values()].find(
      (p) => p.principal.upn === "priya.natarajan@northwind.example",
    )!;
    expect(priya.tier.tier).toBe("admin");
    expect(priya.tier.reasons).toContainEqual(
      expect.objectContaining({
        permissionSet: "Owner (Azure RBAC)",
        via: "group SG-Eng-CloudPlatform",
        detail: expect.stringMatching(/^at Northwind Production \(\/subscriptions\/7a1c5e2d/),
      }),
    );
  });

  it("people are matched across the clouds, ambiguous pairs kept apart", () => {
    const withBoth = analysis.people.filter(
      (p) => p.identities.some((i) => i.sourceId === "aws") && p.identities.some((i) => i.sourceId === "entra"),
    );
    expect(withBoth.length).toBeGreaterThan(100);
    const names = (p: (typeof analysis.people)[number]) => p.identities.map((i) => i.name).join(" ");
    expect(withBoth.some((p) => /jose\.hernandez$/.test(names(p)) && /joseluis\.hernandez@/.test(names(p)))).toBe(true);
    expect(withBoth.some((p) => /maria\.garcialopez/.test(names(p)) && /maria\.garcia@/.test(names(p)))).toBe(true);
    // Transliteration (ü → ue) and a nickname with an apostrophe (Kate ↔ Katherine, O'Brien ↔ obrien).
    for (const [aws, entra, method] of [
      ["zoe.mueller", "Zoë Müller", "firstLast"],
      ["kate.obrien", "Katherine O'Brien", "nickname"],
    ] as const) {
      const p = withBoth.find((x) => x.identities.some((i) => i.name === aws));
      expect(p?.displayName, aws).toBe(entra);
      expect(p?.method, aws).toBe(method);
      expect(subjectsOf("unmatched-aws-user"), aws).not.toContain(aws);
    }
    expect(
      of("ambiguous-person-match")
        .map((f) => f.subject)
        .join(" "),
    ).toMatch(/jwilson|akumar/);
  });
});
