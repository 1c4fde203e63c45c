// The embedded MQTT broker (aedes, DESIGN.md §6): devices sign in with their credentials and publish QoS 1
// to `hearth/devices/{deviceId}/readings`. The reading is stored INSIDE authorizePublish, because aedes
// writes the PUBACK only after that callback (lib/handlers/publish.js: authorizePublish, then
// enqueuePublish → PubAck): the PUBACK therefore means "durable". Calling back with an error makes aedes
// close the connection without a PUBACK (MQTT-3.3.5-2), which is what a storage failure gets: the device
// sends the reading again. A refused payload (bad readings, unpaired device) is acknowledged — sending it
// again cannot help — and its reason goes to `hearth/devices/{deviceId}/errors`; aedes has no
// "drop" answer for authorizePublish, so readings are never forwarded instead (authorizeForward passes
// only a device's own errors topic, authorizeSubscribe allows only that topic) nor retained.
import type { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { FastifyBaseLogger } from 'fastify';
import type { DeviceIdentity } from './types.ts';
import {
  deviceOfReadingsTopic,
  errorsTopic,
  MAX_PAYLOAD_BYTES,
  refusalMessage,
  takeReadings,
  tooLarge,
  type IntakeOutcome,
  type ReadingsSink,
  type Refusal,
} from './readings-intake.ts';

/** What the broker needs from the device registry (registry.ts). */
export interface DeviceSignIn {
  authenticate(username: string, password: string): Promise<DeviceIdentity | undefined>;
  onRevoked(listener: (deviceId: string) => void): () => void;
}

export interface EmbeddedBrokerOptions {
  /** 0 = any free port (tests). */
  port: number;
  host: string;
  devices: DeviceSignIn;
  sink: ReadingsSink;
  log: FastifyBaseLogger;
  /** Larger payloads are refused to the errors topic, like HTTP's 413 (default MAX_PAYLOAD_BYTES). */
  maxPayloadBytes?: number;
}

export interface RunningBroker {
  /** e.g. mqtt://127.0.0.1:1883 */
  url: string;
  close(): Promise<void>;
}

/** CONNACK return codes (MQTT 3.1.1 §3.2.2.3): identifier rejected, server unavailable, bad user name or password. */
type Refused = 2 | 3 | 4;
const IDENTIFIER_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;

function connectRefusal(returnCode: Refused, message: string): AuthenticateError {
  // aedes types the codes as an ambient const enum, which isolatedModules cannot read: the numbers are its values.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
  return Object.assign(new Error(message), { returnCode });
}

interface Session {
  deviceId: string;
  password: string;
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<RunningBroker> {
  const { devices, sink, log } = opts;
  const maxPayloadBytes = opts.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  // Credentials are kept per connection so every publish is checked again (registry.authenticate caches):
  // a device paired, unpaired or rotated while connected is seen at its next reading.
  const sessions = new WeakMap<Client, Session>();
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const fail = (code: Refused, message: string) => {
        done(connectRefusal(code, message), false);
      };
      if (username === undefined || password === undefined) {
        fail(BAD_USERNAME_OR_PASSWORD, 'device credentials required');
        return;
      }
      const secret = password.toString('utf8');
      devices.authenticate(username, secret).then(
        (identity) => {
          if (!identity) {
            fail(BAD_USERNAME_OR_PASSWORD, 'wrong device credentials');
            return;
          }
          // A client id held by another device's connection is not this device's to take over.
          const holder = brokerClients(broker)[client.id];
          const held = holder && sessions.get(holder);
          if (held && held.deviceId !== identity.deviceId) {
            fail(IDENTIFIER_REJECTED, 'client id in use by another device');
            return;
          }
          sessions.set(client, { deviceId: identity.deviceId, password: secret });
          done(null, true);
        },
        (err: unknown) => {
          log.error({ err }, 'mqtt: device authentication failed');
          fail(SERVER_UNAVAILABLE, 'server unavailable');
        },
      );
    },
    authorizePublish(client, packet, done) {
      const session = client ? sessions.get(client) : undefined;
      if (!client || !session || deviceOfReadingsTopic(packet.topic) !== session.deviceId) {
        done(new Error('a device publishes only to hearth/devices/<its id>/readings'));
        return;
      }
      packet.retain = false;
      receive(session, packet.payload).then(
        (outcome) => {
          if (outcome === 'revoked') {
            done(new Error('device credentials revoked'));
            return;
          }
          if (!outcome.ok) publishRefusal(session.deviceId, outcome);
          done(null);
        },
        (err: unknown) => {
          // Not stored: no PUBACK (the connection closes), so the device sends it again.
          log.error({ err }, 'mqtt: storing readings failed');
          done(new Error('storing readings failed'));
        },
      );
    },
    authorizeSubscribe(client, sub, done) {
      const session = sessions.get(client);
      if (session && sub.topic === errorsTopic(session.deviceId)) {
        done(null, sub);
        return;
      }
      done(new Error('a device subscribes only to hearth/devices/<its id>/errors'));
    },
    authorizeForward(client, packet) {
      const session = sessions.get(client);
      return session && packet.topic === errorsTopic(session.deviceId) ? packet : null;
    },
  });

  async function receive(session: Session, payload: Buffer | string): Promise<IntakeOutcome | 'revoked'> {
    const identity = await devices.authenticate(session.deviceId, session.password);
    if (!identity) return 'revoked';
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (bytes.length > maxPayloadBytes) return tooLarge(maxPayloadBytes);
    return takeReadings(sink, identity, { raw: bytes });
  }

  function publishRefusal(deviceId: string, outcome: Refusal): void {
    const payload = Buffer.from(refusalMessage(outcome));
    broker.publish(
      { cmd: 'publish', topic: errorsTopic(deviceId), payload, qos: 1, retain: false, dup: false },
      (err) => {
        if (err) log.warn({ err }, 'mqtt: publishing a refusal failed');
      },
    );
  }

  // aedes emits 'error' for failures of its own (e.g. its persistence): logged, never an unhandled crash.
  (broker as EventEmitter).on('error', (err: unknown) => {
    log.error({ err }, 'mqtt: broker error');
  });

  const stopRevocations = devices.onRevoked((deviceId) => {
    for (const client of Object.values(brokerClients(broker))) {
      if (sessions.get(client)?.deviceId === deviceId) client.close();
    }
  });

  const server = createServer(broker.handle);
  try {
    await listen(server, opts.port, opts.host);
  } catch (err) {
    stopRevocations();
    await closeBroker(broker);
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    async close() {
      stopRevocations();
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await closeBroker(broker); // disconnects every client, so the server can close
      await closed;
    },
  };
}

/** aedes keeps its connected clients by client id (aedes.js `this.clients`); its types leave it out. */
function brokerClients(broker: Aedes): Record<string, Client> {
  return (broker as unknown as { clients: Record<string, Client> }).clients;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeBroker(broker: Aedes): Promise<void> {
  return new Promise((resolve) => {
    broker.close(() => {
      resolve();
    });
  });
}
