// Writes resources the way `hearth import` does: NDJSON-style `put` items, 500 per transaction, through
// the importer's applyImportItems (repository putMany: validation, index extraction, history), with as
// many batches in flight as the importer keeps (its BatchScheduler decides when they may overlap).
import type { Resource } from '@medplum/fhirtypes';
import { applyImportItems } from '../../packages/server/src/importer/apply-items.ts';
import { BatchScheduler } from '../../packages/server/src/importer/batch-scheduler.ts';
import {
  resourceToItem,
  type ImportItem,
  type ImportItemResult,
} from '../../packages/server/src/importer/import-item.ts';
import { SYSTEM_CONTEXT } from '../../packages/server/src/db/repository.types.ts';
import type { Services } from '../../packages/server/src/main.ts';

export const IMPORT_BATCH = 500;

export interface LoadTally {
  written: number;
  failed: number;
  seconds: number;
}

export interface LoadOptions {
  /** Called after every batch with the running tally. */
  onBatch?: (tally: LoadTally) => void;
  /** Batches in flight at most (default 2, as `hearth import` does). */
  parallel?: number;
}

export async function loadResources(
  services: Services,
  source: Iterable<Resource[]>,
  opts: LoadOptions = {},
): Promise<LoadTally> {
  const apply = { repo: services.repo, ctx: SYSTEM_CONTEXT, baseUrl: 'http://localhost/fhir' };
  const tally: LoadTally = { written: 0, failed: 0, seconds: 0 };
  const started = performance.now();
  let firstFailure: string | undefined;
  const scheduler = new BatchScheduler((items) => applyImportItems(apply, items), opts.parallel ?? 2);
  const counted: Promise<void>[] = [];
  const count = async (items: ImportItem[], pending: Promise<ImportItemResult[]>) => {
    const results = await pending;
    results.forEach((r, j) => {
      if (r.status !== 'failed') {
        tally.written++;
        return;
      }
      tally.failed++;
      firstFailure ??= `${items[j]!.source}: ${r.error}`;
    });
    tally.seconds = (performance.now() - started) / 1000;
    opts.onBatch?.(tally);
  };
  for (const resources of source) {
    for (let i = 0; i < resources.length; i += IMPORT_BATCH) {
      const items = resources
        .slice(i, i + IMPORT_BATCH)
        .map((r) => resourceToItem(r, `${r.resourceType}/${r.id}`));
      const { results } = await scheduler.start(items);
      counted.push(count(items, results));
    }
  }
  await Promise.all(counted);
  if (firstFailure) process.stderr.write(`  ${tally.failed} resources failed; first: ${firstFailure}\n`);
  return tally;
}

/** Progress line on stderr at most every `everyMs`. */
export function progress(label: string, total: number, everyMs = 5000): (t: LoadTally) => void {
  let last = 0;
  return (t) => {
    const now = performance.now();
    if (now - last < everyMs && t.written + t.failed < total) return;
    last = now;
    const rate = Math.round(t.written / Math.max(t.seconds, 0.001));
    const pct = ((100 * (t.written + t.failed)) / total).toFixed(0);
    process.stderr.write(
      `  ${label}: ${t.written + t.failed}/${total} (${pct}%) ${rate}/s, ${t.seconds.toFixed(0)} s\n`,
    );
  };
}
