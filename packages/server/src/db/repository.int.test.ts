import type { Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, failureOf, openRepository, type RepositoryFixture } from './repository.fixtures.ts';
import { SYSTEM_CONTEXT as ctx } from './repository.types.ts';
import { testEngines } from './test-engines.ts';

const patient = (family: string): Patient => ({
  resourceType: 'Patient',
  name: [{ family, given: ['Ada'] }],
  birthDate: '1970-05-06',
});

describe.each(testEngines())('repository create/read/update on %s', (_name, open) => {
  let f: RepositoryFixture;
  beforeAll(async () => {
    f = await openRepository(open);
  });
  afterAll(async () => {
    await f.close();
  });

  it('creates with a server id, version 1 and lastUpdated, keeping client tags but not client ids', async () => {
    f.setNow('2026-03-04T05:06:07.089Z');
    const { resource, created } = await f.repo.create(ctx, {
      ...patient('Create'),
      id: 'client-chosen',
      meta: { versionId: '99', lastUpdated: '2001-01-01T00:00:00Z', tag: [{ code: 'keep' }] },
    });
    f.setNow(undefined);
    expect(created).toBe(true);
    expect(resource.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(resource.meta).toEqual({
      versionId: '1',
      lastUpdated: '2026-03-04T05:06:07.089Z',
      tag: [{ code: 'keep' }],
    });
    expect(await f.repo.read(ctx, 'Patient', resource.id)).toEqual(resource);
    expect(await countRows(f.db, 'resources', 'Patient', 'client-chosen')).toBe(0);
  });

  it('serves the stored text on the raw read path, identical to the parsed read', async () => {
    const { resource } = await f.repo.create(ctx, patient('Raw'));
    const raw = await f.repo.readRaw(ctx, 'Patient', resource.id!);
    expect(raw.versionId).toBe('1');
    expect(raw.lastUpdated).toBe(resource.meta?.lastUpdated);
    expect(JSON.parse(raw.content)).toEqual(resource);
  });

  it('answers not-found for an unknown id or type', async () => {
    expect(await failureOf(f.repo.read(ctx, 'Patient', 'nobody'))).toBe('not-found');
    expect(await failureOf(f.repo.read(ctx, 'NoSuchType', 'x'))).toBe('not-found');
  });

  it('writes the search index rows and the patient-compartment key in the same transaction', async () => {
    const { resource: p } = await f.repo.create(ctx, patient('Indexed'));
    const obs: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient/${p.id}` },
      valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    };
    const { resource: o } = await f.repo.create(ctx, obs);
    expect(await countRows(f.db, 'idx_string', 'Patient', p.id!)).toBeGreaterThan(0);
    expect(await countRows(f.db, 'idx_date', 'Patient', p.id!)).toBeGreaterThan(0);
    expect(await countRows(f.db, 'idx_token', 'Observation', o.id!)).toBeGreaterThan(0);
    expect(await countRows(f.db, 'idx_quantity', 'Observation', o.id!)).toBeGreaterThan(0);
    const keys = await f.db.query<{ patient_id: string | null }>(
      `SELECT patient_id FROM resources WHERE id = $1 UNION ALL SELECT patient_id FROM idx_reference WHERE resource_id = $1`,
      [o.id],
    );
    expect(keys.rows.every((r) => r.patient_id === p.id)).toBe(true);
    const compartments = await f.db.query(
      'SELECT 1 FROM idx_compartment WHERE resource_id = $1 AND patient_id = $2',
      [o.id, p.id],
    );
    expect(compartments.rows).toHaveLength(1);
  });

  it('updates to a new version and replaces the index rows instead of adding to them', async () => {
    const { resource } = await f.repo.create(ctx, patient('Before'));
    const stringRows = await countRows(f.db, 'idx_string', 'Patient', resource.id!);
    const { resource: updated, created } = await f.repo.update(ctx, {
      ...resource,
      name: [{ family: 'After' }],
    });
    expect(created).toBe(false);
    expect(updated.meta?.versionId).toBe('2');
    expect(await countRows(f.db, 'resource_history', 'Patient', resource.id!)).toBe(2);
    expect(await countRows(f.db, 'idx_string', 'Patient', resource.id!)).toBeLessThan(stringRows);
    const norms = await f.db.query<{ exact: string }>('SELECT exact FROM idx_string WHERE resource_id = $1', [
      resource.id,
    ]);
    expect(norms.rows.map((r) => r.exact)).toContain('After');
    expect(norms.rows.map((r) => r.exact)).not.toContain('Before');
  });

  it('creates with the client id on update of an unknown id (update-as-create)', async () => {
    const { resource, created } = await f.repo.update(ctx, { ...patient('Client'), id: 'client-id-1' });
    expect(created).toBe(true);
    expect(resource.meta?.versionId).toBe('1');
    expect((await f.repo.read(ctx, 'Patient', 'client-id-1')).id).toBe('client-id-1');
  });

  it('refuses an update whose If-Match is not the current version, writing nothing', async () => {
    const { resource } = await f.repo.create(ctx, patient('Locked'));
    const change = { ...resource, gender: 'female' as const };
    expect(await failureOf(f.repo.update(ctx, change, { ifMatch: '7' }))).toBe('precondition-failed');
    expect(await failureOf(f.repo.update(ctx, { ...change, id: 'never-was' }, { ifMatch: '1' }))).toBe(
      'precondition-failed',
    );
    expect((await f.repo.read(ctx, 'Patient', resource.id!)).meta?.versionId).toBe('1');
    expect((await f.repo.update(ctx, change, { ifMatch: '1' })).resource.meta?.versionId).toBe('2');
  });

  it('refuses an update without an id, an unknown type and an invalid resource, writing no row', async () => {
    expect(await failureOf(f.repo.update(ctx, patient('NoId')))).toBe('bad-request');
    const unknown = { resourceType: 'Spaceship', id: 'enterprise' } as unknown as Patient;
    expect(await failureOf(f.repo.update(ctx, unknown))).toBe('bad-request');
    const invalid = { ...patient('Bad'), id: 'invalid-1', birthDate: 'yesterday' };
    expect(await failureOf(f.repo.update(ctx, invalid))).toBe('bad-request');
    expect(await countRows(f.db, 'resources', 'Spaceship', 'enterprise')).toBe(0);
    expect(await countRows(f.db, 'resources', 'Patient', 'invalid-1')).toBe(0);
    expect(await countRows(f.db, 'resource_history', 'Patient', 'invalid-1')).toBe(0);
  });

  it('makes no new version when the content is unchanged, so re-imports are idempotent', async () => {
    const { resource } = await f.repo.update(ctx, { ...patient('Same'), id: 'same-1' });
    const again = await f.repo.update(ctx, { ...patient('Same'), id: 'same-1' });
    expect(again.created).toBe(false);
    expect(again.resource).toEqual(resource);
    expect(await countRows(f.db, 'resource_history', 'Patient', 'same-1')).toBe(1);
  });

  it('serialises concurrent updates of one resource into distinct, increasing versions', async () => {
    const { resource } = await f.repo.create(ctx, patient('Race'));
    const writes = ['A', 'B', 'C', 'D', 'E'].map((family) =>
      f.repo.update(ctx, { ...resource, name: [{ family }] }),
    );
    const versions = (await Promise.all(writes)).map((w) => Number(w.resource.meta?.versionId));
    expect(versions.toSorted((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
    expect(await countRows(f.db, 'resource_history', 'Patient', resource.id!)).toBe(6);
  });

  it('returns the validation outcome for $validate without writing', () => {
    expect(f.repo.validate(patient('Fine')).issue?.[0]?.severity).toBe('information');
    const outcome = f.repo.validate({ ...patient('Bad'), birthDate: 'soon' });
    expect(outcome.issue?.some((i) => i.severity === 'error')).toBe(true);
    expect(f.repo.validate(patient('NoId'), 'update').issue?.[0]?.severity).toBe('error');
  });
});
