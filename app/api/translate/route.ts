import { authedRoute } from "@/lib/auth/route";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { MAX_PASTE, translateForWorkshop } from "@/lib/services/translate-workshop";

export const dynamic = "force-dynamic";

/** POST /api/translate {"text": "<JSON>", "name"?: "…"} → {"version": 1, "results": [...]} (the translate contract). */
export const POST = authedRoute("translate", async (req) => {
  const raw = await req.text();
  if (raw.length > MAX_PASTE + 1024)
    throw new AppError("TOO_LARGE", "The pasted text is too large for the Translator page; use the CLI.");
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError("BAD_INPUT", 'Send {"text": "<the JSON to translate>"}');
  }
  const text = (body as { text?: unknown }).text;
  const name = (body as { name?: unknown }).name;
  if (typeof text !== "string") throw new AppError("BAD_INPUT", 'Send {"text": "<the JSON to translate>"}');
  const report = await translateForWorkshop(
    db(),
    text,
    typeof name === "string" && name ? name.slice(0, 200) : "pasted",
  );
  return Response.json(report, { headers: { "cache-control": "no-store" } });
});
