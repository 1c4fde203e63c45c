// Plain text out of FHIR data types, for the portal's view models. FHIR R4 datatypes.html: a
// CodeableConcept's `text` is "the concept as entered or chosen by the user", so it wins over a coding's
// display; a HumanName's `text` likewise wins over its parts.
import type { CodeableConcept, HumanName, Reference, Resource } from '@medplum/fhirtypes';

/** The words for a concept: its text, else the first coding's display, else its code; '' when empty. */
export function conceptText(concept: CodeableConcept | undefined): string {
  if (!concept) return '';
  if (concept.text) return concept.text;
  const coding = concept.coding?.find((c) => c.display) ?? concept.coding?.[0];
  return coding?.display ?? coding?.code ?? '';
}

/** The code of the first coding of `system` (or of any coding without one given). */
export function conceptCode(concept: CodeableConcept | undefined, system?: string): string | undefined {
  return concept?.coding?.find((c) => system === undefined || c.system === system)?.code;
}

/** "Given Family" of the official (else usual, else first) name. */
export function humanName(names: readonly HumanName[] | undefined): string {
  if (!names || names.length === 0) return '';
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names[0]!;
  if (name.text) return name.text;
  return [...(name.given ?? []), name.family].filter((p): p is string => !!p).join(' ');
}

/** The first given name, for a greeting; the full name when there is none. */
export function givenName(names: readonly HumanName[] | undefined): string {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  return name?.given?.[0] ?? humanName(names);
}

/** `Type/id` of a resource. */
export function referenceOf(resource: Resource): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

/** Display names of people and organizations (Practitioner, Organization, Patient, RelatedPerson…). */
export function displayNames(resources: readonly Resource[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of resources) {
    const name =
      r.resourceType === 'Medication'
        ? conceptText(r.code)
        : 'name' in r && typeof r.name === 'string'
          ? r.name
          : 'name' in r && Array.isArray(r.name)
            ? humanName(r.name)
            : '';
    if (name) names.set(referenceOf(r), name);
  }
  return names;
}

/** A reference's words: its display, else the name of the resource it points at, else ''. */
export function referenceText(ref: Reference | undefined, names: ReadonlyMap<string, string>): string {
  if (!ref) return '';
  if (ref.display) return ref.display;
  return (ref.reference && names.get(ref.reference)) ?? '';
}
