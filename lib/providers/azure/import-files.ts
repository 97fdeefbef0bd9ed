import fs from "node:fs";
import type { DatasetStatusInput } from "../../model";
import { AppError } from "../../errors";
import { listJsonFiles, readJsonFile } from "../entra/read-json";
import { AZURE_DATASET_LIST, AZURE_DATASETS, type AzureDatasetName } from "./datasets/index";
import {
  flatten,
  markPimActivations,
  normalizeClassicAdministrator,
  normalizeDenyAssignment,
  normalizeManagementGroups,
  normalizeResourceGroup,
  normalizeRoleAssignment,
  normalizeRoleDefinition,
  normalizeScheduleInstance,
  normalizeSubscription,
  type Raw,
} from "./normalize";
import type { AzureAssignment, AzureHierarchyNode, AzurePermissionSet, AzureRead } from "./types";

/**
 * `import azure <file-or-folder>`: the JSON that `az` and ARM print, detected per item (a file may mix kinds):
 * - `az role assignment list --all [--include-inherited] [--include-classic-administrators]` (flattened rows with
 *   principalName / roleDefinitionName; classic administrators as az writes them: id "NA(classic admins)",
 *   roleDefinitionId "NA(classic admin role)" — azure-cli role/custom.py `_backfill_assignments_for_co_admins`);
 * - `az role definition list` (roleName, roleType, permissions[], assignableScopes);
 * - `az account management-group list` (flat) and `az account management-group show -n <root> -e -r` (a tree);
 * - `az account list` / `az group list`;
 * - ARM REST responses (`{"value": [...]}` with `properties`): role assignments and definitions, deny assignments,
 *   PIM role eligibility / assignment schedule instances, classic administrators, management groups, subscriptions,
 *   resource groups.
 * Anything else is refused with the file and item named; nothing is half-imported.
 */

type ItemKind = AzureDatasetName;

/** What one item is, or null: by its ARM `type` (the declarations' armTypes), else by its fields (az's untyped rows). */
export function detectItem(raw: Raw): ItemKind | null {
  const type = typeof raw.type === "string" ? raw.type.toLowerCase() : "";
  const byType = type ? AZURE_DATASET_LIST.find((d) => d.file?.armTypes.includes(type)) : undefined;
  if (byType) return byType.name;
  const r = flatten(raw);
  return AZURE_DATASET_LIST.find((d) => d.file?.shape?.(r, raw))?.name ?? null;
}

/** The items of one parsed file: an array, a REST list (`value`), or one object. */
function itemsOf(parsed: unknown, label: string): Raw[] {
  if (Array.isArray(parsed)) return parsed as Raw[];
  if (parsed && typeof parsed === "object") {
    const o = parsed as Raw;
    if (Array.isArray(o.value)) return o.value as Raw[];
    return [o];
  }
  throw new AppError("BAD_INPUT", `${label}: expected a JSON array or object`);
}

interface Collected {
  nodes: Map<string, AzureHierarchyNode>;
  sets: Map<string, AzurePermissionSet>;
  assignments: Map<string, AzureAssignment>;
  /** PIM active instances: they mark role assignments, they are not rows of their own. */
  active: Map<string, AzureAssignment>;
  seen: Set<ItemKind>;
  tenantId: string | null;
}

function add(c: Collected, kind: ItemKind, raw: Raw): void {
  const putNode = (n: AzureHierarchyNode) => {
    const k = n.providerId.toLowerCase();
    const old = c.nodes.get(k);
    c.nodes.set(
      k,
      old
        ? {
            ...old,
            ...n,
            name: n.name || old.name,
            parentProviderId: n.parentProviderId ?? old.parentProviderId,
            attributes: { ...old.attributes, ...n.attributes },
          }
        : n,
    );
  };
  const putAssignment = (a: AzureAssignment, id: string) => c.assignments.set(`${a.kind}|${id.toLowerCase()}`, a);
  switch (kind) {
    case "roleAssignments": {
      const a = normalizeRoleAssignment(raw);
      putAssignment(a, String(a.attributes.roleAssignmentId));
      return;
    }
    case "roleDefinitions": {
      const d = normalizeRoleDefinition(raw);
      c.sets.set(d.providerId, d);
      return;
    }
    case "denyAssignments": {
      const d = normalizeDenyAssignment(raw);
      c.sets.set(d.set.providerId, d.set);
      for (const a of d.assignments) putAssignment(a, `${a.permissionSetProviderId}|${a.principalProviderId}`);
      return;
    }
    case "pimEligible":
    case "pimActive": {
      const a = normalizeScheduleInstance(raw, kind === "pimEligible" ? "eligible" : "active");
      if (kind === "pimActive") c.active.set(String(a.attributes.scheduleInstanceId).toLowerCase(), a);
      else putAssignment(a, String(a.attributes.scheduleInstanceId));
      return;
    }
    case "classicAdministrators": {
      const a = normalizeClassicAdministrator(raw);
      putAssignment(a, `${a.scope}|${a.principalProviderId}`);
      return;
    }
    case "managementGroups": {
      const r = flatten(raw);
      for (const n of normalizeManagementGroups(raw)) putNode(n);
      if (typeof r.tenantId === "string") c.tenantId ??= r.tenantId;
      return;
    }
    case "subscriptions": {
      const s = normalizeSubscription(raw);
      putNode(s);
      if (typeof s.attributes.tenantId === "string") c.tenantId ??= s.attributes.tenantId;
      return;
    }
    case "resourceGroups":
      putNode(normalizeResourceGroup(raw));
      return;
  }
}

/** Files of a folder (recursively) or the file itself, `.json` only, in a stable order. */
export function jsonFilesOf(input: string): string[] {
  const st = fs.statSync(input, { throwIfNoEntry: false });
  if (!st) throw new AppError("NOT_FOUND", `${input}: no such file or folder`);
  if (st.isFile()) return [input];
  const out = listJsonFiles(input);
  if (!out.length) throw new AppError("BAD_INPUT", `${input}: no .json files in the folder`);
  return out;
}

/** Reads every file, all or nothing: one bad file or item fails the import with its name. */
export function readAzureFiles(inputs: string[]): AzureRead & { files: { path: string; kinds: string[] }[] } {
  const c: Collected = {
    nodes: new Map(),
    sets: new Map(),
    assignments: new Map(),
    active: new Map(),
    seen: new Set(),
    tenantId: null,
  };
  const files: { path: string; kinds: string[] }[] = [];
  for (const input of inputs)
    for (const file of jsonFilesOf(input)) {
      const items = itemsOf(readJsonFile(file), file);
      const kinds = new Set<string>();
      items.forEach((raw, i) => {
        const where = `${file}${items.length > 1 ? ` item ${i}` : ""}`;
        if (!raw || typeof raw !== "object" || Array.isArray(raw))
          throw new AppError("BAD_INPUT", `${where}: expected an object`);
        const kind = detectItem(raw);
        if (!kind)
          throw new AppError(
            "BAD_INPUT",
            `${where}: not an Azure RBAC export this import reads (az role assignment/definition list, az account management-group list, az account list, az group list, or an ARM REST response)`,
          );
        try {
          add(c, kind, raw);
        } catch (e) {
          throw new AppError("BAD_INPUT", `${where}: ${e instanceof Error ? e.message : String(e)}`);
        }
        c.seen.add(kind);
        kinds.add(kind);
      });
      files.push({ path: file, kinds: [...kinds] });
    }
  const byId = new Map<string, AzureAssignment>();
  for (const a of c.assignments.values())
    if (a.kind === "direct") byId.set(String(a.attributes.roleAssignmentId).toLowerCase(), a);
  markPimActivations(byId, c.active.values());
  const nodes = [...c.nodes.values()];
  const assignments = [...c.assignments.values()];
  const count: Record<AzureDatasetName, number> = {
    managementGroups: nodes.filter((n) => n.kind === "managementGroup").length,
    subscriptions: nodes.filter((n) => n.kind === "subscription").length,
    resourceGroups: nodes.filter((n) => n.kind === "resourceGroup").length,
    roleDefinitions: [...c.sets.values()].filter((s) => s.kind === "azureRbacRole").length,
    roleAssignments: assignments.filter((a) => a.kind === "direct" || a.kind === "active").length,
    denyAssignments: [...c.sets.values()].filter((s) => s.kind === "azureDenyAssignment").length,
    pimEligible: assignments.filter((a) => a.kind === "eligible").length,
    pimActive: c.active.size,
    classicAdministrators: assignments.filter((a) => a.kind === "classicAdministrator").length,
  };
  const datasets: Record<string, DatasetStatusInput> = {};
  for (const name of Object.keys(AZURE_DATASETS) as AzureDatasetName[])
    datasets[name] = c.seen.has(name)
      ? { collected: true, count: count[name] }
      : { collected: false, reason: "not in the imported files", permission: AZURE_DATASETS[name].permission };
  return { tenantId: c.tenantId, nodes, permissionSets: [...c.sets.values()], assignments, datasets, files };
}
