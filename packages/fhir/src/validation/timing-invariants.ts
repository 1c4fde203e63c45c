// Invariants of Timing.repeat, Range and Ratio (FHIR R4 datatypes.html "Constraints"), the shapes
// prescribing (Dosage.timing) and reference ranges depend on; hand-compiled.
import { isJsonObject, report, type Invariant, type Walk } from './context.ts';

// tim-9: an offset is relative to an event, but not to a meal as a whole.
const MEALS = ['C', 'CM', 'CD', 'CV'];

function fail(walk: Walk, failed: boolean, expression: string, diagnostics: string): void {
  if (failed) report(walk, 'invariant', expression, diagnostics);
}

function negative(value: unknown): boolean {
  return typeof value === 'number' && value < 0;
}

const timingRepeat: Invariant = (walk, r, path) => {
  const when = Array.isArray(r.when) ? (r.when as unknown[]) : [];
  fail(
    walk,
    r.duration !== undefined && r.durationUnit === undefined,
    `${path}.durationUnit`,
    'a duration needs its unit (tim-1)',
  );
  fail(
    walk,
    r.period !== undefined && r.periodUnit === undefined,
    `${path}.periodUnit`,
    'a period needs its unit (tim-2)',
  );
  fail(
    walk,
    r.frequency !== undefined && when.length > 0,
    `${path}.when`,
    'frequency and when exclude each other (tim-3)',
  );
  fail(walk, negative(r.duration), `${path}.duration`, 'duration SHALL be non-negative (tim-4)');
  fail(walk, negative(r.period), `${path}.period`, 'period SHALL be non-negative (tim-5)');
  fail(
    walk,
    r.periodMax !== undefined && r.period === undefined,
    `${path}.period`,
    'periodMax needs a period (tim-6)',
  );
  fail(
    walk,
    r.durationMax !== undefined && r.duration === undefined,
    `${path}.duration`,
    'durationMax needs a duration (tim-7)',
  );
  fail(
    walk,
    r.countMax !== undefined && r.count === undefined,
    `${path}.count`,
    'countMax needs a count (tim-8)',
  );
  const badOffset =
    r.offset !== undefined && (when.length === 0 || when.some((w) => MEALS.includes(w as string)));
  fail(walk, badOffset, `${path}.offset`, 'an offset needs a when that is not a whole meal (tim-9)');
  fail(
    walk,
    r.timeOfDay !== undefined && when.length > 0,
    `${path}.timeOfDay`,
    'timeOfDay and when exclude each other (tim-10)',
  );
};

/** rng-2: if present, low SHALL have a lower value than high (compared only in the same unit). */
const range: Invariant = (walk, value, path) => {
  const { low, high } = value;
  if (!isJsonObject(low) || !isJsonObject(high)) return;
  if (typeof low.value !== 'number' || typeof high.value !== 'number') return;
  const sameUnit = low.system === high.system && low.code === high.code && low.unit === high.unit;
  fail(walk, sameUnit && low.value > high.value, path, 'low is above high (rng-2)');
};

/** rat-1: numerator and denominator both present, or both absent with an extension instead. */
const ratio: Invariant = (walk, value, path) => {
  const numerator = value.numerator !== undefined;
  const failed =
    numerator !== (value.denominator !== undefined) || (!numerator && value.extension === undefined);
  fail(walk, failed, path, 'a ratio has both numerator and denominator (rat-1)');
};

export const TIMING_INVARIANTS: Readonly<Record<string, Invariant>> = {
  'Timing.repeat': timingRepeat,
  Range: range,
  Ratio: ratio,
};
