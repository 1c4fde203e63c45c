// HTTP benchmarks against `hearth start` in a child process, on the database the import filled:
// read by id (vs a bare Fastify route, same client, same duration), single-resource create, CRUD loop.
import type { Patient } from '@medplum/fhirtypes';
import { startBareFastify, startHearth, type Storage } from '../lib/child-server.ts';
import { fhirClient, issueToken, type FhirClient } from '../lib/fhir-client.ts';
import { runLoad, type LoadResult } from '../lib/load.ts';
import { fmt, type BenchRow } from '../lib/report.ts';
import { firstReplica } from '../lib/synthea.ts';
import { crudLoop } from './crud.ts';

export type HttpMeasure = 'read' | 'create' | 'crud';

export interface HttpBenchOptions {
  storage: Storage;
  measures: readonly HttpMeasure[];
  /** Replica tag of the imported Synthea patients; reads and the bare baseline use the first replica. */
  tag: string;
  concurrency: number;
  durationMs: number;
  /** Write the server's CPU profile here (`--cpu-prof`). */
  cpuProfileDir?: string;
}

function note(r: LoadResult): string {
  const errors = r.errors > 0 ? `, ${r.errors} errors (first: ${r.firstError?.slice(0, 160)})` : '';
  return `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms${errors}`;
}

function readLoad(client: FhirClient, ids: readonly string[], o: HttpBenchOptions): Promise<LoadResult> {
  return runLoad({
    concurrency: o.concurrency,
    durationMs: o.durationMs,
    task: async (_w, i) => {
      await client.get(`/fhir/Patient/${ids[i % ids.length]!}`);
    },
  });
}

async function benchRead(hearth: FhirClient, o: HttpBenchOptions): Promise<BenchRow> {
  const bare = await startBareFastify(o.tag);
  const bareClient = fhirClient(bare.url, undefined, o.concurrency);
  try {
    const ids = firstReplica(o.tag)
      .filter((r) => r.resourceType === 'Patient')
      .map((p) => p.id!);
    process.stderr.write(`[${o.storage.engine}] read by id: bare Fastify baseline, then Hearth\n`);
    const base = await readLoad(bareClient, ids, o);
    const mine = await readLoad(hearth, ids, o);
    return {
      engine: o.storage.engine,
      name: `read by id, req/s (${o.concurrency} clients; ${note(mine)})`,
      value: fmt(mine.perSecond),
      baseline: `${fmt(base.perSecond)} (bare Fastify)`,
      ratio: (mine.perSecond / base.perSecond).toFixed(2),
      target: '≥ 0.33 × baseline',
      met: mine.errors === 0 && mine.perSecond >= base.perSecond / 3,
    };
  } finally {
    await bareClient.close();
    await bare.stop();
  }
}

async function benchCreate(hearth: FhirClient, o: HttpBenchOptions): Promise<BenchRow> {
  const template = firstReplica(o.tag).find((r) => r.resourceType === 'Patient') as Patient;
  const { id: _id, ...body } = template;
  process.stderr.write(`[${o.storage.engine}] create: POST /fhir/Patient\n`);
  const r = await runLoad({
    concurrency: o.concurrency,
    durationMs: o.durationMs,
    task: async () => {
      await hearth.send('POST', '/fhir/Patient', body, [201]);
    },
  });
  return {
    engine: o.storage.engine,
    name: `create (POST Patient), resources/s (${o.concurrency} clients; ${note(r)})`,
    value: fmt(r.perSecond),
    target: '≥ 2,000',
    met: r.errors === 0 && r.perSecond >= 2000,
  };
}

async function benchCrud(hearth: FhirClient, o: HttpBenchOptions): Promise<BenchRow> {
  process.stderr.write(`[${o.storage.engine}] CRUD loop: 9 linked resources × create/read/update/delete\n`);
  const r = await crudLoop(hearth, o.concurrency, o.durationMs);
  return {
    engine: o.storage.engine,
    name: `CRUD loop, req/s (${o.concurrency} loops, ${fmt(r.operations)} iterations; per iteration ${note(r)})`,
    value: fmt(r.requestsPerSecond),
    target: '≥ 2,000',
    met: r.errors === 0 && r.requestsPerSecond >= 2000,
  };
}

export async function benchHttp(o: HttpBenchOptions): Promise<BenchRow[]> {
  const server = await startHearth(o.storage, o.cpuProfileDir);
  const client = fhirClient(server.url, await issueToken(o.storage, server.url), o.concurrency);
  try {
    const rows: BenchRow[] = [];
    if (o.measures.includes('read')) rows.push(await benchRead(client, o));
    if (o.measures.includes('create')) rows.push(await benchCreate(client, o));
    if (o.measures.includes('crud')) rows.push(await benchCrud(client, o));
    return rows;
  } finally {
    await client.close();
    await server.stop();
  }
}
