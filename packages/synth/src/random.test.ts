import { describe, expect, it } from 'vitest';
import { hash128, Random, stableUuid } from './random.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Random', () => {
  it('replays the same sequence for the same seed', () => {
    const a = new Random('seed');
    const b = new Random('seed');
    const drawsA = Array.from({ length: 100 }, () => a.nextUint32());
    const drawsB = Array.from({ length: 100 }, () => b.nextUint32());
    expect(drawsA).toEqual(drawsB);
  });

  it('diverges for seeds that differ by one character', () => {
    const a = new Random('patient|1');
    const b = new Random('patient|2');
    const same = Array.from({ length: 100 }, () => a.nextUint32() === b.nextUint32()).filter(Boolean);
    expect(same.length).toBeLessThan(2);
  });

  it('draws uniformly in [0, 1)', () => {
    const rng = new Random('uniform');
    const bins = new Array<number>(10).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      bins[Math.floor(x * 10)]! += 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Each bin expects 10,000 ± 95 (binomial SD); 500 is > 5 SD.
    expect(Math.max(...bins.map((count) => Math.abs(count - 10_000)))).toBeLessThan(500);
  });

  it('draws normal deviates with the requested mean and spread', () => {
    const rng = new Random('normal');
    const xs = Array.from({ length: 50_000 }, () => rng.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('picks weighted choices in proportion to their weights', () => {
    const rng = new Random('weighted');
    let heavy = 0;
    for (let i = 0; i < 20_000; i++) {
      if (
        rng.weighted([
          { value: 'heavy', weight: 3 },
          { value: 'light', weight: 1 },
        ]) === 'heavy'
      )
        heavy++;
    }
    expect(heavy / 20_000).toBeCloseTo(0.75, 1);
  });

  it('makes version-4-shaped UUIDs, distinct across draws', () => {
    const rng = new Random('ids');
    const ids = new Set(Array.from({ length: 10_000 }, () => rng.uuid()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 50)) expect(id).toMatch(UUID_V4);
  });

  it('derives the same UUID from the same name and different ones from different names', () => {
    expect(stableUuid('org/1')).toBe(stableUuid('org/1'));
    expect(stableUuid('org/1')).not.toBe(stableUuid('org/2'));
    expect(stableUuid('org/1')).toMatch(UUID_V4);
    expect(hash128('')).toHaveLength(4);
  });
});
