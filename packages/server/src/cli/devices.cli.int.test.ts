// `hearth devices …` as an administrator runs it on an embedded data dir: with no server running (the
// database opened in-process), then through a running server's admin socket, where the CLI and the
// server share one registry — a revocation stops the device at once, not when a cache expires. The
// registry's rules (who may do what, pairing) are in devices/devices.routes.int.test.ts.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddedDevice, ListedDevice } from '../devices/devices.admin.ts';
import { freePort, hearth, startServer } from './cli.fixtures.ts';

describe('hearth devices', { timeout: 240_000 }, () => {
  let env: Record<string, string>;
  let base: string;
  let server: ChildProcess | undefined;
  let added: AddedDevice;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      HEARTH_DATA_DIR: await mkdtemp(join(tmpdir(), 'hearth-devices-')),
      PORT: String(port),
      HEARTH_BASE_URL: base,
      HEARTH_LOG_LEVEL: 'silent',
      HEARTH_DEMO_PATIENTS: '0',
      HEARTH_MQTT_PORT: 'off',
    };
  });
  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('adds a device and prints the same credentials again, exactly {"username","password"}', async () => {
    const add = await hearth(['devices', 'add', '--kind', 'heart-rate', '--name', 'Ward watch 3'], env);
    expect(add.code, add.stderr).toBe(0);
    added = JSON.parse(add.stdout) as AddedDevice;
    expect(added.username).toBe(added.device_id);
    expect(added.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const creds = await hearth(['devices', 'credentials', added.device_id], env);
    expect(creds.code, creds.stderr).toBe(0);
    expect(creds.stdout).toBe(`${JSON.stringify({ username: added.username, password: added.password })}\n`);
  });

  it('lists devices without their passwords', async () => {
    const list = await hearth(['devices', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      {
        device_id: added.device_id,
        name: 'Ward watch 3',
        kind: 'heart-rate',
        status: 'active',
        credentials: 'active',
      },
    ]);
    expect(list.stdout).not.toContain(added.password);
  });

  it('refuses a wrong kind, an unknown patient and an unknown device with a clear error', async () => {
    const kind = await hearth(['devices', 'add', '--kind', 'toaster'], env);
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain('heart-rate');
    const patient = await hearth(['devices', 'add', '--patient', 'Patient/nobody'], env);
    expect(patient.code).toBe(1);
    expect(patient.stderr).toContain('Patient/nobody');
    const unknown = await hearth(['devices', 'credentials', 'no-such-device'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^hearth: .*no-such-device/);
    expect(JSON.parse((await hearth(['devices', 'list'], env)).stdout)).toHaveLength(1);
  });

  it('through a running server: its credentials sign the device in, and a revocation stops it at once', async () => {
    server = await startServer(env);
    const add = await hearth(['devices', 'add', '--kind', 'body-weight'], env);
    expect(add.code, add.stderr).toBe(0);
    const device = JSON.parse(add.stdout) as AddedDevice;
    const pair = () =>
      fetch(`${base}/devices/${device.device_id}/pair`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${device.username}:${device.password}`).toString('base64')}`,
        },
        body: JSON.stringify({ code: 'ABCD2345' }),
      });
    // Signed in (a wrong code is a 400, not a 401): the server knows the credentials the CLI made.
    expect((await pair()).status).toBe(400);
    const revoke = await hearth(['devices', 'revoke', device.device_id], env);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stderr).toContain('credentials revoked');
    expect((await pair()).status).toBe(401);
    const creds = await hearth(['devices', 'credentials', device.device_id], env);
    expect(creds.code).toBe(1);
    expect(creds.stderr).toContain('revoked');
    const list = JSON.parse((await hearth(['devices', 'list'], env)).stdout) as ListedDevice[];
    expect(list.find((d) => d.device_id === device.device_id)).toMatchObject({
      status: 'inactive',
      credentials: 'revoked',
    });
  });
});
