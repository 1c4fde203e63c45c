// Break-the-glass: the request that opens a record (with X-Break-Glass) is kept apart from the later
// requests that work under the running grant (without it): both are allowed and flagged in the audit
// with the reason given when the record was opened; only the opening records a grant and notifies.
import type { AuditEvent, Bundle, Communication } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { POPULATION, TOKENS } from './access.fixtures.ts';

const REASON = 'Unconscious in the emergency department';
const BTG = { 'x-break-glass': REASON };

describe.each(testEngines())('break-the-glass on %s', (_name, open) => {
  let s: TestServer;
  let now = new Date('2026-05-01T08:00:00Z');
  const get = (url: string, headers: Record<string, string> = {}) =>
    s.fhir({ method: 'GET', url: `/fhir/${url}`, headers: { authorization: 'Bearer dr-a', ...headers } });
  const notices = async () => {
    const bundle = (
      await s.fhir({ method: 'GET', url: '/fhir/Communication?subject=Patient/bob' })
    ).json<Bundle>();
    return (bundle.entry ?? []).map((e) => e.resource as Communication);
  };
  const grants = async () =>
    (await s.engine.query('SELECT 1 FROM access_break_glass WHERE user_id = $1', ['u-dra'])).rows.length;
  /** The purpose of use (BTG reason) of each audited `interaction` by dr-a naming `entity`, oldest first. */
  const audited = async (entity: string, interaction = 'read') => {
    await s.audit!.flush();
    const bundle = await s.repo.search(SYSTEM_CONTEXT, 'AuditEvent', [['_count', '1000']], {
      baseUrl: 'http://hearth.test/fhir',
    });
    return (bundle.entry ?? [])
      .map((e) => e.resource as AuditEvent)
      .filter((e) => e.agent.some((a) => a.who?.reference === 'Practitioner/dr-a' || a.altId === 'u-dra'))
      .filter((e) => e.subtype?.[0]?.code === interaction)
      .filter((e) => e.entity?.some((x) => x.what?.reference === entity))
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((e) => e.purposeOfEvent?.[0]?.text ?? null);
  };

  beforeAll(async () => {
    s = await openTestServer(
      open,
      { breakGlass: { minutes: 60, privacyOfficer: 'Practitioner/privacy-officer' } },
      { tokens: TOKENS, clock: () => now, audit: true },
    );
    await s.repo.putMany(SYSTEM_CONTEXT, POPULATION);
  });
  afterAll(async () => {
    await s.close();
  });

  it('opens a record once: one grant and one notice each to the patient and the privacy officer', async () => {
    expect((await get('Patient/bob')).statusCode).toBe(403);
    expect((await get('Patient/bob', BTG)).statusCode).toBe(200);
    expect(await grants()).toBe(1);
    const sent = await notices();
    expect(sent.map((c) => c.recipient?.[0]?.reference).sort()).toEqual([
      'Patient/bob',
      'Practitioner/privacy-officer',
    ]);
    // The header repeated while the grant runs opens nothing new.
    expect((await get('Patient/bob', { 'x-break-glass': 'still in the ED' })).statusCode).toBe(200);
    expect(await grants()).toBe(1);
    expect(await notices()).toHaveLength(2);
  });

  it('lets later requests work under the grant without the header, flagged with the original reason', async () => {
    now = new Date(now.getTime() + 10 * 60_000);
    expect((await get('Observation/bob-vital')).statusCode).toBe(200);
    const search = await get('Observation?subject=Patient/bob');
    expect(search.json<Bundle>().entry?.map((e) => e.resource?.id)).toEqual(['bob-vital']);
    expect(await grants()).toBe(1);
    expect(await notices()).toHaveLength(2);
    expect(await audited('Observation/bob-vital')).toEqual([REASON]);
    // The read of bob's Observation names him as its patient, so it is among his record's reads.
    expect(await audited('Patient/bob')).toEqual([null, REASON, 'still in the ED', REASON]);
    expect(await audited('Patient/bob', 'search-type')).toEqual([REASON]);
  });

  it('does not flag requests that touch no patient under a grant', async () => {
    expect((await get('Patient/alice')).statusCode).toBe(200);
    expect(await audited('Patient/alice')).toEqual([null]);
  });

  it('flags a write made under the grant in its own audit entry', async () => {
    const res = await s.fhir({
      method: 'POST',
      url: '/fhir/Observation',
      body: {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'GCS' },
        subject: { reference: 'Patient/bob' },
      },
      headers: { authorization: 'Bearer dr-a' },
    });
    expect(res.statusCode).toBe(201);
    await s.audit!.flush();
    const bundle = await s.repo.search(
      SYSTEM_CONTEXT,
      'AuditEvent',
      [
        ['action', 'C'],
        ['_count', '1000'],
      ],
      {
        baseUrl: 'http://hearth.test/fhir',
      },
    );
    const created = (bundle.entry ?? [])
      .map((e) => e.resource as AuditEvent)
      .find((e) => e.entity?.some((x) => x.what?.reference?.startsWith(`Observation/${res.json().id}`)));
    expect(created?.purposeOfEvent?.[0]?.text).toBe(REASON);
  });

  it('no longer allows access once the grant has expired; a new opening notifies again', async () => {
    now = new Date(now.getTime() + 51 * 60_000);
    expect((await get('Observation/bob-vital')).statusCode).toBe(403);
    expect((await get('Patient/bob')).statusCode).toBe(403);
    expect((await get('Patient/bob', BTG)).statusCode).toBe(200);
    expect(await grants()).toBe(2);
    expect(await notices()).toHaveLength(4);
  });
});
