// Audit overhead (issue #3 point 6: "auditing never blocks or slows a clinical read by more than a
// small, measured amount"): read by id against the same database and the same `hearth start`, once
// with read auditing off (HEARTH_AUDIT_READS=off) and once on, same client, same duration. With audit
// on, each read is queued in memory and written by the background appender as one compact log row,
// sealed into the Merkle tree and filed under its patient (no AuditEvent resource is written; it is
// rendered when read). A second row measures the appender's cost per entry in-process.
import { startHearth, type Storage } from '../lib/child-server.ts';
import { benchAuditAppender } from './audit-appender.ts';
import { fhirClient, issueToken } from '../lib/fhir-client.ts';
import { runLoad, type LoadResult } from '../lib/load.ts';
import { fmt, type BenchRow } from '../lib/report.ts';
import { firstReplica } from '../lib/synthea.ts';

export interface AuditBenchOptions {
  storage: Storage;
  tag: string;
  concurrency: number;
  durationMs: number;
}

async function readsWith(
  auditReads: 'on' | 'off',
  ids: readonly string[],
  o: AuditBenchOptions,
): Promise<LoadResult> {
  const server = await startHearth(o.storage, undefined, { HEARTH_AUDIT_READS: auditReads });
  const client = fhirClient(server.url, await issueToken(o.storage, server.url), o.concurrency);
  try {
    return await runLoad({
      concurrency: o.concurrency,
      durationMs: o.durationMs,
      task: async (_w, i) => {
        await client.get(`/fhir/Patient/${ids[i % ids.length]!}`);
      },
    });
  } finally {
    await client.close();
    await server.stop(); // a clean stop drains the audit queue, seals and signs a tree head
  }
}

export async function benchAudit(o: AuditBenchOptions): Promise<BenchRow[]> {
  const ids = firstReplica(o.tag)
    .filter((r) => r.resourceType === 'Patient')
    .map((p) => p.id!);
  process.stderr.write(`[${o.storage.engine}] audit overhead: read by id with read auditing off, then on\n`);
  const off = await readsWith('off', ids, o);
  const on = await readsWith('on', ids, o);
  const ratio = on.perSecond / off.perSecond;
  process.stderr.write(`[${o.storage.engine}] audit appender: cost per sealed entry, in-process\n`);
  const appender = await benchAuditAppender(o.storage, ids);
  return [
    {
      engine: o.storage.engine,
      name: `read by id with audit on, req/s (${o.concurrency} clients; p50 ${on.p50Ms.toFixed(1)} ms vs ${off.p50Ms.toFixed(1)} ms, p99 ${on.p99Ms.toFixed(1)} ms vs ${off.p99Ms.toFixed(1)} ms${on.errors + off.errors > 0 ? `, ${on.errors + off.errors} errors` : ''})`,
      value: fmt(on.perSecond),
      baseline: `${fmt(off.perSecond)} (audit off)`,
      ratio: ratio.toFixed(2),
      target: '≥ 0.80 × audit off',
      met: on.errors === 0 && ratio >= 0.8,
    },
    appender,
  ];
}
