/** A small LRU map. Keys here are object ids, so cached values never go stale. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  /** Drops every entry whose key matches (rare: a repository deleted or moved). */
  deleteWhere(matches: (key: K) => boolean): void {
    for (const key of [...this.map.keys()]) if (matches(key)) this.map.delete(key);
  }
}
