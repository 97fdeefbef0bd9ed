import type { Db } from "../db/client";
import { openAwsAccount, type ReadOptions } from "../providers/aws/live/reader";
import { type AwsOrgConnection, memberConnection } from "../providers/aws-org/clients";
import { type OrgReadOptions, openAwsOrganization } from "../providers/aws-org/reader";
import { toAppError } from "../errors";
import { type StoredOrganization, storeOrganization } from "./store-organization";

export interface SyncAwsOrganizationInput {
  connection: AwsOrgConnection;
  /** The organisation's source (created when missing); default `org-<organization id>`. */
  sourceName?: string | null;
  /** Member accounts read at once (each through its own AssumeRole). Default 4. */
  memberConcurrency?: number;
  signal?: AbortSignal;
  /** Tests and benchmarks: reader tuning. */
  read?: Omit<OrgReadOptions, "signal">;
  member?: Omit<ReadOptions, "signal">;
}

export interface OrganizationResult extends StoredOrganization {
  /** Requests per API action (Organizations, SSO Admin, Identity Store; member accounts' IAM apart). */
  requests: Record<string, number>;
  memberRequests: Record<string, number>;
}

/** Accounts the member role is never tried in: Organizations says they cannot be signed in to. */
const UNREADABLE_STATES = new Set(["SUSPENDED", "PENDING_CLOSURE", "CLOSED"]);

/**
 * Reads an AWS Organization live (read-only): the organisation (tree, SCPs/RCPs, Identity Center) as a snapshot of
 * its `awsOrganization` source, and each member account's IAM through the member role as a snapshot of its own `aws`
 * source (parentId = the organisation, externalId = the account id), a few accounts at a time. An account whose
 * role cannot be assumed is "not collected" with the reason (its last good snapshot stays); the others complete.
 * Opening the organisation (a denied or missing organisation) fails before anything is stored.
 */
export async function syncAwsOrganization(db: Db, input: SyncAwsOrganizationInput): Promise<OrganizationResult> {
  const c = input.connection;
  const reader = await openAwsOrganization(c, { ...input.read, signal: input.signal });
  const memberRequests: Record<string, number> = {};
  const members = reader.accounts.map(({ account }) => ({
    accountId: account.Id!,
    name: account.Name ?? account.Id!,
    // NOTE: Status is deprecated in favour of State (Organizations API reference, Account); either may be absent.
    state: account.State ?? account.Status ?? null,
  }));
  return storeOrganization(db, {
    origin: "api",
    organizationId: reader.organizationId,
    managementAccountId: reader.managementAccountId,
    sourceName: input.sourceName,
    settings: settingsOf(c),
    provenance: { endpoint: reader.endpoint, syncedAt: new Date().toISOString() },
    signal: input.signal,
    members,
    memberConcurrency: input.memberConcurrency ?? 4,
    readMember: async (m) => {
      if (m.state && UNREADABLE_STATES.has(m.state))
        return { ok: false, reason: `the account is ${m.state} (its IAM cannot be read)` };
      try {
        const r = await openAwsAccount(memberConnection(c, m.accountId), { ...input.member, signal: input.signal });
        return {
          ok: true,
          events: (async function* () {
            yield* r.events();
            for (const [k, n] of Object.entries(r.requests)) memberRequests[k] = (memberRequests[k] ?? 0) + n;
          })(),
        };
      } catch (e) {
        const err = toAppError(e);
        const role = memberConnection(c, m.accountId).roleArn;
        // The IAM reader names its own permission; a refused AssumeRole needs the trust and sts:AssumeRole instead.
        if (err.code === "FORBIDDEN" && /sts:AssumeRole/i.test(err.message))
          return {
            ok: false,
            reason: `AccessDenied on sts:AssumeRole of ${role}: the role must exist, trust the management account (with the external id) and the caller may assume it`,
          };
        return { ok: false, reason: `${role} could not be read: ${err.message}` };
      }
    },
    orgEvents: () => reader.events(),
  }).then((r) => ({ ...r, requests: { ...reader.requests }, memberRequests }));
}

/** The settings kept on the organisation's source to sync it again (never credentials). */
function settingsOf(c: AwsOrgConnection): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  for (const k of ["profile", "region", "orgEndpoint", "memberRoleName", "memberExternalId"] as const)
    if (c[k]) s[k] = c[k];
  return s;
}
