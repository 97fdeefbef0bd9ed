import type { Db } from "../db/client";
import { childSources, ensureSource, updateSource } from "../db/sources";
import { AppError } from "../errors";
import { log } from "../log";
import type { ConnectorEvent, SnapshotOrigin } from "../model";
import { runPool } from "../run-pool";
import { recordDrift } from "./compute-drift";
import { ingest } from "./ingest";
import { refreshDerived } from "./refresh-derived";

/** One account of the organisation after a sync or import: its member source and whether its IAM was read. */
export interface MemberOutcome {
  accountId: string;
  name: string;
  sourceId: string;
  sourceName: string;
  /** The member's new snapshot (complete, or failed with the reason); null when none was started. */
  snapshotId: string | null;
  /** complete = read; notCollected = not read (role refused, no export, suspended): the reason says why. */
  status: "complete" | "notCollected";
  reason: string | null;
}

/** What reading one member account gives: its IAM events, or why it cannot be read. */
export type MemberRead = { ok: true; events: AsyncIterable<ConnectorEvent> } | { ok: false; reason: string };

export interface OrganizationMember {
  accountId: string;
  name: string;
  /** Organizations' account state (ACTIVE, SUSPENDED, …); null when unknown. */
  state: string | null;
}

export interface StoreOrganizationInput {
  origin: SnapshotOrigin;
  organizationId: string;
  managementAccountId: string;
  sourceName?: string | null;
  /** Settings kept on the organisation source (never credentials). */
  settings: Record<string, unknown>;
  provenance: Record<string, unknown>;
  signal?: AbortSignal;
  members: OrganizationMember[];
  memberConcurrency: number;
  readMember: (m: OrganizationMember) => Promise<MemberRead>;
  /** The organisation snapshot's events (tree, SCPs/RCPs, Identity Center). */
  orgEvents: () => AsyncIterable<ConnectorEvent>;
}

export interface StoredOrganization {
  sourceId: string;
  sourceName: string;
  snapshotId: string;
  status: "complete" | "partial" | "failed";
  error: AppError | null;
  members: MemberOutcome[];
}

/** The source name an organisation uses when none is given. */
export const defaultOrganizationName = (organizationId: string) => `org-${organizationId}`;

/** A member account's source name when it is first stored. */
export const memberSourceName = (name: string, accountId: string) =>
  name === accountId ? `aws-${accountId}` : `${name} (${accountId})`;

/**
 * Stores an organisation read (live or from files) the same way: each member account's IAM as a snapshot of its own
 * `aws` source (found again by its account id under the organisation), a few at a time; then the organisation
 * snapshot, whose account nodes say which accounts were not read and why; then derived data once. A member that
 * cannot be read gets a failed run with the reason (its last good snapshot stays, and views show "not collected");
 * a failed organisation read stores nothing of the organisation (ingest's rule) and keeps its last good snapshot.
 */
export async function storeOrganization(db: Db, o: StoreOrganizationInput): Promise<StoredOrganization> {
  const orgSource = await ensureSource(db, {
    kind: "awsOrganization",
    name: o.sourceName?.trim() || defaultOrganizationName(o.organizationId),
    externalId: o.managementAccountId,
    settings: o.settings,
  });
  await updateSource(db, orgSource.id, {
    settings: { ...orgSource.settings, ...o.settings, organizationId: o.organizationId },
  });
  const known = new Map((await childSources(db, orgSource.id)).map((s) => [s.externalId, s]));

  const outcomes: MemberOutcome[] = [];
  await runPool(o.members, o.memberConcurrency, async (m) => {
    if (o.signal?.aborted) throw new AppError("CONFLICT", "Cancelled");
    const source =
      known.get(m.accountId) ??
      (await ensureSource(db, {
        kind: "aws",
        name: memberSourceName(m.name, m.accountId),
        parentId: orgSource.id,
        externalId: m.accountId,
        settings: { accountId: m.accountId },
      }));
    const read = await o.readMember(m);
    const events = read.ok ? read.events : refused(read.reason);
    const r = await ingest(db, events, {
      sourceId: source.id,
      origin: o.origin,
      provenance: { organizationSourceId: orgSource.id, accountId: m.accountId },
      signal: o.signal,
      refresh: false,
    });
    outcomes.push({
      accountId: m.accountId,
      name: m.name,
      sourceId: source.id,
      sourceName: source.name,
      snapshotId: r.snapshotId,
      status: r.status === "complete" ? "complete" : "notCollected",
      reason: r.status === "complete" ? null : read.ok ? (r.error?.message ?? r.status) : read.reason,
    });
  });
  outcomes.sort((a, b) => a.accountId.localeCompare(b.accountId));

  const notRead = new Map(outcomes.filter((m) => m.status !== "complete").map((m) => [m.accountId, m.reason]));
  const org = await ingest(db, markUnread(o.orgEvents(), notRead), {
    sourceId: orgSource.id,
    origin: o.origin,
    provenance: { ...o.provenance, members: outcomes.length, membersNotCollected: notRead.size },
    signal: o.signal,
    refresh: false,
  });

  const completed = [...outcomes.filter((m) => m.status === "complete").map((m) => m.snapshotId!)];
  if (org.status === "complete") completed.push(org.snapshotId);
  if (completed.length) {
    // Once for the organisation and all its members (each ingest would otherwise analyse everything again).
    await refreshDerived(db).catch((e: unknown) =>
      log.error(
        { sourceId: orgSource.id, msg: e instanceof Error ? e.message : String(e) },
        "refreshing derived data failed; the snapshots are kept",
      ),
    );
    for (const id of completed) await recordDrift(db, id);
  }
  return {
    sourceId: orgSource.id,
    sourceName: orgSource.name,
    snapshotId: org.snapshotId,
    status: org.status,
    error: org.error,
    members: outcomes,
  };
}

/** A member run that fails at once with the reason (recorded on the member's source as its last error). */
async function* refused(reason: string): AsyncGenerator<ConnectorEvent> {
  yield* [];
  throw new AppError("FORBIDDEN", `Not collected: ${reason}`);
}

/** The organisation's events with each unread account's node marked `readable: false` and the reason. */
async function* markUnread(
  events: AsyncIterable<ConnectorEvent>,
  notRead: Map<string, string | null>,
): AsyncGenerator<ConnectorEvent> {
  for await (const e of events) {
    if (e.type !== "batch" || !e.batch.hierarchyNodes?.length || notRead.size === 0) {
      yield e;
      continue;
    }
    const hierarchyNodes = e.batch.hierarchyNodes.map((n) =>
      n.kind === "account" && notRead.has(n.providerId)
        ? { ...n, attributes: { ...n.attributes, readable: false, notCollectedReason: notRead.get(n.providerId) } }
        : n.kind === "account"
          ? { ...n, attributes: { ...n.attributes, readable: true } }
          : n,
    );
    yield { ...e, batch: { ...e.batch, hierarchyNodes } };
  }
}
