// Dates, numbers, quantities and ages in the reader's language (Intl, no library). FHIR dates may be
// partial (R4 datatypes.html#date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`) and a date without a time is a
// calendar day, not an instant: it is formatted in UTC so it never shifts a day in the reader's zone.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export type DateInput = string | Date | undefined;

export interface Format {
  date(d: DateInput): string;
  dateTime(d: DateInput): string;
  number(n: number | undefined, opts?: Intl.NumberFormatOptions): string;
  /** A measured value with its UCUM unit shown the way people write it (`mm[Hg]` → `mmHg`). */
  quantity(value: number | undefined, unit?: string): string;
  /** Age from a birth date: days under a month, months under two years, else years. */
  age(birthDate: DateInput): string;
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * UCUM codes (unitsofmeasure.org) → how they are printed. UCUM's bracketed and exponent notations are
 * for machines; clinical displays use these forms.
 */
const UCUM_DISPLAY: Readonly<Record<string, string>> = {
  'mm[Hg]': 'mmHg',
  Cel: '°C',
  '[degF]': '°F',
  '[lb_av]': 'lb',
  '[in_i]': 'in',
  '[ft_i]': 'ft',
  'kg/m2': 'kg/m²',
  uL: 'µL',
  ug: 'µg',
  umol: 'µmol',
  'umol/L': 'µmol/L',
  'ug/L': 'µg/L',
  '10*3/uL': '10³/µL',
  '10*6/uL': '10⁶/µL',
  '10*9/L': '10⁹/L',
  '10*12/L': '10¹²/L',
  '/min': '/min',
  '{beats}/min': '/min',
  '{breaths}/min': '/min',
  'mL/min/{1.73_m2}': 'mL/min/1.73 m²',
  '[iU]/L': 'IU/L',
  'm[IU]/L': 'mIU/L',
  'u[IU]/mL': 'µIU/mL',
  '[pH]': '',
  '1': '',
  '{score}': '',
};

export function unitDisplay(unit: string | undefined): string {
  if (!unit) return '';
  return UCUM_DISPLAY[unit] ?? unit.replace(/\{[^}]*\}/g, '');
}

function parseDate(d: DateInput): { date: Date; precision: 'year' | 'month' | 'day' | 'time' } | undefined {
  if (d === undefined || d === '') return undefined;
  if (d instanceof Date) return Number.isNaN(d.getTime()) ? undefined : { date: d, precision: 'time' };
  const partial = PARTIAL_DATE.exec(d);
  if (partial) {
    const [, y, m, day] = partial;
    const date = new Date(Date.UTC(Number(y), m ? Number(m) - 1 : 0, day ? Number(day) : 1));
    return { date, precision: day ? 'day' : m ? 'month' : 'year' };
  }
  const date = new Date(d);
  return Number.isNaN(date.getTime()) ? undefined : { date, precision: 'time' };
}

/** Whole units between two calendar dates (birthday arithmetic, not 365-day years). */
function wholeMonths(from: Date, to: Date): number {
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  if (to.getUTCDate() < from.getUTCDate()) months -= 1;
  return months;
}

/** The formatters for a locale; `now` is injected so ages are testable. */
export function createFormat(locale: string, now: () => Date = () => new Date()): Format {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const year = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' });
  const localDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const numbers = new Map<string, Intl.NumberFormat>();
  const numberFormat = (opts: Intl.NumberFormatOptions = {}) => {
    const key = JSON.stringify(opts);
    let f = numbers.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, ...opts });
      numbers.set(key, f);
    }
    return f;
  };
  const number = (n: number | undefined, opts?: Intl.NumberFormatOptions) =>
    n === undefined || !Number.isFinite(n) ? '' : numberFormat(opts).format(n);
  const unitCount = (n: number, unit: 'day' | 'month' | 'year') =>
    numberFormat({ style: 'unit', unit, unitDisplay: 'long' }).format(n);

  const date = (d: DateInput) => {
    const p = parseDate(d);
    if (!p) return '';
    if (p.precision === 'year') return year.format(p.date);
    if (p.precision === 'month') return month.format(p.date);
    // An instant is shown on the reader's calendar day; a FHIR date as written.
    return p.precision === 'day' ? day.format(p.date) : localDay.format(p.date);
  };

  return {
    date,
    dateTime(d) {
      const p = parseDate(d);
      if (!p) return '';
      return p.precision === 'time' ? time.format(p.date) : date(d);
    },
    number,
    quantity(value, unit) {
      if (value === undefined || !Number.isFinite(value)) return '';
      const shown = unitDisplay(unit);
      if (!shown) return number(value);
      // No space before % in English; a (non-breaking) space before every other unit, as SI writes it.
      const gap = shown === '%' && locale.startsWith('en') ? '' : '\u00a0';
      return `${number(value)}${gap}${shown}`;
    },
    age(birthDate) {
      const p = parseDate(birthDate);
      if (!p) return '';
      const today = now();
      const todayUtc = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()));
      const months = wholeMonths(p.date, todayUtc);
      if (months < 0) return '';
      if (months < 1 && p.precision === 'day')
        return unitCount(Math.floor((todayUtc.getTime() - p.date.getTime()) / 86_400_000), 'day');
      if (months < 24) return unitCount(months, 'month');
      return unitCount(Math.floor(months / 12), 'year');
    },
  };
}

/** The formatters for the current language. */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => createFormat(locale), [locale]);
}
