// Which MQTT side runs (DESIGN.md §6): with MQTT_URL, a subscription to that external broker
// (mqtt-external.ts); else the embedded aedes broker on HEARTH_MQTT_PORT (mqtt-broker.ts), unless `off`.
// The default port 1883 may already be taken, e.g. by a Mosquitto on the same machine: then the server
// starts without its broker and says how to use that one (MQTT_URL) or another port. A port set
// explicitly that cannot be listened on stops the start.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import type { DeviceIdentity } from './types.ts';
import { startEmbeddedBroker, type DeviceSignIn } from './mqtt-broker.ts';
import { subscribeExternalBroker } from './mqtt-external.ts';
import type { ReadingsSink } from './readings-intake.ts';

export interface StartMqttOptions {
  config: Pick<Config, 'mqttUrl' | 'mqttPort' | 'mqttPortExplicit' | 'host'>;
  devices: DeviceSignIn;
  /** For the external broker, which has authenticated the publisher: the device a topic names. */
  identify: (deviceId: string) => Promise<DeviceIdentity | undefined>;
  sink: ReadingsSink;
  log: FastifyBaseLogger;
  /** The external session's client id (default DEFAULT_CLIENT_ID); tests use their own. */
  clientId?: string;
}

export interface RunningMqtt {
  /** Where devices publish: the embedded broker's address, or MQTT_URL. */
  url: string;
  mode: 'embedded' | 'external';
  close(): Promise<void>;
}

export async function startMqtt(opts: StartMqttOptions): Promise<RunningMqtt | undefined> {
  const { config, log } = opts;
  if (config.mqttUrl !== undefined) {
    const subscriber = await subscribeExternalBroker({
      url: config.mqttUrl,
      identify: opts.identify,
      sink: opts.sink,
      log,
      ...(opts.clientId !== undefined ? { clientId: opts.clientId } : {}),
    });
    return { ...subscriber, mode: 'external' };
  }
  if (config.mqttPort === undefined) return undefined;
  try {
    const broker = await startEmbeddedBroker({
      port: config.mqttPort,
      host: config.host,
      devices: opts.devices,
      sink: opts.sink,
      log,
    });
    return { ...broker, mode: 'embedded' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || config.mqttPortExplicit) throw err;
    log.warn(
      `MQTT port ${config.mqttPort} is in use (another MQTT broker?), so the embedded broker is not started: ` +
        `set MQTT_URL=mqtt://${config.host}:${config.mqttPort} to ingest through that broker, or ` +
        'HEARTH_MQTT_PORT to another port (or off).',
    );
    return undefined;
  }
}
