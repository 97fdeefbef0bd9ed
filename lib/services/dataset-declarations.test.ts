import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../analysis/findings";
import { COUNT_KEYS, DATASET_NAMES, type ConnectorEvent, type SourceKind } from "../model";
import { AWS_DATASETS } from "../providers/aws/datasets";
import { AWS_ORG_DATASETS } from "../providers/aws-org/datasets";
import { AZURE_DATASETS } from "../providers/azure/datasets/index";
import { openAwsImport } from "../providers/aws/file-import";
import { ENTRA_DATASET_LIST, ENTRA_DATASETS } from "../providers/entra/datasets";
import { datasetFromPath, datasetFromUrl, datasetOfItem } from "../providers/entra/detect";
import type { GraphObject } from "../providers/entra/graph-types";
import { prepareEntraImport } from "../providers/entra/import-files";
import { readJsonFile } from "../providers/entra/read-json";
import { COUNT_DATASETS } from "./snapshot-counts";

// Every place that names a dataset resolves it to one declaration (lib/providers/<cloud>/datasets): rules, counts,
// file detection, and the dataset statuses an import reports. A name anywhere without a declaration fails a row here
// (and, for literal names, the type check).

const REGISTRY: { [K in SourceKind]: Record<string, { name: string }> } = {
  aws: AWS_DATASETS,
  entra: ENTRA_DATASETS,
  awsOrganization: AWS_ORG_DATASETS,
  azure: AZURE_DATASETS,
};
const KINDS = Object.keys(REGISTRY) as SourceKind[];
const TENANT = path.join(import.meta.dirname, "../providers/entra/testdata/tenant");
const AWS_TD = path.join(import.meta.dirname, "../providers/aws/testdata");

async function datasetEvents(events: AsyncIterable<ConnectorEvent>): Promise<string[]> {
  const names: string[] = [];
  for await (const e of events) if (e.type === "dataset") names.push(e.name);
  return names;
}

describe("dataset declarations", () => {
  it.each(KINDS)("%s: each model name has one declaration under that name, and no declaration is unnamed", (kind) => {
    const declared = Object.entries(REGISTRY[kind]).map(([key, d]) => ({ key, name: d.name }));
    expect(declared).toEqual(DATASET_NAMES[kind].map((n) => ({ key: n, name: n })));
  });

  it.each(RULES.map((r) => [r.id, r] as const))("rule %s: every dataset it requires is declared", (_id, rule) => {
    for (const kind of KINDS) {
      for (const name of rule.datasets[kind] ?? [])
        expect({ kind, name, declared: name in REGISTRY[kind] }).toEqual({ kind, name, declared: true });
    }
  });

  it.each(KINDS)("%s: every count is fed by declared datasets; only the expected ones by none", (kind) => {
    const fed = COUNT_DATASETS[kind];
    expect(Object.keys(fed)).toEqual([...COUNT_KEYS[kind]]);
    for (const [key, names] of Object.entries(fed))
      for (const name of names)
        expect({ key, name, declared: name in REGISTRY[kind] }).toEqual({ key, name, declared: true });
    const unfed = Object.entries(fed).flatMap(([k, names]) => (names.length ? [] : [k]));
    expect(unfed).toEqual(kind === "entra" ? ["azureRoles"] : []);
  });

  it("each @odata.type belongs to one Entra dataset", () => {
    const owners = new Map<string, string[]>();
    for (const d of ENTRA_DATASET_LIST)
      if (d.file && "odataTypes" in d.file)
        for (const t of d.file.odataTypes) owners.set(t, [...(owners.get(t) ?? []), d.name]);
    for (const [type, names] of owners) expect({ type, names }).toEqual({ type, names: names.slice(0, 1) });
  });

  // The fixture tenant's files: real Graph v1.0 response shapes, one file per dataset.
  const FILES: [file: string, dataset: string][] = [
    ["users.json", "users"],
    ["groups.json", "groups"],
    ["groups/b320ee12-b1cd-4cca-b648-a437be61c5cd/members.json", "memberships"],
    ["groups/b320ee12-b1cd-4cca-b648-a437be61c5cd/transitiveMembers.json", "memberships"],
    ["roleDefinitions.json", "directoryRoles"],
    ["roleAssignments.json", "roleAssignments"],
    ["roleEligibilitySchedules.json", "pimEligibility"],
    ["servicePrincipals.json", "servicePrincipals"],
    ["servicePrincipals/8e881353-1735-45af-af21-ee1344582a4d/appRoleAssignments.json", "appRoleAssignments"],
    ["oauth2PermissionGrants.json", "oauth2PermissionGrants"],
    ["userRegistrationDetails.json", "mfaRegistration"],
    ["namedLocations.json", "namedLocations"],
    ["conditionalAccessPolicies.json", "conditionalAccess"],
  ];

  it.each(FILES)("%s: its @odata.context (or folder) names %s", (file, dataset) => {
    const body = readJsonFile(path.join(TENANT, file), file) as { "@odata.context": string };
    expect((datasetFromUrl(body["@odata.context"]) ?? datasetFromPath(file))?.dataset).toBe(dataset);
  });

  it.each(FILES.filter(([, d]) => d !== "memberships"))(
    "%s: each object, without @odata.type, matches exactly one shape: %s",
    (file, dataset) => {
      const body = readJsonFile(path.join(TENANT, file), file) as { value: GraphObject[] };
      for (const [i, o] of body.value.entries()) {
        const { "@odata.type": _type, ...bare } = o;
        const matches = ENTRA_DATASET_LIST.filter((d) => d.file && "shape" in d.file && d.file.shape(bare)).map(
          (d) => d.name,
        );
        expect({ item: i, matches }).toEqual({ item: i, matches: [dataset] });
        expect({ item: i, byItem: datasetOfItem(o) }).toEqual({ item: i, byItem: dataset });
      }
    },
  );

  it("an Entra import reports each declared dataset once, in the model's order, and nothing else", async () => {
    expect(await datasetEvents(prepareEntraImport([TENANT]).events())).toEqual([...DATASET_NAMES.entra]);
  });

  it("an AWS import reports only declared datasets", async () => {
    const opened = await openAwsImport({
      gaadFile: path.join(AWS_TD, "gaad-cli.json"),
      credentialReportFile: path.join(AWS_TD, "credential-report.csv"),
    });
    expect(await datasetEvents(opened.events())).toEqual([
      "passwordPolicy",
      "credentialReport",
      "authorizationDetails",
    ]);
  });
});
