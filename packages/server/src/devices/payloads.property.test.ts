import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS, NOW, type LogicalReading } from './payloads.fixtures.ts';
import { KINDS, READING_KINDS } from './payloads-kinds.ts';
import { EARLIEST_READING_MS, instantMs, MAX_CLOCK_SKEW_MS } from './payloads-time.ts';
import { parseReadings, parseReadingsPayload, type ParseReadingsResult } from './payloads.ts';
import type { NormalizedReading, ReadingKind } from './types.ts';

const parse = (body: unknown): ParseReadingsResult => parseReadings(body, { nowMs: NOW });

/** An RFC 3339 rendering of `ms` at a zone offset of `offsetMinutes` (±14:00 at most). */
function rfc3339(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${sign}${zone}`;
}

const instant = fc.integer({ min: EARLIEST_READING_MS, max: NOW + MAX_CLOCK_SKEW_MS });
const offset = fc.integer({ min: -56, max: 56 }).map((quarters) => quarters * 15);

/** A value of the kind in its canonical unit, anywhere in the plausible range. */
function value(kind: ReadingKind): fc.Arbitrary<number> {
  const { min, max, integer } = KINDS[kind];
  return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

interface Case {
  logical: LogicalReading;
  expected: NormalizedReading;
}

/** A valid reading in canonical units, and what parsing must make of it. */
const validCase: fc.Arbitrary<Case> = fc
  .record({
    kind: fc.constantFrom(...READING_KINDS),
    timeMs: instant,
    zone: offset,
    lengthMs: fc.option(fc.integer({ min: 1, max: 86_400_000 }), { nil: undefined }),
  })
  .chain(({ kind, timeMs, zone, lengthMs }) => {
    const spec = KINDS[kind];
    const time = rfc3339(timeMs, zone);
    const base = { kind, code: spec.code, unit: spec.unit, timeMs };
    if (kind === 'blood-pressure') {
      return fc
        .tuple(value(kind), value(kind))
        .filter(([a, b]) => a !== b)
        .map(([a, b]): Case => {
          const [systolic, diastolic] = a > b ? [a, b] : [b, a];
          const components = [
            { code: '8480-6', value: systolic, unit: 'mm[Hg]' },
            { code: '8462-4', value: diastolic, unit: 'mm[Hg]' },
          ];
          return {
            logical: { kind, systolic, diastolic, unit: spec.unit, time },
            expected: { ...base, components },
          };
        });
    }
    // A start before 2000 is refused like any time before 2000 (payloads.test.ts); keep generated ones after it.
    const start =
      kind === 'step-count' && lengthMs !== undefined && timeMs - lengthMs >= EARLIEST_READING_MS
        ? timeMs - lengthMs
        : undefined;
    return value(kind).map((v): Case => ({
      logical: {
        kind,
        value: v,
        unit: spec.unit,
        time,
        ...(start !== undefined ? { start: rfc3339(start, zone) } : {}),
      },
      expected: { ...base, value: v, ...(start !== undefined ? { startMs: start } : {}) },
    }));
  });

describe('any valid reading round-trips', () => {
  it.each(Object.entries(FORMATS))('in %s', (_format, write) => {
    fc.assert(
      fc.property(fc.array(validCase, { minLength: 1, maxLength: 20 }), (cases) => {
        const result = parse(cases.map((c) => write(c.logical)));
        expect(result).toEqual({ ok: true, readings: cases.map((c) => c.expected) });
      }),
      { numRuns: 200 },
    );
  });

  it('through a unit conversion, agreeing with the hand formula to rounding', () => {
    const converted = fc.oneof(
      fc.double({ min: 1, max: 1400, noNaN: true }).map((lb) => ({
        reading: { type: 'body-weight', value: lb, unit: 'lb' },
        canonical: lb * 0.45359237,
      })),
      fc.double({ min: 77, max: 113, noNaN: true }).map((f) => ({
        reading: { type: 'body-temperature', value: f, unit: 'F' },
        canonical: ((f - 32) * 5) / 9,
      })),
      fc.double({ min: 0.6, max: 80, noNaN: true }).map((mmol) => ({
        reading: { type: 'blood-glucose', value: mmol, unit: 'mmol/L' },
        canonical: (mmol * 180.156) / 10,
      })),
    );
    fc.assert(
      fc.property(converted, instant, ({ reading, canonical }, timeMs) => {
        const result = parse({ ...reading, time: new Date(timeMs).toISOString() });
        if (!result.ok) {
          // Only a value that lands on the edge of the plausible range after conversion may be refused.
          const spec = KINDS[reading.type as ReadingKind];
          expect(canonical < spec.min + 1e-6 || canonical > spec.max - 1e-6).toBe(true);
          return;
        }
        // units.ts roundNoise: nine decimals (±5e-10) and 12 significant digits (relative ±5e-12).
        expect(Math.abs(result.readings[0]!.value! - canonical)).toBeLessThanOrEqual(
          6e-10 + 1e-11 * canonical,
        );
      }),
      { numRuns: 300 },
    );
  });
});

/** Invariants of whatever parsing accepts or refuses. */
function checkResult(result: ParseReadingsResult): void {
  if (!result.ok) {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(issue.message.length).toBeGreaterThan(10);
      expect(Number.isInteger(issue.index)).toBe(true);
      expect(typeof issue.path).toBe('string');
    }
    return;
  }
  for (const r of result.readings) {
    const spec = KINDS[r.kind];
    expect(r.code).toBe(spec.code);
    expect(r.unit).toBe(spec.unit);
    // Whole milliseconds: the store keeps times as integers.
    expect(Number.isSafeInteger(r.timeMs)).toBe(true);
    if (r.startMs !== undefined) expect(Number.isSafeInteger(r.startMs)).toBe(true);
    expect(r.timeMs).toBeGreaterThanOrEqual(EARLIEST_READING_MS);
    expect(r.timeMs).toBeLessThanOrEqual(NOW + MAX_CLOCK_SKEW_MS);
    const values = r.components ? r.components.map((c) => c.value) : [r.value!];
    for (const v of values) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(spec.min);
      expect(v).toBeLessThanOrEqual(spec.max);
    }
    if (r.components) expect(r.components[0]!.value).toBeGreaterThan(r.components[1]!.value);
    if (r.startMs !== undefined) expect(r.startMs).toBeLessThan(r.timeMs);
  }
}

describe('garbage never throws and is always refused', () => {
  it('any value at all', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withNullPrototype: true,
          withTypedArray: true,
          withSparseArray: true,
        }),
        (junk) => {
          const result = parse(junk);
          checkResult(result);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('any JSON text or bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.uint8Array()), (payload) => {
        const result = parseReadingsPayload(payload, { nowMs: NOW });
        checkResult(result);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('objects that look like readings: a type, a schema id or a measure, with junk everywhere else', () => {
    const looksLike = fc.oneof(
      fc.dictionary(fc.constantFrom('type', 'value', 'unit', 'time', 'systolic', 'start'), fc.jsonValue()),
      fc.record({ header: fc.jsonValue(), body: fc.jsonValue() }),
      fc.dictionary(
        fc.constantFrom('heart_rate', 'step_count', 'effective_time_frame', 'body_weight'),
        fc.jsonValue(),
      ),
    );
    fc.assert(
      fc.property(looksLike, (junk) => {
        checkResult(parse(junk));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('RFC 3339 times', () => {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  it('are read as Date.parse reads them, and a date that does not exist is refused', () => {
    const parts = fc.record({
      year: fc.integer({ min: 1900, max: 2400 }),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 24 }),
      minute: fc.integer({ min: 0, max: 60 }),
      second: fc.integer({ min: 0, max: 60 }),
      ms: fc.integer({ min: 0, max: 999 }),
      zone: fc.constantFrom('Z', '+00:00', '+05:30', '-08:00', '+14:00', '-12:45'),
    });
    fc.assert(
      fc.property(parts, ({ year, month, day, hour, minute, second, ms, zone }) => {
        const text = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}${zone}`;
        const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
        const exists =
          month >= 1 &&
          utc.getUTCMonth() === month - 1 &&
          utc.getUTCDate() === day &&
          hour < 24 &&
          minute < 60 &&
          second < 60;
        expect(instantMs(text)).toBe(exists ? Date.parse(text) : undefined);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Open mHealth intervals', () => {
  it('any start/end/duration combination is refused or gives a whole-millisecond interval that has ended', () => {
    const unit = fc.constantFrom('ps', 'ns', 'us', 'ms', 'sec', 'min', 'h', 'd', 'wk', 'Mo', 'yr');
    const duration = fc.record({ value: fc.double({ min: -10, max: 1e7, noNaN: true }), unit });
    const interval = fc.record(
      {
        start_date_time: instant.map((ms) => new Date(ms).toISOString()),
        end_date_time: instant.map((ms) => new Date(ms).toISOString()),
        duration,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(interval, (time_interval) => {
        checkResult(parse({ step_count: 10, effective_time_frame: { time_interval } }));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a valid reading with one field replaced by anything', () => {
  it.each(Object.entries(FORMATS))(
    'in %s: never throws; what is accepted is plausible and well-formed',
    (_f, write) => {
      const mutated = fc
        .tuple(validCase, fc.nat(), fc.jsonValue(), fc.boolean())
        .map(([c, pick, replacement, deep]) => {
          const body = structuredClone(write(c.logical));
          // Replace a top-level field, or a field one level down (OMH nesting), or add a new one.
          let target: Record<string, unknown> = body;
          const keys = Object.keys(target);
          const key = keys[pick % keys.length]!;
          const inner = target[key];
          if (deep && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
            target = inner as Record<string, unknown>;
          }
          const innerKeys = [...Object.keys(target), 'surprise'];
          target[innerKeys[pick % innerKeys.length]!] = replacement;
          return body;
        });
      fc.assert(
        fc.property(mutated, (body) => {
          checkResult(parse(body));
        }),
        { numRuns: 1000 },
      );
    },
  );
});
