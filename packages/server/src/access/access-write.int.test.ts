// Writes, batch and transaction entries, break-the-glass and consent changes under access control, on
// the population of access.fixtures.ts.
import type { Bundle, Communication, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { POPULATION, refs, TOKENS, transaction } from './access.fixtures.ts';

const observationOf = (patient: string, id?: string): Observation => ({
  resourceType: 'Observation',
  ...(id ? { id } : {}),
  status: 'final',
  code: { text: 'home reading' },
  subject: { reference: `Patient/${patient}` },
});

describe.each(testEngines())('access control on writes, bundles and break-the-glass on %s', (_name, open) => {
  let s: TestServer;
  let now = new Date('2026-03-01T10:00:00Z');
  const call = (
    token: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    s.fhir({
      method,
      url: `/fhir/${url}`,
      ...(body !== undefined ? { body } : {}),
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  const count = async (url: string) =>
    (await call('test', 'GET', `${url}${url.includes('?') ? '&' : '?'}_summary=count`)).json<Bundle>().total;

  beforeAll(async () => {
    s = await openTestServer(
      open,
      { breakGlass: { minutes: 60, privacyOfficer: 'Practitioner/privacy-officer' } },
      {
        tokens: {
          ...TOKENS,
          // A backend that may change existing observations but not create any.
          'update-only': { actor: 'Client/u', clientId: 'u', scopes: ['system/Observation.rsu'] },
        },
        clock: () => now,
      },
    );
    await s.repo.putMany(SYSTEM_CONTEXT, POPULATION);
  });
  afterAll(async () => {
    await s.close();
  });

  it('lets a patient write inside their compartment only, and saves nothing otherwise', async () => {
    expect((await call('alice', 'POST', 'Observation', observationOf('alice'))).statusCode).toBe(201);
    const before = await count('Observation?subject=Patient/bob');
    const refused = await call('alice', 'POST', 'Observation', observationOf('bob'));
    expect(refused.statusCode).toBe(403);
    expect(await count('Observation?subject=Patient/bob')).toBe(before);
    // Moving her own observation into bob's record is refused and leaves it unchanged.
    const moved = await call('alice', 'PUT', 'Observation/alice-lab', {
      ...POPULATION.find((r) => r.id === 'alice-lab'),
      subject: { reference: 'Patient/bob' },
    });
    expect(moved.statusCode).toBe(403);
    expect((await call('test', 'GET', 'Observation/alice-lab')).json().subject.reference).toBe(
      'Patient/alice',
    );
  });

  it('hides other patients from writes and refuses interactions the scopes lack', async () => {
    expect(
      (await call('alice', 'PUT', 'Observation/bob-vital', observationOf('alice', 'bob-vital'))).statusCode,
    ).toBe(404);
    expect((await call('alice', 'DELETE', 'Observation/alice-lab')).statusCode).toBe(403);
    expect(
      (await call('alice', 'POST', 'Organization', { resourceType: 'Organization', name: 'x' })).statusCode,
    ).toBe(403);
    // Practitioners write clinical data of their patients, not the shared directory.
    expect(
      (await call('dr-a', 'POST', 'Organization', { resourceType: 'Organization', name: 'x' })).statusCode,
    ).toBe(403);
    expect((await call('researcher', 'POST', 'Observation', observationOf('alice'))).statusCode).toBe(403);
  });

  it('treats update-as-create as a create: refused without the create permission, nothing written', async () => {
    const before = await count('Observation');
    const created = await call(
      'update-only',
      'PUT',
      'Observation/new-by-put',
      observationOf('alice', 'new-by-put'),
    );
    expect(created.statusCode).toBe(403);
    const conditional = await call(
      'update-only',
      'PUT',
      'Observation?_id=no-such-observation',
      observationOf('alice'),
    );
    expect(conditional.statusCode).toBe(403);
    expect(await count('Observation')).toBe(before);
    // Changing an observation that exists is what the scope grants.
    const existing = POPULATION.find((r) => r.id === 'alice-lab')!;
    expect(
      (await call('update-only', 'PUT', 'Observation/alice-lab', { ...existing, status: 'amended' }))
        .statusCode,
    ).toBe(200);
  });

  it('patches within the panel and refuses a patch that moves a resource out of it', async () => {
    const patch = (value: string) => [{ op: 'replace', path: '/subject/reference', value }];
    const headers = { 'content-type': 'application/json-patch+json' };
    expect(
      (await call('dr-a', 'PATCH', 'Observation/alice-vital', patch('Patient/carol'), headers)).statusCode,
    ).toBe(200);
    expect(
      (await call('dr-a', 'PATCH', 'Observation/alice-vital', patch('Patient/bob'), headers)).statusCode,
    ).toBe(403);
    expect((await call('test', 'GET', 'Observation/alice-vital')).json().subject.reference).toBe(
      'Patient/carol',
    );
    expect(
      (await call('dr-a', 'PATCH', 'Observation/alice-vital', patch('Patient/alice'), headers)).statusCode,
    ).toBe(200);
  });

  it('refuses a conditional delete that would reach resources the caller may not see', async () => {
    const before = await count('Observation');
    expect((await call('dr-a', 'DELETE', 'Observation?category=vital-signs')).statusCode).toBe(403);
    expect(await count('Observation')).toBe(before);
  });

  it('fails a whole transaction with 403 when one entry is denied, and commits none of it', async () => {
    const before = await count('Observation?subject=Patient/alice');
    const res = await call(
      'alice',
      'POST',
      '',
      transaction([
        { request: { method: 'POST', url: 'Observation' }, resource: observationOf('alice') },
        { request: { method: 'POST', url: 'Observation' }, resource: observationOf('bob') },
      ]),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().issue[0].diagnostics).toMatch(/^Bundle\.entry\[1\]/);
    expect(await count('Observation?subject=Patient/alice')).toBe(before);
  });

  it('checks a practitioner’s transaction entries against their panel inside the transaction', async () => {
    const entry = (patient: string) => ({
      request: { method: 'POST' as const, url: 'Observation' },
      resource: observationOf(patient),
    });
    const before = await count('Observation?subject=Patient/carol');
    expect((await call('dr-a', 'POST', '', transaction([entry('carol')]))).statusCode).toBe(200);
    expect(await count('Observation?subject=Patient/carol')).toBe((before ?? 0) + 1);
    expect((await call('dr-a', 'POST', '', transaction([entry('alice'), entry('bob')]))).statusCode).toBe(
      403,
    );
  });

  it('authorizes each batch entry on its own', async () => {
    const res = await call('dr-a', 'POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: 'Patient/alice' } },
        { request: { method: 'GET', url: 'Patient/bob' } },
        { request: { method: 'POST', url: 'Observation' }, resource: observationOf('bob') },
        { request: { method: 'GET', url: 'Observation?subject=Patient/bob' } },
      ],
    });
    expect(res.statusCode).toBe(200);
    const entries = res.json<Bundle>().entry ?? [];
    expect(entries.map((e) => e.response?.status)).toEqual([
      '200 OK',
      '403 Forbidden',
      '403 Forbidden',
      '200 OK',
    ]);
    expect(refs(entries[3]!.resource as Bundle)).toEqual([]);
  });

  it('breaks the glass: allowed with a reason, time-limited, notified to the patient and the privacy officer', async () => {
    expect((await call('dr-a', 'GET', 'Patient/bob')).statusCode).toBe(403);
    const glass = { 'x-break-glass': 'Unconscious in the emergency department' };
    expect((await call('dr-a', 'GET', 'Patient/bob', undefined, glass)).statusCode).toBe(200);
    // The grant holds for the configured hour, for the whole record, without repeating the header.
    expect((await call('dr-a', 'GET', 'Observation/bob-vital')).statusCode).toBe(200);
    expect((await call('dr-a', 'GET', 'Patient/bob/$everything', undefined, glass)).statusCode).toBe(200);
    const notices = (await call('test', 'GET', 'Communication?subject=Patient/bob')).json<Bundle>();
    const sent = (notices.entry ?? []).map((e) => e.resource as Communication);
    expect(sent.map((c) => c.recipient?.[0]?.reference).sort()).toEqual([
      'Patient/bob',
      'Practitioner/privacy-officer',
    ]);
    expect(sent.every((c) => c.reasonCode?.[0]?.text === glass['x-break-glass'])).toBe(true);
    expect(sent.every((c) => c.category?.[0]?.coding?.[0]?.code === 'BTG')).toBe(true);
    now = new Date(now.getTime() + 61 * 60_000);
    expect((await call('dr-a', 'GET', 'Patient/bob')).statusCode).toBe(403);
  });

  it('refuses break-the-glass to non-practitioners, without a reason, and inside a transaction', async () => {
    const glass = { 'x-break-glass': 'curious' };
    expect((await call('alice', 'GET', 'Patient/bob', undefined, glass)).statusCode).toBe(403);
    expect((await call('dr-a', 'GET', 'Patient/bob', undefined, { 'x-break-glass': ' ' })).statusCode).toBe(
      400,
    );
    const res = await call(
      'dr-a',
      'POST',
      '',
      transaction([{ request: { method: 'GET', url: 'Patient/bob' } }]),
      glass,
    );
    expect(res.statusCode).toBe(403);
  });

  it('lets break-the-glass override a sharing opt-out, which otherwise holds', async () => {
    expect((await call('dr-b', 'GET', 'Patient/carol')).statusCode).toBe(403);
    const glass = { 'x-break-glass': 'Transferred in from Hearth General, allergy history needed' };
    expect((await call('dr-b', 'GET', 'Patient/carol', undefined, glass)).statusCode).toBe(200);
    expect((await call('dr-b', 'GET', 'Observation/carol-vital')).statusCode).toBe(200);
  });

  it('enforces a research opt-out from the moment the Consent is active until it is withdrawn', async () => {
    expect((await call('researcher', 'GET', 'Patient?_summary=count')).json().total).toBe(2);
    const consent = {
      resourceType: 'Consent',
      id: 'alice-research',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'research' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: 'Patient/alice' },
      policyRule: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }],
      },
      provision: { type: 'deny' },
    };
    expect((await call('alice', 'PUT', 'Consent/alice-research', consent)).statusCode).toBe(403);
    expect((await call('test', 'PUT', 'Consent/alice-research', consent)).statusCode).toBe(201);
    expect((await call('researcher', 'GET', 'Patient?_summary=count')).json().total).toBe(1);
    await call('test', 'PUT', 'Consent/alice-research', { ...consent, status: 'inactive' });
    expect((await call('researcher', 'GET', 'Patient?_summary=count')).json().total).toBe(2);
  });
});
