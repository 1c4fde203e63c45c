// AuditEvent read and search served from the sealed log (migration 0019, audit-search.ts): the
// parameters a patient's access log and an auditor use, paging and totals, the access rules (a patient
// sees only entries of their own record), and clear refusals of what is not supported.
import type { AuditEvent, Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POPULATION, TOKENS } from '../access/access.fixtures.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from './test-server.ts';

describe.each(testEngines())('AuditEvent search over the audit log on %s', (_name, open) => {
  let s: TestServer;
  const get = (url: string, token = 'system', headers: Record<string, string> = {}) =>
    s.fhir({ method: 'GET', url: `/fhir/${url}`, headers: { authorization: `Bearer ${token}`, ...headers } });
  const events = async (url: string, token = 'system') => {
    const r = await get(url, token);
    expect(r.statusCode).toBe(200);
    const bundle = r.json<Bundle>();
    return {
      bundle,
      list: (bundle.entry ?? []).flatMap((e) =>
        e.resource?.resourceType === 'AuditEvent' ? [e.resource] : [],
      ),
    };
  };
  const mentions = (e: AuditEvent, ref: string) =>
    e.entity?.some((x) => x.what?.reference === ref) === true ||
    e.agent.some((a) => a.who?.reference === ref);

  beforeAll(async () => {
    s = await openTestServer(
      open,
      { breakGlass: { minutes: 60, privacyOfficer: 'Practitioner/privacy-officer' } },
      {
        tokens: { ...TOKENS, system: { actor: 'Client/sys', clientId: 'sys', scopes: ['system/*.cruds'] } },
        audit: true,
      },
    );
    await s.repo.putMany(SYSTEM_CONTEXT, POPULATION);
    expect((await get('Patient/alice', 'alice')).statusCode).toBe(200);
    expect((await get('Observation/alice-vital', 'dr-a')).statusCode).toBe(200);
    expect((await get('Patient/bob', 'caregiver')).statusCode).toBe(200);
    expect((await get('Patient/bob', 'dr-a')).statusCode).toBe(403);
    await s.audit!.flush();
  }, 60_000);
  afterAll(() => s.close());

  it("shows a patient only the entries of their own record, everyone's accesses to it included", async () => {
    const { list } = await events('AuditEvent?_count=1000', 'alice');
    expect(list.length).toBeGreaterThan(0);
    expect(list.filter((e) => !mentions(e, 'Patient/alice'))).toEqual([]);
    expect(list.some((e) => mentions(e, 'RelatedPerson/cg') || e.outcome === '4')).toBe(false);
    const drA = list.filter((e) => e.agent.some((a) => a.who?.reference === 'Practitioner/dr-a'));
    expect(drA.map((e) => e.entity?.[0]?.what?.reference)).toContain('Observation/alice-vital');
  });

  it("answers a patient asking for another patient's entries with only those of their own record too", async () => {
    // Only the import that wrote both their records is on both lists.
    const shared = await events('AuditEvent?patient=Patient/bob&_total=accurate', 'alice');
    expect(shared.list.map((e) => e.subtype?.[0]?.code)).toEqual(['batch']);
    expect(shared.bundle.total).toBe(1);
    const { list } = await events('AuditEvent?patient=Patient/bob');
    const bobsOnly = list.find((e) => !mentions(e, 'Patient/alice'))!;
    expect((await get(`AuditEvent/${bobsOnly.id!}`, 'alice')).statusCode).toBe(404);
    expect((await get(`AuditEvent/${bobsOnly.id!}`, 'caregiver')).statusCode).toBe(200);
  });

  it('finds by agent, outcome, subtype, action, entity, altid, address and date', async () => {
    const drA = await events('AuditEvent?agent=Practitioner/dr-a&_count=100');
    expect(drA.list.length).toBe(2);
    const refused = await events('AuditEvent?outcome=4&patient=Patient/bob');
    expect(refused.list.map((e) => e.outcomeDesc)).toEqual(['403']);
    expect(refused.list[0]!.agent[0]?.who?.reference).toBe('Practitioner/dr-a');
    const reads = await events('AuditEvent?subtype=read&action=R&entity=Observation/alice-vital');
    expect(reads.list.map((e) => e.agent[0]?.altId)).toEqual(['u-dra']);
    expect((await events('AuditEvent?altid=u-dra&outcome:not=4')).list).toHaveLength(1);
    expect((await events('AuditEvent?address=127.0.0.1&_count=0&_total=accurate')).bundle.total).toBe(4);
    const creates = await events('AuditEvent?subtype=http://hl7.org/fhir/restful-interaction|batch');
    expect(creates.list).toHaveLength(1);
    expect((await events('AuditEvent?type=rest&agent:missing=false&_summary=count')).bundle.total).toBe(4);
    expect((await events('AuditEvent?date=lt2000-01-01')).list).toHaveLength(0);
    expect(
      (await events(`AuditEvent?date=ge${new Date().getUTCFullYear()}&_summary=count`)).bundle.total,
    ).toBe(5);
  });

  it('sorts newest first and pages with links and an accurate total', async () => {
    const page1 = await events('AuditEvent?_sort=-date&_count=2&_total=accurate');
    expect(page1.bundle.total).toBe(5);
    const next = page1.bundle.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toContain('_offset=2');
    const page2 = await events(`AuditEvent${new URL(next!).search}`);
    const recorded = [...page1.list, ...page2.list].map((e) => e.recorded);
    expect(recorded).toEqual([...recorded].sort().reverse());
    expect(new Set([...page1.list, ...page2.list].map((e) => e.id)).size).toBe(4);
  });

  it('reads, vreads and lists the history of an entry as the AuditEvent search renders it', async () => {
    const { list } = await events('AuditEvent?agent=Practitioner/dr-a&outcome=4');
    const id = list[0]!.id!;
    const read = await get(`AuditEvent/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json<AuditEvent>()).toEqual(list[0]);
    expect(read.json<AuditEvent>().meta?.versionId).toBe('1');
    expect((await events(`AuditEvent?_id=${id}`)).list).toEqual(list);
    expect((await get(`AuditEvent/${id}/_history/1`)).statusCode).toBe(200);
    expect((await get(`AuditEvent/${id}/_history/2`)).statusCode).toBe(404);
    const history = (await get(`AuditEvent/${id}/_history`)).json<Bundle>();
    expect(history.entry?.map((e) => [e.resource, e.response?.etag])).toEqual([[list[0], 'W/"1"']]);
    expect((await get('AuditEvent/999999/_history')).statusCode).toBe(404);
    expect((await get('AuditEvent/999999')).statusCode).toBe(404);
    expect((await get('AuditEvent/not-a-leaf')).statusCode).toBe(404);
  });

  it('ignores an unsupported parameter with a warning, and refuses it under strict handling', async () => {
    const lenient = await get('AuditEvent?entity-name=x&_count=1');
    expect(lenient.statusCode).toBe(200);
    const outcome = lenient.json<Bundle>().entry?.find((e) => e.search?.mode === 'outcome');
    expect((outcome?.resource as OperationOutcome).issue[0]?.diagnostics).toContain('entity-name');
    const strict = await get('AuditEvent?entity-name=x', 'system', { prefer: 'handling=strict' });
    expect(strict.statusCode).toBe(400);
    expect(strict.json<OperationOutcome>().issue[0]?.diagnostics).toContain('entity-name');
    expect((await get('AuditEvent?date=notadate', 'system', { prefer: 'handling=strict' })).statusCode).toBe(
      400,
    );
  });
});
