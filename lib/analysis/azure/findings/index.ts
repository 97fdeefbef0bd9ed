import { type AzureEstateModel, azureGrants, directoryOf, type EntraDirectoryModel, hierarchyIndex } from "../access";
import { adminToGuestOrServicePrincipal } from "./admin-to-guest-or-service-principal";
import { classicAdministrators } from "./classic-administrators";
import { customRoleWildcard } from "./custom-role-wildcard";
import { orphanedAssignment } from "./orphaned-assignment";
import { permanentAdminAtSubscription } from "./permanent-admin-at-subscription";
import type { AzureHit, AzureRule, AzureRuleContext } from "./rule";
import { subscriptionOwnerCount } from "./subscription-owner-count";

export const AZURE_RULES: AzureRule[] = [
  adminToGuestOrServicePrincipal,
  permanentAdminAtSubscription,
  subscriptionOwnerCount,
  customRoleWildcard,
  orphanedAssignment,
  classicAdministrators,
];

export function azureRuleContext(model: AzureEstateModel, entra: EntraDirectoryModel | null): AzureRuleContext {
  const dir = directoryOf(entra);
  return { model, dir, grants: azureGrants(model, dir), index: hierarchyIndex(model.nodes) };
}

/** Every rule's hits, with whether the datasets it needs were collected (incomplete findings say so). */
export function runAzureRules(
  model: AzureEstateModel,
  entra: EntraDirectoryModel | null,
): { rule: AzureRule; hits: AzureHit[]; incomplete: string[] }[] {
  const ctx = azureRuleContext(model, entra);
  return AZURE_RULES.map((rule) => ({
    rule,
    hits: rule.run(ctx),
    incomplete: [
      ...rule.datasets.azure.filter((d) => model.datasets[d]?.collected !== true).map((d) => `azure ${d}`),
      ...rule.datasets.entra.filter((d) => entra?.datasets[d]?.collected !== true).map((d) => `entra ${d}`),
    ],
  }));
}
