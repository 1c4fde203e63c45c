import { describe, expect, it } from 'vitest';
import { accepted, refusal, refused, START, TIME, TIME_MS, hr, toHearth } from './payloads.fixtures.ts';

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
