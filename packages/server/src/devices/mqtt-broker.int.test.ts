// The embedded MQTT broker end to end (issue #6 point 2): real devices (registry credentials) publishing
// through mqtt.js to aedes on a free port, the real parser and store, on both engines. The PUBACK is the
// promise of durability: when a QoS 1 publish resolves, the rows are already there.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { errorsTopic, readingsTopic } from './readings-intake.ts';
import {
  addDevice,
  heartRate,
  openDeviceStack,
  sampleCount,
  unpairDevice,
  type DeviceStack,
} from './transports.fixtures.ts';
import type { DeviceCredentials } from './types.ts';

describe.each(testEngines())('the embedded MQTT broker on %s', (_name, open) => {
  let stack: DeviceStack;
  let url: string;
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    stack = await openDeviceStack(open, { config: { mqttPort: 0, host: '127.0.0.1' } });
    url = stack.devices.mqttUrl!;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  });
  afterAll(() => stack.close());

  async function connect(credentials: DeviceCredentials): Promise<MqttClient> {
    const client = await mqtt.connectAsync(url, { ...credentials, reconnectPeriod: 0, clean: true });
    clients.push(client);
    return client;
  }

  function closeOf(client: MqttClient): Promise<void> {
    return new Promise((resolve) =>
      client.once('close', () => {
        resolve();
      }),
    );
  }

  /** The next message on a topic the client subscribed to, as JSON. */
  function nextMessage(client: MqttClient, topic: string): Promise<{ error: string; issues: unknown[] }> {
    return new Promise((resolve) => {
      const onMessage = (t: string, payload: Buffer) => {
        if (t !== topic) return;
        client.off('message', onMessage);
        resolve(JSON.parse(payload.toString()) as { error: string; issues: unknown[] });
      };
      client.on('message', onMessage);
    });
  }

  it('listens on the port the configuration asked for (0: a free one) and says where', () => {
    expect(url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toBe('mqtt://127.0.0.1:0');
  });

  it('acknowledges a QoS 1 reading only once it is stored', async () => {
    const device = await addDevice(stack);
    const client = await connect(device.credentials);
    const batch = [heartRate(70, 120_000), heartRate(72, 60_000)];
    await client.publishAsync(readingsTopic(device.deviceId), JSON.stringify(batch), { qos: 1 });
    // No waiting: the PUBACK came after the commit.
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(2);
    await client.publishAsync(readingsTopic(device.deviceId), JSON.stringify(heartRate(75, 30_000)), {
      qos: 1,
    });
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(3);
  });

  it('refuses a connection with wrong or no credentials', async () => {
    const device = await addDevice(stack);
    const wrong = mqtt.connectAsync(url, {
      username: device.deviceId,
      password: 'not-the-password',
      reconnectPeriod: 0,
    });
    await expect(wrong).rejects.toThrow(/Bad username or password/);
    await expect(mqtt.connectAsync(url, { reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password/);
  });

  it("closes the connection of a device publishing to another device's topic, storing nothing", async () => {
    const mine = await addDevice(stack);
    const other = await addDevice(stack);
    const client = await connect(mine.credentials);
    const closed = closeOf(client);
    client.publish(readingsTopic(other.deviceId), JSON.stringify(heartRate(70)), { qos: 1 });
    await closed;
    expect(await sampleCount(stack.engine, other.deviceId)).toBe(0);
    expect(await sampleCount(stack.engine, mine.deviceId)).toBe(0);
  });

  it('answers a bad payload on the errors topic with its reasons, acknowledges it and stores nothing', async () => {
    const device = await addDevice(stack);
    const client = await connect(device.credentials);
    await client.subscribeAsync(errorsTopic(device.deviceId), { qos: 1 });
    const cases: [string, RegExp][] = [
      [JSON.stringify([heartRate(70), { ...heartRate(71), unit: 'kg' }]), /\[1\]\.unit/],
      ['{"type": "heart-rate",', /not valid JSON/],
      [JSON.stringify({ type: 'mood', value: 3 }), /type/],
    ];
    for (const [payload, reason] of cases) {
      const message = nextMessage(client, errorsTopic(device.deviceId));
      await client.publishAsync(readingsTopic(device.deviceId), payload, { qos: 1 });
      const refusal = await message;
      expect(refusal.error).toMatch(/refused and nothing of it was stored/);
      expect(JSON.stringify(refusal.issues)).toMatch(reason);
    }
    expect(client.connected).toBe(true); // refused, not disconnected
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(0);
  });

  it('answers readings of an unpaired device on its errors topic and stores nothing', async () => {
    const device = await addDevice(stack, false);
    const client = await connect(device.credentials);
    await client.subscribeAsync(errorsTopic(device.deviceId), { qos: 1 });
    const message = nextMessage(client, errorsTopic(device.deviceId));
    await client.publishAsync(readingsTopic(device.deviceId), JSON.stringify(heartRate(70)), { qos: 1 });
    expect((await message).error).toMatch(/not paired/);
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(0);
  });

  it("lets a device subscribe to its own errors topic only, and never see another device's messages", async () => {
    const mine = await addDevice(stack);
    const other = await addDevice(stack);
    const spy = await connect(mine.credentials);
    await spy.subscribeAsync(errorsTopic(mine.deviceId), { qos: 1 });
    const seen: string[] = [];
    spy.on('message', (topic) => seen.push(topic));

    const victim = await connect(other.credentials);
    await victim.subscribeAsync(errorsTopic(other.deviceId), { qos: 1 });
    const message = nextMessage(victim, errorsTopic(other.deviceId));
    await victim.publishAsync(readingsTopic(other.deviceId), '[]', { qos: 1 });
    await message;
    expect(seen).toEqual([]);

    const closed = closeOf(spy);
    spy.subscribe(errorsTopic(other.deviceId), { qos: 1 });
    await closed;
    const wildcard = await connect(mine.credentials);
    const closedToo = closeOf(wildcard);
    wildcard.subscribe('hearth/devices/+/readings', { qos: 1 });
    await closedToo;
  });

  it("ends a device's MQTT session when it is unpaired (its credentials revoked)", async () => {
    const device = await addDevice(stack);
    const client = await connect(device.credentials);
    const closed = closeOf(client);
    await unpairDevice(stack, device.deviceId);
    await closed;
    const again = mqtt.connectAsync(url, { ...device.credentials, reconnectPeriod: 0 });
    await expect(again).rejects.toThrow(/Bad username or password/);
  });

  it("refuses a client id that another device's connection holds", async () => {
    const first = await addDevice(stack);
    const second = await addDevice(stack);
    const holder = await mqtt.connectAsync(url, {
      ...first.credentials,
      clientId: 'shared-id',
      reconnectPeriod: 0,
    });
    clients.push(holder);
    const taker = mqtt.connectAsync(url, {
      ...second.credentials,
      clientId: 'shared-id',
      reconnectPeriod: 0,
    });
    await expect(taker).rejects.toThrow(/Identifier rejected/);
    expect(holder.connected).toBe(true);
  });
});
