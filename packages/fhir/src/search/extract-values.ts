// Turns typed values found by a search expression into index rows, per search-parameter type
// (search.html §3.1.1.4 "Search parameter types" and the table of which datatypes each accepts).
import type { IndexValues } from './index-values.ts';
import type { TypedValue } from './path-compile.ts';
import { normalizeString } from './normalize.ts';
import { dateRange, EARLIEST_INSTANT, LATEST_INSTANT } from './date-range.ts';
import { parseReference } from './reference.ts';
import { isObject, str, strs } from './json.ts';

export type Rows = Omit<IndexValues, 'patients'>;

/** Where rows go: the collector, the row's parameter code and tuple group. */
export interface Target {
  rows: Rows;
  param: string;
  grp: number;
  baseUrl: string | undefined;
}

// ---- token (search.html#token) ----

/**
 * Coding: system|code, display as text. CodeableConcept: each coding, and its text as a row of its
 * own (code null) for :text. Identifier: system|value. ContactPoint: value, under the ContactPoint.system
 * (`phone`, `email`), so `telecom=555` and `phone=555` both match. Primitives (code, boolean,
 * string, uri): the value itself, no system.
 */
export function pushTokens(t: Target, { value, type }: TypedValue): void {
  if (!isObject(value)) {
    if (typeof value === 'string' || typeof value === 'boolean') token(t, null, String(value), null);
    return;
  }
  switch (type) {
    case 'CodeableConcept':
      pushCodeableConcept(t, value);
      return;
    case 'Coding':
      pushCoding(t, value);
      return;
    case 'Identifier':
      if (typeof value.value !== 'string') return;
      token(t, str(value.system), value.value, textOf(value.type));
      pushIdentifierTypes(t, value.type, value.value);
      return;
    case 'ContactPoint':
      if (typeof value.value === 'string') token(t, str(value.system), value.value, null);
      return;
    default:
      return;
  }
}

/** Each coding; the text as a code-less row unless a coding's display already says it. */
function pushCodeableConcept(t: Target, concept: Record<string, unknown>): void {
  const codings = Array.isArray(concept.coding) ? (concept.coding as unknown[]) : [];
  for (const coding of codings) pushCoding(t, coding);
  const text = str(concept.text);
  if (text === null) return;
  const lower = text.toLowerCase();
  if (!codings.some((c) => isObject(c) && str(c.display)?.toLowerCase() === lower))
    token(t, null, null, text);
}

function pushCoding(t: Target, coding: unknown): void {
  if (!isObject(coding)) return;
  const code = str(coding.code);
  const display = str(coding.display);
  if (code !== null || display !== null) token(t, str(coding.system), code, display);
}

/**
 * search.html#token, `:of-type`: `identifier:of-type=typeSystem|typeCode|value` matches an Identifier by
 * one coding of its type and its value. Each such pair is a TOKEN row under `<code>:of-type` whose
 * system is `typeSystem|typeCode` and whose code is the value, so the search is a plain token match.
 */
function pushIdentifierTypes(t: Target, type: unknown, identifierValue: string): void {
  if (!isObject(type) || !Array.isArray(type.coding)) return;
  for (const coding of type.coding as unknown[]) {
    if (!isObject(coding) || typeof coding.code !== 'string') continue;
    const typeToken = `${str(coding.system) ?? ''}|${coding.code}`;
    t.rows.token.push({
      param: `${t.param}:of-type`,
      system: typeToken,
      code: identifierValue,
      text: null,
      grp: t.grp,
    });
  }
}

function textOf(concept: unknown): string | null {
  return isObject(concept) ? str(concept.text) : null;
}

function token(t: Target, system: string | null, code: string | null, text: string | null): void {
  t.rows.token.push({ param: t.param, system, code, text: text?.toLowerCase() ?? null, grp: t.grp });
}

// ---- string (search.html#string) ----

const NAME_PARTS = ['prefix', 'given', 'family', 'suffix', 'text'] as const;
const ADDRESS_PARTS = ['line', 'city', 'district', 'state', 'postalCode', 'country', 'text'] as const;

/** HumanName and Address: every part as its own row, plus the whole name; other strings as they are. */
export function pushStrings(t: Target, { value, type }: TypedValue): void {
  if (typeof value === 'string') {
    text(t, value);
    return;
  }
  if (!isObject(value)) return;
  if (type === 'HumanName') {
    for (const part of NAME_PARTS) for (const s of strs(value[part])) text(t, s);
    const whole = [...strs(value.given), ...strs(value.family)].join(' ');
    if (whole.includes(' ')) text(t, whole);
  } else if (type === 'Address') {
    for (const part of ADDRESS_PARTS) for (const s of strs(value[part])) text(t, s);
  }
}

function text(t: Target, exact: string): void {
  t.rows.string.push({ param: t.param, norm: normalizeString(exact), exact, grp: t.grp });
}

// ---- date (search.html#date) ----

/**
 * date/dateTime/instant: their implicit range. Period: start..end, an open end is ongoing (the end
 * of time) and an open start the beginning of time (datatypes.html#Period). Timing: each event.
 */
export function pushDates(t: Target, { value, type }: TypedValue): void {
  if (typeof value === 'string') {
    dateRow(t, dateRange(value));
    return;
  }
  if (!isObject(value)) return;
  if (type === 'Period') {
    const start = str(value.start);
    const end = str(value.end);
    if (start === null && end === null) return;
    const low = start === null ? EARLIEST_INSTANT : dateRange(start)?.low;
    const high = end === null ? LATEST_INSTANT : dateRange(end)?.high;
    if (low && high) dateRow(t, { low, high });
  } else if (type === 'Timing') {
    for (const event of strs(value.event)) dateRow(t, dateRange(event));
  }
}

function dateRow(t: Target, range: { low: string; high: string } | undefined): void {
  if (range) t.rows.date.push({ param: t.param, low: range.low, high: range.high, grp: t.grp });
}

// ---- reference (search.html#reference) ----

/**
 * Reference.reference: local `Type/id` (or absolute under the server's base) fills target_type and
 * target_id, url stays null; anything else (other servers, urn:uuid) keeps url only. canonical and
 * uri values are references by URL. A Reference known only by identifier is stored as a TOKEN row
 * under `<code>:identifier`, so `subject:identifier=system|value` is a token search (search.html
 * #reference, ":identifier"). Contained references (`#id`) are not indexed.
 */
export function pushReferences(t: Target, { value, type }: TypedValue): void {
  if (typeof value === 'string') {
    referenceRow(t, value);
    return;
  }
  if (!isObject(value) || type !== 'Reference') return;
  const ref = str(value.reference);
  if (ref !== null && !ref.startsWith('#')) referenceRow(t, ref);
  const identifier = value.identifier;
  if (isObject(identifier) && typeof identifier.value === 'string') {
    t.rows.token.push({
      param: `${t.param}:identifier`,
      system: str(identifier.system),
      code: identifier.value,
      text: null,
      grp: t.grp,
    });
  }
}

function referenceRow(t: Target, ref: string): void {
  const parsed = parseReference(ref, t.baseUrl);
  const local = parsed.type !== undefined;
  t.rows.reference.push({
    param: t.param,
    targetType: parsed.type ?? null,
    targetId: parsed.id ?? null,
    url: local ? null : ref,
    grp: t.grp,
  });
}

// ---- uri (search.html#uri) ----

export function pushUris(t: Target, { value }: TypedValue): void {
  if (typeof value === 'string') t.rows.uri.push({ param: t.param, value, grp: t.grp });
}
