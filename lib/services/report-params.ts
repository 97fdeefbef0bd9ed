import { z } from "zod";
import { SEVERITIES, ZSeveritySchema } from "../model";
import { ZReportKindSchema } from "../report/document";
import { formatRefusal, REPORT_FORMATS } from "../report/formats";
import { AppError } from "../errors";

/** The formats a report can be written in, with their labels and kinds (the web form offers them). */
export { REPORT_FORMAT_CHOICES, type ReportFormatChoice } from "../report/formats";

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
    const refusal = formatRefusal(p.format, p.kind);
    if (refusal) ctx.addIssue({ code: "custom", path: ["format"], message: refusal });
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
