// Formats of the R4 primitive datatypes (FHIR R4 §2.24.0.1 "Primitive Types", regexes as published
// in the datatypes' StructureDefinitions) and their JSON representation (§2.6.2 "JSON": booleans and
// numbers are JSON booleans and numbers, everything else a JSON string). Hand-compiled here because
// the published regexes are XML Schema regexes: \s means only space, tab, CR and LF, and the
// base64Binary one backtracks catastrophically on multi-megabyte attachments.

/** A problem with a primitive value, phrased for OperationOutcome.issue.diagnostics. */
type FormatCheck = (value: unknown) => string | undefined;

const DATE = /^(?<year>\d{4})(-(?<month>0[1-9]|1[0-2])(-(?<day>0[1-9]|[12]\d|3[01]))?)?$/;
const TIME = '([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d+)?';
const ZONE = '(Z|[+-]((0\\d|1[0-3]):[0-5]\\d|14:00))';
const DATE_TIME = new RegExp(
  `^(?<year>\\d{4})(-(?<month>0[1-9]|1[0-2])(-(?<day>0[1-9]|[12]\\d|3[01])(T${TIME}${ZONE})?)?)?$`,
);
const INSTANT = new RegExp(
  `^(?<year>\\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\\d|3[01])T${TIME}${ZONE}$`,
);
const TIME_ONLY = new RegExp(`^${TIME}$`);
const CODE = /^[^ \t\r\n]+([ \t\r\n][^ \t\r\n]+)*$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const URI = /^[^ \t\r\n]+$/;
const OID = /^urn:oid:[0-2](\.(0|[1-9]\d*))+$/;
const UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const XML_WHITESPACE = /[ \t\r\n]+/g;
const XML_WHITESPACE_ANY = /[ \t\r\n]/;
// §2.24.0.1 string: "SHALL NOT contain Unicode character points below 32, except for u0009
// (horizontal tab), u0010 (carriage return) and u0013 (line feed)".
// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// §2.6.2.1: strings SHALL NOT exceed 1 MB; base64Binary is exempt (attachments).
const MAX_STRING_LENGTH = 1024 * 1024;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const FORMAT_CHECKS: Readonly<Record<string, FormatCheck>> = {
  boolean: (v) => (typeof v === 'boolean' ? undefined : 'boolean expected'),
  integer: (v) => integerProblem(v, INT32_MIN),
  unsignedInt: (v) => integerProblem(v, 0),
  positiveInt: (v) => integerProblem(v, 1),
  decimal: (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'decimal expected'),
  string: stringProblem,
  markdown: stringProblem,
  xhtml: xhtmlProblem,
  code: pattern(CODE, 'code (no leading, trailing or repeated whitespace)'),
  id: pattern(ID, 'id ([A-Za-z0-9\\-\\.]{1,64})'),
  uri: pattern(URI, 'uri'),
  url: pattern(URI, 'url'),
  canonical: pattern(URI, 'canonical'),
  oid: pattern(OID, 'oid (urn:oid:...)'),
  uuid: pattern(UUID, 'uuid (urn:uuid:, lower case)'),
  base64Binary: base64Problem,
  date: calendar(DATE, 'date'),
  dateTime: calendar(DATE_TIME, 'dateTime'),
  instant: calendar(INSTANT, 'instant'),
  time: pattern(TIME_ONLY, 'time'),
};

/** Checks a JSON value against an R4 primitive type; undefined when it conforms. */
export function primitiveProblem(type: string, value: unknown): string | undefined {
  const check = FORMAT_CHECKS[type];
  return check ? check(value) : `unknown primitive type ${type}`;
}

export function isPrimitiveTypeCode(type: string): boolean {
  return type in FORMAT_CHECKS;
}

function integerProblem(value: unknown, min: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'integer expected';
  if (value < min || value > INT32_MAX) return `integer out of range (${min}..${INT32_MAX})`;
  return undefined;
}

function stringProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'string expected';
  // ele-1: an element needs a value; the strict reading is that whitespace alone is no value.
  if (value.trim() === '') return 'empty string is not allowed (ele-1)';
  if (value.length > MAX_STRING_LENGTH) return 'string longer than 1 MB';
  if (CONTROL_CHARS.test(value)) return 'string contains control characters';
  return undefined;
}

function xhtmlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'xhtml string expected';
  // §2.4.0.1 Narrative: the content is a single XHTML div element in the XHTML namespace.
  if (!value.startsWith('<div') || !value.includes('http://www.w3.org/1999/xhtml')) {
    return 'narrative must be a <div> in the XHTML namespace';
  }
  return undefined;
}

function base64Problem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'base64Binary string expected';
  const compact = XML_WHITESPACE_ANY.test(value) ? value.replace(XML_WHITESPACE, '') : value;
  if (compact === '') return 'empty string is not allowed';
  if (compact.length % 4 !== 0 || !BASE64_CHARS.test(compact)) return 'invalid base64Binary';
  return undefined;
}

function pattern(regex: RegExp, name: string): FormatCheck {
  return (value) => {
    if (typeof value !== 'string') return `${name} string expected`;
    if (value === '') return 'empty string is not allowed';
    return regex.test(value) ? undefined : `invalid ${name}`;
  };
}

/**
 * The published regexes allow 31 February; a date that does not exist is not a date. They do
 * exclude the year 0000, which the compact regexes here leave to this check.
 */
function calendar(regex: RegExp, name: string): FormatCheck {
  return (value) => {
    if (typeof value !== 'string') return `${name} string expected`;
    if (value === '') return 'empty string is not allowed';
    const match = regex.exec(value);
    if (!match) return `invalid ${name}`;
    const { year, month, day } = match.groups ?? {};
    if (year === '0000') return `invalid ${name}`;
    if (day !== undefined && Number(day) > daysInMonth(Number(year), Number(month))) return `invalid ${name}`;
    return undefined;
  };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
}
