import { authedRoute } from "@/lib/auth/route";
import { db } from "@/lib/db/client";
import { getSnapshotStatus } from "@/lib/services/get-snapshot-status";

export const dynamic = "force-dynamic";

/** GET /api/snapshots/<id> — status and progress of a sync or import (polled by the sources page). */
export const GET = authedRoute<{ params: Promise<{ id: string }> }>("view", async (_req, { params }) => {
  const { id } = await params;
  return Response.json(await getSnapshotStatus(db(), id), { headers: { "cache-control": "no-store" } });
});
