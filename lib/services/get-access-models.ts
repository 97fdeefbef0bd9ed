import type { Db } from "../db/client";
import {
  accessControlsOf,
  countAssignmentsOfKind,
  eligibleAssignment,
  groupsOf,
  guestExample,
  linkedPersonExample,
  memberCountOf,
  permissionSetsOf,
  rolesOf,
  servicePrincipalExample,
} from "../db/access-model-examples";
import { latestSnapshots } from "../db/inventory";
import type { Statement } from "../model";
import { ACCESS_MODEL_CROSSWALK, type Concept } from "./report-kinds/access-model-crosswalk";

/**
 * The access-models page: the concept crosswalk (the same table the workshop handout prints) with one or two live
 * examples per concept and cloud from the latest complete snapshots. An example a cloud cannot have is null with a
 * reason (e.g. "Entra has no explicit deny"), which the page shows as such — not as an empty box.
 */

export interface Example {
  title: string;
  detail: string;
  href: string | null;
}

export interface ConceptView extends Concept {
  awsExamples: Example[];
  entraExamples: Example[];
}

interface Trust {
  type: string;
  value: string;
  external: boolean;
}

const tokens = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length > 2 && !["group", "grp", "the", "all"].includes(t)),
  );

function statementLine(st: Statement): string {
  const acts = st.actions.length ? st.actions : st.notActions.map((a) => `NOT ${a}`);
  const res = st.resources.length ? st.resources : st.notResources.map((r) => `NOT ${r}`);
  const cond = st.conditions
    ? ` when ${Object.entries(st.conditions)
        .map(([op, kv]) => `${op} ${Object.keys(kv).join(", ")}`)
        .join("; ")}`
    : "";
  return `${st.effect} ${acts.slice(0, 3).join(", ")}${acts.length > 3 ? ` (+${acts.length - 3})` : ""} on ${res.slice(0, 2).join(", ") || "*"}${cond}`;
}

export async function getAccessModels(
  db: Db,
): Promise<{ concepts: ConceptView[]; loaded: { aws: string | null; entra: string | null } }> {
  const snaps = await latestSnapshots(db);
  const aws = snaps.find((s) => s.sourceKind === "aws") ?? null;
  const entra = snaps.find((s) => s.sourceKind === "entra") ?? null;
  const ex: Record<string, { aws: Example[]; entra: Example[] }> = {};
  const put = (concept: string, side: "aws" | "entra", e: Example | null) => {
    ex[concept] ??= { aws: [], entra: [] };
    if (e) ex[concept][side].push(e);
  };

  const person = await linkedPersonExample(db);
  if (person) {
    for (const i of person.identities) {
      put("People", i.cloud === "aws" ? "aws" : "entra", {
        title: i.name,
        detail: `${person.displayName} — the same person in both clouds, linked by ${person.method ?? "?"}`,
        href: `/people/${person.id}`,
      });
    }
  }

  const [awsRoles, awsGroups, awsSets, entraGroups, entraSets, cas] = await Promise.all([
    aws ? rolesOf(db, aws.snapshotId) : [],
    aws ? groupsOf(db, aws.snapshotId) : [],
    aws ? permissionSetsOf(db, aws.snapshotId, ["customerManagedPolicy", "inlinePolicy", "awsManagedPolicy"]) : [],
    entra ? groupsOf(db, entra.snapshotId) : [],
    entra ? permissionSetsOf(db, entra.snapshotId, ["entraDirectoryRole", "azureRbacRole"]) : [],
    entra ? accessControlsOf(db, entra.snapshotId) : [],
  ]);

  const trustOf = (r: { attributes: unknown }) => ((r.attributes as { trust?: Trust[] }).trust ?? []) as Trust[];
  const external = awsRoles.find((r) => trustOf(r).some((t) => t.external));
  if (external)
    put("Outsiders", "aws", {
      title: external.name,
      detail: `trusted by ${trustOf(external)
        .filter((t) => t.external)
        .map((t) => `${t.type} ${t.value}`)
        .join(", ")}`,
      href: `/principals/${external.id}`,
    });
  if (entra) {
    const g = await guestExample(db, entra.snapshotId);
    if (g)
      put("Outsiders", "entra", {
        title: g.upn ?? g.name,
        detail: `guest user${g.tier ? `, tier ${g.tier}` : ""}`,
        href: `/principals/${g.id}`,
      });
  }

  // An IAM group and the Entra group that shares most words with it.
  let best: { a: (typeof awsGroups)[number]; e: (typeof entraGroups)[number]; score: number } | null = null;
  for (const a of awsGroups) {
    const ta = tokens(a.name);
    for (const e of entraGroups) {
      const te = tokens(e.displayName || e.name);
      const score = [...ta].filter((t) => te.has(t)).length;
      if (score > (best?.score ?? 0)) best = { a, e, score };
    }
  }
  const ga = best?.a ?? awsGroups[0];
  const ge = best?.e ?? entraGroups[0];
  if (ga && aws)
    put("Groups", "aws", {
      title: ga.name,
      detail: `${await memberCountOf(db, aws.snapshotId, ga.providerId)} direct members`,
      href: `/principals/${ga.id}`,
    });
  if (ge && entra) {
    const attrs = ge.attributes as { dynamicRule?: string | null; groupTypes?: string[] };
    put("Groups", "entra", {
      title: ge.displayName || ge.name,
      detail: `${await memberCountOf(db, entra.snapshotId, ge.providerId)} direct members${attrs.dynamicRule ? `, dynamic: ${attrs.dynamicRule}` : ""}${best ? " — closest by name" : ""}`,
      href: `/principals/${ge.id}`,
    });
  }

  const serviceRole = awsRoles.find((r) => trustOf(r).some((t) => t.type === "service")) ?? awsRoles[0];
  if (serviceRole)
    put("Workload identities", "aws", {
      title: serviceRole.name,
      detail: `trust policy: ${
        trustOf(serviceRole)
          .map((t) => `${t.type} ${t.value}`)
          .join(", ") || "not collected"
      }`,
      href: `/principals/${serviceRole.id}`,
    });
  if (entra) {
    const sp = await servicePrincipalExample(db, entra.snapshotId);
    if (sp)
      put("Workload identities", "entra", {
        title: sp.name,
        detail: `${sp.kind === "managedIdentity" ? "managed identity" : "service principal"}, tier ${sp.tier ?? "?"}`,
        href: `/principals/${sp.id}`,
      });
  }

  const custom = awsSets.find((s) => !s.builtIn && (s.statements as Statement[]).length > 0);
  if (custom)
    put("Permissions", "aws", {
      title: custom.name,
      detail: statementLine((custom.statements as Statement[])[0]!),
      href: `/policies/${custom.id}`,
    });
  const role =
    entraSets.find((s) => s.kind === "entraDirectoryRole" && (s.statements as Statement[]).length > 0) ?? entraSets[0];
  if (role)
    put("Permissions", "entra", {
      title: role.name,
      detail: statementLine(
        (role.statements as Statement[])[0] ??
          ({ effect: "Allow", actions: [], notActions: [], resources: [], notResources: [] } as unknown as Statement),
      ),
      href: `/policies/${role.id}`,
    });

  const deny = awsSets.find((s) => (s.statements as Statement[]).some((st) => st.effect === "Deny"));
  if (deny)
    put("Explicit deny", "aws", {
      title: deny.name,
      detail: statementLine((deny.statements as Statement[]).find((st) => st.effect === "Deny")!),
      href: `/policies/${deny.id}`,
    });

  if (aws) {
    const n = await countAssignmentsOfKind(db, aws.snapshotId, "boundary");
    put("Guard rails", "aws", {
      title: `${n} permissions boundar${n === 1 ? "y" : "ies"}`,
      detail: n
        ? "identities whose access is capped by a boundary policy"
        : "none in this account (SCPs live in AWS Organizations, not read here)",
      href: null,
    });
  }

  const mfaCond = awsSets.find((s) => JSON.stringify(s.statements).toLowerCase().includes("multifactorauthpresent"));
  if (mfaCond)
    put("Sign-in conditions", "aws", {
      title: mfaCond.name,
      detail: statementLine(
        (mfaCond.statements as Statement[]).find((st) =>
          JSON.stringify(st.conditions ?? {})
            .toLowerCase()
            .includes("multifactor"),
        )!,
      ),
      href: `/policies/${mfaCond.id}`,
    });
  const caMfa =
    cas.find((c) => c.state === "on" && ((c.controls as { grant?: string[] }).grant ?? []).includes("mfa")) ?? cas[0];
  if (caMfa)
    put("Sign-in conditions", "entra", {
      title: caMfa.name,
      detail: `state ${caMfa.state}; grant ${((caMfa.controls as { grant?: string[] }).grant ?? []).join(" + ") || "—"}`,
      href: `/access-controls/${caMfa.id}`,
    });

  const assumable = awsRoles.find((r) =>
    trustOf(r).some((t) => t.type === "account" || t.type === "principal" || t.type === "saml"),
  );
  if (assumable)
    put("Just-in-time access", "aws", {
      title: assumable.name,
      detail: `assumed for a session by ${trustOf(assumable)
        .map((t) => `${t.type} ${t.value}`)
        .join(", ")}`,
      href: `/principals/${assumable.id}`,
    });
  if (entra) {
    const pim = await eligibleAssignment(db, entra.snapshotId);
    if (pim?.principal && pim.role)
      put("Just-in-time access", "entra", {
        title: pim.role.name,
        detail: `${pim.principal.upn ?? pim.principal.name} is PIM-eligible (active only after activation)`,
        href: `/policies/${pim.role.id}`,
      });
  }

  return {
    concepts: ACCESS_MODEL_CROSSWALK.map((c) => ({
      ...c,
      awsExamples: ex[c.concept]?.aws ?? [],
      entraExamples: ex[c.concept]?.entra ?? [],
    })),
    loaded: { aws: aws?.sourceName ?? null, entra: entra?.sourceName ?? null },
  };
}
