// The signed-in user's display name from their FHIR resource (Practitioner, Patient, RelatedPerson:
// `name` is HumanName[]; PractitionerRole names its practitioner by reference display).
import type { HumanName } from '@medplum/fhirtypes';

interface Named {
  resourceType: string;
  name?: HumanName[];
  practitioner?: { display?: string };
}

/** R4 HumanName.use: the official name, else usual, else the first; its text, else "Given Family". */
export function userDisplayName(resource: Named | undefined): string | undefined {
  if (!resource) return undefined;
  if (resource.resourceType === 'PractitionerRole') return resource.practitioner?.display;
  const names = (resource.name ?? []).filter((n) => n.use !== 'old');
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names[0];
  if (!name) return undefined;
  if (name.text) return name.text;
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
