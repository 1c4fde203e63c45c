// The fault test of issue #6 point 9: a real `hearth start` child streams readings over MQTT (QoS 1) and HTTP,
// is killed with SIGKILL mid-stream and restarted on the same data. Every reading the server acknowledged
// (PUBACK, 202) must be stored exactly once — including the ones a device sends again because their
// acknowledgement was lost in the crash — and monitoring must still raise alerts after the restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DeviceReading } from '@hearth/synth';
import { connectAdmin } from '../cli/admin-connection.ts';
import { loadConfig } from '../config/config.ts';
import { openEngine } from '../db/open-engine.ts';
import { TEST_DATABASE_URL, testEngines } from '../db/test-engines.ts';
import { provisionDevices } from './simulator-provision.ts';
import { httpPublisher, mqttPublisher, type SimulatedDevice } from './simulator-publishers.ts';

const BIN = new URL('../../bin/hearth.js', import.meta.url).pathname;
const CODES = {
  'heart-rate': '8867-4',
  'oxygen-saturation': '59408-5',
  'respiratory-rate': '9279-1',
} as const;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => {
        resolve(port);
      });
    });
  });
}

/** `hearth start` as a user runs it; resolves once it listens. */
function start(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('FHIR base')) resolve(child);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => {
      reject(new Error(`hearth start exited (${code ?? signal}): ${out.slice(-2000)}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });
}

/** Where the child keeps its data: a PGlite data dir, or a fresh PostgreSQL database (dropped after). */
async function storage(engine: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-fault-'));
  if (engine === 'pglite')
    return { env: { HEARTH_DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  const name = `fault_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    env: { HEARTH_DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async drop() {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Three vitals at one instant, normal or deranged (RCP NEWS2 2017 Chart 1: RR ≥ 25, SpO2 ≤ 91, pulse ≥ 131 score 3 each). */
function vitals(timeMs: number, deranged = false): DeviceReading[] {
  const time = new Date(timeMs).toISOString();
  return [
    { type: 'heart-rate', value: deranged ? 140 : 70 + (timeMs % 7), unit: 'beats/min', time },
    { type: 'oxygen-saturation', value: deranged ? 85 : 97, unit: '%', time },
    { type: 'respiratory-rate', value: deranged ? 32 : 15, unit: 'breaths/min', time },
  ];
}

/** The promise, or a failure naming what did not happen within `ms` (a hang would say nothing). */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} did not happen within ${ms / 1000} s`));
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/** A stored reading's identity: device, LOINC code, time in ms (device_samples' primary key). */
function key(device: SimulatedDevice, r: DeviceReading): string {
  return `${device.deviceId}|${CODES[r.type as keyof typeof CODES]}|${Date.parse(r.time)}`;
}

async function systemToken(env: Record<string, string>, base: string): Promise<string> {
  const admin = await connectAdmin(loadConfig(env));
  let client: { client_id: string; client_secret: string };
  try {
    client = await admin.request('POST', '/admin/clients', { name: 'fault-test', scope: 'system/*.*' });
  } finally {
    await admin.close();
  }
  const res = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=system%2F*.*',
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Resolves with the first alert about `patientId` on the monitoring WebSocket. */
async function nextAlert(base: string, token: string, patientId: string, send: () => Promise<void>) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/monitoring/ws`);
  try {
    return await new Promise<{ patientId: string; rule: string }>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', () => {
        ws.send(JSON.stringify({ type: 'auth', token }));
      });
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString()) as {
          type: string;
          alert?: { patientId: string; rule: string };
        };
        if (msg.type === 'ready') send().catch(reject);
        if (msg.type === 'alert' && msg.alert?.patientId === patientId) resolve(msg.alert);
      });
    });
  } finally {
    ws.close();
  }
}

describe.each(testEngines())('a server killed mid-stream on %s', (engineName) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it(
    'keeps every acknowledged reading exactly once and raises alerts after the restart',
    { timeout: 300_000 },
    async () => {
      const store = await storage(engineName);
      cleanup.push(() => store.drop());
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const mqttPort = await freePort();
      const env = {
        ...store.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        HEARTH_BASE_URL: base,
        HEARTH_MQTT_PORT: String(mqttPort),
        HEARTH_DEMO_PATIENTS: '0',
        HEARTH_LOG_LEVEL: 'silent',
      };
      let server = await within(90_000, 'the first start', start(env));
      cleanup.push(async () => {
        server.kill('SIGKILL');
        await exited(server);
      });
      const admin = await connectAdmin(loadConfig(env));
      const { devices } = await provisionDevices(admin, { patients: 2, seed: 'fault' }).finally(() =>
        admin.close(),
      );
      const [overMqtt, overHttp] = devices as [SimulatedDevice, SimulatedDevice];
      const mqtt = mqttPublisher(`mqtt://127.0.0.1:${mqttPort}`);
      const http = httpPublisher(base);
      cleanup.push(() => mqtt.close());

      // Stream from both devices until enough is acknowledged, then kill the server with messages in flight.
      const acked = new Set<string>();
      const pending: Promise<void>[] = [];
      const unacked: { device: SimulatedDevice; readings: DeviceReading[] }[] = [];
      let t = Date.now() - 120_000;
      let killed = false;
      let enough: () => void = () => undefined;
      const enoughAcked = new Promise<void>((resolve) => (enough = resolve));
      const sendFrom = (device: SimulatedDevice, publisher: typeof mqtt) => {
        const readings = [0, 1, 2, 3].flatMap(() => vitals((t += 10)));
        const p = publisher.send(device, readings).then(
          () => {
            for (const r of readings) acked.add(key(device, r));
            if (acked.size >= 600) enough();
          },
          () => {
            if (!killed) throw new Error('a send failed before the crash');
            unacked.push({ device, readings });
          },
        );
        pending.push(p);
        return p;
      };
      const loop = async (device: SimulatedDevice, publisher: typeof mqtt) => {
        while (!killed) await sendFrom(device, publisher);
      };
      const mqttStream = loop(overMqtt, mqtt);
      const httpStream = loop(overHttp, http);
      await within(30_000, '600 readings acknowledged', enoughAcked);
      // Several messages in flight at the moment of the kill: the MQTT device's next ones are already queued.
      for (let i = 0; i < 5; i++) void sendFrom(overMqtt, mqtt);
      killed = true;
      server.kill('SIGKILL');
      await exited(server);
      // The HTTP device sees its request fail; the MQTT device's send stays pending until the broker is back.
      await httpStream;
      const beforeRestart = acked.size;

      server = await within(90_000, 'the restart after SIGKILL', start(env));
      // The MQTT client reconnects and re-sends what was not acknowledged (QoS 1); the HTTP device re-sends its
      // refused batch itself. Either may be a duplicate of a reading committed just before the kill.
      for (const u of unacked.filter((x) => x.device === overHttp)) {
        await http.send(u.device, u.readings);
        for (const r of u.readings) acked.add(key(u.device, r));
      }
      await within(
        30_000,
        'the MQTT client re-sending its unacknowledged messages',
        Promise.all([...pending, mqttStream]),
      );
      expect(acked.size).toBeGreaterThan(beforeRestart);

      // Monitoring resumes: a deterioration after the restart reaches the live feed as an alert.
      const token = await systemToken(env, base);
      const alert = await within(
        30_000,
        'an alert on the WebSocket after the restart',
        nextAlert(base, token, overHttp.patientId, () => http.send(overHttp, vitals(Date.now(), true))),
      );
      expect(alert.patientId).toBe(overHttp.patientId);

      server.kill('SIGTERM');
      await exited(server);
      const engine = await openEngine(loadConfig(env));
      try {
        const rows = await engine.query<{ device_id: string; code: string; t: string }>(
          'SELECT device_id, code, t::text AS t FROM device_samples WHERE device_id = ANY($1)',
          [[overMqtt.deviceId, overHttp.deviceId]],
        );
        const stored = rows.rows.map((r) => `${r.device_id}|${r.code}|${r.t}`);
        expect(new Set(stored).size).toBe(stored.length);
        const missing = [...acked].filter((k) => !stored.includes(k));
        expect(missing).toEqual([]);
        // No Observation made twice from the same reading or minute (their identifiers say which).
        const twice = await engine.query(
          `SELECT content::jsonb -> 'identifier' -> 0 ->> 'value' AS id, count(*) FROM resources
         WHERE resource_type = 'Observation' AND NOT deleted GROUP BY 1 HAVING count(*) > 1`,
        );
        expect(twice.rows).toEqual([]);
      } finally {
        await engine.close();
      }
    },
  );
});
