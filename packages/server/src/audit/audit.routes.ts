// The audit log's HTTP API (issue #3 point 6):
//   GET  /audit/tree-head                          latest signed tree head (one is signed if none exists)
//   POST /audit/tree-head                          seal pending entries and sign a new head now
//   GET  /audit/proof/inclusion?index=N&size=M     RFC 9162 §2.1.3 proof (`id=N` = AuditEvent id = index)
//   GET  /audit/proof/consistency?first=A&second=B RFC 9162 §2.1.4 proof
// Who may call: the log's entries name every patient's accesses, so these need a backend client holding
// `system/AuditEvent.r` (v2 `.r`/`.rs`/`.cruds`, v1 `.read`, or `system/*`), or an administrator's user
// token with a `user/AuditEvent` (or `user/*`) read scope. Heads are verified with the keys at /oauth2/jwks.
import { badRequest, forbidden } from '@hearth/fhir';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../db/engine.ts';
import type { AccessContext } from '../db/repository.types.ts';
import type { AuditLog } from './audit-log.ts';
import { consistencyProof, inclusionProof } from './proofs.ts';
import { latestTreeHead } from './tree-heads.ts';

export interface AuditRoutesOptions {
  db: Queryable;
  log: AuditLog;
  authenticate: (req: FastifyRequest) => Promise<AccessContext>;
}

/** SMART v2 `.r…` (c?r u? d? s?) or v1 `read`/`*` on AuditEvent or every type. */
const READ_AUDIT = /^(system|user)\/(AuditEvent|\*)\.(c?ru?d?s?|read|\*)$/;

export function mayReadAuditLog(ctx: AccessContext): boolean {
  return ctx.scopes.some((scope) => {
    const m = READ_AUDIT.exec(scope);
    if (!m) return false;
    return m[1] === 'system' ? ctx.user === undefined : ctx.user?.role === 'admin';
  });
}

const count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const inclusionQuery = z
  .object({ index: count.optional(), id: count.optional(), size: count.optional() })
  .refine((q) => (q.index === undefined) !== (q.id === undefined), 'give exactly one of index or id');
const consistencyQuery = z.object({ first: count, second: count.optional() });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  return r.data;
}

export function auditRoutes(app: FastifyInstance, opts: AuditRoutesOptions): Promise<void> {
  app.addHook('preHandler', async (request) => {
    request.accessContext ??= await opts.authenticate(request);
    if (!mayReadAuditLog(request.accessContext)) {
      throw forbidden(
        'Reading the audit log needs system/AuditEvent.r, or an administrator with user/AuditEvent.r',
      );
    }
  });

  /** The size proofs default to: the latest signed head's, so a proof always matches a published root. */
  async function signedSize(): Promise<number> {
    return (await latestTreeHead(opts.db))?.tree_size ?? (await opts.log.publishHead()).tree_size;
  }

  app.get('/audit/tree-head', async () => (await latestTreeHead(opts.db)) ?? opts.log.publishHead());
  app.post('/audit/tree-head', () => opts.log.publishHead());

  app.get('/audit/proof/inclusion', async (request) => {
    const q = parse(inclusionQuery, request.query);
    return inclusionProof(opts.db, (q.index ?? q.id)!, q.size ?? (await signedSize()));
  });

  app.get('/audit/proof/consistency', async (request) => {
    const q = parse(consistencyQuery, request.query);
    return consistencyProof(opts.db, q.first, q.second ?? (await signedSize()));
  });
  return Promise.resolve();
}
