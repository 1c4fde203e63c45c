// `hearth import <paths...>`: bundles and NDJSON, with a progress bar on stderr, per-resource error
// lines, a checkpoint to resume from, and a summary. Exit 1 if any resource failed, 130 if interrupted.
import { SingleBar } from 'cli-progress';
import type { Config } from '../config/config.ts';
import type { ImportItem, ImportItemResult } from '../importer/import-item.ts';
import { runImport, type ImportSummary } from '../importer/run-import.ts';
import { connectAdmin } from './admin-connection.ts';

export interface ImportCommandOptions {
  batchSize: number;
  progress: boolean;
}

function summaryLine(s: ImportSummary): string {
  const applied = s.created + s.updated + s.unchanged + s.deleted;
  const rate = s.seconds > 0 ? Math.round(applied / s.seconds) : applied;
  const resumed = s.resumed > 0 ? `, ${s.resumed} skipped as already imported by the interrupted run` : '';
  return (
    `${s.interrupted ? 'Interrupted' : 'Done'}: ${s.files} file(s), ${s.created} created, ${s.updated} updated, ` +
    `${s.unchanged} unchanged, ${s.deleted} deleted, ${s.failed} failed${resumed} in ${s.seconds.toFixed(1)} s (${rate} resources/s)`
  );
}

export async function importCommand(
  paths: string[],
  opts: ImportCommandOptions,
  config: Readonly<Config>,
): Promise<number> {
  const conn = await connectAdmin(config);
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'Importing |{bar}| {value}/{total} resources | {speed}/s | ETA {eta_formatted} | {file}',
    etaBuffer: 50,
    hideCursor: true,
  });
  const started = Date.now();
  let barActive = false;
  const interrupt = new AbortController();
  const onSigint = () => {
    process.stderr.write(
      '\nFinishing the current batch, then stopping; run the same import again to resume.\n',
    );
    interrupt.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    process.stderr.write(
      `Importing through ${conn.mode === 'server' ? 'the running server' : 'the database directly'}\n`,
    );
    const summary = await runImport({
      paths,
      dataDir: config.dataDir,
      batchSize: opts.batchSize,
      signal: interrupt.signal,
      apply: async (items: ImportItem[]) =>
        (await conn.request<{ results: ImportItemResult[] }>('POST', '/admin/import-batch', { items }))
          .results,
      onStart: (total) => {
        if (!opts.progress) return;
        bar.start(total, 0, { speed: 0, file: '' });
        barActive = true;
      },
      onProgress: (done, file) => {
        const seconds = (Date.now() - started) / 1000;
        if (barActive) bar.update(done, { speed: Math.round(done / Math.max(seconds, 0.001)), file });
      },
      onFailure: (source, error) => {
        process.stderr.write(`${barActive ? '\r\x1b[K' : ''}${source}: ${error}\n`);
      },
    });
    if (barActive) bar.stop();
    process.stderr.write(`${summaryLine(summary)}\n`);
    if (summary.interrupted) return 130;
    return summary.failed > 0 ? 1 : 0;
  } finally {
    if (barActive) bar.stop();
    process.off('SIGINT', onSigint);
    await conn.close();
  }
}
