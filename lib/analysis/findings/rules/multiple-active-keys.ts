import { principalHit, principalsOf, type Rule, type RuleHit } from "../rule";

/** More than one active access key on one IAM user (two keys are for rotation, not for keeping both). */
export const rule: Rule = {
  id: "multiple-active-keys",
  title: "More than one active access key",
  severity: "low",
  dataSource: "AWS: credential report (access_key_1_active, access_key_2_active)",
  datasets: { aws: ["credentialReport"] },
  clouds: ["aws"],
  fix: "Finish the rotation: move every workload to one key and deactivate the other.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of principalsOf(a, "aws", ["user"])) {
      const active = (pa.principal.attributes.credentials ?? []).filter((k) => k.type === "accessKey" && k.active);
      if (active.length < 2) continue;
      hits.push(
        principalHit(pa, `${pa.principal.name} has ${active.length} active access keys.`, {
          keys: active.map((k) => ({ id: k.id, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt })),
        }),
      );
    }
    return hits;
  },
};
