import type { AccessPath, Principal, SourceModel } from "../../model";
import type { ActionCatalog } from "../action-catalog";
import { traceContext } from "./context";
import { type IdentityLink, identityCenterPaths, linkIdentities } from "./identity-center";
import { samlPaths } from "./saml";

/** Access paths with what the rules need beside them: the sources they were traced from and the identity links. */
export interface AccessPathAnalysis<S extends { model: SourceModel } = { model: SourceModel }> {
  entra: S;
  /** The organisation snapshot's source (kind `awsOrganization`), if any. */
  organization: S | null;
  paths: AccessPath[];
  /** Identity Center users and groups linked to Entra (by ExternalId or by name); the others are absent. */
  links: { users: Map<string, IdentityLink>; groups: Map<string, IdentityLink> };
  /** Identity Center users and groups, by id. */
  identityStore: Map<string, Principal>;
}

/**
 * Traces every access path among the analysed sources: the first Entra tenant, the first organisation snapshot (an
 * `awsOrganization` source) and the AWS accounts whose account id is known. null without an Entra tenant.
 */
export function analyzeAccessPaths<S extends { model: SourceModel }>(
  sources: S[],
  catalog: ActionCatalog,
): AccessPathAnalysis<S> | null {
  const entra = sources.find((s) => s.model.kind === "entra");
  if (!entra) return null;
  const organization = sources.find((s) => s.model.kind === "awsOrganization") ?? null;
  const input = {
    entra: entra.model,
    organization: organization?.model ?? null,
    accounts: sources.filter((s) => s.model.kind === "aws" && s.model.externalId).map((s) => s.model),
    catalog,
  };
  const ctx = traceContext(input);
  const paths = [...identityCenterPaths(ctx), ...samlPaths(ctx)];
  if (!paths.length && !organization) return null;
  return {
    entra,
    organization,
    paths,
    links: linkIdentities(ctx),
    identityStore: new Map((organization?.model.principals ?? []).map((p) => [p.providerId, p])),
  };
}
