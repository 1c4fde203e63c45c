import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSigningKey } from '../auth/signing-keys.ts';
import type { Engine, Queryable } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { appendAuditEntries } from './append.ts';
import type { AuditEntryInput } from './audit-event.ts';
import { sealPending } from './seal.ts';
import { publishTreeHead } from './tree-heads.ts';
import { databaseSource } from './verify-source.ts';
import { verifyAuditLog, type VerifyResult } from './verify.ts';

const entry = (n: number): AuditEntryInput => ({
  recorded: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  interaction: 'read',
  action: 'R',
  status: 200,
  agent: { actor: 'Client/c', clientId: 'c', sourceIp: '10.0.0.1' },
  entities: [`Observation/o${n}`],
  patients: [`p${n % 3}`],
});

class Rollback extends Error {}

describe.each(testEngines())('hearth audit verify on %s', (_name, open) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await open();
    const key = await currentSigningKey(engine);
    await appendAuditEntries(engine, [0, 1, 2, 3, 4].map(entry));
    await sealPending(engine);
    await publishTreeHead(engine, key, new Date());
    await appendAuditEntries(engine, [5, 6, 7, 8].map(entry));
    await sealPending(engine);
    await publishTreeHead(engine, key, new Date());
  }, 60_000);
  afterAll(() => engine.close());

  /** Tampers inside a transaction, verifies what the tampered database shows, then rolls it back. */
  async function verifyAfter(...statements: string[]): Promise<VerifyResult> {
    let result: VerifyResult | undefined;
    await engine
      .transaction(async (tx: Queryable) => {
        for (const sql of statements) await tx.query(sql);
        result = await verifyAuditLog(databaseSource(tx));
        throw new Rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
    return result!;
  }

  it('verifies an untouched log against its signed tree heads', async () => {
    const progress: number[] = [];
    const result = await verifyAuditLog(databaseSource(engine), {
      onProgress: (done) => progress.push(done),
    });
    expect(result).toEqual({ size: 9, heads: 2, pending: 0 });
    expect(progress).toEqual([9]);
  });

  it('names an entry edited in place', async () => {
    const r = await verifyAfter(
      `UPDATE audit_entries SET entry = replace(entry, '10.0.0.1', '10.0.0.2') WHERE leaf_index = 3`,
    );
    expect(r.problem).toMatchObject({ kind: 'edited', index: 3 });
  });

  it('names a deleted entry, also when the later entries were renumbered to close the gap', async () => {
    expect((await verifyAfter('DELETE FROM audit_entries WHERE leaf_index = 4')).problem).toMatchObject({
      kind: 'deleted',
      index: 4,
    });
    const renumbered = await verifyAfter(
      'DELETE FROM audit_entries WHERE leaf_index = 2',
      'UPDATE audit_entries SET leaf_index = leaf_index + 1000 WHERE leaf_index > 2',
      'UPDATE audit_entries SET leaf_index = leaf_index - 1001 WHERE leaf_index > 1000',
    );
    expect(renumbered.problem).toMatchObject({ kind: 'deleted', index: 2 });
    const lastGone = await verifyAfter(
      'DELETE FROM audit_entries WHERE leaf_index = 8',
      'UPDATE audit_tree SET size = 8',
    );
    expect(lastGone.problem).toMatchObject({ kind: 'deleted', index: 8 });
  });

  it('names an inserted entry, in the middle or past the end', async () => {
    const middle = await verifyAfter(
      'UPDATE audit_entries SET leaf_index = leaf_index + 1000 WHERE leaf_index >= 5',
      'UPDATE audit_entries SET leaf_index = leaf_index - 999 WHERE leaf_index >= 1000',
      `INSERT INTO audit_entries (recorded, entry, leaf_index) SELECT recorded, replace(entry, 'o1', 'o99'), 5 FROM audit_entries WHERE leaf_index = 1`,
    );
    expect(middle.problem).toMatchObject({ kind: 'inserted', index: 5 });
    const end = await verifyAfter(
      `INSERT INTO audit_entries (recorded, entry, leaf_index) SELECT recorded, entry, 9 FROM audit_entries WHERE leaf_index = 1`,
    );
    expect(end.problem).toMatchObject({ kind: 'inserted', index: 9 });
  });

  it('names reordered entries', async () => {
    const r = await verifyAfter(
      'UPDATE audit_entries SET leaf_index = 1001 WHERE leaf_index = 1',
      'UPDATE audit_entries SET leaf_index = 1 WHERE leaf_index = 6',
      'UPDATE audit_entries SET leaf_index = 6 WHERE leaf_index = 1001',
    );
    expect(r.problem).toMatchObject({ kind: 'reordered', index: 1 });
  });

  it('detects an entry rewritten together with its stored leaf hash through the signed root', async () => {
    const r = await verifyAfter(
      `UPDATE audit_entries SET entry = replace(entry, 'o7', 'o77') WHERE leaf_index = 7`,
      `UPDATE audit_nodes n SET hash = sha256(decode('00', 'hex') || convert_to(a.entry, 'UTF8'))
         FROM audit_entries a WHERE a.leaf_index = 7 AND n.level = 0 AND n.idx = 7`,
    );
    expect(r.problem).toMatchObject({ kind: 'rewritten', index: 5 });
  });
});
