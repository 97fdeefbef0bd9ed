import type { Assignment } from "../../model";
import type { GraphAppRole, GraphAppRoleAssignment, GraphSynchronizationJob } from "./graph-types";
import { graphDate } from "./graph-date";

// Pure: the Entra side of the AWS apps (app roles, who is assigned, provisioning jobs) → the shared model.

/** The default-access app role: an assignment with no specific role (apps that define none). */
export const DEFAULT_ACCESS_ROLE = "00000000-0000-0000-0000-000000000000";

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** An app role as kept on its service principal (`attributes.appRoles`). */
export interface AppRoleAttribute {
  id: string;
  value: string | null;
  displayName: string | null;
  enabled: boolean;
}

export function normalizeAppRoles(roles: GraphAppRole[] | null | undefined): AppRoleAttribute[] {
  return (roles ?? [])
    .filter((r) => str(r.id))
    .map((r) => ({
      id: r.id!,
      value: str(r.value),
      displayName: str(r.displayName),
      enabled: r.isEnabled !== false,
    }));
}

/**
 * One `appRoleAssignedTo` entry of an app → an `appRole` assignment: the user or group (principal) holds app role
 * `appRoleId` of the service principal `resourceId` (scope). The role's `value` (for AWS SAML apps
 * `role-arn,provider-arn`) is copied from the app's roles so the analysis needs no second lookup; a role id the app
 * no longer defines keeps `appRoleMissing`. null for an entry without principal or resource.
 */
export function normalizeAppRoleAssignedTo(
  a: GraphAppRoleAssignment,
  roles: readonly AppRoleAttribute[] | null,
): Assignment | null {
  const principal = str(a.principalId);
  const resource = str(a.resourceId);
  if (!principal || !resource) return null;
  const roleId = str(a.appRoleId) ?? DEFAULT_ACCESS_ROLE;
  const role = roles?.find((r) => r.id === roleId);
  const attributes: Record<string, unknown> = {
    id: str(a.id),
    principalType: str(a.principalType),
    principalDisplayName: str(a.principalDisplayName),
    createdAt: graphDate(a.createdDateTime),
  };
  if (role?.value) attributes.appRoleValue = role.value;
  if (role?.displayName) attributes.appRoleName = role.displayName;
  if (role && !role.enabled) attributes.appRoleDisabled = true;
  if (roles && !role && roleId !== DEFAULT_ACCESS_ROLE) attributes.appRoleMissing = true;
  return {
    principalProviderId: principal,
    permissionSetProviderId: `${resource}/${roleId}`,
    scope: resource,
    kind: "appRole",
    attributes,
  };
}

/** A provisioning run as kept in `attributes.provisioning`. */
export interface ProvisioningRun {
  state: string | null;
  began: string | null;
  ended: string | null;
  error: string | null;
}

/** A provisioning job as kept on its service principal (`attributes.provisioning`; the first job when several). */
export interface ProvisioningAttribute {
  jobId: string;
  templateId: string | null;
  /** NotConfigured | NotRun | Active | Paused | Quarantine (synchronizationStatusCode). */
  status: string | null;
  /** Active | Disabled | Paused (synchronizationScheduleState). */
  schedule: string | null;
  interval: string | null;
  quarantine: { reason: string | null; since: string | null; seriesCount: number | null } | null;
  lastRun: ProvisioningRun | null;
  lastSuccessfulRun: ProvisioningRun | null;
  consecutiveFailures: number | null;
  /** Every job of the app, when it has more than one. */
  jobCount: number;
}

function run(x: unknown): ProvisioningRun | null {
  if (!x || typeof x !== "object") return null;
  const r = x as Record<string, unknown>;
  const err = r.error as Record<string, unknown> | null | undefined;
  return {
    state: str(r.state),
    began: graphDate(r.timeBegan),
    ended: graphDate(r.timeEnded),
    error: err ? (str(err.message) ?? str(err.code)) : null,
  };
}

/**
 * An app's synchronization jobs → its `provisioning` attribute (null when it has none: the app does not provision).
 * NOTE: https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationstatus — `code` Quarantine and
 * `quarantine.reason` (e.g. EncounteredQuarantineException: bad credentials) mean no changes reach the target.
 */
export function normalizeProvisioningJobs(jobs: readonly GraphSynchronizationJob[]): ProvisioningAttribute | null {
  const job = jobs.find((j) => str(j.id));
  if (!job) return null;
  const status = (job.status ?? {}) as Record<string, unknown>;
  const q = status.quarantine as Record<string, unknown> | null | undefined;
  const failures = status.countSuccessiveCompleteFailures;
  return {
    jobId: job.id!,
    templateId: str(job.templateId),
    status: str(status.code),
    schedule: str(job.schedule?.state),
    interval: str(job.schedule?.interval),
    quarantine: q
      ? {
          reason: str(q.reason),
          since: graphDate(q.currentBegan),
          seriesCount: typeof q.seriesCount === "number" ? q.seriesCount : null,
        }
      : null,
    lastRun: run(status.lastExecution),
    lastSuccessfulRun: run(status.lastSuccessfulExecution),
    consecutiveFailures: typeof failures === "number" ? failures : null,
    jobCount: jobs.length,
  };
}
