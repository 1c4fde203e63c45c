// The admin API's device routes (cli/admin.routes.ts), behind `hearth devices …`: the CLI acts as the
// system identity (the admin socket's 0600 mode is its access control), through the same registry — and,
// with a running embedded server, the same registry instance, so a revocation ends live sessions too.
import { badRequest } from '@hearth/fhir';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { DEVICE_KINDS, deviceKind, isReadingKind, pairedPatient } from './device-resource.ts';
import type { DeviceRegistry } from './registry.ts';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const newDevice = z.strictObject({
  kind: z
    .string()
    .refine(isReadingKind, `one of ${Object.keys(DEVICE_KINDS).join(', ')}`)
    .optional(),
  name: z.string().trim().min(1).max(200).optional(),
  patient: z
    .string()
    .transform((s) => s.replace(/^Patient\//, ''))
    .pipe(z.string().regex(ID, 'a Patient id, or Patient/<id>'))
    .optional(),
});

/** What `hearth devices add` prints. */
export interface AddedDevice {
  device_id: string;
  username: string;
  password: string;
}

/** One line of `hearth devices list` (never a password). */
export interface ListedDevice {
  device_id: string;
  name?: string;
  kind?: string;
  patient?: string;
  status?: string;
  credentials: 'active' | 'revoked' | 'none';
}

function id(value: string): string {
  if (!ID.test(value)) throw badRequest('A Device id is 1–64 letters, digits, "-" and "."');
  return value;
}

export function deviceAdminRoutes(app: FastifyInstance, opts: { registry: DeviceRegistry }): void {
  const { registry } = opts;

  app.post('/admin/devices', async (req, reply): Promise<AddedDevice> => {
    const r = newDevice.safeParse(req.body ?? {});
    if (!r.success)
      throw badRequest(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { kind, name, patient } = r.data;
    const { device, credentials } = await registry.register(SYSTEM_CONTEXT, {
      ...(kind !== undefined && isReadingKind(kind) ? { kind } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(patient !== undefined ? { patientId: patient } : {}),
    });
    void reply.code(201);
    return { device_id: device.id!, ...credentials };
  });

  app.get('/admin/devices', async (): Promise<ListedDevice[]> =>
    (await registry.list(SYSTEM_CONTEXT)).map(({ device, credentials }) => {
      const name = device.deviceName?.[0]?.name;
      const kind = deviceKind(device);
      const patient = pairedPatient(device);
      return {
        device_id: device.id!,
        ...(name !== undefined ? { name } : {}),
        ...(kind !== undefined ? { kind } : {}),
        ...(patient !== undefined ? { patient: `Patient/${patient}` } : {}),
        ...(device.status !== undefined ? { status: device.status } : {}),
        credentials,
      };
    }),
  );

  app.get<{ Params: { id: string } }>('/admin/devices/:id/credentials', (req) =>
    registry.credentials(SYSTEM_CONTEXT, id(req.params.id)),
  );

  app.post<{ Params: { id: string } }>('/admin/devices/:id/revoke', async (req) => {
    const device = await registry.unpair(SYSTEM_CONTEXT, id(req.params.id));
    return { device_id: device.id!, status: device.status, revoked: true };
  });
}
