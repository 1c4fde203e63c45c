import { generatePopulation, type PopulationOptions } from '@hearth/synth';
import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../importer/import-item.ts';
import { seedDatabase } from './seed-database.ts';

const POPULATION: PopulationOptions = {
  seed: 'seed-database-test',
  patients: 5,
  now: new Date('2026-01-15T00:00:00Z'),
  historyYears: 2,
};

describe('seeding through an apply function', () => {
  it('hands over every generated resource once, as a PUT with its id, in transactions of at most batch-size', async () => {
    const batches: ImportItem[][] = [];
    const summary = await seedDatabase({
      population: POPULATION,
      batchSize: 150,
      apply: (items) => {
        batches.push(items);
        return Promise.resolve(items.map(() => ({ status: 'created' as const })));
      },
    });
    const expected = [...generatePopulation(POPULATION)].flatMap((b) =>
      (b.entry ?? []).map((e) => `${e.resource!.resourceType}/${e.resource!.id!}`),
    );
    const handed = batches.flat();
    expect(handed.map((i) => i.source)).toEqual(expected);
    expect(handed.every((i) => i.action === 'put')).toBe(true);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(150);
    expect(summary).toMatchObject({ patients: 5, created: expected.length, failed: 0, interrupted: false });
  });

  it('reports each failed resource with its reason and counts it', async () => {
    const failures: string[] = [];
    const summary = await seedDatabase({
      population: { ...POPULATION, patients: 1 },
      apply: (items) =>
        Promise.resolve(
          items.map((i) =>
            i.source.startsWith('Patient/')
              ? { status: 'failed' as const, error: 'refused' }
              : { status: 'created' as const },
          ),
        ),
      onFailure: (source, error) => failures.push(`${source}: ${error}`),
    });
    expect(summary.failed).toBe(1);
    expect(failures).toEqual([expect.stringMatching(/^Patient\/.+: refused$/)]);
  });
});
