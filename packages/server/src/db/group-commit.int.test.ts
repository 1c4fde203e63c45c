import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessBus } from '../events/bus.ts';
import type { Engine } from './engine.ts';
import { failureOf } from './repository.fixtures.ts';
import { createRepository } from './repository.ts';
import { SYSTEM_CONTEXT as ctx, type ChangeEvent, type Repository } from './repository.types.ts';
import { testEngines } from './test-engines.ts';

const patient = (id: string | undefined, family: string): Patient => ({
  resourceType: 'Patient',
  ...(id ? { id } : {}),
  name: [{ family }],
});

describe.each(testEngines())('group commit of concurrent single writes on %s', (_name, open) => {
  let db: Engine;
  let repo: Repository;
  let transactions = 0;
  const events: ChangeEvent[] = [];

  beforeAll(async () => {
    db = await open();
    // Counts the transactions the repository opens, to see writes share them.
    const counted: Engine = {
      ...db,
      transaction(fn) {
        transactions++;
        return db.transaction(fn);
      },
    };
    const bus = createInProcessBus();
    bus.subscribe((e) => events.push(e));
    repo = createRepository({ db: counted, bus });
  });
  afterAll(async () => {
    await db.close();
  });

  const auditEntries = async (entity: string) =>
    Number(
      (
        await db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_entries WHERE entry LIKE $1`, [
          `%${entity}%`,
        ])
      ).rows[0]!.n,
    );

  it('commits concurrent creates in shared transactions, each with its own audit entry and event', async () => {
    const before = transactions;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => repo.create(ctx, patient(undefined, `Group${i}`))),
    );
    expect(transactions - before).toBeLessThan(40);
    expect(new Set(results.map((r) => r.resource.id)).size).toBe(40);
    for (const r of results) {
      expect(r.created).toBe(true);
      expect(((await repo.read(ctx, 'Patient', r.resource.id!)) as Patient).name?.[0]?.family).toBe(
        r.resource.name?.[0]?.family,
      );
      expect(await auditEntries(`Patient/${r.resource.id!}/_history/1`)).toBe(1);
      expect(events.filter((e) => e.id === r.resource.id && e.action === 'create')).toHaveLength(1);
    }
    const found = await repo.search(ctx, 'Patient', [['family', 'Group39']], { baseUrl: 'http://x/fhir' });
    expect(found.entry?.map((e) => e.resource?.id)).toEqual([results[39]!.resource.id]);
  });

  it('fails only the write whose If-Match no longer holds; the writes queued with it commit', async () => {
    await Promise.all(['gc-a', 'gc-b', 'gc-c'].map((id) => repo.update(ctx, patient(id, 'Before'))));
    const outcomes = await Promise.allSettled([
      repo.update(ctx, patient('gc-a', 'After'), { ifMatch: '1' }),
      repo.update(ctx, patient('gc-b', 'After'), { ifMatch: '7' }),
      repo.update(ctx, patient('gc-c', 'After')),
      repo.delete(ctx, 'Patient', 'gc-a-missing'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await failureOf(repo.update(ctx, patient('gc-b', 'After'), { ifMatch: '7' }))).toBe(
      'precondition-failed',
    );
    expect((await repo.read(ctx, 'Patient', 'gc-a')).meta?.versionId).toBe('2');
    expect(((await repo.read(ctx, 'Patient', 'gc-b')) as Patient).name?.[0]?.family).toBe('Before');
    expect(((await repo.read(ctx, 'Patient', 'gc-c')) as Patient).name?.[0]?.family).toBe('After');
    // The refused write left no version and no audit entry behind.
    expect(await auditEntries('Patient/gc-b/_history/2')).toBe(0);
    expect(await auditEntries('Patient/gc-a/_history/2')).toBe(1);
  });

  it('applies several writes of one resource issued together one after another, in order', async () => {
    const writes = await Promise.all([
      repo.update(ctx, patient('gc-seq', 'One')),
      repo.update(ctx, patient('gc-seq', 'Two')),
      repo.delete(ctx, 'Patient', 'gc-seq'),
      repo.update(ctx, patient('gc-seq', 'Three')),
    ]);
    expect(writes[0]?.resource.meta?.versionId).toBe('1');
    expect(writes[1]?.resource.meta?.versionId).toBe('2');
    expect(writes[3]?.resource.meta?.versionId).toBe('4');
    expect(writes[3]?.created).toBe(true);
    const history = await repo.history(ctx, 'Patient', 'gc-seq', { baseUrl: 'http://x/fhir' });
    expect(history.entry?.map((e) => e.request?.method)).toEqual(['PUT', 'DELETE', 'PUT', 'PUT']);
  });

  it('refuses a client write of an AuditEvent without failing the writes queued with it', async () => {
    const [audit, other] = await Promise.allSettled([
      repo.create(ctx, {
        resourceType: 'AuditEvent',
        type: { code: 'rest' },
        recorded: '2026-01-01T00:00:00Z',
        agent: [{ requestor: true }],
        source: { observer: { display: 'x' } },
      }),
      repo.create(ctx, patient(undefined, 'Beside')),
    ]);
    expect(audit.status).toBe('rejected');
    expect(other.status).toBe('fulfilled');
  });
});
