import type { AccessControl, PermissionSet, PermissionSetKind, NamedLocation } from "../../model";
import { accessControlsByRef, namedLocations, permissionSetsByRef } from "../../db/report-data";
import { inputKindLabel, targetLabel } from "../../model/translation-labels";
import { compactJson } from "../../report/compact-json";
import { col, NA, type Block, type ReportDocumentInput, type Row } from "../../report/document";
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

/** At most this many explanation lines and lost parts per item in the printed summary (every one is in the tables). */
const PER_ITEM_LINES = 6;

function bullets(lines: string[], more: string): string {
  const shown = lines.slice(0, PER_ITEM_LINES).map((l) => `• ${l}`);
  if (lines.length > PER_ITEM_LINES) shown.push(`• … and ${lines.length - PER_ITEM_LINES} more ${more}`);
  return shown.join("\n");
}

/**
 * The translation report: a summary a manager reads (one row per item and target, then a short paragraph per item
 * with the first few parts that do not carry over), then an appendix with each source and suggested document. The
 * part-by-part list of what is lost and every built-in compared are in the XLSX, CSV and JSON (not printed: they run
 * to hundreds of rows).
 */
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
  const perItem: Block[] = [];
  const appendix: Block[] = [];
  for (const { item, result } of results) {
    const name = item.input.name;
    const kind = inputKindLabel(item.input.kind);
    const heading = `${name} (${kind}, ${item.source})`;
    perItem.push({ type: "heading", text: heading });
    appendix.push({ type: "heading", text: heading });
    appendix.push({ type: "code", caption: "Source", language: "json", text: compactJson(item.original) });
    if (result.error) {
      summary.push([name, kind, item.source, NA, NA, NA, NA, `could not be translated: ${result.error}`]);
      perItem.push({ type: "paragraph", text: `Could not be translated: ${result.error}` });
      continue;
    }
    if (result.suggestions.length === 0) {
      summary.push([name, kind, item.source, NA, NA, NA, 0, "nothing to translate"]);
      perItem.push({ type: "paragraph", text: "Nothing to translate." });
    }
    for (const s of result.suggestions) {
      const target = targetLabel(s.target);
      const best = s.closestBuiltIn[0];
      summary.push([
        name,
        kind,
        item.source,
        target,
        s.confidence,
        best ? `${best.name} (${pct(best.score)})` : NA,
        s.dropped.length,
        s.document === null ? "nothing carries over" : s.dropped.length ? "partly carried over" : "carried over",
      ]);
      for (const d of s.dropped) {
        lost.push([name, target, d.part, d.reason]);
      }
      for (const b of s.closestBuiltIn) builtIns.push([name, target, b.name, b.id, b.score, b.basis ?? NA]);
      const lines = [
        `As ${target}: confidence ${pct(s.confidence)}${best ? `; closest built-in ${best.name} (${pct(best.score)})` : ""}${s.document === null ? "; nothing carries over" : ""}.`,
      ];
      if (s.explanation.length) lines.push(bullets(s.explanation, "(in the JSON export)"));
      if (s.dropped.length)
        lines.push(
          `Does not carry over (${s.dropped.length}):\n${bullets(
            s.dropped.map((d) => `${d.part}: ${d.reason}`),
            "(see the Lost parts table of the XLSX, CSV or JSON)",
          )}`,
        );
      perItem.push({ type: "paragraph", text: lines.join("\n") });
      if (s.document)
        appendix.push({
          type: "code",
          caption: `Suggested ${target}`,
          language: "json",
          text: compactJson(s.document),
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
            text: "Each suggestion is a starting point for a change request, not a drop-in equivalent: read what does not carry over before applying it. Explicit Deny has no RBAC equivalent, NotActions is not a deny, and MFA age is not sign-in frequency. The source and suggested documents are in the appendix.",
          },
          {
            type: "keyValue",
            items: [
              { key: "Items", value: items.length },
              { key: "Suggestions", value: summary.length },
              { key: "Items that failed", value: errors },
              { key: "Parts that do not carry over", value: lost.length },
            ],
          },
          {
            type: "table",
            table: {
              id: "translations",
              title: "Translations",
              columns: [
                col("item", "Item", "string", 20),
                col("kind", "Kind", "string", 12),
                col("source", "Source", "string", 14),
                col("target", "Suggested as", "string", 14),
                col("confidence", "Confidence", "number", 8),
                col("closestBuiltIn", "Closest built-in", "string", 16),
                col("lost", "Parts lost", "number", 7),
                col("status", "Status", "string", 12),
              ],
              rows: summary,
              emptyText: "Nothing was chosen, or nothing matched.",
            },
          },
          {
            type: "table",
            table: {
              id: "lost",
              title: "Lost parts",
              printed: false,
              columns: [
                col("item", "Item", "string", 18),
                col("target", "Suggested as", "string", 12),
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
              printed: false,
              columns: [
                col("item", "Item", "string", 18),
                col("target", "Suggested as", "string", 12),
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
        id: "items",
        title: "Item by item",
        blocks: perItem.length ? perItem : [{ type: "paragraph", text: "Nothing to show." }],
      },
      {
        id: "appendix",
        title: "Appendix: source and suggested documents",
        blocks: appendix.length ? appendix : [{ type: "paragraph", text: "Nothing to show." }],
      },
    ],
  });
}
