// vread and history judge each version by its own patient compartment: an Observation filed in alice's
// record and later moved to bob's shows alice only the versions that were hers, and bob only his.
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { POPULATION, TOKENS } from './access.fixtures.ts';

const reading = (patient: string, value: number): Observation => ({
  resourceType: 'Observation',
  id: 'moved',
  status: 'final',
  code: { text: 'pulse' },
  valueQuantity: { value, unit: '/min' },
  subject: { reference: `Patient/${patient}` },
});

describe.each(testEngines())('versions judged by their own compartment on %s', (_name, open) => {
  let s: TestServer;
  const get = (token: string, url: string) =>
    s.app.inject({ method: 'GET', url: `/fhir/${url}`, headers: { authorization: `Bearer ${token}` } });
  const statuses = async (token: string) =>
    Promise.all(
      [1, 2, 3, 4].map(async (v) => (await get(token, `Observation/moved/_history/${v}`)).statusCode),
    );
  /** The versions of `Observation/moved` in a history Bundle, newest first. */
  const versionsIn = (bundle: Bundle) =>
    (bundle.entry ?? [])
      .filter((e) => e.fullUrl?.endsWith('/Observation/moved'))
      .map((e) => e.response?.etag);

  beforeAll(async () => {
    s = await openTestServer(open, {}, { tokens: TOKENS });
    await s.repo.putMany(SYSTEM_CONTEXT, POPULATION);
    // Versions 1–2 in alice's record, 3–4 in bob's (misfiled, then corrected).
    for (const version of [
      reading('alice', 70),
      reading('alice', 72),
      reading('bob', 72),
      reading('bob', 75),
    ]) {
      await s.repo.update(SYSTEM_CONTEXT, version);
    }
  });
  afterAll(async () => {
    await s.close();
  });

  it('lets vread see a version only when its own compartment is visible', async () => {
    expect(await statuses('test')).toEqual([200, 200, 200, 200]);
    expect(await statuses('alice')).toEqual([200, 200, 404, 404]);
    expect(await statuses('caregiver')).toEqual([404, 404, 200, 200]);
    // dr-a's panel has alice, not bob: practitioners get 403 (they may break the glass).
    expect(await statuses('dr-a')).toEqual([200, 200, 403, 403]);
  });

  it('lists in instance history only the versions the caller may see, with a matching total', async () => {
    const alice = (await get('alice', 'Observation/moved/_history')).json<Bundle>();
    expect(versionsIn(alice)).toEqual(['W/"2"', 'W/"1"']);
    expect(alice.total).toBe(2);
    const bob = (await get('caregiver', 'Observation/moved/_history')).json<Bundle>();
    expect(versionsIn(bob)).toEqual(['W/"4"', 'W/"3"']);
    expect(bob.total).toBe(2);
    expect(versionsIn((await get('test', 'Observation/moved/_history')).json<Bundle>())).toHaveLength(4);
    // Nobody else's: a patient with no version in their record gets the 404 of an unknown resource.
    expect((await get('alice', 'Observation/bob-vital/_history')).statusCode).toBe(404);
  });

  it('lists in type history only versions in the current row’s compartment', async () => {
    expect(versionsIn((await get('caregiver', 'Observation/_history')).json<Bundle>())).toEqual([
      'W/"4"',
      'W/"3"',
    ]);
    expect(versionsIn((await get('alice', 'Observation/_history')).json<Bundle>())).toEqual([]);
    expect(versionsIn((await get('test', 'Observation/_history')).json<Bundle>())).toHaveLength(4);
  });
});
