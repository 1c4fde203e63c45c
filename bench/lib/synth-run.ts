// Child process of the synth benchmark (bench/scenarios/synth.ts): a fresh Node with only the generator
// loaded, so its RSS is the generator's. `node --import tsx bench/lib/synth-run.ts <patients>` prints one
// JSON line: the streaming run (generate + one JSON text per resource, as `hearth seed --out` writes) and
// the same-run baseline (JSON.stringify alone over resources built beforehand), wall and CPU time.
import type { Resource } from '@medplum/fhirtypes';
import { generatePopulation } from '@hearth/synth';

export interface SynthRun {
  patients: number;
  resources: number;
  bytes: number;
  seconds: number;
  cpuSeconds: number;
  /** RSS once a tenth of the patients are out (warmed up), and the peak over the whole run, in MiB. */
  warmRssMb: number;
  peakRssMb: number;
  baselinePerSecond: number;
  baselinePerCpuSecond: number;
}

const OPTIONS = { seed: 'hearth-bench-synth', now: new Date('2026-01-15T00:00:00Z') };
const MB = 1024 * 1024;

function cpuSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

function streamingRun(patients: number): Omit<SynthRun, 'baselinePerSecond' | 'baselinePerCpuSecond'> {
  let peak = process.memoryUsage.rss() / MB;
  let warmRssMb = 0;
  let resources = 0;
  let bytes = 0;
  let bundles = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const bundle of generatePopulation({ ...OPTIONS, patients })) {
    for (const entry of bundle.entry ?? []) {
      bytes += JSON.stringify(entry.resource).length + 1; // + newline, as in an NDJSON file
      resources++;
    }
    if (++bundles % 500 === 0) {
      const rss = process.memoryUsage.rss() / MB;
      peak = Math.max(peak, rss);
      if (warmRssMb === 0 && bundles >= patients / 10) warmRssMb = rss;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss() / MB);
  return {
    patients,
    resources,
    bytes,
    seconds,
    cpuSeconds: cpuSince(cpu),
    warmRssMb: warmRssMb || peak,
    peakRssMb: peak,
  };
}

/** JSON.stringify over resources built beforehand (a small population held in memory, repeated). */
function stringifyBaseline(minSeconds: number): { perSecond: number; perCpuSecond: number } {
  const prebuilt: Resource[] = [];
  for (const bundle of generatePopulation({ ...OPTIONS, patients: 500 }))
    for (const entry of bundle.entry ?? []) prebuilt.push(entry.resource!);
  let resources = 0;
  let sink = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < minSeconds * 1000) {
    for (const r of prebuilt) sink += JSON.stringify(r).length;
    resources += prebuilt.length;
  }
  if (sink === 0) throw new Error('the baseline serialised nothing');
  return {
    perSecond: resources / ((performance.now() - started) / 1000),
    perCpuSecond: resources / cpuSince(cpu),
  };
}

const patients = Number(process.argv[2]);
if (!Number.isInteger(patients) || patients < 1) throw new Error('usage: synth-run.ts <patients>');
const run = streamingRun(patients);
const baseline = stringifyBaseline(Math.min(10, Math.max(3, run.seconds / 4)));
const result: SynthRun = {
  ...run,
  baselinePerSecond: baseline.perSecond,
  baselinePerCpuSecond: baseline.perCpuSecond,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
