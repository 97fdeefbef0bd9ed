import { identityStoreUser } from "../normalize";
import { declareAwsOrgDataset } from "./declare";

export const identityStoreUsers = declareAwsOrgDataset({
  name: "identityStoreUsers",
  title: "Identity Center users",
  live: { actions: ["sso:ListInstances", "identitystore:ListUsers"] },
  file: { commands: ["aws sso-admin list-instances", "aws identitystore list-users"] },
  normalize: identityStoreUser,
  counts: ["users"],
});
