/* eslint-disable @typescript-eslint/no-unsafe-return -- assertions read the untyped JSON of responses */
// Patient/[id]/$everything (patient-operation-everything.html) over HTTP: the compartment with the
// resources it points at, Bundle.total, _count paging through next links, _type and _since.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from './test-server.ts';

const observation = (id: string, patient: string) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { text: 'weight' },
  subject: { reference: `Patient/${patient}` },
  performer: [{ reference: 'Practitioner/ev-pr' }],
});

const world = [
  { resourceType: 'Patient', id: 'ev-p' },
  { resourceType: 'Patient', id: 'ev-other' },
  { resourceType: 'Practitioner', id: 'ev-pr' },
  { resourceType: 'Organization', id: 'ev-org' },
  {
    resourceType: 'Encounter',
    id: 'ev-e',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/ev-p' },
    serviceProvider: { reference: 'Organization/ev-org' },
  },
  observation('ev-o1', 'ev-p'),
  observation('ev-o2', 'ev-p'),
  observation('ev-o3', 'ev-p'),
  observation('ev-x', 'ev-other'),
];

const byMode = (bundle: any, mode: string): string[] =>
  (bundle.entry ?? [])
    .filter((e: any) => e.search?.mode === mode)
    .map((e: any) => `${e.resource.resourceType}/${e.resource.id}`)
    .sort();

describe.each(testEngines())('Patient/$everything on %s', (_name, open) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer(open);
    for (const r of world) {
      const res = await s.fhir({ method: 'PUT', url: `/fhir/${r.resourceType}/${r.id}`, body: r });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await s.close();
  });

  const everything = async (query = '') => {
    const res = await s.fhir({ method: 'GET', url: `/fhir/Patient/ev-p/$everything${query}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('returns the patient, its compartment and what they refer to, with the total of matches', async () => {
    const bundle = await everything();
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(5);
    expect(byMode(bundle, 'match')).toEqual([
      'Encounter/ev-e',
      'Observation/ev-o1',
      'Observation/ev-o2',
      'Observation/ev-o3',
      'Patient/ev-p',
    ]);
    expect(byMode(bundle, 'include')).toEqual(['Organization/ev-org', 'Practitioner/ev-pr']);
  });

  it('pages with _count through next links on the operation, each match once and the total on each page', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/fhir/Patient/ev-p/$everything?_count=2';
    while (url) {
      const bundle = (await s.fhir({ method: 'GET', url })).json();
      expect(bundle.total).toBe(5);
      expect(byMode(bundle, 'match').length).toBeLessThanOrEqual(2);
      seen.push(...byMode(bundle, 'match'));
      const next = bundle.link.find((l: any) => l.relation === 'next')?.url as string | undefined;
      if (next) expect(next).toContain('/fhir/Patient/ev-p/$everything?');
      url = next?.replace(/^https?:\/\/[^/]+/, '');
    }
    expect(seen.sort()).toEqual(byMode(await everything(), 'match'));
  });

  it('keeps only the listed _type and only what changed at or after _since', async () => {
    const observations = await everything('?_type=Observation');
    expect(observations.total).toBe(3);
    expect(byMode(observations, 'match')).toEqual([
      'Observation/ev-o1',
      'Observation/ev-o2',
      'Observation/ev-o3',
    ]);
    const changed = await s.fhir({
      method: 'PUT',
      url: '/fhir/Observation/ev-o2',
      body: { ...observation('ev-o2', 'ev-p'), status: 'amended' },
    });
    const since = encodeURIComponent(changed.json().meta.lastUpdated);
    const recent = await everything(`?_since=${since}`);
    expect(byMode(recent, 'match')).toEqual(['Observation/ev-o2']);
    expect(recent.total).toBe(1);
  });

  it('answers 404 for an unknown patient and 400 for a _type outside the compartment', async () => {
    expect((await s.fhir({ method: 'GET', url: '/fhir/Patient/nobody/$everything' })).statusCode).toBe(404);
    const bad = await s.fhir({ method: 'GET', url: '/fhir/Patient/ev-p/$everything?_type=Organization' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issue[0].expression).toEqual(['_type']);
  });
});
