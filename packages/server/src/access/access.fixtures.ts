// A small population with hand-checkable access for the access-control tests:
//
//   Organization hosp-a (ours)        Organization outside-b
//   Practitioner dr-a — PractitionerRole → hosp-a    Practitioner dr-b — PractitionerRole → outside-b
//   Patient alice  managed by hosp-a  → dr-a's panel
//   Patient bob    managed by outside-b → dr-b's panel; caregiver cg holds proxy access for bob
//   Patient carol  managed by hosp-a → dr-a's panel; an Encounter at outside-b would put her in dr-b's
//                  panel, but she denied sharing with outside-b, and opted out of research
//
//   Observation alice-vital (vital-signs, derivedFrom alice-lab and bob-vital), alice-lab (laboratory),
//   bob-vital (vital-signs), carol-vital (vital-signs)
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { AccessContext } from '../db/repository.types.ts';
import { CONSENT_SCOPE } from './consent-sql.ts';

const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const VITALS_SCOPE = `patient/Observation.rs?category=${CATEGORY}|vital-signs`;

function observation(id: string, patient: string, category: string, extra: object = {}): Resource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: CATEGORY, code: category }] }],
    code: { coding: [{ system: 'http://loinc.org', code: category === 'laboratory' ? '2345-7' : '8867-4' }] },
    subject: { reference: `Patient/${patient}` },
    performer: [{ reference: 'Practitioner/dr-a' }],
    ...extra,
  };
}

function consent(id: string, patient: string, scope: string, provision: object): Resource {
  return {
    resourceType: 'Consent',
    id,
    status: 'active',
    scope: { coding: [{ system: CONSENT_SCOPE, code: scope }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${patient}` },
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
    provision,
  };
}

export const POPULATION: Resource[] = [
  { resourceType: 'Organization', id: 'hosp-a', name: 'Hearth General' },
  { resourceType: 'Organization', id: 'outside-b', name: 'Elsewhere Clinic' },
  { resourceType: 'Practitioner', id: 'dr-a', name: [{ family: 'Adeyemi' }] },
  { resourceType: 'Practitioner', id: 'dr-b', name: [{ family: 'Brandt' }] },
  {
    resourceType: 'PractitionerRole',
    id: 'role-a',
    practitioner: { reference: 'Practitioner/dr-a' },
    organization: { reference: 'Organization/hosp-a' },
  },
  {
    resourceType: 'PractitionerRole',
    id: 'role-b',
    practitioner: { reference: 'Practitioner/dr-b' },
    organization: { reference: 'Organization/outside-b' },
  },
  {
    resourceType: 'Patient',
    id: 'alice',
    name: [{ family: 'Alder' }],
    managingOrganization: { reference: 'Organization/hosp-a' },
  },
  {
    resourceType: 'Patient',
    id: 'bob',
    name: [{ family: 'Bishop' }],
    managingOrganization: { reference: 'Organization/outside-b' },
  },
  {
    resourceType: 'Patient',
    id: 'carol',
    name: [{ family: 'Cole' }],
    managingOrganization: { reference: 'Organization/hosp-a' },
  },
  {
    resourceType: 'Encounter',
    id: 'carol-at-b',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/carol' },
    serviceProvider: { reference: 'Organization/outside-b' },
  },
  observation('alice-vital', 'alice', 'vital-signs', {
    derivedFrom: [{ reference: 'Observation/alice-lab' }, { reference: 'Observation/bob-vital' }],
  }),
  observation('alice-lab', 'alice', 'laboratory'),
  observation('bob-vital', 'bob', 'vital-signs'),
  observation('carol-vital', 'carol', 'vital-signs'),
  consent('carol-research', 'carol', 'research', { type: 'deny' }),
  consent('carol-no-b', 'carol', 'patient-privacy', {
    type: 'deny',
    actor: [
      {
        role: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }],
        },
        reference: { reference: 'Organization/outside-b' },
      },
    ],
  }),
];

const user = (id: string, role: NonNullable<AccessContext['user']>['role'], fhirUser?: string) => ({
  id,
  role,
  ...(fhirUser ? { fhirUser } : {}),
});

/** Bearer token → access context. */
export const TOKENS: Record<string, AccessContext> = {
  alice: {
    actor: 'Patient/alice',
    clientId: 'portal',
    scopes: ['patient/*.rs', 'patient/Observation.cu'],
    user: user('u-alice', 'patient', 'Patient/alice'),
    patient: 'alice',
  },
  'alice-vitals': {
    actor: 'Patient/alice',
    clientId: 'vitals-app',
    scopes: [VITALS_SCOPE, 'patient/Patient.rs'],
    user: user('u-alice', 'patient', 'Patient/alice'),
    patient: 'alice',
  },
  caregiver: {
    actor: 'RelatedPerson/cg',
    scopes: ['patient/*.rs'],
    user: user('u-cg', 'caregiver', 'RelatedPerson/cg'),
    proxyPatients: ['bob'],
  },
  'dr-a': {
    actor: 'Practitioner/dr-a',
    scopes: ['user/*.cruds'],
    user: user('u-dra', 'practitioner', 'Practitioner/dr-a'),
  },
  'dr-b': {
    actor: 'Practitioner/dr-b',
    scopes: ['user/*.cruds'],
    user: user('u-drb', 'practitioner', 'Practitioner/dr-b'),
  },
  researcher: { actor: 'user/u-res', scopes: ['user/*.rs'], user: user('u-res', 'researcher') },
  'public-health': { actor: 'user/u-ph', scopes: ['user/*.rs'], user: user('u-ph', 'public-health') },
  'backend-user-scope': { actor: 'Client/b', clientId: 'b', scopes: ['user/*.rs'] },
};

export function transaction(entries: BundleEntry[]): Bundle {
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/** `Type/id` of a searchset's entries, in order, optionally only one search mode. */
export function refs(bundle: Bundle, mode?: 'match' | 'include'): string[] {
  return (bundle.entry ?? [])
    .filter((e) => e.resource && e.resource.resourceType !== 'OperationOutcome')
    .filter((e) => mode === undefined || e.search?.mode === mode)
    .map((e) => `${e.resource!.resourceType}/${e.resource!.id ?? ''}`)
    .sort();
}
