// The demo clinic's live feed on both engines: the population's paired devices get credentials, a few of
// their patients stream vitals through parsing and the store, unpaired devices stay silent, stop stops.
import type { Device, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAccessControl } from '../access/guarded-repository.ts';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { startDemoFeed } from './demo-feed.ts';
import { createDeviceRegistry } from './registry.ts';
import { createReadingStore } from './store.ts';
import type { DeviceIdentity, NormalizedReading } from './types.ts';

const SNOMED = 'http://snomed.info/sct';

describe.each(testEngines())('demo monitoring feed on %s', (_name, open) => {
  let engine: Engine;
  let repo: Repository;

  beforeAll(async () => {
    engine = await open();
    repo = withAccessControl(createRepository({ db: engine, bus: createInProcessBus() }), {
      db: engine,
      baseUrl: 'http://hearth.test/fhir',
      breakGlass: { minutes: 60, privacyOfficer: 'Practitioner/privacy-officer' },
    });
  });
  afterAll(async () => {
    await engine.close();
  });

  async function seededDevice(code: string, patientId?: string): Promise<string> {
    const device: Device = {
      resourceType: 'Device',
      status: 'active',
      type: { coding: [{ system: SNOMED, code }] },
      ...(patientId ? { patient: { reference: `Patient/${patientId}` } } : {}),
    };
    return (await repo.create(SYSTEM_CONTEXT, device)).resource.id!;
  }

  it('streams a few paired devices of the demo population, with credentials, through the store', async () => {
    const patients: string[] = [];
    for (const family of ['Ames', 'Baker', 'Cole']) {
      const patient: Patient = { resourceType: 'Patient', name: [{ family }] };
      patients.push((await repo.create(SYSTEM_CONTEXT, patient)).resource.id!);
    }
    const glucose = await seededDevice('337414009', patients[0]);
    const bp = await seededDevice('258057004', patients[1]);
    const third = await seededDevice('258057004', patients[2]);
    const unpaired = await seededDevice('258057004');
    const registry = createDeviceRegistry({
      engine,
      repo,
      config: { dataDir: '/nonexistent', secretKey: Buffer.alloc(32, 3) },
    });
    const store = createReadingStore({ engine, repo });
    const seen = new Map<string, NormalizedReading[]>();
    const lines: string[] = [];
    let release: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (release = resolve));
    const feed = startDemoFeed({
      registry,
      ingest: async (identity: DeviceIdentity, readings) => {
        const result = await store.ingest(identity, readings);
        seen.set(identity.deviceId, [...(seen.get(identity.deviceId) ?? []), ...readings]);
        return result;
      },
      ready,
      patients: 2,
      hz: 20,
      log: (line) => lines.push(line),
    });
    try {
      expect(seen.size).toBe(0);
      release();
      const deadline = Date.now() + 20_000;
      while ([...seen.values()].filter((r) => r.length >= 30).length < 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await feed.stop();
      await store.close();
    }
    // Two patients, one device each; which two is decided by device id, the same at every start.
    const streamed = [...seen.keys()].sort();
    expect(streamed).toEqual([glucose, bp, third].sort().slice(0, 2));
    expect(streamed).not.toContain(unpaired);
    expect(lines[0]).toMatch(/^Demo monitoring: 2 patients stream vitals/);
    for (const id of streamed) {
      const creds = await registry.credentials(SYSTEM_CONTEXT, id);
      expect(creds.username).toBe(id);
      expect(await registry.authenticate(creds.username, creds.password)).toMatchObject({ deviceId: id });
      const kinds = new Set(seen.get(id)!.map((r) => r.kind));
      for (const kind of ['heart-rate', 'oxygen-saturation', 'respiratory-rate'])
        expect(kinds).toContain(kind);
    }
    const rows = await engine.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM device_samples WHERE device_id = ANY($1)',
      [streamed],
    );
    expect(Number(rows.rows[0]!.n)).toBe([...seen.values()].flat().length);
  });
});
