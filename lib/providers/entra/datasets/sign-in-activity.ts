import { normalizeUser } from "../normalize";
import { declareEntraDataset } from "./declare";

// NOTE: signInActivity is a property of user, selectable only with AuditLog.Read.All and an Entra ID P1/P2 tenant;
// without them the whole /users request fails (403), so the reader asks again without it.
// https://learn.microsoft.com/en-us/graph/api/resources/signinactivity?view=graph-rest-1.0
export const signInActivity = declareEntraDataset({
  name: "signInActivity",
  title: "last sign-in of each user",
  permission: "AuditLog.Read.All + Microsoft Entra ID P1 or P2",
  live: { path: "/users", select: "signInActivity" },
  file: { partOf: "users" },
  normalize: normalizeUser,
  counts: [],
});
