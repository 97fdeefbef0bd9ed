/**
 * Translation use cases (issue 5): files or folders, pasted JSON, and the loaded data. Returns the documented
 * contract `{ version: 1, results: TranslationResult[] }` (lib/translate/types.ts ZTranslationReportSchema):
 * one result per item; a bad item carries its `error` and never stops the rest.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { matchPeople } from "../analysis/person-matching";
import type { SourceModel } from "../analysis/source-model";
import type { Db } from "../db/client";
import { loadTranslationSources, translationSourcesVersion } from "../db/translate-sources";
import { AppError } from "../errors";
import type { AccessControl, PermissionSet, PermissionSetKind } from "../model";
import {
  prepareContext,
  toReport,
  translate,
  translateFiles,
  translateItem,
  type PrincipalResolver,
  type TranslationInput,
  type TranslationReport,
  type TranslationResult,
} from "../translate";
import { listJsonFiles } from "./list-json-files";
import { buildResolver } from "./translate-resolver";

/** What the translator page renders: the translate service's answer shapes. */
export type { Suggestion, TranslationReport, TranslationResult } from "../translate/types";

/** Larger files are reported as TOO_LARGE in their own result instead of being read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface LoadedTranslationContext {
  models: SourceModel[];
  resolver: PrincipalResolver;
}

const contextCache = new WeakMap<Db, { version: string; value: LoadedTranslationContext }>();

/**
 * Reads the latest complete snapshots and builds the person resolver (null db = nothing loaded). Reused while the
 * snapshots and person links are unchanged, so translating as someone types does not reload the tenant each time.
 */
export async function loadTranslationContext(db: Db | null): Promise<LoadedTranslationContext> {
  if (!db) return { models: [], resolver: () => [] };
  const version = await translationSourcesVersion(db);
  const hit = contextCache.get(db);
  if (hit && hit.version === version) return hit.value;
  const { models, overrides } = await loadTranslationSources(db);
  const value = { models, resolver: buildResolver(models, matchPeople(models, overrides)) };
  contextCache.set(db, { version, value });
  return value;
}

/**
 * Files and folders (recursively, *.json). Items of all files are translated together, so named locations in one
 * file serve the CA policies in another; the loaded data (when a db is given) supplies more named locations and the
 * person resolver.
 */
export async function translatePaths(paths: string[], db: Db | null = null): Promise<TranslationReport> {
  if (paths.length === 0) throw new AppError("BAD_INPUT", "give at least one file or folder to translate");
  const loaded = await loadTranslationContext(db);
  const files: { file: string; bytes: Uint8Array }[] = [];
  const tooLarge: TranslationResult[] = [];
  for (const p of paths) {
    for (const f of await listJsonFiles(p)) {
      const size = (await fs.stat(f)).size;
      if (size > MAX_FILE_BYTES)
        tooLarge.push({
          input: { file: f, name: path.basename(f), kind: "unknown" },
          error: `file is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit`,
          suggestions: [],
        });
      else files.push({ file: f, bytes: new Uint8Array(await fs.readFile(f)) });
    }
  }
  if (files.length === 0 && tooLarge.length === 0)
    throw new AppError("BAD_INPUT", `no .json files in ${paths.join(", ")}`);
  const results = await translateFiles(files, {
    resolver: loaded.resolver,
    namedLocations: loaded.models.flatMap((m) => m.namedLocations),
  });
  return toReport([...results, ...tooLarge]);
}

/** Pasted text (the Translator page): never throws for bad input — the error is in the result. */
export async function translatePasted(text: string, db: Db | null = null, name = "pasted"): Promise<TranslationReport> {
  if (text.length > MAX_FILE_BYTES) throw new AppError("TOO_LARGE", `pasted text is over ${MAX_FILE_BYTES} bytes`);
  const loaded = await loadTranslationContext(db);
  return toReport(
    await translate(text, {
      name,
      resolver: loaded.resolver,
      namedLocations: loaded.models.flatMap((m) => m.namedLocations),
    }),
  );
}

/** How the translator reads each kind of stored permission set (the translate page and the translation report). */
export const INPUT_KIND: Record<
  PermissionSetKind,
  "aws-managed-policy" | "aws-iam-policy" | "aws-inline-policy" | "entra-directory-role" | "azure-rbac-role"
> = {
  awsManagedPolicy: "aws-managed-policy",
  customerManagedPolicy: "aws-iam-policy",
  inlinePolicy: "aws-inline-policy",
  entraDirectoryRole: "entra-directory-role",
  azureRbacRole: "azure-rbac-role",
  // SCPs, RCPs and a permission set's inline policy are AWS policy documents; a deny assignment reads like a role.
  serviceControlPolicy: "aws-iam-policy",
  resourceControlPolicy: "aws-iam-policy",
  identityCenterPermissionSet: "aws-iam-policy",
  azureDenyAssignment: "azure-rbac-role",
};

export interface LoadedItem {
  input: TranslationInput;
  /** AWS principals holding an AWS policy (scopes the CA suggestion). */
  holders: { kind: string; id: string; name: string }[];
  sourceName: string;
}

/** Every translatable item of the loaded data: policies and roles, CA policies, IAM groups and Entra security groups. */
export function loadedItems(models: SourceModel[]): LoadedItem[] {
  const items: LoadedItem[] = [];
  for (const m of models) {
    const principal = new Map(m.principals.map((p) => [p.providerId, p]));
    const holdersOf = new Map<string, { kind: string; id: string; name: string }[]>();
    for (const a of m.assignments) {
      const p = principal.get(a.principalProviderId);
      if (p)
        holdersOf.set(a.permissionSetProviderId, [
          ...(holdersOf.get(a.permissionSetProviderId) ?? []),
          { kind: p.kind, id: p.providerId, name: p.name },
        ]);
    }
    const byArn = new Map(m.principals.filter((p) => p.arn).map((p) => [p.arn!, p]));
    const file = `${m.sourceName} (snapshot ${m.snapshotId})`;
    for (const ps of m.permissionSets as PermissionSet[]) {
      const owner = ps.ownerProviderId
        ? (principal.get(ps.ownerProviderId) ?? byArn.get(ps.ownerProviderId))
        : undefined;
      const holders = owner
        ? [{ kind: owner.kind, id: owner.providerId, name: owner.name }]
        : (holdersOf.get(ps.providerId) ?? []);
      items.push({
        input: { kind: INPUT_KIND[ps.kind], file, name: ps.name, permissionSet: ps },
        holders,
        sourceName: m.sourceName,
      });
    }
    for (const ac of m.accessControls as AccessControl[])
      items.push({
        input: { kind: "entra-ca-policy", file, name: ac.name, accessControl: ac },
        holders: [],
        sourceName: m.sourceName,
      });
    const membersOf = new Map<string, string[]>();
    for (const ms of m.memberships)
      if (ms.direct)
        membersOf.set(ms.groupProviderId, [...(membersOf.get(ms.groupProviderId) ?? []), ms.memberProviderId]);
    for (const g of m.principals.filter((p) => p.kind === "group")) {
      const memberRows = (membersOf.get(g.providerId) ?? [])
        .map((id) => principal.get(id))
        .filter((p): p is NonNullable<typeof p> => !!p);
      if (m.kind === "aws") {
        const policies = m.assignments
          .filter((a) => a.principalProviderId === g.providerId)
          .map((a) => a.permissionSetProviderId.split("/").pop() ?? a.permissionSetProviderId);
        const inline = m.permissionSets
          .filter((ps) => ps.ownerProviderId === g.providerId || ps.ownerProviderId === g.arn)
          .map((ps) => ps.name);
        items.push({
          input: {
            kind: "aws-iam-group",
            file,
            name: g.name,
            group: {
              name: g.name,
              id: g.providerId,
              arn: g.arn,
              path: g.attributes.path ?? "/",
              members: memberRows.map((p) => ({ id: p.providerId, name: p.name, arn: p.arn })),
              policies: [...policies, ...inline],
              membersKnown: m.datasets.memberships?.collected !== false,
            },
          },
          holders: [],
          sourceName: m.sourceName,
        });
      } else if (g.attributes.securityEnabled !== false && !(g.attributes.groupTypes ?? []).includes("Unified")) {
        items.push({
          input: {
            kind: "entra-group",
            file,
            name: g.displayName || g.name,
            group: {
              id: g.providerId,
              displayName: g.displayName || g.name,
              description: null,
              securityEnabled: g.attributes.securityEnabled ?? null,
              mailEnabled: g.attributes.mailEnabled ?? null,
              groupTypes: g.attributes.groupTypes ?? [],
              membershipRule: g.attributes.dynamicRule ?? null,
              members: memberRows.map((p) => ({
                id: p.providerId,
                type: p.kind,
                displayName: p.displayName || p.name,
              })),
              membersKnown: m.datasets.memberships?.collected !== false,
            },
          },
          holders: [],
          sourceName: m.sourceName,
        });
      }
    }
  }
  return items;
}

/** `translate --all`: every item of the latest complete snapshots, with the person resolver and named locations. */
export async function translateLoaded(db: Db): Promise<TranslationReport> {
  const { models, resolver } = await loadTranslationContext(db);
  if (models.length === 0)
    throw new AppError(
      "NOT_FOUND",
      "no source has a complete snapshot yet: import or sync one first (or run `crosswalk demo`)",
    );
  const items = loadedItems(models);
  const ctx = await prepareContext(
    items.map((i) => i.input),
    { resolver, namedLocations: models.flatMap((m) => m.namedLocations) },
  );
  return toReport(items.map((i) => translateItem(i.input, ctx, i.holders)));
}

/**
 * One stored policy / role / CA policy / group by provider id (or exact name), as the "Translate" button on its page
 * shows it: the same items, holders, resolver and named locations as `--all`.
 * NOTE: it reads the latest complete snapshots whole (the person resolver needs them); fine for the sample and
 * mid-size tenants, a per-item query path is the next step for 100k-principal tenants.
 */
export async function translateStored(
  db: Db,
  ref: { providerId: string; sourceId?: string },
): Promise<TranslationResult> {
  const { models, resolver } = await loadTranslationContext(db);
  const scoped = ref.sourceId ? models.filter((m) => m.sourceId === ref.sourceId) : models;
  const items = loadedItems(scoped);
  const byId = (i: LoadedItem) => {
    const x = i.input;
    if ("permissionSet" in x) return x.permissionSet.providerId;
    if ("accessControl" in x) return x.accessControl.providerId;
    if ("group" in x) return x.group.id;
    return null;
  };
  const item = items.find((i) => byId(i) === ref.providerId) ?? items.find((i) => i.input.name === ref.providerId);
  if (!item)
    throw new AppError(
      "NOT_FOUND",
      `nothing to translate with id or name "${ref.providerId}" in the latest complete snapshots`,
    );
  const ctx = await prepareContext([item.input], { resolver, namedLocations: models.flatMap((m) => m.namedLocations) });
  return translateItem(item.input, ctx, item.holders);
}
