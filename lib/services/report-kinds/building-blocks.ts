import { countPrincipals, pagePrincipals, type PrincipalFilter, type PrincipalRow } from "../../db/report-data";
import type { ReportDocumentInput, Row, RowPages } from "../../report/document";
import type { ReportContext } from "./context";

// What every report kind builds the same way: the document shell and tables streamed page by page (columns: col()
// in lib/report/document.ts).

/** The document around a kind's sections: its provenance, and by default the sources in scope as the subtitle. */
export function reportDocument(
  ctx: ReportContext,
  doc: Pick<ReportDocumentInput, "kind" | "title" | "sections"> &
    Partial<Pick<ReportDocumentInput, "subtitle" | "rules">>,
): ReportDocumentInput {
  return {
    ...doc,
    subtitle: doc.subtitle ?? (ctx.scoped.map((s) => s.source.name).join(" · ") || "no sources"),
    provenance: ctx.provenance,
  };
}

/** Rows read page by page from the database, each item turned into a row (exporters never hold more than a page). */
export function pagedRows<T>(count: number | null, pages: () => AsyncIterable<T[]>, toRow: (item: T) => Row): RowPages {
  return {
    count,
    async *pages() {
      for await (const page of pages()) yield page.map(toRow);
    },
  };
}

/** The principals a filter selects, as rows. */
export async function principalRows(
  ctx: ReportContext,
  filter: PrincipalFilter,
  toRow: (p: PrincipalRow) => Row,
): Promise<RowPages> {
  return pagedRows(await countPrincipals(ctx.db, filter), () => pagePrincipals(ctx.db, filter), toRow);
}

/** How a report names a principal: users by UPN, everything else by name. */
export function principalName(p: PrincipalRow): string {
  return p.kind === "user" ? (p.upn ?? p.name) : p.name;
}
