// Remote monitoring's device side, wired (issue #6, DESIGN.md §6): the registry (devices, credentials,
// pairing), the reading store, their HTTP routes, and MQTT (embedded broker or MQTT_URL). Closing stops
// MQTT first (no new readings), then flushes the store; the Fastify app's close does it too.
import { OperationOutcomeError } from '@hearth/fhir';
import type { Device } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { Authenticate } from '../auth/authenticate.ts';
import type { Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import type { AccessContext, Repository } from '../db/repository.types.ts';
import { pairedPatient } from './device-resource.ts';
import { deviceRoutes } from './devices.routes.ts';
import { startMqtt } from './mqtt.ts';
import { readingsRoutes } from './readings.routes.ts';
import { createDeviceRegistry, type DeviceRegistry } from './registry.ts';
import { createReadingStore, type ReadingStore, type StoredBatch } from './store.ts';
import type { DeviceIdentity } from './types.ts';

export interface StartDevicesOptions {
  app: FastifyInstance;
  engine: Engine;
  repo: Repository;
  config: Readonly<Config>;
  /** The app's Bearer-token authenticator, for the device administration routes. */
  authenticate: Authenticate;
  /** Called after each commit with the new readings (monitoring's input). */
  onStored?: (batch: StoredBatch) => void;
  /** Start MQTT as configured (default true); the HTTP routes are always there. */
  mqtt?: boolean;
  /** The registry to use (shared with the admin socket); one is created when absent. */
  registry?: DeviceRegistry;
  /** The external broker session's client id (tests; default mqtt-external.ts DEFAULT_CLIENT_ID). */
  mqttClientId?: string;
  clock?: () => Date;
}

export interface RunningDevices {
  registry: DeviceRegistry;
  store: ReadingStore;
  /** Where devices publish (embedded broker or MQTT_URL); undefined when MQTT is off. */
  mqttUrl: string | undefined;
  close(): Promise<void>;
}

/** Reads Devices for the external broker's topic check: nothing else. */
const DEVICE_READER: AccessContext = Object.freeze({ actor: 'system', scopes: ['system/Device.r'] });

export async function startDevices(opts: StartDevicesOptions): Promise<RunningDevices> {
  const { app, engine, repo, config } = opts;
  const clock = opts.clock ? { clock: opts.clock } : {};
  const registry = opts.registry ?? createDeviceRegistry({ engine, repo, config, ...clock });
  const store = createReadingStore({
    engine,
    repo,
    ...clock,
    ...(opts.onStored ? { onStored: opts.onStored } : {}),
  });
  await app.register(deviceRoutes, { registry, db: engine, authenticate: opts.authenticate, ...clock });
  await app.register(readingsRoutes, { devices: registry, sink: store });
  const identities = cachedIdentities(registry, (deviceId) => identifyDevice(repo, deviceId));
  let mqtt;
  try {
    mqtt =
      opts.mqtt === false
        ? undefined
        : await startMqtt({
            config,
            devices: registry,
            identify: identities.identify,
            sink: store,
            log: app.log,
            ...(opts.mqttClientId !== undefined ? { clientId: opts.mqttClientId } : {}),
          });
  } catch (err) {
    identities.stop();
    await store.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await mqtt?.close();
      identities.stop();
      await store.close();
    })();
    return closing;
  };
  app.addHook('onClose', close);
  const running = { registry, store, mqttUrl: mqtt?.url, close };
  started.set(app, running);
  if (mqtt) app.log.info(`MQTT: devices publish to ${mqtt.url} (${mqtt.mode} broker)`);
  return running;
}

const started = new WeakMap<FastifyInstance, RunningDevices>();

/** The devices started on an app (by buildServerApp), e.g. for the banner's MQTT address. */
export function runningDevices(app: FastifyInstance): RunningDevices | undefined {
  return started.get(app);
}

/** How long the external broker path reuses a device lookup; a registry change forgets it at once. */
const IDENTITY_TTL_MS = 10_000;

function cachedIdentities(
  registry: Pick<DeviceRegistry, 'onRevoked'>,
  lookup: (deviceId: string) => Promise<DeviceIdentity | undefined>,
): { identify: (deviceId: string) => Promise<DeviceIdentity | undefined>; stop: () => void } {
  const cache = new Map<string, { identity: DeviceIdentity; until: number }>();
  const stop = registry.onRevoked((deviceId) => cache.delete(deviceId));
  return {
    stop,
    async identify(deviceId) {
      const hit = cache.get(deviceId);
      if (hit && hit.until > Date.now()) return hit.identity;
      const identity = await lookup(deviceId);
      if (identity) cache.set(deviceId, { identity, until: Date.now() + IDENTITY_TTL_MS });
      else cache.delete(deviceId);
      return identity;
    },
  };
}

/** An active Device by id, with its patient when paired; undefined when there is none. */
async function identifyDevice(repo: Repository, deviceId: string): Promise<DeviceIdentity | undefined> {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(deviceId)) return undefined;
  try {
    const device = (await repo.read(DEVICE_READER, 'Device', deviceId)) as Device;
    return device.status === 'active' ? { deviceId, patientId: pairedPatient(device) } : undefined;
  } catch (err) {
    if (err instanceof OperationOutcomeError && (err.kind === 'not-found' || err.kind === 'gone')) {
      return undefined;
    }
    throw err;
  }
}
