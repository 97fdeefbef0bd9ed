import type { Assignment } from "../../model";
import { AppError } from "../../errors";
import { isAwsApp } from "./aws-apps";
import { ENTRA_DATASETS as D } from "./datasets";
import type { GraphAppRoleAssignment, GraphServicePrincipal, GraphSynchronizationJob } from "./graph-types";
import { normalizeAppRoleAssignedTo, normalizeAppRoles } from "./normalize-apps";
import { type BatchResult, errorText, type GraphSession, NotGranted } from "./session";

/** What the AWS apps of one page of service principals hold: who is assigned, and their provisioning jobs. */
export interface AwsAppExtras {
  /** `appRole` rows of the page's AWS apps. */
  assignments: Assignment[];
  /** Jobs by service principal id (every AWS app of the page has an entry when jobs were readable). */
  jobs: Map<string, GraphSynchronizationJob[]>;
}

/** Denials met so far, kept across pages: once a list is refused, it is not asked again. */
export interface AwsAppDenials {
  assignedTo: NotGranted | null;
  jobs: NotGranted | null;
}

/**
 * For the AWS apps among a page of service principals (lib/providers/entra/aws-apps.ts), reads in `$batch`
 * requests, GET only: `appRoleAssignedTo` (paged through `@odata.nextLink`) and `synchronization/jobs`. A 403 on
 * either marks that dataset denied (not collected) and stops asking for it; 404 = the app is gone.
 */
export async function readAwsAppExtras(
  s: GraphSession,
  page: readonly GraphServicePrincipal[],
  denied: AwsAppDenials,
  concurrency: number,
): Promise<AwsAppExtras> {
  const apps = page.filter((p) => p.id && isAwsApp(p));
  const out: AwsAppExtras = { assignments: [], jobs: new Map() };
  if (!apps.length) return out;
  const roles = new Map(apps.map((p) => [p.id!, normalizeAppRoles(p.appRoles)]));
  const select = D.appRoleAssignedTo.live.select;
  const items = apps.flatMap((p) => [
    ...(denied.assignedTo
      ? []
      : [
          {
            id: `to|${p.id}|0`,
            url: `${D.appRoleAssignedTo.live.path.replace("{id}", p.id!)}?$select=${select}&$top=999`,
          },
        ]),
    ...(denied.jobs ? [] : [{ id: `jobs|${p.id}`, url: D.provisioningJobs.live.path.replace("{id}", p.id!) }]),
  ]);
  let follow = 0;
  const check = (what: string, spId: string, res: BatchResult): "denied" | "gone" | "ok" => {
    if (res.status === 403) return "denied";
    if (res.status === 404) return "gone";
    if (res.status < 200 || res.status >= 300)
      throw new AppError("UPSTREAM", `${what} of ${spId}: HTTP ${res.status} ${errorText(res.body)}`);
    return "ok";
  };
  await s.batchAll(
    items,
    (item, res) => {
      const [kind, spId] = item.id.split("|") as [string, string];
      const body = res.body as { value?: unknown[]; "@odata.nextLink"?: string };
      if (kind === "jobs") {
        const r = check("provisioning jobs", spId, res);
        if (r === "denied") denied.jobs ??= new NotGranted(403, null, `provisioning jobs: ${errorText(res.body)}`);
        if (r !== "ok") return;
        out.jobs.set(spId, [...(out.jobs.get(spId) ?? []), ...((body.value ?? []) as GraphSynchronizationJob[])]);
        const next = body["@odata.nextLink"];
        return next ? [{ id: `jobs|${spId}|${++follow}`, url: s.relative(next) }] : [];
      }
      const r = check("app assignments", spId, res);
      if (r === "denied") denied.assignedTo ??= new NotGranted(403, null, `app assignments: ${errorText(res.body)}`);
      if (r !== "ok") return;
      for (const a of (body.value ?? []) as GraphAppRoleAssignment[]) {
        const row = normalizeAppRoleAssignedTo(a, roles.get(spId) ?? null);
        if (row) out.assignments.push(row);
      }
      const next = body["@odata.nextLink"];
      return next ? [{ id: `to|${spId}|${++follow}`, url: s.relative(next) }] : [];
    },
    concurrency,
  );
  if (denied.jobs) out.jobs.clear();
  return out;
}
