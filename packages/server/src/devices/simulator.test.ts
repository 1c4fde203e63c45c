import type { DeviceReading } from '@hearth/synth';
import { describe, expect, it } from 'vitest';
import { runSimulation } from './simulator.ts';
import type { Publisher, SimulatedDevice } from './simulator-publishers.ts';

const devices: SimulatedDevice[] = Array.from({ length: 4 }, (_, i) => ({
  deviceId: `dev-${i}`,
  patientId: `pat-${i}`,
  credentials: { username: `dev-${i}`, password: 'x' },
}));

/** A transport double: records what each device delivered; answers after `delayMs`, refusing when told. */
function recordingPublisher(delayMs: number, refuse?: (device: SimulatedDevice) => boolean) {
  const received = new Map<string, DeviceReading[][]>();
  const publisher: Publisher = {
    send(device, readings) {
      return new Promise((resolve, reject) => {
        setTimeout(() => {
          if (refuse?.(device)) {
            reject(new Error('HTTP 403: the device is not paired'));
            return;
          }
          received.set(device.deviceId, [...(received.get(device.deviceId) ?? []), [...readings]]);
          resolve();
        }, delayMs);
      });
    },
    close: () => Promise.resolve(),
  };
  return { publisher, received };
}

function heartRateTimes(messages: DeviceReading[][]): number[] {
  return messages.flat().flatMap((r) => (r.type === 'heart-rate' ? [Date.parse(r.time)] : []));
}

describe('runSimulation', () => {
  it('delivers every tick of every device once and in order, batching while the server is slow', async () => {
    const { publisher, received } = recordingPublisher(150);
    const stats = await runSimulation({ devices, publisher, hz: 20, seed: 't', durationMs: 800 });
    let total = 0;
    for (const d of devices) {
      const messages = received.get(d.deviceId)!;
      const times = heartRateTimes(messages);
      // 800 ms at 20 Hz is ~16 ticks; a tick every 50 ms, none skipped or repeated.
      expect(times.length).toBeGreaterThanOrEqual(12);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(50);
      // One message in flight per device: the slow answers made later messages carry several ticks.
      expect(Math.max(...messages.map((m) => m.length))).toBeGreaterThan(3);
      total += messages.flat().length;
    }
    expect(stats.ackedReadings).toBe(total);
    expect(stats.ackedMessages).toBe([...received.values()].flat().length);
    expect(stats.failedReadings).toBe(0);
    expect(stats.backlog).toBe(0);
  });

  it('without drain, stops at the deadline and reports what it never sent instead of sending it late', async () => {
    const { publisher, received } = recordingPublisher(400);
    const stats = await runSimulation({
      devices,
      publisher,
      hz: 50,
      seed: 't',
      durationMs: 500,
      drain: false,
    });
    const delivered = [...received.values()].flat(2).length;
    expect(stats.ackedReadings).toBe(delivered);
    expect(stats.backlog).toBeGreaterThan(0);
    // Each device got its first message and at most one more: nothing sent after the deadline.
    for (const messages of received.values()) expect(messages.length).toBeLessThanOrEqual(2);
  });

  it('counts refused readings with the reason instead of losing them silently', async () => {
    const { publisher, received } = recordingPublisher(5, (d) => d.deviceId === 'dev-1');
    const stats = await runSimulation({ devices, publisher, hz: 10, seed: 't', durationMs: 300 });
    expect(received.has('dev-1')).toBe(false);
    expect(stats.failedReadings).toBeGreaterThan(0);
    expect(stats.lastError).toBe('dev-1: HTTP 403: the device is not paired');
    expect(stats.ackedReadings).toBe([...received.values()].flat(2).length);
  });

  it('stops when its signal aborts and reports the episodes that started', async () => {
    const { publisher } = recordingPublisher(1);
    const abort = new AbortController();
    const episodes: string[] = [];
    const stats = await runSimulation({
      devices,
      publisher,
      hz: 10,
      seed: 't',
      signal: abort.signal,
      streamOptions: (_d, i) => (i === 2 ? { episodes: [{ kind: 'sepsis', startMs: 0 }] } : {}),
      onEpisode: (d, e) => episodes.push(`${d.patientId}:${e.kind}`),
      onAcked: (d) => {
        if (d.deviceId === 'dev-2') abort.abort();
      },
    });
    expect(episodes).toEqual(['pat-2:sepsis']);
    expect(stats.episodes).toBe(1);
    expect(stats.ackedMessages).toBeGreaterThan(0);
  });
});
