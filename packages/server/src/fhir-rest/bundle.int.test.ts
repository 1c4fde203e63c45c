/* eslint-disable @typescript-eslint/no-unsafe-return -- assertions read the untyped JSON of responses */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from './test-server.ts';

const PATIENT_URN = 'urn:uuid:0f6b1a52-6c7e-4d3f-9a0e-3b1f2c4d5e6f';
const ENCOUNTER_URN = 'urn:uuid:1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';

function patient(mrn: string) {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'urn:test:mrn', value: mrn }],
    name: [{ family: mrn }],
  };
}

async function countPatients(s: TestServer, mrn: string): Promise<number> {
  const res = await s.fhir({
    method: 'GET',
    url: `/fhir/Patient?identifier=urn:test:mrn|${mrn}&_count=1`,
  });
  return res.json().total;
}

describe.each(testEngines())('batch and transaction bundles on %s', (_name, open) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer(open);
  });
  afterAll(async () => {
    await s.close();
  });

  it('commits a transaction, rewriting urn:uuid references in both directions of the bundle', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: ENCOUNTER_URN,
          resource: {
            resourceType: 'Encounter',
            status: 'finished',
            class: { code: 'AMB' },
            subject: { reference: PATIENT_URN },
          },
          request: { method: 'POST', url: 'Encounter' },
        },
        { fullUrl: PATIENT_URN, resource: patient('tx-1'), request: { method: 'POST', url: 'Patient' } },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.type).toBe('transaction-response');
    expect(body.entry.map((e: any) => e.response.status)).toEqual(['201 Created', '201 Created']);
    const [encounter, created] = body.entry.map((e: any) => e.resource);
    expect(encounter.subject.reference).toBe(`Patient/${created.id}`);
    expect(body.entry[1].response.location).toMatch(new RegExp(`/Patient/${created.id}/_history/1$`));
    expect(body.entry[1].response.etag).toBe('W/"1"');
    expect(body.entry[1].response.lastModified).toBe(created.meta.lastUpdated);
    const stored = await s.fhir({ method: 'GET', url: `/fhir/Encounter/${encounter.id}` });
    expect(stored.json().subject.reference).toBe(`Patient/${created.id}`);
  });

  it('writes nothing when one transaction entry is invalid, and names the failing entry', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: patient('tx-2'), request: { method: 'POST', url: 'Patient' } },
        {
          resource: { ...patient('tx-2'), birthDate: 'not-a-date' },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(400);
    expect(res.json().resourceType).toBe('OperationOutcome');
    expect(res.json().issue[0].expression).toEqual(['Bundle.entry[1]']);
    expect(await countPatients(s, 'tx-2')).toBe(0);
  });

  it('resolves conditional references and If-None-Exist inside the transaction', async () => {
    await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient('tx-3') });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'weight' },
            subject: { reference: 'Patient?identifier=urn:test:mrn|tx-3' },
          },
          request: { method: 'POST', url: 'Observation' },
        },
        {
          fullUrl: PATIENT_URN,
          resource: patient('tx-3'),
          request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=urn:test:mrn|tx-3' },
        },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(200);
    const [obs, existing] = res.json().entry;
    expect(existing.response.status).toBe('200 OK');
    expect(obs.resource.subject.reference).toBe(`Patient/${existing.resource.id}`);
    expect(await countPatients(s, 'tx-3')).toBe(1);
  });

  it('fails the whole transaction with 400 when a conditional reference matches nothing', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: patient('tx-4'), request: { method: 'POST', url: 'Patient' } },
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'x' },
            subject: { reference: 'Patient?identifier=urn:test:mrn|nobody' },
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(400);
    expect(res.json().issue[0].expression).toEqual(['Bundle.entry[1]']);
    expect(await countPatients(s, 'tx-4')).toBe(0);
  });

  it('fails with 412 when a conditional reference matches several, and 400 when it cannot be evaluated', async () => {
    await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient('tx-dup') });
    await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient('tx-dup') });
    const referring = (reference: string) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: patient('tx-5'), request: { method: 'POST', url: 'Patient' } },
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'x' },
            subject: { reference },
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    });
    const many = await s.fhir({
      method: 'POST',
      url: '/fhir',
      body: referring('Patient?identifier=urn:test:mrn|tx-dup'),
    });
    expect(many.statusCode).toBe(412);
    const unknown = await s.fhir({
      method: 'POST',
      url: '/fhir',
      body: referring('Patient?nonsense=tx-dup'),
    });
    expect(unknown.statusCode).toBe(400);
    expect(await countPatients(s, 'tx-5')).toBe(0);
  });

  it('rolls back deletes, updates and creates of a transaction whose last entry fails', async () => {
    const kept = (
      await s.fhir({ method: 'PUT', url: '/fhir/Patient/rb-kept', body: { ...patient('rb'), id: 'rb-kept' } })
    ).json();
    const changed = (
      await s.fhir({
        method: 'PUT',
        url: '/fhir/Patient/rb-changed',
        body: { ...patient('rb'), id: 'rb-changed' },
      })
    ).json();
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'DELETE', url: 'Patient/rb-kept' } },
        { resource: { ...changed, gender: 'male' }, request: { method: 'PUT', url: 'Patient/rb-changed' } },
        { resource: patient('rb-new'), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient/rb-missing' } },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(404);
    expect(res.json().issue[0].expression).toEqual(['Bundle.entry[3]']);
    const read = async (id: string) => (await s.fhir({ method: 'GET', url: `/fhir/Patient/${id}` })).json();
    expect((await read('rb-kept')).meta.versionId).toBe(kept.meta.versionId);
    const after = await read('rb-changed');
    expect(after.gender).toBeUndefined();
    expect(after.meta.versionId).toBe('1');
    expect(await countPatients(s, 'rb-new')).toBe(0);
    const history = (await s.fhir({ method: 'GET', url: '/fhir/Patient/rb-changed/_history' })).json();
    expect(history.total).toBe(1);
  });

  it('processes DELETE before POST before PUT before GET, reporting in entry order', async () => {
    await s.fhir({
      method: 'PUT',
      url: '/fhir/Patient/order-1',
      body: { ...patient('order'), id: 'order-1' },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'GET', url: 'Patient/order-2' } },
        {
          resource: { ...patient('order'), id: 'order-2' },
          request: { method: 'PUT', url: 'Patient/order-2' },
        },
        { request: { method: 'DELETE', url: 'Patient/order-1' } },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(200);
    expect(res.json().entry.map((e: any) => e.response.status)).toEqual([
      '200 OK',
      '201 Created',
      '204 No Content',
    ]);
  });

  it('runs DELETEs before evaluating If-None-Exist of the POSTs that follow them in processing order', async () => {
    const old = (await s.fhir({ method: 'POST', url: '/fhir/Patient', body: patient('ord-del') })).json();
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: patient('ord-del'),
          request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=urn:test:mrn|ord-del' },
        },
        { request: { method: 'DELETE', url: 'Patient?identifier=urn:test:mrn|ord-del' } },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(200);
    expect(res.json().entry.map((e: any) => e.response.status)).toEqual(['201 Created', '204 No Content']);
    expect(res.json().entry[0].resource.id).not.toBe(old.id);
    expect(await countPatients(s, 'ord-del')).toBe(1);
  });

  it('refuses a transaction that repeats a fullUrl or changes one resource twice, writing nothing', async () => {
    const twice = (entries: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry: entries });
    const urn = 'urn:uuid:9d4f1c2e-1111-4a1b-8c2d-3e4f5a6b7c8d';
    const repeatedFullUrl = await s.fhir({
      method: 'POST',
      url: '/fhir',
      body: twice([
        { fullUrl: urn, resource: patient('dup-1'), request: { method: 'POST', url: 'Patient' } },
        { fullUrl: urn, resource: patient('dup-1'), request: { method: 'POST', url: 'Patient' } },
      ]),
    });
    expect(repeatedFullUrl.statusCode).toBe(400);
    expect(repeatedFullUrl.json().issue[0].expression).toEqual(['Bundle.entry[1].fullUrl']);
    const sameTarget = await s.fhir({
      method: 'POST',
      url: '/fhir',
      body: twice([
        { resource: { ...patient('dup-1'), id: 'dup-1' }, request: { method: 'PUT', url: 'Patient/dup-1' } },
        { request: { method: 'DELETE', url: 'Patient/dup-1' } },
      ]),
    });
    expect(sameTarget.statusCode).toBe(400);
    expect(sameTarget.json().issue[0].expression).toEqual(['Bundle.entry[1].request.url']);
    expect(await countPatients(s, 'dup-1')).toBe(0);
  });

  it('runs batch entries independently, each with its own outcome', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: patient('batch-1'), request: { method: 'POST', url: 'Patient' } },
        {
          resource: { ...patient('batch-1'), gender: 'sometimes' },
          request: { method: 'POST', url: 'Patient' },
        },
        { request: { method: 'GET', url: 'Patient/does-not-exist' } },
        { request: { method: 'FETCH', url: 'Patient' } },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(200);
    const entries = res.json().entry;
    expect(res.json().type).toBe('batch-response');
    expect(entries.map((e: any) => e.response.status)).toEqual([
      '201 Created',
      '400 Bad Request',
      '404 Not Found',
      '400 Bad Request',
    ]);
    expect(entries[1].response.outcome.resourceType).toBe('OperationOutcome');
    expect(await countPatients(s, 'batch-1')).toBe(1);
  });

  it('fails a batch entry that refers to another entry by urn:uuid, and runs the others', async () => {
    const observationCount = async () =>
      (await s.fhir({ method: 'GET', url: '/fhir/Observation?_summary=count' })).json().total as number;
    const before = await observationCount();
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { fullUrl: PATIENT_URN, resource: patient('batch-ref'), request: { method: 'POST', url: 'Patient' } },
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'x' },
            subject: { reference: PATIENT_URN },
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(200);
    const [created, refused] = res.json().entry;
    expect(created.response.status).toBe('201 Created');
    expect(refused.response.status).toBe('400 Bad Request');
    expect(refused.response.outcome.issue[0].expression).toEqual(['Bundle.entry[1].resource']);
    expect(await observationCount()).toBe(before);
  });

  it('applies a JSON Patch carried as a Binary entry', async () => {
    await s.fhir({
      method: 'PUT',
      url: '/fhir/Patient/patch-1',
      body: { ...patient('patch'), id: 'patch-1' },
    });
    const ops = [{ op: 'add', path: '/gender', value: 'female' }];
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Binary',
            contentType: 'application/json-patch+json',
            data: Buffer.from(JSON.stringify(ops)).toString('base64'),
          },
          request: { method: 'PATCH', url: 'Patient/patch-1' },
        },
      ],
    };
    const res = await s.fhir({ method: 'POST', url: '/fhir', body: bundle });
    expect(res.statusCode).toBe(200);
    expect(res.json().entry[0].resource.gender).toBe('female');
  });

  it('refuses a Bundle that is not batch or transaction, and a non-Bundle, with 400', async () => {
    const collection = await s.fhir({
      method: 'POST',
      url: '/fhir',
      body: { resourceType: 'Bundle', type: 'collection' },
    });
    expect(collection.statusCode).toBe(400);
    const notBundle = await s.fhir({ method: 'POST', url: '/fhir', body: patient('x') });
    expect(notBundle.statusCode).toBe(400);
  });
});
