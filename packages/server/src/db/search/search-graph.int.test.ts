// Chains, reverse chains, includes and compartments over the world in search.fixtures.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../test-engines.ts';
import { openSearchWorld, type SearchWorld } from './search.fixtures.ts';

const included = (bundle: { entry?: { search?: { mode?: string }; fullUrl?: string }[] }) =>
  (bundle.entry ?? [])
    .filter((e) => e.search?.mode === 'include')
    .map((e) => e.fullUrl!.replace('http://hearth.test/fhir/', ''))
    .sort();

describe.each(testEngines())('search graph on %s', (_name, open) => {
  let w: SearchWorld;
  beforeAll(async () => {
    w = await openSearchWorld(open);
  });
  afterAll(() => w?.close());

  it('chains through a typed reference', async () => {
    expect(await w.ids('Observation', 'subject:Patient.name=smith')).toEqual(['obs1', 'obs2']);
  });

  it('chains through every target type that has the parameter', async () => {
    expect(await w.ids('Observation', 'subject.name=smy')).toEqual(['obs3', 'obs4']);
  });

  it('chains several levels', async () => {
    expect(await w.ids('Observation', 'patient.organization.name=acme')).toEqual(['obs1', 'obs2']);
    expect(await w.ids('Observation', 'patient.organization.partof.name=acme')).toEqual(['obs3', 'obs4']);
  });

  it('_has finds resources referred to by matching resources', async () => {
    expect(await w.ids('Patient', '_has:Observation:patient:code=29463-7')).toEqual(['p1']);
    expect(await w.ids('Patient', '_has:Observation:subject:status=preliminary,cancelled')).toEqual([
      'p2',
      'p3',
    ]);
  });

  it('_has nests', async () => {
    expect(
      await w.ids('Patient', '_has:Observation:patient:_has:DiagnosticReport:result:status=final'),
    ).toEqual(['p2']);
  });

  it('_include adds referenced resources, by parameter, target type or *', async () => {
    expect(included(await w.search('Observation', '_id=obs1&_include=Observation:subject'))).toEqual([
      'Patient/p1',
    ]);
    expect(
      included(await w.search('Observation', '_id=obs1&_include=Observation:performer:Practitioner')),
    ).toEqual(['Practitioner/pr1']);
    expect(included(await w.search('Observation', '_id=obs1&_include=*'))).toEqual([
      'Encounter/e1',
      'Patient/p1',
      'Practitioner/pr1',
    ]);
  });

  it('_include:iterate follows references of included resources; plain _include does not', async () => {
    const plain = await w.search(
      'Observation',
      '_id=obs1&_include=Observation:subject&_include=Patient:organization',
    );
    expect(included(plain)).toEqual(['Patient/p1']);
    const iterate = await w.search(
      'Observation',
      '_id=obs1&_include=Observation:subject&_include:iterate=Patient:organization',
    );
    expect(included(iterate)).toEqual(['Organization/o1', 'Patient/p1']);
  });

  it('_revinclude adds resources that refer to the matches, and iterates', async () => {
    expect(included(await w.search('Patient', '_id=p2&_revinclude=Observation:subject'))).toEqual([
      'Observation/obs3',
      'Observation/obs4',
    ]);
    const iterate = await w.search(
      'Patient',
      '_id=p2&_revinclude=Observation:subject&_revinclude:iterate=DiagnosticReport:result',
    );
    expect(included(iterate)).toEqual(['DiagnosticReport/dr1', 'Observation/obs3', 'Observation/obs4']);
  });

  it('a match is never repeated as an include', async () => {
    const bundle = await w.search('Patient', '_id=p1,p2&_include=Patient:link');
    expect(included(bundle)).toEqual([]);
  });

  it('compartment search stays inside the patient compartment', async () => {
    const compartment = { type: 'Patient' as const, id: 'p1' };
    expect(await w.ids('Observation', '', { compartment })).toEqual(['obs1', 'obs2']);
    expect(await w.ids('Observation', 'code=8867-4', { compartment })).toEqual(['obs1']);
    expect(await w.ids(undefined, '', { compartment })).toEqual(['e1', 'obs1', 'obs2', 'p1', 'ra1']);
  });

  it('intersects several parameters, chains, repeated dates and negations', async () => {
    expect(await w.ids('Observation', 'subject=Patient/p1&code=http://loinc.org|8867-4')).toEqual(['obs1']);
    expect(await w.ids('Observation', 'code=8867-4&date=ge2020-01-01&date=lt2020-12-31')).toEqual([
      'obs1',
      'obs3',
    ]);
    expect(await w.ids('Observation', 'code=8867-4&subject:Patient.name=smith&status=final')).toEqual([
      'obs1',
    ]);
    expect(await w.ids('Observation', 'code=8867-4&status:not=final&subject=Patient/p2')).toEqual(['obs3']);
    expect(await w.ids('Observation', 'subject=Patient/p1&code=8867-4&_id=obs2')).toEqual([]);
  });

  it('system search spans types, or the _type list', async () => {
    expect(await w.ids(undefined, '_id=p1,obs1,o1')).toEqual(['obs1', 'o1', 'p1']);
    expect(await w.ids(undefined, '_type=Patient,Organization&_id=p1,obs1,o1')).toEqual(['o1', 'p1']);
  });
});
