import { outcomeKind } from '@hearth/fhir';
import { describe, expect, it } from 'vitest';
import {
  accepted,
  FORMATS,
  hr,
  NOW,
  refusal,
  refused,
  START,
  TIME,
  TIME_MS,
  toHearth,
  type LogicalReading,
} from './payloads.fixtures.ts';
import {
  MAX_LISTED_ISSUES,
  MAX_READINGS_PER_BATCH,
  parseReadingsPayload,
  readingIssuesMessage,
  readingIssuesOutcome,
  type ReadingIssue,
} from './payloads.ts';
import type { NormalizedReading } from './types.ts';

// Every kind, its conversion where there is one, the LOINC code and canonical UCUM unit (types.ts). Expected
// values are computed by hand (see units.test.ts for the arithmetic).
const CONFORMANCE: { name: string; reading: LogicalReading; expected: Partial<NormalizedReading> }[] = [
  { name: 'heart rate', reading: hr(), expected: { code: '8867-4', unit: '/min', value: 72 } },
  {
    name: 'blood pressure',
    reading: { kind: 'blood-pressure', systolic: 120, diastolic: 80, unit: 'mmHg', time: TIME },
    expected: {
      code: '85354-9',
      unit: 'mm[Hg]',
      components: [
        { code: '8480-6', value: 120, unit: 'mm[Hg]' },
        { code: '8462-4', value: 80, unit: 'mm[Hg]' },
      ],
    },
  },
  {
    name: 'body weight in kg',
    reading: { kind: 'body-weight', value: 70.4, unit: 'kg', time: TIME },
    expected: { code: '29463-7', unit: 'kg', value: 70.4 },
  },
  {
    name: 'body weight in lb → kg (150 × 0.45359237)',
    reading: { kind: 'body-weight', value: 150, unit: 'lb', time: TIME },
    expected: { code: '29463-7', unit: 'kg', value: 68.0388555 },
  },
  {
    name: 'oxygen saturation',
    reading: { kind: 'oxygen-saturation', value: 96, unit: '%', time: TIME },
    expected: { code: '59408-5', unit: '%', value: 96 },
  },
  {
    name: 'body temperature in C',
    reading: { kind: 'body-temperature', value: 38.2, unit: 'C', time: TIME },
    expected: { code: '8310-5', unit: 'Cel', value: 38.2 },
  },
  {
    name: 'body temperature in F → Cel ((101.3 − 32) × 5/9)',
    reading: { kind: 'body-temperature', value: 101.3, unit: 'F', time: TIME },
    expected: { code: '8310-5', unit: 'Cel', value: 38.5 },
  },
  {
    name: 'body temperature in K → Cel (310.15 − 273.15)',
    reading: { kind: 'body-temperature', value: 310.15, unit: 'K', time: TIME },
    expected: { code: '8310-5', unit: 'Cel', value: 37 },
  },
  {
    name: 'respiratory rate',
    reading: { kind: 'respiratory-rate', value: 18, unit: 'breaths/min', time: TIME },
    expected: { code: '9279-1', unit: '/min', value: 18 },
  },
  {
    name: 'blood glucose in mg/dL',
    reading: { kind: 'blood-glucose', value: 126, unit: 'mg/dL', time: TIME },
    expected: { code: '2339-0', unit: 'mg/dL', value: 126 },
  },
  {
    name: 'blood glucose in mmol/L → mg/dL (5.5 × 180.156 / 10)',
    reading: { kind: 'blood-glucose', value: 5.5, unit: 'mmol/L', time: TIME },
    expected: { code: '2339-0', unit: 'mg/dL', value: 99.0858 },
  },
  {
    name: 'step count over an interval',
    reading: { kind: 'step-count', value: 1200, unit: 'steps', time: TIME, start: START },
    expected: { code: '55423-8', unit: '{steps}', value: 1200, startMs: Date.parse(START) },
  },
];

describe.each(Object.entries(FORMATS))('%s', (_format, write) => {
  it.each(CONFORMANCE)('accepts $name', ({ reading, expected }) => {
    const [normalized, ...rest] = accepted(write(reading));
    expect(rest).toEqual([]);
    expect(normalized).toEqual({ kind: reading.kind, timeMs: TIME_MS, ...expected });
  });

  it('accepts an array of every kind, in order', () => {
    const readings = accepted(CONFORMANCE.map((c) => write(c.reading)));
    expect(readings.map((r) => r.kind)).toEqual(CONFORMANCE.map((c) => c.reading.kind));
  });

  it('refuses a whole array when one reading is bad, naming it', () => {
    const issue = refusal([write(hr()), write(hr({ value: 400 })), write(hr())]);
    expect(issue.index).toBe(1);
    expect(issue.path).toMatch(/^\[1\]\.(value|body\.heart_rate\.value|heart_rate\.value)$/);
    expect(issue.message).toContain('outside the plausible range 1–300 /min');
  });

  it('refuses a value outside the plausible range, showing the converted value when there was a conversion', () => {
    const issue = refusal(write({ kind: 'body-temperature', value: 98.6, unit: 'C', time: TIME }));
    expect(issue.message).toBe(
      'body temperature 98.6 C is outside the plausible range 25–45 Cel; check the unit and the sensor',
    );
    const lb = refusal(write({ kind: 'body-weight', value: 2000, unit: 'lb', time: TIME }));
    expect(lb.message).toContain('body weight 2000 lb (907.18474 kg) is outside the plausible range');
  });

  it('refuses blood pressure with systolic not above diastolic', () => {
    const issue = refusal(
      write({ kind: 'blood-pressure', systolic: 80, diastolic: 120, unit: 'mmHg', time: TIME }),
    );
    expect(issue.path).toMatch(/diastolic/);
    expect(issue.message).toBe(
      'diastolic 120 mm[Hg] is not below systolic 80 mm[Hg]; check that the two are not swapped',
    );
  });

  it('refuses blood pressure without a diastolic value', () => {
    const issue = refusal(write({ kind: 'blood-pressure', systolic: 120, unit: 'mmHg', time: TIME }));
    expect(issue.path).toMatch(/diastolic/);
    expect(issue.message).toMatch(/required/);
  });

  it('refuses a unit of another kind, listing the accepted ones', () => {
    const issue = refusal(write(hr({ unit: 'kg' })));
    expect(issue.path).toMatch(/unit$/);
    expect(issue.message).toBe(
      'the string "kg" is not a heart rate unit; use one of /min, {beats}/min, beats/min (case matters)',
    );
  });

  it('refuses a value sent as a string, saying to drop the quotes', () => {
    const issue = refusal(write(hr({ value: '72' as unknown as number })));
    expect(issue.message).toBe('must be a JSON number, not the string "72"; send 72 without quotes');
  });

  it('refuses a missing, NaN or non-numeric value', () => {
    expect(refusal(write(hr({ value: undefined }))).message).toMatch(
      /is required: the heart rate as a number/,
    );
    expect(refusal(write(hr({ value: Number.NaN }))).message).toBe('must be a finite number; got NaN');
    expect(refusal(write(hr({ value: 'fast' as unknown as number }))).message).toBe(
      'must be the heart rate as a number; got the string "fast"',
    );
  });

  it('refuses a time without a zone, an invalid date, and a time in the future', () => {
    expect(refusal(write(hr({ time: '2026-11-23T08:00:00' }))).message).toBe(
      '"2026-11-23T08:00:00" has no time zone; add Z for UTC or an offset such as +01:00, e.g. "2026-11-23T08:00:00Z"',
    );
    expect(refusal(write(hr({ time: '2026-02-30T08:00:00Z' }))).message).toMatch(/is not a valid date-time/);
    expect(refusal(write(hr({ time: '2026-11-23T12:10:00Z' }))).message).toBe(
      '"2026-11-23T12:10:00Z" is 600 s in the future (server time 2026-11-23T12:00:00.000Z); set the device clock',
    );
    expect(refusal(write(hr({ time: '1970-01-01T00:00:00Z' }))).message).toMatch(/clock looks unset/);
  });

  it('refuses unknown fields instead of ignoring them', () => {
    const issue = refusal({ ...write(hr()), colour: 'red' });
    expect(issue.path).toBe('colour');
    expect(issue.message).toMatch(/^unknown field "colour": .* has .*; remove it$/);
  });
});

describe('the payload as a whole', () => {
  it.each([
    ['a string', 'hello', 'the string "hello"'],
    ['a number', 42, 'the number 42'],
    ['null', null, 'null'],
    ['a boolean', true, 'true'],
  ])('refuses %s', (_name, body, got) => {
    expect(refusal(body)).toEqual({
      index: -1,
      path: '',
      message:
        'The payload must be a Hearth reading {"type", "value", "unit", "time"} or an Open mHealth data point ' +
        `({"header", "body"} or a body), or an array of them; got ${got}`,
    });
  });

  it('refuses an empty array and one of more than MAX_READINGS_PER_BATCH', () => {
    expect(refusal([]).message).toBe('The array is empty; send at least one reading');
    const many = Array.from({ length: MAX_READINGS_PER_BATCH + 1 }, () => toHearth(hr()));
    expect(refusal(many).message).toBe(`10001 readings in one payload; send at most 10000 at a time`);
    expect(accepted(many.slice(1))).toHaveLength(MAX_READINGS_PER_BATCH);
  });

  it('refuses the holes of a sparse array (built in-process) like any non-object', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(refusal([, toHearth(hr())])).toMatchObject({
      index: 0,
      path: '[0]',
      message: expect.stringMatching(/got nothing$/),
    });
  });

  it('refuses an array element that is not an object', () => {
    expect(refusal([toHearth(hr()), 'x'])).toMatchObject({ index: 1, path: '[1]' });
  });

  it('lists at most MAX_LISTED_ISSUES problems and counts the rest', () => {
    const issues = refused(Array.from({ length: 80 }, () => ({ type: 'heart-rate' })));
    expect(issues).toHaveLength(MAX_LISTED_ISSUES + 1);
    // 80 readings × 3 problems (unit, value, time) = 240; 190 not listed.
    expect(issues.at(-1)).toEqual({
      index: -1,
      path: '',
      message: 'and 190 more problems; fix these and send again',
    });
  });

  it('decodes raw bytes: UTF-8 JSON, else says what is wrong', () => {
    const bytes = new TextEncoder().encode(JSON.stringify([toHearth(hr())]));
    expect(parseReadingsPayload(bytes, { nowMs: NOW })).toMatchObject({
      ok: true,
      readings: [{ value: 72 }],
    });
    const notJson = parseReadingsPayload('{"type": ', { nowMs: NOW });
    expect(notJson.ok ? [] : notJson.issues[0]!.message).toMatch(/^The payload is not valid JSON \(/);
    const notUtf8 = parseReadingsPayload(new Uint8Array([0x7b, 0xff, 0x7d]), { nowMs: NOW });
    expect(notUtf8.ok ? [] : notUtf8.issues[0]!.message).toBe(
      'The payload is not UTF-8 text; send JSON encoded as UTF-8',
    );
  });
});

describe('answers to the sender', () => {
  const issues = refused([toHearth(hr()), toHearth(hr({ value: 0 })), 5]);

  it('is a 400 OperationOutcome with one issue per problem and its path as expression', () => {
    const outcome = readingIssuesOutcome(issues);
    expect(outcomeKind(outcome)).toBe('bad-request');
    expect(outcome.issue).toHaveLength(2);
    expect(outcome.issue[0]).toMatchObject({
      severity: 'error',
      code: 'invalid',
      expression: ['[1].value'],
      diagnostics:
        '[1].value: heart rate 0 beats/min is outside the plausible range 1–300 /min; ' +
        'check the unit and the sensor',
    });
    expect(outcome.issue[1]!.expression).toEqual(['[2]']);
  });

  it('leaves out the expression of a problem with the payload as a whole', () => {
    const outcome = readingIssuesOutcome(refused([]));
    expect(outcome.issue[0]!.expression).toBeUndefined();
    expect(outcome.issue[0]!.diagnostics).toBe('The array is empty; send at least one reading');
  });

  it('is JSON {error, issues} for the MQTT errors topic', () => {
    const message = JSON.parse(readingIssuesMessage(issues)) as { error: string; issues: ReadingIssue[] };
    expect(message.error).toBe('The payload was refused and nothing of it was stored; see issues');
    expect(message.issues).toEqual(issues);
  });
});
