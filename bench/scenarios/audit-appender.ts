// The audit appender's own cost, in-process and so less at the mercy of a shared machine than the
// HTTP ratio: `entries` read entries (as Patient reads by a practitioner's app) queued, then written,
// sealed into the Merkle tree and filed under their patients by one flush. Reports the Node CPU and the
// wall time per entry (the database's side is in the wall time).
import { startAuditLog } from '../../packages/server/src/audit/audit-log.ts';
import { currentSigningKey } from '../../packages/server/src/auth/signing-keys.ts';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { openServices } from '../../packages/server/src/main.ts';
import { storageEnv, type Storage } from '../lib/child-server.ts';
import { fmt, type BenchRow } from '../lib/report.ts';

export async function benchAuditAppender(storage: Storage, patientIds: readonly string[]): Promise<BenchRow> {
  const services = await openServices(loadConfig(storageEnv(storage)));
  const engine = services.engine;
  const log = startAuditLog({ engine, signer: () => currentSigningKey(engine), flushMs: 3_600_000 });
  const queue = (n: number) => {
    for (let i = 0; i < n; i++) {
      const id = patientIds[i % patientIds.length]!;
      log.record({
        recorded: new Date().toISOString(),
        interaction: 'read',
        action: 'R',
        status: 200,
        agent: {
          actor: 'Practitioner/bench',
          clientId: 'bench-app',
          userId: 'u-bench',
          fhirUser: 'Practitioner/bench',
          role: 'practitioner',
          sourceIp: '127.0.0.1',
        },
        resourceType: 'Patient',
        entities: [`Patient/${id}`],
        patients: [id],
      });
    }
  };
  try {
    queue(200);
    await log.flush(); // warm-up: statements prepared, pages cached
    const entries = 1999; // below the queue's eager flush (2,000): one timed flush does it all
    queue(entries);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await log.flush();
    const wallUs = ((performance.now() - started) * 1000) / entries;
    const used = process.cpuUsage(cpu);
    const cpuUs = (used.user + used.system) / entries;
    return {
      engine: storage.engine,
      name: `audit appender: Node CPU per sealed read entry, µs (${fmt(entries)} entries in one flush; wall ${wallUs.toFixed(0)} µs per entry)`,
      value: cpuUs.toFixed(0),
    };
  } finally {
    await log.close();
    await services.close();
  }
}
