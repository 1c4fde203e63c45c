// Device administration and pairing over HTTP (issue #6 point 1): thin adapters over the registry.
// Bearer-token routes (the same tokens and access control as /fhir; the caller's context decides):
//   POST /devices                          {kind?, name?, patient?}  → 201 {device, credentials}
//   GET  /devices/{id}/credentials                                   → {username, password}
//   POST /devices/{id}/credentials/rotate                            → {username, password}
//   POST /devices/pairing-codes            {patient?}                → 201 {code, expiresAt}
//   POST /devices/{id}/unpair                                        → 200 Device
// Device-authenticated (HTTP Basic with the device's own credentials):
//   POST /devices/{id}/pair                {code}                    → 200 Device
// Lists come from FHIR: GET /fhir/Device?patient=X.
import { badRequest } from '@hearth/fhir';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withAccessFacts } from '../access/break-glass.ts';
import type { Authenticate } from '../auth/authenticate.ts';
import type { Queryable } from '../db/engine.ts';
import type { AccessContext } from '../db/repository.types.ts';
import { assertOwnDevice, deviceBasicAuth } from './device-auth.ts';
import { DEVICE_KINDS, isReadingKind } from './device-resource.ts';
import type { DeviceRegistry } from './registry.ts';

export interface DeviceRoutesOptions {
  registry: DeviceRegistry;
  /** For the caller's running access facts (break-the-glass grants, the app's organization). */
  db: Queryable;
  authenticate: Authenticate;
  clock?: () => Date;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const patientRef = z
  .string()
  .transform((s) => s.replace(/^Patient\//, ''))
  .pipe(z.string().regex(ID, 'a Patient id, or Patient/<id>'));

const registration = z.strictObject({
  kind: z
    .string()
    .refine(isReadingKind, `one of ${Object.keys(DEVICE_KINDS).join(', ')}`)
    .optional(),
  name: z.string().trim().min(1).max(200).optional(),
  patient: patientRef.optional(),
});
const pairingCodeRequest = z.strictObject({ patient: patientRef.optional() });
const pairRequest = z.strictObject({ code: z.string().min(1).max(64) });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  return r.data;
}

function deviceId(request: FastifyRequest<{ Params: { id: string } }>): string {
  const id = request.params.id;
  if (!ID.test(id)) throw badRequest('A Device id is 1–64 letters, digits, "-" and "."');
  return id;
}

/** The patient a request is about: the one named, else the caller's own (a patient, or a launch context). */
function patientOf(ctx: AccessContext, named: string | undefined): string | undefined {
  if (named !== undefined) return named;
  const own = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(ctx.user?.fhirUser ?? '')?.[1];
  return own ?? ctx.patient;
}

export function deviceRoutes(app: FastifyInstance, opts: DeviceRoutesOptions, done: () => void): void {
  const { registry } = opts;
  const now = opts.clock ?? (() => new Date());
  const device = deviceBasicAuth(registry);
  const caller = async (request: FastifyRequest): Promise<AccessContext> => {
    request.accessContext ??= await withAccessFacts(opts.db, await opts.authenticate(request), now());
    return request.accessContext;
  };

  app.post('/devices', async (request, reply) => {
    const ctx = await caller(request);
    const body = parse(registration, request.body);
    const patientId = patientOf(ctx, body.patient);
    const kind = body.kind !== undefined && isReadingKind(body.kind) ? body.kind : undefined;
    const registered = await registry.register(ctx, {
      ...(kind ? { kind } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(patientId !== undefined ? { patientId } : {}),
    });
    return reply.code(201).header('cache-control', 'no-store').send(registered);
  });

  app.get<{ Params: { id: string } }>('/devices/:id/credentials', async (request, reply) => {
    const ctx = await caller(request);
    return reply.header('cache-control', 'no-store').send(await registry.credentials(ctx, deviceId(request)));
  });

  app.post<{ Params: { id: string } }>('/devices/:id/credentials/rotate', async (request, reply) => {
    const ctx = await caller(request);
    return reply.header('cache-control', 'no-store').send(await registry.rotate(ctx, deviceId(request)));
  });

  app.post('/devices/pairing-codes', async (request, reply) => {
    const ctx = await caller(request);
    const patientId = patientOf(ctx, parse(pairingCodeRequest, request.body).patient);
    if (patientId === undefined) throw badRequest('Name the patient: {"patient": "Patient/<id>"}', 'patient');
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send(await registry.createPairingCode(ctx, patientId));
  });

  app.post<{ Params: { id: string } }>('/devices/:id/unpair', async (request) => {
    const ctx = await caller(request);
    return registry.unpair(ctx, deviceId(request));
  });

  app.post<{ Params: { id: string } }>('/devices/:id/pair', async (request, reply) => {
    const identity = await device(request, reply);
    assertOwnDevice(identity, deviceId(request));
    const { code } = parse(pairRequest, request.body);
    return registry.pair(identity, code);
  });
  done();
}
