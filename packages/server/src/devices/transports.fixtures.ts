// The device side of a test server, for the transport tests (readings.routes, MQTT): the test server
// (fhir-rest/test-server.ts) with startDevices' registry, store, routes and MQTT on it, on a fresh
// database; a patient, and devices registered through the registry with their credentials.
import type { Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { SYSTEM_CONTEXT, type AccessContext, type Repository } from '../db/repository.types.ts';
import type { OpenTestEngine } from '../db/test-engines.ts';
import { openTestServer } from '../fhir-rest/test-server.ts';
import { startDevices, type RunningDevices } from './devices.ts';
import type { DeviceCredentials } from './types.ts';

export interface DeviceStack {
  app: FastifyInstance;
  engine: Engine;
  repo: Repository;
  devices: RunningDevices;
  /** A patient devices are paired to. */
  patientId: string;
  /** Closes the app (and with it MQTT and the store); the engine stays open, for a restart on it. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** MQTT settings (default: MQTT off): `{ mqttPort: 0 }` or `{ mqttUrl }`. */
  config?: Partial<Config>;
  /** Reuse an engine (a restart on the same database); else a fresh one from `open`. */
  engine?: Engine;
  mqttClientId?: string;
}

const ADMIN: AccessContext = { actor: 'Client/test', clientId: 'test', scopes: ['system/*.cruds'] };

export async function openDeviceStack(open: OpenTestEngine, opts: StackOptions = {}): Promise<DeviceStack> {
  let devices: RunningDevices | undefined;
  const reused = opts.engine;
  const server = await openTestServer(
    reused ? () => Promise.resolve(reused) : open,
    { mqttPort: undefined, ...opts.config },
    {
      routes: async (app, deps) => {
        devices = await startDevices({
          app,
          ...deps,
          ...(opts.mqttClientId ? { mqttClientId: opts.mqttClientId } : {}),
        });
      },
    },
  );
  const { app, engine, repo } = server;
  const patient = await repo.create<Patient>(SYSTEM_CONTEXT, {
    resourceType: 'Patient',
    name: [{ family: 'Device' }],
  });
  return {
    app,
    engine,
    repo,
    devices: devices!,
    patientId: patient.resource.id!,
    stop: () => app.close(),
    close: () => server.close(),
  };
}

/** A device registered through the registry, paired to the stack's patient unless `paired: false`. */
export async function addDevice(
  stack: DeviceStack,
  paired = true,
): Promise<{ deviceId: string; credentials: DeviceCredentials }> {
  const { device, credentials } = await stack.devices.registry.register(ADMIN, {
    kind: 'heart-rate',
    ...(paired ? { patientId: stack.patientId } : {}),
  });
  return { deviceId: device.id!, credentials };
}

export async function unpairDevice(stack: DeviceStack, deviceId: string): Promise<void> {
  await stack.devices.registry.unpair(ADMIN, deviceId);
}

/** Rows of device_samples for a device: what was stored. */
export async function sampleCount(engine: Engine, deviceId: string): Promise<number> {
  const rows = await engine.query<{ n: string | number }>(
    'SELECT count(*) AS n FROM device_samples WHERE device_id = $1',
    [deviceId],
  );
  return Number(rows.rows[0]!.n);
}

/** A plausible heart-rate reading `agoMs` before now (Hearth JSON). */
export function heartRate(value: number, agoMs = 60_000): Record<string, unknown> {
  return { type: 'heart-rate', value, unit: 'beats/min', time: new Date(Date.now() - agoMs).toISOString() };
}

export function basic(credentials: DeviceCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
