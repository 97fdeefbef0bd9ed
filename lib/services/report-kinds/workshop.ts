import { examplePermissionSets, examplePrincipals, memberCount, assignmentCount } from "../../db/report-data";
import { col, type Block, type ReportDocumentInput, type Row } from "../../report/document";
import { ACCESS_MODEL_CROSSWALK, type ExampleSelector } from "./access-model-crosswalk";
import { principalName, reportDocument } from "./building-blocks";
import { snapshotsOfKind, sourceLabel, type ReportContext } from "./context";

function statementSummary(statements: unknown): string {
  if (!Array.isArray(statements) || statements.length === 0) return "no statements";
  const s = statements[0] as { effect?: string; actions?: string[]; resources?: string[] };
  const actions = (s.actions ?? []).slice(0, 3).join(", ") + ((s.actions?.length ?? 0) > 3 ? ", …" : "");
  return `${s.effect ?? "?"} ${actions || "(NotAction)"} on ${(s.resources ?? []).slice(0, 2).join(", ") || "—"}${statements.length > 1 ? ` (+${statements.length - 1} more statements)` : ""}`;
}

/** Up to three live examples of a concept from one source, as short lines. */
async function examples(ctx: ReportContext, snapshotId: string, sel: ExampleSelector): Promise<string[]> {
  const db = ctx.db;
  switch (sel.from) {
    case "principal": {
      const where = { kind: sel.kind, ...(sel.guest === undefined ? {} : { guest: sel.guest }) };
      // Trust lives in the attributes JSON: roles are few (hundreds), so they are filtered here rather than in SQL.
      const rows = sel.externalTrust
        ? (await examplePrincipals(db, snapshotId, where, 5000))
            .filter((p) => (p.attributes as { trust?: { external: boolean }[] }).trust?.some((t) => t.external))
            .slice(0, 3)
        : await examplePrincipals(db, snapshotId, where);
      return Promise.all(
        rows.map(async (p) => {
          const name = principalName(p);
          if (p.kind === "group") return `${name}: ${await memberCount(db, snapshotId, p.providerId)} direct members`;
          const trust = (p.attributes as { trust?: { type: string; value: string; external: boolean }[] }).trust;
          if (trust?.length)
            return `${name}: trusted by ${trust.map((t) => `${t.type} ${t.value}${t.external ? " (outside this account)" : ""}`).join(", ")}`;
          return `${name}${p.tier ? ` — tier ${p.tier}` : ""}`;
        }),
      );
    }
    case "permissionSet": {
      const rows = await examplePermissionSets(db, snapshotId, sel.kinds);
      return Promise.all(
        rows.map(
          async (p) =>
            `${p.name} (${p.builtIn ? "built-in" : "custom"}, ${await assignmentCount(db, snapshotId, p.providerId)} assignments): ${statementSummary(p.statements)}`,
        ),
      );
    }
    case "accessControl": {
      const rows = await db.accessControl.findMany({
        where: { snapshotId },
        orderBy: { name: "asc" },
        take: 3,
        select: { name: true, state: true, controls: true },
      });
      return rows.map((r) => {
        const c = r.controls as { block?: boolean; grant?: string[] };
        return `${r.name} (${r.state}): ${c.block ? "block" : (c.grant ?? []).join(" + ") || "session controls"}`;
      });
    }
    case "boundary": {
      const n = await db.assignment.count({ where: { snapshotId, kind: "boundary" } });
      return n ? [`${n} identities have a permissions boundary`] : [];
    }
  }
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
      for (const [sourceId, snapshotId] of list) {
        const ex = await examples(ctx, snapshotId, sel);
        items.push({
          key: `${side} — ${sourceLabel(ctx, sourceId)}`,
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
