import type { CountKey, DatasetName, SourceKind } from "../model";

/**
 * One dataset of one cloud, declared once in lib/providers/<cloud>/datasets/<name>.ts (see README.md): everything
 * the rest of the code needs to know about it. Readers, file import, detection, "not collected", `stats` counts and
 * rule completeness all read the declaration; none keeps its own list.
 *
 * `Live` and `File` are the cloud's own shapes (Graph paths and `@odata` recognition for Entra, IAM actions and
 * export formats for AWS, ARM paths and resource types for Azure).
 */
export interface DatasetDeclaration<K extends SourceKind, Live, File> {
  readonly kind: K;
  readonly name: DatasetName<K>;
  /** In a few words, what it holds (shown in import errors and docs). */
  readonly title: string;
  /** The least-privileged permission (and licence) that makes it collectable; shown with "not collected". */
  readonly permission: string;
  /** How the live reader gets it (the request it sends). */
  readonly live: Live;
  /** How an exported file of it is recognised; null when no export holds it (live only). */
  readonly file: File | null;
  /** The function (or normaliser class) that turns its raw items into model rows; null when it only sets a status. */
  readonly normalize: ((...args: never[]) => unknown) | (new (...args: never[]) => unknown) | null;
  /** The `stats` counts (lib/model/datasets.ts COUNT_KEYS) it feeds: each is "not collected" without it. */
  readonly counts: readonly CountKey<K>[];
}

/** Which declarations feed each count key of a kind: the inverse of `counts`. */
export function datasetsFeeding<K extends SourceKind>(
  keys: readonly CountKey<K>[],
  declarations: readonly Pick<DatasetDeclaration<K, unknown, unknown>, "name" | "counts">[],
): Record<CountKey<K>, DatasetName<K>[]> {
  const out = new Map<CountKey<K>, DatasetName<K>[]>(keys.map((k) => [k, []]));
  for (const d of declarations) for (const key of d.counts) out.get(key)?.push(d.name);
  return Object.fromEntries(out) as Record<CountKey<K>, DatasetName<K>[]>;
}
