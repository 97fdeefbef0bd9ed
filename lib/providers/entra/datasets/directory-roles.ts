import { normalizeRoleDefinition } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

export const directoryRoles = declareEntraDataset({
  name: "directoryRoles",
  title: "directory roles",
  permission: "RoleManagement.Read.Directory",
  live: { path: "/roleManagement/directory/roleDefinitions", select: null },
  file: {
    odataTypes: ["unifiedRoleDefinition"],
    url: /roleManagement\/directory\/roleDefinitions/,
    shape: (o) => hasAny(o, "rolePermissions"),
  },
  normalize: normalizeRoleDefinition,
  counts: ["directoryRoles"],
});
