/** One list item with its React key (and its position, for numbering and separators). */
export interface Keyed<T> {
  key: string;
  item: T;
  index: number;
}

/**
 * React keys for a list whose items carry no id (sentence parts, reasons, error lines): each item's own content
 * (`keyOf`), with `#2`, `#3` … added where the same content repeats. Keys stay unique and follow the item, not its
 * position, so an insertion earlier in the list does not re-key everything after it.
 */
export function keyed<T>(items: readonly T[], keyOf: (item: T) => string): Keyed<T>[] {
  const used = new Set<string>();
  return items.map((item, index) => {
    const base = keyOf(item);
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}#${n}`;
    used.add(key);
    return { key, item, index };
  });
}
