// Which MQTT side starts (devices/mqtt.ts): `off` starts nothing; the default port, when something else
// holds it (e.g. the machine's Mosquitto on 1883), leaves the embedded broker off with a warning that
// says what to set; a port set explicitly that is taken stops the start.
import { createServer, type AddressInfo, type Server } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMqtt, type StartMqttOptions } from './mqtt.ts';

describe('starting MQTT', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as AddressInfo).port;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) =>
        taken.close(() => {
          resolve();
        }),
      ),
  );

  function options(config: Partial<StartMqttOptions['config']>, warnings: string[] = []): StartMqttOptions {
    const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    return {
      config: { mqttUrl: undefined, mqttPort: 0, mqttPortExplicit: false, host: '127.0.0.1', ...config },
      devices: { authenticate: () => Promise.resolve(undefined), onRevoked: () => () => undefined },
      identify: () => Promise.resolve(undefined),
      sink: { ingest: () => Promise.reject(new Error('not in this test')) },
      log,
    };
  }

  it('starts nothing when HEARTH_MQTT_PORT is off', async () => {
    expect(await startMqtt(options({ mqttPort: undefined }))).toBeUndefined();
  });

  it('starts the embedded broker on a free port and closes it', async () => {
    const mqtt = await startMqtt(options({ mqttPort: 0 }));
    expect(mqtt?.mode).toBe('embedded');
    expect(mqtt?.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    await mqtt?.close();
  });

  it('leaves the embedded broker off, saying why and what to set, when the default port is taken', async () => {
    const warnings: string[] = [];
    expect(await startMqtt(options({ mqttPort: port }, warnings))).toBeUndefined();
    expect(warnings.join('')).toContain(`MQTT port ${port} is in use`);
    expect(warnings.join('')).toContain(`MQTT_URL=mqtt://127.0.0.1:${port}`);
  });

  it('refuses to start when a port set explicitly is taken', async () => {
    await expect(startMqtt(options({ mqttPort: port, mqttPortExplicit: true }))).rejects.toThrow(
      /EADDRINUSE/,
    );
  });

  it('says which MQTT_URL it cannot reach, without its password', async () => {
    const url = `mqtt://hearth:s3cret@127.0.0.1:${port}`; // a port that speaks no MQTT: closed at once
    taken.once('connection', (socket) => socket.destroy());
    const failure = startMqtt(options({ mqttUrl: url }));
    await expect(failure).rejects.toThrow(/Cannot connect to the MQTT broker at MQTT_URL/);
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });
});
