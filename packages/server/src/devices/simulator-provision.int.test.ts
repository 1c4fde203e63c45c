// The simulator's provisioning through the admin API (the CLI's one way in), on both engines: it reuses the
// database's patients and creates only the missing ones, pairs one device to each, and a second run reuses
// those devices and credentials instead of registering more.
import type { Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAccessControl } from '../access/guarded-repository.ts';
import { buildAdminApp } from '../cli/admin.routes.ts';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { createDeviceRegistry, type DeviceRegistry } from './registry.ts';
import { provisionDevices, SIMULATED_PATIENT_SYSTEM, type AdminApi } from './simulator-provision.ts';

describe.each(testEngines())('simulator provisioning on %s', (_name, open) => {
  let engine: Engine;
  let repo: Repository;
  let registry: DeviceRegistry;
  let app: FastifyInstance;
  let admin: AdminApi;

  beforeAll(async () => {
    engine = await open();
    repo = withAccessControl(createRepository({ db: engine, bus: createInProcessBus() }), {
      db: engine,
      baseUrl: 'http://hearth.test/fhir',
      breakGlass: { minutes: 60, privacyOfficer: 'Practitioner/privacy-officer' },
    });
    const config = { baseUrl: 'http://hearth.test', dataDir: '/nonexistent', secretKey: Buffer.alloc(32, 5) };
    registry = createDeviceRegistry({ engine, repo, config });
    app = buildAdminApp({ engine, repo, config, devices: registry });
    admin = {
      async request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
        const res = await app.inject({
          method,
          url,
          ...(body === undefined ? {} : { payload: body as object }),
        });
        if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
        return res.json<T>();
      },
    };
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('reuses existing patients, creates the missing ones, and reuses its devices on the next run', async () => {
    const existing: string[] = [];
    for (const family of ['Ames', 'Baker']) {
      const patient: Patient = { resourceType: 'Patient', name: [{ family }] };
      existing.push((await repo.create(SYSTEM_CONTEXT, patient)).resource.id!);
    }
    const first = await provisionDevices(admin, { patients: 4, seed: 'p' });
    expect(first.createdPatients).toBe(2);
    expect(first.createdDevices).toBe(4);
    const patientIds = first.devices.map((d) => d.patientId);
    expect(new Set(patientIds).size).toBe(4);
    for (const id of existing) expect(patientIds).toContain(id);
    const created = patientIds.filter((id) => !existing.includes(id));
    for (const id of created) {
      const p = (await repo.read(SYSTEM_CONTEXT, 'Patient', id)) as Patient;
      expect(p.identifier?.[0]?.system).toBe(SIMULATED_PATIENT_SYSTEM);
    }
    for (const d of first.devices) {
      expect(await registry.authenticate(d.credentials.username, d.credentials.password)).toEqual({
        deviceId: d.deviceId,
        patientId: d.patientId,
      });
    }

    const again = await provisionDevices(admin, { patients: 4, seed: 'p' });
    expect(again.createdPatients).toBe(0);
    expect(again.createdDevices).toBe(0);
    // The same devices with the same credentials (in the database's patient order, which the created
    // patients' ids may change).
    const byDevice = (a: { deviceId: string }, b: { deviceId: string }) =>
      a.deviceId.localeCompare(b.deviceId);
    expect([...again.devices].sort(byDevice)).toEqual([...first.devices].sort(byDevice));
  });

  it('registers a new device for a patient whose simulator device was revoked', async () => {
    const before = await provisionDevices(admin, { patients: 1, seed: 'p' });
    const old = before.devices[0]!;
    await admin.request('POST', `/admin/devices/${old.deviceId}/revoke`);
    const after = await provisionDevices(admin, { patients: 1, seed: 'p' });
    expect(after.createdDevices).toBe(1);
    expect(after.devices[0]!.patientId).toBe(old.patientId);
    expect(after.devices[0]!.deviceId).not.toBe(old.deviceId);
    expect(await registry.authenticate(old.credentials.username, old.credentials.password)).toBeUndefined();
  });
});
