// The device registry over HTTP (issue #6 point 1) on the population of access.fixtures.ts: who may
// register a device and see its credentials, rotation, pairing codes (single use, expiry, wrong codes,
// the attempt limit), unpairing, device authentication and the audit trail of each of these.
import type { AuditEvent, Bundle, Device } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, POPULATION } from '../access/access.fixtures.ts';
import { SYSTEM_CONTEXT, type AccessContext } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { DEVICE_WWW_AUTHENTICATE } from './device-auth.ts';
import { deviceRoutes } from './devices.routes.ts';
import { MAX_PAIR_ATTEMPTS, PAIR_ATTEMPT_WINDOW_MINUTES, PAIRING_CODE_MINUTES } from './pairing-codes.ts';
import { createDeviceRegistry, type DeviceRegistry } from './registry.ts';
import type { DeviceCredentials } from './types.ts';

const MINUTE = 60_000;

/** Portal tokens as the first-party app grants them (auth/first-party.ts): patients `patient/*.crus`. */
const tokens: Record<string, AccessContext> = {
  alice: { ...TOKENS.alice!, scopes: ['patient/*.crus'] },
  bob: {
    actor: 'Patient/bob',
    scopes: ['patient/*.crus'],
    user: { id: 'u-bob', role: 'patient', fhirUser: 'Patient/bob' },
    patient: 'bob',
  },
  // A read-only app of alice's: may see her devices, not register or unpair any.
  'alice-reader': { ...TOKENS.alice!, scopes: ['patient/*.rs'] },
  'dr-a': TOKENS['dr-a']!,
  admin: { actor: 'user/u-admin', scopes: ['user/*.cruds'], user: { id: 'u-admin', role: 'admin' } },
};

interface Registered {
  device: Device;
  credentials: DeviceCredentials;
}

const basic = (c: DeviceCredentials) =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

describe.each(testEngines())('device registry over HTTP on %s', (_name, open) => {
  let s: TestServer;
  let registry: DeviceRegistry;
  let now = new Date('2026-11-23T08:00:00Z');
  const revoked: string[] = [];

  const call = (
    token: string,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    s.app.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  const register = async (token: string, body: unknown = {}): Promise<Registered> => {
    const res = await call(token, 'POST', '/devices', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Registered>();
  };
  const deviceCount = async () =>
    (await s.fhir({ method: 'GET', url: '/fhir/Device?_summary=count' })).json<Bundle>().total;
  const pairingCode = async (token: string, body: unknown = {}) => {
    const res = await call(token, 'POST', '/devices/pairing-codes', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ code: string; expiresAt: string }>();
  };
  const pair = (c: DeviceCredentials, code: string, deviceId = c.username) =>
    call('', 'POST', `/devices/${deviceId}/pair`, { code }, { authorization: basic(c) });

  beforeAll(async () => {
    s = await openTestServer(
      open,
      {},
      {
        tokens,
        audit: true,
        routes: async (app, deps) => {
          registry = createDeviceRegistry({
            engine: deps.engine,
            repo: deps.repo,
            config: { dataDir: '/nonexistent', secretKey: Buffer.alloc(32, 7) },
            clock: () => now,
          });
          registry.onRevoked((id) => revoked.push(id));
          await app.register(deviceRoutes, {
            registry,
            db: deps.engine,
            authenticate: deps.authenticate,
            clock: () => now,
          });
        },
      },
    );
    await s.repo.putMany(SYSTEM_CONTEXT, POPULATION);
  });
  afterAll(async () => {
    await s.close();
  });

  describe('registration', () => {
    it('lets a patient register their own device, paired to them, with credentials that sign it in', async () => {
      const { device, credentials } = await register('alice', { kind: 'blood-pressure', name: 'Cuff' });
      expect(device.patient?.reference).toBe('Patient/alice');
      expect(device.status).toBe('active');
      expect(device.deviceName?.[0]?.name).toBe('Cuff');
      expect(device.type?.coding?.map((c) => c.code)).toEqual(['70665002', 'blood-pressure']);
      expect(credentials.username).toBe(device.id);
      expect(credentials.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await registry.authenticate(credentials.username, credentials.password)).toEqual({
        deviceId: device.id,
        patientId: 'alice',
      });
      const listed = await call('alice', 'GET', '/fhir/Device?patient=Patient/alice');
      expect(listed.json<Bundle>().entry?.map((e) => e.resource?.id)).toContain(device.id);
    });

    it('lets a practitioner register a device for a patient of their panel', async () => {
      const { device } = await register('dr-a', { patient: 'Patient/carol', kind: 'oxygen-saturation' });
      expect(device.patient?.reference).toBe('Patient/carol');
      // A paired Device is in its patient's compartment: their care team sees it, other patients do not.
      const ids = async (token: string) =>
        ((await call(token, 'GET', '/fhir/Device?patient=Patient/carol')).json<Bundle>().entry ?? []).map(
          (e) => e.resource?.id,
        );
      expect(await ids('dr-a')).toContain(device.id);
      expect(await ids('bob')).toEqual([]);
    });

    it('refuses a device for a patient the caller may not write, and writes nothing', async () => {
      const before = await deviceCount();
      for (const [token, patient] of [
        ['alice', 'bob'],
        ['dr-a', 'bob'],
        ['bob', 'alice'],
      ] as const) {
        const res = await call(token, 'POST', '/devices', { patient });
        expect([403, 404], `${token} for ${patient}`).toContain(res.statusCode);
        expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
      }
      expect((await call('alice-reader', 'POST', '/devices', {})).statusCode).toBe(403);
      // Unpaired devices are for callers not restricted to some patients.
      expect((await call('dr-a', 'POST', '/devices', {})).statusCode).toBe(403);
      expect(await deviceCount()).toBe(before);
    });

    it('lets an administrator register an unpaired device', async () => {
      const { device } = await register('admin', { kind: 'heart-rate' });
      expect(device.patient).toBeUndefined();
      expect(await registry.authenticate(device.id!, 'not the password')).toBeUndefined();
    });

    it('refuses bad input with a 400 OperationOutcome and no Device', async () => {
      const before = await deviceCount();
      for (const body of [
        { kind: 'toaster' },
        { name: '' },
        { patient: 'Patient/../x' },
        { unknown: 1 },
        { kind: 7 },
      ]) {
        const res = await call('alice', 'POST', '/devices', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
      }
      const notJson = await call('alice', 'POST', '/devices', undefined, {
        'content-type': 'application/json',
      });
      expect(notJson.statusCode).toBe(400);
      expect((await call('', 'POST', '/devices', {})).statusCode).toBe(401);
      expect(await deviceCount()).toBe(before);
    });
  });

  describe('credentials', () => {
    it('shows the same credentials again, only to who may write the device, never cached', async () => {
      const { device, credentials } = await register('alice');
      const again = await call('alice', 'GET', `/devices/${device.id}/credentials`);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(credentials);
      expect(again.headers['cache-control']).toBe('no-store');
      expect((await call('dr-a', 'GET', `/devices/${device.id}/credentials`)).json()).toEqual(credentials);
      expect([403, 404]).toContain(
        (await call('bob', 'GET', `/devices/${device.id}/credentials`)).statusCode,
      );
      expect((await call('alice-reader', 'GET', `/devices/${device.id}/credentials`)).statusCode).toBe(403);
      expect((await call('alice', 'GET', '/devices/no-such/credentials')).statusCode).toBe(404);
      expect((await call('alice', 'GET', '/devices/bad%20id/credentials')).statusCode).toBe(400);
    });

    it('rotates: the new credentials sign in at once and the old ones no longer do', async () => {
      const { device, credentials: old } = await register('alice');
      expect(await registry.authenticate(old.username, old.password)).toBeDefined(); // now cached
      const res = await call('alice', 'POST', `/devices/${device.id}/credentials/rotate`);
      expect(res.statusCode).toBe(200);
      const fresh = res.json<DeviceCredentials>();
      expect(fresh.username).toBe(device.id);
      expect(fresh.password).not.toBe(old.password);
      expect(await registry.authenticate(old.username, old.password)).toBeUndefined();
      expect(await registry.authenticate(fresh.username, fresh.password)).toEqual({
        deviceId: device.id,
        patientId: 'alice',
      });
      expect((await call('alice', 'GET', `/devices/${device.id}/credentials`)).json()).toEqual(fresh);
      expect(revoked).toContain(device.id);
      expect([403, 404]).toContain(
        (await call('bob', 'POST', `/devices/${device.id}/credentials/rotate`)).statusCode,
      );
      expect(await registry.authenticate(fresh.username, fresh.password)).toBeDefined();
    });
  });

  describe('pairing', () => {
    it('pairs an unpaired device to the patient whose code it sends, once', async () => {
      const { device, credentials } = await register('admin', { kind: 'body-weight' });
      const { code, expiresAt } = await pairingCode('alice');
      expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      expect(new Date(expiresAt).getTime()).toBe(now.getTime() + PAIRING_CODE_MINUTES * MINUTE);
      // Typed as a person would: lower case, with a hyphen.
      const typed = `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
      const res = await pair(credentials, typed);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Device>().patient?.reference).toBe('Patient/alice');
      expect(await registry.authenticate(credentials.username, credentials.password)).toEqual({
        deviceId: device.id,
        patientId: 'alice',
      });
      expect(revoked).toContain(device.id);
      const other = await register('admin');
      const reused = await pair(other.credentials, code);
      expect(reused.statusCode).toBe(400);
      expect(reused.body).toContain('already used');
      expect(
        (await registry.authenticate(other.credentials.username, other.credentials.password))?.patientId,
      ).toBeUndefined();
    });

    it('gives a code to one device only when two send it at the same time', async () => {
      const a = await register('admin');
      const b = await register('admin');
      const { code } = await pairingCode('alice');
      const answers = await Promise.all([pair(a.credentials, code), pair(b.credentials, code)]);
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 400]);
      const paired = await Promise.all(
        [a, b].map(
          async ({ credentials: c }) => (await registry.authenticate(c.username, c.password))?.patientId,
        ),
      );
      expect(paired.filter((p) => p === 'alice')).toHaveLength(1);
    });

    it('lets a practitioner create a code for a patient of their panel, nobody for someone else', async () => {
      const { credentials } = await register('admin');
      const { code } = await pairingCode('dr-a', { patient: 'carol' });
      expect((await pair(credentials, code)).json<Device>().patient?.reference).toBe('Patient/carol');
      expect([403, 404]).toContain(
        (await call('alice', 'POST', '/devices/pairing-codes', { patient: 'bob' })).statusCode,
      );
      expect([403, 404]).toContain(
        (await call('dr-a', 'POST', '/devices/pairing-codes', { patient: 'bob' })).statusCode,
      );
      expect((await call('alice-reader', 'POST', '/devices/pairing-codes', {})).statusCode).toBe(403);
      expect((await call('admin', 'POST', '/devices/pairing-codes', {})).statusCode).toBe(400);
      expect((await call('alice', 'POST', '/devices/pairing-codes', { patient: 7 })).statusCode).toBe(400);
    });

    it('refuses an expired, unknown or malformed code with 400, leaving the device unpaired', async () => {
      const { credentials } = await register('admin');
      const { code } = await pairingCode('alice');
      now = new Date(now.getTime() + PAIRING_CODE_MINUTES * MINUTE);
      const expired = await pair(credentials, code);
      expect(expired.statusCode).toBe(400);
      expect(expired.body).toContain('expired');
      const unknown = await pair(credentials, 'ABCD2345');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain('not known');
      for (const bad of ['short', 'IIIIOOOO', '']) {
        expect((await pair(credentials, bad)).statusCode, bad).toBe(400);
      }
      expect(
        (
          await call(
            '',
            'POST',
            `/devices/${credentials.username}/pair`,
            {},
            { authorization: basic(credentials) },
          )
        ).statusCode,
      ).toBe(400);
      expect(
        (await registry.authenticate(credentials.username, credentials.password))?.patientId,
      ).toBeUndefined();
      now = new Date(now.getTime() + PAIR_ATTEMPT_WINDOW_MINUTES * MINUTE); // a fresh attempt window
    });

    it(`stops a device after ${MAX_PAIR_ATTEMPTS} attempts in a window, even with the right code`, async () => {
      const { credentials } = await register('admin');
      const { code } = await pairingCode('alice');
      for (let i = 0; i < MAX_PAIR_ATTEMPTS; i++) {
        expect((await pair(credentials, `WRNG${String(2345 + i)}`.slice(0, 8))).statusCode).toBe(400);
      }
      const blocked = await pair(credentials, code);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.body).toContain('Too many pairing attempts');
      // Another device is not held back by this one's guesses.
      const other = await register('admin');
      expect((await pair(other.credentials, (await pairingCode('alice')).code)).statusCode).toBe(200);
      now = new Date(now.getTime() + PAIR_ATTEMPT_WINDOW_MINUTES * MINUTE);
      const { code: fresh } = await pairingCode('alice');
      expect((await pair(credentials, fresh)).statusCode).toBe(200);
    });

    it('answers 401 with a Basic challenge without valid device credentials, 403 for another device', async () => {
      const a = await register('admin');
      const b = await register('admin');
      const { code } = await pairingCode('alice');
      const none = await call('', 'POST', `/devices/${a.device.id}/pair`, { code });
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toBe(DEVICE_WWW_AUTHENTICATE);
      const bearer = await call('alice', 'POST', `/devices/${a.device.id}/pair`, { code });
      expect(bearer.statusCode).toBe(401);
      const wrong = await pair({ ...a.credentials, password: b.credentials.password }, code);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.headers['www-authenticate']).toBe(DEVICE_WWW_AUTHENTICATE);
      expect((await pair(b.credentials, code, a.device.id)).statusCode).toBe(403);
      // The code was not spent by any of these.
      expect((await pair(a.credentials, code)).statusCode).toBe(200);
    });

    it('refuses to move a device paired to one patient to another (409): unpair first', async () => {
      const { credentials } = await register('alice');
      const { code } = await pairingCode('dr-a', { patient: 'carol' });
      const res = await pair(credentials, code);
      expect(res.statusCode).toBe(409);
      expect((await registry.authenticate(credentials.username, credentials.password))?.patientId).toBe(
        'alice',
      );
    });
  });

  describe('unpairing', () => {
    it('clears the patient, marks the device inactive and revokes its credentials', async () => {
      const { device, credentials } = await register('alice');
      expect(await registry.authenticate(credentials.username, credentials.password)).toBeDefined();
      revoked.length = 0;
      expect([403, 404]).toContain((await call('bob', 'POST', `/devices/${device.id}/unpair`)).statusCode);
      expect((await call('alice-reader', 'POST', `/devices/${device.id}/unpair`)).statusCode).toBe(403);
      expect(await registry.authenticate(credentials.username, credentials.password)).toBeDefined();
      const res = await call('alice', 'POST', `/devices/${device.id}/unpair`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Device>().patient).toBeUndefined();
      expect(res.json<Device>().status).toBe('inactive');
      expect(await registry.authenticate(credentials.username, credentials.password)).toBeUndefined();
      expect(revoked).toEqual([device.id]);
      const stored = (await s.repo.read(SYSTEM_CONTEXT, 'Device', device.id!)) as Device;
      expect(stored.patient).toBeUndefined();
      // Its credentials are gone until an administrator issues new ones; then it may pair again.
      expect((await call('admin', 'GET', `/devices/${device.id}/credentials`)).statusCode).toBe(409);
      const fresh = (
        await call('admin', 'POST', `/devices/${device.id}/credentials/rotate`)
      ).json<DeviceCredentials>();
      expect(await registry.authenticate(fresh.username, fresh.password)).toEqual({
        deviceId: device.id,
        patientId: undefined,
      });
      expect((await pair(fresh, (await pairingCode('alice')).code)).statusCode).toBe(200);
    });
  });

  describe('audit', () => {
    it('records who registered, paired, unpaired, showed or rotated credentials and created codes', async () => {
      const { device, credentials } = await register('admin');
      const shown = await call('admin', 'GET', `/devices/${device.id}/credentials`);
      expect(shown.statusCode).toBe(200);
      await call('admin', 'POST', `/devices/${device.id}/credentials/rotate`);
      const fresh = (
        await call('admin', 'GET', `/devices/${device.id}/credentials`)
      ).json<DeviceCredentials>();
      expect((await pair(fresh, 'ABCD2345')).statusCode).toBe(400);
      const { code } = await pairingCode('alice');
      expect((await pair(fresh, code)).statusCode).toBe(200);
      expect((await call('alice', 'POST', `/devices/${device.id}/unpair`)).statusCode).toBe(200);
      expect(credentials.password).not.toBe(fresh.password);
      await s.audit!.flush();
      const all = await s.fhir({ method: 'GET', url: '/fhir/AuditEvent?_count=1000' });
      const events = (all.json<Bundle>().entry ?? []).map((e) => e.resource as AuditEvent);
      const about = events.filter((e) =>
        e.entity?.some((x) => x.what?.reference?.startsWith(`Device/${device.id}`)),
      );
      const who = (e: AuditEvent) =>
        e.agent.map((a) => a.who?.reference ?? a.who?.display ?? a.who?.identifier?.value).join(',');
      const trail = about.map((e) => `${e.subtype?.[0]?.code} ${e.outcomeDesc} by ${who(e)}`);
      const dev = `Device/${device.id}`;
      expect(trail).toEqual([
        'create 201 by u-admin,user/u-admin',
        'operation 200 device credentials shown by u-admin,user/u-admin',
        'operation 200 device credentials rotated by u-admin,user/u-admin',
        'operation 200 device credentials shown by u-admin,user/u-admin',
        `operation 400 unknown pairing code by ${dev}`,
        `update 200 by ${dev}`, // the pairing, by the device itself
        'update 200 by Patient/alice,portal', // alice unpaired it…
        'update 200 by system', // …and the registry took it out of her record
      ]);
      const codes = events.filter(
        (e) => e.outcomeDesc === '200 device pairing code created' && who(e).includes('Patient/alice'),
      );
      expect(codes.length).toBeGreaterThan(0);
      // No secret reaches the log.
      expect(JSON.stringify(events)).not.toContain(fresh.password);
      expect(JSON.stringify(events)).not.toContain(code);
    });
  });
});
