import type { AccessPath } from "../../model";
import { appMfa } from "../access-paths/app-mfa";
import type { Analysis } from "../analyze";
import { principalKey } from "../analyze";
import { azurePaths } from "./paths";

/**
 * The first-party app conditional access names to cover Azure Resource Manager (portal, CLI, PowerShell):
 * "Windows Azure Service Management API" (learn.microsoft.com/entra/identity/conditional-access/
 * concept-conditional-access-cloud-apps#windows-azure-service-management-api).
 */
export const AZURE_MANAGEMENT_APP_ID = "797f4846-ba00-4fd7-ba43-dac1f8f63013";

/**
 * Every Azure access path of the analysis as AccessPath rows (refresh-derived stores them): per Azure estate beside
 * its tenant's Entra snapshot, each user's effective access (lib/analysis/azure/paths.ts), with MFA as the tenant's
 * conditional-access policies enforce it for Azure management, and the person the user belongs to (Person.key).
 */
export function* azureAccessPathRows(analysis: Pick<Analysis, "azure" | "personOf">): Generator<AccessPath> {
  for (const e of analysis.azure) {
    const entra = e.entra;
    if (!entra) continue;
    const armMfa = (userId: string) =>
      appMfa(entra.index, userId, AZURE_MANAGEMENT_APP_ID, entra.caFacts, entra.caCollected);
    for (const p of azurePaths(e.ctx, armMfa))
      yield {
        ...p,
        entraSnapshotId: entra.model.snapshotId,
        targetSnapshotId: e.source.model.snapshotId,
        personId: analysis.personOf.get(principalKey(entra.model.sourceId, p.entraPrincipalId))?.key ?? null,
      };
  }
}
