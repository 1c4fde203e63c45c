import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, failureOf, openRepository, type RepositoryFixture } from './repository.fixtures.ts';
import { SYSTEM_CONTEXT as ctx } from './repository.types.ts';
import { testEngines } from './test-engines.ts';

const patient = (id: string, family = 'Doe'): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family }],
});

describe.each(testEngines())('repository delete, transactions and bulk puts on %s', (_name, open) => {
  let f: RepositoryFixture;
  beforeAll(async () => {
    f = await openRepository(open);
  });
  afterAll(async () => {
    await f.close();
  });

  it('soft-deletes: read is gone, the old version still reads, searches lose the index rows', async () => {
    await f.repo.update(ctx, patient('del-1'));
    await f.repo.delete(ctx, 'Patient', 'del-1');
    expect(await failureOf(f.repo.read(ctx, 'Patient', 'del-1'))).toBe('gone');
    expect((await f.repo.vread(ctx, 'Patient', 'del-1', '1')).id).toBe('del-1');
    expect(await failureOf(f.repo.vread(ctx, 'Patient', 'del-1', '2'))).toBe('gone');
    expect(await failureOf(f.repo.vread(ctx, 'Patient', 'del-1', '3'))).toBe('not-found');
    expect(await countRows(f.db, 'idx_string', 'Patient', 'del-1')).toBe(0);
    expect(await countRows(f.db, 'resource_history', 'Patient', 'del-1')).toBe(2);
  });

  it('treats deleting a missing or already deleted resource as done, without a new version', async () => {
    await f.repo.delete(ctx, 'Patient', 'never-existed');
    await f.repo.update(ctx, patient('del-2'));
    await f.repo.delete(ctx, 'Patient', 'del-2');
    await f.repo.delete(ctx, 'Patient', 'del-2');
    expect(await countRows(f.db, 'resource_history', 'Patient', 'del-2')).toBe(2);
    expect(await countRows(f.db, 'resources', 'Patient', 'never-existed')).toBe(0);
  });

  it('brings a deleted resource back with a new version on update (201 created)', async () => {
    await f.repo.update(ctx, patient('del-3'));
    await f.repo.delete(ctx, 'Patient', 'del-3');
    const back = await f.repo.update(ctx, patient('del-3'));
    expect(back.created).toBe(true);
    expect(back.resource.meta?.versionId).toBe('3');
    expect((await f.repo.read(ctx, 'Patient', 'del-3')).meta?.versionId).toBe('3');
    expect(await countRows(f.db, 'idx_string', 'Patient', 'del-3')).toBeGreaterThan(0);
  });

  it('publishes change events only after commit, with the patient compartment', async () => {
    f.events.length = 0;
    await f.repo.update(ctx, patient('ev-1'));
    await f.repo.update(ctx, patient('ev-1', 'Changed'));
    await f.repo.delete(ctx, 'Patient', 'ev-1');
    expect(f.events.map((e) => [e.action, e.versionId])).toEqual([
      ['create', '1'],
      ['update', '2'],
      ['delete', '3'],
    ]);
    expect(f.events.every((e) => e.patientIds.includes('ev-1'))).toBe(true);
  });

  it('commits everything written through withTransaction at once, publishing after the outer commit', async () => {
    f.events.length = 0;
    await f.repo.withTransaction(async (tx) => {
      await tx.update(ctx, patient('tx-1'));
      await tx.withTransaction((inner) => inner.update(ctx, patient('tx-2')));
      expect(await tx.read(ctx, 'Patient', 'tx-2')).toMatchObject({ id: 'tx-2' });
      expect(f.events).toHaveLength(0);
    });
    expect(f.events.map((e) => e.id)).toEqual(['tx-1', 'tx-2']);
  });

  it('rolls back every write of a failed transaction and publishes nothing (never a partial write)', async () => {
    f.events.length = 0;
    const failed = f.repo.withTransaction(async (tx) => {
      await tx.update(ctx, patient('tx-3'));
      await tx.update(ctx, { ...patient('tx-4'), birthDate: 'not a date' });
    });
    expect(await failureOf(failed)).toBe('bad-request');
    expect(await countRows(f.db, 'resources', 'Patient', 'tx-3')).toBe(0);
    expect(await countRows(f.db, 'idx_string', 'Patient', 'tx-3')).toBe(0);
    expect(f.events).toHaveLength(0);
  });

  it('puts many resources in input order, repeated ids becoming successive versions', async () => {
    const results = await f.repo.putMany(ctx, [
      patient('bulk-1'),
      patient('bulk-2'),
      patient('bulk-1', 'Again'),
    ]);
    expect(results.map((r) => [r.resource.id, r.resource.meta?.versionId, r.created])).toEqual([
      ['bulk-1', '1', true],
      ['bulk-2', '1', true],
      ['bulk-1', '2', false],
    ]);
    expect(await f.repo.read(ctx, 'Patient', 'bulk-1')).toMatchObject({ name: [{ family: 'Again' }] });
    const again = await f.repo.putMany(ctx, [patient('bulk-1', 'Again'), patient('bulk-2')]);
    expect(again.map((r) => r.created)).toEqual([false, false]);
    expect(await countRows(f.db, 'resource_history', 'Patient', 'bulk-2')).toBe(1);
  });

  it('creates, updates and revives in one bulk put, indexing each resource once', async () => {
    await f.repo.update(ctx, patient('mixed-live'));
    await f.repo.update(ctx, patient('mixed-gone'));
    await f.repo.delete(ctx, 'Patient', 'mixed-gone');
    const results = await f.repo.putMany(ctx, [
      patient('mixed-new', 'Fresh'),
      patient('mixed-live', 'Changed'),
      patient('mixed-gone', 'Back'),
    ]);
    expect(results.map((r) => [r.resource.id, r.resource.meta?.versionId, r.created])).toEqual([
      ['mixed-new', '1', true],
      ['mixed-live', '2', false],
      ['mixed-gone', '3', true],
    ]);
    for (const id of ['mixed-new', 'mixed-live', 'mixed-gone']) {
      expect(await countRows(f.db, 'idx_string', 'Patient', id)).toBe(
        await countRows(f.db, 'idx_string', 'Patient', 'mixed-new'),
      );
    }
    expect(await f.repo.read(ctx, 'Patient', 'mixed-gone')).toMatchObject({ name: [{ family: 'Back' }] });
  });

  it('turns racing updates-as-create of one new id into one create and successive versions', async () => {
    const writes = ['A', 'B', 'C', 'D'].map((family) => f.repo.update(ctx, patient('race-new', family)));
    const results = await Promise.all(writes);
    expect(results.map((r) => Number(r.resource.meta?.versionId)).toSorted((a, b) => a - b)).toEqual([
      1, 2, 3, 4,
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await countRows(f.db, 'resource_history', 'Patient', 'race-new')).toBe(4);
    const last = results.find((r) => r.resource.meta?.versionId === '4')!;
    expect(await f.repo.read(ctx, 'Patient', 'race-new')).toEqual(last.resource);
    expect(await countRows(f.db, 'idx_compartment', 'Patient', 'race-new')).toBe(1);
  });

  it('writes nothing from a bulk put when one resource is invalid', async () => {
    const batch = [patient('bulk-3'), { ...patient('bulk-4'), gender: 'robot' } as unknown as Patient];
    expect(await failureOf(f.repo.putMany(ctx, batch))).toBe('bad-request');
    expect(await countRows(f.db, 'resources', 'Patient', 'bulk-3')).toBe(0);
  });
});
