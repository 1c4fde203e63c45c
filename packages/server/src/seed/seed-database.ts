// Seeds a database with a synthetic population (packages/synth) through the import write path
// (importer/apply-items.ts → repository: validation, index extraction, history, events; DESIGN.md §3).
// Streaming: bundles are generated as batches are applied, so memory stays constant whatever N is.
// Every entry is `PUT Type/id` with a seed-derived id, so seeding the same population twice leaves one
// copy of every resource (FHIR R4 http.html#upsert).
import type { Resource } from '@medplum/fhirtypes';
import { generatePopulation, type PopulationOptions } from '@hearth/synth';
import type { ImportItem, ImportItemResult, ImportStatus } from '../importer/import-item.ts';

export interface SeedProgress {
  /** Patients written so far (the shared bundle of facilities and practitioners counts as none). */
  patients: number;
  resources: number;
  failed: number;
}

export interface SeedDatabaseOptions {
  population: PopulationOptions;
  /** Applies one batch in one transaction (in-process, or through a running server's admin API). */
  apply: (items: ImportItem[]) => Promise<ImportItemResult[]>;
  /** Resources per transaction (default 500). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SeedProgress) => void;
  onFailure?: (source: string, error: string) => void;
}

export interface SeedSummary extends Record<ImportStatus, number> {
  patients: number;
  seconds: number;
  interrupted: boolean;
}

interface Batch {
  items: ImportItem[];
  patients: number;
}

function itemOf(resource: Resource): ImportItem {
  const source = `${resource.resourceType}/${resource.id!}`;
  return { source, action: 'put', resource };
}

/**
 * The population as batches of put items of at most `batchSize` resources. A patient counts as written
 * with the batch that holds the last of their resources.
 */
export function* seedBatches(population: PopulationOptions, batchSize: number): Generator<Batch> {
  let batch: Batch = { items: [], patients: 0 };
  let first = true;
  for (const bundle of generatePopulation(population)) {
    for (const entry of bundle.entry ?? []) {
      batch.items.push(itemOf(entry.resource!));
      if (batch.items.length >= batchSize) {
        yield batch;
        batch = { items: [], patients: 0 };
      }
    }
    if (!first) batch.patients++;
    first = false;
  }
  if (batch.items.length > 0 || batch.patients > 0) yield batch;
}

export async function seedDatabase(opts: SeedDatabaseOptions): Promise<SeedSummary> {
  const started = performance.now();
  const summary: SeedSummary = {
    patients: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    seconds: 0,
    interrupted: false,
  };
  let resources = 0;
  for (const batch of seedBatches(opts.population, opts.batchSize ?? 500)) {
    if (opts.signal?.aborted) {
      summary.interrupted = true;
      break;
    }
    // Let waiting requests in between batches: a server that seeds in the background keeps answering.
    await new Promise((resolve) => setImmediate(resolve));
    const results = batch.items.length > 0 ? await opts.apply(batch.items) : [];
    results.forEach((r, i) => {
      summary[r.status]++;
      if (r.status === 'failed') opts.onFailure?.(batch.items[i]!.source, r.error ?? 'failed');
    });
    resources += results.length;
    summary.patients += batch.patients;
    opts.onProgress?.({ patients: summary.patients, resources, failed: summary.failed });
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
