import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './verified-tokens.ts';

const START = Date.parse('2026-01-01T00:00:00Z');

function cacheAt(clock: { ms: number }, maxEntries = 10) {
  return new VerifiedTokenCache<string>({ now: () => new Date(clock.ms), ttlMs: 60_000, maxEntries });
}

describe('verified token cache', () => {
  it('remembers a verified token until its time-to-live runs out', () => {
    const clock = { ms: START };
    const cache = cacheAt(clock);
    cache.set('t', 'ctx', START / 1000 + 3600);
    clock.ms += 59_000;
    expect(cache.get('t')).toBe('ctx');
    clock.ms += 2_000;
    expect(cache.get('t')).toBeUndefined();
  });

  it('never serves a token past its exp claim', () => {
    const clock = { ms: START };
    const cache = cacheAt(clock);
    cache.set('t', 'ctx', START / 1000 + 10);
    clock.ms += 9_999;
    expect(cache.get('t')).toBe('ctx');
    clock.ms += 1;
    expect(cache.get('t')).toBeUndefined();
  });

  it('does not keep a token that has already expired', () => {
    const clock = { ms: START };
    const cache = cacheAt(clock);
    cache.set('t', 'ctx', START / 1000 - 1);
    expect(cache.get('t')).toBeUndefined();
  });

  it('drops the oldest entries beyond its size', () => {
    const clock = { ms: START };
    const cache = cacheAt(clock, 2);
    for (const t of ['a', 'b', 'c']) cache.set(t, `ctx-${t}`, START / 1000 + 3600);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'ctx-b', 'ctx-c']);
  });
});
