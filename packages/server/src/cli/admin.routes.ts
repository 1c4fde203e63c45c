// The admin API: what the CLI does to a Hearth database. Served on a unix socket in HEARTH_DATA_DIR by a
// running embedded server (PGlite allows one process per data dir), or built in-process on the opened
// engine when no server runs — one code path either way (admin-connection.ts). It acts as the system
// identity; the socket's 0600 mode is its access control.
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest } from '@hearth/fhir';
import { DEFAULT_RESET_TOKEN_MINUTES, type Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { auditAdminRoutes } from '../audit/audit-admin.routes.ts';
import { createClient, listClients, setClientDisabled } from '../auth/clients.ts';
import { deviceAdminRoutes } from '../devices/devices.admin.ts';
import { createDeviceRegistry, type DeviceRegistry } from '../devices/registry.ts';
import { rotateSigningKey } from '../auth/signing-keys.ts';
import { errorHandler } from '../http/errors.ts';
import { userAdminRoutes } from '../identity/users.admin.ts';
import { applyImportItems } from '../importer/apply-items.ts';
import { exportPage } from '../importer/export-resources.ts';
import type { ImportItem } from '../importer/import-item.ts';

export interface AdminDeps {
  engine: Engine;
  repo: Repository;
  config: Pick<Config, 'baseUrl' | 'dataDir'> & Partial<Pick<Config, 'login' | 'secretKey'>>;
  /** A running server's device registry (so a revocation reaches its live sessions); else one of its own. */
  devices?: DeviceRegistry;
}

const newClient = z.object({
  name: z.string().min(1),
  scope: z.string().min(1),
  public: z.boolean().optional(),
  redirect_uris: z.array(z.string().min(1)).optional(),
  jwks: z.object({ keys: z.array(z.looseObject({ kty: z.string() })) }).optional(),
  jwks_url: z.string().min(1).optional(),
  launch_url: z.string().min(1).optional(),
  id_token_signed_response_alg: z.enum(['RS256', 'ES256']).optional(),
  organization: z.string().min(1).optional(),
});
const importBatch = z.object({ items: z.array(z.looseObject({ source: z.string(), action: z.string() })) });
const exportQuery = z.object({
  types: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  after: z
    .string()
    .regex(/^[A-Za-z]+\/[A-Za-z0-9\-.]+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  purpose: z.literal('research').optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

export function buildAdminApp(deps: AdminDeps): FastifyInstance {
  // Import batches carry up to a few thousand resources; the socket is local, so allow large bodies.
  const app = Fastify({ bodyLimit: 512 * 1024 * 1024 });
  app.setErrorHandler(errorHandler);
  const fhirBase = `${deps.config.baseUrl}/fhir`;

  app.get('/admin/status', () => ({
    engine: deps.engine.kind,
    dataDir: deps.config.dataDir,
    pid: process.pid,
  }));

  app.post('/admin/clients', async (req, reply) => {
    const body = parse(newClient, req.body);
    const created = await createClient(deps.engine, {
      name: body.name,
      scopes: body.scope,
      ...(body.public ? { public: true } : {}),
      ...(body.redirect_uris ? { redirectUris: body.redirect_uris } : {}),
      ...(body.jwks ? { jwks: body.jwks } : {}),
      ...(body.jwks_url ? { jwksUrl: body.jwks_url } : {}),
      ...(body.launch_url ? { launchUrl: body.launch_url } : {}),
      ...(body.id_token_signed_response_alg ? { idTokenAlg: body.id_token_signed_response_alg } : {}),
      ...(body.organization ? { organization: body.organization } : {}),
    });
    return reply.code(201).send(created);
  });

  // Manual signing-key rotation (`hearth keys rotate`); the old key stays published until its tokens expire.
  app.post('/admin/keys/rotate', async (_req, reply) =>
    reply.code(201).send({ kid: await rotateSigningKey(deps.engine) }),
  );

  app.get('/admin/clients', () => listClients(deps.engine));

  app.post<{ Params: { id: string } }>('/admin/clients/:id/disable', async (req) => {
    if (!(await setClientDisabled(deps.engine, req.params.id, true)))
      throw badRequest(`No client ${req.params.id}`);
    return { client_id: req.params.id, disabled: true };
  });

  userAdminRoutes(app, {
    engine: deps.engine,
    baseUrl: deps.config.baseUrl,
    resetTokenMinutes: deps.config.login?.resetTokenMinutes ?? DEFAULT_RESET_TOKEN_MINUTES,
  });

  app.post('/admin/import-batch', async (req) => {
    const { items } = parse(importBatch, req.body);
    const a = { repo: deps.repo, ctx: SYSTEM_CONTEXT, baseUrl: fhirBase };
    return { results: await applyImportItems(a, items as unknown as ImportItem[]) };
  });

  app.get('/admin/export', async (req) => {
    const q = parse(exportQuery, req.query);
    const types = (q.types ?? '').split(',').filter((t) => t.length > 0);
    return exportPage(deps.engine, {
      types,
      since: q.since,
      after: q.after,
      limit: q.limit,
      ...(q.purpose ? { purpose: q.purpose } : {}),
    });
  });

  void app.register(auditAdminRoutes, { db: deps.engine });

  deviceAdminRoutes(app, {
    registry:
      deps.devices ??
      createDeviceRegistry({
        engine: deps.engine,
        repo: deps.repo,
        config: { dataDir: deps.config.dataDir, secretKey: deps.config.secretKey },
      }),
  });

  return app;
}
