// What the access-path rules share: reading paths and naming their subjects.
import { type AccessPath, isUsablePath } from "../../model";
import type { Analysis } from "../analyze";
import type { RuleHit } from "./rule";

/** Paths that can be used now: the user can sign in to the app and the path is not broken. */
export function usablePaths(a: Analysis): AccessPath[] {
  return (a.accessPaths?.paths ?? []).filter(isUsablePath);
}

/** A hit about an Entra user (the subject is the person signing in). */
export function entraUserHit(
  a: Analysis,
  userId: string,
  explanation: string,
  evidence: Record<string, unknown>,
  extra: Partial<RuleHit> = {},
): RuleHit {
  const u = a.accessPaths!.entra.index.principal.get(userId);
  return {
    source: a.accessPaths!.entra,
    subjectKind: "user",
    subjectProviderId: userId,
    subject: u?.upn ?? u?.name ?? userId,
    explanation,
    evidence,
    ...extra,
  };
}

/** A hit about an Identity Center user, group or permission set (in the organisation's source). */
export function organizationHit(
  a: Analysis,
  subject: { kind: string; providerId: string; name: string },
  explanation: string,
  evidence: Record<string, unknown>,
  extra: Partial<RuleHit> = {},
): RuleHit {
  return {
    source: a.accessPaths!.organization,
    subjectKind: subject.kind,
    subjectProviderId: subject.providerId,
    subject: subject.name,
    explanation,
    evidence,
    ...extra,
  };
}

/** "hop → hop → …" for evidence. */
export const hopsText = (p: AccessPath) => p.hops.map((h) => h.name).join(" → ");
