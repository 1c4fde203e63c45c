// Writes a synthetic population as FHIR Bulk Data NDJSON, one `Type.ndjson` per resource type (the
// format `hearth export --out` writes and `hearth import DIR` reads back, shared types first).
// Streaming with backpressure: memory stays constant whatever the number of patients. Lines keep the
// generator's key order — deterministic, so the same seed gives byte-identical files — which is also the
// order `hearth seed` hands the repository: importing the files into a database seeded with the same
// population finds every resource unchanged (the repository compares stored JSON text).
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { badRequest } from '@hearth/fhir';
import { generatePopulation, type PopulationOptions } from '@hearth/synth';
import type { SeedProgress } from './seed-database.ts';

export interface SeedFilesOptions {
  population: PopulationOptions;
  dir: string;
  signal?: AbortSignal;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedFilesSummary {
  patients: number;
  resources: number;
  bytes: number;
  files: number;
  seconds: number;
  interrupted: boolean;
}

/** Refuses a folder that already holds NDJSON: appending to another population's files would mix them. */
async function prepareDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const existing = (await readdir(dir)).filter((name) => name.endsWith('.ndjson'));
  if (existing.length > 0)
    throw badRequest(`${dir} already holds ${existing.join(', ')}; choose an empty folder`);
}

export async function seedFiles(opts: SeedFilesOptions): Promise<SeedFilesSummary> {
  const started = performance.now();
  await prepareDir(opts.dir);
  const files = new Map<string, WriteStream>();
  const summary: SeedFilesSummary = {
    patients: 0,
    resources: 0,
    bytes: 0,
    files: 0,
    seconds: 0,
    interrupted: false,
  };
  const streamFor = (type: string): WriteStream => {
    let stream = files.get(type);
    if (!stream) {
      stream = createWriteStream(join(opts.dir, `${type}.ndjson`));
      files.set(type, stream);
    }
    return stream;
  };
  try {
    let first = true;
    for (const bundle of generatePopulation(opts.population)) {
      if (opts.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      const full = new Set<WriteStream>();
      for (const entry of bundle.entry ?? []) {
        const line = `${JSON.stringify(entry.resource)}\n`;
        const stream = streamFor(entry.resource!.resourceType);
        summary.bytes += Buffer.byteLength(line);
        summary.resources++;
        if (!stream.write(line)) full.add(stream);
      }
      await Promise.all([...full].map((stream) => once(stream, 'drain')));
      if (!first) summary.patients++;
      first = false;
      opts.onProgress?.({ patients: summary.patients, resources: summary.resources, failed: 0 });
    }
  } finally {
    await Promise.all(
      [...files.values()].map((f) => new Promise<void>((done, fail) => f.end(done).once('error', fail))),
    );
  }
  summary.files = files.size;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
