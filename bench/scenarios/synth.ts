// Synthetic population generation (packages/synth), no database: resources/s and MB/s of generating and
// serialising a large population as `hearth seed --out` does, and the peak RSS — which must stay flat
// whatever N is (the generator streams). Measured in a fresh child process (bench/lib/synth-run.ts) so the
// RSS is the generator's alone. Same-run baseline: JSON.stringify alone over pre-built resources of the
// same population (the cost of only writing the JSON out).
//
// Rates are given per CPU-second as well as per wall-second: this 2-core machine is shared, and a
// single-threaded generator's wall rate mostly measures how busy the neighbours are. The target is judged
// on CPU time and both are printed.
import { spawn } from 'node:child_process';
import { ROOT } from '../lib/child-server.ts';
import type { BenchRow } from '../lib/report.ts';
import { fmt } from '../lib/report.ts';
import type { SynthRun } from '../lib/synth-run.ts';

const TARGET_RESOURCES_PER_SECOND = 50_000;
// GC slack: the heap breathes by a few tens of MB; at 100k patients, keeping even 1 KB per patient exceeds it.
const RSS_GROWTH_ALLOWED_MB = 64;
const MB = 1024 * 1024;

function runChild(patients: number): Promise<SynthRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/synth-run.ts', String(patients)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as SynthRun);
      else reject(new Error(`the synth benchmark child exited with ${code}`));
    });
  });
}

export async function benchSynth(patients: number): Promise<BenchRow[]> {
  process.stderr.write(`synth: generating and serialising ${fmt(patients)} patients (child process)\n`);
  const r = await runChild(patients);
  const perCpu = r.resources / r.cpuSeconds;
  const perWall = r.resources / r.seconds;
  return [
    {
      engine: '—',
      name: `synth: generate + serialise, resources per CPU-second (${fmt(patients)} patients, ${fmt(r.resources)} resources; wall ${fmt(perWall)}/s)`,
      value: fmt(perCpu),
      baseline: `${fmt(r.baselinePerCpuSecond)} (JSON.stringify only; wall ${fmt(r.baselinePerSecond)}/s)`,
      ratio: (perCpu / r.baselinePerCpuSecond).toFixed(2),
      target: `≥ ${fmt(TARGET_RESOURCES_PER_SECOND)}`,
      met: perCpu >= TARGET_RESOURCES_PER_SECOND,
    },
    {
      engine: '—',
      name: `synth: JSON written, MB per CPU-second (${fmt(r.bytes / MB)} MB; wall ${fmt(r.bytes / MB / r.seconds, 1)} MB/s)`,
      value: fmt(r.bytes / MB / r.cpuSeconds, 1),
    },
    {
      engine: '—',
      name: `synth: peak RSS, MB (${fmt(r.warmRssMb)} MB after the first tenth of the patients)`,
      value: fmt(r.peakRssMb),
      target: `≤ ${fmt(r.warmRssMb + RSS_GROWTH_ALLOWED_MB)} (no growth with N)`,
      met: r.peakRssMb <= r.warmRssMb + RSS_GROWTH_ALLOWED_MB,
    },
  ];
}
