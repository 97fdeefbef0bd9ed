/**
 * The page to go to after sign-in: a path on this site, or "/". Parsed as a URL against a placeholder origin so that
 * every form a browser (and Next's redirect) would resolve off-site — `//evil`, `/\evil`, `\\evil`, `https://evil`,
 * tabs or newlines inside the scheme — changes the origin and is dropped.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next === "") return "/";
  const base = "http://crosswalk.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  return `${url.pathname}${url.search}`;
}
