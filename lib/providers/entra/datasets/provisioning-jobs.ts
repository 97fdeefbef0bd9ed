import { normalizeProvisioningJobs } from "../normalize-apps";
import { declareEntraDataset, hasAny } from "./declare";

/**
 * The provisioning (SCIM) jobs of the AWS enterprise apps: state, schedule, quarantine, last runs. Kept on the app's
 * service principal (`attributes.provisioning`). The objects do not name their app, so a file needs it in its
 * `@odata.context` (`servicePrincipals('<id>')/synchronization/jobs`) or its path
 * (`servicePrincipals/<id>/synchronization/jobs.json`).
 * NOTE: https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-list
 */
export const SYNC_JOBS_URL = /servicePrincipals(?:\('([^']+)'\)|\/([0-9a-fA-F-]{36}))\/synchronization\/jobs\b/;

export const provisioningJobs = declareEntraDataset({
  name: "provisioningJobs",
  title: "provisioning jobs",
  permission: "Synchronization.Read.All",
  live: { path: "/servicePrincipals/{id}/synchronization/jobs", select: null },
  file: {
    odataTypes: ["synchronizationJob"],
    url: SYNC_JOBS_URL,
    shape: (o) => hasAny(o, "templateId") && hasAny(o, "schedule", "status"),
  },
  normalize: normalizeProvisioningJobs,
  counts: [],
});
