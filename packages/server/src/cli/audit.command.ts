// `hearth audit verify`: checks the whole audit log (audit/verify.ts) through the admin API, so it works
// beside a running embedded server as well as on a database opened here. Exit 0 with a summary when the
// log is intact; exit 1 naming the first tampered entry.
import { SingleBar } from 'cli-progress';
import type { Config } from '../config/config.ts';
import type { AuditLogSource, AuditLogState, AuditRow } from '../audit/verify-source.ts';
import { verifyAuditLog } from '../audit/verify.ts';
import { connectAdmin, type AdminConnection } from './admin-connection.ts';

function adminSource(conn: AdminConnection): AuditLogSource {
  return {
    state: () => conn.request<AuditLogState>('GET', '/admin/audit/state'),
    page: (from, to) => conn.request<AuditRow[]>('GET', `/admin/audit/entries?from=${from}&to=${to}`),
    leafAt: async (i) =>
      (await conn.request<{ hash: string | null }>('GET', `/admin/audit/leaf?index=${i}`)).hash,
    findEntry: async (id) =>
      (await conn.request<{ leaf_index: number | null }>('GET', `/admin/audit/find?index=${id}`)).leaf_index,
  };
}

export async function auditVerifyCommand(
  config: Readonly<Config>,
  opts: { progress: boolean },
): Promise<number> {
  const conn = await connectAdmin(config);
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'Verifying audit log [{bar}] {value}/{total} entries',
    noTTYOutput: false,
  });
  let started = false;
  try {
    const result = await verifyAuditLog(adminSource(conn), {
      onProgress: (done, total) => {
        if (!opts.progress) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
    if (started) bar.stop();
    if (result.problem) {
      process.stderr.write(`Audit log TAMPERED: ${result.problem.message}.\n`);
      return 1;
    }
    const pending = result.pending > 0 ? `; ${result.pending} newer entries not yet sealed` : '';
    process.stderr.write(
      `Audit log intact: ${result.size} entries verified against ${result.heads} signed tree heads${pending}.\n`,
    );
    return 0;
  } finally {
    if (started) bar.stop();
    await conn.close();
  }
}
