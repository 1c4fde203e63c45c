// The nine linked resources of one CRUD-loop iteration, each referring to the ones created before it
// (Organization ← Practitioner, Patient ← Encounter ← Observation, Condition, MedicationRequest,
// AllergyIntolerance, Procedure). Small, valid R4 bodies with codes from the usual terminologies.
import type { Resource } from '@medplum/fhirtypes';

/** `Type` → `Type/id` of what this iteration created so far. */
export type Refs = Record<string, string>;

const to = (refs: Refs, type: string) => ({ reference: refs[type]! });

const loinc = (code: string, display: string) => ({
  coding: [{ system: 'http://loinc.org', code, display }],
});
const sct = (code: string, display: string) => ({
  coding: [{ system: 'http://snomed.info/sct', code, display }],
});
const hl7 = (cs: string, code: string) => ({
  coding: [{ system: `http://terminology.hl7.org/CodeSystem/${cs}`, code }],
});

/** Builders in creation order; each takes the references to what was created before it. */
export const CRUD_STEPS: readonly ((refs: Refs, n: number) => Resource)[] = [
  (_r, n) => ({ resourceType: 'Organization', active: true, name: `Bench Clinic ${n}` }),
  (_r, n) => ({
    resourceType: 'Practitioner',
    active: true,
    name: [{ family: `Clinician${n}`, given: ['Alex'] }],
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: `${1000000000 + n}` }],
  }),
  (r, n) => ({
    resourceType: 'Patient',
    name: [{ family: `Bench${n}`, given: ['Sam'] }],
    gender: 'female',
    birthDate: '1980-04-12',
    managingOrganization: to(r, 'Organization'),
    generalPractitioner: [to(r, 'Practitioner')],
  }),
  (r) => ({
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: to(r, 'Patient'),
    participant: [{ individual: to(r, 'Practitioner') }],
    serviceProvider: to(r, 'Organization'),
    period: { start: '2026-01-05T09:00:00Z', end: '2026-01-05T09:20:00Z' },
  }),
  (r) => ({
    resourceType: 'Observation',
    status: 'final',
    category: [hl7('observation-category', 'vital-signs')],
    code: loinc('8867-4', 'Heart rate'),
    subject: to(r, 'Patient'),
    encounter: to(r, 'Encounter'),
    performer: [to(r, 'Practitioner')],
    effectiveDateTime: '2026-01-05T09:05:00Z',
    valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  }),
  (r) => ({
    resourceType: 'Condition',
    clinicalStatus: hl7('condition-clinical', 'active'),
    verificationStatus: hl7('condition-ver-status', 'confirmed'),
    code: sct('44054006', 'Diabetes mellitus type 2'),
    subject: to(r, 'Patient'),
    encounter: to(r, 'Encounter'),
    asserter: to(r, 'Practitioner'),
  }),
  (r) => ({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '860975',
          display: 'metformin 500 MG',
        },
      ],
    },
    subject: to(r, 'Patient'),
    encounter: to(r, 'Encounter'),
    requester: to(r, 'Practitioner'),
  }),
  (r) => ({
    resourceType: 'AllergyIntolerance',
    clinicalStatus: hl7('allergyintolerance-clinical', 'active'),
    verificationStatus: hl7('allergyintolerance-verification', 'confirmed'),
    code: sct('91936005', 'Allergy to penicillin'),
    patient: to(r, 'Patient'),
    recorder: to(r, 'Practitioner'),
  }),
  (r) => ({
    resourceType: 'Procedure',
    status: 'completed',
    code: sct('73761001', 'Colonoscopy'),
    subject: to(r, 'Patient'),
    encounter: to(r, 'Encounter'),
    performer: [{ actor: to(r, 'Practitioner') }],
    performedDateTime: '2026-01-05T09:10:00Z',
  }),
];

/** The update of step `i`: a changed text element every resource type allows (Resource.text is
 * DomainResource-wide), so each PUT makes a new version. */
export function changed<T extends Resource>(resource: T, n: number): T {
  return {
    ...resource,
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">update ${n}</div>` },
  };
}
