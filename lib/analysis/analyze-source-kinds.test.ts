import { beforeAll, describe, expect, it } from "vitest";
import type { Analysis } from "./analyze";
import { accountModels, entraModel, organizationModel } from "../fakes/aws-org/as-models";
import { generateOrganization } from "../fakes/aws-org/generate";
import { analyze } from "./analyze";
import { runFindings } from "./findings";
import { digestFindings, summarizeOverview } from "./overview";

// Organisation (and Azure) snapshots are analysed together with IAM and Entra but never as identities of their own:
// their Identity Center users are not IAM users, their groups not Entra groups. They reach people through paths.
describe("analyze() with an organisation snapshot beside Entra and member accounts", () => {
  const org = generateOrganization({ accounts: 4, seed: 5 });
  const organization = organizationModel(org);
  let a: Analysis;
  beforeAll(async () => {
    a = await analyze([entraModel(org), organization, ...accountModels(org)]);
  });

  it("finds the organisation by its kind and traces paths from it", () => {
    expect(a.accessPaths?.organization?.model.sourceId).toBe(organization.sourceId);
    expect(a.accessPaths?.paths.length).toBeGreaterThan(0);
  });

  it("analyses no Identity Center user or group as an identity, and makes no person of one", () => {
    const orgIds = organization.principals.map((p) => p.providerId);
    expect(orgIds.length).toBeGreaterThan(0);
    const analysed = orgIds.filter((id) => a.get(organization.sourceId, id));
    expect(analysed).toEqual([]);
    expect(a.people.flatMap((p) => p.identities).filter((i) => i.sourceId === organization.sourceId)).toEqual([]);
  });

  it("lists only IAM and Entra sources as clouds of the overview", () => {
    const o = summarizeOverview(a, { total: 0 } as never, digestFindings(runFindings(a)));
    expect(o.clouds.map((c) => c.kind).sort()).toEqual(
      ["entra", ...accountModels(org).map(() => "aws" as const)].sort(),
    );
  });
});
