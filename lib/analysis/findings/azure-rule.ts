import type { AzureDatasetName, EntraDatasetName } from "../../model";
import type { AzureRule } from "../azure/findings/rule";
import type { Rule } from "./rule";

/**
 * An Azure RBAC rule (one a file under lib/analysis/azure/findings) as a finding rule of the engine: it runs on each
 * Azure estate of the analysis beside its tenant's directory. A hit belongs to the Azure source; the Entra datasets
 * the rule also needs are named in `missing` when that tenant's snapshot lacks them (or there is none), so the
 * finding says it is incomplete.
 */
export function azureRule(r: AzureRule): Rule {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    dataSource: `Azure RBAC: ${r.datasets.azure.join(", ")}${r.datasets.entra.length ? `; Entra: ${r.datasets.entra.join(", ")}` : ""}`,
    datasets: {
      azure: r.datasets.azure as AzureDatasetName[],
      entra: r.datasets.entra as EntraDatasetName[],
    },
    clouds: ["azure"],
    fix: r.fix,
    run(a) {
      return a.azure.flatMap((e) => {
        const missing = r.datasets.entra
          .filter((d) => e.entra?.model.datasets[d]?.collected !== true)
          .map((d) => `${e.entra?.model.sourceName ?? "Entra (no snapshot of this tenant)"}: ${d}`);
        return r.run(e.ctx).map((h) => ({
          source: e.source,
          subjectKind: h.subjectKind,
          subjectProviderId: h.subjectProviderId,
          subject: h.subject,
          explanation: h.explanation,
          evidence: h.evidence,
          ...(h.severity ? { severity: h.severity } : {}),
          ...(missing.length ? { missing } : {}),
        }));
      });
    },
  };
}
