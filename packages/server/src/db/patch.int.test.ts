import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, failureOf, openRepository, type RepositoryFixture } from './repository.fixtures.ts';
import { SYSTEM_CONTEXT as ctx } from './repository.types.ts';
import { testEngines } from './test-engines.ts';

const patient = (id: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family: 'Old' }],
  active: true,
});

describe.each(testEngines())('patch on %s', (_name, open) => {
  let f: RepositoryFixture;
  beforeAll(async () => {
    f = await openRepository(open);
  });
  afterAll(async () => {
    await f.close();
  });

  it('writes the patched resource as a new version, re-indexed', async () => {
    await f.repo.update(ctx, patient('pa-1'));
    const { resource } = await f.repo.patch(ctx, 'Patient', 'pa-1', [
      { op: 'replace', path: '/name/0/family', value: 'New' },
    ]);
    expect(resource.meta?.versionId).toBe('2');
    expect((await f.repo.read(ctx, 'Patient', 'pa-1')) as Patient).toMatchObject({
      name: [{ family: 'New' }],
    });
    const rows = await f.db.query<{ exact: string }>('SELECT exact FROM idx_string WHERE resource_id = $1', [
      'pa-1',
    ]);
    expect(rows.rows.map((r) => r.exact)).not.toContain('Old');
  });

  it('writes nothing when a test operation fails, the result is invalid, or If-Match is stale', async () => {
    await f.repo.update(ctx, patient('pa-2'));
    const failing = [{ op: 'test', path: '/active', value: false }];
    expect(await failureOf(f.repo.patch(ctx, 'Patient', 'pa-2', failing))).toBe('unprocessable');
    const invalid = [{ op: 'replace', path: '/active', value: 'yes' }];
    expect(await failureOf(f.repo.patch(ctx, 'Patient', 'pa-2', invalid))).toBe('bad-request');
    const fine = [{ op: 'remove', path: '/active' }];
    expect(await failureOf(f.repo.patch(ctx, 'Patient', 'pa-2', fine, { ifMatch: '5' }))).toBe(
      'precondition-failed',
    );
    expect(await countRows(f.db, 'resource_history', 'Patient', 'pa-2')).toBe(1);
    expect(
      (await f.repo.patch(ctx, 'Patient', 'pa-2', fine, { ifMatch: '1' })).resource.meta?.versionId,
    ).toBe('2');
  });

  it('answers not-found for a missing resource and gone for a deleted one', async () => {
    const ops = [{ op: 'remove', path: '/active' }];
    expect(await failureOf(f.repo.patch(ctx, 'Patient', 'pa-none', ops))).toBe('not-found');
    await f.repo.update(ctx, patient('pa-3'));
    await f.repo.delete(ctx, 'Patient', 'pa-3');
    expect(await failureOf(f.repo.patch(ctx, 'Patient', 'pa-3', ops))).toBe('gone');
  });
});
