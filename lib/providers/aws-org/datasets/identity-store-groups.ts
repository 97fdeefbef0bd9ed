import { identityStoreGroup } from "../normalize";
import { declareAwsOrgDataset } from "./declare";

export const identityStoreGroups = declareAwsOrgDataset({
  name: "identityStoreGroups",
  title: "Identity Center groups and memberships",
  live: { actions: ["identitystore:ListGroups", "identitystore:ListGroupMemberships"] },
  file: { commands: ["aws identitystore list-groups", "aws identitystore list-group-memberships"] },
  normalize: identityStoreGroup,
  counts: ["groups", "memberships"],
});
