/** How two identities were linked, in words, by `Person.method` (lib/analysis/person-matching.ts MATCH_METHODS). */
export const MATCH_METHOD_LABEL: Readonly<Record<string, string>> = {
  manual: "confirmed by hand",
  email: "same e-mail address",
  identityCenter: "Identity Center user name",
  upnLocalPart: "same user name",
  firstLast: "first and last name",
  displayName: "display name",
  nickname: "nickname and last name",
  initialLast: "first initial and last name",
};

/** A match method in words; an unknown key is shown as it is rather than hidden, null as a dash. */
export function matchMethodLabel(method: string | null | undefined): string {
  return method ? (MATCH_METHOD_LABEL[method] ?? method) : "—";
}
