/* eslint-disable @typescript-eslint/no-unsafe-return -- assertions read the untyped JSON of responses */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { FHIR_BASE, openTestServer, type TestServer } from './test-server.ts';

const patient = {
  resourceType: 'Patient',
  identifier: [{ system: 'urn:test:mrn', value: 'rest-1' }],
  name: [{ family: 'Okafor', given: ['Ada'] }],
  birthDate: '1970-01-02',
};

function expectOutcome(body: any, status: number, res: { statusCode: number }): void {
  expect(res.statusCode).toBe(status);
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue[0].diagnostics).toEqual(expect.any(String));
}

describe.each(testEngines())('FHIR REST over HTTP on %s', (_name, open) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer(open, { maxBodyBytes: 200_000 });
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses /fhir/Patient without a token with 401, WWW-Authenticate and an OperationOutcome', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/fhir/Patient' });
    expectOutcome(res.json(), 401, res);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await s.app.inject({
      method: 'GET',
      url: '/fhir/Patient',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('serves metadata without a token: a CapabilityStatement listing interactions, params and operations', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/fhir/metadata' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const cs = res.json();
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.format).toEqual(['application/fhir+json', 'json']);
    const p = cs.rest[0].resource.find((r: any) => r.type === 'Patient');
    expect(p.interaction.map((i: any) => i.code)).toEqual(
      expect.arrayContaining([
        'read',
        'vread',
        'update',
        'patch',
        'delete',
        'create',
        'search-type',
        'history-instance',
      ]),
    );
    expect(p.searchParam.map((x: any) => x.name)).toEqual(
      expect.arrayContaining(['name', 'birthdate', '_id']),
    );
    expect(p.operation.map((o: any) => o.name)).toEqual(['validate', 'everything', 'export']);
    expect(cs.rest[0].interaction.map((i: any) => i.code)).toEqual(
      expect.arrayContaining(['transaction', 'batch', 'history-system']),
    );
  });

  it('creates with 201, Location, ETag and Last-Modified, and reads back with the same headers', async () => {
    const res = await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(res.headers.location).toBe(`${FHIR_BASE}/Patient/${created.id}/_history/1`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.headers['last-modified']).toBe(new Date(created.meta.lastUpdated).toUTCString());
    const read = await s.fhir({ method: 'GET', url: `/fhir/Patient/${created.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('W/"1"');
    expect(read.json()).toEqual(created);
  });

  it('answers a conditional read with 304 for a current ETag or an unchanged If-Modified-Since', async () => {
    const created = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient })).json();
    const url = `/fhir/Patient/${created.id}`;
    expect((await s.fhir({ method: 'GET', url, headers: { 'if-none-match': 'W/"1"' } })).statusCode).toBe(
      304,
    );
    expect((await s.fhir({ method: 'GET', url, headers: { 'if-none-match': 'W/"7"' } })).statusCode).toBe(
      200,
    );
    const later = new Date(Date.parse(created.meta.lastUpdated) + 5000).toUTCString();
    const earlier = new Date(Date.parse(created.meta.lastUpdated) - 5000).toUTCString();
    expect((await s.fhir({ method: 'GET', url, headers: { 'if-modified-since': later } })).statusCode).toBe(
      304,
    );
    expect((await s.fhir({ method: 'GET', url, headers: { 'if-modified-since': earlier } })).statusCode).toBe(
      200,
    );
  });

  it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
    const minimal = await s.fhir({
      method: 'POST',
      url: '/fhir/Patient',
      body: patient,
      headers: { prefer: 'return=minimal' },
    });
    expect(minimal.statusCode).toBe(201);
    expect(minimal.body).toBe('');
    expect(minimal.headers.location).toMatch(/\/_history\/1$/);
    const oo = await s.fhir({
      method: 'POST',
      url: '/fhir/Patient',
      body: patient,
      headers: { prefer: 'return=OperationOutcome' },
    });
    expect(oo.json().resourceType).toBe('OperationOutcome');
  });

  it('updates with If-Match, refuses a stale version with 412, and vreads both versions', async () => {
    const created = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient })).json();
    const url = `/fhir/Patient/${created.id}`;
    const changed = { ...created, birthDate: '1971-03-04' };
    const ok = await s.fhir({ method: 'PUT', url, body: changed, headers: { 'if-match': 'W/"1"' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('W/"2"');
    const stale = await s.fhir({ method: 'PUT', url, body: changed, headers: { 'if-match': 'W/"1"' } });
    expectOutcome(stale.json(), 412, stale);
    expect((await s.fhir({ method: 'GET', url: `${url}/_history/1` })).json().birthDate).toBe('1970-01-02');
    expect((await s.fhir({ method: 'GET', url: `${url}/_history/2` })).json().birthDate).toBe('1971-03-04');
  });

  it('creates with a client-assigned id on PUT (201) and refuses a body id that differs from the URL (400)', async () => {
    const res = await s.fhir({
      method: 'PUT',
      url: '/fhir/Patient/client-1',
      body: { ...patient, id: 'client-1' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`${FHIR_BASE}/Patient/client-1/_history/1`);
    const mismatch = await s.fhir({
      method: 'PUT',
      url: '/fhir/Patient/client-1',
      body: { ...patient, id: 'other' },
    });
    expectOutcome(mismatch.json(), 400, mismatch);
    const missing = await s.fhir({ method: 'PUT', url: '/fhir/Patient/client-1', body: patient });
    expectOutcome(missing.json(), 400, missing);
  });

  it('patches with application/json-patch+json and refuses other patch media types with 415', async () => {
    const created = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient })).json();
    const url = `/fhir/Patient/${created.id}`;
    const ops = [{ op: 'replace', path: '/birthDate', value: '1980-05-06' }];
    const res = await s.fhir({
      method: 'PATCH',
      url,
      body: ops,
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().birthDate).toBe('1980-05-06');
    const wrongType = await s.fhir({ method: 'PATCH', url, body: ops });
    expectOutcome(wrongType.json(), 415, wrongType);
  });

  it('deletes with 204, then reads 410 Gone while the old version still vreads', async () => {
    const created = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient })).json();
    const url = `/fhir/Patient/${created.id}`;
    expect((await s.fhir({ method: 'DELETE', url })).statusCode).toBe(204);
    const gone = await s.fhir({ method: 'GET', url });
    expectOutcome(gone.json(), 410, gone);
    expect((await s.fhir({ method: 'GET', url: `${url}/_history/1` })).statusCode).toBe(200);
  });

  it('does a conditional create: the second If-None-Exist returns the match with 200', async () => {
    const body = { ...patient, identifier: [{ system: 'urn:test:mrn', value: 'cond-1' }] };
    const headers = { 'if-none-exist': 'identifier=urn:test:mrn|cond-1' };
    const first = await s.fhir({ method: 'POST', url: '/fhir/Patient', body, headers });
    expect(first.statusCode).toBe(201);
    const second = await s.fhir({ method: 'POST', url: '/fhir/Patient', body, headers });
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
  });

  it('does conditional update and conditional delete by search', async () => {
    const body = { ...patient, identifier: [{ system: 'urn:test:mrn', value: 'cond-2' }] };
    const url = '/fhir/Patient?identifier=urn:test:mrn|cond-2';
    const created = await s.fhir({ method: 'PUT', url, body });
    expect(created.statusCode).toBe(201);
    const updated = await s.fhir({ method: 'PUT', url, body: { ...body, gender: 'female' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().id).toBe(created.json().id);
    expect((await s.fhir({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await s.fhir({ method: 'GET', url: `/fhir/Patient/${created.json().id}` })).statusCode).toBe(410);
  });

  it('searches by GET and by POST _search with a form body, with the same matches', async () => {
    await s.fhir({
      method: 'POST',
      url: '/fhir/Patient',
      body: { ...patient, name: [{ family: 'Zebedee' }] },
    });
    const get = (await s.fhir({ method: 'GET', url: '/fhir/Patient?family=Zebedee' })).json();
    const post = await s.app.inject({
      method: 'POST',
      url: '/fhir/Patient/_search',
      headers: { authorization: 'Bearer test', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'family=Zebedee',
    });
    expect(post.statusCode).toBe(200);
    expect(get.type).toBe('searchset');
    expect(get.entry).toHaveLength(1);
    expect(post.json().entry.map((e: any) => e.resource.id)).toEqual(
      get.entry.map((e: any) => e.resource.id),
    );
  });

  it('refuses an unknown search parameter under Prefer: handling=strict with 400', async () => {
    const res = await s.fhir({
      method: 'GET',
      url: '/fhir/Patient?nonsense=1',
      headers: { prefer: 'handling=strict' },
    });
    expectOutcome(res.json(), 400, res);
  });

  it('searches a patient compartment with GET Patient/[id]/[type]', async () => {
    const p = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient })).json();
    const other = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient })).json();
    for (const subject of [p.id, other.id]) {
      await s.fhir({
        method: 'POST',
        url: '/fhir/Observation',
        body: {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'x' },
          subject: { reference: `Patient/${subject}` },
        },
      });
    }
    const res = await s.fhir({ method: 'GET', url: `/fhir/Patient/${p.id}/Observation` });
    expect(res.statusCode).toBe(200);
    expect(res.json().entry.map((e: any) => e.resource.subject.reference)).toEqual([`Patient/${p.id}`]);
  });

  it('serves instance, type and system history with _count', async () => {
    const created = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient })).json();
    await s.fhir({ method: 'PUT', url: `/fhir/Patient/${created.id}`, body: { ...created, gender: 'male' } });
    const instance = (await s.fhir({ method: 'GET', url: `/fhir/Patient/${created.id}/_history` })).json();
    expect(instance.type).toBe('history');
    expect(instance.entry.map((e: any) => e.resource.meta.versionId)).toEqual(['2', '1']);
    const type = await s.fhir({ method: 'GET', url: '/fhir/Patient/_history?_count=1' });
    expect(type.json().entry).toHaveLength(1);
    const system = await s.fhir({
      method: 'GET',
      url: `/fhir/_history?_since=${encodeURIComponent(created.meta.lastUpdated)}`,
    });
    expect(system.statusCode).toBe(200);
    const bad = await s.fhir({ method: 'GET', url: '/fhir/_history?_since=yesterday' });
    expectOutcome(bad.json(), 400, bad);
  });

  it('applies _summary and _elements on read and marks the copy SUBSETTED', async () => {
    const created = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient })).json();
    const res = (
      await s.fhir({ method: 'GET', url: `/fhir/Patient/${created.id}?_elements=birthDate` })
    ).json();
    expect(res.birthDate).toBe('1970-01-02');
    expect(res.name).toBeUndefined();
    expect(res.meta.tag.map((t: any) => t.code)).toContain('SUBSETTED');
  });

  it('pretty-prints with _pretty=true and accepts _format=json', async () => {
    const res = await s.fhir({ method: 'GET', url: '/fhir/metadata?_format=json&_pretty=true' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('\n  "resourceType": "CapabilityStatement"');
  });

  it('answers 406 with an OperationOutcome when only XML is acceptable', async () => {
    const byFormat = await s.fhir({ method: 'GET', url: '/fhir/Patient?_format=xml' });
    expectOutcome(byFormat.json(), 406, byFormat);
    const byAccept = await s.fhir({
      method: 'GET',
      url: '/fhir/Patient',
      headers: { accept: 'application/fhir+xml' },
    });
    expectOutcome(byAccept.json(), 406, byAccept);
  });

  it('answers 404 for an unknown type, 400 for a bad id, 405 for an unsupported method', async () => {
    const unknown = await s.fhir({ method: 'GET', url: '/fhir/Spaceship/1' });
    expectOutcome(unknown.json(), 404, unknown);
    const badId = await s.fhir({ method: 'GET', url: '/fhir/Patient/not_an_id!' });
    expectOutcome(badId.json(), 400, badId);
    const method = await s.fhir({ method: 'PATCH', url: '/fhir/Patient' });
    expectOutcome(method.json(), 405, method);
  });

  it('answers malformed JSON 400, a wrong resourceType 400, XML 415 and an oversized body 413', async () => {
    const malformed = await s.fhir({ method: 'POST', url: '/fhir/Patient', body: '{"resourceType": "Pat' });
    expectOutcome(malformed.json(), 400, malformed);
    const wrongType = await s.fhir({
      method: 'POST',
      url: '/fhir/Patient',
      body: { resourceType: 'Observation' },
    });
    expectOutcome(wrongType.json(), 400, wrongType);
    const xml = await s.fhir({
      method: 'POST',
      url: '/fhir/Patient',
      body: '<Patient xmlns="http://hl7.org/fhir"/>',
      headers: { 'content-type': 'application/fhir+xml' },
    });
    expectOutcome(xml.json(), 415, xml);
    const huge = { ...patient, name: [{ family: 'x'.repeat(300_000) }] };
    const tooLarge = await s.fhir({ method: 'POST', url: '/fhir/Patient', body: huge });
    expectOutcome(tooLarge.json(), 413, tooLarge);
  });

  it('refuses an invalid resource with 400 naming the element, and writes nothing', async () => {
    const before = (await s.fhir({ method: 'GET', url: '/fhir/Patient?_count=1' })).json().total;
    const res = await s.fhir({
      method: 'POST',
      url: '/fhir/Patient',
      body: { ...patient, birthDate: 'soon' },
    });
    expectOutcome(res.json(), 400, res);
    expect(JSON.stringify(res.json())).toContain('Patient.birthDate');
    expect((await s.fhir({ method: 'GET', url: '/fhir/Patient?_count=1' })).json().total).toBe(before);
  });

  it('validates with $validate: 200 with the outcome, errors listed for an invalid resource', async () => {
    const good = await s.fhir({ method: 'POST', url: '/fhir/Patient/$validate', body: patient });
    expect(good.statusCode).toBe(200);
    expect(good.json().issue.every((i: any) => i.severity !== 'error')).toBe(true);
    const bad = await s.fhir({
      method: 'POST',
      url: '/fhir/Patient/$validate',
      body: {
        resourceType: 'Parameters',
        parameter: [{ name: 'resource', resource: { ...patient, birthDate: 'x' } }],
      },
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().issue.some((i: any) => i.severity === 'error')).toBe(true);
  });

  it('answers /healthz and /readyz without a token', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });
});
