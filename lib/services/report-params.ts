import { z } from "zod";
import { SEVERITIES, ZSeveritySchema } from "../model";
import { ZReportKindSchema } from "../report/document";
import { REPORT_FORMATS } from "../report/exporter";
import { AppError } from "../errors";

/**
 * What a report is asked for: its kind and format and its scope. The same object comes from the CLI flags, the web
 * form and the Report row (`params`), so a listed report says exactly how it was made.
 */
export const ZReportParamsSchema = z
  .object({
    kind: ZReportKindSchema,
    format: z.enum(REPORT_FORMATS),
    /** Source ids or names; none = every source. */
    sources: z.array(z.string().min(1)).optional(),
    /** A person filter: part of a name, e-mail, UPN or ARN (case-insensitive). */
    person: z.string().min(1).optional(),
    /** Only findings at this severity or above. */
    severity: ZSeveritySchema.optional(),
    /** Drift since this date (ISO date or date-time). */
    since: z
      .string()
      .refine((s) => !Number.isNaN(new Date(s).getTime()), "since must be an ISO date such as 2026-01-31")
      .optional(),
    /** Translation report: the policies / roles / CA policies to translate, by provider id or name. */
    items: z.array(z.string().min(1)).optional(),
    /** PDF only: rows printed per table (0 = all; default 2,000 — the other formats always hold every row). */
    pdfRows: z.number().int().min(0).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.format === "sarif" && p.kind !== "findings") {
      ctx.addIssue({
        code: "custom",
        path: ["format"],
        message: `SARIF is only for findings (use --kind findings), not for a ${p.kind} report`,
      });
    }
  });
export type ReportParams = z.infer<typeof ZReportParamsSchema>;

/** Validates report parameters; the first problem becomes a BAD_INPUT a person can act on. */
export function parseReportParams(input: unknown): ReportParams {
  const r = ZReportParamsSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AppError(
      "BAD_INPUT",
      `${i?.path.length ? `${i.path.join(".")}: ` : ""}${i?.message ?? "invalid report parameters"}`,
    );
  }
  return r.data;
}

/** The severities at or above a minimum, highest first. */
export function severitiesFrom(min: ReportParams["severity"]): (typeof SEVERITIES)[number][] | undefined {
  return min ? SEVERITIES.slice(0, SEVERITIES.indexOf(min) + 1) : undefined;
}
