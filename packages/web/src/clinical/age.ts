// Age helpers. Pure: "today" is always passed in.

/** Parses a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) to its parts; undefined when malformed. */
function dateParts(date: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year, month, day };
}

/**
 * Completed years between a FHIR birth date and `on` (a calendar date, read in UTC), or undefined
 * for a malformed birth date or one after `on`. Compares month and day, so someone born on
 * 29 February turns a year older on 1 March in non-leap years. A partial date (YYYY or YYYY-MM)
 * counts from its first day, so the age is never over-stated by more than that precision.
 */
export function ageFrom(birthDate: string, on: Date): number | undefined {
  const born = dateParts(birthDate);
  if (!born) return undefined;
  const year = on.getUTCFullYear();
  const month = on.getUTCMonth() + 1;
  const day = on.getUTCDate();
  let age = year - born.year;
  if (month < born.month || (month === born.month && day < born.day)) age -= 1;
  return age < 0 ? undefined : age;
}
