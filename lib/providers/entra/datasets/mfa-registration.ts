import { mfaInfo } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

export const mfaRegistration = declareEntraDataset({
  name: "mfaRegistration",
  title: "MFA registration",
  permission: "AuditLog.Read.All + Microsoft Entra ID P1 or P2",
  live: {
    path: "/reports/authenticationMethods/userRegistrationDetails",
    select: "id,isMfaRegistered,methodsRegistered,isAdmin,lastUpdatedDateTime",
  },
  file: {
    odataTypes: ["userRegistrationDetails"],
    url: /userRegistrationDetails/,
    shape: (o) => hasAny(o, "isMfaRegistered", "methodsRegistered"),
  },
  // Merged into the users it describes.
  normalize: mfaInfo,
  counts: [],
});
