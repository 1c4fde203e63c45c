/* eslint-disable @typescript-eslint/no-unsafe-return -- assertions read the untyped JSON of responses */
// Search over HTTP (search.html): common parameters, modifiers, composites, result parameters, paging,
// POST _search and strict/lenient handling, against a small world written through the REST API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from './test-server.ts';

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const LOINC = 'http://loinc.org';
const PROFILE = 'http://example.org/StructureDefinition/special-patient';

const world: Record<string, unknown>[] = [
  {
    resourceType: 'Patient',
    id: 'sh-p1',
    meta: { tag: [{ system: 'urn:tags', code: 'vip' }], security: [{ system: 'urn:sec', code: 'R' }] },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Seen for asthma</div>' },
    identifier: [
      { type: { coding: [{ system: V2_0203, code: 'MR' }] }, system: 'urn:mrn', value: 'shared-1' },
    ],
    name: [{ family: 'Samefamily', given: ['Ann'] }],
    gender: 'female',
    birthDate: '1980-01-01',
  },
  {
    resourceType: 'Patient',
    id: 'sh-p2',
    meta: { profile: [PROFILE] },
    identifier: [
      { type: { coding: [{ system: V2_0203, code: 'DL' }] }, system: 'urn:mrn', value: 'shared-1' },
    ],
    name: [{ family: 'Samefamily', given: ['Bob'] }],
    gender: 'male',
    birthDate: '1990-01-01',
  },
  ...[3, 4, 5, 6, 7].map((n) => ({
    resourceType: 'Patient',
    id: `sh-p${n}`,
    name: [{ family: 'Samefamily', given: ['Same'] }],
    gender: 'unknown',
  })),
  { resourceType: 'Organization', id: 'sh-parent', name: 'Parent Org' },
  {
    resourceType: 'Organization',
    id: 'sh-child',
    name: 'Child Org',
    partOf: { reference: 'Organization/sh-parent' },
  },
  {
    resourceType: 'Encounter',
    id: 'sh-e1',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/sh-p1' },
    serviceProvider: { reference: 'Organization/sh-child' },
  },
  {
    resourceType: 'Observation',
    id: 'sh-o1',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '8480-6' }] },
    subject: { reference: 'Patient/sh-p1' },
    encounter: { reference: 'Encounter/sh-e1' },
    performer: [{ reference: 'Organization/sh-child' }],
    valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
  },
  {
    resourceType: 'Observation',
    id: 'sh-o2',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '85354-9' }] },
    subject: { reference: 'Patient/sh-p2', identifier: { system: 'urn:mrn', value: 'shared-1' } },
    component: [
      {
        code: { coding: [{ system: LOINC, code: '8480-6' }] },
        valueQuantity: { value: 150, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: LOINC, code: '8462-4' }] },
        valueQuantity: { value: 95, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
    ],
  },
  {
    resourceType: 'List',
    id: 'sh-list',
    status: 'current',
    mode: 'working',
    entry: [{ item: { reference: 'Patient/sh-p2' } }, { item: { reference: 'Patient/sh-p3' } }],
  },
  { resourceType: 'ValueSet', id: 'sh-vs1', status: 'active', url: 'http://acme.test/fhir/ValueSet/a/b' },
  { resourceType: 'ValueSet', id: 'sh-vs2', status: 'active', url: 'http://acme.test/fhir/ValueSet' },
  { resourceType: 'ValueSet', id: 'sh-vs3', status: 'active', url: 'http://other.test/ValueSet/a' },
];

const matches = (bundle: any): string[] =>
  (bundle.entry ?? []).filter((e: any) => e.search?.mode === 'match').map((e: any) => e.resource.id);
const includes = (bundle: any): string[] =>
  (bundle.entry ?? [])
    .filter((e: any) => e.search?.mode === 'include')
    .map((e: any) => `${e.resource.resourceType}/${e.resource.id}`)
    .sort();
const link = (bundle: any, relation: string): string | undefined =>
  bundle.link?.find((l: any) => l.relation === relation)?.url?.replace(/^https?:\/\/[^/]+/, '');

describe.each(testEngines())('search over HTTP on %s', (_name, open) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer(open);
    const res = await s.fhir({
      method: 'POST',
      url: '/fhir',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: world.map((r) => ({
          resource: r,
          request: { method: 'PUT', url: `${String(r.resourceType)}/${String(r.id)}` },
        })),
      },
    });
    expect(res.statusCode).toBe(200);
  });
  afterAll(async () => {
    await s.close();
  });

  const search = async (url: string, headers?: Record<string, string>) => {
    const res = await s.fhir({ method: 'GET', url: `/fhir/${url}`, ...(headers ? { headers } : {}) });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const ids = async (url: string) => matches(await search(url)).sort();

  it('_summary=count and _count=0 answer the real total and no entries', async () => {
    for (const url of [
      'Patient?family=samefamily&_summary=count',
      'Patient?_summary=count',
      'Patient?_count=0',
    ]) {
      const bundle = await search(url);
      expect(bundle.total).toBe(7);
      expect(bundle.entry ?? []).toEqual([]);
    }
    expect((await search('?_type=Patient,Observation&_summary=count')).total).toBe(9);
    expect((await search('Patient/sh-p1/Observation?_summary=count')).total).toBe(1);
  });

  it('_total=accurate counts beyond the page, none omits it, estimate gives a number', async () => {
    expect((await search('Patient?family=samefamily&_count=2&_total=accurate')).total).toBe(7);
    expect((await search('Patient?family=samefamily&_count=2&_total=none')).total).toBeUndefined();
    expect(typeof (await search('Patient?family=samefamily&_count=2&_total=estimate')).total).toBe('number');
  });

  it('_summary=true|text|data and _elements shape each match', async () => {
    const [summary] = (await search('Patient?_id=sh-p1&_summary=true')).entry;
    expect(summary.resource.birthDate).toBe('1980-01-01');
    expect(summary.resource.text).toBeUndefined();
    const [text] = (await search('Patient?_id=sh-p1&_summary=text')).entry;
    expect(text.resource.text.div).toContain('asthma');
    expect(text.resource.birthDate).toBeUndefined();
    const [data] = (await search('Patient?_id=sh-p1&_summary=data')).entry;
    expect(data.resource.text).toBeUndefined();
    expect(data.resource.name[0].family).toBe('Samefamily');
    const [elements] = (await search('Patient?_id=sh-p1&_elements=gender')).entry;
    expect(Object.keys(elements.resource).sort()).toEqual(['gender', 'id', 'meta', 'resourceType']);
    for (const e of [summary, text, data, elements]) {
      expect(e.resource.meta.tag.map((t: any) => t.code)).toContain('SUBSETTED');
    }
  });

  it('_tag, _security, _profile, _text, _content and _list select by meta, narrative, content and List', async () => {
    expect(await ids('Patient?_tag=urn:tags|vip')).toEqual(['sh-p1']);
    expect(await ids('Patient?_security=urn:sec|R')).toEqual(['sh-p1']);
    expect(await ids(`Patient?_profile=${encodeURIComponent(PROFILE)}`)).toEqual(['sh-p2']);
    expect(await ids('Patient?_text=asthma')).toEqual(['sh-p1']);
    expect(await ids('Patient?_content=bob')).toEqual(['sh-p2']);
    expect(await ids('Patient?_list=sh-list')).toEqual(['sh-p2', 'sh-p3']);
  });

  it(':of-type matches an identifier by its type and value; :identifier a reference by identifier', async () => {
    expect(await ids(`Patient?identifier:of-type=${V2_0203}|MR|shared-1`)).toEqual(['sh-p1']);
    expect(await ids(`Patient?identifier:of-type=${V2_0203}|DL|shared-1`)).toEqual(['sh-p2']);
    expect(await ids(`Patient?identifier:of-type=${V2_0203}|MR|other`)).toEqual([]);
    expect(await ids('Observation?subject:identifier=urn:mrn|shared-1')).toEqual(['sh-o2']);
  });

  it('a reference takes a :[type] modifier, and uri :below/:above match by path', async () => {
    expect(await ids('Observation?subject:Patient=sh-p1')).toEqual(['sh-o1']);
    expect(await ids('Observation?subject:Group=sh-p1')).toEqual([]);
    expect(await ids('ValueSet?url:below=http://acme.test/fhir/ValueSet')).toEqual(['sh-vs1', 'sh-vs2']);
    expect(await ids('ValueSet?url:above=http://acme.test/fhir/ValueSet/a/b/c')).toEqual([
      'sh-vs1',
      'sh-vs2',
    ]);
  });

  it('composite code-value-quantity and component-code-value-quantity pair code and value', async () => {
    expect(await ids(`Observation?code-value-quantity=${LOINC}|8480-6$gt100`)).toEqual(['sh-o1']);
    expect(await ids(`Observation?code-value-quantity=${LOINC}|8480-6$gt130`)).toEqual([]);
    expect(await ids(`Observation?component-code-value-quantity=${LOINC}|8480-6$gt130`)).toEqual(['sh-o2']);
    // 95 belongs to the diastolic component, so it does not pair with the systolic code.
    expect(await ids(`Observation?component-code-value-quantity=${LOINC}|8480-6$lt100`)).toEqual([]);
  });

  it('_has nests, _include:iterate follows included resources, _include=* and _revinclude', async () => {
    expect(await ids('Patient?_has:Encounter:subject:_has:Observation:encounter:code=8480-6')).toEqual([
      'sh-p1',
    ]);
    const iterate = await search(
      'Observation?_id=sh-o1&_include=Observation:performer&_include:iterate=Organization:partof',
    );
    expect(includes(iterate)).toEqual(['Organization/sh-child', 'Organization/sh-parent']);
    const plain = await search(
      'Observation?_id=sh-o1&_include=Observation:performer&_include=Organization:partof',
    );
    expect(includes(plain)).toEqual(['Organization/sh-child']);
    const all = await search('Observation?_id=sh-o1&_include=*');
    expect(includes(all)).toEqual(['Encounter/sh-e1', 'Organization/sh-child', 'Patient/sh-p1']);
    const rev = await search(
      'Patient?_id=sh-p1&_revinclude=Observation:subject&_revinclude=Encounter:subject',
    );
    expect(includes(rev)).toEqual(['Encounter/sh-e1', 'Observation/sh-o1']);
  });

  it('sorts by several keys, each ascending or descending', async () => {
    expect(matches(await search('Patient?_id=sh-p1,sh-p2,sh-p3&_sort=-gender,birthdate'))).toEqual([
      'sh-p3',
      'sh-p2',
      'sh-p1',
    ]);
    expect(matches(await search('Patient?_id=sh-p1,sh-p2,sh-p3&_sort=family,-_id'))).toEqual([
      'sh-p3',
      'sh-p2',
      'sh-p1',
    ]);
  });

  it('pages through equal sort keys with next and previous links, never repeating or skipping', async () => {
    const everything = matches(await search('Patient?family=samefamily&_sort=family&_count=100'));
    expect(everything).toHaveLength(7);
    const pages: string[][] = [];
    let url: string | undefined = '/fhir/Patient?family=samefamily&_sort=family&_count=2';
    while (url) {
      const bundle = await search(url.replace(/^\/fhir\//, ''));
      pages.push(matches(bundle));
      url = link(bundle, 'next');
    }
    expect(pages.flat()).toEqual(everything);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    // Walk back from the last page with previous links: the same pages in reverse.
    const last = await search('Patient?family=samefamily&_sort=family&_count=2&_offset=6');
    const back: string[][] = [matches(last)];
    url = link(last, 'previous');
    while (url) {
      const bundle = await search(url.replace(/^\/fhir\//, ''));
      back.unshift(matches(bundle));
      url = link(bundle, 'previous');
    }
    expect(back).toEqual(pages);
  });

  it('POST _search combines the form body with the URL query (both must hold)', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/fhir/Patient/_search?gender=male',
      headers: { authorization: 'Bearer test', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'family=samefamily&_count=50',
    });
    expect(res.statusCode).toBe(200);
    expect(matches(res.json())).toEqual(['sh-p2']);
    expect(link(res.json(), 'self')).toContain('gender=male');
    const xml = await s.app.inject({
      method: 'POST',
      url: '/fhir/Patient/_search',
      headers: { authorization: 'Bearer test', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'family=samefamily&_format=xml',
    });
    expect(xml.statusCode).toBe(406);
  });

  it('strict handling refuses an unknown or malformed parameter with 400 naming it', async () => {
    for (const [query, name] of [
      ['nonsense=1', 'nonsense'],
      ['birthdate=notadate', 'birthdate'],
      ['family:fuzzy=x', 'family:fuzzy'],
      ['_type=Patient', '_type'],
      ['_query=everyone', '_query'],
    ] as const) {
      const res = await s.fhir({
        method: 'GET',
        url: `/fhir/Patient?${query}`,
        headers: { prefer: 'handling=strict' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().issue[0].expression).toEqual([name]);
      expect(res.json().issue[0].diagnostics).toContain(name);
    }
  });

  it('lenient handling ignores it and lists it in an outcome entry (search.mode = outcome)', async () => {
    for (const headers of [{ prefer: 'handling=lenient' }, undefined]) {
      const bundle = await search('Patient?nonsense=1&_id=sh-p1', headers);
      expect(matches(bundle)).toEqual(['sh-p1']);
      const outcome = bundle.entry.find((e: any) => e.search.mode === 'outcome');
      expect(outcome.resource.resourceType).toBe('OperationOutcome');
      expect(outcome.resource.issue[0].expression).toEqual(['nonsense']);
      expect(link(bundle, 'self')).not.toContain('nonsense');
    }
  });
});
