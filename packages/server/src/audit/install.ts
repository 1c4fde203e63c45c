// Puts the audit log on a server app: the background log (queue, appender, tree heads), the request
// audit hooks (unless reads are switched off for a benchmark) and the /audit routes. Closing the app
// drains the queue, seals and signs a last head.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { currentSigningKey } from '../auth/signing-keys.ts';
import type { Engine } from '../db/engine.ts';
import type { AccessContext } from '../db/repository.types.ts';
import { startAuditLog, type AuditLog } from './audit-log.ts';
import { auditRoutes } from './audit.routes.ts';
import { registerRequestAudit } from './request-audit.ts';

export interface InstallAuditOptions {
  engine: Engine;
  auditReads: boolean;
  authenticate: (req: FastifyRequest) => Promise<AccessContext>;
  /** How often queued entries are written and sealed (ms); tests flush explicitly instead. */
  flushMs?: number;
}

export async function installAudit(app: FastifyInstance, opts: InstallAuditOptions): Promise<AuditLog> {
  const log = startAuditLog({
    engine: opts.engine,
    signer: () => currentSigningKey(opts.engine),
    flushMs: opts.flushMs,
  });
  if (opts.auditReads) registerRequestAudit(app, log);
  await app.register(auditRoutes, { db: opts.engine, log, authenticate: opts.authenticate });
  app.addHook('onClose', () => log.close());
  return log;
}
