import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { generatePopulation, type PopulationOptions } from '@hearth/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { applyImportItems } from '../importer/apply-items.ts';
import { exportPage } from '../importer/export-resources.ts';
import type { ImportItem } from '../importer/import-item.ts';
import { runImport } from '../importer/run-import.ts';
import { seedDatabase, type SeedSummary } from './seed-database.ts';
import { seedFiles } from './seed-files.ts';

const BASE = 'http://hearth.test/fhir';
// Small on purpose (no future schedule, one year of history): each run takes a second or two. The full
// population, slots included, is validated and reference-checked in packages/synth/src/population.test.ts.
const POPULATION: PopulationOptions = {
  seed: 'seed-int-test',
  patients: 3,
  now: new Date('2026-01-15T00:00:00Z'),
  scheduleWeeks: 0,
  historyYears: 1,
};

function generated(): Map<string, Resource> {
  const all = new Map<string, Resource>();
  for (const bundle of generatePopulation(POPULATION))
    for (const e of bundle.entry ?? [])
      all.set(`${e.resource!.resourceType}/${e.resource!.id!}`, e.resource!);
  return all;
}

async function stored(engine: Engine): Promise<Map<string, Resource>> {
  const all = new Map<string, Resource>();
  let after: string | undefined;
  do {
    const page = await exportPage(engine, { types: [], after, limit: 10_000 });
    for (const line of page.lines) {
      const { meta: _meta, ...resource } = JSON.parse(line) as Resource;
      all.set(`${resource.resourceType}/${resource.id!}`, resource);
    }
    after = page.next;
  } while (after);
  return all;
}

describe.each(testEngines())('hearth seed on %s', (name, open) => {
  const expected = generated();
  let engine: Engine;
  let repo: Repository;
  let dir: string;
  let first: SeedSummary;

  const apply = (items: ImportItem[]) =>
    applyImportItems({ repo, ctx: SYSTEM_CONTEXT, baseUrl: BASE }, items);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `hearth-seed-${name}-`));
    engine = await open();
    repo = createRepository({ db: engine, bus: createInProcessBus() });
    first = await seedDatabase({ population: POPULATION, apply, batchSize: 200 });
  });
  afterAll(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores every generated resource, unchanged, through the repository', async () => {
    expect(first).toMatchObject({ patients: 3, created: expected.size, failed: 0, interrupted: false });
    expect(await stored(engine)).toEqual(expected);
  });

  it("indexes what it stores: a patient's observations are found by search", async () => {
    const patient = [...expected.values()].find((r) => r.resourceType === 'Patient')!;
    const own = [...expected.values()].filter(
      (r) => r.resourceType === 'Observation' && r.subject?.reference === `Patient/${patient.id!}`,
    );
    const found = await repo.search(
      SYSTEM_CONTEXT,
      'Observation',
      [
        ['subject', `Patient/${patient.id!}`],
        ['_total', 'accurate'],
      ],
      { baseUrl: BASE },
    );
    expect(own.length).toBeGreaterThan(0);
    expect(found.total).toBe(own.length);
  });

  it('seeding the same population again writes nothing new', async () => {
    const again = await seedDatabase({ population: POPULATION, apply, batchSize: 200 });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: expected.size, failed: 0 });
  });

  it('writes NDJSON files that hearth import reads back as the very resources seeded', async () => {
    const out = join(dir, 'out');
    const files = await seedFiles({ population: POPULATION, dir: out });
    expect(files).toMatchObject({ patients: 3, resources: expected.size, interrupted: false });
    const imported = await runImport({ paths: [out], dataDir: join(dir, 'state'), apply });
    expect(imported).toMatchObject({ files: files.files, created: 0, updated: 0, unchanged: expected.size });
    expect(imported.failed).toBe(0);
  });

  it('refuses to write into a folder that already holds NDJSON files', async () => {
    const out = join(dir, 'twice');
    await seedFiles({ population: { ...POPULATION, patients: 0 }, dir: out });
    await expect(seedFiles({ population: POPULATION, dir: out })).rejects.toThrow(/already holds/);
  });
});
