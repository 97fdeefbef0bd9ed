import { translate } from "./index";
const docs = [
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"] }, { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }, {Effect:"Allow", Action:"ec2:*", Resource:"*", Condition:{Bool:{"aws:MultiFactorAuthPresent":"true"}, IpAddress:{"aws:SourceIp":["203.0.113.0/24"]}}}] },
];
for (const d of docs) console.log(JSON.stringify(await translate(d, { name: "test" }), null, 1));
