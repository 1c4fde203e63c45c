// Names for the references a page shows (Practitioner, Organization, RelatedPerson…): Hearth's data
// carries references without `display`, so each page looks the people and places up once, a `_id`
// search per type (FHIR R4 search.html#id), and maps `Type/id` → name (fhir-text.ts displayNames).
import type { FhirClient } from '../../../fhir/client.ts';
import type { Reference, Resource } from '../../../fhir/types.ts';
import { displayNames } from './fhir-text.ts';

/** Ids per `_id` search: keeps the URL short. */
const CHUNK = 50;
/** Types a patient may look up by name (reference data, or people in their own compartment). */
const NAMED_TYPES = [
  'Practitioner',
  'Organization',
  'RelatedPerson',
  'Location',
  'Medication',
  'PractitionerRole',
];

/** `Type/id` references grouped by type, each id once, for the types that have names. */
export function referencesByType(refs: Iterable<Reference | string | undefined>): Map<string, string[]> {
  const byType = new Map<string, Set<string>>();
  for (const r of refs) {
    const ref = typeof r === 'string' ? r : r?.reference;
    const m = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(ref ?? '');
    if (!m || !NAMED_TYPES.includes(m[1]!)) continue;
    byType.set(m[1]!, (byType.get(m[1]!) ?? new Set()).add(m[2]!));
  }
  return new Map([...byType].map(([type, ids]) => [type, [...ids].sort()]));
}

export async function fetchNames(
  fhir: FhirClient,
  refs: Iterable<Reference | string | undefined>,
): Promise<Map<string, string>> {
  const searches: Promise<Resource[]>[] = [];
  for (const [type, ids] of referencesByType(refs)) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      searches.push(
        fhir.searchAll<Resource>(type as Resource['resourceType'], {
          _id: chunk.join(','),
          _count: String(CHUNK),
        }),
      );
    }
  }
  return displayNames((await Promise.all(searches)).flat());
}
