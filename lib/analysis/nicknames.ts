import table from "./data/nicknames.json";

/**
 * Given names and their nicknames (kate ↔ katherine), from a maintained public list (data/NICKNAMES.md). A row
 * relates its head name with each nickname, both ways; nicknames of the same head are not related to each other
 * (kate and kathy are both Katherine, which proves nothing about two people called Kate and Kathy).
 */
const related = new Map<string, Set<string>>();
function relate(a: string, b: string) {
  if (!a || !b || a === b) return;
  const s = related.get(a);
  if (s) s.add(b);
  else related.set(a, new Set([b]));
}
for (const row of table.rows) {
  // "k.c." is a nickname in the list; names are compared with separators removed.
  const [head, ...nicks] = row.split(",").map((n) => n.replace(/[^a-z]/g, ""));
  if (!head) continue;
  for (const n of nicks) {
    relate(head, n);
    relate(n, head);
  }
}

/** The names a given name is a nickname of, or that are nicknames of it (lower-case ASCII in, lower-case out). */
export function nicknamesOf(given: string): readonly string[] {
  const s = related.get(given);
  return s ? [...s] : [];
}
