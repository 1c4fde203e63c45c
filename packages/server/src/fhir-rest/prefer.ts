// The Prefer header (RFC 7240) as FHIR uses it: return=minimal|representation|OperationOutcome
// (http.html#ops) and handling=strict|lenient (search.html#errors).
import type { SearchHandling } from '../db/repository.types.ts';

export type ReturnPreference = 'minimal' | 'representation' | 'OperationOutcome';

export interface Preferences {
  return: ReturnPreference;
  handling: SearchHandling | undefined;
}

export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = { return: 'representation', handling: undefined };
  for (const part of (header ?? '').split(/[,;]/)) {
    const [rawName, rawValue] = part.split('=');
    const name = rawName?.trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"|"$/g, '');
    if (
      name === 'return' &&
      (value === 'minimal' || value === 'representation' || value === 'OperationOutcome')
    ) {
      prefs.return = value;
    } else if (name === 'handling' && (value === 'strict' || value === 'lenient')) {
      prefs.handling = value;
    }
  }
  return prefs;
}
