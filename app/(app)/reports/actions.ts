"use server";

import { requirePermission } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { startReport } from "@/lib/services/generate-report";

export interface ReportFormState {
  error: string | null;
  startedId?: string;
}

function text(form: FormData, key: string): string | undefined {
  const v = form.get(key);
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

/** Starts a report in the background (the service validates the parameters; its message comes back to the form). */
export async function startReportAction(_prev: ReportFormState, form: FormData): Promise<ReportFormState> {
  const sources = form.getAll("sources").filter((v): v is string => typeof v === "string" && v !== "");
  const items = text(form, "items")
    ?.split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    await requirePermission("reports");
    const id = await startReport({
      kind: text(form, "kind"),
      format: text(form, "format"),
      sources: sources.length ? sources : undefined,
      person: text(form, "person"),
      severity: text(form, "severity"),
      since: text(form, "since"),
      items: items?.length ? items : undefined,
    });
    return { error: null, startedId: id };
  } catch (e) {
    if (isAppError(e)) return { error: e.message };
    throw e;
  }
}
