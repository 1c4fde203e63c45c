// The admin API's audit part (served by cli/admin.routes.ts on the admin socket or in-process): what
// `hearth audit verify` reads, one page at a time, so the check runs in the CLI with a progress bar.
import { badRequest } from '@hearth/fhir';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../db/engine.ts';
import { databaseSource } from './verify-source.ts';

const index = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const pageQuery = z
  .object({ from: index, to: index })
  .refine((q) => q.to - q.from <= 10_000, 'at most 10000 rows');
const oneQuery = z.object({ index });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  return r.data;
}

export function auditAdminRoutes(app: FastifyInstance, opts: { db: Queryable }): Promise<void> {
  const src = databaseSource(opts.db);
  app.get('/admin/audit/state', () => src.state());
  app.get('/admin/audit/entries', (req) => {
    const q = parse(pageQuery, req.query);
    return src.page(q.from, q.to);
  });
  app.get('/admin/audit/leaf', async (req) => ({ hash: await src.leafAt(parse(oneQuery, req.query).index) }));
  app.get('/admin/audit/find', async (req) => ({
    leaf_index: await src.findEntry(parse(oneQuery, req.query).index),
  }));
  return Promise.resolve();
}
