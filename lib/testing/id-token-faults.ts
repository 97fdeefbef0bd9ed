import type { FakeEntraServer } from "../fakes/entra/server";
import type { IdTokenFault } from "../fakes/entra/sign-in";

/**
 * The ways an id token can be wrong, each with the reason Crosswalk must give (lib/providers/entra/oidc-sign-in.ts):
 * the provider test checks the refusal, the sign-in service test that nothing was created.
 */
export const ID_TOKEN_FAULTS: [name: string, fault: (fake: FakeEntraServer) => IdTokenFault, reason: RegExp][] = [
  [
    "wrong issuer",
    () => ({ issuer: "https://login.microsoftonline.com/another-tenant/v2.0" }),
    /issued by https:\/\/login\.microsoftonline\.com\/another-tenant\/v2\.0, not by the configured tenant/,
  ],
  [
    "wrong audience (the token of another app)",
    (fake) => ({ audience: fake.app.clientId }),
    /for another application \(11111111-2222-3333-4444-555555555555\)/,
  ],
  ["another sign-in's nonce (replayed)", () => ({ nonce: "a-nonce-of-an-earlier-sign-in" }), /nonce mismatch/],
  ["no nonce", () => ({ nonce: null }), /nonce/],
  [
    "bad signature (a key the tenant does not publish)",
    () => ({ foreignKey: true }),
    /signature does not verify against the tenant's published keys/,
  ],
  ["claims changed after signing", () => ({ tamper: true }), /signature does not verify/],
  ["expired", () => ({ expiresIn: -600 }), /has expired/],
];
