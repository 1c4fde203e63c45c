// The device registry (issue #6 point 1, DESIGN.md §6): registering devices as FHIR Devices, their
// credentials, pairing them to a patient with a short code, unpairing, and authenticating them for the
// transports. The Device resource is the truth about a device (kind, name, status, patient) and is
// written through the repository, so access control decides and the audit records every change; the
// credentials and codes live beside it (device-credentials.ts, pairing-codes.ts).
//
// Who may do what: every call with a caller's `ctx` first reads the Device (or Patient) through the
// repository — proof the caller may see it — and a change is written with that same context, so it is
// refused (nothing written) unless the caller may write it. Showing or rotating credentials and creating
// pairing codes need the permission to update Devices as well as to see this one. A registration without
// a patient is for callers not restricted to some patients (administrators, the CLI): anyone else may
// register a device only into a patient's record they may write.
import { conflict, OperationOutcomeError } from '@hearth/fhir';
import type { Device, Patient } from '@medplum/fhirtypes';
import { authorize } from '../access/policy.ts';
import { appendAuditEntry } from '../audit/append.ts';
import { agentOf } from '../audit/audit-event.ts';
import type { Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import type { AccessContext, Repository } from '../db/repository.types.ts';
import { createCredentialStore, type CredentialState } from './device-credentials.ts';
import { newDevice, pairedPatient } from './device-resource.ts';
import { createIdentityCache } from './identity-cache.ts';
import { pairDevice } from './pairing.ts';
import { insertPairingCode, newPairingCode } from './pairing-codes.ts';
import type { DeviceCredentials, DeviceIdentity, ReadingKind } from './types.ts';

export interface DeviceRegistryOptions {
  engine: Engine;
  repo: Repository;
  config: Pick<Config, 'secretKey' | 'dataDir'>;
  clock?: () => Date;
  /** How long a verified identity is reused before the credentials are checked again (default 10 s). */
  identityCacheMs?: number;
}

export interface RegisteredDevice {
  device: Device;
  credentials: DeviceCredentials;
}

export interface DeviceSummary {
  device: Device;
  credentials: CredentialState | 'none';
}

export interface DeviceRegistry {
  register(
    ctx: AccessContext,
    opts: { kind?: ReadingKind; name?: string; patientId?: string },
  ): Promise<RegisteredDevice>;
  credentials(ctx: AccessContext, deviceId: string): Promise<DeviceCredentials>;
  rotate(ctx: AccessContext, deviceId: string): Promise<DeviceCredentials>;
  createPairingCode(ctx: AccessContext, patientId: string): Promise<{ code: string; expiresAt: string }>;
  /** The device (already authenticated) pairs itself with a code; 400 for a wrong, used or expired code. */
  pair(identity: DeviceIdentity, code: string): Promise<Device>;
  /** Clears Device.patient, marks it inactive and revokes its credentials. */
  unpair(ctx: AccessContext, deviceId: string): Promise<Device>;
  /** The device these credentials belong to, or undefined (unknown, wrong password, revoked, deleted). */
  authenticate(username: string, password: string): Promise<DeviceIdentity | undefined>;
  /**
   * Called after a device's credentials stop working (rotated, revoked) or its pairing changes: a session
   * that authenticated before (an MQTT connection) must end or authenticate again. Returns unsubscribe.
   */
  onRevoked(listener: (deviceId: string) => void): () => void;
  /** Every Device the caller may see, with the state of its credentials (the CLI's `devices list`). */
  list(ctx: AccessContext): Promise<DeviceSummary[]>;
}

/** The registry's own writes (the patient reference of an unpaired device): a system identity for Devices only. */
const REGISTRY_CONTEXT: AccessContext = Object.freeze({ actor: 'system', scopes: ['system/Device.ru'] });

export function createDeviceRegistry(opts: DeviceRegistryOptions): DeviceRegistry {
  const { engine, repo } = opts;
  const now = opts.clock ?? (() => new Date());
  const store = createCredentialStore(engine, opts.config);
  const listeners = new Set<(deviceId: string) => void>();
  const cache = createIdentityCache(opts.identityCacheMs ?? 10_000, now);

  function changed(deviceId: string): void {
    cache.forget(deviceId);
    for (const listener of listeners) listener(deviceId);
  }

  /** A registry action that is no repository write, recorded in the audit log (no secrets in it). */
  async function audit(
    ctx: AccessContext,
    e: { action: 'R' | 'E'; what: string; entity: string; patientId?: string },
  ): Promise<void> {
    await appendAuditEntry(engine, {
      recorded: now().toISOString(),
      interaction: 'operation',
      action: e.action,
      status: 200,
      outcomeText: e.what,
      agent: agentOf(ctx),
      entities: [e.entity],
      ...(e.patientId ? { patients: [e.patientId] } : {}),
    });
  }

  /** The Device, read as the caller, who must also hold a scope to update Devices. */
  async function ownDevice(ctx: AccessContext, deviceId: string): Promise<Device> {
    const device = (await repo.read(ctx, 'Device', deviceId)) as Device;
    const decision = authorize(ctx, { interaction: 'update', type: 'Device' });
    if (!decision.allowed)
      throw new OperationOutcomeError('forbidden', [{ code: 'forbidden', diagnostics: decision.reason }]);
    return device;
  }

  const registry: DeviceRegistry = {
    async register(ctx, { kind, name, patientId }) {
      // Reading the patient first: an unknown or hidden patient is refused before anything is written.
      if (patientId !== undefined) await repo.read(ctx, 'Patient', patientId);
      const { resource: device } = await repo.create(ctx, newDevice({ kind, name, patientId }));
      const credentials = await store.issue(device.id!, now());
      return { device, credentials };
    },

    async credentials(ctx, deviceId) {
      const device = await ownDevice(ctx, deviceId);
      const credentials = await store.show(deviceId);
      if (!credentials) {
        throw conflict(
          `Device ${deviceId} has no active credentials (revoked): rotate them to issue new ones.`,
        );
      }
      await audit(ctx, {
        action: 'R',
        what: 'device credentials shown',
        entity: `Device/${deviceId}`,
        patientId: pairedPatient(device),
      });
      return credentials;
    },

    async rotate(ctx, deviceId) {
      const device = await ownDevice(ctx, deviceId);
      const credentials = await store.issue(deviceId, now());
      changed(deviceId);
      await audit(ctx, {
        action: 'E',
        what: 'device credentials rotated',
        entity: `Device/${deviceId}`,
        patientId: pairedPatient(device),
      });
      return credentials;
    },

    async createPairingCode(ctx, patientId) {
      const patient = (await repo.read(ctx, 'Patient', patientId)) as Patient;
      const decision = authorize(ctx, { interaction: 'update', type: 'Device' });
      if (!decision.allowed)
        throw new OperationOutcomeError('forbidden', [{ code: 'forbidden', diagnostics: decision.reason }]);
      const code = newPairingCode();
      const expires = await insertPairingCode(engine, {
        code,
        patientId: patient.id!,
        createdBy: ctx.actor,
        now: now(),
      });
      await audit(ctx, {
        action: 'E',
        what: 'device pairing code created',
        entity: `Patient/${patientId}`,
        patientId,
      });
      return { code, expiresAt: expires.toISOString() };
    },

    async pair(identity, code) {
      const device = await pairDevice({ engine, repo, now }, identity, code);
      changed(identity.deviceId);
      return device;
    },

    async unpair(ctx, deviceId) {
      const device = await ownDevice(ctx, deviceId);
      const patientId = pairedPatient(device);
      let result = device;
      if (patientId !== undefined || device.status !== 'inactive') {
        result = await repo.withTransaction(async (tx) => {
          // As the caller first (the audit names who unpaired; refused unless they may write it), then
          // the registry removes the patient — a change the caller could not write, as the Device then
          // leaves the patient's record.
          const inactive = (await tx.update(ctx, { ...device, status: 'inactive' })).resource;
          if (patientId === undefined) return inactive;
          const { patient: _patient, ...unpaired } = inactive;
          return (await tx.update(REGISTRY_CONTEXT, unpaired)).resource;
        });
      }
      await store.revoke(deviceId, now());
      changed(deviceId);
      return result;
    },

    async authenticate(username, password) {
      const cached = cache.get(username, password);
      if (cached) return cached;
      if (!/^[A-Za-z0-9\-.]{1,64}$/.test(username) || !(await store.verify(username, password)))
        return undefined;
      let device: Device;
      try {
        device = (await repo.read(REGISTRY_CONTEXT, 'Device', username)) as Device;
      } catch (err) {
        if (err instanceof OperationOutcomeError && (err.kind === 'not-found' || err.kind === 'gone'))
          return undefined;
        throw err;
      }
      const identity: DeviceIdentity = { deviceId: username, patientId: pairedPatient(device) };
      cache.put(username, password, identity);
      return identity;
    },

    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async list(ctx) {
      const devices = await searchAll(repo, ctx);
      const states = await store.state(devices.map((d) => d.id!));
      return devices.map((device) => ({ device, credentials: states.get(device.id!) ?? 'none' }));
    },
  };
  return registry;
}

/** Every Device the caller may see, page by page. */
async function searchAll(repo: Repository, ctx: AccessContext): Promise<Device[]> {
  const found: Device[] = [];
  let offset = 0;
  const page = 500;
  for (;;) {
    const bundle = await repo.search(
      ctx,
      'Device',
      [
        ['_count', String(page)],
        ['_offset', String(offset)],
        ['_sort', '_id'],
      ],
      {
        baseUrl: 'urn:hearth:devices',
      },
    );
    const batch = (bundle.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is Device => r?.resourceType === 'Device');
    found.push(...batch);
    if (batch.length < page) return found;
    offset += page;
  }
}
