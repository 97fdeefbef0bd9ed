import {
  accessControls,
  assignmentCountsBySet,
  assignmentsOfKind,
  memberCountsByGroup,
  peopleAdminInOneCloud,
  permissionSetsForExamples,
  principalsForExamples,
} from "../../db/report-data";
import { col, type Block, type ReportDocumentInput, type Row } from "../../report/document";
import { ACCESS_MODEL_CROSSWALK, type ExampleSelector } from "./access-model-crosswalk";
import { principalName, reportDocument } from "./building-blocks";
import { snapshotsOfKind, sourceLabel, type ReportContext } from "./context";

import { TIERS } from "../../model";

function statementSummary(statements: unknown): string {
  if (!Array.isArray(statements) || statements.length === 0) return "no statements";
  const s = statements[0] as { effect?: string; actions?: string[]; resources?: string[] };
  const actions = (s.actions ?? []).slice(0, 3).join(", ") + ((s.actions?.length ?? 0) > 3 ? ", …" : "");
  return `${s.effect ?? "?"} ${actions || "(NotAction)"} on ${(s.resources ?? []).slice(0, 2).join(", ") || "—"}${statements.length > 1 ? ` (+${statements.length - 1} more statements)` : ""}`;
}

/** Examples per concept and side. */
const TAKE = 3;
const attachments = (n: number) => `${n} attachment${n === 1 ? "" : "s"}`;
const rank = (tier: string | null) => {
  const i = TIERS.indexOf(tier as (typeof TIERS)[number]);
  return i < 0 ? TIERS.length : i;
};
type Stmt = { effect?: string; actions?: string[]; conditions?: Record<string, Record<string, unknown>> | null };
const statementsOf = (v: unknown): Stmt[] => (Array.isArray(v) ? (v as Stmt[]) : []);
type Trust = { type: string; value: string; external: boolean };
const trustOf = (attributes: unknown): Trust[] => (attributes as { trust?: Trust[] } | null)?.trust ?? [];

/**
 * The teaching cases: for each concept, the rows that show it best, by a rule the handout states beside them
 * (highest tier first, most used first, the case that differs between the clouds), ties by name.
 */
const TEACHING_CASES: Record<
  ExampleSelector,
  { rule: string; run: (ctx: ReportContext, snapshotId: string) => Promise<string[]> }
> = {
  adminInOneCloud: {
    rule: "people linked in both clouds who are admin in one cloud only",
    run: async (ctx) =>
      (await peopleAdminInOneCloud(ctx.db, TAKE)).map(
        (p) => `${p.displayName}: AWS ${p.awsTier ?? "no tier"}, Entra ${p.entraTier ?? "no tier"}`,
      ),
  },
  externalRoles: {
    rule: "roles trusted by another account, highest tier first",
    run: async (ctx, snap) =>
      (await principalsForExamples(ctx.db, snap, ["role"]))
        .filter((p) => trustOf(p.attributes).some((t) => t.external))
        .sort((x, y) => rank(x.tier) - rank(y.tier))
        .slice(0, TAKE)
        .map(
          (p) =>
            `${p.name} (tier ${p.tier ?? "not rated"}): trusted by ${trustOf(p.attributes)
              .filter((t) => t.external)
              .map((t) => `${t.type} ${t.value}`)
              .join(", ")}`,
        ),
  },
  guests: {
    rule: "guest users, highest tier first",
    run: async (ctx, snap) =>
      (await principalsForExamples(ctx.db, snap, ["user"]))
        .filter((p) => p.guest)
        .sort((x, y) => rank(x.tier) - rank(y.tier))
        .slice(0, TAKE)
        .map((p) => `${principalName(p)} — tier ${p.tier ?? "not rated"}`),
  },
  groupsByTier: {
    rule: "groups that grant the highest tier, most members first",
    run: async (ctx, snap) => {
      const members = await memberCountsByGroup(ctx.db, snap);
      return (await principalsForExamples(ctx.db, snap, ["group"]))
        .sort(
          (x, y) => rank(x.tier) - rank(y.tier) || (members.get(y.providerId) ?? 0) - (members.get(x.providerId) ?? 0),
        )
        .slice(0, TAKE)
        .map((g) => `${g.name}: tier ${g.tier ?? "not rated"}, ${members.get(g.providerId) ?? 0} direct members`);
    },
  },
  serviceRoles: {
    rule: "roles an AWS service assumes, highest tier first",
    run: async (ctx, snap) =>
      (await principalsForExamples(ctx.db, snap, ["role"]))
        .filter((p) => trustOf(p.attributes).some((t) => t.type === "service"))
        .sort((x, y) => rank(x.tier) - rank(y.tier))
        .slice(0, TAKE)
        .map(
          (p) =>
            `${p.name} (tier ${p.tier ?? "not rated"}): assumed by ${trustOf(p.attributes)
              .filter((t) => t.type === "service")
              .map((t) => t.value)
              .join(", ")}`,
        ),
  },
  workloads: {
    rule: "service principals and managed identities, highest tier first",
    run: async (ctx, snap) =>
      (await principalsForExamples(ctx.db, snap, ["servicePrincipal", "managedIdentity"]))
        .sort((x, y) => rank(x.tier) - rank(y.tier))
        .slice(0, TAKE)
        .map(
          (p) =>
            `${p.displayName || p.name} (${p.kind === "managedIdentity" ? "managed identity" : "service principal"}) — tier ${p.tier ?? "not rated"}`,
        ),
  },
  mostAssignedPolicies: {
    rule: "the customer-managed policies attached most often",
    run: async (ctx, snap) => mostAssigned(ctx, snap, ["customerManagedPolicy"]),
  },
  mostAssignedRoles: {
    rule: "the directory roles held most often",
    run: async (ctx, snap) => mostAssigned(ctx, snap, ["entraDirectoryRole"]),
  },
  denyPolicies: {
    rule: "policies with an explicit Deny statement, most attached first",
    run: async (ctx, snap) => {
      const counts = await assignmentCountsBySet(ctx.db, snap);
      return (
        await permissionSetsForExamples(ctx.db, snap, ["customerManagedPolicy", "inlinePolicy", "serviceControlPolicy"])
      )
        .filter((p) => statementsOf(p.statements).some((st) => st.effect === "Deny"))
        .sort((x, y) => (counts.get(y.providerId) ?? 0) - (counts.get(x.providerId) ?? 0))
        .slice(0, TAKE)
        .map((p) => {
          const deny = statementsOf(p.statements).filter((st) => st.effect === "Deny");
          const conds = deny.flatMap((st) => Object.values(st.conditions ?? {}).flatMap((c) => Object.keys(c)));
          return `${p.name} (${attachments(counts.get(p.providerId) ?? 0)}): Deny ${
            deny
              .flatMap((st) => st.actions ?? [])
              .slice(0, 3)
              .join(", ") || "(NotAction)"
          }${conds.length ? ` unless ${[...new Set(conds)].join(", ")}` : ""}`;
        });
    },
  },
  blockPolicies: {
    rule: "conditional-access policies that block, enforced ones first",
    run: async (ctx, snap) => caExamples(ctx, snap, (c) => c.block === true),
  },
  boundaries: {
    rule: "how many identities have a permissions boundary",
    run: async (ctx, snap) => {
      const n = await ctx.db.assignment.count({ where: { snapshotId: snap, kind: "boundary" } });
      return n ? [`${n} identities have a permissions boundary`] : [];
    },
  },
  mfaConditions: {
    rule: "policies whose conditions test MFA or the source address, most attached first",
    run: async (ctx, snap) => {
      const counts = await assignmentCountsBySet(ctx.db, snap);
      const keysOf = (p: { statements: unknown }) => [
        ...new Set(
          statementsOf(p.statements).flatMap((st) =>
            Object.values(st.conditions ?? {}).flatMap((c) =>
              Object.keys(c).filter((k) => /MultiFactorAuth|SourceIp/i.test(k)),
            ),
          ),
        ),
      ];
      return (await permissionSetsForExamples(ctx.db, snap, ["customerManagedPolicy", "inlinePolicy"]))
        .filter((p) => keysOf(p).length)
        .sort((x, y) => (counts.get(y.providerId) ?? 0) - (counts.get(x.providerId) ?? 0))
        .slice(0, TAKE)
        .map((p) => `${p.name} (${attachments(counts.get(p.providerId) ?? 0)}): tests ${keysOf(p).join(", ")}`);
    },
  },
  mfaPolicies: {
    rule: "conditional-access policies that require MFA, enforced ones first",
    run: async (ctx, snap) =>
      caExamples(ctx, snap, (c) => !c.block && ((c.grant ?? []).includes("mfa") || Boolean(c.authenticationStrength))),
  },
  assumableRoles: {
    rule: "roles people of this account assume (trusted by the account or its identity provider), highest tier first",
    run: async (ctx, snap) =>
      (await principalsForExamples(ctx.db, snap, ["role"]))
        .filter((p) =>
          trustOf(p.attributes).some((t) => !t.external && ["account", "saml", "principal"].includes(t.type)),
        )
        .sort((x, y) => rank(x.tier) - rank(y.tier))
        .slice(0, TAKE)
        .map(
          (p) =>
            `${p.name} (tier ${p.tier ?? "not rated"}): assumed through ${[
              ...new Set(
                trustOf(p.attributes)
                  .filter((t) => !t.external)
                  .map((t) => t.type),
              ),
            ].join(", ")} trust, for a session of limited length`,
        ),
  },
  eligibleRoles: {
    rule: "roles held as PIM-eligible (activated just in time)",
    run: async (ctx, snap) =>
      (await assignmentsOfKind(ctx.db, snap, "eligible", TAKE)).map((a) => `${a.principal}: eligible for ${a.role}`),
  },
};

async function mostAssigned(ctx: ReportContext, snapshotId: string, kinds: string[]): Promise<string[]> {
  const counts = await assignmentCountsBySet(ctx.db, snapshotId);
  return (await permissionSetsForExamples(ctx.db, snapshotId, kinds))
    .filter((p) => (counts.get(p.providerId) ?? 0) > 0)
    .sort((x, y) => (counts.get(y.providerId) ?? 0) - (counts.get(x.providerId) ?? 0))
    .slice(0, TAKE)
    .map(
      (p) =>
        `${p.name} (${p.builtIn ? "built-in" : "custom"}, ${counts.get(p.providerId)} assignments): ${statementSummary(p.statements)}`,
    );
}

type Controls = { block?: boolean; grant?: string[]; authenticationStrength?: unknown };
const STATE_ORDER: Record<string, number> = { on: 0, reportOnly: 1, off: 2 };

async function caExamples(ctx: ReportContext, snapshotId: string, keep: (c: Controls) => boolean): Promise<string[]> {
  return (await accessControls(ctx.db, [snapshotId]))
    .filter((r) => keep((r.controls ?? {}) as Controls))
    .sort((x, y) => (STATE_ORDER[x.state] ?? 3) - (STATE_ORDER[y.state] ?? 3) || x.name.localeCompare(y.name))
    .slice(0, TAKE)
    .map((r) => {
      const c = (r.controls ?? {}) as Controls;
      const state = r.state === "on" ? "enforced" : r.state === "reportOnly" ? "report-only" : "off";
      return `${r.name} (${state}): ${c.block ? "block" : (c.grant ?? []).join(" + ") || "session controls"}`;
    });
}

/** The workshop handout: the access-model crosswalk explained with examples from the loaded data. */
export async function buildWorkshop(ctx: ReportContext): Promise<ReportDocumentInput> {
  const aws = snapshotsOfKind(ctx, "aws");
  const entra = snapshotsOfKind(ctx, "entra");
  const table: Row[] = ACCESS_MODEL_CROSSWALK.map((c) => [c.concept, c.aws, c.entra, c.fidelity, c.note]);
  const blocks: Block[] = [];
  for (const c of ACCESS_MODEL_CROSSWALK) {
    blocks.push({ type: "heading", text: c.concept });
    blocks.push({ type: "paragraph", text: `AWS: ${c.aws}. Entra / Azure: ${c.entra}. ${c.note}` });
    const items: { key: string; value: string }[] = [];
    for (const [side, sel, list] of [
      ["AWS", c.awsExample, aws],
      ["Entra", c.entraExample, entra],
    ] as const) {
      if (!sel) continue;
      const teaching = TEACHING_CASES[sel];
      // A case across both clouds (a person) is shown once, not per source.
      const sources = sel === "adminInOneCloud" ? list.slice(0, 1) : list;
      for (const [sourceId, snapshotId] of sources) {
        const ex = await teaching.run(ctx, snapshotId);
        items.push({
          key: `${sel === "adminInOneCloud" ? "Both clouds" : `${side} — ${sourceLabel(ctx, sourceId)}`}: ${teaching.rule}`,
          value: ex.length ? ex.join("\n") : "no example in this source",
        });
      }
    }
    if (items.length) blocks.push({ type: "keyValue", items });
  }
  return reportDocument(ctx, {
    kind: "workshop",
    title: "AWS IAM and Entra ID side by side",
    subtitle: "Workshop handout — the two access models, with examples from the loaded data",
    sections: [
      {
        id: "models",
        title: "Two models in one page",
        blocks: [
          {
            type: "paragraph",
            text: "AWS IAM decides at every API call: an action is allowed only if some policy allows it and no policy, boundary or SCP denies it — an explicit Deny always wins. Entra ID and Azure split the work: Entra decides who may sign in and under which conditions (conditional access), and Azure RBAC adds up role assignments at scopes — there is no deny a principal can be given.",
          },
          {
            type: "table",
            table: {
              id: "crosswalk",
              title: "Access-model crosswalk",
              columns: [
                col("concept", "Concept", "string", 10),
                col("aws", "AWS", "string", 22),
                col("entra", "Entra / Azure", "string", 24),
                col("fidelity", "Fidelity", "string", 7),
                col("note", "What differs", "string", 30),
              ],
              rows: table,
            },
          },
        ],
      },
      {
        id: "examples",
        title: "Examples from the loaded data",
        blocks:
          aws.length + entra.length
            ? blocks
            : [
                {
                  type: "paragraph",
                  text: "No source is loaded: load the sample organisation (crosswalk demo) to see live examples.",
                },
              ],
      },
    ],
  });
}
