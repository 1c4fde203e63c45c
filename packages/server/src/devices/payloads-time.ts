// Reading times: RFC 3339 date-times with a zone, and Open mHealth time frames (omh:time-frame-1.0,
// omh:time-interval-1.0). omh:date-time-1.0 assumes UTC when the zone is missing; Hearth takes the strict
// reading and refuses a zone-less time, because a device in another zone would silently file its readings
// hours off.
import {
  describe,
  isObject,
  joinPath,
  report,
  reportUnknownFields,
  type ReadingContext,
} from './payloads-issues.ts';
import { convertUnit } from './units.ts';

/** How far ahead of the server's clock a reading may be (device clocks drift). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Readings before this are a device whose clock was never set (it boots at 1970 or 2000). */
export const EARLIEST_READING_MS = Date.UTC(2000, 0, 1, 0, 0, 1);

const EXAMPLE = '2026-11-23T08:00:00Z';
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;
const ZONELESS = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export interface ReadingTime {
  /** The effective instant (an interval's end). */
  timeMs: number;
  /** An interval's start. */
  startMs?: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Milliseconds since the epoch of an RFC 3339 date-time with a zone, or undefined when it is not one. */
export function instantMs(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  // Field by field rather than Date.parse: this runs once per reading, tens of thousands of times a second.
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = +m[6]!;
  const fraction = m[7];
  const ms = fraction === undefined ? 0 : +fraction.padEnd(3, '0').slice(0, 3);
  // A calendar date that does not exist (2026-02-30) is refused, not rolled over into the next month.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const zone = m[8]!;
  if (zone === 'Z' || zone === 'z') return local;
  const zh = +zone.slice(1, 3);
  const zm = +zone.slice(4, 6);
  if (zh > 14 || zm > 59) return undefined;
  return local - (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm) * 60_000;
}

/** Parses the date-time at `field`; reports why it is unusable. */
export function parseInstant(ctx: ReadingContext, field: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === null) {
    report(
      ctx,
      field,
      `${field || 'time'} is required: an RFC 3339 date-time with a zone, e.g. "${EXAMPLE}"`,
    );
    return undefined;
  }
  if (typeof raw !== 'string') {
    report(
      ctx,
      field,
      `must be an RFC 3339 date-time string with a zone, e.g. "${EXAMPLE}"; got ${describe(raw)}`,
    );
    return undefined;
  }
  const ms = instantMs(raw);
  if (ms === undefined) {
    report(
      ctx,
      field,
      ZONELESS.test(raw)
        ? `"${raw}" has no time zone; add Z for UTC or an offset such as +01:00, e.g. "${EXAMPLE}"`
        : `"${raw.slice(0, 40)}" is not a valid date-time; send RFC 3339 with seconds and a zone, e.g. "${EXAMPLE}"`,
    );
    return undefined;
  }
  if (ms > ctx.nowMs + MAX_CLOCK_SKEW_MS) {
    const ahead = Math.round((ms - ctx.nowMs) / 1000);
    report(
      ctx,
      field,
      `"${raw}" is ${ahead} s in the future (server time ${new Date(ctx.nowMs).toISOString()}); set the device clock`,
    );
    return undefined;
  }
  if (ms < EARLIEST_READING_MS) {
    report(
      ctx,
      field,
      `"${raw}" is before the year 2000; the device clock looks unset, set it and send again`,
    );
    return undefined;
  }
  return ms;
}

// omh:duration-unit-value-1.0 unit enum → UCUM ("The valid UCUM code is different for second (s), month (mo)
// and year (a)").
const DURATION_UNITS: Readonly<Record<string, string>> = {
  ps: 'ps',
  ns: 'ns',
  us: 'us',
  ms: 'ms',
  sec: 's',
  min: 'min',
  h: 'h',
  d: 'd',
  wk: 'wk',
  Mo: 'mo',
  yr: 'a',
};

function parseDuration(ctx: ReadingContext, field: string, raw: unknown): number | undefined {
  const units = Object.keys(DURATION_UNITS).join(', ');
  if (!isObject(raw)) {
    report(
      ctx,
      field,
      `must be an object {"value": 15, "unit": "min"} (unit one of ${units}); got ${describe(raw)}`,
    );
    return undefined;
  }
  reportUnknownFields(ctx, { obj: raw, base: field, allowed: ['value', 'unit'], what: 'a duration' });
  const { value, unit } = raw;
  const ucum =
    typeof unit === 'string' && Object.hasOwn(DURATION_UNITS, unit) ? DURATION_UNITS[unit] : undefined;
  if (ucum === undefined)
    report(ctx, joinPath(field, 'unit'), `must be one of ${units}; got ${describe(unit)}`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    report(ctx, joinPath(field, 'value'), `must be a positive number; got ${describe(value)}`);
    return undefined;
  }
  if (ucum === undefined) return undefined;
  // Reading times are whole milliseconds (the store keeps them as such).
  const ms = Math.round(convertUnit(value, ucum, 'ms'));
  if (ms < 1) {
    report(
      ctx,
      joinPath(field, 'value'),
      'is shorter than a millisecond; send a longer interval or a date_time',
    );
    return undefined;
  }
  return ms;
}

const FRAME_HINT = `{"date_time": "${EXAMPLE}"} or {"time_interval": {"start_date_time": …, "end_date_time": …}}`;

/** An Open mHealth effective_time_frame: a date_time, or a time_interval (start+end, start+duration, end+duration). */
export function parseTimeFrame(ctx: ReadingContext, field: string, raw: unknown): ReadingTime | undefined {
  if (raw === undefined || raw === null) {
    report(ctx, field, `effective_time_frame is required: ${FRAME_HINT}`);
    return undefined;
  }
  if (!isObject(raw)) {
    report(ctx, field, `must be ${FRAME_HINT}; got ${describe(raw)}`);
    return undefined;
  }
  const before = ctx.issues.length;
  reportUnknownFields(ctx, {
    obj: raw,
    base: field,
    allowed: ['date_time', 'time_interval'],
    what: 'a time frame',
  });
  if ('date_time' in raw && 'time_interval' in raw) {
    report(ctx, field, 'has both date_time and time_interval; send one of them');
    return undefined;
  }
  if ('date_time' in raw) {
    const timeMs = parseInstant(ctx, joinPath(field, 'date_time'), raw.date_time);
    return timeMs === undefined || ctx.issues.length > before ? undefined : { timeMs };
  }
  if (!('time_interval' in raw)) {
    report(ctx, field, `needs date_time or time_interval: ${FRAME_HINT}`);
    return undefined;
  }
  const interval = parseInterval(ctx, joinPath(field, 'time_interval'), raw.time_interval);
  return ctx.issues.length > before ? undefined : interval;
}

function parseInterval(ctx: ReadingContext, field: string, raw: unknown): ReadingTime | undefined {
  const hint = 'start_date_time and end_date_time, or one of them with a duration';
  if (!isObject(raw)) {
    report(ctx, field, `must be an object with ${hint}; got ${describe(raw)}`);
    return undefined;
  }
  const allowed = ['start_date_time', 'end_date_time', 'duration', 'date', 'part_of_day'];
  reportUnknownFields(ctx, { obj: raw, base: field, allowed, what: 'a time interval' });
  if ('date' in raw || 'part_of_day' in raw) {
    report(ctx, field, `a date with a part of day is too vague for a device reading; send ${hint}`);
    return undefined;
  }
  const has = (k: string): boolean => raw[k] !== undefined;
  const at = (k: string): string => joinPath(field, k);
  if (has('start_date_time') && has('end_date_time') && !has('duration')) {
    // The start may not be in the future either; parse it with the same rules.
    const startMs = parseInstant(ctx, at('start_date_time'), raw.start_date_time);
    const timeMs = parseInstant(ctx, at('end_date_time'), raw.end_date_time);
    if (startMs === undefined || timeMs === undefined) return undefined;
    if (startMs >= timeMs) {
      report(ctx, at('end_date_time'), 'must be after start_date_time; an interval ends after it starts');
      return undefined;
    }
    return { timeMs, startMs };
  }
  if (has('duration') && has('start_date_time') !== has('end_date_time')) {
    const durationMs = parseDuration(ctx, at('duration'), raw.duration);
    if (has('end_date_time')) {
      const timeMs = parseInstant(ctx, at('end_date_time'), raw.end_date_time);
      if (timeMs === undefined || durationMs === undefined) return undefined;
      if (timeMs - durationMs < EARLIEST_READING_MS) {
        report(
          ctx,
          at('duration'),
          'reaches back before the year 2000 from end_date_time; check the duration and its unit',
        );
        return undefined;
      }
      return { timeMs, startMs: timeMs - durationMs };
    }
    const startMs = parseInstant(ctx, at('start_date_time'), raw.start_date_time);
    if (startMs === undefined || durationMs === undefined) return undefined;
    const timeMs = startMs + durationMs;
    if (timeMs > ctx.nowMs + MAX_CLOCK_SKEW_MS) {
      report(
        ctx,
        at('duration'),
        'start_date_time + duration ends in the future; send the interval once it is over',
      );
      return undefined;
    }
    return { timeMs, startMs };
  }
  report(ctx, field, `must have exactly ${hint}`);
  return undefined;
}
