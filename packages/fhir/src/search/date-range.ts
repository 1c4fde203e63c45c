// The implicit range of a FHIR date, dateTime or instant (search.html#date: "the date parameter
// ... is treated as an implicit range" set by the value's precision).

// year(-month(-day(Thh:mm(:ss(.fraction)))(zone))) — minute precision is allowed because search
// values may stop at minutes (search.html#date); resource dateTimes always carry seconds.
const FHIR_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

const MS_PER_MINUTE = 60_000;

/** The bounds of the FHIR date space, used for open ends (an open Period end is "ongoing"). */
export const EARLIEST_INSTANT = '0001-01-01T00:00:00.000Z';
export const LATEST_INSTANT = '9999-12-31T23:59:59.999Z';
const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);
const LATEST_MS = Date.parse(LATEST_INSTANT);

/**
 * The first and last millisecond covered by `value`, as ISO instants with ms and Z:
 * `2020` → 2020-01-01T00:00:00.000Z .. 2020-12-31T23:59:59.999Z; `2020-03-05T10:00Z` → that minute;
 * a fraction keeps its written precision (`.5` → 500..599 ms; more than 3 digits → that ms).
 * A date without a time has no zone in FHIR; Hearth reads it as a UTC day (a choice: the spec leaves
 * it to the server). A time without a zone is invalid in R4 (datatypes.html#dateTime): undefined,
 * as for any malformed or impossible value (2020-02-30, 25:00).
 */
export function dateRange(value: string): { low: string; high: string } | undefined {
  const m = FHIR_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  if (h !== undefined && zone === undefined) return undefined;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = Number(h ?? '0');
  const minute = Number(mi ?? '0');
  const second = Number(s ?? '0');
  const fractionDigits = Math.min(fraction?.length ?? 0, 3);
  const ms = fractionDigits === 0 ? 0 : Number(fraction!.slice(0, 3).padEnd(3, '0'));
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;

  const start = utc({ year, month, day, hour, minute, second, ms });
  if (start.getUTCDate() !== day || start.getUTCMonth() !== month - 1) return undefined;

  const end = new Date(start.getTime());
  if (mo === undefined) end.setUTCFullYear(year + 1);
  else if (d === undefined) end.setUTCMonth(month);
  else if (h === undefined) end.setUTCDate(day + 1);
  else if (s === undefined) end.setUTCMinutes(minute + 1);
  else if (fractionDigits === 0) end.setUTCSeconds(second + 1);
  else end.setUTCMilliseconds(ms + 10 ** (3 - fractionDigits));

  const offset = zone === undefined || zone === 'Z' ? 0 : zoneOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  const shift = offset * MS_PER_MINUTE;
  return {
    low: new Date(Math.max(start.getTime() - shift, EARLIEST_MS)).toISOString(),
    high: new Date(Math.min(end.getTime() - shift - 1, LATEST_MS)).toISOString(),
  };
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** Date.UTC maps years 0–99 to 1900–1999, so set the full year explicitly. */
function utc(p: DateParts): Date {
  const date = new Date(0);
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute, p.second, p.ms);
  return date;
}

/** `+05:30` → 330; R4 allows offsets up to ±14:00. */
function zoneOffsetMinutes(zone: string): number | undefined {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
