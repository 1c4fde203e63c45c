// The import run: files in order, records in batches, a checkpoint after every applied batch, failures
// reported per resource without stopping the rest. Where the items are applied (in-process or through
// a running server's admin socket) is the caller's `apply`; this file only reads and keeps count.
import { stat } from 'node:fs/promises';
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

  async function importFile(plan: FilePlan): Promise<boolean> {
    let position = checkpoints.recordsDone(plan);
    tally.resumed += position;
    done += position;
    let batch: ImportItem[] = [];
    const flush = async () => {
      const results = batch.length > 0 ? await opts.apply(batch) : [];
      results.forEach((r, i) => {
        if (r.status === 'failed') fail(batch[i]!.source, r.error ?? 'failed');
        else tally[r.status]++;
      });
      batch = [];
      await checkpoints.record(plan, position);
      opts.onProgress?.(done, plan.label);
    };
    for await (const record of await openRecords(plan, position)) {
      position++;
      done++;
      if ('error' in record) fail(record.source, record.error);
      else batch.push(record.item);
      if (batch.length >= batchSize) {
        await flush();
        if (opts.signal?.aborted) return false;
      }
    }
    await flush();
    await checkpoints.complete(plan);
    return true;
  }

  let interrupted = false;
  for (const plan of plans) {
    if (opts.signal?.aborted || !(await importFile(plan))) {
      interrupted = true;
      break;
    }
  }
  return { ...tally, seconds: (performance.now() - started) / 1000, interrupted };
}
