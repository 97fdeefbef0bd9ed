import { accountNode } from "../normalize";
import { declareAwsOrgDataset } from "./declare";

export const organization = declareAwsOrgDataset({
  name: "organization",
  title: "organisation tree and accounts",
  live: {
    actions: [
      "organizations:DescribeOrganization",
      "organizations:ListRoots",
      "organizations:ListOrganizationalUnitsForParent",
      "organizations:ListAccountsForParent",
    ],
  },
  file: {
    commands: [
      "aws organizations describe-organization",
      "aws organizations list-roots",
      "aws organizations list-organizational-units-for-parent",
      "aws organizations list-accounts-for-parent",
      "aws organizations list-accounts",
    ],
  },
  // Roots and OUs: rootNode and ouNode beside it (../normalize.ts).
  normalize: accountNode,
  counts: ["accounts", "organizationalUnits"],
});
