// The import run: files in order, records in batches, a checkpoint after every applied batch, failures
// reported per resource without stopping the rest. Where the items are applied (in-process or through
// a running server's admin socket) is the caller's `apply`; this file only reads and keeps count.
// Batches may overlap (batch-scheduler.ts decides when that is safe); their results are counted and
// checkpointed strictly in file order, so a checkpoint never covers a batch that is not yet applied.
import { stat } from 'node:fs/promises';
import { BatchScheduler } from './batch-scheduler.ts';
import { Checkpoints, type FileIdentity } from './checkpoints.ts';
import { discoverFiles, isNdjson } from './discover-files.ts';
import type { ImportItem, ImportItemResult, ImportStatus } from './import-item.ts';
import { readJsonFile, recordCount, scanJsonFile } from './read-bundle.ts';
import { countLines, readNdjson } from './read-ndjson.ts';
import type { SourceRecord } from './source-record.ts';

export interface ImportOptions {
  paths: readonly string[];
  apply: (items: ImportItem[]) => Promise<ImportItemResult[]>;
  /** Where import-checkpoints.json lives (HEARTH_DATA_DIR). */
  dataDir: string;
  batchSize?: number;
  /** Batches in flight at once (default 2; 1 applies them strictly one after the other). */
  parallel?: number;
  /** Stops after the batch in flight; the checkpoint lets the next run resume there. */
  signal?: AbortSignal;
  onStart?: (totalRecords: number) => void;
  onProgress?: (recordsDone: number, file: string) => void;
  onFailure?: (source: string, error: string) => void;
}

export interface ImportSummary extends Record<ImportStatus, number> {
  files: number;
  /** Records skipped because an earlier interrupted run had applied them. */
  resumed: number;
  seconds: number;
  interrupted: boolean;
}

type Tally = Omit<ImportSummary, 'seconds' | 'interrupted'>;

interface FilePlan extends FileIdentity {
  label: string;
  records: number;
}

async function planFile(path: string, cwd: string): Promise<FilePlan> {
  const stats = await stat(path);
  const records = isNdjson(path) ? await countLines(path) : recordCount(await scanJsonFile(path));
  const label = path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
  return { path, stats, label, records };
}

async function openRecords(plan: FilePlan, skip: number): Promise<AsyncGenerator<SourceRecord>> {
  if (isNdjson(plan.path)) return readNdjson(plan.path, plan.label, skip);
  return readJsonFile(plan.path, plan.label, await scanJsonFile(plan.path), skip);
}

export async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? 500;
  const checkpoints = await Checkpoints.load(opts.dataDir);
  const files = await discoverFiles(opts.paths);
  const plans = await Promise.all(files.map((f) => planFile(f, process.cwd())));
  opts.onStart?.(plans.reduce((n, p) => n + p.records, 0));
  const tally: Tally = {
    files: plans.length,
    resumed: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
  };
  let done = 0;
  const fail = (source: string, error: string) => {
    tally.failed++;
    opts.onFailure?.(source, error);
  };
  const parallel = opts.parallel ?? 2;
  const scheduler = new BatchScheduler(opts.apply, parallel);
  // Counting and checkpointing, one batch after another in file order. A batch starts only once all but
  // the last `parallel - 1` batches are counted, so an abort stops after the batches in flight.
  let counted: Promise<void> = Promise.resolve();
  const uncounted: Promise<void>[] = [];
  const inOrder = (step: () => Promise<void>) => {
    counted = counted.then(step);
    // A failed apply surfaces where the chain is awaited (below or in flush), not as an unhandled rejection.
    counted.catch(() => undefined);
    uncounted.push(counted);
  };

  async function importFile(plan: FilePlan): Promise<boolean> {
    let position = checkpoints.recordsDone(plan);
    tally.resumed += position;
    done += position;
    let batch: ImportItem[] = [];
    /** Starts the batch read so far; false when the run must stop before it. */
    const flush = async (): Promise<boolean> => {
      while (uncounted.length >= parallel) await uncounted.shift();
      if (opts.signal?.aborted) return false;
      const items = batch;
      const reached = { position, done };
      batch = [];
      const { results } = items.length > 0 ? await scheduler.start(items) : { results: Promise.resolve([]) };
      inOrder(async () => {
        (await results).forEach((r, i) => {
          if (r.status === 'failed') fail(items[i]!.source, r.error ?? 'failed');
          else tally[r.status]++;
        });
        await checkpoints.record(plan, reached.position);
        opts.onProgress?.(reached.done, plan.label);
      });
      return true;
    };
    for await (const record of await openRecords(plan, position)) {
      position++;
      done++;
      if ('error' in record) fail(record.source, record.error);
      else batch.push(record.item);
      if (batch.length >= batchSize && !(await flush())) return false;
    }
    if (!(await flush())) return false;
    inOrder(() => checkpoints.complete(plan));
    return true;
  }

  let interrupted = false;
  for (const plan of plans) {
    if (opts.signal?.aborted || !(await importFile(plan))) {
      interrupted = true;
      break;
    }
  }
  await counted;
  return { ...tally, seconds: (performance.now() - started) / 1000, interrupted };
}
