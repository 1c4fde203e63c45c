// A small hand-built world for the search integration tests: every expectation in the tests is
// computed by hand from these resources. Written through the repository, so the index rows are
// exactly what production writes.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { createInProcessBus } from '../../events/bus.ts';
import type { Engine } from '../engine.ts';
import { createRepository } from '../repository.ts';
import { SYSTEM_CONTEXT, type Repository, type SearchOptions } from '../repository.types.ts';
import type { OpenTestEngine } from '../test-engines.ts';

export const BASE = 'http://hearth.test/fhir';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const HEART_RATE = { coding: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }] };
const WEIGHT = { coding: [{ system: LOINC, code: '29463-7', display: 'Body weight' }] };

export const WORLD: Resource[] = [
  { resourceType: 'Organization', id: 'o1', name: 'Acme Health' },
  { resourceType: 'Organization', id: 'o2', name: 'Beta Clinic', partOf: { reference: 'Organization/o1' } },
  { resourceType: 'Practitioner', id: 'pr1', name: [{ family: 'Who', given: ['Doctor'] }] },
  {
    resourceType: 'Patient',
    id: 'p1',
    meta: { tag: [{ system: 'urn:tags', code: 'vip' }] },
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml">John Smith, cardiac patient</div>',
    },
    identifier: [{ system: 'urn:mrn', value: '111' }],
    name: [{ family: 'Smith', given: ['John'] }],
    gender: 'male',
    birthDate: '1980-05-15',
    managingOrganization: { reference: 'Organization/o1' },
    generalPractitioner: [{ reference: 'Practitioner/pr1' }],
  },
  {
    resourceType: 'Patient',
    id: 'p2',
    identifier: [{ system: 'urn:ssn', value: '111' }, { value: '222' }],
    name: [{ family: 'Smythe', given: ['Jane'] }],
    gender: 'female',
    birthDate: '1980',
    managingOrganization: { reference: 'Organization/o2' },
  },
  {
    resourceType: 'Patient',
    id: 'p3',
    name: [{ family: 'Müller', given: ['Anna'] }],
    birthDate: '1990-01-01',
  },
  { resourceType: 'Patient', id: 'p4', name: [{ family: 'Jones' }], gender: 'male' },
  {
    resourceType: 'Encounter',
    id: 'e1',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/p1' },
    period: { start: '2020-03-05T09:00:00Z', end: '2020-03-05T11:00:00Z' },
  },
  {
    resourceType: 'Observation',
    id: 'obs1',
    status: 'final',
    code: HEART_RATE,
    subject: { reference: 'Patient/p1' },
    encounter: { reference: 'Encounter/e1' },
    performer: [{ reference: 'Practitioner/pr1' }],
    effectiveDateTime: '2020-03-05T10:00:00Z',
    valueQuantity: { value: 72, unit: 'beats/min', system: UCUM, code: '/min' },
  },
  {
    resourceType: 'Observation',
    id: 'obs2',
    status: 'final',
    code: WEIGHT,
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2020-03-06',
    valueQuantity: { value: 5.4, unit: 'g', system: UCUM, code: 'g' },
  },
  {
    resourceType: 'Observation',
    id: 'obs3',
    status: 'preliminary',
    code: HEART_RATE,
    subject: { reference: 'Patient/p2' },
    effectivePeriod: { start: '2020-01-01', end: '2020-06-30' },
    valueQuantity: { value: 80, unit: 'beats/min', system: UCUM, code: '/min' },
  },
  {
    resourceType: 'Observation',
    id: 'obs4',
    status: 'final',
    code: { coding: [{ code: 'abc' }], text: 'Free text Émotion' },
    subject: { reference: 'Patient/p2' },
    effectiveDateTime: '2021',
    valueQuantity: { value: 100, unit: 'kg', system: 'urn:local-units', code: 'kg' },
  },
  {
    resourceType: 'Observation',
    id: 'obs5',
    status: 'cancelled',
    code: HEART_RATE,
    subject: { reference: 'Patient/p3' },
  },
  {
    resourceType: 'DiagnosticReport',
    id: 'dr1',
    status: 'final',
    code: { text: 'panel' },
    result: [{ reference: 'Observation/obs3' }],
  },
  {
    resourceType: 'RiskAssessment',
    id: 'ra1',
    status: 'final',
    subject: { reference: 'Patient/p1' },
    prediction: [{ probabilityDecimal: 0.25 }],
  },
  {
    resourceType: 'RiskAssessment',
    id: 'ra2',
    status: 'final',
    subject: { reference: 'Patient/p2' },
    prediction: [{ probabilityDecimal: 0.3 }],
  },
  { resourceType: 'ValueSet', id: 'vs1', status: 'active', url: 'http://acme.org/fhir/ValueSet/123' },
  { resourceType: 'ValueSet', id: 'vs2', status: 'active', url: 'http://acme.org/fhir/ValueSet/456' },
  { resourceType: 'ValueSet', id: 'vs3', status: 'active', url: 'http://other.org/vs' },
  {
    resourceType: 'List',
    id: 'l1',
    status: 'current',
    mode: 'working',
    entry: [{ item: { reference: 'Patient/p1' } }, { item: { reference: 'Patient/p3' } }],
  },
];

export interface SearchWorld {
  db: Engine;
  repo: Repository;
  /** Ids of the matches (search.mode match), in Bundle order. */
  ids(type: string | undefined, query: string, opts?: Partial<SearchOptions>): Promise<string[]>;
  search(type: string | undefined, query: string, opts?: Partial<SearchOptions>): Promise<Bundle>;
  close(): Promise<void>;
}

/** `a=1&b=2` → the SearchQuery pairs, decoded like an HTTP query string. */
export function queryOf(query: string): [string, string][] {
  return [...new URLSearchParams(query).entries()];
}

export function matchIds(bundle: Bundle): string[] {
  return (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id!);
}

export async function openSearchWorld(
  open: OpenTestEngine,
  resources: Resource[] = WORLD,
): Promise<SearchWorld> {
  const db = await open();
  const bus = createInProcessBus();
  const repo = createRepository({ db, bus });
  for (const resource of resources) await repo.update(SYSTEM_CONTEXT, resource);
  const search = (type: string | undefined, query: string, opts?: Partial<SearchOptions>) =>
    repo.search(SYSTEM_CONTEXT, type, queryOf(query), { baseUrl: BASE, ...opts });
  return {
    db,
    repo,
    search,
    ids: async (type, query, opts) => matchIds(await search(type, query, opts)),
    async close() {
      await bus.close();
      await db.close();
    },
  };
}
