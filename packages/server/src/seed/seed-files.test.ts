import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PopulationOptions } from '@hearth/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFiles } from './seed-files.ts';

const POPULATION: PopulationOptions = {
  seed: 'seed-files-test',
  patients: 4,
  now: new Date('2026-01-15T00:00:00Z'),
  scheduleWeeks: 1,
  historyYears: 2,
};

async function contents(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir)).sort();
  return new Map(
    await Promise.all(files.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as const)),
  );
}

describe('hearth seed --out', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-seed-files-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one NDJSON file per resource type, one resource per line, and says how much it wrote', async () => {
    const summary = await seedFiles({ population: POPULATION, dir: join(dir, 'a') });
    const files = await contents(join(dir, 'a'));
    expect(summary).toMatchObject({ patients: 4, files: files.size, interrupted: false });
    let lines = 0;
    let bytes = 0;
    for (const [name, text] of files) {
      const type = name.replace(/\.ndjson$/, '');
      for (const line of text.trimEnd().split('\n')) {
        expect(JSON.parse(line)).toMatchObject({ resourceType: type });
        lines++;
      }
      bytes += Buffer.byteLength(text);
    }
    expect(summary.resources).toBe(lines);
    expect(summary.bytes).toBe(bytes);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['Patient.ndjson', 'Observation.ndjson', 'Slot.ndjson']),
    );
  });

  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    await seedFiles({ population: POPULATION, dir: join(dir, 'b1') });
    await seedFiles({ population: POPULATION, dir: join(dir, 'b2') });
    await seedFiles({ population: { ...POPULATION, seed: 'another' }, dir: join(dir, 'c') });
    const first = await contents(join(dir, 'b1'));
    expect(await contents(join(dir, 'b2'))).toEqual(first);
    expect((await contents(join(dir, 'c'))).get('Patient.ndjson')).not.toEqual(first.get('Patient.ndjson'));
  });

  it('stops between patients when asked, and says so', async () => {
    const stop = new AbortController();
    const summary = await seedFiles({
      population: POPULATION,
      dir: join(dir, 'stopped'),
      signal: stop.signal,
      onProgress: (p) => {
        if (p.patients === 1) stop.abort();
      },
    });
    expect(summary).toMatchObject({ patients: 1, interrupted: true });
  });
});
