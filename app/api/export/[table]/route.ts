import { authedRoute } from "@/lib/auth/route";
import { db } from "@/lib/db/client";
import { exportTable } from "@/lib/services/export-table";

export const dynamic = "force-dynamic";

/** GET /api/export/<table>?<the table's URL parameters>&format=csv|json — what the table shows, all pages. */
export const GET = authedRoute<{ params: Promise<{ table: string }> }>("export", async (req, { params }) => {
  const { table } = await params;
  const url = new URL(req.url);
  const out = exportTable(db(), table, url.searchParams);
  return new Response(out.stream, {
    headers: {
      "content-type": out.contentType,
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
    },
  });
});
