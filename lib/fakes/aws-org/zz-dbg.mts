import { generateOrganization } from "./generate";
import { FakeAwsOrgServer } from "./server";
const org = generateOrganization({ accounts: 6, seed: 2, users: 30, groups: 8, assignments: 60 });
const s = new FakeAwsOrgServer(org, {});
const url = await s.start();
const ic = org.identityCenters[0]!;
const call = async (target: string, body: object) => {
  const r = await fetch(url, {
    method: "POST",
    headers: {
      "x-amz-target": target,
      "content-type": "application/x-amz-json-1.1",
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDX/20260101/us-east-1/sso/aws4_request",
    },
    body: JSON.stringify(body),
  });
  return r.json() as Promise<Record<string, unknown>>;
};
const p1 = await call("SWBExternalService.ListPermissionSets", { InstanceArn: ic.instance.InstanceArn, MaxResults: 3 });
console.log(p1);
console.log(
  await call("SWBExternalService.ListPermissionSets", {
    InstanceArn: ic.instance.InstanceArn,
    MaxResults: 3,
    NextToken: p1.NextToken,
  }),
);
await s.stop();
