import { describe, expect, it } from 'vitest';
import {
  accepted,
  refusal,
  refused,
  START,
  TIME,
  TIME_MS,
  hr,
  toOmhBody,
  toOmhDataPoint,
} from './payloads.fixtures.ts';

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
