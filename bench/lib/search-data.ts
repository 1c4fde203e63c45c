// The search benchmark's database: ≥ N resources from packages/synth (deterministic: the same seed always
// gives the same population), loaded through the importer path. Loading 500,000 resources takes minutes,
// so the database is KEPT between runs — PostgreSQL database `hearth_bench_search_<N>`, PGlite dir
// `.bench-data/search-pglite-<N>` — and reused when the marker `.bench-data/search-<engine>-<N>.done`
// says a load finished. `--rebuild-search` drops and reloads it (e.g. after a migration changed indexes).
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { generateSharedBundle, patientRecord, populationContext } from '@hearth/synth';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { openServices } from '../../packages/server/src/main.ts';
import { ROOT, storageEnv, type Storage } from './child-server.ts';
import { loadResources, progress } from './load-resources.ts';
import { fmt } from './report.ts';
import { createDatabase, databaseExists, databaseUrl, dropDatabase, type EngineName } from './storage.ts';

export const SYNTH_OPTIONS = {
  seed: 'hearth-bench',
  patients: 1_000_000,
  now: new Date('2026-01-01T00:00:00Z'),
};
const BENCH_DATA = join(ROOT, '.bench-data');

export interface SearchDatabase {
  storage: Storage;
  /** Resources in it, and how it came to be (load rate, or reused). */
  resources: number;
  loadNote: string;
  loadRate?: number;
}

const bundleResources = (b: Bundle): Resource[] => (b.entry ?? []).map((e) => e.resource!);

/** Shared resources, then patient records, until at least `target` resources. */
function* population(target: number, counter: { resources: number }): Generator<Resource[]> {
  const shared = bundleResources(generateSharedBundle(SYNTH_OPTIONS));
  counter.resources += shared.length;
  yield shared;
  const context = populationContext(SYNTH_OPTIONS);
  for (let index = 0; counter.resources < target;) {
    const batch: Resource[] = [];
    while (batch.length < 2000 && counter.resources + batch.length < target)
      batch.push(...patientRecord(context, index++));
    counter.resources += batch.length;
    yield batch;
  }
}

function storageFor(engine: EngineName, target: number): Storage {
  const dataDir = join(BENCH_DATA, `search-${engine}-${target}`);
  return engine === 'postgres'
    ? { engine, dataDir, databaseUrl: databaseUrl(`hearth_bench_search_${target}`) }
    : { engine, dataDir };
}

export async function searchDatabase(
  engine: EngineName,
  target: number,
  rebuild: boolean,
): Promise<SearchDatabase> {
  const storage = storageFor(engine, target);
  const marker = join(BENCH_DATA, `search-${engine}-${target}.done`);
  const dbName = `hearth_bench_search_${target}`;
  const present =
    existsSync(marker) &&
    existsSync(storage.dataDir) &&
    (engine === 'pglite' || (await databaseExists(dbName)));
  if (present && !rebuild)
    return { storage, resources: target, loadNote: `reused (built earlier; ${marker})` };
  await rm(marker, { force: true });
  await rm(storage.dataDir, { recursive: true, force: true });
  await mkdir(storage.dataDir, { recursive: true });
  if (engine === 'postgres') {
    await dropDatabase(dbName);
    await createDatabase(dbName);
  }
  process.stderr.write(
    `[${engine}] search database: generating and loading ≥ ${fmt(target)} synth resources\n`,
  );
  const services = await openServices(loadConfig(storageEnv(storage)));
  try {
    const counter = { resources: 0 };
    const tally = await loadResources(services, population(target, counter), {
      onBatch: progress('search load', target, 15_000),
    });
    if (tally.failed > 0) throw new Error(`search database load: ${tally.failed} resources failed`);
    // VACUUM sets the visibility map, so index probes are index-only scans (as autovacuum would in time).
    await services.engine.exec('VACUUM ANALYZE');
    await writeFile(marker, `${new Date().toISOString()} ${tally.written} resources\n`);
    const loadRate = tally.written / tally.seconds;
    return {
      storage,
      resources: tally.written,
      loadRate,
      loadNote: `loaded in this run: ${fmt(tally.written)} in ${fmt(tally.seconds)} s (${fmt(loadRate)}/s incl. generation)`,
    };
  } finally {
    await services.close();
  }
}
