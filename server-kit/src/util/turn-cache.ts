/**
 * Reads of state outside the process (a database row, a ref file) shared by the requests handled
 * in one turn of the event loop: under load one turn serves dozens of requests for the same
 * repository, and each read is a system call or two. A turn's requests arrived together, so
 * answering them all from the first one's read orders them just before any change that lands in
 * that turn, as if they had come a moment earlier; the next turn reads afresh. Completed writes
 * from this process clear every cache at once (`clearTurnCaches`), so a client that saw its write
 * answered never reads what was there before.
 */
export class TurnCache<V> {
  private readonly values = new Map<string, V>();
  private clearing = false;

  constructor() {
    caches.add(this as TurnCache<unknown>);
  }

  get(key: string): V | undefined {
    return this.values.get(key);
  }

  set(key: string, value: V): void {
    this.values.set(key, value);
    if (!this.clearing) {
      this.clearing = true;
      // Check phase: right after this turn's I/O callbacks, before the next turn's.
      setImmediate(() => this.clear());
    }
  }

  clear(): void {
    this.values.clear();
    this.clearing = false;
  }
}

const caches = new Set<TurnCache<unknown>>();

export function clearTurnCaches(): void {
  for (const cache of caches) cache.clear();
}
