import type { ConnectorEvent, DatasetStatusInput, EntraDatasetName, Membership, PrincipalInput } from "../../model";
import { AppError } from "../../errors";
import { createTokenProvider, type EntraCredential } from "./auth";
import { resolveEndpoints, type CloudName } from "./clouds";
import { ENTRA_DATASETS as D } from "./datasets";
import { createGraphClient, DEFAULT_RETRY, newMetrics, type GraphMetrics, type RetryPolicy } from "./graph-client";
import type {
  GraphAppRoleAssignment,
  GraphGroup,
  GraphOAuth2PermissionGrant,
  GraphObject,
  GraphRegistrationDetails,
  GraphRoleAssignment,
  GraphServicePrincipal,
  GraphUser,
} from "./graph-types";
import { createHttp, type HttpSend } from "./http";
import {
  MfaByUser,
  mfaInfo,
  normalizeGroup,
  normalizeNamedLocation,
  normalizeRoleAssignment,
  normalizeRoleDefinition,
  normalizeServicePrincipal,
  normalizeUser,
  type MfaInfo,
} from "./normalize";
import { normalizeCaPolicy } from "./normalize-ca";
import { type AwsAppDenials, readAwsAppExtras } from "./read-aws-apps";
import { DeltaExpired, errorText, GraphSession, NotGranted } from "./session";
import { GroupNesting, inMemoryDirectMembers, MembershipGraph, type DirectMembersOf } from "./transitive";

/**
 * The live Entra reader: Microsoft Graph v1.0 through MSAL client credentials, read-only, streamed as connector
 * events (pages of normalized rows, dataset statuses, delta state). A full sync reads every dataset; an incremental
 * one (when the source has delta links and a complete snapshot) starts from a copy of that snapshot and applies only
 * what `/users/delta` and `/groups/delta` report, plus sign-ins and MFA registrations since the last sync, then
 * re-reads the small datasets in full. An expired delta token (410) falls back to a full sync.
 */

// $select: only the fields normalize.ts reads (each dataset's declaration names them).
export const SELECT = {
  users: D.users.live.select,
  groups: D.groups.live.select,
  members: D.memberships.live.select,
  servicePrincipals: D.servicePrincipals.live.select,
  appRoleAssignments: D.appRoleAssignments.live.select,
  grants: D.oauth2PermissionGrants.live.select,
  roleAssignments: D.roleAssignments.live.select,
  eligibility: D.pimEligibility.live.select,
  registration: D.mfaRegistration.live.select,
} as const;

/** `$top` maxima (learn user-list: 999, 500 when signInActivity is selected). */
export const TOP = {
  users: 999,
  usersWithSignIn: 500,
  groups: 999,
  members: 999,
  servicePrincipals: 999,
  other: 999,
} as const;

/** What a source keeps between syncs (Source.syncState). */
export interface EntraSyncState {
  v: 1;
  graph: string;
  /** When the sync that wrote this started: later syncs ask for sign-ins / MFA changes since then. */
  at: string;
  usersDelta: string | null;
  groupsDelta: string | null;
  signIn: boolean;
  mfa: boolean;
}

/** Read access to the snapshot an incremental sync starts from (provided by the service; lib/db). */
export interface EntraBase {
  snapshotId: string;
  /** Direct memberships of the base snapshot, in pages. */
  directMemberships: () => AsyncIterable<{ groupProviderId: string; memberProviderId: string }[]>;
  /** Stored users by id (raw Graph object, MFA fields), for users whose row is rewritten. */
  users: (
    ids: string[],
  ) => Promise<Map<string, { raw: unknown; mfaRegistered: boolean | null; attributes: Record<string, unknown> }>>;
}

export interface EntraSyncInput {
  tenantId: string;
  clientId: string;
  credential: EntraCredential;
  cloud?: CloudName;
  authorityHost?: string | null;
  graphHost?: string | null;
  /** Extra trusted CA (PEM), e.g. a local fake's self-signed certificate. */
  ca?: string | null;
  /** Force a full sync even when delta state exists. */
  full?: boolean;
  previous?: { syncState: unknown; base: EntraBase } | null;
  retry?: Partial<RetryPolicy>;
  /** Spacing of conditional-access / named-location requests (Graph: 1 request/s/tenant). */
  caIntervalMs?: number;
  /** `$batch` requests in flight. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Filled while reading: requests, batches, retries, throttling. */
  metrics?: GraphMetrics;
  /** Benchmarks: answer requests in-process (the fake tenant's `send`) instead of over HTTPS. */
  send?: HttpSend;
  /**
   * Direct members of groups as stored so far by this run (the service reads them back from the new snapshot), so
   * that nested-group closure needs only the group-in-group edges in memory. Absent: kept in memory (tests).
   */
  storedDirectMembers?: DirectMembersOf;
}

const PAGE = 1000;
const GROUP_CHUNK = 1000;
const REMOVE_SLICE = 400;

function notCollected(name: EntraDatasetName, e: NotGranted): ConnectorEvent {
  return {
    type: "dataset",
    name,
    status: { collected: false, reason: e.message, permission: D[name].permission },
  };
}

function collected(name: EntraDatasetName, count: number | null): ConnectorEvent {
  return { type: "dataset", name, status: { collected: true, count } satisfies DatasetStatusInput };
}

function isState(s: unknown): s is EntraSyncState {
  return !!s && typeof s === "object" && (s as EntraSyncState).v === 1 && typeof (s as EntraSyncState).at === "string";
}

export async function* readEntra(input: EntraSyncInput): AsyncGenerator<ConnectorEvent> {
  const endpoints = resolveEndpoints({
    cloud: input.cloud,
    authorityHost: input.authorityHost,
    graphHost: input.graphHost,
  });
  if (!input.clientId.trim()) throw new AppError("BAD_INPUT", "A client id is required");
  const http = input.send ? { send: input.send, close: () => undefined } : createHttp({ ca: input.ca });
  const metrics = input.metrics ?? newMetrics();
  const retry = { ...DEFAULT_RETRY, ...(input.retry ?? {}) };
  const tokens = createTokenProvider({
    tenantId: input.tenantId,
    clientId: input.clientId,
    credential: input.credential,
    endpoints,
    send: http.send,
  });
  const client = createGraphClient({
    endpoints,
    getAccessToken: tokens.getAccessToken,
    send: http.send,
    metrics,
    retry,
    signal: input.signal,
  });
  const session = new GraphSession(client, endpoints.graphOrigin, metrics, retry, input.signal);
  const ctx: Ctx = {
    session,
    caIntervalMs: input.caIntervalMs ?? 1000,
    concurrency: input.concurrency ?? 3,
    graph: endpoints.graphOrigin,
    storedDirectMembers: input.storedDirectMembers,
  };
  const started = Date.now();
  try {
    // Fail early and clearly on bad credentials, before any dataset is read.
    await tokens.getAccessToken();
    yield {
      type: "provenance",
      data: {
        endpoint: endpoints.graphOrigin,
        authority: endpoints.authorityOrigin,
        tenantId: input.tenantId,
        clientId: input.clientId,
      },
    };
    const state = input.previous?.syncState;
    let fullReason = input.full ? "full sync requested" : "no earlier sync to continue from";
    if (!input.full && input.previous && isState(state)) {
      if (state.graph !== endpoints.graphOrigin) fullReason = "the Graph host changed";
      else if (!state.usersDelta || !state.groupsDelta)
        fullReason = "users or groups could not be tracked by delta last time";
      else {
        const changes = await readDeltas(ctx, state).catch((e: unknown) => {
          if (e instanceof DeltaExpired) return null;
          throw e;
        });
        if (changes) {
          yield* deltaSync(ctx, state, changes, input.previous.base);
          yield {
            type: "provenance",
            data: { mode: "delta", requests: { ...metrics }, durationMs: Date.now() - started },
          };
          return;
        }
        fullReason = "the delta token expired (410): full resync";
      }
    }
    yield* fullSync(ctx, fullReason);
    yield {
      type: "provenance",
      data: { mode: "full", fullReason, requests: { ...metrics }, durationMs: Date.now() - started },
    };
  } finally {
    http.close();
  }
}

interface Ctx {
  session: GraphSession;
  caIntervalMs: number;
  concurrency: number;
  graph: string;
  storedDirectMembers?: DirectMembersOf;
}

// ------------------------------------------------------------------------------------------------ full

async function* fullSync(ctx: Ctx, reason: string): AsyncGenerator<ConnectorEvent> {
  const s = ctx.session;
  const at = new Date().toISOString();
  yield { type: "progress", phase: `Full sync (${reason})`, done: 0 };

  // Delta baselines first: changes made while we list arrive again next time (applying them twice is harmless).
  const usersDelta = await latestDeltaLink(s, `${D.users.live.path}/delta?$deltatoken=latest&$select=${SELECT.users}`);
  const groupsDelta = await latestDeltaLink(
    s,
    `${D.groups.live.path}/delta?$deltatoken=latest&$select=${SELECT.groups},members`,
  );

  // MFA registration report, merged into users by id.
  let mfa: MfaByUser | null = new MfaByUser();
  let mfaCollected = true;
  try {
    for await (const page of s.pages<GraphRegistrationDetails>(
      `${D.mfaRegistration.live.path}?$select=${SELECT.registration}&$top=${TOP.other}`,
      "MFA registration report",
    )) {
      for (const r of page) if (r.id) mfa.set(r.id, mfaInfo(r));
    }
    yield collected("mfaRegistration", mfa.size);
  } catch (e) {
    if (!(e instanceof NotGranted)) throw e;
    mfa = null;
    mfaCollected = false;
    yield notCollected("mfaRegistration", e);
  }

  // Users, with signInActivity when the tenant allows it.
  let signIn = true;
  let users = 0;
  try {
    users = yield* readUsers(ctx, mfa, true);
    yield collected("signInActivity", null);
  } catch (e) {
    if (!(e instanceof NotGranted)) throw e;
    signIn = false;
    yield notCollected("signInActivity", e);
    try {
      users = yield* readUsers(ctx, mfa, false);
    } catch (e2) {
      if (!(e2 instanceof NotGranted)) throw e2;
      yield notCollected("users", e2);
      users = -1;
    }
  }
  if (users >= 0) yield collected("users", users);
  mfa = null;

  yield* readGroupsAndMembers(ctx);
  yield* readOtherDatasets(ctx);

  const state: EntraSyncState = { v: 1, graph: ctx.graph, at, usersDelta, groupsDelta, signIn, mfa: mfaCollected };
  yield { type: "syncState", state };
}

async function latestDeltaLink(s: GraphSession, path: string): Promise<string | null> {
  try {
    const page = await s.get<{ "@odata.deltaLink"?: string }>(path, "delta baseline");
    return page["@odata.deltaLink"] ?? null;
  } catch (e) {
    if (e instanceof NotGranted) return null;
    throw e;
  }
}

async function* readUsers(
  ctx: Ctx,
  mfa: MfaByUser | null,
  withSignIn: boolean,
): AsyncGenerator<ConnectorEvent, number> {
  const url = withSignIn
    ? `${D.users.live.path}?$select=${SELECT.users},${D.signInActivity.live.select}&$top=${TOP.usersWithSignIn}`
    : `${D.users.live.path}?$select=${SELECT.users}&$top=${TOP.users}`;
  let n = 0;
  for await (const page of ctx.session.pages<GraphUser>(url, "users")) {
    const principals = page
      .filter((u) => u.id)
      .map((u) => normalizeUser(u, mfa ? (mfa.get(u.id!) ?? null) : undefined));
    n += principals.length;
    yield { type: "batch", batch: { principals } };
    yield { type: "progress", phase: "Users", done: n };
  }
  return n;
}

async function* readGroupsAndMembers(ctx: Ctx): AsyncGenerator<ConnectorEvent> {
  const s = ctx.session;
  const groupIds: string[] = [];
  try {
    for await (const page of s.pages<GraphGroup>(
      `${D.groups.live.path}?$select=${SELECT.groups}&$top=${TOP.groups}`,
      "groups",
    )) {
      const principals = page.filter((g) => g.id).map((g) => normalizeGroup(g));
      for (const g of principals) groupIds.push(g.providerId);
      yield { type: "batch", batch: { principals } };
      yield { type: "progress", phase: "Groups", done: groupIds.length };
    }
    yield collected("groups", groupIds.length);
  } catch (e) {
    if (!(e instanceof NotGranted)) throw e;
    yield notCollected("groups", e);
    yield notCollected("memberships", e);
    return;
  }

  // Direct members of every group through $batch (20 groups a request), stored as read; nested closure computed
  // locally from the group-in-group edges and the stored member lists (GroupNesting).
  const graph = new GroupNesting();
  for (const g of groupIds) graph.markGroup(g);
  const kept = ctx.storedDirectMembers ? null : inMemoryDirectMembers();
  let denied: NotGranted | null = null;
  let direct = 0;
  let follow = 0;
  for (let i = 0; i < groupIds.length && !denied; i += GROUP_CHUNK) {
    const chunk = groupIds.slice(i, i + GROUP_CHUNK);
    const out: Membership[] = [];
    await s.batchAll(
      chunk.map((g) => ({
        id: g,
        url: `${D.memberships.live.path.replace("{id}", g)}?$select=${SELECT.members}&$top=${TOP.members}`,
      })),
      (item, res) => {
        const groupId = item.id.split("#")[0]!;
        if (res.status === 403) {
          denied ??= new NotGranted(403, "Authorization_RequestDenied", `group members: ${errorText(res.body)}`);
          return;
        }
        if (res.status === 404) return; // deleted since the group list was read
        if (res.status < 200 || res.status >= 300)
          throw new AppError("UPSTREAM", `group members of ${groupId}: HTTP ${res.status} ${errorText(res.body)}`);
        const body = res.body as { value?: GraphObject[]; "@odata.nextLink"?: string };
        out.push(...graph.addMemberPage(groupId, body.value ?? []).memberships);
        const next = body["@odata.nextLink"];
        return next ? [{ id: `${groupId}#${++follow}`, url: s.relative(next) }] : [];
      },
      ctx.concurrency,
    );
    direct += out.length;
    if (kept) for (const m of out) kept.add(m);
    // In (group, member) order: one of the two membership indexes then grows at its end instead of at random.
    out.sort(byGroupThenMember);
    for (let k = 0; k < out.length; k += PAGE) yield { type: "batch", batch: { memberships: out.slice(k, k + PAGE) } };
    yield {
      type: "progress",
      phase: "Group members",
      done: Math.min(i + GROUP_CHUNK, groupIds.length),
      total: groupIds.length,
    };
  }
  if (denied) {
    yield notCollected("memberships", denied);
    return;
  }
  let transitive = 0;
  for await (const page of graph.transitiveOnly(kept ? kept.of : ctx.storedDirectMembers!, PAGE)) {
    transitive += page.length;
    yield { type: "batch", batch: { memberships: page } };
  }
  yield collected("memberships", direct + transitive);
}

function byGroupThenMember(a: Membership, b: Membership): number {
  if (a.groupProviderId !== b.groupProviderId) return a.groupProviderId < b.groupProviderId ? -1 : 1;
  return a.memberProviderId < b.memberProviderId ? -1 : a.memberProviderId > b.memberProviderId ? 1 : 0;
}

/** Directory roles, assignments, PIM eligibility, service principals (+ app roles, grants), named locations, CA. */
async function* readOtherDatasets(ctx: Ctx): AsyncGenerator<ConnectorEvent> {
  const s = ctx.session;
  const simple = async function* <T extends GraphObject>(
    name: EntraDatasetName,
    url: string,
    map: (items: T[]) => ConnectorEvent | null,
    pace = false,
  ) {
    let n = 0;
    try {
      for await (const page of s.pages<T>(url, name, undefined, pace ? ctx.caIntervalMs : 0)) {
        n += page.length;
        const ev = map(page);
        if (ev) yield ev;
      }
      yield collected(name, n);
    } catch (e) {
      if (!(e instanceof NotGranted)) throw e;
      yield notCollected(name, e);
    }
  };
  yield { type: "progress", phase: "Directory roles", done: 0 };
  yield* simple<GraphObject>("directoryRoles", D.directoryRoles.live.path, (p) => ({
    type: "batch",
    batch: { permissionSets: p.filter((r) => r.id).map(normalizeRoleDefinition) },
  }));
  yield* simple<GraphRoleAssignment>(
    "roleAssignments",
    `${D.roleAssignments.live.path}?$select=${SELECT.roleAssignments}&$top=${TOP.other}`,
    (p) => ({
      type: "batch",
      batch: {
        assignments: p
          .filter((a) => a.principalId && a.roleDefinitionId)
          .map((a) => normalizeRoleAssignment(a, "direct")),
      },
    }),
  );
  yield* simple<GraphRoleAssignment>(
    "pimEligibility",
    `${D.pimEligibility.live.path}?$select=${SELECT.eligibility}&$top=${TOP.other}`,
    (p) => ({
      type: "batch",
      batch: {
        assignments: p
          .filter((a) => a.principalId && a.roleDefinitionId)
          .map((a) => normalizeRoleAssignment(a, "eligible")),
      },
    }),
  );

  // Delegated grants first (one tenant-wide list), merged into their client service principals.
  let grants: Map<string, GraphOAuth2PermissionGrant[]> | null = new Map();
  try {
    for await (const page of s.pages<GraphOAuth2PermissionGrant>(
      `${D.oauth2PermissionGrants.live.path}?$select=${SELECT.grants}&$top=${TOP.other}`,
      "oauth2PermissionGrants",
    )) {
      for (const g of page) if (g.clientId) grants.set(g.clientId, [...(grants.get(g.clientId) ?? []), g]);
    }
    yield collected(
      "oauth2PermissionGrants",
      [...grants.values()].reduce((n, l) => n + l.length, 0),
    );
  } catch (e) {
    if (!(e instanceof NotGranted)) throw e;
    grants = null;
    yield notCollected("oauth2PermissionGrants", e);
  }
  let sps = 0;
  const awsDenied: AwsAppDenials = { assignedTo: null, jobs: null };
  let awsAssigned = 0;
  let awsJobs = 0;
  let araDenied: NotGranted | null = null;
  let aras = 0;
  let follow = 0;
  try {
    for await (const page of s.pages<GraphServicePrincipal>(
      `${D.servicePrincipals.live.path}?$select=${SELECT.servicePrincipals}&$top=${TOP.servicePrincipals}`,
      "servicePrincipals",
    )) {
      const assigned = new Map<string, GraphAppRoleAssignment[]>();
      if (!araDenied) {
        await s.batchAll(
          page
            .filter((p) => p.id)
            .map((p) => ({
              id: p.id!,
              url: `${D.appRoleAssignments.live.path.replace("{id}", p.id!)}?$select=${SELECT.appRoleAssignments}&$top=${TOP.other}`,
            })),
          (item, res) => {
            const spId = item.id.split("#")[0]!;
            if (res.status === 403) {
              araDenied ??= new NotGranted(403, null, `app role assignments: ${errorText(res.body)}`);
              return;
            }
            if (res.status === 404) return;
            if (res.status < 200 || res.status >= 300)
              throw new AppError(
                "UPSTREAM",
                `app role assignments of ${spId}: HTTP ${res.status} ${errorText(res.body)}`,
              );
            const body = res.body as { value?: GraphAppRoleAssignment[]; "@odata.nextLink"?: string };
            assigned.set(spId, [...(assigned.get(spId) ?? []), ...(body.value ?? [])]);
            aras += body.value?.length ?? 0;
            const next = body["@odata.nextLink"];
            return next ? [{ id: `${spId}#${++follow}`, url: s.relative(next) }] : [];
          },
          ctx.concurrency,
        );
      }
      const aws = await readAwsAppExtras(s, page, awsDenied, ctx.concurrency);
      const principals: PrincipalInput[] = page
        .filter((p) => p.id)
        .map((p) =>
          normalizeServicePrincipal(p, {
            appRoleAssignments: araDenied ? undefined : (assigned.get(p.id!) ?? []),
            oauth2PermissionGrants: grants ? (grants.get(p.id!) ?? []) : undefined,
            provisioningJobs: aws.jobs.get(p.id!),
          }),
        );
      sps += principals.length;
      awsAssigned += aws.assignments.length;
      awsJobs += aws.jobs.size;
      yield { type: "batch", batch: { principals } };
      if (aws.assignments.length) yield { type: "batch", batch: { assignments: aws.assignments } };
      yield { type: "progress", phase: "Service principals", done: sps };
    }
    yield collected("servicePrincipals", sps);
    yield araDenied ? notCollected("appRoleAssignments", araDenied) : collected("appRoleAssignments", aras);
    yield awsDenied.assignedTo
      ? notCollected("appRoleAssignedTo", awsDenied.assignedTo)
      : collected("appRoleAssignedTo", awsAssigned);
    yield awsDenied.jobs ? notCollected("provisioningJobs", awsDenied.jobs) : collected("provisioningJobs", awsJobs);
  } catch (e) {
    if (!(e instanceof NotGranted)) throw e;
    for (const d of ["servicePrincipals", "appRoleAssignments", "appRoleAssignedTo", "provisioningJobs"] as const)
      yield notCollected(d, e);
  }

  // Conditional access: about 1 request per second per tenant, so these go one at a time, spaced.
  yield { type: "progress", phase: "Conditional access", done: 0 };
  yield* simple<GraphObject>(
    "namedLocations",
    D.namedLocations.live.path,
    (p) => ({ type: "batch", batch: { namedLocations: p.filter((l) => l.id).map(normalizeNamedLocation) } }),
    true,
  );
  yield* simple<GraphObject>(
    "conditionalAccess",
    D.conditionalAccess.live.path,
    (p) => ({ type: "batch", batch: { accessControls: p.filter((c) => c.id).map((c) => normalizeCaPolicy(c)) } }),
    true,
  );
}

// ------------------------------------------------------------------------------------------------ delta

interface DeltaChanges {
  at: string;
  users: Map<string, GraphUser>;
  removedUsers: Set<string>;
  groups: Map<string, GraphGroup>;
  removedGroups: Set<string>;
  memberAdds: Map<string, { id: string; type: string }[]>;
  memberRemoves: Map<string, string[]>;
  usersDelta: string | null;
  groupsDelta: string | null;
}

async function readDeltas(ctx: Ctx, state: EntraSyncState): Promise<DeltaChanges> {
  const s = ctx.session;
  const c: DeltaChanges = {
    at: new Date().toISOString(),
    users: new Map(),
    removedUsers: new Set(),
    groups: new Map(),
    removedGroups: new Set(),
    memberAdds: new Map(),
    memberRemoves: new Map(),
    usersDelta: null,
    groupsDelta: null,
  };
  for await (const page of s.pages<GraphUser>(state.usersDelta!, "users delta", (l) => (c.usersDelta = l))) {
    for (const u of page) {
      if (!u.id) continue;
      if ("@removed" in u) {
        c.removedUsers.add(u.id);
        c.users.delete(u.id);
      } else {
        c.users.set(u.id, u);
        c.removedUsers.delete(u.id);
      }
    }
  }
  for await (const page of s.pages<GraphGroup>(state.groupsDelta!, "groups delta", (l) => (c.groupsDelta = l))) {
    for (const g of page) {
      if (!g.id) continue;
      if ("@removed" in g) {
        c.removedGroups.add(g.id);
        c.groups.delete(g.id);
        continue;
      }
      const { "members@delta": members, ...props } = g as GraphGroup & { "members@delta"?: GraphObject[] };
      if (Object.keys(props).some((k) => k !== "id" && !k.startsWith("@")))
        c.groups.set(g.id, { ...(c.groups.get(g.id) ?? {}), ...props });
      for (const m of members ?? []) {
        if (!m.id) continue;
        const type = String(m["@odata.type"] ?? "");
        if ("@removed" in m) c.memberRemoves.set(g.id, [...(c.memberRemoves.get(g.id) ?? []), m.id]);
        else if (/\.(user|group|servicePrincipal)$/.test(type))
          c.memberAdds.set(g.id, [...(c.memberAdds.get(g.id) ?? []), { id: m.id, type }]);
      }
    }
  }
  return c;
}

async function* deltaSync(
  ctx: Ctx,
  state: EntraSyncState,
  c: DeltaChanges,
  base: EntraBase,
): AsyncGenerator<ConnectorEvent> {
  const s = ctx.session;
  yield { type: "progress", phase: "Incremental sync", done: 0 };

  // Sign-ins and MFA registrations since the last sync (neither shows in user delta).
  const signedIn = new Map<string, GraphUser>();
  let signIn = state.signIn;
  if (signIn) {
    try {
      for await (const page of s.pages<GraphUser>(
        `${D.users.live.path}?$filter=signInActivity/lastSignInDateTime ge ${state.at}&$select=${SELECT.users},${D.signInActivity.live.select}&$top=${TOP.usersWithSignIn}`,
        "recent sign-ins",
      )) {
        for (const u of page) if (u.id) signedIn.set(u.id, u);
      }
    } catch (e) {
      if (!(e instanceof NotGranted)) throw e;
      signIn = false;
      yield notCollected("signInActivity", e);
    }
  }
  const mfaUpdates = new Map<string, MfaInfo>();
  let mfaOk = state.mfa;
  if (mfaOk) {
    try {
      for await (const page of s.pages<GraphRegistrationDetails>(
        `${D.mfaRegistration.live.path}?$filter=lastUpdatedDateTime ge ${state.at}&$select=${SELECT.registration}&$top=${TOP.other}`,
        "MFA registration changes",
      )) {
        for (const r of page) if (r.id) mfaUpdates.set(r.id, mfaInfo(r));
      }
    } catch (e) {
      if (!(e instanceof NotGranted)) throw e;
      mfaOk = false;
      yield notCollected("mfaRegistration", e);
    }
  }

  // Users whose row is rewritten: changed, signed in, or MFA changed; deleted ones go.
  const refresh = new Set(
    [...c.users.keys(), ...signedIn.keys(), ...mfaUpdates.keys()].filter((id) => !c.removedUsers.has(id)),
  );
  const stored = await base.users([...refresh]);
  // New users with no registration row yet known: ask for theirs.
  const needMfa = mfaOk ? [...refresh].filter((id) => !mfaUpdates.has(id) && !stored.has(id)) : [];
  await s.batchAll(
    needMfa.map((id) => ({
      id,
      url: `${D.mfaRegistration.live.path}/${id}?$select=${SELECT.registration}`,
    })),
    (item, res) => {
      if (res.status >= 200 && res.status < 300) mfaUpdates.set(item.id, mfaInfo(res.body as GraphRegistrationDetails));
      return []; // one registration record a user: no next page to follow
    },
    ctx.concurrency,
  );
  const users: PrincipalInput[] = [];
  for (const id of refresh) {
    const old = stored.get(id);
    const raw = (old?.raw ?? null) as GraphUser | null;
    let u: GraphUser | undefined = c.users.get(id) ?? signedIn.get(id) ?? raw ?? undefined;
    if (!u) continue;
    if (signIn) u = { ...u, signInActivity: signedIn.get(id)?.signInActivity ?? raw?.signInActivity ?? null };
    else if ("signInActivity" in u) {
      const { signInActivity: _drop, ...rest } = u;
      u = rest;
    }
    let mfa: MfaInfo | null | undefined;
    if (mfaOk) {
      mfa =
        mfaUpdates.get(id) ??
        (old
          ? {
              registered: old.mfaRegistered,
              methods: (old.attributes.mfaMethods as string[] | undefined) ?? [],
              isAdmin: (old.attributes.isAdminPerReport as boolean | undefined) ?? null,
            }
          : null);
    }
    users.push(normalizeUser(u, mfa));
  }
  const groups = [...c.groups.values()].filter((g) => !c.removedGroups.has(g.id!)).map(normalizeGroup);

  yield { type: "base", snapshotId: base.snapshotId };
  const removed = [...c.removedUsers, ...c.removedGroups];
  // NOTE: removals go in slices of 400 ids: the SQLite driver adapter refuses queries with ~1,000+ bound
  // parameters (Prisma P2029), and removing a principal binds each id twice (group and member side).
  for (let i = 0; i < removed.length; i += REMOVE_SLICE)
    yield { type: "remove", removals: { principals: removed.slice(i, i + REMOVE_SLICE) } };
  const replaced = [...users, ...groups].map((p) => p.providerId);
  for (let i = 0; i < replaced.length; i += REMOVE_SLICE)
    yield { type: "remove", removals: { replacedPrincipals: replaced.slice(i, i + REMOVE_SLICE) } };
  for (let i = 0; i < users.length; i += PAGE) yield { type: "batch", batch: { principals: users.slice(i, i + PAGE) } };
  if (groups.length) yield { type: "batch", batch: { principals: groups } };
  yield collected("users", null);
  if (signIn) yield collected("signInActivity", null);
  if (mfaOk) yield collected("mfaRegistration", null);
  yield collected("groups", null);

  // Memberships: rebuild the direct graph from the base, diff the groups the changes can reach.
  const graph = new MembershipGraph();
  const baseGroups = new Set<string>();
  for await (const page of base.directMemberships()) {
    for (const m of page) {
      graph.addDirect(m.groupProviderId, m.memberProviderId);
      baseGroups.add(m.groupProviderId);
    }
  }
  for (const g of baseGroups) graph.markGroup(g);
  const touched = new Set<string>([...c.memberAdds.keys(), ...c.memberRemoves.keys()]);
  for (const g of graph.ancestorsOf(removed)) touched.add(g);
  for (const g of c.removedGroups) touched.add(g);
  const affected = new Set([...touched, ...graph.ancestorsOf(touched)]);
  const before = new Map([...affected].map((g) => [g, graph.membershipOf(g)]));
  for (const id of removed) graph.removeObject(id);
  for (const [g, ids] of c.memberRemoves) for (const m of ids) graph.removeDirect(g, m);
  for (const [g, adds] of c.memberAdds) for (const m of adds) graph.addDirect(g, m.id, m.type.endsWith(".group"));
  const gone: { groupProviderId: string; memberProviderId: string }[] = [];
  const added: Membership[] = [];
  for (const g of affected) {
    const old = before.get(g)!;
    const now = c.removedGroups.has(g) ? new Map<string, boolean>() : graph.membershipOf(g);
    for (const [m, direct] of old) if (now.get(m) !== direct) gone.push({ groupProviderId: g, memberProviderId: m });
    for (const [m, direct] of now)
      if (old.get(m) !== direct) added.push({ groupProviderId: g, memberProviderId: m, direct });
  }
  for (let i = 0; i < gone.length; i += PAGE)
    yield { type: "remove", removals: { memberships: gone.slice(i, i + PAGE) } };
  for (let i = 0; i < added.length; i += PAGE)
    yield { type: "batch", batch: { memberships: added.slice(i, i + PAGE) } };
  yield collected("memberships", null);
  yield {
    type: "provenance",
    data: {
      delta: {
        users: c.users.size,
        removedUsers: c.removedUsers.size,
        groups: c.groups.size,
        removedGroups: c.removedGroups.size,
        refreshedUsers: users.length,
        membershipRowsRemoved: gone.length,
        membershipRowsAdded: added.length,
      },
    },
  };

  // The small datasets are read again in full.
  yield {
    type: "remove",
    removals: {
      tables: ["permissionSets", "assignments", "accessControls", "namedLocations"],
      principalKinds: ["servicePrincipal", "managedIdentity"],
    },
  };
  yield* readOtherDatasets(ctx);

  const next: EntraSyncState = {
    v: 1,
    graph: ctx.graph,
    at: c.at,
    usersDelta: c.usersDelta ?? state.usersDelta,
    groupsDelta: c.groupsDelta ?? state.groupsDelta,
    signIn,
    mfa: mfaOk,
  };
  yield { type: "syncState", state: next };
}
