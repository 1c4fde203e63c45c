// Import of Synthea data (resources/s) through the importer, against the same resources written by raw
// batched INSERTs into one table on the same engine in the same run (bench/lib/raw-insert.ts).
import type { Resource } from '@medplum/fhirtypes';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { openServices } from '../../packages/server/src/main.ts';
import { storageEnv } from '../lib/child-server.ts';
import { loadResources, progress } from '../lib/load-resources.ts';
import { rawInsertRate } from '../lib/raw-insert.ts';
import type { BenchRow } from '../lib/report.ts';
import { fmt } from '../lib/report.ts';
import type { OwnedStorage } from '../lib/storage.ts';
import { replicatedPatients, resourcesPerCopy, sharedResources } from '../lib/synthea.ts';

function* source(copies: number, tag: string): Generator<Resource[]> {
  yield sharedResources();
  yield* replicatedPatients(copies, tag);
}

export async function benchImport(storage: OwnedStorage, copies: number, tag: string): Promise<BenchRow> {
  const services = await openServices(loadConfig(storageEnv(storage)));
  try {
    const total = sharedResources().length + copies * resourcesPerCopy();
    process.stderr.write(
      `[${storage.engine}] import: ${fmt(total)} resources (${copies} Synthea replicas)\n`,
    );
    const tally = await loadResources(services, source(copies, tag), { onBatch: progress('import', total) });
    if (tally.failed > 0 && tally.written === 0) throw new Error('import wrote nothing');
    const rate = tally.written / tally.seconds;
    process.stderr.write(`[${storage.engine}] import baseline: raw batched INSERT of the same JSON\n`);
    const baseline = await rawInsertRate(services.engine, source(copies, tag));
    const target = storage.engine === 'postgres' ? 5000 : 2000;
    const failed = tally.failed > 0 ? ` (${fmt(tally.failed)} failed)` : '';
    return {
      engine: storage.engine,
      name: `import, resources/s (${fmt(tally.written)} resources)${failed}`,
      value: fmt(rate),
      baseline: `${fmt(baseline)} (raw INSERT)`,
      ratio: (rate / baseline).toFixed(2),
      target: `≥ ${fmt(target)}`,
      met: rate >= target && tally.failed === 0,
    };
  } finally {
    await services.close();
  }
}
