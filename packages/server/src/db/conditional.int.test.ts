import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openRepository, type RepositoryFixture } from './repository.fixtures.ts';
import { SYSTEM_CONTEXT as ctx } from './repository.types.ts';
import { testEngines } from './test-engines.ts';

const SYSTEM = 'urn:test:mrn';
const patient = (mrn: string, family = 'Doe'): Patient => ({
  resourceType: 'Patient',
  identifier: [{ system: SYSTEM, value: mrn }],
  name: [{ family }],
});
const byMrn = (mrn: string) => [['identifier', `${SYSTEM}|${mrn}`]] as const;

describe.each(testEngines())('conditional interactions on %s', (_name, open) => {
  let f: RepositoryFixture;
  beforeAll(async () => {
    f = await openRepository(open);
  });
  afterAll(async () => {
    await f.close();
  });

  it('creates once under If-None-Exist and then returns the match without writing', async () => {
    const first = await f.repo.create(ctx, patient('c-1'), { ifNoneExist: `identifier=${SYSTEM}|c-1` });
    const second = await f.repo.create(ctx, patient('c-1'), { ifNoneExist: `identifier=${SYSTEM}|c-1` });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, matched: true });
    expect(second.resource.id).toBe(first.resource.id);
  });

  it('creates at most once when conditional creates race', async () => {
    const attempts = Array.from({ length: 4 }, () =>
      f.repo.create(ctx, patient('c-race'), { ifNoneExist: `identifier=${SYSTEM}|c-race` }),
    );
    const ids = new Set((await Promise.all(attempts)).map((r) => r.resource.id));
    expect(ids.size).toBe(1);
  });

  it('refuses a conditional create or update matching several resources (412)', async () => {
    await f.repo.create(ctx, patient('c-dup'));
    await f.repo.create(ctx, patient('c-dup'));
    const create = f.repo.create(ctx, patient('c-dup'), { ifNoneExist: `identifier=${SYSTEM}|c-dup` });
    expect(await failureOf(create)).toBe('precondition-failed');
    expect(await failureOf(f.repo.conditionalUpdate(ctx, patient('c-dup'), byMrn('c-dup')))).toBe(
      'precondition-failed',
    );
  });

  it('creates on no match and updates the single match on conditional update', async () => {
    const created = await f.repo.conditionalUpdate(ctx, patient('c-2'), byMrn('c-2'));
    expect(created.created).toBe(true);
    const updated = await f.repo.conditionalUpdate(ctx, patient('c-2', 'Changed'), byMrn('c-2'));
    expect(updated).toMatchObject({
      created: false,
      resource: { id: created.resource.id, meta: { versionId: '2' } },
    });
    const clash = f.repo.conditionalUpdate(ctx, { ...patient('c-2'), id: 'other' }, byMrn('c-2'));
    expect(await failureOf(clash)).toBe('bad-request');
  });

  it('deletes every match on conditional delete and reports how many', async () => {
    await f.repo.create(ctx, patient('c-3'));
    await f.repo.create(ctx, patient('c-3'));
    expect(await f.repo.conditionalDelete(ctx, 'Patient', byMrn('c-3'))).toBe(2);
    expect(await f.repo.conditionalDelete(ctx, 'Patient', byMrn('c-3'))).toBe(0);
  });
});
