import { guardrailPolicy } from "../normalize";
import { declareAwsOrgDataset } from "./declare";

export const organizationPolicies = declareAwsOrgDataset({
  name: "organizationPolicies",
  title: "service and resource control policies with their targets",
  live: {
    actions: ["organizations:ListPolicies", "organizations:DescribePolicy", "organizations:ListTargetsForPolicy"],
  },
  file: {
    commands: [
      "aws organizations list-policies",
      "aws organizations describe-policy",
      "aws organizations list-targets-for-policy",
    ],
  },
  normalize: guardrailPolicy,
  counts: ["serviceControlPolicies", "resourceControlPolicies"],
});
