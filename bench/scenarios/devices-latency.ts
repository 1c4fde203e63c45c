// Reading → alert latency on the clinician WebSocket, under a steady 5,000 readings/s of background load:
// probe patients first send normal vitals (so monitoring knows them), then each in turn sends one batch of
// badly deranged vitals (NEWS2 ≥ 7 on any reading of the chart); the latency is from just before that
// publish to the `alert` message for that patient on /monitoring/ws. The publish→durable time is inside it.
import WebSocket from 'ws';
import { runSimulation } from '../../packages/server/src/devices/simulator.ts';
import {
  mqttPublisher,
  type SimulatedDevice,
} from '../../packages/server/src/devices/simulator-publishers.ts';
import { percentile } from '../lib/load.ts';
import { fmt, type BenchRow } from '../lib/report.ts';

export const LATENCY_LOAD_PER_SECOND = 5000;
const TARGET_P99_MS = 250;
const ALERT_WAIT_MS = 10_000;

export interface AlertLatencyOptions {
  engine: string;
  serverUrl: string;
  mqttUrl: string;
  token: string;
  /** Devices streaming the background load (3 vitals per tick). */
  load: readonly SimulatedDevice[];
  /** Devices whose patients deteriorate one at a time. */
  probes: readonly SimulatedDevice[];
  durationMs: number;
}

function vitals(kind: 'normal' | 'deranged') {
  const time = new Date().toISOString();
  const v =
    kind === 'normal'
      ? { hr: 72, spo2: 97, rr: 15, temp: 36.8, sbp: 124, dbp: 78 }
      : // RCP NEWS2 2017 Chart 1: RR ≥ 25, SpO2 ≤ 91, SBP ≤ 90, pulse ≥ 131 score 3 each; 39.1+ °C scores 2.
        { hr: 138, spo2: 86, rr: 32, temp: 39.6, sbp: 84, dbp: 48 };
  return [
    { type: 'heart-rate' as const, value: v.hr, unit: 'beats/min', time },
    { type: 'oxygen-saturation' as const, value: v.spo2, unit: '%', time },
    { type: 'respiratory-rate' as const, value: v.rr, unit: 'breaths/min', time },
    { type: 'body-temperature' as const, value: v.temp, unit: 'C', time },
    { type: 'blood-pressure' as const, systolic: v.sbp, diastolic: v.dbp, unit: 'mmHg' as const, time },
  ];
}

/** The live feed, authenticated; calls `onAlert(patientId, atMs)` for every alert message. */
async function openFeed(o: AlertLatencyOptions, onAlert: (patientId: string, atMs: number) => void) {
  const ws = new WebSocket(`${o.serverUrl.replace(/^http/, 'ws')}/monitoring/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('close', (code) => {
      reject(new Error(`the monitoring WebSocket closed (${code}) before it was ready`));
    });
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'auth', token: o.token }));
    });
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      const msg = JSON.parse(data.toString()) as { type: string; alert?: { patientId: string } };
      if (msg.type === 'ready') resolve();
      if (msg.type === 'alert' && msg.alert) onAlert(msg.alert.patientId, at);
    });
  });
  return ws;
}

export async function alertLatency(o: AlertLatencyOptions): Promise<BenchRow> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const ws = await openFeed(o, (patientId, at) => {
    const t0 = sentAt.get(patientId);
    if (t0 === undefined) return;
    sentAt.delete(patientId);
    latencies.push(at - t0);
  });
  const probes = mqttPublisher(o.mqttUrl);
  const loadPublisher = mqttPublisher(o.mqttUrl);
  const abort = new AbortController();
  try {
    await Promise.all(o.probes.map((p) => probes.send(p, vitals('normal'))));
    const background = runSimulation({
      devices: o.load,
      publisher: loadPublisher,
      hz: LATENCY_LOAD_PER_SECOND / (o.load.length * 3),
      seed: 'bench-latency',
      deteriorationsPerHour: 0,
      signal: abort.signal,
    });
    const gap = o.durationMs / o.probes.length;
    let failed = 0;
    for (const p of o.probes) {
      await new Promise((resolve) => setTimeout(resolve, gap));
      sentAt.set(p.patientId, performance.now());
      probes.send(p, vitals('deranged')).catch(() => {
        failed++;
        sentAt.delete(p.patientId);
      });
    }
    const deadline = performance.now() + ALERT_WAIT_MS;
    while (sentAt.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    const load = await background;
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const missing = o.probes.length - latencies.length;
    const loadRate = load.ackedReadings / (load.elapsedMs / 1000);
    const notes = [
      `${latencies.length}/${o.probes.length} alerts`,
      `background ${fmt(loadRate)} readings/s acknowledged`,
      ...(failed > 0 ? [`${failed} probe publishes failed`] : []),
    ].join('; ');
    return {
      engine: o.engine,
      name: `devices: reading→alert on WebSocket at ${fmt(LATENCY_LOAD_PER_SECOND)} readings/s, p50 / p99 ms (${notes})`,
      value: latencies.length > 0 ? `${fmt(p50, 1)} / ${fmt(p99, 1)}` : 'no alerts',
      target: `p99 ≤ ${TARGET_P99_MS} ms`,
      met: missing === 0 && latencies.length > 0 && p99 <= TARGET_P99_MS,
    };
  } finally {
    abort.abort();
    await probes.close();
    await loadPublisher.close();
    ws.close();
  }
}
