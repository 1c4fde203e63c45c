import { news2ValueProblem, type News2Input } from '@hearth/clinical';
import { describe, expect, it } from 'vitest';
import { KINDS, READING_KINDS } from './payloads-kinds.ts';
import type { ReadingKind } from './types.ts';
import { convertUnit, isUcumUnit } from './units.ts';

// The kinds that are NEWS2 inputs (RCP NEWS2 (2017), chart 1), in NEWS2's canonical units.
const NEWS2_INPUT: Partial<Record<ReadingKind, keyof News2Input>> = {
  'heart-rate': 'pulse',
  'respiratory-rate': 'respirationRate',
  'oxygen-saturation': 'spo2',
  'body-temperature': 'temperature',
  'blood-pressure': 'systolicBloodPressure',
};

describe('the reading kinds table', () => {
  it.each(READING_KINDS)(
    '%s: every accepted unit spelling is UCUM and converts to the canonical unit',
    (kind) => {
      const spec = KINDS[kind];
      expect(isUcumUnit(spec.unit)).toBe(true);
      for (const [spelling, ucum] of Object.entries(spec.units)) {
        expect(isUcumUnit(ucum), spelling).toBe(true);
        const options = spec.molecularWeight ? { molecularWeight: spec.molecularWeight } : {};
        expect(Number.isFinite(convertUnit(1, ucum, spec.unit, options)), spelling).toBe(true);
      }
      expect(Object.hasOwn(spec.units, spec.omh.unit)).toBe(true);
    },
  );

  it.each(Object.entries(NEWS2_INPUT))(
    '%s: the plausible range lies inside NEWS2’s input limits, so an accepted reading can always be scored',
    (kind, input) => {
      const { min, max } = KINDS[kind as ReadingKind];
      expect(news2ValueProblem(input, min)).toBeUndefined();
      expect(news2ValueProblem(input, max)).toBeUndefined();
    },
  );

  it('gives each kind its own LOINC code', () => {
    const codes = READING_KINDS.map((k) => KINDS[k].code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
