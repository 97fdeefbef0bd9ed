import type { ComplianceCloud, ControlAssessment, Framework } from "./catalog";
import { type ComplianceRule, complianceRuleById } from "./rules";

/** pass: checked and clean · fail: a rule names subjects · notAssessed: data missing · manual: an auditor decides. */
export const CONTROL_STATUSES = ["fail", "notAssessed", "manual", "pass"] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** One source as the evaluation sees it: its cloud and what its latest snapshot collected. */
export interface ComplianceSource {
  sourceId: string;
  sourceName: string;
  cloud: ComplianceCloud;
  datasets: Record<string, { collected: boolean; reason?: string | null; permission?: string | null }>;
}

/** One stored finding (only what a control shows). */
export interface ComplianceFinding {
  id?: number;
  rule: string;
  sourceId: string | null;
  subject: string;
  subjectKind: string;
  explanation: string;
  severity: string;
}

/** A subject that fails a control, with the finding that says so. */
export interface ControlSubject {
  rule: string;
  source: string | null;
  subject: string;
  subjectKind: string;
  severity: string;
  explanation: string;
  findingId: number | null;
}

/** What was checked: a rule, over which sources, and how many findings it gave. */
export interface ControlEvidence {
  rule: string;
  title: string;
  sources: string[];
  findings: number;
}

/** Why a control could not be assessed: a dataset not collected, a rule that did not run, a source that is absent. */
export interface MissingData {
  source: string | null;
  what: string;
  reason: string;
  /** The permission (or licence) that would collect it, when known. */
  permission: string | null;
}

export interface CloudResult {
  cloud: ComplianceCloud;
  status: ControlStatus;
  subjects: ControlSubject[];
  evidence: ControlEvidence[];
  missing: MissingData[];
  /** What the auditor must check (manual), or null. */
  manual: string | null;
}

export interface ControlResult {
  id: string;
  title: string;
  section: string;
  link: string;
  /** fail if any cloud fails, else notAssessed, else manual, else pass. */
  status: ControlStatus;
  clouds: CloudResult[];
}

/** Counts of controls by status; the score counts pass against fail only — not assessed and manual stand apart. */
export interface ComplianceScore {
  pass: number;
  fail: number;
  notAssessed: number;
  manual: number;
  /** pass ÷ (pass + fail), 0–100, rounded; null when nothing was assessed. */
  percent: number | null;
}

export interface FrameworkResult {
  id: string;
  name: string;
  shortName: string;
  version: string;
  source: string;
  licence: string;
  score: ComplianceScore;
  controls: ControlResult[];
}

export interface ComplianceInput {
  sources: ComplianceSource[];
  findings: ComplianceFinding[];
  /** Rules whose findings are in `findings` (ran over the sources). A rule not in it cannot pass a control. */
  ranRules: ReadonlySet<string>;
  /** Rule metadata (defaults to every rule a catalogue may name). */
  rules?: ReadonlyMap<string, ComplianceRule>;
}

const CLOUD_NAMES: Record<ComplianceCloud, string> = {
  aws: "AWS account",
  entra: "Entra tenant",
  azure: "Azure estate (subscriptions, management groups)",
};
const SOURCE_PERMISSION: Record<ComplianceCloud, string> = {
  aws: "iam:GetAccountAuthorizationDetails, iam:GenerateCredentialReport, iam:GetCredentialReport",
  entra: "Directory.Read.All, Policy.Read.All, RoleManagement.Read.Directory",
  azure: "Reader (Microsoft.Authorization/*/read) at the tenant root management group",
};

/** Worst first: the order an overall status is taken in. */
const RANK: Record<ControlStatus, number> = { fail: 0, notAssessed: 1, manual: 2, pass: 3 };

/** Assesses one control in one cloud. Pure. */
export function assessCloud(
  a: ControlAssessment,
  input: ComplianceInput,
  byRule: Map<string, ComplianceFinding[]>,
): CloudResult {
  const rules = input.rules ?? complianceRuleById;
  const sources = input.sources.filter((s) => s.cloud === a.cloud);
  const manual = a.manual ?? null;
  if (sources.length === 0) {
    return {
      cloud: a.cloud,
      status: "notAssessed",
      subjects: [],
      evidence: [],
      missing: [
        {
          source: null,
          what: `${CLOUD_NAMES[a.cloud]} source`,
          reason: `no ${CLOUD_NAMES[a.cloud]} has been synced or imported`,
          permission: SOURCE_PERMISSION[a.cloud],
        },
      ],
      manual,
    };
  }
  const ids = new Set(sources.map((s) => s.sourceId));
  const names = sources.map((s) => s.sourceName);
  const nameOf = new Map(input.sources.map((s) => [s.sourceId, s.sourceName]));
  const subjects: ControlSubject[] = [];
  const evidence: ControlEvidence[] = [];
  const missing: MissingData[] = [];
  for (const id of a.rules) {
    const rule = rules.get(id);
    if (!rule) throw new Error(`compliance: unknown rule ${id}`);
    if (!input.ranRules.has(id)) {
      missing.push({
        source: null,
        what: `rule ${id}`,
        reason: `${rule.title}: ${rule.notRunReason ?? "disabled in the analysis configuration"}`,
        permission: null,
      });
      continue;
    }
    // A finding counts for this cloud when its source is one of the cloud's, or when it is about a person across clouds.
    const hits = (byRule.get(id) ?? []).filter((f) => (f.sourceId === null ? true : ids.has(f.sourceId)));
    for (const f of hits)
      subjects.push({
        rule: id,
        source: f.sourceId === null ? null : (nameOf.get(f.sourceId) ?? null),
        subject: f.subject,
        subjectKind: f.subjectKind,
        severity: f.severity,
        explanation: f.explanation,
        findingId: f.id ?? null,
      });
    evidence.push({ rule: id, title: rule.title, sources: names, findings: hits.length });
    for (const s of sources)
      for (const d of rule.datasets[a.cloud] ?? []) {
        const st = s.datasets[d];
        if (st?.collected === true) continue;
        // A dataset the snapshot never reported counts as missing: a control never passes on data nobody read.
        missing.push({
          source: s.sourceName,
          what: d,
          reason: st ? (st.reason ?? "not collected") : "not reported by the latest snapshot",
          permission: st?.permission ?? null,
        });
      }
  }
  if (a.pending)
    missing.push({
      source: null,
      what: a.pending.dataset,
      reason: `Crosswalk does not read it yet; it would check that ${a.pending.check}`,
      permission: a.pending.permission,
    });
  const status: ControlStatus = subjects.length ? "fail" : missing.length ? "notAssessed" : manual ? "manual" : "pass";
  return { cloud: a.cloud, status, subjects, evidence, missing: dedupe(missing), manual };
}

function dedupe(xs: MissingData[]): MissingData[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = `${x.source}\u0000${x.what}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Every control of the frameworks, per cloud, with a score per framework. Pure: the same input gives the same sheet. */
export function evaluateCompliance(frameworks: Framework[], input: ComplianceInput): FrameworkResult[] {
  const byRule = new Map<string, ComplianceFinding[]>();
  for (const f of input.findings) {
    const l = byRule.get(f.rule);
    if (l) l.push(f);
    else byRule.set(f.rule, [f]);
  }
  return frameworks.map((fw) => {
    const controls = fw.controls.map((c): ControlResult => {
      const clouds = c.assess.map((a) => assessCloud(a, input, byRule));
      const status = clouds.reduce<ControlStatus>((w, r) => (RANK[r.status] < RANK[w] ? r.status : w), "pass");
      return { id: c.id, title: c.title, section: c.section, link: c.link, status, clouds };
    });
    return {
      id: fw.id,
      name: fw.name,
      shortName: fw.shortName,
      version: fw.version,
      source: fw.source,
      licence: fw.licence,
      score: scoreOf(controls.map((c) => c.status)),
      controls,
    };
  });
}

export function scoreOf(statuses: ControlStatus[]): ComplianceScore {
  const n = (s: ControlStatus) => statuses.filter((x) => x === s).length;
  const pass = n("pass");
  const fail = n("fail");
  return {
    pass,
    fail,
    notAssessed: n("notAssessed"),
    manual: n("manual"),
    percent: pass + fail ? Math.round((pass / (pass + fail)) * 100) : null,
  };
}
