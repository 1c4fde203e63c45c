/* eslint-disable @typescript-eslint/no-unsafe-return -- assertions read the untyped JSON of responses */
// The REST interactions of http.html, point by point, through the HTTP surface: history parameters,
// Prefer: return, content negotiation, conditional update/delete/create cardinality, update-as-create,
// PATCH with If-Match, and the history of a delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from './test-server.ts';

function patient(mrn: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'urn:test:int', value: mrn }],
    name: [{ family: 'Interaction' }],
    ...extra,
  };
}

const versions = (bundle: any): string[] =>
  (bundle.entry ?? []).map((e: any) => `${e.request.method} ${e.request.url}@${e.response.etag}`);

describe.each(testEngines())('FHIR REST interactions (http.html) on %s', (_name, open) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer(open);
  });
  afterAll(async () => {
    await s.close();
  });

  const post = async (body: unknown, headers?: Record<string, string>) =>
    s.fhir({
      method: 'POST',
      url: `/fhir/${(body as { resourceType: string }).resourceType}`,
      body,
      ...(headers ? { headers } : {}),
    });
  const get = async (url: string, headers?: Record<string, string>) =>
    s.fhir({ method: 'GET', url, ...(headers ? { headers } : {}) });

  describe('history', () => {
    let id: string;
    let v1: any;
    let v2: any;
    beforeAll(async () => {
      v1 = (await post(patient('hist-1'))).json();
      id = v1.id;
      v2 = (
        await s.fhir({ method: 'PUT', url: `/fhir/Patient/${id}`, body: { ...v1, gender: 'other' } })
      ).json();
      expect((await s.fhir({ method: 'DELETE', url: `/fhir/Patient/${id}` })).statusCode).toBe(204);
    });

    it('shows a delete as the newest instance version, with request DELETE and no resource', async () => {
      const res = await get(`/fhir/Patient/${id}/_history`);
      expect(res.statusCode).toBe(200);
      const bundle = res.json();
      expect(bundle.total).toBe(3);
      expect(versions(bundle)).toEqual([
        `DELETE Patient/${id}@W/"3"`,
        `PUT Patient/${id}@W/"2"`,
        'POST Patient@W/"1"',
      ]);
      expect(bundle.entry[0].resource).toBeUndefined();
    });

    it('keeps versions made at or after _since on instance, type and system level, the delete included', async () => {
      const since = encodeURIComponent(v2.meta.lastUpdated);
      for (const url of [`/fhir/Patient/${id}/_history`, '/fhir/Patient/_history', '/fhir/_history']) {
        const bundle = (await get(`${url}?_since=${since}`)).json();
        const mine = bundle.entry.filter((e: any) => e.fullUrl.endsWith(`/Patient/${id}`));
        expect(mine.map((e: any) => `${e.request.method}@${e.response.etag}`)).toEqual([
          'DELETE@W/"3"',
          'PUT@W/"2"',
        ]);
      }
    });

    it('pages instance history with _count, newest first', async () => {
      const first = (await get(`/fhir/Patient/${id}/_history?_count=2`)).json();
      expect(versions(first).map((v) => v.split('@')[1])).toEqual(['W/"3"', 'W/"2"']);
      const next = first.link.find((l: any) => l.relation === 'next').url.replace(/^https?:\/\/[^/]+/, '');
      expect(versions((await get(next)).json()).map((v) => v.split('@')[1])).toEqual(['W/"1"']);
    });

    it('answers _at with the version current at that instant, on instance, type and system level', async () => {
      const at = encodeURIComponent(v2.meta.lastUpdated);
      for (const url of [`/fhir/Patient/${id}/_history`, '/fhir/Patient/_history', '/fhir/_history']) {
        const bundle = (await get(`${url}?_at=${at}`)).json();
        const mine = bundle.entry.filter((e: any) => e.fullUrl.endsWith(`/Patient/${id}`));
        expect(mine.map((e: any) => e.response.etag)).toEqual(['W/"2"']);
      }
    });

    it('pages type and system history with _count through next links, each version once', async () => {
      for (const start of ['/fhir/Patient/_history?_count=1', '/fhir/_history?_count=2']) {
        const all = versions((await get(start.replace(/_count=\d/, '_count=1000'))).json());
        const seen: string[] = [];
        let url: string | undefined = start;
        while (url) {
          const bundle = (await get(url)).json();
          expect(bundle.entry.length).toBeLessThanOrEqual(Number(/_count=(\d)/.exec(start)![1]));
          seen.push(...versions(bundle));
          const next = bundle.link.find((l: any) => l.relation === 'next')?.url as string | undefined;
          url = next?.replace(/^https?:\/\/[^/]+/, '');
        }
        expect(seen).toEqual(all);
      }
    });

    it('refuses malformed _since, _at and _count with 400 naming the parameter', async () => {
      for (const q of ['_since=yesterday', '_at=2020-13-45', '_count=-1']) {
        const res = await get(`/fhir/Patient/_history?${q}`);
        expect(res.statusCode).toBe(400);
        expect(res.json().issue[0].expression).toEqual([q.split('=')[0]]);
      }
    });
  });

  describe('Prefer: return (http.html#ops)', () => {
    it('answers create, update and patch with the resource, nothing, or an OperationOutcome', async () => {
      const created = (await post(patient('prefer-1'))).json();
      const url = `/fhir/Patient/${created.id}`;
      const write = (prefer: string, i: number) => [
        post(patient(`prefer-c${i}`), { prefer }),
        s.fhir({
          method: 'PUT',
          url,
          body: { ...created, gender: i % 2 ? 'male' : 'female' },
          headers: { prefer },
        }),
        s.fhir({
          method: 'PATCH',
          url,
          body: [{ op: 'replace', path: '/name/0/family', value: `P${i}` }],
          headers: { prefer, 'content-type': 'application/json-patch+json' },
        }),
      ];
      let i = 0;
      for (const prefer of ['return=representation', 'return=minimal', 'return=OperationOutcome']) {
        for (const pending of write(prefer, i++)) {
          const res = await pending;
          expect(res.statusCode).toBeLessThan(300);
          expect(res.headers.etag).toMatch(/^W\/"\d+"$/);
          if (prefer === 'return=minimal') expect(res.body).toBe('');
          else
            expect(res.json().resourceType).toBe(
              prefer === 'return=representation' ? 'Patient' : 'OperationOutcome',
            );
        }
      }
    });
  });

  describe('content negotiation (http.html#mime-type)', () => {
    it('serves FHIR JSON for every JSON _format spelling and Accept, and 406 for XML or other types', async () => {
      for (const format of ['json', 'application/json', 'application/fhir%2Bjson', 'application/fhir+json']) {
        const res = await get(`/fhir/Patient?_format=${format}&_count=1`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      }
      for (const accept of [
        'application/json',
        'application/fhir+json',
        'application/fhir+json; fhirVersion=4.0',
        '*/*',
      ]) {
        expect((await get('/fhir/Patient?_count=1', { accept })).statusCode).toBe(200);
      }
      for (const format of ['xml', 'application/fhir%2Bxml', 'text/turtle']) {
        const res = await get(`/fhir/Patient?_format=${format}`);
        expect(res.statusCode).toBe(406);
        expect(res.json().resourceType).toBe('OperationOutcome');
      }
      expect((await get('/fhir/Patient', { accept: 'application/fhir+xml' })).statusCode).toBe(406);
    });
  });

  describe('request bodies (http.html#mime-type)', () => {
    it('takes FHIR JSON and plain JSON, and refuses other media types with 415 and an OperationOutcome', async () => {
      for (const type of [
        'application/fhir+json',
        'application/json',
        'application/fhir+json; fhirVersion=4.0',
      ]) {
        const res = await s.fhir({
          method: 'POST',
          url: '/fhir/Patient',
          body: patient('media-1'),
          headers: { 'content-type': type },
        });
        expect(res.statusCode).toBe(201);
      }
      for (const type of ['text/plain', 'application/xml', 'application/fhir+xml']) {
        const res = await s.fhir({
          method: 'POST',
          url: '/fhir/Patient',
          body: '{"resourceType":"Patient"}',
          headers: { 'content-type': type },
        });
        expect(res.statusCode).toBe(415);
        expect(res.json().resourceType).toBe('OperationOutcome');
      }
    });
  });

  describe('conditional interactions (http.html#cond-update, #cdelete, #ccreate)', () => {
    const search = (mrn: string) => `/fhir/Patient?identifier=urn:test:int|${mrn}`;
    const count = async (mrn: string) => (await get(`${search(mrn)}&_total=accurate`)).json().total as number;

    it('conditional update creates on no match (201), updates one match (200), refuses many (412)', async () => {
      const created = await s.fhir({ method: 'PUT', url: search('cu-1'), body: patient('cu-1') });
      expect(created.statusCode).toBe(201);
      expect(created.headers.location).toMatch(/\/fhir\/Patient\/[^/]+\/_history\/1$/);
      const updated = await s.fhir({
        method: 'PUT',
        url: search('cu-1'),
        body: patient('cu-1', { gender: 'male' }),
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json().id).toBe(created.json().id);
      expect(updated.json().meta.versionId).toBe('2');
      await post(patient('cu-1'));
      const many = await s.fhir({
        method: 'PUT',
        url: search('cu-1'),
        body: patient('cu-1', { gender: 'female' }),
      });
      expect(many.statusCode).toBe(412);
      expect(many.json().resourceType).toBe('OperationOutcome');
      expect((await get(`${search('cu-1')}&gender=female`)).json().entry).toHaveLength(0);
    });

    it('conditional create refuses several matches with 412 and writes nothing', async () => {
      await post(patient('cc-1'));
      await post(patient('cc-1'));
      const res = await post(patient('cc-1'), { 'if-none-exist': 'identifier=urn:test:int|cc-1' });
      expect(res.statusCode).toBe(412);
      expect(await count('cc-1')).toBe(2);
    });

    it('conditional delete removes every match (conditionalDelete = multiple) and 204s on none', async () => {
      await post(patient('cd-1'));
      await post(patient('cd-1'));
      await post(patient('cd-keep'));
      expect((await s.fhir({ method: 'DELETE', url: search('cd-1') })).statusCode).toBe(204);
      expect(await count('cd-1')).toBe(0);
      expect(await count('cd-keep')).toBe(1);
      expect((await s.fhir({ method: 'DELETE', url: search('cd-1') })).statusCode).toBe(204);
      const unknown = await s.fhir({ method: 'DELETE', url: '/fhir/Patient?nonsense=1' });
      expect(unknown.statusCode).toBe(400);
    });

    it('update of an unknown client id creates it with 201 and Location; again it is 200', async () => {
      const body = { ...patient('uac-1'), id: 'client-chosen-1' };
      const first = await s.fhir({ method: 'PUT', url: '/fhir/Patient/client-chosen-1', body });
      expect(first.statusCode).toBe(201);
      expect(first.headers.location).toMatch(/\/fhir\/Patient\/client-chosen-1\/_history\/1$/);
      const again = await s.fhir({
        method: 'PUT',
        url: '/fhir/Patient/client-chosen-1',
        body: { ...body, gender: 'male' },
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().meta.versionId).toBe('2');
    });

    it('PATCH honours If-Match: a stale version is 412 and writes nothing, the current one applies', async () => {
      const created = (await post(patient('pm-1'))).json();
      const url = `/fhir/Patient/${created.id}`;
      const patchWith = (etag: string, family: string) =>
        s.fhir({
          method: 'PATCH',
          url,
          body: [{ op: 'replace', path: '/name/0/family', value: family }],
          headers: { 'if-match': etag, 'content-type': 'application/json-patch+json' },
        });
      const current = await patchWith('W/"1"', 'First');
      expect(current.statusCode).toBe(200);
      expect(current.headers.etag).toBe('W/"2"');
      const stale = await patchWith('W/"1"', 'Stale');
      expect(stale.statusCode).toBe(412);
      expect((await get(url)).json().name[0].family).toBe('First');
    });
  });
});
