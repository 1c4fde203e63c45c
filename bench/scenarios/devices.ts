// Device ingestion (#6 point 8) against `hearth start` in a child process: sustained readings/s from publish
// to durable (MQTT PUBACK after the store committed; HTTP 202 likewise) with the simulator's devices, the raw
// batched-INSERT baseline into a device_samples-shaped table in the same run, and the reading→alert latency
// on the clinician WebSocket at 5,000 readings/s (devices-latency.ts).
import { createServer } from 'node:net';
import { connectAdmin } from '../../packages/server/src/cli/admin-connection.ts';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { runSimulation, type SimulationStats } from '../../packages/server/src/devices/simulator.ts';
import { provisionDevices } from '../../packages/server/src/devices/simulator-provision.ts';
import {
  httpPublisher,
  mqttPublisher,
  type Publisher,
  type SimulatedDevice,
} from '../../packages/server/src/devices/simulator-publishers.ts';
import { openServices } from '../../packages/server/src/main.ts';
import { startHearth, storageEnv, type Storage } from '../lib/child-server.ts';
import { issueToken } from '../lib/fhir-client.ts';
import { rawSampleInsertRate } from '../lib/raw-samples.ts';
import { fmt, type BenchRow } from '../lib/report.ts';
import { freshStorage, type EngineName } from '../lib/storage.ts';
import { alertLatency, LATENCY_LOAD_PER_SECOND } from './devices-latency.ts';

export interface DevicesBenchOptions {
  engine: EngineName;
  quick: boolean;
  cpuProfileDir?: string;
}

/** Devices streaming in the throughput runs, and the tick rate that offers ~1.5× the 20,000/s target. */
const DEVICES = 200;
const HZ = 50;
const TARGET = 20_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => {
        resolve(port);
      });
    });
  });
}

async function baseline(storage: Storage, durationMs: number): Promise<number> {
  // Before the server starts: an embedded data dir admits one process at a time.
  const services = await openServices(loadConfig(storageEnv(storage)));
  try {
    return await rawSampleInsertRate(services.engine, durationMs);
  } finally {
    await services.close();
  }
}

async function provision(storage: Storage, patients: number): Promise<SimulatedDevice[]> {
  const admin = await connectAdmin(loadConfig({ ...storageEnv(storage), HEARTH_MQTT_PORT: 'off' }));
  try {
    return (await provisionDevices(admin, { patients, seed: 'bench' })).devices;
  } finally {
    await admin.close();
  }
}

function log(engine: string, line: string): void {
  process.stderr.write(`[${engine}] devices: ${line}\n`);
}

async function stream(
  devices: readonly SimulatedDevice[],
  publisher: Publisher,
  opts: { hz: number; durationMs: number; engine: string; label: string },
): Promise<SimulationStats> {
  return runSimulation({
    devices,
    publisher,
    hz: opts.hz,
    seed: 'bench',
    durationMs: opts.durationMs,
    deteriorationsPerHour: 0,
    drain: false,
    onProgress: (s) => {
      if (Math.round(s.elapsedMs / 1000) % 10 === 0)
        log(
          opts.engine,
          `${opts.label} ${Math.round(s.elapsedMs / 1000)} s: ${fmt(s.currentRate)} readings/s`,
        );
    },
  });
}

function throughputRow(
  engine: EngineName,
  transport: string,
  s: SimulationStats,
  baselineRate: number,
  seconds: number,
): BenchRow {
  const rate = s.ackedReadings / (s.elapsedMs / 1000);
  const failed = s.failedReadings > 0 ? `; ${s.failedReadings} failed: ${s.lastError?.slice(0, 120)}` : '';
  return {
    engine,
    name: `devices: ${transport} publish→durable, readings/s (${DEVICES} devices × ${HZ} Hz × 3 vitals offered, ${seconds} s${failed})`,
    value: fmt(rate),
    baseline: `${fmt(baselineRate)} (raw batched INSERT)`,
    ratio: (rate / baselineRate).toFixed(2),
    ...(engine === 'postgres'
      ? { target: `≥ ${fmt(TARGET)}`, met: s.failedReadings === 0 && rate >= TARGET }
      : {}),
  };
}

export async function benchDevices(o: DevicesBenchOptions): Promise<BenchRow[]> {
  const seconds = o.quick ? 10 : 60;
  const storage = await freshStorage(o.engine);
  try {
    log(o.engine, 'raw batched-INSERT baseline');
    const base = await baseline(storage, o.quick ? 3000 : 10_000);
    const mqttPort = await freePort();
    const server = await startHearth(storage, o.cpuProfileDir, {
      HEARTH_MQTT_PORT: String(mqttPort),
      HEARTH_DEMO_PATIENTS: '0',
    });
    try {
      const devices = await provision(storage, DEVICES + 100);
      const load = devices.slice(0, DEVICES);
      const rows: BenchRow[] = [];
      const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
      for (const [transport, publisher] of [
        ['MQTT QoS 1', mqttPublisher(mqttUrl)],
        ['HTTP', httpPublisher(server.url)],
      ] as const) {
        try {
          log(o.engine, `${transport}: warm-up`);
          await stream(load, publisher, { hz: 5, durationMs: 3000, engine: o.engine, label: transport });
          log(o.engine, `${transport}: ${seconds} s at ${fmt(DEVICES * HZ * 3)} readings/s offered`);
          const s = await stream(load, publisher, {
            hz: HZ,
            durationMs: seconds * 1000,
            engine: o.engine,
            label: transport,
          });
          rows.push(throughputRow(o.engine, transport, s, base, seconds));
        } finally {
          await publisher.close();
        }
      }
      log(o.engine, `alert latency at ${fmt(LATENCY_LOAD_PER_SECOND)} readings/s`);
      const token = await issueToken(storage, server.url);
      rows.push(
        await alertLatency({
          engine: o.engine,
          serverUrl: server.url,
          mqttUrl,
          token,
          load: devices.slice(0, 100),
          probes: devices.slice(DEVICES, DEVICES + (o.quick ? 30 : 100)),
          durationMs: o.quick ? 10_000 : 30_000,
        }),
      );
      return rows;
    } finally {
      await server.stop();
    }
  } finally {
    await storage.drop();
  }
}
