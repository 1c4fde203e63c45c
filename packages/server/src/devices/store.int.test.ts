// The reading store on both engines: durable when ingest resolves, duplicates stored once, an Observation
// per low-rate reading, per-minute aggregates of high-rate streams (also after a crash), audit, onStored.
import type { AuditEvent, Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withAccessControl } from '../access/guarded-repository.ts';
import { startAuditLog } from '../audit/audit-log.ts';
import { currentSigningKey } from '../auth/signing-keys.ts';
import type { Engine } from '../db/engine.ts';
import { openPostgres } from '../db/postgres-engine.ts';
import { createRepository } from '../db/repository.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { TEST_DATABASE_URL, testEngines } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import {
  createReadingStore,
  type ReadingStore,
  type ReadingStoreOptions,
  type StoredBatch,
} from './store.ts';
import type { DeviceIdentity, NormalizedReading } from './types.ts';

const M = Date.parse('2026-11-23T08:00:00Z');
const SEC = 1000;

const hr = (t: number, value = 72): NormalizedReading => ({
  kind: 'heart-rate',
  code: '8867-4',
  unit: '/min',
  value,
  timeMs: t,
});
const bp = (t: number, systolic: number, diastolic: number): NormalizedReading => ({
  kind: 'blood-pressure',
  code: '85354-9',
  unit: 'mm[Hg]',
  components: [
    { code: '8480-6', value: systolic, unit: 'mm[Hg]' },
    { code: '8462-4', value: diastolic, unit: 'mm[Hg]' },
  ],
  timeMs: t,
});

/** Polls until check passes or the deadline passes (no sleeps of fixed length). */
async function eventually(check: () => unknown, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe.each(testEngines())('reading store on %s', (name, open) => {
  let engine: Engine;
  let repo: Repository;
  let now: Date;
  let patientId: string;
  let device: DeviceIdentity;
  const stores: ReadingStore[] = [];

  function openStore(over: Partial<ReadingStoreOptions> = {}): ReadingStore {
    const store = createReadingStore({
      engine,
      repo,
      clock: () => now,
      aggregateEveryMs: 3_600_000,
      onError: (err) => {
        throw err;
      },
      ...over,
    });
    stores.push(store);
    return store;
  }

  let serial = 0;

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

  // Each test: its own patient and device, so tests share the engine but not their rows.
  beforeEach(async () => {
    const reading: Patient = { resourceType: 'Patient', name: [{ family: 'Reading' }] };
    const patient = await repo.create(SYSTEM_CONTEXT, reading);
    patientId = patient.resource.id!;
    device = { deviceId: `watch-${++serial}`, patientId };
    now = new Date(M + 30 * SEC);
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  });

  async function observations(query: [string, string][] = []): Promise<Observation[]> {
    const bundle: Bundle = await repo.search(
      SYSTEM_CONTEXT,
      'Observation',
      [['patient', patientId], ['_count', '1000'], ...query],
      { baseUrl: 'http://hearth.test/fhir' },
    );
    return (bundle.entry ?? []).map((e) => e.resource as Observation);
  }

  async function sampleCount(db: Engine = engine): Promise<number> {
    const r = await db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM device_samples WHERE patient_id = $1',
      [patientId],
    );
    return Number(r.rows[0]!.n);
  }

  async function pendingMinutes(): Promise<string[]> {
    const r = await engine.query<{ minute: string }>(
      'SELECT minute FROM device_sample_minutes WHERE device_id = $1 ORDER BY minute',
      [device.deviceId],
    );
    return r.rows.map((row) => new Date(Number(row.minute)).toISOString());
  }

  it('has the readings committed when ingest resolves (read back on another connection)', async () => {
    const store = openStore();
    const result = await store.ingest(device, [hr(M), hr(M + 61 * SEC, 80)]);
    expect(result).toEqual({ stored: 2, duplicates: 0 });
    let other: Engine = engine;
    if (name === 'postgres') {
      const schema = (await engine.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
      other = await openPostgres({ url: TEST_DATABASE_URL, schema, maxConnections: 1 });
    }
    try {
      expect(await sampleCount(other)).toBe(2);
      const rows = await other.query<{ value: number; patient_id: string }>(
        'SELECT value, patient_id FROM device_samples WHERE device_id = $1 ORDER BY t',
        [device.deviceId],
      );
      expect(rows.rows).toEqual([
        { value: 72, patient_id: patientId },
        { value: 80, patient_id: patientId },
      ]);
      const obs = await other.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM resources WHERE resource_type = 'Observation' AND content LIKE $1",
        [`%Patient/${patientId}"%`],
      );
      expect(Number(obs.rows[0]!.n)).toBe(2);
    } finally {
      if (other !== engine) await other.close();
    }
  });

  it('stores a re-delivered reading once: in one batch, in a later batch, and from concurrent calls', async () => {
    const store = openStore();
    expect(await store.ingest(device, [hr(M), hr(M), hr(M + 90 * SEC)])).toEqual({
      stored: 2,
      duplicates: 1,
    });
    expect(await store.ingest(device, [hr(M), hr(M + 200 * SEC)])).toEqual({ stored: 1, duplicates: 1 });
    const batch = [hr(M + 300 * SEC), hr(M + 400 * SEC)];
    const results = await Promise.all(Array.from({ length: 6 }, () => store.ingest(device, batch)));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(2);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(10);
    expect(await sampleCount()).toBe(5);
    // Each stored reading is one Observation (all are ≥ 60 s apart), none for a duplicate.
    const obs = await observations();
    expect(obs).toHaveLength(5);
    expect(new Set(obs.map((o) => o.identifier?.[0]?.value)).size).toBe(5);
  });

  it('keeps one device’s readings apart from another’s at the same time and code', async () => {
    const store = openStore();
    const other = { deviceId: `${device.deviceId}-b`, patientId };
    const [a, b] = await Promise.all([store.ingest(device, [hr(M)]), store.ingest(other, [hr(M, 90)])]);
    expect([a, b]).toEqual([
      { stored: 1, duplicates: 0 },
      { stored: 1, duplicates: 0 },
    ]);
    const obs = await observations();
    expect(obs.map((o) => o.device?.reference).sort()).toEqual([
      `Device/${device.deviceId}`,
      `Device/${other.deviceId}`,
    ]);
  });

  it('writes one valid vital-signs Observation per low-rate reading, audited with the device as sender', async () => {
    const store = openStore();
    await store.ingest(device, [hr(M, 70), hr(M + 60 * SEC, 71)]);
    await store.ingest(device, [hr(M + 120 * SEC, 72)]);
    const obs = await observations([['code', 'http://loinc.org|8867-4']]);
    expect(obs.map((o) => o.valueQuantity?.value).sort()).toEqual([70, 71, 72]);
    for (const o of obs) {
      expect(repo.validate(o).issue[0]?.severity).toBe('information');
      expect(o).toMatchObject({
        status: 'final',
        category: [{ coding: [{ code: 'vital-signs' }] }],
        subject: { reference: `Patient/${patientId}` },
        device: { reference: `Device/${device.deviceId}` },
      });
    }
    const found = await observations([
      ['identifier', `https://hearth.health/fhir/sid/device-reading|${device.deviceId}/8867-4/${M}`],
    ]);
    expect(found.map((o) => o.effectiveDateTime)).toEqual(['2026-11-23T08:00:00.000Z']);

    // The audit log, as an auditor searches it: the samples' writes (by the store) and the Observations'
    // (by the repository), each naming the patient's record.
    const log = startAuditLog({ engine, signer: () => currentSigningKey(engine), flushMs: 3_600_000 });
    await log.flush(); // seals the committed entries, so search finds them
    await log.close();
    const bundle = await repo.search(SYSTEM_CONTEXT, 'AuditEvent', [['patient', `Patient/${patientId}`]], {
      baseUrl: 'http://hearth.test/fhir',
    });
    const events = (bundle.entry ?? []).map((e) => e.resource as AuditEvent);
    const by = (agent: string) =>
      events
        .filter((e) => e.agent.some((a) => a.who?.display === agent))
        .flatMap((e) => (e.entity ?? []).map((x) => x.what?.reference));
    // The samples: the device as agent, the patient's record touched.
    expect(by(`Device/${device.deviceId}`)).toEqual(
      expect.arrayContaining([`Device/${device.deviceId}`, `Patient/${patientId}`]),
    );
    // The Observations: written by the ingestion in one batched write, each named with its version.
    const written = by('system:device-ingestion');
    for (const o of obs) expect(written.some((r) => r?.startsWith(`Observation/${o.id}/`))).toBe(true);
    expect(written).toContain(`Patient/${patientId}`);
  });

  it('stores blood pressure as one sample and an Observation with systolic and diastolic components', async () => {
    const store = openStore();
    expect(await store.ingest(device, [bp(M, 128, 84), bp(M, 128, 84)])).toEqual({
      stored: 1,
      duplicates: 1,
    });
    const rows = await engine.query('SELECT code, value, value2 FROM device_samples WHERE device_id = $1', [
      device.deviceId,
    ]);
    expect(rows.rows).toEqual([{ code: '85354-9', value: 128, value2: 84 }]);
    const [obs] = await observations([['code', '85354-9']]);
    expect(obs?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value])).toEqual([
      ['8480-6', 128],
      ['8462-4', 84],
    ]);
    // Component search works as for any blood pressure entered by hand.
    expect(
      await observations([['component-code-value-quantity', 'http://loinc.org|8480-6$gt120']]),
    ).toHaveLength(1);
  });

  it('aggregates a high-rate minute once it closes: min, mean, max, count and SampledData', async () => {
    const store = openStore();
    const values = Array.from({ length: 60 }, (_, i) => 60 + (i % 7));
    const readings = values.map((v, i) => hr(M + i * SEC, v));
    // In two calls: the second half's predecessors are in the table, not the batch.
    await store.ingest(device, readings.slice(0, 30));
    await store.ingest(device, readings.slice(30));
    // Only the stream's first reading (nothing before it) is low-rate.
    expect((await observations()).map((o) => o.effectiveDateTime ?? o.effectivePeriod)).toEqual([
      '2026-11-23T08:00:00.000Z',
    ]);
    await store.flush(); // the minute has not closed yet at 08:00:30
    expect(await observations()).toHaveLength(1);

    now = new Date(M + 66 * SEC);
    await store.flush();
    expect((await observations()).filter((o) => o.effectivePeriod)).toHaveLength(1);
    const [agg] = await observations([
      [
        'identifier',
        `https://hearth.health/fhir/sid/device-reading-minute|${device.deviceId}/8867-4/2026-11-23T08:00:00.000Z`,
      ],
    ]);
    if (!agg) throw new Error('no aggregate Observation');
    expect(repo.validate(agg).issue[0]?.severity).toBe('information');
    expect(agg.effectivePeriod).toEqual({
      start: '2026-11-23T08:00:00.000Z',
      end: '2026-11-23T08:01:00.000Z',
    });
    const stats = Object.fromEntries(
      (agg.component ?? []).map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value ?? c.valueInteger]),
    );
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    expect(stats).toEqual({ minimum: 60, average: Math.round(mean * 1000) / 1000, maximum: 66, count: 60 });
    expect(agg.valueSampledData?.data?.split(' ').map(Number)).toEqual(values);
    expect(await pendingMinutes()).toEqual([]);
  });
  it('rewrites a written minute’s aggregate (same Observation, next version) when a late reading arrives', async () => {
    const store = openStore();
    await store.ingest(device, [hr(M, 70), hr(M + SEC, 80), hr(M + 2 * SEC, 90)]);
    now = new Date(M + 70 * SEC);
    await store.flush();
    const first = (await observations()).find((o) => o.effectivePeriod);
    expect(first?.component?.find((c) => c.code.coding?.[0]?.code === 'count')?.valueInteger).toBe(3);

    expect(await store.ingest(device, [hr(M + 30 * SEC, 100), hr(M + SEC, 80)])).toEqual({
      stored: 1,
      duplicates: 1,
    });
    expect(await pendingMinutes()).toEqual(['2026-11-23T08:00:00.000Z']);
    await store.flush();
    const minutes = (await observations()).filter((o) => o.effectivePeriod);
    expect(minutes).toHaveLength(1);
    expect(minutes[0]!.id).toBe(first!.id);
    expect(minutes[0]!.meta?.versionId).not.toBe(first!.meta?.versionId);
    const stats = Object.fromEntries(
      (minutes[0]!.component ?? []).map((c) => [
        c.code.coding?.[0]?.code,
        c.valueQuantity?.value ?? c.valueInteger,
      ]),
    );
    expect(stats).toEqual({ minimum: 70, average: 85, maximum: 100, count: 4 });
  });

  it('writes, at the next start, the aggregates a store dropped without close left behind', async () => {
    // The first store never sees its minutes close (its clock stays at 08:00:30) and is never closed.
    const crashed = createReadingStore({
      repo,
      clock: () => new Date(M + 30 * SEC),
      aggregateEveryMs: 3_600_000,
    });
    await crashed.ingest(
      device,
      Array.from({ length: 20 }, (_, i) => hr(M + i * SEC, 60 + i)),
    );
    await crashed.ingest(device, [hr(M + 60 * SEC, 61), hr(M + 61 * SEC, 63)]);
    expect(await pendingMinutes()).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-23T08:01:00.000Z']);

    // A restart two minutes later: its start alone (no flush called) writes both minutes.
    now = new Date(M + 130 * SEC);
    openStore();
    await eventually(async () => {
      expect(await pendingMinutes()).toEqual([]);
    });
    const minutes = (await observations()).filter((o) => o.effectivePeriod);
    expect(minutes.map((o) => o.effectivePeriod?.start).sort()).toEqual([
      '2026-11-23T08:00:00.000Z',
      '2026-11-23T08:01:00.000Z',
    ]);
    const counts = minutes.map(
      (o) => o.component?.find((c) => c.code.coding?.[0]?.code === 'count')?.valueInteger,
    );
    expect(counts.sort()).toEqual([2, 20]);
  });

  it('tells onStored, after commit, only the readings that were new', async () => {
    const seen: { batch: StoredBatch; committed: number }[] = [];
    const store = openStore({
      onStored: async (batch) => {
        seen.push({ batch, committed: await sampleCount() });
      },
    });
    await store.ingest(device, [hr(M, 70), hr(M + 90 * SEC, 71)]);
    await store.ingest(device, [hr(M, 70), hr(M + 200 * SEC, 72), hr(M + 200 * SEC, 72)]);
    await store.ingest(device, [hr(M + 90 * SEC, 71)]);
    await eventually(() => {
      expect(seen).toHaveLength(2);
    });
    expect(seen.map((s) => s.batch.readings.map((r) => r.value))).toEqual([[70, 71], [72]]);
    expect(seen.map((s) => s.batch.identity)).toEqual([device, device]);
    // Each was told after its readings were visible to other connections.
    expect(seen[0]!.committed).toBeGreaterThanOrEqual(2);
    expect(seen[1]!.committed).toBeGreaterThanOrEqual(3);
  });

  it('refuses an unpaired device and a malformed reading whole, storing nothing of the batch', async () => {
    const store = openStore();
    await expect(
      store.ingest({ deviceId: device.deviceId, patientId: undefined }, [hr(M)]),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const inPounds = {
      ...hr(M + SEC),
      kind: 'body-weight',
      code: '29463-7',
      unit: '[lb_av]',
      value: 170,
    } as const;
    await expect(store.ingest(device, [hr(M), inPounds])).rejects.toMatchObject({ kind: 'bad-request' });
    const noDiastolic = { ...bp(M, 120, 80), components: [{ code: '8480-6', value: 120, unit: 'mm[Hg]' }] };
    await expect(store.ingest(device, [hr(M), noDiastolic])).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(store.ingest(device, [{ ...hr(M), timeMs: Number.NaN }])).rejects.toMatchObject({
      kind: 'bad-request',
    });
    await expect(store.ingest({ deviceId: 'bad id', patientId }, [hr(M)])).rejects.toMatchObject({
      kind: 'bad-request',
    });
    expect(await sampleCount()).toBe(0);
    expect(await observations()).toEqual([]);
    expect(await store.ingest(device, [])).toEqual({ stored: 0, duplicates: 0 });
  });

  it('records a step count over its interval under the activity category', async () => {
    const store = openStore();
    const steps: NormalizedReading = {
      kind: 'step-count',
      code: '55423-8',
      unit: '{steps}',
      value: 1200,
      startMs: M - 15 * 60 * SEC,
      timeMs: M,
    };
    await store.ingest(device, [steps]);
    const [obs] = await observations([['category', 'activity']]);
    expect(obs).toMatchObject({
      effectivePeriod: { start: '2026-11-23T07:45:00.000Z', end: '2026-11-23T08:00:00.000Z' },
      valueQuantity: { value: 1200, code: '{steps}' },
    });
  });

  it('groups concurrent calls of many devices and stores each exactly once', async () => {
    const store = openStore();
    const devices = Array.from({ length: 40 }, (_, i) => ({
      deviceId: `${device.deviceId}-${i}`,
      patientId,
    }));
    // Each device: 10 s of 1 Hz heart rate, sent twice, all at once.
    const calls = devices.flatMap((d) => {
      const readings = Array.from({ length: 10 }, (_, i) => hr(M + i * SEC, 60 + i));
      return [store.ingest(d, readings), store.ingest(d, readings)];
    });
    const results = await Promise.all(calls);
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(400);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(400);
    expect(await sampleCount()).toBe(400);
    // The first reading of each stream is low-rate: one Observation per device so far.
    expect(await observations()).toHaveLength(40);
    now = new Date(M + 70 * SEC);
    await store.flush();
    expect((await observations()).filter((o) => o.effectivePeriod)).toHaveLength(40);
  });
  it('on close, writes the minutes that have closed, keeps open ones pending, and takes no more readings', async () => {
    const store = openStore();
    await store.ingest(device, [hr(M, 70), hr(M + SEC, 71), hr(M + 60 * SEC, 72), hr(M + 61 * SEC, 73)]);
    now = new Date(M + 90 * SEC); // 08:00 has closed, 08:01 has not
    await store.close();
    expect(await pendingMinutes()).toEqual(['2026-11-23T08:01:00.000Z']);
    expect(
      (await observations()).filter((o) => o.effectivePeriod).map((o) => o.effectivePeriod?.start),
    ).toEqual(['2026-11-23T08:00:00.000Z']);
    await expect(store.ingest(device, [hr(M + 62 * SEC)])).rejects.toThrow(/closed/);
    expect(await sampleCount()).toBe(4);
  });
  it('writes the other minutes when one cannot be written, reports it and leaves it pending', async () => {
    // A row no ingest would write (its patient id is no FHIR id), as if from a damaged or older database.
    const broken = `${device.deviceId}-broken`;
    await engine.query(
      "INSERT INTO device_samples (device_id, code, t, patient_id, value) VALUES ($1, '8867-4', $2, 'no such id!', 70)",
      [broken, M],
    );
    await engine.query("INSERT INTO device_sample_minutes VALUES ($1, '8867-4', $2)", [broken, M]);
    const errors: unknown[] = [];
    const store = openStore({ onError: (err) => errors.push(err) });
    await store.ingest(device, [hr(M, 70), hr(M + SEC, 71)]);
    now = new Date(M + 70 * SEC);
    await store.flush();
    expect((await observations()).filter((o) => o.effectivePeriod)).toHaveLength(1);
    expect(await pendingMinutes()).toEqual([]);
    const left = await engine.query('SELECT device_id FROM device_sample_minutes WHERE device_id = $1', [
      broken,
    ]);
    expect(left.rows).toEqual([{ device_id: broken }]);
    expect(errors).toHaveLength(1);
    await store.flush(); // skipped now, not reported on every tick
    expect(errors).toHaveLength(1);
    await engine.query('DELETE FROM device_sample_minutes WHERE device_id = $1', [broken]);
    await engine.query('DELETE FROM device_samples WHERE device_id = $1', [broken]);
  });
});
