import { AZURE_RULES } from "../azure/findings";
import { ACCESS_PATH_RULES, ENGINE_RULES } from "../findings";
import type { SourceKind } from "../../model";
import type { ComplianceCloud } from "./catalog";

/** A rule's source kinds as compliance clouds: an AWS Organization's rules count on the AWS side. */
const complianceClouds = (kinds: SourceKind[]): ComplianceCloud[] => [
  ...new Set(kinds.map((k) => (k === "awsOrganization" ? "aws" : k))),
];

/** What the compliance evaluation needs to know of a rule: the clouds it checks, the datasets it reads, whether it runs. */
export interface ComplianceRule {
  id: string;
  title: string;
  clouds: ComplianceCloud[];
  datasets: Partial<Record<ComplianceCloud, readonly string[]>>;
  /**
   * Whether its findings reach the stored findings today. Access-path rules wait for the organisation snapshot; Azure
   * rules for an Azure source: a control resting on them is "not assessed", never "pass" for want of findings.
   */
  runs: boolean;
  /** Why it does not run (shown with "not assessed"). */
  notRunReason?: string;
}

/** Every rule a control may name: the engine's, the access-path rules and the Azure RBAC rules. */
export const COMPLIANCE_RULES: ComplianceRule[] = [
  ...ENGINE_RULES.map((r) => ({
    id: r.id,
    title: r.title,
    clouds: complianceClouds(r.clouds),
    datasets: r.datasets,
    runs: true,
  })),
  ...ACCESS_PATH_RULES.map((r) => ({
    id: r.id,
    title: r.title,
    clouds: complianceClouds(r.clouds),
    datasets: r.datasets,
    runs: false,
    notRunReason: "runs once the AWS organisation snapshot is imported",
  })),
  ...AZURE_RULES.map((r) => ({
    id: r.id,
    title: r.title,
    clouds: ["azure"] as ComplianceCloud[],
    datasets: { azure: r.datasets.azure, entra: r.datasets.entra },
    runs: false,
    notRunReason: "Azure role assignments are not stored yet",
  })),
];

export const complianceRuleById = new Map(COMPLIANCE_RULES.map((r) => [r.id, r]));
