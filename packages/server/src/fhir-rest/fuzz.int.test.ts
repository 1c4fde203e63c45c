// Bad input never hurts (the issue's robustness clause): random and near-valid input on the create,
// update, search and transaction paths always gets a status below 500, every 4xx carries an
// OperationOutcome, and a refused write leaves the database as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from './test-server.ts';

const RUNS = 40;

const validPatient = {
  resourceType: 'Patient',
  identifier: [{ system: 'urn:fuzz', value: 'p' }],
  name: [{ family: 'Fuzz' }],
};

/** A Patient with some elements replaced by random JSON: mostly invalid, sometimes valid. */
const nearPatient = fc
  .record(
    {
      resourceType: fc.constantFrom('Patient', 'Patient', 'Observation', 'Nope', ''),
      id: fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9.-]{1,64}$/)),
      birthDate: fc.oneof(fc.string(), fc.constant('1990-01-01'), fc.jsonValue()),
      gender: fc.oneof(fc.constantFrom('male', 'female', 'other'), fc.string()),
      name: fc.oneof(fc.constant([{ family: 'Fuzz' }]), fc.jsonValue()),
      identifier: fc.constant([{ system: 'urn:fuzz', value: 'p' }]),
      extra: fc.jsonValue(),
    },
    { requiredKeys: ['identifier'] },
  )
  .map((r) => ({ ...r }));

const body = fc.oneof(
  nearPatient,
  fc.jsonValue(),
  fc.string().map((text) => ({ raw: text })),
);

const searchParam = fc.oneof(
  fc.constantFrom(
    'name',
    'birthdate',
    'identifier',
    'gender',
    '_id',
    '_lastUpdated',
    '_count',
    '_sort',
    '_include',
    'general-practitioner',
    '_has:Observation:patient:code',
    'organization.name',
  ),
  fc.string(),
);
const modifier = fc.constantFrom(
  '',
  ':exact',
  ':contains',
  ':missing',
  ':not',
  ':text',
  ':below',
  ':bogus',
  ':Patient',
);
const searchValue = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'ge2020',
    'lt1990-13-45',
    'eq',
    'ap1e999',
    'a|b|c',
    '|',
    'urn:x|',
    '-1',
    '1001',
    'Patient:*',
    'true',
  ),
);

async function patientCount(s: TestServer): Promise<number> {
  // _summary=count always counts (a plain page may omit Bundle.total, which would compare undefined).
  const total = (await s.fhir({ method: 'GET', url: '/fhir/Patient?_summary=count' })).json().total;
  expect(total).toEqual(expect.any(Number));
  return total as number;
}

function payloadOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'raw' in value
    ? (value as { raw: string }).raw
    : value;
}

function expectSafe(res: { statusCode: number; json: () => any }): void {
  expect(res.statusCode).toBeLessThan(500);
  if (res.statusCode >= 400) expect(res.json().resourceType).toBe('OperationOutcome');
}

describe.each(testEngines())('bad input never hurts on %s', (_name, open) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer(open);
  });
  afterAll(async () => {
    await s.close();
  });

  it('create: never 5xx, 4xx has an OperationOutcome and writes nothing', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const before = await patientCount(s);
        const res = await s.fhir({ method: 'POST', url: '/fhir/Patient', body: payloadOf(value) ?? 'null' });
        expectSafe(res);
        if (res.statusCode >= 400) expect(await patientCount(s)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it(
    'update: never 5xx for any id and body, and a refused update writes nothing',
    { timeout: 300_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.string({ minLength: 1 }), fc.constant('fuzz-1')),
          body,
          async (id, value) => {
            const before = await patientCount(s);
            const res = await s.fhir({
              method: 'PUT',
              url: `/fhir/Patient/${encodeURIComponent(id)}`,
              body: payloadOf(value) ?? 'null',
            });
            expectSafe(res);
            if (res.statusCode >= 400) expect(await patientCount(s)).toBe(before);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it(
    'search: never 5xx for any parameter, modifier and value, strict or lenient',
    { timeout: 300_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('Patient', 'Observation', 'Encounter'),
          fc.array(fc.tuple(searchParam, modifier, searchValue), { maxLength: 4 }),
          fc.constantFrom('handling=strict', 'handling=lenient'),
          async (type, params, prefer) => {
            const query = new URLSearchParams(
              params.map(([k, m, v]): [string, string] => [`${k}${m}`, v]),
            ).toString();
            const res = await s.fhir({ method: 'GET', url: `/fhir/${type}?${query}`, headers: { prefer } });
            expectSafe(res);
          },
        ),
        { numRuns: RUNS * 2 },
      );
    },
  );

  it(
    'conditional writes and request headers: never 5xx, and a refused write writes nothing',
    { timeout: 300_000 },
    async () => {
      const header = fc.oneof(fc.string(), fc.constantFrom('W/"1"', '"2"', '*', 'identifier=urn:fuzz|p'));
      const headers = fc.record(
        {
          'if-match': header,
          'if-none-exist': fc.oneof(header, fc.constantFrom('nonsense=1', 'identifier=urn:fuzz|p&_count=x')),
          prefer: fc.oneof(
            fc.string(),
            fc.constantFrom('return=minimal', 'return=OperationOutcome', 'handling=strict'),
          ),
          accept: fc.oneof(
            fc.string(),
            fc.constantFrom('application/fhir+json', 'application/xml', '*/*;q=0'),
          ),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH'),
          fc.array(fc.tuple(searchParam, searchValue), { maxLength: 2 }),
          headers,
          body,
          async (method, params, hdrs, value) => {
            const before = await patientCount(s);
            const query = new URLSearchParams(params).toString();
            const url =
              method === 'PATCH' ? '/fhir/Patient/fuzz-1' : `/fhir/Patient${query ? `?${query}` : ''}`;
            const res = await s.fhir({
              method,
              url,
              headers: hdrs,
              ...(method === 'DELETE' ? {} : { body: payloadOf(value) ?? 'null' }),
            });
            expectSafe(res);
            if (res.statusCode >= 400) expect(await patientCount(s)).toBe(before);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it('transaction: never 5xx, and a refused transaction writes nothing', { timeout: 300_000 }, async () => {
    const entry = fc.record({
      fullUrl: fc.oneof(fc.constant('urn:uuid:7b1d1c36-1f0a-4c53-9d1e-2f0c3b4a5d6e'), fc.string()),
      resource: fc.oneof(nearPatient, fc.constant(validPatient), fc.jsonValue()),
      request: fc.record({
        method: fc.constantFrom('POST', 'PUT', 'GET', 'DELETE', 'PATCH', 'BREW'),
        url: fc.oneof(
          fc.constantFrom('Patient', 'Patient/fuzz-2', 'Patient?identifier=urn:fuzz|p', ''),
          fc.string(),
        ),
      }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 5 }), async (entries) => {
        const before = await patientCount(s);
        const res = await s.fhir({
          method: 'POST',
          url: '/fhir',
          body: { resourceType: 'Bundle', type: 'transaction', entry: entries },
        });
        expectSafe(res);
        if (res.statusCode >= 400) expect(await patientCount(s)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });
});
