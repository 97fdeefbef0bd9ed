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

const sortKey = (p: AccessPath) =>
  `${p.targetId}\u0000${p.entraPrincipalId}\u0000${p.via}\u0000${p.grant}\u0000${String(p.attributes.group ?? "")}`;

/** Every path, sorted by account, user, via, grant. */
export function computeAccessPaths(input: AccessPathInput): AccessPath[] {
  const keyed = [...tracePaths(input)].map((p) => ({ k: sortKey(p), p }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.p);
}
