import type { Statement } from "../model";
import type { AwsActionCatalog, AwsActionInfo } from "./aws-catalog";
import { expandAwsPattern } from "./crosswalk";

/**
 * The AWS actions a set of statements allows (Allow statements only; Deny ignored — used for similarity, where an
 * explicit Deny has no counterpart anyway). NotAction = every known action except the matched ones.
 */
export function allowedActions(statements: Statement[], catalog: AwsActionCatalog): AwsActionInfo[] {
  const out = new Map<string, AwsActionInfo>();
  const key = (a: AwsActionInfo) => `${a.service}:${a.name.toLowerCase()}`;
  for (const st of statements) {
    if (st.effect !== "Allow") continue;
    if (st.notActions.length) {
      const ex = new Set(st.notActions.flatMap((p) => expandAwsPattern(catalog, p).actions).map(key));
      for (const s of catalog.serviceKeys())
        for (const a of catalog.actions(s)) if (!ex.has(key(a))) out.set(key(a), a);
    } else {
      for (const p of st.actions) for (const a of expandAwsPattern(catalog, p).actions) out.set(key(a), a);
    }
  }
  return [...out.values()];
}
