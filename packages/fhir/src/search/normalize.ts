// Value normalisation shared by write-time extraction and query parsing, so an indexed value and a
// search value always go through the same function (FHIR R4 search.html §3.1.1.4).
export { canonicalQuantity } from './ucum.ts';
export { parseReference, type ParsedReference } from './reference.ts';
export { numberRange, decimalString } from './decimal.ts';
export { dateRange } from './date-range.ts';

const COMBINING_MARKS = /\p{M}+/gu;
// eslint-disable-next-line no-control-regex -- the ASCII range test is the point
const ASCII = /^[\x00-\x7f]*$/;
const WHITESPACE = /\s+/g;

/**
 * FHIR string search is case- and accent-insensitive (search.html#string): lower case, decompose
 * (NFD) and drop the combining marks, collapse runs of whitespace, trim. `Müller ` → `muller`.
 */
export function normalizeString(s: string): string {
  // ASCII has no combining marks: skip the (costly) decomposition for most values.
  const folded = ASCII.test(s) ? s : s.normalize('NFD').replace(COMBINING_MARKS, '');
  return folded.toLowerCase().replace(WHITESPACE, ' ').trim();
}
