// Baseline for import: the same resource JSON inserted into one table with batched multi-row INSERTs,
// no validation, no indexes beyond the primary key — the floor any FHIR import pays.
import type { Resource } from '@medplum/fhirtypes';
import type { Engine } from '../../packages/server/src/db/engine.ts';

const BATCH = 500;

export async function rawInsertRate(engine: Engine, batches: Iterable<Resource[]>): Promise<number> {
  await engine.exec(
    'DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (id text PRIMARY KEY, content text)',
  );
  let count = 0;
  const start = performance.now();
  for (const resources of batches) {
    for (let i = 0; i < resources.length; i += BATCH) {
      const chunk = resources.slice(i, i + BATCH);
      const params = chunk.flatMap((r) => [`${r.resourceType}/${r.id}`, JSON.stringify(r)]);
      const values = chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(',');
      await engine.query(`INSERT INTO bench_raw (id, content) VALUES ${values}`, params);
      count += chunk.length;
    }
  }
  const rate = count / ((performance.now() - start) / 1000);
  await engine.exec('DROP TABLE bench_raw');
  return rate;
}
