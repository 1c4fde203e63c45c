// `hearth seed --patients N --seed S [--out DIR]`: a synthetic population (packages/synth) written to the
// database through the import write path — through a running server's admin socket, or the database
// opened in this process — or, with --out, to NDJSON files that `hearth import DIR` loads. Progress bar
// on stderr, summary at the end. Exit 1 if any resource failed, 130 if interrupted.
import { SingleBar } from 'cli-progress';
import { REGIONS, type PopulationOptions } from '@hearth/synth';
import type { Config } from '../config/config.ts';
import type { ImportItem, ImportItemResult } from '../importer/import-item.ts';
import { seedDatabase, type SeedProgress, type SeedSummary } from '../seed/seed-database.ts';
import { seedFiles, type SeedFilesSummary } from '../seed/seed-files.ts';
import { connectAdmin } from './admin-connection.ts';

export interface SeedCommandOptions {
  patients: number;
  seed: string;
  region: string;
  /** The population's "today" (default: the start of the current UTC day, so a re-run the same day is a no-op). */
  now?: Date;
  out?: string;
  batchSize: number;
  progress: boolean;
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function databaseLine(s: SeedSummary): string {
  const written = s.created + s.updated + s.unchanged;
  const rate = Math.round(written / Math.max(s.seconds, 0.001));
  return (
    `${s.interrupted ? 'Interrupted' : 'Seeded'}: ${s.patients} patient(s), ${s.created} created, ` +
    `${s.updated} updated, ${s.unchanged} unchanged, ${s.failed} failed in ${s.seconds.toFixed(1)} s ` +
    `(${rate} resources/s)`
  );
}

function filesLine(s: SeedFilesSummary, dir: string): string {
  const mb = s.bytes / 1048576;
  return (
    `${s.interrupted ? 'Interrupted' : 'Wrote'}: ${s.patients} patient(s), ${s.resources} resources in ` +
    `${s.files} NDJSON file(s) under ${dir} (${mb.toFixed(1)} MB) in ${s.seconds.toFixed(1)} s ` +
    `(${Math.round(s.resources / Math.max(s.seconds, 0.001))} resources/s); load them with: hearth import ${dir}`
  );
}

function progressBar(
  enabled: boolean,
  total: number,
): { update: (p: SeedProgress) => void; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format:
      'Seeding |{bar}| {value}/{total} patients | {resources} resources | {speed} resources/s | ETA {eta_formatted}',
    etaBuffer: 50,
    hideCursor: true,
  });
  const started = Date.now();
  bar.start(total, 0, { resources: 0, speed: 0 });
  return {
    update: (p) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(p.patients, { resources: p.resources, speed: Math.round(p.resources / seconds) });
    },
    stop: () => {
      bar.stop();
    },
  };
}

export async function seedCommand(opts: SeedCommandOptions, config: Readonly<Config>): Promise<number> {
  // Before anything opens the database or a folder: a typo should cost nothing.
  if (!Object.hasOwn(REGIONS, opts.region))
    throw new Error(`Unknown region '${opts.region}'; known: ${Object.keys(REGIONS).join(', ')}`);
  const population: PopulationOptions = {
    seed: opts.seed,
    patients: opts.patients,
    region: opts.region,
    now: opts.now ?? startOfUtcDay(new Date()),
  };
  const interrupt = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nFinishing the current batch, then stopping; seeding again resumes safely.\n');
    interrupt.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    if (opts.out) {
      const bar = progressBar(opts.progress, opts.patients);
      const summary = await seedFiles({
        population,
        dir: opts.out,
        signal: interrupt.signal,
        onProgress: bar.update,
      }).finally(bar.stop);
      process.stderr.write(`${filesLine(summary, opts.out)}\n`);
      return summary.interrupted ? 130 : 0;
    }
    return await seedThroughAdmin(population, opts, config, interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function seedThroughAdmin(
  population: PopulationOptions,
  opts: SeedCommandOptions,
  config: Readonly<Config>,
  signal: AbortSignal,
): Promise<number> {
  const conn = await connectAdmin(config);
  try {
    process.stderr.write(
      `Seeding ${opts.patients} patient(s) (seed '${opts.seed}', ${opts.region}, today = ` +
        `${population.now.toISOString().slice(0, 10)}) through ` +
        `${conn.mode === 'server' ? 'the running server' : 'the database directly'}\n`,
    );
    const bar = progressBar(opts.progress, opts.patients);
    const summary = await seedDatabase({
      population,
      batchSize: opts.batchSize,
      signal,
      apply: async (items: ImportItem[]) =>
        (await conn.request<{ results: ImportItemResult[] }>('POST', '/admin/import-batch', { items }))
          .results,
      onProgress: bar.update,
      onFailure: (source, error) => {
        process.stderr.write(`\r\x1b[K${source}: ${error}\n`);
      },
    }).finally(bar.stop);
    process.stderr.write(`${databaseLine(summary)}\n`);
    if (summary.interrupted) return 130;
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await conn.close();
  }
}
