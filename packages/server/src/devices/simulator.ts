// The device simulator's run loop (`hearth simulate devices`, the benchmark, the demo feed): each simulated
// device follows its patient's VitalStream (@hearth/synth) in real time and sends what is due. A device has
// at most one message in flight; what comes due meanwhile waits in its buffer and goes in the next message
// (store and forward, as wearables do), so a slow server gets bigger batches instead of a growing backlog of
// requests, and the acknowledged rate is what the server sustains.
import { VitalStream, type DeviceReading, type Episode, type VitalStreamOptions } from '@hearth/synth';
import type { Publisher, SimulatedDevice } from './simulator-publishers.ts';

export interface SimulationOptions {
  devices: readonly SimulatedDevice[];
  publisher: Publisher;
  /** Ticks per second per device (heart rate, SpO2 and respiratory rate each tick). */
  hz: number;
  /** The streams' seed: the same seed gives each patient the same physiology. */
  seed: string;
  /** Stop after this long (default: until `signal` aborts). */
  durationMs?: number;
  signal?: AbortSignal;
  /** Chance deteriorations per patient-hour (VitalStream's default when absent). */
  deteriorationsPerHour?: number;
  /** More stream options for one device (its conditions, planned episodes). */
  streamOptions?: (device: SimulatedDevice, index: number) => Partial<VitalStreamOptions>;
  /**
   * At the end, send what devices still buffer (default true: nothing generated is dropped). Benchmarks
   * pass false: they count only what was acknowledged in the window, waiting just for messages in flight.
   */
  drain?: boolean;
  /** Largest message (readings); a fuller buffer is sent over several messages. */
  maxBatch?: number;
  /** Called about once a second, and at the end. */
  onProgress?: (stats: SimulationStats) => void;
  /** Called when a device's patient starts deteriorating. */
  onEpisode?: (device: SimulatedDevice, episode: Episode) => void;
  /** Called after each acknowledged message (benchmarks time readings with it). */
  onAcked?: (device: SimulatedDevice, readings: readonly DeviceReading[], sentAtMs: number) => void;
}

export interface SimulationStats {
  elapsedMs: number;
  /** Readings the server acknowledged as durable. */
  ackedReadings: number;
  ackedMessages: number;
  /** Acknowledged readings per second over the last second (0 before the first). */
  currentRate: number;
  /** Readings due but not yet sent (buffered); at the end without drain, what was never sent. */
  backlog: number;
  failedMessages: number;
  failedReadings: number;
  /** The latest refusal or transport error, one line. */
  lastError?: string;
  episodes: number;
}

const SLOT_MS = 20;
const DEFAULT_MAX_BATCH = 1000;

interface DeviceState {
  device: SimulatedDevice;
  stream: VitalStream;
  buffer: DeviceReading[];
  inFlight: boolean;
  episode: Episode | undefined;
}

export async function runSimulation(opts: SimulationOptions): Promise<SimulationStats> {
  const started = Date.now();
  const maxBatch = opts.maxBatch ?? DEFAULT_MAX_BATCH;
  const tickMs = 1000 / opts.hz;
  const n = opts.devices.length;
  // Spread the devices' ticks over one tick period so they do not all send in the same instant.
  const states: DeviceState[] = opts.devices.map((device, i) => ({
    device,
    stream: new VitalStream({
      seed: `${opts.seed}:${device.patientId}`,
      startMs: started + Math.floor((i / Math.max(n, 1)) * tickMs),
      hz: opts.hz,
      ...(opts.deteriorationsPerHour !== undefined
        ? { deteriorationsPerHour: opts.deteriorationsPerHour }
        : {}),
      ...opts.streamOptions?.(device, i),
    }),
    buffer: [],
    inFlight: false,
    episode: undefined,
  }));
  const stats: SimulationStats = {
    elapsedMs: 0,
    ackedReadings: 0,
    ackedMessages: 0,
    currentRate: 0,
    backlog: 0,
    failedMessages: 0,
    failedReadings: 0,
    episodes: 0,
  };
  const inFlight = new Set<Promise<void>>();

  const send = (s: DeviceState) => {
    const readings = s.buffer.splice(0, maxBatch);
    const sentAt = Date.now();
    s.inFlight = true;
    const p = opts.publisher.send(s.device, readings).then(
      () => {
        stats.ackedReadings += readings.length;
        stats.ackedMessages++;
        opts.onAcked?.(s.device, readings, sentAt);
      },
      (err: unknown) => {
        stats.failedMessages++;
        stats.failedReadings += readings.length;
        stats.lastError = `${s.device.deviceId}: ${(err as Error).message}`;
      },
    );
    const tracked = p.finally(() => {
      s.inFlight = false;
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  };

  const step = (now: number, flush: boolean) => {
    for (const s of states) {
      while (!flush && s.stream.nextTimeMs <= now) s.buffer.push(...s.stream.next().readings);
      const episode = s.stream.episode;
      if (episode && episode !== s.episode) {
        stats.episodes++;
        opts.onEpisode?.(s.device, episode);
      }
      s.episode = episode;
      if (!s.inFlight && s.buffer.length > 0) send(s);
    }
  };

  let lastReport = started;
  let ackedAtLastReport = 0;
  const report = (now: number) => {
    stats.elapsedMs = now - started;
    stats.currentRate = ((stats.ackedReadings - ackedAtLastReport) * 1000) / Math.max(now - lastReport, 1);
    stats.backlog = states.reduce((sum, s) => sum + s.buffer.length, 0);
    lastReport = now;
    ackedAtLastReport = stats.ackedReadings;
    opts.onProgress?.({ ...stats });
  };

  const end = opts.durationMs === undefined ? Number.POSITIVE_INFINITY : started + opts.durationMs;
  while (!opts.signal?.aborted) {
    const now = Date.now();
    if (now >= end) break;
    step(now, false);
    if (now - lastReport >= 1000) report(now);
    await new Promise((resolve) => setTimeout(resolve, SLOT_MS));
  }
  // Send what is buffered (unless told not to), then wait for every answer.
  const drain = opts.drain ?? true;
  while (inFlight.size > 0 || (drain && states.some((s) => s.buffer.length > 0))) {
    if (drain) step(Date.now(), true);
    if (inFlight.size > 0) await Promise.race(inFlight);
  }
  report(Date.now());
  return stats;
}
