import type { AccessControl, PermissionSet, PermissionSetKind, NamedLocation } from "../../model";
import { accessControlsByRef, namedLocations, permissionSetsByRef } from "../../db/report-data";
import { col, type Block, type ReportDocumentInput, type Row } from "../../report/document";
import { prepareContext, translateItem, type TranslationInput, type TranslationResult } from "../../translate";
import { INPUT_KIND } from "../translate";
import { reportDocument } from "./building-blocks";
import { snapshotLabel, type ReportContext } from "./context";

/** Without a chosen list the report translates the tenant's own policies and every CA policy, up to this many. */
export const DEFAULT_ITEM_LIMIT = 200;

interface Item {
  input: TranslationInput;
  source: string;
  original: unknown;
}

async function chosenItems(ctx: ReportContext): Promise<Item[]> {
  const refs = ctx.params.items;
  const sets = refs?.length
    ? await permissionSetsByRef(ctx.db, ctx.snapshotIds, refs)
    : await ctx.db.permissionSet.findMany({
        where: { snapshotId: { in: ctx.snapshotIds }, builtIn: false },
        orderBy: { name: "asc" },
        take: DEFAULT_ITEM_LIMIT,
      });
  const controls = refs?.length
    ? await accessControlsByRef(ctx.db, ctx.snapshotIds, refs)
    : await ctx.db.accessControl.findMany({
        where: { snapshotId: { in: ctx.snapshotIds } },
        orderBy: { name: "asc" },
        take: DEFAULT_ITEM_LIMIT,
      });
  if (refs?.length) {
    const found = new Set([...sets, ...controls].flatMap((x) => [x.providerId, x.name]));
    const missing = refs.filter((r) => !found.has(r));
    if (missing.length)
      ctx.provenance.notes.push(`Not found in the sources in scope, so not translated: ${missing.join(", ")}.`);
  } else if (sets.length === DEFAULT_ITEM_LIMIT || controls.length === DEFAULT_ITEM_LIMIT) {
    ctx.provenance.notes.push(
      `No items were chosen: the first ${DEFAULT_ITEM_LIMIT} custom policies / roles and CA policies by name were translated.`,
    );
  }
  const items: Item[] = sets.map((p) => {
    const permissionSet = {
      kind: p.kind as PermissionSetKind,
      providerId: p.providerId,
      name: p.name,
      description: p.description,
      builtIn: p.builtIn,
      ownerProviderId: p.ownerProviderId,
      statements: p.statements,
      document: p.document,
      attributes: (p.attributes ?? {}) as Record<string, unknown>,
    } as PermissionSet;
    return {
      input: { kind: INPUT_KIND[permissionSet.kind], file: null, name: p.name, permissionSet },
      source: snapshotLabel(ctx, p.snapshotId),
      original: p.document,
    };
  });
  for (const c of controls) {
    const accessControl = {
      kind: "conditionalAccess",
      providerId: c.providerId,
      name: c.name,
      state: c.state,
      who: c.who,
      targets: c.targets,
      conditions: c.conditions,
      controls: c.controls,
      unmapped: c.unmapped,
      raw: c.raw,
    } as AccessControl;
    items.push({
      input: { kind: "entra-ca-policy", file: null, name: c.name, accessControl },
      source: snapshotLabel(ctx, c.snapshotId),
      original: c.raw ?? accessControl,
    });
  }
  return items;
}

function pct(n: number): string {
  return `${Math.round(n * 100)}%`;
}

/** The translation report: for each chosen policy or CA policy, the source, the suggestions and what is lost. */
export async function buildTranslation(ctx: ReportContext): Promise<ReportDocumentInput> {
  const items = await chosenItems(ctx);
  const locations = (await namedLocations(ctx.db, ctx.snapshotIds)).map(
    (l) =>
      ({
        providerId: l.providerId,
        name: l.name,
        kind: l.kind,
        trusted: l.trusted,
        ipRanges: l.ipRanges,
        countries: l.countries,
        includeUnknown: false,
        raw: null,
      }) as NamedLocation,
  );
  const tctx = await prepareContext(
    items.map((i) => i.input),
    { namedLocations: locations },
  );
  const results: { item: Item; result: TranslationResult }[] = items.map((item) => ({
    item,
    result: translateItem(item.input, tctx),
  }));

  const summary: Row[] = [];
  const lost: Row[] = [];
  const builtIns: Row[] = [];
  const detail: Block[] = [];
  for (const { item, result } of results) {
    detail.push({ type: "heading", text: `${item.input.name} (${item.input.kind}, ${item.source})` });
    detail.push({ type: "code", caption: "Source", language: "json", text: JSON.stringify(item.original, null, 2) });
    if (result.error) {
      summary.push([
        item.input.name,
        item.input.kind,
        item.source,
        { na: true },
        { na: true },
        { na: true },
        result.error,
      ]);
      detail.push({ type: "paragraph", text: `Could not be translated: ${result.error}` });
      continue;
    }
    if (result.suggestions.length === 0)
      summary.push([
        item.input.name,
        item.input.kind,
        item.source,
        { na: true },
        { na: true },
        0,
        "nothing to translate",
      ]);
    for (const s of result.suggestions) {
      summary.push([
        item.input.name,
        item.input.kind,
        item.source,
        s.target,
        s.confidence,
        s.dropped.length,
        null === s.document ? "no document: nothing carries over" : "ok",
      ]);
      for (const d of s.dropped) lost.push([item.input.name, s.target, d.part, d.reason]);
      for (const b of s.closestBuiltIn)
        builtIns.push([item.input.name, s.target, b.name, b.id, b.score, b.basis ?? { na: true }]);
      detail.push({
        type: "paragraph",
        text: `Suggestion: ${s.target}, confidence ${pct(s.confidence)}${s.closestBuiltIn[0] ? `; closest built-in: ${s.closestBuiltIn[0].name} (${pct(s.closestBuiltIn[0].score)})` : ""}.`,
      });
      if (s.document)
        detail.push({
          type: "code",
          caption: `Suggested ${s.target}`,
          language: "json",
          text: JSON.stringify(s.document, null, 2),
        });
      if (s.explanation.length) detail.push({ type: "paragraph", text: s.explanation.map((e) => `• ${e}`).join("\n") });
      if (s.dropped.length)
        detail.push({
          type: "paragraph",
          text: `What is lost:\n${s.dropped.map((d) => `• ${d.part}: ${d.reason}`).join("\n")}`,
        });
    }
  }
  const errors = results.filter((r) => r.result.error).length;
  return reportDocument(ctx, {
    kind: "translation",
    title: "Translation report",
    subtitle: `${items.length} item${items.length === 1 ? "" : "s"} translated between AWS IAM and Entra ID / Azure RBAC`,
    sections: [
      {
        id: "summary",
        title: "Summary",
        blocks: [
          {
            type: "paragraph",
            text: "Each suggestion is a starting point for a change request, not a drop-in equivalent: read what is lost before applying it. Explicit Deny has no RBAC equivalent, NotActions is not a deny, and MFA age is not sign-in frequency.",
          },
          {
            type: "keyValue",
            items: [
              { key: "Items", value: items.length },
              { key: "Suggestions", value: summary.length },
              { key: "Items that failed", value: errors },
              { key: "Parts lost or approximated", value: lost.length },
            ],
          },
          {
            type: "table",
            table: {
              id: "translations",
              title: "Translations",
              columns: [
                col("item", "Item", "string", 22),
                col("kind", "Kind", "string", 12),
                col("source", "Source", "string", 14),
                col("target", "Target", "string", 12),
                col("confidence", "Confidence", "number", 8),
                col("lost", "Parts lost", "number", 7),
                col("status", "Status", "string", 16),
              ],
              rows: summary,
              emptyText: "Nothing was chosen, or nothing matched.",
            },
          },
        ],
      },
      {
        id: "lost",
        title: "What is lost",
        blocks: [
          {
            type: "table",
            table: {
              id: "lost",
              title: "Parts dropped or approximated",
              columns: [
                col("item", "Item", "string", 18),
                col("target", "Target", "string", 12),
                col("part", "Part", "string", 22),
                col("reason", "Why", "string", 40),
              ],
              rows: lost,
              emptyText: "Everything carried over.",
            },
          },
          {
            type: "table",
            table: {
              id: "closest-built-in",
              title: "Closest built-in roles",
              columns: [
                col("item", "Item", "string", 18),
                col("target", "Target", "string", 12),
                col("role", "Built-in", "string", 20),
                col("id", "Id", "string", 22),
                col("score", "Similarity", "number", 8),
                col("basis", "Basis", "string", 9),
              ],
              rows: builtIns,
              emptyText: "No built-in role was compared.",
            },
          },
        ],
      },
      {
        id: "details",
        title: "Source and suggestions",
        blocks: detail.length ? detail : [{ type: "paragraph", text: "Nothing to show." }],
      },
    ],
  });
}
