import { accountAssignment } from "../normalize";
import { declareAwsOrgDataset } from "./declare";

export const accountAssignments = declareAwsOrgDataset({
  name: "accountAssignments",
  title: "account assignments",
  live: { actions: ["sso:ListAccountAssignments"] },
  file: { commands: ["aws sso-admin list-account-assignments"] },
  normalize: accountAssignment,
  counts: ["accountAssignments"],
});
