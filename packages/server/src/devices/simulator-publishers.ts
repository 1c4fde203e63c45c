// How simulated devices send (issue #6 §7): over MQTT, one connection per device with its own credentials,
// QoS 1 to `hearth/devices/{id}/readings` (the PUBACK is the server's "durable"); or over HTTP, a Basic-auth
// POST to `/devices/{id}/readings` (the 202 is). Either way a send resolves when the readings are durable
// and rejects with the server's reason when they are refused.
import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceReading } from '@hearth/synth';
import type { DeviceCredentials } from './types.ts';

export interface SimulatedDevice {
  deviceId: string;
  patientId: string;
  credentials: DeviceCredentials;
}

export interface Publisher {
  /** Sends one message; resolves when the server has acknowledged it as durable. */
  send(device: SimulatedDevice, readings: readonly DeviceReading[]): Promise<void>;
  close(): Promise<void>;
}

/** Basic-auth HTTP publisher; `baseUrl` is the server's (e.g. http://localhost:8080). */
export function httpPublisher(baseUrl: string): Publisher {
  const base = baseUrl.replace(/\/$/, '');
  const auth = new Map<string, string>();
  return {
    async send(device, readings) {
      let header = auth.get(device.deviceId);
      if (header === undefined) {
        const { username, password } = device.credentials;
        header = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
        auth.set(device.deviceId, header);
      }
      const res = await fetch(`${base}/devices/${encodeURIComponent(device.deviceId)}/readings`, {
        method: 'POST',
        headers: { authorization: header, 'content-type': 'application/json' },
        body: JSON.stringify(readings),
      });
      const text = await res.text();
      if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${outcomeText(text)}`);
    },
    close: () => Promise.resolve(),
  };
}

function outcomeText(body: string): string {
  try {
    const o = JSON.parse(body) as { issue?: { diagnostics?: string; code?: string }[] };
    const text = (o.issue ?? []).map((i) => i.diagnostics ?? i.code).join('; ');
    return text || body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/**
 * MQTT publisher: connects each device lazily with its own credentials and keeps the connection. A message
 * the server refuses is answered on the device's errors topic; the answer fails that device's next send (an
 * approximation that is enough here: the simulator's readings are valid, so a refusal means the device was
 * revoked or unpaired, and every later send fails too).
 */
export function mqttPublisher(url: string): Publisher {
  const clients = new Map<string, Promise<DeviceConnection>>();
  const connect = (device: SimulatedDevice) => {
    let c = clients.get(device.deviceId);
    if (!c) {
      c = connectDevice(url, device);
      clients.set(device.deviceId, c);
      c.catch(() => clients.delete(device.deviceId));
    }
    return c;
  };
  return {
    async send(device, readings) {
      const conn = await connect(device);
      await conn.publish(JSON.stringify(readings));
    },
    async close() {
      const all = await Promise.allSettled(clients.values());
      clients.clear();
      await Promise.all(all.map((r) => (r.status === 'fulfilled' ? r.value.close() : Promise.resolve())));
    },
  };
}

interface DeviceConnection {
  publish(payload: string): Promise<void>;
  close(): Promise<void>;
}

async function connectDevice(url: string, device: SimulatedDevice): Promise<DeviceConnection> {
  const { username, password } = device.credentials;
  const client: MqttClient = await mqtt.connectAsync(url, {
    username,
    password,
    clientId: `hearth-sim-${device.deviceId}`.slice(0, 64),
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  const readings = `hearth/devices/${device.deviceId}/readings`;
  const errors = `hearth/devices/${device.deviceId}/errors`;
  // Refusals arrive on the errors topic after the PUBACK; they fail the next send of this device.
  let refused: string | undefined;
  client.on('message', (topic, payload) => {
    if (topic === errors) refused = payload.toString('utf8').slice(0, 500);
  });
  await client.subscribeAsync(errors, { qos: 1 });
  return {
    async publish(payload) {
      await client.publishAsync(readings, payload, { qos: 1 });
      if (refused !== undefined) {
        const reason = refused;
        refused = undefined;
        throw new Error(`refused: ${reason}`);
      }
    },
    // Forced: a client still reconnecting to a broker that is gone would otherwise never end.
    close: () => client.endAsync(true),
  };
}
