import { authedRoute } from "@/lib/auth/route";
import { listReports } from "@/lib/services/generate-report";

export const dynamic = "force-dynamic";

/** GET /api/reports — the generated reports, newest first, with status and progress (the Reports page polls this). */
export const GET = authedRoute("reports", async () => {
  const rows = await listReports({ take: 100 });
  // The file path stays on the server.
  return Response.json(
    {
      reports: rows.map(({ filePath: _f, ...r }) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
      })),
    },
    { headers: { "cache-control": "no-store" } },
  );
});
