// Migration 0019 on a log written the old way (each entry's leaf = canonical AuditEvent JSON, projected
// into `resources` with its search-index rows): the log still verifies against its signed head, the old
// entries are still found by AuditEvent search, the projection is gone, and the log grows on in the
// compact form and verifies as one tree.
import type { AuditEvent } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSigningKey } from '../auth/signing-keys.ts';
import type { Engine } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import { createRepository } from '../db/repository.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { putResources } from '../db/write.ts';
import { createInProcessBus } from '../events/bus.ts';
import { appendAuditEntries } from './append.ts';
import { toAuditEvent, type AuditEntryInput } from './audit-event.ts';
import { canonicalJson } from './canonical.ts';
import { appendLeaf, emptyFrontier, type StoredNode } from './frontier.ts';
import { leafHash } from './merkle.ts';
import { storeNodes } from './nodes.ts';
import { sealPending } from './seal.ts';
import { publishTreeHead } from './tree-heads.ts';
import { databaseSource } from './verify-source.ts';
import { verifyAuditLog } from './verify.ts';

const entry = (n: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  recorded: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  interaction: 'read',
  action: 'R',
  status: 200,
  agent: { actor: 'Practitioner/dr', userId: 'u-dr', fhirUser: 'Practitioner/dr', sourceIp: '10.0.0.9' },
  entities: [`Observation/o${n}`],
  patients: ['p1'],
  ...over,
});

/** The log as the appender wrote it before 0019: sealed AuditEvent leaves, their projection, a head. */
async function writeOldLog(engine: Engine, entries: readonly AuditEntryInput[]): Promise<AuditEvent[]> {
  const frontier = emptyFrontier();
  const nodes: StoredNode[] = [];
  const events = entries.map((e, i) => ({ ...toAuditEvent(e), id: String(i) }));
  const bytes = events.map((e) => canonicalJson(e));
  for (const b of bytes) nodes.push(...appendLeaf(frontier, leafHash(Buffer.from(b, 'utf8'))));
  await engine.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO audit_entries (recorded, entry, leaf_index)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::bigint[])`,
      [entries.map((e) => e.recorded), bytes, bytes.map((_b, i) => i)],
    );
    await storeNodes(tx, nodes);
    await tx.query('UPDATE audit_tree SET size = $1', [frontier.size]);
    await putResources(
      tx,
      events.map((resource) => ({ resource, method: 'POST' as const })),
      { now: new Date().toISOString() },
    );
  });
  await publishTreeHead(engine, await currentSigningKey(engine), new Date());
  // One entry still pending at upgrade time: the old AuditEvent JSON without id.
  await engine.query('INSERT INTO audit_entries (recorded, entry) VALUES ($1, $2)', [
    entries[0]!.recorded,
    canonicalJson(toAuditEvent(entry(9, { patients: ['p2'], status: 403 }))),
  ]);
  return events;
}

describe.each(testEngines({ before: '0019' }))(
  'migration 0019 of an existing audit log on %s',
  (_name, open) => {
    let engine: Engine;
    let old: AuditEvent[];
    const search = async (query: [string, string][]) => {
      const repo = createRepository({ db: engine, bus: createInProcessBus() });
      const bundle = await repo.search(SYSTEM_CONTEXT, 'AuditEvent', query, { baseUrl: 'http://h/fhir' });
      return (bundle.entry ?? []).map((e) => e.resource as AuditEvent);
    };

    beforeAll(async () => {
      engine = await open();
      old = await writeOldLog(engine, [entry(0), entry(1, { status: 403 }), entry(2, { patients: ['p2'] })]);
      expect(await migrate(engine)).toContain('0019_audit_compact.sql');
    }, 60_000);
    afterAll(() => engine.close());

    it('keeps verifying the old log against its signed head', async () => {
      expect(await verifyAuditLog(databaseSource(engine))).toEqual({ size: 3, heads: 1, pending: 1 });
    });

    it('drops the projected AuditEvent resources and their index rows', async () => {
      const r = await engine.query<{ n: string | number }>(
        `SELECT (SELECT count(*) FROM resources WHERE resource_type = 'AuditEvent')
            + (SELECT count(*) FROM resource_history WHERE resource_type = 'AuditEvent')
            + (SELECT count(*) FROM idx_token WHERE resource_type = 'AuditEvent')
            + (SELECT count(*) FROM idx_reference WHERE resource_type = 'AuditEvent') AS n`,
      );
      expect(Number(r.rows[0]!.n)).toBe(0);
    });

    it('finds the old entries by patient, agent and outcome, rendered as they were sealed', async () => {
      const p1 = await search([['patient', 'Patient/p1']]);
      expect(p1.map((e) => e.id)).toEqual(['0', '1']);
      const { meta, ...sealed } = p1[0]!;
      expect(sealed).toEqual(old[0]);
      expect(meta).toEqual({ versionId: '1', lastUpdated: old[0]!.recorded });
      expect(
        (
          await search([
            ['agent', 'Practitioner/dr'],
            ['outcome', '4'],
          ])
        ).map((e) => e.id),
      ).toEqual(['1']);
      expect(
        (
          await search([
            ['entity', 'Observation/o2'],
            ['address', '10.0.0.9'],
          ])
        ).map((e) => e.id),
      ).toEqual(['2']);
    });

    it('grows on in the compact form, and old and new entries verify as one tree', async () => {
      await sealPending(engine);
      await appendAuditEntries(engine, [entry(4), entry(5, { patients: ['p2'] })]);
      await sealPending(engine);
      await publishTreeHead(engine, await currentSigningKey(engine), new Date());
      expect(await verifyAuditLog(databaseSource(engine))).toEqual({ size: 6, heads: 2, pending: 0 });
      const p2 = await search([
        ['patient', 'Patient/p2'],
        ['_sort', '_id'],
      ]);
      expect(p2.map((e) => e.id)).toEqual(['2', '3', '5']);
      expect(p2[1]!.outcome).toBe('4');
      expect(p2[2]!.entity?.map((x) => x.what?.reference)).toEqual(['Observation/o5', 'Patient/p2']);
    });
  },
);
