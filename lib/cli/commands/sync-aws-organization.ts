import { db } from "../../db/client";
import type { AwsOrgConnection } from "../../providers/aws-org/clients";
import { syncAwsOrganization } from "../../services/sync-aws-organization";
import type { CommandContext } from "../command";
import { printOrganizationResult } from "./organization-result";

/** The read-only role assumed in every member account unless --member-role-name names another (README: its policy). */
export const DEFAULT_MEMBER_ROLE = "CrosswalkReadOnly";

/** `sync aws --organization …`: the organisation and every member account, one line per account not collected. */
export async function syncOrganization(
  ctx: CommandContext,
  o: Omit<AwsOrgConnection, "credentials"> & { sourceName: string | null; json: boolean },
): Promise<number> {
  const { sourceName, json, ...connection } = o;
  const res = await syncAwsOrganization(db(), { connection, sourceName });
  if (res.error) throw res.error;
  await printOrganizationResult(ctx, "Synced", res, json);
  return 0;
}
