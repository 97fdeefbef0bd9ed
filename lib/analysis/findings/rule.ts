import type { DatasetName, DatasetRequirements, Severity, SourceKind } from "../../model";
import type { Analysis, AnalyzedSource, PrincipalAnalysis } from "../analyze";

/** What a rule reports; the engine adds the rule id, severity, source name, data source and completeness. */
export interface RuleHit {
  /** The source the subject lives in; null for a cross-cloud subject (a person). */
  source: AnalyzedSource | null;
  subjectKind: string;
  subjectProviderId: string;
  subject: string;
  explanation: string;
  evidence: Record<string, unknown>;
  /** Datasets of other sources the hit also rests on that were not collected ("source: dataset"): incomplete. */
  missing?: string[];
  /** Overrides the rule's default severity for this hit (e.g. admin vs privileged). */
  severity?: Severity;
  fix?: string;
}

/** One finding rule (one file each under lib/analysis/findings/rules). */
export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  /** In plain words, what the rule reads (shown with every finding). */
  dataSource: string;
  /** Datasets (lib/model/datasets.ts) the rule needs, per cloud; one not collected → incomplete. */
  datasets: DatasetRequirements;
  /** Which clouds' sources the rule looks at. */
  clouds: SourceKind[];
  /**
   * Each hit rests on all those sources together (an access path joins the Entra tenant and the organisation): a
   * dataset missing in any of them makes every hit incomplete, not only one missing in the hit's own source.
   */
  acrossSources?: boolean;
  fix: string;
  run(analysis: Analysis): RuleHit[];
}

export const DAY_MS = 86_400_000;

/** Whole days from an ISO time to now; null when the time is unknown. */
export function daysSince(iso: string | null | undefined, now: Date): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor((now.getTime() - t) / DAY_MS);
}

/** Principals of the given clouds (and kinds). */
export function* principalsOf(a: Analysis, cloud: SourceKind, kinds?: string[]): Generator<PrincipalAnalysis> {
  for (const pa of a.principals.values()) {
    if (pa.source.model.kind !== cloud) continue;
    if (kinds && !kinds.includes(pa.principal.kind)) continue;
    yield pa;
  }
}

/** Hit about a principal, filling subject fields. */
export function principalHit(
  pa: PrincipalAnalysis,
  explanation: string,
  evidence: Record<string, unknown>,
  extra: Partial<RuleHit> = {},
): RuleHit {
  return {
    source: pa.source,
    subjectKind: pa.principal.kind,
    subjectProviderId: pa.principal.providerId,
    subject: pa.principal.upn ?? pa.principal.name,
    explanation,
    evidence,
    ...extra,
  };
}

/** Whether a dataset was collected in a source; a dataset never reported counts as collected only for `assume`. */
export function datasetCollected(src: AnalyzedSource, name: DatasetName): boolean {
  const d = src.model.datasets[name];
  return d ? d.collected : false;
}

/** Hit about a whole Entra tenant or AWS account (a setting missing, a count out of bounds). */
export function sourceHit(
  src: AnalyzedSource,
  explanation: string,
  evidence: Record<string, unknown>,
  extra: Partial<RuleHit> = {},
): RuleHit {
  return {
    source: src,
    subjectKind: src.model.kind === "aws" ? "account" : "tenant",
    subjectProviderId: src.model.externalId ?? src.model.sourceId,
    subject: src.model.sourceName,
    explanation,
    evidence,
    ...extra,
  };
}
