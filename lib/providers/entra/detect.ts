import type { EntraDatasetName } from "../../model";
import { ENTRA_DATASET_LIST, MEMBER_LIST_URL, SYNC_JOBS_URL, type EntraDatasetDeclaration } from "./datasets";
import { odataTypeName, type GraphObject } from "./graph-types";

/**
 * What a file (or one object) holds: a dataset, for member lists the group and whether they are transitive, for
 * provisioning jobs their service principal.
 */
export interface DetectedEntraData {
  dataset: EntraDatasetName;
  groupId?: string;
  transitive?: boolean;
  servicePrincipalId?: string;
}

type Recognisable = EntraDatasetDeclaration & { file: Extract<EntraDatasetDeclaration["file"], { url: RegExp }> };
const RECOGNISABLE = ENTRA_DATASET_LIST.filter((d): d is Recognisable => d.file !== null && "url" in d.file);
const BY_TYPE = new Map(RECOGNISABLE.flatMap((d) => d.file.odataTypes.map((t) => [t, d.name] as const)));

/**
 * What a response's `@odata.context` (or `@odata.nextLink`) says it holds, e.g.
 * `…/$metadata#users(id,displayName)`, `…/$metadata#groups('id')/members`, `…/groups/{id}/transitiveMembers?$skiptoken=`.
 */
export function datasetFromUrl(url: string | undefined): DetectedEntraData | null {
  if (!url) return null;
  const u = decodeURIComponent(url.replace(/^.*?\$metadata#/, "").replace(/^https?:\/\/[^/]+\/(v1\.0|beta)\//, ""));
  const member = MEMBER_LIST_URL.exec(u);
  if (member) {
    return { dataset: "memberships", groupId: member[1] ?? member[2], transitive: member[3] === "transitiveMembers" };
  }
  const jobs = SYNC_JOBS_URL.exec(u);
  if (jobs) return { dataset: "provisioningJobs", servicePrincipalId: jobs[1] ?? jobs[2] };
  const d = RECOGNISABLE.find((x) => x.file.url.test(u));
  return d ? { dataset: d.name } : null;
}

/** What one object is, from its `@odata.type` or, failing that, its shape. null = not recognised. */
export function datasetOfItem(o: GraphObject): EntraDatasetName | null {
  const t = odataTypeName(o);
  const byType = t ? BY_TYPE.get(t) : undefined;
  if (byType) return byType;
  return RECOGNISABLE.find((d) => d.file.shape(o))?.name ?? null;
}

/**
 * The documented folder convention for member lists, whose `@odata.context` is just `#directoryObjects`:
 * `…/groups/<groupId>/members.json` and `…/groups/<groupId>/transitiveMembers.json` (any `.json` name starting with
 * `members` / `transitiveMembers`, e.g. `members-page2.json`); and `servicePrincipals/<id>/synchronization/jobs.json`
 * for an app's provisioning jobs.
 */
export function datasetFromPath(relPath: string): DetectedEntraData | null {
  const parts = relPath.split(/[\\/]/);
  const file = parts.at(-1) ?? "";
  // servicePrincipals/<id>/synchronization/jobs.json: the jobs do not name their app.
  if (parts.at(-4)?.toLowerCase() === "serviceprincipals" && parts.at(-2)?.toLowerCase() === "synchronization")
    return /^jobs/i.test(file) ? { dataset: "provisioningJobs", servicePrincipalId: parts.at(-3)! } : null;
  const groupId = parts.at(-2);
  if (parts.at(-3)?.toLowerCase() !== "groups" || !groupId) return null;
  if (/^transitiveMembers/i.test(file)) return { dataset: "memberships", groupId, transitive: true };
  if (/^members/i.test(file)) return { dataset: "memberships", groupId, transitive: false };
  return null;
}

/** The names an import error lists as what a file may hold. */
export const RECOGNISED_TITLES = RECOGNISABLE.map((d) => d.title).join(", ");
