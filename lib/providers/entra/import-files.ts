import fs from "node:fs";
import path from "node:path";
import type {
  AccessControlInput,
  Assignment,
  ConnectorEvent,
  DatasetStatusInput,
  EntraDatasetName,
  Membership,
} from "../../model";
import { AppError } from "../../errors";
import { ENTRA_DATASET_LIST } from "./datasets";
import { datasetFromPath, datasetFromUrl, datasetOfItem, RECOGNISED_TITLES } from "./detect";
import type {
  GraphAppRoleAssignment,
  GraphGroup,
  GraphOAuth2PermissionGrant,
  GraphObject,
  GraphRegistrationDetails,
  GraphRoleAssignment,
  GraphServicePrincipal,
  GraphSynchronizationJob,
} from "./graph-types";
import { isAwsApp } from "./aws-apps";
import { type AppRoleAttribute, normalizeAppRoleAssignedTo, normalizeAppRoles } from "./normalize-apps";
import {
  mfaInfo,
  normalizeGroup,
  normalizeMembers,
  normalizeNamedLocation,
  normalizeRoleAssignment,
  normalizeRoleDefinition,
  normalizeServicePrincipal,
  normalizeUser,
  type MfaInfo,
} from "./normalize";
import { normalizeCaPolicy } from "./normalize-ca";
import { fromPowerShell, isPascalCase } from "./powershell";
import { listJsonFiles, readJsonFile } from "./read-json";
import { MembershipGraph } from "./transitive";
import { getOrInsertComputed } from "../../get-or-insert";

/**
 * File import of Entra data: Graph JSON responses (`{"value": [...]}` with or without `@odata.context`, with
 * `@odata.nextLink`), single objects, JSON arrays, folders of them (recursively, `*.json` only), and the PascalCase
 * JSON Microsoft Graph PowerShell prints; UTF-8 or UTF-16 with BOM; Graph beta shape (extra fields are ignored).
 *
 * Each file's kind comes from its `@odata.context` / `@odata.nextLink`, else each object's `@odata.type`, else its
 * shape. Group member lists need their group: from `groups('<id>')/members` in the context / nextLink, or from the
 * folder convention `groups/<groupId>/members.json` (`transitiveMembers.json` for transitive lists).
 *
 * Everything is parsed and checked by `prepareEntraImport` before a single row is stored, so a bad file fails the
 * import with one clear error naming it and the database is left unchanged.
 */

interface Part {
  file: string;
  dataset: EntraDatasetName;
  items: GraphObject[];
  /** Member lists: the group, and whether the list is transitive (`transitiveMembers`). */
  groupId?: string;
  transitive?: boolean;
  /** Provisioning jobs: their app's service principal. */
  servicePrincipalId?: string;
}

export interface PreparedEntraImport {
  files: string[];
  counts: Partial<Record<EntraDatasetName, number>>;
  events: () => AsyncGenerator<ConnectorEvent>;
}

const BATCH = 1000;

/** Splits one parsed file into recognised parts, or throws BAD_INPUT naming it. */
export function classifyFile(parsed: unknown, label: string, relPath: string): Part[] {
  let items: unknown[];
  let context: string | undefined;
  let next: string | undefined;
  if (Array.isArray(parsed)) items = parsed;
  else if (parsed && typeof parsed === "object") {
    const o = parsed as Record<string, unknown>;
    context = typeof o["@odata.context"] === "string" ? o["@odata.context"] : undefined;
    next = typeof o["@odata.nextLink"] === "string" ? o["@odata.nextLink"] : undefined;
    if (Array.isArray(o.value)) items = o.value;
    else if (Array.isArray(o.Value)) items = o.Value;
    else items = [o];
  } else {
    throw new AppError("BAD_INPUT", `${label}: expected a JSON object or array of Microsoft Graph objects`);
  }
  const objects = items.map((it, i) => {
    if (!it || typeof it !== "object" || Array.isArray(it)) {
      throw new AppError("BAD_INPUT", `${label}: item ${i} is not a JSON object`);
    }
    return (isPascalCase(it) ? fromPowerShell(it as Record<string, unknown>) : it) as GraphObject;
  });
  const hint = datasetFromUrl(context) ?? datasetFromUrl(next) ?? datasetFromPath(relPath);
  if (hint?.dataset === "memberships") {
    const byPath = datasetFromPath(relPath);
    const groupId = hint.groupId ?? byPath?.groupId;
    const transitive = hint.transitive ?? byPath?.transitive ?? false;
    if (!groupId) {
      const name = transitive ? "transitiveMembers" : "members";
      throw new AppError(
        "BAD_INPUT",
        `${label}: a list of group members needs its group: save it as groups/<groupId>/${name}.json`,
      );
    }
    return [{ file: label, dataset: "memberships", items: objects, groupId, transitive }];
  }
  if (hint?.dataset === "provisioningJobs") {
    const servicePrincipalId = hint.servicePrincipalId ?? datasetFromPath(relPath)?.servicePrincipalId;
    if (!servicePrincipalId)
      throw new AppError(
        "BAD_INPUT",
        `${label}: provisioning jobs need their app: save them as servicePrincipals/<id>/synchronization/jobs.json`,
      );
    return [{ file: label, dataset: "provisioningJobs", items: objects, servicePrincipalId }];
  }
  if (/#directoryObjects\b/.test(context ?? "") && !hint) {
    throw new AppError(
      "BAD_INPUT",
      `${label}: a list of directory objects (group members?) needs its group: save it as groups/<groupId>/members.json`,
    );
  }
  const parts = new Map<EntraDatasetName, GraphObject[]>();
  objects.forEach((o, i) => {
    if ("@removed" in o) return; // a delta export's deletion marker: nothing to import
    const dataset = hint?.dataset ?? datasetOfItem(o);
    if (dataset === "provisioningJobs")
      throw new AppError(
        "BAD_INPUT",
        `${label}: item ${i} is a provisioning job: save an app's jobs as servicePrincipals/<id>/synchronization/jobs.json`,
      );
    if (!dataset) {
      throw new AppError(
        "BAD_INPUT",
        `${label}: item ${i} is not a recognised Microsoft Graph object (${RECOGNISED_TITLES})`,
      );
    }
    if (typeof o.id !== "string" || !o.id) {
      if (dataset !== "conditionalAccess")
        throw new AppError("BAD_INPUT", `${label}: item ${i} (${dataset}) has no id`);
    }
    getOrInsertComputed(parts, dataset, () => []).push(o);
  });
  return [...parts].map(([dataset, list]) => ({ file: label, dataset, items: list }));
}

/** Reads, recognises and checks every file; returns a replayable stream of connector events. */
export function prepareEntraImport(inputs: string[]): PreparedEntraImport {
  if (!inputs.length) throw new AppError("BAD_INPUT", "Name a file or folder to import");
  const files: { abs: string; rel: string }[] = [];
  for (const input of inputs) {
    const abs = path.resolve(input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new AppError("NOT_FOUND", `${input}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      const found = listJsonFiles(abs);
      if (!found.length) throw new AppError("BAD_INPUT", `${input}: the folder holds no .json files`);
      for (const f of found) files.push({ abs: f, rel: path.relative(path.dirname(abs), f) });
    } else files.push({ abs, rel: path.basename(abs) });
  }
  const parts: Part[] = [];
  for (const f of files) {
    const parsed = readJsonFile(f.abs, f.rel);
    parts.push(...classifyFile(parsed, f.rel, f.rel));
  }
  const counts: Partial<Record<EntraDatasetName, number>> = {};
  for (const p of parts) counts[p.dataset] = (counts[p.dataset] ?? 0) + p.items.length;
  return {
    files: files.map((f) => f.rel),
    counts,
    events: () =>
      importEvents(
        parts,
        files.map((f) => f.rel),
      ),
  };
}

async function* importEvents(parts: Part[], files: string[]): AsyncGenerator<ConnectorEvent> {
  const of = (d: EntraDatasetName) => parts.filter((p) => p.dataset === d);
  const has = (d: EntraDatasetName) => of(d).length > 0;
  yield { type: "provenance", data: { files, format: "Microsoft Graph JSON" } };

  let mfa: Map<string, MfaInfo> | null = null;
  if (has("mfaRegistration")) {
    mfa = new Map();
    for (const p of of("mfaRegistration"))
      for (const r of p.items) mfa.set(r.id!, mfaInfo(r as GraphRegistrationDetails));
  }
  const appRoles = new Map<string, GraphAppRoleAssignment[]>();
  for (const p of of("appRoleAssignments")) {
    for (const a of p.items as GraphAppRoleAssignment[]) {
      if (!a.principalId) continue;
      const list = appRoles.get(a.principalId) ?? [];
      list.push(a);
      appRoles.set(a.principalId, list);
    }
  }
  const jobs = new Map<string, GraphSynchronizationJob[]>();
  for (const p of of("provisioningJobs"))
    jobs.set(p.servicePrincipalId!, [...(jobs.get(p.servicePrincipalId!) ?? []), ...p.items]);
  const grants = new Map<string, GraphOAuth2PermissionGrant[]>();
  for (const p of of("oauth2PermissionGrants")) {
    for (const g of p.items as GraphOAuth2PermissionGrant[]) {
      if (!g.clientId) continue;
      const list = grants.get(g.clientId) ?? [];
      list.push(g);
      grants.set(g.clientId, list);
    }
  }

  // Principals (one row per id: the same object may appear in several exports).
  const rolesOfApp = new Map<string, AppRoleAttribute[]>();
  const seen = new Set<string>();
  let signInSeen = false;
  const graph = new MembershipGraph();
  const skippedMembers: Record<string, number> = {};
  for (const d of ["users", "groups", "servicePrincipals"] as const) {
    let batch = [];
    for (const p of of(d)) {
      for (const o of p.items) {
        if (seen.has(o.id!)) continue;
        seen.add(o.id!);
        if (d === "users") {
          if ("signInActivity" in o) signInSeen = true;
          batch.push(normalizeUser(o, mfa ? (mfa.get(o.id!) ?? null) : undefined));
        } else if (d === "groups") {
          batch.push(normalizeGroup(o as GraphGroup));
          graph.markGroup(o.id!);
          // groups?$expand=members and groups/delta exports carry members inline.
          for (const key of ["members", "members@delta"]) {
            const inline = (o as Record<string, unknown>)[key];
            if (Array.isArray(inline)) addMembers(graph, o.id!, inline as GraphObject[], skippedMembers);
          }
        } else {
          batch.push(
            normalizeServicePrincipal(o, {
              appRoleAssignments: has("appRoleAssignments") ? (appRoles.get(o.id!) ?? []) : undefined,
              oauth2PermissionGrants: has("oauth2PermissionGrants") ? (grants.get(o.id!) ?? []) : undefined,
              // An AWS app with no jobs file in an export that has them: it does not provision.
              provisioningJobs: jobs.get(o.id!) ?? (has("provisioningJobs") && isAwsApp(o) ? [] : undefined),
            }),
          );
          if (isAwsApp(o)) rolesOfApp.set(o.id!, normalizeAppRoles((o as GraphServicePrincipal).appRoles));
        }
        if (batch.length >= BATCH) {
          yield { type: "batch", batch: { principals: batch } };
          batch = [];
        }
      }
    }
    if (batch.length) yield { type: "batch", batch: { principals: batch } };
  }

  // Memberships: direct lists, then members reached through nesting (computed, plus any transitive lists given).
  for (const p of of("memberships").filter((m) => !m.transitive))
    addMembers(graph, p.groupId!, p.items, skippedMembers);
  const emitted = new Set<string>();
  for (const groupId of graph.groupIds) {
    const direct = graph.directMembers(groupId);
    if (!direct.length) continue;
    const memberships: Membership[] = direct.map((m) => ({
      groupProviderId: groupId,
      memberProviderId: m,
      direct: true,
    }));
    for (const m of direct) emitted.add(`${groupId}|${m}`);
    yield { type: "batch", batch: { memberships } };
  }
  for (const page of graph.transitiveOnly()) {
    for (const m of page) emitted.add(`${m.groupProviderId}|${m.memberProviderId}`);
    yield { type: "batch", batch: { memberships: page } };
  }
  for (const p of of("memberships").filter((m) => m.transitive)) {
    const extra = normalizeMembers(p.groupId!, p.items, false).memberships.filter(
      (m) => !emitted.has(`${m.groupProviderId}|${m.memberProviderId}`),
    );
    for (const m of extra) emitted.add(`${m.groupProviderId}|${m.memberProviderId}`);
    if (extra.length) yield { type: "batch", batch: { memberships: extra } };
  }

  // Directory roles, assignments, eligibility.
  const roleIds = new Set<string>();
  const roles = of("directoryRoles")
    .flatMap((p) => p.items)
    .filter((r) => !roleIds.has(r.id!) && roleIds.add(r.id!));
  if (roles.length) yield { type: "batch", batch: { permissionSets: roles.map(normalizeRoleDefinition) } };
  for (const [d, kind] of [
    ["roleAssignments", "direct"],
    ["pimEligibility", "eligible"],
  ] as const) {
    const rows = of(d)
      .flatMap((p) => p.items as GraphRoleAssignment[])
      .filter((a) => a.principalId && a.roleDefinitionId)
      .map((a) => normalizeRoleAssignment(a, kind));
    if (rows.length) yield { type: "batch", batch: { assignments: rows } };
  }

  // Who is assigned to the (AWS) apps, with the app role values of the apps in the files.
  const assignedTo: Assignment[] = [];
  for (const p of of("appRoleAssignedTo"))
    for (const a of p.items as GraphAppRoleAssignment[]) {
      const row = normalizeAppRoleAssignedTo(a, rolesOfApp.get(String(a.resourceId)) ?? null);
      if (row) assignedTo.push(row);
    }
  for (let i = 0; i < assignedTo.length; i += BATCH)
    yield { type: "batch", batch: { assignments: assignedTo.slice(i, i + BATCH) } };

  // Conditional access and named locations.
  const locIds = new Set<string>();
  const locations = of("namedLocations")
    .flatMap((p) => p.items)
    .filter((l) => !locIds.has(l.id!) && locIds.add(l.id!));
  if (locations.length) yield { type: "batch", batch: { namedLocations: locations.map(normalizeNamedLocation) } };
  const caIds = new Set<string>();
  const controls: AccessControlInput[] = [];
  for (const p of of("conditionalAccess")) {
    p.items.forEach((c, i) => {
      const fallback = `file:${p.file}${p.items.length > 1 ? `#${i}` : ""}`;
      const control = normalizeCaPolicy(c, fallback);
      if (!caIds.has(control.providerId)) {
        caIds.add(control.providerId);
        controls.push(control);
      }
    });
  }
  if (controls.length) yield { type: "batch", batch: { accessControls: controls } };

  // What the files held, per dataset: anything absent is "not collected", never zero.
  const count = (d: EntraDatasetName) => of(d).reduce((n, p) => n + p.items.length, 0);
  const held = (d: EntraDatasetName, n: number | null = count(d)) => ({ present: has(d), count: n });
  const found: Record<EntraDatasetName, { present: boolean; count: number | null }> = {
    users: held("users"),
    signInActivity: { present: signInSeen, count: null },
    groups: held("groups"),
    memberships: {
      present:
        of("memberships").some((p) => !p.transitive) || graph.groupIds.some((g) => graph.directMembers(g).length > 0),
      count: emitted.size,
    },
    directoryRoles: held("directoryRoles", roles.length),
    roleAssignments: held("roleAssignments"),
    pimEligibility: held("pimEligibility"),
    servicePrincipals: held("servicePrincipals"),
    appRoleAssignments: held("appRoleAssignments"),
    appRoleAssignedTo: held("appRoleAssignedTo", assignedTo.length),
    provisioningJobs: held("provisioningJobs"),
    oauth2PermissionGrants: held("oauth2PermissionGrants"),
    mfaRegistration: held("mfaRegistration"),
    namedLocations: held("namedLocations", locations.length),
    conditionalAccess: held("conditionalAccess", controls.length),
  };
  for (const d of ENTRA_DATASET_LIST) {
    const f = found[d.name];
    const status: DatasetStatusInput = f.present
      ? { collected: true, count: f.count }
      : { collected: false, reason: "not in the imported files", permission: d.permission };
    yield { type: "dataset", name: d.name, status };
  }
  if (Object.keys(skippedMembers).length) yield { type: "provenance", data: { skippedMembers } };
}

function addMembers(graph: MembershipGraph, groupId: string, items: GraphObject[], skipped: Record<string, number>) {
  for (const [k, n] of Object.entries(graph.addMemberPage(groupId, items).skipped)) skipped[k] = (skipped[k] ?? 0) + n;
}
