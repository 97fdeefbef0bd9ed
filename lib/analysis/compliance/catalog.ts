import { z } from "zod";
import cisAws from "./catalog/cis-aws-foundations-6.0.0.json";
import cisAzure from "./catalog/cis-azure-foundations-5.0.0.json";
import cisM365 from "./catalog/cis-m365-foundations-6.0.0.json";
import nist from "./catalog/nist-800-53-r5.json";

/** Where a control is checked: an AWS account, an Entra tenant, or Azure RBAC (subscriptions, management groups). */
export const ZComplianceCloudSchema = z.enum(["aws", "entra", "azure"]);
export type ComplianceCloud = z.infer<typeof ZComplianceCloudSchema>;
export const COMPLIANCE_CLOUDS = ZComplianceCloudSchema.options;

/** A dataset a control needs that Crosswalk does not read yet: the control stays "not assessed" and says why. */
export const ZPendingDatasetSchema = z.object({
  dataset: z.string().min(1),
  /** The least-privileged permission that would read it. */
  permission: z.string().min(1),
  /** What would be checked in it, in plain words. */
  check: z.string().min(1),
});

/**
 * How one control is assessed in one cloud: Crosswalk rules whose findings fail it, a dataset not read yet (pending),
 * and/or what only an auditor can check (manual). Rules failing → fail; rules silent, nothing missing, nothing manual
 * → pass; manual → manual (with the rules' evidence); a dataset missing → not assessed.
 */
export const ZControlAssessmentSchema = z
  .object({
    cloud: ZComplianceCloudSchema,
    rules: z.array(z.string().min(1)).default([]),
    manual: z.string().min(1).optional(),
    pending: ZPendingDatasetSchema.optional(),
  })
  .strict()
  .refine((a) => a.rules.length > 0 || a.manual !== undefined || a.pending !== undefined, {
    message: "an assessment needs rules, a pending dataset or a manual check",
  });
export type ControlAssessment = z.infer<typeof ZControlAssessmentSchema>;

/** One control of a framework. `title` is the framework's own where its licence allows, else Crosswalk's words. */
export const ZControlSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    section: z.string().min(1),
    link: z.url(),
    note: z.string().optional(),
    assess: z.array(ZControlAssessmentSchema).min(1),
  })
  .strict()
  .refine((c) => new Set(c.assess.map((a) => a.cloud)).size === c.assess.length, {
    message: "one assessment per cloud",
  });
export type Control = z.infer<typeof ZControlSchema>;

/** One framework at one version (one file under ./catalog). */
export const ZFrameworkSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    /** A few words for sheet names and narrow columns ("CIS AWS"). */
    shortName: z.string().min(1).max(20),
    version: z.string().min(1),
    source: z.url(),
    /** Whose text the titles are, and under which terms. */
    licence: z.string().min(1),
    controls: z.array(ZControlSchema).min(1),
  })
  .strict()
  .refine((f) => new Set(f.controls.map((c) => c.id)).size === f.controls.length, { message: "duplicate control id" });
export type Framework = z.infer<typeof ZFrameworkSchema>;

/** Every framework Crosswalk maps, parsed (a malformed catalogue file fails at import, naming the file's framework). */
export const FRAMEWORKS: Framework[] = [cisAws, cisAzure, cisM365, nist].map((f) => {
  const parsed = ZFrameworkSchema.safeParse(f);
  if (!parsed.success) throw new Error(`compliance catalogue ${f.id}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
});

/** The framework with this id, or undefined. */
export const frameworkById = (id: string): Framework | undefined => FRAMEWORKS.find((f) => f.id === id);

/** Cross-framework map: every control (framework id, control id, cloud) a rule evidences. */
export function controlsOfRule(
  frameworks: Framework[] = FRAMEWORKS,
): Map<string, { framework: string; control: string; cloud: ComplianceCloud }[]> {
  const out = new Map<string, { framework: string; control: string; cloud: ComplianceCloud }[]>();
  for (const f of frameworks)
    for (const c of f.controls)
      for (const a of c.assess)
        for (const r of a.rules) {
          const list = out.get(r) ?? [];
          list.push({ framework: f.id, control: c.id, cloud: a.cloud });
          out.set(r, list);
        }
  return out;
}
