import { type AccessPath, TIERS, type Tier } from "../../model";

const isTier = (v: unknown): v is Tier => (TIERS as readonly unknown[]).includes(v);

/** How an Azure role reaches a scope, read from one stored path (lib/analysis/azure/paths.ts writes them). */
export interface AzurePathFacts {
  /** The Entra group the role assignment names; null when it names the user (or a classic administrator's e-mail). */
  group: string | null;
  role: string;
  /** Where the role was assigned: the target itself, or a management group (or the root) above it. */
  grantedAt: { id: string; name: string };
  /** The target holds the role through inheritance from `grantedAt`. */
  inherited: boolean;
  /** direct (permanent) | active (PIM activation) | eligible (PIM) | classicAdministrator. */
  state: string;
  /** Deny assignments at the target that took actions away before the tier was judged. */
  denied: { id: string; name: string }[];
  /** The tier the role gives without those deny assignments (null when none applies). */
  tierBeforeDeny: Tier | null;
}

/** The facts of an Azure path: the hop after the role is where the role was granted. */
export function azurePathFacts(
  p: Pick<AccessPath, "hops" | "grant" | "targetId" | "targetName" | "attributes">,
): AzurePathFacts {
  const roleAt = p.hops.findIndex((h) => h.kind === "azureRole");
  const role = p.hops[roleAt];
  const at = p.hops[roleAt + 1];
  const group = p.hops.filter((h) => h.kind === "entraGroup").at(-1);
  const denied = Array.isArray(p.attributes.denied)
    ? (p.attributes.denied as { id?: unknown; name?: unknown }[]).map((d) => ({
        id: String(d.id),
        name: String(d.name),
      }))
    : [];
  return {
    group: group?.name ?? null,
    role: role?.name ?? p.grant,
    grantedAt: at ? { id: at.id, name: at.name } : { id: p.targetId, name: p.targetName },
    inherited: typeof p.attributes.inheritedFrom === "string",
    state: typeof p.attributes.kind === "string" ? p.attributes.kind : "direct",
    denied,
    tierBeforeDeny: denied.length && isTier(p.attributes.tierBeforeDeny) ? p.attributes.tierBeforeDeny : null,
  };
}

/** A state as a report or a page says it. */
export const AZURE_STATE_WORDS: Record<string, string> = {
  direct: "permanent",
  active: "active (PIM)",
  eligible: "eligible (PIM)",
  classicAdministrator: "classic administrator",
  deny: "deny assignment",
};
