// Audit of the FHIR REST interactions end to end (issue #3 point 6): every interaction, refused ones
// included, lands in the Merkle log and in the patient's AuditEvent list; tree heads and proofs verify.
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicJwks } from '../auth/signing-keys.ts';
import { testEngines } from '../db/test-engines.ts';
import { openAuditTestServer, type AuditTestServer } from './audit-test-server.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../audit/merkle.ts';
import { verifyTreeHead, type SignedTreeHead } from '../audit/tree-heads.ts';

const b64 = (s: string) => Buffer.from(s, 'base64');

describe.each(testEngines())('audit over HTTP on %s', (_name, open) => {
  let s: AuditTestServer;
  let patientId: string;
  let observationId: string;
  let events: AuditEvent[];

  beforeAll(async () => {
    s = await openAuditTestServer(open);
    const p = await s.call('POST', '/fhir/Patient', {
      body: { resourceType: 'Patient', name: [{ family: 'Doe' }] },
    });
    patientId = p.json<{ id: string }>().id;
    const o = await s.call('POST', '/fhir/Observation', {
      body: {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'hr' },
        subject: { reference: `Patient/${patientId}` },
      },
    });
    observationId = o.json<{ id: string }>().id;
    expect((await s.call('GET', `/fhir/Observation/${observationId}`)).statusCode).toBe(200);
    expect((await s.call('GET', `/fhir/Observation?subject=Patient/${patientId}`)).statusCode).toBe(200);
    expect((await s.call('GET', `/fhir/Observation/${observationId}`, { token: '' })).statusCode).toBe(401);
    expect((await s.call('GET', '/audit/tree-head', { token: 'Bearer reader' })).statusCode).toBe(403);
    await s.log.flush();
    const listed = await s.call('GET', `/fhir/AuditEvent?patient=Patient/${patientId}&_count=100`);
    expect(listed.statusCode).toBe(200);
    events = (listed.json<Bundle>().entry ?? []).map((e) => e.resource as AuditEvent);
  }, 60_000);
  afterAll(() => s.close());

  const byInteraction = (code: string) => events.filter((e) => e.subtype?.[0]?.code === code);

  it("lists in the patient's AuditEvents the writes, the read and the search of their record", () => {
    expect(byInteraction('create')).toHaveLength(2);
    const read = byInteraction('read').find((e) => e.outcome === '0')!;
    expect(read.entity?.[0]?.what?.reference).toBe(`Observation/${observationId}`);
    expect(read.agent[0]?.who?.identifier?.value).toBe('test');
    expect(read.agent[0]?.network?.address).toBe('127.0.0.1');
    const search = byInteraction('search-type')[0]!;
    expect(b64(search.entity?.[0]?.query ?? '').toString()).toBe(`subject=Patient/${patientId}`);
  });

  it('records a refused (401) attempt on the record with the caller unauthenticated', () => {
    const denied = byInteraction('read').find((e) => e.outcome === '4')!;
    expect(denied.outcomeDesc).toBe('401');
    expect(denied.agent[0]?.who?.display).toBe('unauthenticated');
  });

  it('records a request the audit API refused (403)', async () => {
    const all = await s.call('GET', '/fhir/AuditEvent?outcome=4&_count=100');
    const descs = (all.json<Bundle>().entry ?? []).map((e) => (e.resource as AuditEvent).outcomeDesc);
    expect(descs).toContain('403');
  });

  it('serves a signed tree head and proofs that verify against it', async () => {
    const head = (await s.call('POST', '/audit/tree-head')).json<SignedTreeHead>();
    expect(await verifyTreeHead(head, (await publicJwks(s.engine)).keys)).toBe(true);
    const index = head.tree_size - 1;
    const inc = await s.call('GET', `/audit/proof/inclusion?id=${index}&size=${head.tree_size}`);
    expect(inc.statusCode).toBe(200);
    const proof = inc.json<{ entry: string; audit_path: string[] }>();
    const leaf = leafHash(Buffer.from(proof.entry));
    const root = b64(head.root_hash);
    expect(
      verifyInclusion({ index, size: head.tree_size, leaf, path: proof.audit_path.map(b64), root }),
    ).toBe(true);

    const cons = await s.call('GET', `/audit/proof/consistency?first=2&second=${head.tree_size}`);
    const earlier = await s.call('GET', '/audit/proof/inclusion?index=0&size=2');
    expect(earlier.statusCode).toBe(200);
    expect(cons.json<{ consistency: string[] }>().consistency.length).toBeGreaterThan(0);
    const latest = (await s.call('GET', '/audit/tree-head')).json<SignedTreeHead>();
    expect(latest.tree_size).toBe(head.tree_size);
    expect(
      verifyConsistency({
        first: head.tree_size,
        second: latest.tree_size,
        firstRoot: root,
        secondRoot: b64(latest.root_hash),
        proof: [],
      }),
    ).toBe(true);
  });

  it('answers 400 to a proof request beyond the tree and 401 without a token', async () => {
    expect((await s.call('GET', '/audit/proof/inclusion?index=999999&size=1000000')).statusCode).toBe(400);
    expect((await s.call('GET', '/audit/proof/consistency?first=x')).statusCode).toBe(400);
    expect((await s.call('GET', '/audit/tree-head', { token: '' })).statusCode).toBe(401);
  });

  it('refuses to create an AuditEvent through the FHIR API', async () => {
    const r = await s.call('POST', '/fhir/AuditEvent', { body: events[0] });
    expect(r.statusCode).toBe(403);
  });
});
