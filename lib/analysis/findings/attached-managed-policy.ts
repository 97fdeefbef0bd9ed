import type { AnalyzedSource } from "../analyze";

/** Who holds an AWS managed policy directly (users, groups, roles), by name, in one account. */
export function holdersOfManagedPolicy(src: AnalyzedSource, arnSuffix: string): { name: string; kind: string }[] {
  const out: { name: string; kind: string }[] = [];
  for (const a of src.model.assignments) {
    if (a.kind !== "direct" || !a.permissionSetProviderId.endsWith(`:policy/${arnSuffix}`)) continue;
    const p = src.index.principal.get(a.principalProviderId);
    out.push({ name: p?.name ?? a.principalProviderId, kind: p?.kind ?? "unknown" });
  }
  return out;
}
