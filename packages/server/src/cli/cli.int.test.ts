// The CLI as a user runs it (`node packages/server/bin/hearth.js …`), on an embedded data dir, with and
// without a running server on the same data. PostgreSQL needs no admin socket (any number of processes
// may connect); the import path on PostgreSQL is covered in importer/import.int.test.ts.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hearth, startServer } from './cli.fixtures.ts';

const SYNTHEA = '/work/shared/data/synthea';

// Every step spawns Node + tsx and opens PGlite: slow on a loaded machine, hence the generous timeout.
describe('hearth CLI on an embedded data dir', { timeout: 240_000 }, () => {
  let env: Record<string, string>;
  let base: string;
  let server: ChildProcess | undefined;
  let client: { client_id: string; client_secret: string };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      HEARTH_DATA_DIR: await mkdtemp(join(tmpdir(), 'hearth-cli-')),
      PORT: String(port),
      HEARTH_BASE_URL: base,
      HEARTH_LOG_LEVEL: 'silent',
      HEARTH_DEMO_PATIENTS: '0', // these tests count what they import; demo mode is tested in seed/
    };
  });
  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('adds a client with no server running and prints only its credentials as JSON', async () => {
    const run = await hearth(['clients', 'add', '--name', 'cli-test', '--scope', 'system/*.*'], env);
    expect(run.code).toBe(0);
    client = JSON.parse(run.stdout);
    expect(Object.keys(client).sort()).toEqual(['client_id', 'client_secret']);
  });

  it('imports and exports with no server running', async () => {
    const files = ['Organization.000.ndjson', 'Patient.000.ndjson'].map((f) => join(SYNTHEA, f));
    const imported = await hearth(['import', ...files, '--no-progress'], env);
    expect(imported.stderr).toContain('49 created');
    expect(imported.code).toBe(0);
    const exported = await hearth(['export', '--type', 'Patient'], env);
    expect(exported.code).toBe(0);
    expect(
      exported.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { resourceType: string }).resourceType),
    ).toEqual(Array(6).fill('Patient'));
  });

  it('serves the API with bearer tokens while the CLI goes through the admin socket', async () => {
    server = await startServer(env);
    const socket = join(env.HEARTH_DATA_DIR!, 'admin.sock');
    expect(existsSync(socket)).toBe(true);

    const imported = await hearth(['import', join(SYNTHEA, 'Practitioner.000.ndjson'), '--no-progress'], env);
    expect(imported.stderr).toContain('through the running server');
    expect(imported.stderr).toContain('43 created');
    const second = await hearth(['clients', 'add', '--name', 'while-running'], env);
    expect(second.code).toBe(0);

    const tokenRes = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=system%2F*.read',
    });
    expect(tokenRes.status).toBe(200);
    const { access_token: token, scope } = (await tokenRes.json()) as { access_token: string; scope: string };
    expect(scope).toBe('system/*.rs');
    const patient = '129c6ac7-8d06-89de-ad63-0204a93e76c3';
    const read = await fetch(`${base}/fhir/Patient/${patient}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(200);
    expect((await fetch(`${base}/fhir/Patient/${patient}`)).status).toBe(401);
    expect((await fetch(`${base}/fhir/metadata`)).status).toBe(200);

    const again = await hearth(['start'], { ...env, PORT: '0' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already running');
  });

  it('shuts down cleanly on SIGTERM, releasing the socket and the data dir', async () => {
    const exited = new Promise<number | null>((resolve) => server!.on('exit', resolve));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
    server = undefined;
    expect(existsSync(join(env.HEARTH_DATA_DIR!, 'admin.sock'))).toBe(false);
    const list = await hearth(['clients', 'list'], env);
    expect(list.code).toBe(0);
    // `Hearth` is the web app's built-in client, registered by the server's start (auth/first-party.ts).
    expect(JSON.parse(list.stdout).map((c: { name: string }) => c.name)).toEqual([
      'cli-test',
      'Hearth',
      'while-running',
    ]);
    expect(list.stdout).not.toContain(client.client_secret);
  });

  it('recovers from a killed server: its stale socket and lock do not lock the data out', async () => {
    const killed = await startServer(env);
    const exited = new Promise((resolve) => killed.on('exit', resolve));
    killed.kill('SIGKILL');
    await exited;
    expect(existsSync(join(env.HEARTH_DATA_DIR!, 'admin.sock'))).toBe(true);
    const list = await hearth(['clients', 'list'], env);
    expect(list.code).toBe(0);
    server = await startServer(env);
    const viaSocket = await hearth(['import', join(SYNTHEA, 'Patient.000.ndjson'), '--no-progress'], env);
    expect(viaSocket.stderr).toContain('through the running server');
    expect(viaSocket.stderr).toContain('6 unchanged');
  });

  it('verifies the audit log through the running server (audit verify: exit 0 and a summary)', async () => {
    const verified = await hearth(['audit', 'verify', '--no-progress'], env);
    expect(verified.stderr).toMatch(/Audit log intact: \d+ entries verified/);
    expect(verified.code).toBe(0);
  });
});
