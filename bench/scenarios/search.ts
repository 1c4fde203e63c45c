// p50/p99 latency of the fixed search mix (search-mix.ts) against `hearth start` on the ≥ 500k-resource
// database: the kinds interleaved, `concurrency` clients, each query checked for a 200 searchset.
import { startHearth } from '../lib/child-server.ts';
import { fhirClient, issueToken } from '../lib/fhir-client.ts';
import { percentile, runLoad } from '../lib/load.ts';
import { fmt, type BenchRow } from '../lib/report.ts';
import type { SearchDatabase } from '../lib/search-data.ts';
import { searchMix } from './search-mix.ts';

export interface SearchBenchOptions {
  db: SearchDatabase;
  concurrency: number;
  durationMs: number;
  /** How many generated patients the values are drawn from. */
  samplePatients: number;
  /** Write the server's CPU profile here (`--cpu-prof`). */
  cpuProfileDir?: string;
}

const P50_TARGET = 5;
const P99_TARGET = 25;

export async function benchSearch(o: SearchBenchOptions): Promise<BenchRow[]> {
  const engine = o.db.storage.engine;
  const kinds = searchMix(o.samplePatients);
  const server = await startHearth(o.db.storage, o.cpuProfileDir);
  const client = fhirClient(server.url, await issueToken(o.db.storage, server.url), o.concurrency);
  const latencies = kinds.map(() => [] as number[]);
  try {
    // One warm-up pass per kind, so the first measured queries do not pay for JIT and plan caches.
    for (const [k, kind] of kinds.entries()) await client.get(kind.query(k));
    process.stderr.write(
      `[${engine}] search mix: ${kinds.length} kinds, ${o.concurrency} clients, ${o.durationMs / 1000} s\n`,
    );
    const result = await runLoad({
      concurrency: o.concurrency,
      durationMs: o.durationMs,
      task: async (_w, i) => {
        const k = i % kinds.length;
        const t0 = performance.now();
        await client.get(kinds[k]!.query(Math.floor(i / kinds.length)));
        latencies[k]!.push(performance.now() - t0);
      },
    });
    const db = `${fmt(o.db.resources)} resources, ${o.db.loadNote}`;
    const errors =
      result.errors > 0 ? `; ${result.errors} errors, first: ${result.firstError?.slice(0, 200)}` : '';
    const row = (name: string, sorted: number[], extra = ''): BenchRow => {
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      return {
        engine,
        name: `search: ${name}, p50 / p99 ms (${fmt(sorted.length)} queries${extra})`,
        value: `${p50.toFixed(1)} / ${p99.toFixed(1)}`,
        target: `≤ ${P50_TARGET} / ≤ ${P99_TARGET}`,
        met: p50 <= P50_TARGET && p99 <= P99_TARGET && result.errors === 0,
      };
    };
    const overall = latencies.flat().sort((a, b) => a - b);
    return [
      row(`whole mix at ${fmt(result.perSecond)} req/s`, overall, `; ${db}${errors}`),
      ...kinds.map((kind, k) =>
        row(
          kind.name,
          latencies[k]!.sort((a, b) => a - b),
        ),
      ),
    ];
  } finally {
    await client.close();
    await server.stop();
  }
}
