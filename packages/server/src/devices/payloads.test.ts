import { outcomeKind } from '@hearth/fhir';
import { describe, expect, it } from 'vitest';
import {
  FORMATS,
  NOW,
  TIME,
  TIME_MS,
  toHearth,
  toOmhBody,
  toOmhDataPoint,
  type LogicalReading,
} from './payloads.fixtures.ts';
import {
  MAX_LISTED_ISSUES,
  MAX_READINGS_PER_BATCH,
  parseReadings,
  parseReadingsPayload,
  readingIssuesMessage,
  readingIssuesOutcome,
  type ReadingIssue,
} from './payloads.ts';
import type { NormalizedReading } from './types.ts';

function accepted(body: unknown): NormalizedReading[] {
  const result = parseReadings(body, { nowMs: NOW });
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.readings;
}

function refused(body: unknown): ReadingIssue[] {
  const result = parseReadings(body, { nowMs: NOW });
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.readings)}`);
  return result.issues;
}

/** The single issue of a refused payload. */
function refusal(body: unknown): ReadingIssue {
  const issues = refused(body);
  expect(issues, JSON.stringify(issues)).toHaveLength(1);
  return issues[0]!;
}

const START = '2026-11-23T07:00:00Z';
const hr = (over: Partial<LogicalReading> = {}): LogicalReading => ({
  kind: 'heart-rate',
  value: 72,
  unit: 'beats/min',
  time: TIME,
  ...over,
});

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

describe('Hearth JSON', () => {
  it('accepts UCUM spellings and time offsets, filing the instant in UTC', () => {
    const [r] = accepted({
      type: 'heart-rate',
      value: 60,
      unit: '/min',
      time: '2026-11-23T09:30:00.250+01:30',
    });
    expect(r!.timeMs).toBe(Date.parse('2026-11-23T08:00:00.250Z'));
    const [t] = accepted({ type: 'body-temperature', value: 98.6, unit: '[degF]', time: TIME });
    expect(t!.value).toBe(37);
  });

  it('accepts a time up to five minutes ahead of the server (clock skew)', () => {
    expect(accepted(toHearth(hr({ time: '2026-11-23T12:04:59Z' })))).toHaveLength(1);
  });

  it('accepts a step count without a start (its time is the end of the count)', () => {
    const [r] = accepted({ type: 'step-count', value: 10, unit: '{steps}', time: TIME });
    expect(r).toEqual({ kind: 'step-count', code: '55423-8', unit: '{steps}', value: 10, timeMs: TIME_MS });
  });

  it('refuses an unknown type, listing the known ones', () => {
    const issue = refusal({ type: 'blood-sugar', value: 5, unit: 'mmol/L', time: TIME });
    expect(issue).toEqual({
      index: 0,
      path: 'type',
      message:
        'the string "blood-sugar" is not a reading type; use one of heart-rate, blood-pressure, body-weight, ' +
        'oxygen-saturation, body-temperature, respiratory-rate, blood-glucose, step-count',
    });
  });

  it('refuses a missing unit or time with what to send', () => {
    expect(refusal({ type: 'heart-rate', value: 72, time: TIME })).toEqual({
      index: 0,
      path: 'unit',
      message: 'unit is required for heart rate: one of /min, {beats}/min, beats/min',
    });
    expect(refusal({ type: 'heart-rate', value: 72, unit: '/min' })).toEqual({
      index: 0,
      path: 'time',
      message: 'time is required: an RFC 3339 date-time with a zone, e.g. "2026-11-23T08:00:00Z"',
    });
  });

  it('refuses a time that is not a string or is not a date', () => {
    expect(refusal(toHearth(hr({ time: 1_700_000_000_000 as unknown as string }))).message).toMatch(
      /must be an RFC 3339 date-time string with a zone.*got the number 1700000000000/,
    );
    expect(refusal(toHearth(hr({ time: 'yesterday' }))).message).toMatch(
      /"yesterday" is not a valid date-time/,
    );
    expect(refusal(toHearth(hr({ time: '2026-11-23T24:00:00Z' }))).message).toMatch(/not a valid date-time/);
    expect(refusal(toHearth(hr({ time: '2026-11-23T08:00:00+15:00' }))).message).toMatch(
      /not a valid date-time/,
    );
  });

  it('refuses a step count that is not whole, negative, or starts after it ends', () => {
    expect(refusal({ type: 'step-count', value: 12.5, unit: 'steps', time: TIME }).message).toBe(
      'must be a whole number of steps; got 12.5',
    );
    expect(refusal({ type: 'step-count', value: -3, unit: 'steps', time: TIME }).message).toMatch(
      /plausible range 0–/,
    );
    const issue = refusal({ type: 'step-count', value: 3, unit: 'steps', start: TIME, time: START });
    expect(issue.path).toBe('start');
    expect(issue.message).toMatch(/must be before time/);
  });

  it('refuses a start on kinds that are not interval counts', () => {
    expect(refusal({ ...toHearth(hr()), start: START }).path).toBe('start');
  });

  it('reports every problem of every reading, with index and path', () => {
    const issues = refused([
      { type: 'heart-rate', value: 72, unit: '/min', time: TIME },
      { type: 'heart-rate', value: '72', unit: 'bpm', time: '08:00' },
    ]);
    expect(issues.map((i) => [i.index, i.path])).toEqual([
      [1, '[1].unit'],
      [1, '[1].value'],
      [1, '[1].time'],
    ]);
  });
});

describe('Open mHealth', () => {
  it('accepts every schema version it names, and the 1.x bare-number step count', () => {
    for (const version of ['1.0', '1.1', '2.0']) {
      expect(accepted(toOmhDataPoint(hr(), version))[0]!.value).toBe(72);
    }
    const [steps] = accepted({
      step_count: 5000,
      effective_time_frame: { time_interval: { start_date_time: START, end_date_time: TIME } },
    });
    expect(steps).toMatchObject({ value: 5000, startMs: Date.parse(START), timeMs: TIME_MS });
  });

  it('accepts the optional context fields the schemas define', () => {
    const body = { ...toOmhBody(hr()), descriptive_statistic: 'average', user_notes: 'after stairs' };
    expect(accepted(body)).toHaveLength(1);
    const bp = toOmhBody({ kind: 'blood-pressure', systolic: 130, diastolic: 85, unit: 'mmHg', time: TIME });
    expect(accepted({ ...bp, body_posture: 'sitting', position_during_measurement: 'sitting' })).toHaveLength(
      1,
    );
  });

  it('files a measure over an interval at its end; start or end with a duration work too', () => {
    const frames = [
      { time_interval: { start_date_time: START, end_date_time: TIME } },
      { time_interval: { start_date_time: START, duration: { value: 60, unit: 'min' } } },
      { time_interval: { end_date_time: TIME, duration: { value: 1, unit: 'h' } } },
    ];
    for (const effective_time_frame of frames) {
      const [r] = accepted({ heart_rate: { value: 64, unit: 'beats/min' }, effective_time_frame });
      expect(r).toEqual({ kind: 'heart-rate', code: '8867-4', unit: '/min', value: 64, timeMs: TIME_MS });
      const [s] = accepted({ step_count: { value: 9, unit: 'steps' }, effective_time_frame });
      expect(s).toMatchObject({ timeMs: TIME_MS, startMs: Date.parse(START) });
    }
  });

  it('keeps interval times in whole milliseconds, refusing a duration shorter than one', () => {
    const frame = { time_interval: { end_date_time: TIME, duration: { value: 1.2345, unit: 'sec' } } };
    const [r] = accepted({ step_count: 3, effective_time_frame: frame });
    expect(r).toMatchObject({ timeMs: TIME_MS, startMs: TIME_MS - 1235 });
    const tiny = { time_interval: { end_date_time: TIME, duration: { value: 100, unit: 'us' } } };
    expect(refusal({ step_count: 3, effective_time_frame: tiny })).toMatchObject({
      path: 'effective_time_frame.time_interval.duration.value',
      message: 'is shorter than a millisecond; send a longer interval or a date_time',
    });
  });

  it('refuses a data point of a schema Hearth does not accept', () => {
    const point = toOmhDataPoint(hr());
    const header = point.header as { schema_id: Record<string, unknown> };
    header.schema_id.name = 'sleep-duration';
    expect(refusal(point)).toEqual({
      index: 0,
      path: 'header.schema_id.name',
      message:
        'the string "sleep-duration" is not a schema Hearth accepts; use one of heart-rate, blood-pressure, ' +
        'body-weight, oxygen-saturation, body-temperature, respiratory-rate, blood-glucose, step-count',
    });
  });

  it('refuses another namespace, an unknown version and a missing schema_id', () => {
    const withId = (schema_id: unknown): unknown => ({ header: { schema_id }, body: toOmhBody(hr()) });
    expect(refusal(withId({ namespace: 'acme', name: 'heart-rate', version: '1.0' })).path).toBe(
      'header.schema_id.namespace',
    );
    expect(refusal(withId({ namespace: 'omh', name: 'heart-rate', version: '9.0' }))).toEqual({
      index: 0,
      path: 'header.schema_id.version',
      message:
        'the string "9.0": Hearth accepts omh:heart-rate versions 1.x, 2.x ("major.minor", e.g. "2.0")',
    });
    expect(refusal(withId(undefined)).path).toBe('header.schema_id');
    expect(refusal({ header: 'omh', body: toOmhBody(hr()) }).path).toBe('header');
  });

  it('refuses a data point whose body is of another schema than its header says', () => {
    const point = toOmhDataPoint(hr());
    (point.header as { schema_id: Record<string, unknown> }).schema_id.name = 'body-weight';
    const issues = refused(point);
    expect(issues.map((i) => i.path)).toEqual(['body.heart_rate', 'body.body_weight']);
    expect(issues[1]!.message).toBe('is required: the body weight as {"value": …, "unit": "kg"}');
  });

  it('refuses junk beside header and body, in the body and in a unit value', () => {
    expect(refusal({ ...toOmhDataPoint(hr()), extra: 1 }).path).toBe('extra');
    const point = toOmhDataPoint(hr());
    (point.body as Record<string, unknown>).mood = 'fine';
    expect(refusal(point)).toMatchObject({
      path: 'body.mood',
      message: expect.stringMatching(/^unknown field "mood"/),
    });
    const body = { ...toOmhBody(hr()), heart_rate: { value: 72, unit: 'beats/min', colour: 'red' } };
    expect(refusal(body).path).toBe('heart_rate.colour');
  });

  it('refuses a body with no known measure, or with two', () => {
    expect(refusal({ sleep_duration: { value: 8, unit: 'h' } }).message).toMatch(
      /is neither a Hearth reading/,
    );
    const two = { ...toOmhBody(hr()), body_weight: { value: 70, unit: 'kg' } };
    expect(refusal(two).message).toBe('carries more than one measure; send one data point per measure');
  });

  it('refuses a missing, double or vague time frame', () => {
    const measure = { heart_rate: { value: 72, unit: 'beats/min' } };
    expect(refusal(measure)).toMatchObject({
      path: 'effective_time_frame',
      message: expect.stringMatching(/^effective_time_frame is required/),
    });
    const both = { date_time: TIME, time_interval: { start_date_time: START, end_date_time: TIME } };
    expect(refusal({ ...measure, effective_time_frame: both }).message).toMatch(
      /has both date_time and time_interval/,
    );
    const vague = { time_interval: { date: '2026-11-23', part_of_day: 'morning' } };
    expect(refusal({ ...measure, effective_time_frame: vague }).message).toMatch(/too vague/);
    const backwards = { time_interval: { start_date_time: TIME, end_date_time: START } };
    expect(refusal({ ...measure, effective_time_frame: backwards })).toMatchObject({
      path: 'effective_time_frame.time_interval.end_date_time',
      message: expect.stringMatching(/must be after start_date_time/),
    });
    const badDuration = {
      time_interval: { start_date_time: START, duration: { value: 1, unit: 'fortnight' } },
    };
    expect(refusal({ ...measure, effective_time_frame: badDuration }).path).toBe(
      'effective_time_frame.time_interval.duration.unit',
    );
    const ancient = { time_interval: { end_date_time: TIME, duration: { value: 100, unit: 'yr' } } };
    expect(refusal({ ...measure, effective_time_frame: ancient }).message).toMatch(
      /reaches back before the year 2000/,
    );
    const future = { time_interval: { start_date_time: TIME, duration: { value: 1, unit: 'd' } } };
    expect(refusal({ ...measure, effective_time_frame: future }).message).toMatch(/ends in the future/);
  });

  it('refuses a measure that is not a unit value', () => {
    expect(refusal({ heart_rate: 72, effective_time_frame: { date_time: TIME } })).toEqual({
      index: 0,
      path: 'heart_rate',
      message: 'must be {"value": …, "unit": "beats/min"}; got the number 72',
    });
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
