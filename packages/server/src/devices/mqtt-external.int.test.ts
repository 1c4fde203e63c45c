// Ingestion through the machine's Mosquitto (MQTT_URL; issue #6 acceptance: "tested end to end over MQTT
// against the machine's Mosquitto"), on both engines. Devices publish to Mosquitto, Hearth's persistent
// subscription stores what they send; readings published while Hearth is down arrive after it restarts.
// .ci/run starts Mosquitto on 127.0.0.1:1883; elsewhere an unreachable broker skips this file, saying so.
import { randomUUID } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { errorsTopic, readingsTopic } from './readings-intake.ts';
import {
  addDevice,
  heartRate,
  openDeviceStack,
  sampleCount,
  type DeviceStack,
} from './transports.fixtures.ts';

const MOSQUITTO = process.env.HEARTH_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: hostname, port: Number(port || 1883), timeout: 2000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
    socket.once('timeout', () => {
      done(false);
    });
  });
}

const mosquittoUp = await reachable(MOSQUITTO);
if (!mosquittoUp) {
  if (process.env.CI) throw new Error(`Mosquitto is not reachable at ${MOSQUITTO}; CI needs it (.ci/run).`);
  console.warn(`No MQTT broker at ${MOSQUITTO}: the external-broker ingestion tests are skipped.`);
}

/** Polls until `check` holds (the broker delivers asynchronously), failing after the deadline. */
async function eventually(check: () => Promise<boolean>, what: string, deadlineMs = 15_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe.skipIf(!mosquittoUp).each(testEngines())(
  'ingestion through Mosquitto (MQTT_URL) on %s',
  (_name, open) => {
    // A session of its own, so parallel runs and a real Hearth on this broker do not share it.
    const clientId = `hearth-test-${randomUUID().slice(0, 8)}`;
    let stack: DeviceStack;
    let publisher: MqttClient;
    beforeAll(async () => {
      stack = await openDeviceStack(open, { config: { mqttUrl: MOSQUITTO }, mqttClientId: clientId });
      publisher = await mqtt.connectAsync(MOSQUITTO, { clean: true, reconnectPeriod: 0 });
    });
    afterEach(() => {
      publisher.removeAllListeners('message');
    });
    afterAll(async () => {
      await publisher.endAsync(true);
      await stack.close();
      // Leave no persistent session behind at the broker: a clean connection with its id ends it.
      const eraser = await mqtt.connectAsync(MOSQUITTO, { clientId, clean: true, reconnectPeriod: 0 });
      await eraser.endAsync();
    });

    /** Once subscribed: the first message on the device's errors topic whose `error` matches (other subscribers may speak too). */
    async function refusal(
      deviceId: string,
      error: RegExp,
    ): Promise<{ next: Promise<{ error: string; issues: unknown[] }> }> {
      await publisher.subscribeAsync(errorsTopic(deviceId), { qos: 1 });
      const next = new Promise<{ error: string; issues: unknown[] }>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`No message matching ${error} on ${errorsTopic(deviceId)} within 15 s`));
        }, 15_000);
        publisher.on('message', (topic, payload) => {
          if (topic !== errorsTopic(deviceId)) return;
          const message = JSON.parse(payload.toString()) as { error?: unknown; issues: unknown[] };
          if (typeof message.error !== 'string' || !error.test(message.error)) return;
          clearTimeout(timer);
          resolve({ error: message.error, issues: message.issues });
        });
      });
      return { next };
    }

    it('reports the broker it ingests from', () => {
      expect(stack.devices.mqttUrl).toBe(MOSQUITTO);
    });

    it('stores readings a device publishes to the broker', async () => {
      const device = await addDevice(stack);
      const batch = [heartRate(70, 120_000), heartRate(74, 60_000)];
      await publisher.publishAsync(readingsTopic(device.deviceId), JSON.stringify(batch), { qos: 1 });
      await eventually(async () => (await sampleCount(stack.engine, device.deviceId)) === 2, 'two samples');
    });

    it('answers a bad payload on the errors topic and stores nothing', async () => {
      const device = await addDevice(stack);
      const answer = await refusal(device.deviceId, /refused and nothing of it was stored/);
      const payload = JSON.stringify([heartRate(70), { ...heartRate(71), value: -5 }]);
      await publisher.publishAsync(readingsTopic(device.deviceId), payload, { qos: 1 });
      expect(JSON.stringify((await answer.next).issues)).toMatch(/\[1\]\.value/);
      expect(await sampleCount(stack.engine, device.deviceId)).toBe(0);
    });

    it('answers readings for an unknown or unpaired device on its errors topic', async () => {
      const unknown = `no-such-device-${randomUUID().slice(0, 8)}`;
      const unknownAnswer = await refusal(unknown, /No active device/);
      await publisher.publishAsync(readingsTopic(unknown), JSON.stringify(heartRate(70)), { qos: 1 });
      await unknownAnswer.next;

      const unpaired = await addDevice(stack, false);
      const unpairedAnswer = await refusal(unpaired.deviceId, /not paired/);
      await publisher.publishAsync(readingsTopic(unpaired.deviceId), JSON.stringify(heartRate(70)), {
        qos: 1,
      });
      await unpairedAnswer.next;
      expect(await sampleCount(stack.engine, unpaired.deviceId)).toBe(0);
    });

    it('stores, after a restart, the readings published while Hearth was down (persistent session)', async () => {
      const device = await addDevice(stack);
      await stack.stop();
      await publisher.publishAsync(readingsTopic(device.deviceId), JSON.stringify(heartRate(66)), { qos: 1 });
      expect(await sampleCount(stack.engine, device.deviceId)).toBe(0);
      stack = await openDeviceStack(open, {
        engine: stack.engine,
        config: { mqttUrl: MOSQUITTO },
        mqttClientId: clientId,
      });
      await eventually(
        async () => (await sampleCount(stack.engine, device.deviceId)) === 1,
        'the queued reading',
      );
    });
  },
);
