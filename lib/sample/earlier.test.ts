import { describe, expect, it } from "vitest";
import { EARLIER_AT, HISTORY, earlierSampleFiles } from "./earlier";
import { generateSampleOrg } from "./generate";

describe("the sample's earlier state (a declarative patch over the generated files)", () => {
  const { files } = generateSampleOrg();
  const earlier = earlierSampleFiles(files);
  const all = { ...files, ...earlier };

  it("rewrites only the files the history touches, as the generator formats them", () => {
    expect(Object.keys(earlier).every((f) => f in files)).toBe(true);
    expect(earlier["aws/authorization-details.json"]).toMatch(/^\{\n {4}"UserDetailList"/);
    expect(earlier["entra/users.json"]).toMatch(/^\{\n {2}"@odata.context"/);
    for (const [name, body] of Object.entries(earlier))
      if (name.endsWith(".json")) expect(() => JSON.parse(body), name).not.toThrow();
    expect(EARLIER_AT.getTime()).toBeLessThan(new Date("2026-11-20").getTime());
  });

  it("has no trace of the joiner and holds the leaver in both clouds", () => {
    const joiner = (
      JSON.parse(files["entra/users.json"]!) as { value: { id: string; userPrincipalName: string }[] }
    ).value.find((u) => u.userPrincipalName === HISTORY.joined.entraUpn)!;
    for (const [name, body] of Object.entries(all)) {
      if (name === "README.md") continue;
      expect(body.includes(joiner.id), name).toBe(false);
      expect(
        body.includes(`user/${HISTORY.joined.awsUserName}"`) || body.includes(`${HISTORY.joined.awsUserName},`),
        name,
      ).toBe(false);
    }
    expect(all["aws/authorization-details.json"]).toContain(`"UserName": "${HISTORY.left.aws.userName}"`);
    expect(all["aws/credential-report.csv"]).toContain(`\n${HISTORY.left.aws.userName},`);
    expect(all["entra/users.json"]).toContain(HISTORY.left.entra.id);
    expect(all["entra/userRegistrationDetails.json"]).toContain(HISTORY.left.entra.id);
  });

  it("undoes the policy version, the role assignment and the CA switch", () => {
    const gaad = JSON.parse(all["aws/authorization-details.json"]!) as {
      Policies: {
        PolicyName: string;
        DefaultVersionId: string;
        PolicyVersionList: { VersionId: string; IsDefaultVersion: boolean }[];
      }[];
    };
    const p = gaad.Policies.find((x) => x.PolicyName === HISTORY.policy.name)!;
    expect(p.DefaultVersionId).toBe(HISTORY.policy.defaultBefore);
    expect(p.PolicyVersionList.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId)).toEqual([
      HISTORY.policy.defaultBefore,
    ]);
    const ca = JSON.parse(all["entra/conditionalAccessPolicies.json"]!) as {
      value: { displayName: string; state: string }[];
    };
    expect(ca.value.find((x) => x.displayName === HISTORY.ca.name)?.state).toBe(HISTORY.ca.stateBefore);
    const before = (JSON.parse(files["entra/roleAssignments.json"]!) as { value: unknown[] }).value.length;
    expect((JSON.parse(all["entra/roleAssignments.json"]!) as { value: unknown[] }).value.length).toBe(before - 1);
  });

  it("fails loudly when the files no longer hold someone the history names", () => {
    const gone = {
      ...files,
      "entra/users.json": files["entra/users.json"]!.replace(HISTORY.moved.entraUpn, "someone.else@northwind.example"),
    };
    expect(() => earlierSampleFiles(gone)).toThrow(/noah\.fischer/);
  });
});
