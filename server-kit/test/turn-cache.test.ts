import { describe, expect, it } from 'vitest';
import { clearTurnCaches, TurnCache } from '../src/util/turn-cache.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnCache', () => {
  it('shares a value within one turn of the event loop and forgets it by the next', async () => {
    const cache = new TurnCache<number>();
    cache.set('a', 1);
    await Promise.resolve();
    expect(cache.get('a')).toBe(1);
    await nextTurn();
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 2);
    expect(cache.get('a')).toBe(2);
    await nextTurn();
    expect(cache.get('a')).toBeUndefined();
  });

  it('is emptied at once by clearTurnCaches (a write completed)', () => {
    const one = new TurnCache<string>();
    const two = new TurnCache<string>();
    one.set('k', 'v');
    two.set('k', 'w');
    clearTurnCaches();
    expect(one.get('k')).toBeUndefined();
    expect(two.get('k')).toBeUndefined();
  });
});
