// Access paths: who reaches which AWS account, as what, through which Entra assignment, and with MFA or not. Pure:
// reads the Entra model, the organisation model and the member accounts' IAM models; no database, no network.
import type { AccessPath } from "../../model";
import { type AccessPathInput, traceContext } from "./context";
import { identityCenterPaths } from "./identity-center";
import { samlPaths } from "./saml";

export type { AccessPathInput } from "./context";
export { parseSamlRoleValue, identityCenterApps } from "./aws-apps";
export { linkIdentities, externalIdsOf } from "./identity-center";

/** Every path, one at a time (a large organisation has millions: callers store them in batches). */
export function* tracePaths(input: AccessPathInput): Generator<AccessPath> {
  const ctx = traceContext(input);
  yield* identityCenterPaths(ctx);
  yield* samlPaths(ctx);
}

const order = (a: AccessPath, b: AccessPath) =>
  a.targetId.localeCompare(b.targetId) ||
  a.entraPrincipalId.localeCompare(b.entraPrincipalId) ||
  a.via.localeCompare(b.via) ||
  a.grant.localeCompare(b.grant) ||
  a.hops.length - b.hops.length ||
  a.hops
    .map((h) => h.id)
    .join("/")
    .localeCompare(b.hops.map((h) => h.id).join("/"));

/** Every path, sorted by account, user, via, grant. */
export function computeAccessPaths(input: AccessPathInput): AccessPath[] {
  return [...tracePaths(input)].sort(order);
}
