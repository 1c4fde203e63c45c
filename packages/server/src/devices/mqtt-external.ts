// Ingestion through an external broker (MQTT_URL, e.g. Mosquitto; DESIGN.md §6). Hearth subscribes to
// `hearth/devices/+/readings` at QoS 1 in a persistent session (clean: false, a fixed client id), so readings
// published while Hearth is down wait at the broker. mqtt.js sends the PUBACK only after `handleMessage`
// calls back (lib/handlers/publish.js), so a message is acknowledged only once durable; if storing fails,
// the connection is dropped unacknowledged and the broker delivers it again on reconnect (MQTT-4.4.0-1).
// Which device may publish to which topic is the broker's job (its ACL: `pattern write
// hearth/devices/%u/readings`, see README); Hearth checks that the topic's device exists and is paired.
// mqtt.js hands over one message at a time, so throughput here is one storage round trip per message:
// a device sends many readings per message (an array) when it has many to send.
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { FastifyBaseLogger } from 'fastify';
import type { DeviceIdentity } from './types.ts';
import {
  deviceOfReadingsTopic,
  errorsTopic,
  MAX_PAYLOAD_BYTES,
  refusalMessage,
  takeReadings,
  tooLarge,
  type ReadingsSink,
  type IntakeOutcome,
} from './readings-intake.ts';

export const INGEST_SUBSCRIPTION = 'hearth/devices/+/readings';
/** The persistent session's id at the broker: the same every start, so queued readings are found again. */
export const DEFAULT_CLIENT_ID = 'hearth-ingest';

export interface ExternalBrokerOptions {
  url: string;
  clientId?: string;
  /** The device a topic names, when it exists and is active (paired or not); else undefined. */
  identify(deviceId: string): Promise<DeviceIdentity | undefined>;
  sink: ReadingsSink;
  log: FastifyBaseLogger;
}

export interface RunningSubscriber {
  url: string;
  close(): Promise<void>;
}

const UNKNOWN_DEVICE = 'No active device has this id: register the device in Hearth and use its credentials.';

export async function subscribeExternalBroker(opts: ExternalBrokerOptions): Promise<RunningSubscriber> {
  const { log } = opts;
  const client = mqtt.connect(opts.url, {
    clientId: opts.clientId ?? DEFAULT_CLIENT_ID,
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 1000,
    // The broker's outgoing queue carries the readings: mqtt.js keeps nothing of its own to resend.
    queueQoSZero: false,
  });
  client.handleMessage = (packet, done) => {
    receive(opts, client, packet).then(
      () => {
        done();
      },
      (err: unknown) => {
        log.error({ err }, 'mqtt: storing readings from the broker failed; reconnecting for redelivery');
        done(err as Error); // no PUBACK for this message
        client.stream.destroy(); // ...and a new connection, on which the broker sends it again
      },
    );
  };
  client.on('connect', () => {
    client.subscribe(INGEST_SUBSCRIPTION, { qos: 1 }, (err) => {
      if (err) log.error({ err }, 'mqtt: subscribing to the readings topics failed');
    });
  });
  client.on('error', (err) => {
    log.warn({ err }, 'mqtt: external broker connection error');
  });
  try {
    await firstConnection(client);
  } catch (err) {
    await client.endAsync(true);
    throw new Error(
      `Cannot connect to the MQTT broker at MQTT_URL (${redact(opts.url)}): ${(err as Error).message}`,
    );
  }
  return {
    url: redact(opts.url),
    async close() {
      await client.endAsync();
    },
  };
}

async function receive(
  opts: ExternalBrokerOptions,
  client: MqttClient,
  packet: IPublishPacket,
): Promise<void> {
  const deviceId = deviceOfReadingsTopic(packet.topic);
  if (deviceId === undefined) return; // the subscription matches only readings topics
  // Not awaited: mqtt.js reads the broker's PUBACK for it only after this message's handler returns.
  const refuse = (message: string) => {
    client.publish(errorsTopic(deviceId), message, { qos: 1 }, (err) => {
      if (err) opts.log.warn({ err }, 'mqtt: publishing a refusal failed');
    });
  };
  const identity = await opts.identify(deviceId);
  if (!identity) {
    refuse(JSON.stringify({ error: UNKNOWN_DEVICE, issues: [] }));
    return;
  }
  const bytes = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
  const outcome: IntakeOutcome =
    bytes.length > MAX_PAYLOAD_BYTES
      ? tooLarge(MAX_PAYLOAD_BYTES)
      : await takeReadings(opts.sink, identity, { raw: bytes });
  if (!outcome.ok) refuse(refusalMessage(outcome));
}

/** The first CONNACK, else the first failure: a start with an unreachable broker fails, saying so. */
function firstConnection(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onConnect = () => {
      settle();
    };
    const onError = (err: Error) => {
      settle(err);
    };
    const onClose = () => {
      settle(new Error('the connection closed before the broker accepted it'));
    };
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}

/** A URL may carry the broker password: never in a message or log. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
