import { matchPeople } from "../analysis/person-matching";
import type { Db } from "../db/client";
import {
  getAccessControlRecord,
  getPermissionSetRecord,
  latestSnapshots,
  listAccessControls,
  listPermissionSets,
  permissionSetsFor,
} from "../db/inventory";
import { accessControlsByRef } from "../db/report-data";
import { listPersonLinks } from "../db/people";
import { AppError } from "../errors";
import { toReport, translate, type PrincipalResolver, type TranslationReport } from "../translate";
import type { NamedLocation } from "../model";
import { snapshotModel } from "./snapshot-models";
import { buildResolver } from "./translate-resolver";

/**
 * The Translator page (workshops): pick an item of the loaded data or paste JSON, and the translation follows every
 * edit. The loaded context (person resolver, named locations) is built once per set of snapshots and person-link
 * decisions and kept, so a keystroke costs one translation, not a database load.
 * Deep links: /translate?kind=policy|role|ca&id=<row id> (the ids of the AWS/Entra inventory and detail pages).
 */

export const MAX_PASTE = 2 * 1024 * 1024;

let cached: { key: string; resolver: PrincipalResolver; namedLocations: NamedLocation[] } | null = null;

async function context(db: Db) {
  const [snaps, links] = await Promise.all([latestSnapshots(db), listPersonLinks(db)]);
  const key = `${snaps.map((s) => s.snapshotId).join(",")}|${links.length}|${links.map((l) => `${l.id}:${l.decision}`).join(",")}`;
  if (cached?.key === key) return cached;
  const models = await Promise.all(snaps.map((s) => snapshotModel(db, s.snapshotId)));
  const overrides = links.map((l) => ({
    leftSourceId: l.leftSourceId,
    leftProviderId: l.leftProviderId,
    rightSourceId: l.rightSourceId,
    rightProviderId: l.rightProviderId,
    decision: l.decision === "rejected" ? ("rejected" as const) : ("confirmed" as const),
  }));
  cached = {
    key,
    resolver: buildResolver(models, matchPeople(models, overrides)),
    namedLocations: models.flatMap((m) => m.namedLocations),
  };
  return cached;
}

/** Translates pasted JSON with the loaded data as context. Bad JSON is an error inside the result, not a throw. */
export async function translateForWorkshop(db: Db, text: string, name = "pasted"): Promise<TranslationReport> {
  if (text.length > MAX_PASTE)
    throw new AppError(
      "TOO_LARGE",
      `The pasted text is over ${MAX_PASTE / 1024 / 1024} MB; use the CLI (crosswalk translate FILE) for big files.`,
    );
  if (!text.trim()) return toReport([]);
  const ctx = await context(db);
  return toReport(await translate(text, { name, resolver: ctx.resolver, namedLocations: ctx.namedLocations }));
}

export type PickKind = "policy" | "role" | "ca";

export interface PickedItem {
  kind: PickKind;
  id: number;
  name: string;
  label: string;
  /** The source document as JSON text, in the provider's own shape (what the translator reads). */
  text: string;
}

const LABEL: Record<string, string> = {
  awsManagedPolicy: "AWS managed policy",
  customerManagedPolicy: "Customer-managed policy",
  inlinePolicy: "Inline policy",
  entraDirectoryRole: "Entra directory role",
  azureRbacRole: "Azure RBAC role",
};

/** One item of the loaded data as the Translator's source (deep link). */
export async function pickItem(db: Db, kind: string, id: number): Promise<PickedItem> {
  if (!Number.isInteger(id) || id <= 0) throw new AppError("BAD_INPUT", "The item id must be a positive number");
  if (kind === "policy" || kind === "role") {
    const ps = await getPermissionSetRecord(db, id);
    return { kind, id, name: ps.name, label: LABEL[ps.kind] ?? ps.kind, text: JSON.stringify(ps.document, null, 2) };
  }
  if (kind === "ca") {
    const ac = await getAccessControlRecord(db, id);
    return { kind, id, name: ac.name, label: "Conditional-access policy", text: JSON.stringify(ac.raw ?? {}, null, 2) };
  }
  throw new AppError("BAD_INPUT", `Unknown item kind "${kind}" (policy, role or ca)`);
}

/**
 * The same, from the reference the policy and CA detail pages link with:
 * /translate?snapshot=<snapshot id>&item=permissionSet:<provider id> | accessControl:<provider id>.
 */
export async function pickItemByRef(db: Db, snapshotId: string, item: string): Promise<PickedItem> {
  const i = item.indexOf(":");
  const type = item.slice(0, i);
  const providerId = item.slice(i + 1);
  if (i < 0 || !providerId)
    throw new AppError("BAD_INPUT", `"${item}" is not an item reference (permissionSet:<id> or accessControl:<id>)`);
  if (type === "permissionSet") {
    const ps = (await permissionSetsFor(db, snapshotId, [providerId], [])).find((p) => p.providerId === providerId);
    if (!ps) throw new AppError("NOT_FOUND", `No policy or role ${providerId} in that snapshot`);
    return pickItem(db, ps.kind === "entraDirectoryRole" || ps.kind === "azureRbacRole" ? "role" : "policy", ps.id);
  }
  if (type === "accessControl") {
    const ac = (await accessControlsByRef(db, [snapshotId], [providerId])).find((c) => c.providerId === providerId);
    if (!ac) throw new AppError("NOT_FOUND", `No conditional-access policy ${providerId} in that snapshot`);
    return pickItem(db, "ca", ac.id);
  }
  throw new AppError("BAD_INPUT", `Unknown item type "${type}" (permissionSet or accessControl)`);
}

export interface PickOption {
  kind: PickKind;
  id: number;
  name: string;
  label: string;
  source: string;
}

/** Items to pick from (custom policies first, then roles and CA policies), filtered by name. */
export async function listPickable(db: Db, search: string, take = 40): Promise<PickOption[]> {
  const snaps = await latestSnapshots(db);
  const name = new Map(snaps.map((s) => [s.snapshotId, s.sourceName]));
  const aws = snaps.filter((s) => s.sourceKind === "aws").map((s) => s.snapshotId);
  const entra = snaps.filter((s) => s.sourceKind === "entra").map((s) => s.snapshotId);
  const needle = search.trim().toLowerCase() || undefined;
  const page = { skip: 0, take };
  const [custom, managed, roles, ca] = await Promise.all([
    listPermissionSets(
      db,
      { snapshotIds: aws, kinds: ["customerManagedPolicy", "inlinePolicy"], search: needle },
      "name",
      "asc",
      page,
    ),
    listPermissionSets(db, { snapshotIds: aws, kinds: ["awsManagedPolicy"], search: needle }, "name", "asc", {
      skip: 0,
      take: 15,
    }),
    listPermissionSets(
      db,
      { snapshotIds: entra, kinds: ["entraDirectoryRole", "azureRbacRole"], search: needle },
      "name",
      "asc",
      page,
    ),
    listAccessControls(db, { snapshotIds: entra, search: search.trim() || undefined }, "asc", page),
  ]);
  return [
    ...custom.rows.map((r) => ({
      kind: "policy" as const,
      id: r.id,
      name: r.name,
      label: LABEL[r.kind] ?? r.kind,
      source: name.get(r.snapshotId) ?? "",
    })),
    ...managed.rows.map((r) => ({
      kind: "policy" as const,
      id: r.id,
      name: r.name,
      label: LABEL[r.kind] ?? r.kind,
      source: name.get(r.snapshotId) ?? "",
    })),
    ...roles.rows.map((r) => ({
      kind: "role" as const,
      id: r.id,
      name: r.name,
      label: LABEL[r.kind] ?? r.kind,
      source: name.get(r.snapshotId) ?? "",
    })),
    ...ca.rows.map((r) => ({
      kind: "ca" as const,
      id: r.id,
      name: r.name,
      label: "Conditional-access policy",
      source: name.get(r.snapshotId) ?? "",
    })),
  ];
}
