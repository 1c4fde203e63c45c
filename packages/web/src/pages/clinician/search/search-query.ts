// What the one search box means (issue #5 point 2): a birth date → `birthdate=`, anything with a digit
// → an identifier (MRN) `identifier=`, otherwise words of a name → one `name=` per word (FHIR string
// search matches the start of any name part, and repeated parameters are ANDed: search.html#string).

/** Day-month order of typed dates, by the user's language: en-US writes 3/14/1980, es writes 14/3/1980. */
export type DateOrder = 'month-first' | 'day-first';

export type PatientQuery =
  | { kind: 'birthdate'; birthdate: string }
  | { kind: 'identifier'; identifier: string }
  | { kind: 'name'; words: string[] };

/** Shortest text worth a name search: one letter matches too much of a panel to be useful. */
export const MIN_NAME_LENGTH = 2;

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  // Day 0 of the next month is the last day of this one (handles leap years).
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A full date typed as YYYY-MM-DD, or D/M/YYYY / M/D/YYYY (also with - or .) in the user's order. */
export function parseTypedDate(text: string, order: DateOrder): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!local) return undefined;
  const [first, second, year] = [Number(local[1]), Number(local[2]), Number(local[3])];
  return order === 'month-first' ? isoDate(year, first, second) : isoDate(year, second, first);
}

/** The query the text stands for, or undefined when there is nothing worth asking yet. */
export function parsePatientQuery(raw: string, order: DateOrder): PatientQuery | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const birthdate = parseTypedDate(text, order);
  if (birthdate) return { kind: 'birthdate', birthdate };
  if (/\d/.test(text)) {
    // Identifiers have no spaces; a typed MRN may carry stray ones from copy and paste.
    return { kind: 'identifier', identifier: text.replace(/\s+/g, '') };
  }
  const words = text
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
  if (words.join('').length < MIN_NAME_LENGTH) return undefined;
  return { kind: 'name', words };
}

/** Result page size of the search box: enough to scan, small enough to stay fast. */
export const SEARCH_PAGE_SIZE = 25;

/** FHIR search parameters for the query, sorted by family then given name. */
export function patientSearchParams(query: PatientQuery): Record<string, string | string[]> {
  const common = { _count: String(SEARCH_PAGE_SIZE), _sort: 'family,given' };
  switch (query.kind) {
    case 'birthdate':
      return { ...common, birthdate: query.birthdate };
    case 'identifier':
      return { ...common, identifier: query.identifier };
    case 'name':
      return { ...common, name: query.words };
  }
}
