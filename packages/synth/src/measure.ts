import { serializeBundle } from './bundle.ts';
import type { PopulationOptions } from './options.ts';
import { generatePopulation } from './population.ts';

// Generation rate and memory, for the benchmark runner. It reads the clock and the process's memory,
// which the generator itself never does; the figures are reported, never asserted in tests.

export interface GenerationMeasurement {
  readonly patients: number;
  readonly bundles: number;
  readonly resources: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly resourcesPerSecond: number;
  /** CPU time of this process during the run: the fair rate on a shared, loaded machine. */
  readonly cpuSeconds: number;
  readonly resourcesPerCpuSecond: number;
  /** Peak resident set size sampled during the run, in MiB. */
  readonly peakRssMb: number;
}

export function measureGeneration(
  patients: number,
  options: Partial<PopulationOptions> & { serialize?: boolean } = {},
): GenerationMeasurement {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let resources = 0;
  let bundles = 0;
  let bytes = 0;
  let peakRss = process.memoryUsage.rss();
  const population = generatePopulation({
    seed: 'bench',
    now: new Date('2026-01-15T12:00:00Z'),
    ...options,
    patients,
  });
  for (const bundle of population) {
    bundles += 1;
    resources += bundle.entry?.length ?? 0;
    if (options.serialize) bytes += serializeBundle(bundle).length;
    if (bundles % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    patients,
    bundles,
    resources,
    bytes,
    seconds,
    resourcesPerSecond: Math.round(resources / seconds),
    cpuSeconds,
    resourcesPerCpuSecond: Math.round(resources / cpuSeconds),
    peakRssMb: Math.round(peakRss / 1048576),
  };
}
