import { Lru } from '../git/lru.js';

/**
 * Results keyed by content: a split's key is the hash of the object ids it reads, so a push that
 * leaves a split's files alone keeps its cached answers, and one that changes them can never be
 * served a stale one. Concurrent misses for one key share a single computation.
 */
export class ResultCache {
  private readonly values: Lru<string, unknown>;
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(size = 2_000) {
    this.values = new Lru(size);
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.values.get(key);
    if (hit !== undefined) return hit as T;
    const running = this.running.get(key);
    if (running) return running as Promise<T>;
    const job = compute().then((value) => {
      this.values.set(key, value);
      return value;
    }).finally(() => this.running.delete(key));
    this.running.set(key, job);
    return job;
  }

  peek<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
}
