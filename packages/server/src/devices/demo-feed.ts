// The demo clinic's live monitoring (`npm start` on an empty embedded database, seed/demo-clinic.ts): the
// home devices the synthetic population came with get credentials (so the portal can show them), and a few
// of their patients stream vitals in-process — through the same parsing and store as MQTT and HTTP, so
// monitoring sees ordinary device readings — with one patient deteriorating now and then. Never in tests:
// only the CLI's `start` in demo mode starts it (main.ts).
import type { Device } from '@medplum/fhirtypes';
import type { MonitoredCondition } from '@hearth/synth';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { pairedPatient } from './device-resource.ts';
import { parseReadings, readingIssuesMessage } from './payloads.ts';
import type { DeviceRegistry } from './registry.ts';
import { runSimulation } from './simulator.ts';
import type { Publisher, SimulatedDevice } from './simulator-publishers.ts';
import type { DeviceIdentity, NormalizedReading } from './types.ts';

export interface DemoFeedOptions {
  registry: Pick<DeviceRegistry, 'list' | 'credentials' | 'rotate'>;
  ingest: (identity: DeviceIdentity, readings: readonly NormalizedReading[]) => Promise<unknown>;
  /** Starts once this settles (the demo population is still being seeded at the first start). */
  ready?: Promise<unknown>;
  /** Patients streaming (default 4); the first one deteriorates now and then. */
  patients?: number;
  /** Ticks per second per patient (default 0.2: a reading set every 5 s). */
  hz?: number;
  log: (line: string) => void;
}

export interface DemoFeed {
  stop(): Promise<void>;
}

/** SNOMED CT 337414009 "Blood glucose meter": the synthetic population's diabetes monitoring device. */
const GLUCOSE_METER = '337414009';
/** The first deterioration shows within a couple of minutes of the start; later ones about twice an hour. */
const FIRST_EPISODE_AFTER_MS = 90_000;
const DETERIORATIONS_PER_HOUR = 2;

function conditionsOf(device: Device): MonitoredCondition[] {
  return device.type?.coding?.some((c) => c.code === GLUCOSE_METER) ? ['diabetes'] : ['heart-failure'];
}

/** In-process "transport": the readings go through parseReadings and the store, as a device's would. */
function inProcessPublisher(ingest: DemoFeedOptions['ingest']): Publisher {
  return {
    async send(device, readings) {
      const parsed = parseReadings(readings);
      if (!parsed.ok) throw new Error(readingIssuesMessage(parsed.issues));
      await ingest({ deviceId: device.deviceId, patientId: device.patientId }, parsed.readings);
    },
    close: () => Promise.resolve(),
  };
}

/** One paired, active device for each of the first `n` patients that have one (by device id: stable). */
async function demoDevices(
  registry: DemoFeedOptions['registry'],
  n: number,
): Promise<{ device: SimulatedDevice; conditions: MonitoredCondition[] }[]> {
  const listed = (await registry.list(SYSTEM_CONTEXT))
    .filter((d) => d.device.status === 'active' && pairedPatient(d.device) !== undefined)
    .sort((a, b) => a.device.id!.localeCompare(b.device.id!));
  const chosen = new Map<string, (typeof listed)[number]>();
  for (const d of listed) {
    const patientId = pairedPatient(d.device)!;
    if (!chosen.has(patientId) && chosen.size < n) chosen.set(patientId, d);
  }
  const out = [];
  for (const [patientId, d] of chosen) {
    const deviceId = d.device.id!;
    const credentials =
      d.credentials === 'active'
        ? await registry.credentials(SYSTEM_CONTEXT, deviceId)
        : await registry.rotate(SYSTEM_CONTEXT, deviceId);
    out.push({ device: { deviceId, patientId, credentials }, conditions: conditionsOf(d.device) });
  }
  return out;
}

export function startDemoFeed(opts: DemoFeedOptions): DemoFeed {
  const abort = new AbortController();
  const run = (async () => {
    // Stopping while the population is still seeding must not wait for the seeding to end.
    const stopped = new Promise((resolve) => {
      abort.signal.addEventListener('abort', resolve, { once: true });
    });
    await Promise.race([opts.ready, stopped]);
    if (abort.signal.aborted) return;
    const chosen = await demoDevices(opts.registry, opts.patients ?? 4);
    if (chosen.length === 0) {
      opts.log('Demo monitoring: no paired devices in the demo population; no live feed');
      return;
    }
    const first = chosen[0]!.device;
    opts.log(
      `Demo monitoring: ${chosen.length} patients stream vitals from their devices; Patient/${first.patientId} ` +
        'deteriorates now and then (see /clinician/monitoring)',
    );
    const start = Date.now();
    let failed = 0;
    await runSimulation({
      devices: chosen.map((c) => c.device),
      publisher: inProcessPublisher(opts.ingest),
      hz: opts.hz ?? 0.2,
      seed: 'hearth-demo',
      signal: abort.signal,
      streamOptions: (_device, i) => ({
        conditions: chosen[i]!.conditions,
        deteriorationsPerHour: i === 0 ? DETERIORATIONS_PER_HOUR : 0,
        ...(i === 0
          ? {
              episodes: [
                {
                  kind: chosen[i]!.conditions.includes('diabetes') ? 'hypoglycaemia' : 'sepsis',
                  startMs: start + FIRST_EPISODE_AFTER_MS,
                },
              ],
            }
          : {}),
      }),
      onProgress: (s) => {
        if (s.failedReadings > failed) opts.log(`Demo monitoring: readings refused: ${s.lastError ?? ''}`);
        failed = s.failedReadings;
      },
      onEpisode: (device, episode) => {
        opts.log(`Demo monitoring: Patient/${device.patientId} starts a ${episode.kind} deterioration`);
      },
    });
  })().catch((err: unknown) => {
    opts.log(`Demo monitoring: the live feed stopped: ${(err as Error).message}`);
  });
  return {
    async stop() {
      abort.abort();
      await run;
    },
  };
}
