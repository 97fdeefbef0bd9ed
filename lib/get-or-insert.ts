/** What `getOrInsertComputed` needs of a map: `Map` and `WeakMap` both qualify. */
export interface KeyedStore<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The value stored under `key`, computed and stored on first use. It has the shape of TC39's
 * `Map.prototype.getOrInsertComputed` (https://github.com/tc39/proposal-upsert), which Node 20 lacks; memo caches and
 * multimaps use it instead of assigning inside an expression. A stored `undefined` counts as absent.
 */
export function getOrInsertComputed<K, V>(map: KeyedStore<K, V>, key: K, compute: (key: K) => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = compute(key);
    map.set(key, value);
  }
  return value;
}
