import { describe, expect, it } from 'vitest';
import { serializeBundle } from './bundle.ts';
import { generatePatientBundle, generatePopulation } from './population.ts';

const now = new Date('2026-11-23T12:00:00Z');

function serialized(seed: string, patients: number): string[] {
  return [...generatePopulation({ seed, patients, now })].map(serializeBundle);
}

describe('determinism', { timeout: 60_000 }, () => {
  const first = serialized('hearth-demo', 50);

  it('produces byte-identical output for the same seed', () => {
    expect(serialized('hearth-demo', 50)).toEqual(first);
  });

  it('produces different output for a different seed', () => {
    const other = serialized('hearth-other', 50);
    expect(other).toHaveLength(first.length);
    for (let i = 1; i < other.length; i++) expect(other[i]).not.toBe(first[i]);
  });

  it('generates patient k identically whatever the population size', () => {
    const small = serialized('hearth-demo', 20);
    expect(small).toEqual(first.slice(0, 21));
  });

  it('generates one patient alone exactly as in the stream, so workers can split the population', () => {
    expect(serializeBundle(generatePatientBundle({ seed: 'hearth-demo', patients: 50, now }, 37))).toBe(
      first[38],
    );
  });

  it('does not depend on the wall clock', () => {
    const later = [...generatePopulation({ seed: 'hearth-demo', patients: 3, now: new Date(now) })].map(
      serializeBundle,
    );
    expect(later).toEqual(first.slice(0, 4));
  });
});
