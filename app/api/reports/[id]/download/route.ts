import { Readable } from "node:stream";
import { authedRoute } from "@/lib/auth/route";
import { openReportFile } from "@/lib/services/generate-report";

export const dynamic = "force-dynamic";

/** GET /api/reports/<id>/download — streams a complete report's file (auth-checked; CONFLICT while it is running). */
export const GET = authedRoute<{ params: Promise<{ id: string }> }>("reports", async (_req, { params }) => {
  const { id } = await params;
  const f = await openReportFile(id);
  return new Response(Readable.toWeb(f.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": f.contentType,
      "content-length": String(f.bytes),
      "content-disposition": `attachment; filename="${f.fileName}"`,
      "cache-control": "no-store",
    },
  });
});
