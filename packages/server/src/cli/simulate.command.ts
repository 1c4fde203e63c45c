// `hearth simulate devices --patients N --hz H [--mqtt URL | --http URL] [--duration S]`: N monitored patients
// (reused from the database, created when missing), one paired device each (devices/simulator-provision.ts),
// streaming realistic vitals with occasional deteriorations (@hearth/synth VitalStream) to a running server.
// Progress and the live rate go to stderr; the summary at the end too. Exit 1 when readings were refused
// or lost, 130 when interrupted before --duration ran out.
import { SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Config } from '../config/config.ts';
import type { SimulationStats } from '../devices/simulator.ts';
import type { SimulatedDevice } from '../devices/simulator-publishers.ts';
import type { AdminConnection } from './admin-connection.ts';

export interface SimulateCommandDeps {
  run(action: (config: Readonly<Config>) => Promise<number>): () => Promise<void>;
  withAdmin<T>(config: Readonly<Config>, fn: (conn: AdminConnection) => Promise<T>): Promise<T>;
}

export interface SimulateDevicesOptions {
  patients: number;
  hz: number;
  mqtt?: string;
  http?: string;
  duration?: number;
  seed: string;
  deteriorationsPerHour: number;
  progress: boolean;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function url(protocols: readonly string[]) {
  return (value: string): string => {
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new InvalidArgumentError(`expected a URL like ${protocols[0]}//localhost`);
    }
    if (!protocols.includes(u.protocol))
      throw new InvalidArgumentError(`expected a ${protocols.join(' or ')} URL, got ${u.protocol}`);
    return value;
  };
}

export function registerSimulateCommands(program: Command, deps: SimulateCommandDeps): void {
  program
    .command('simulate')
    .description('simulated load and demo data')
    .command('devices')
    .description(
      'stream realistic vital signs (with occasional sepsis-like, heart-failure and hypoglycaemia deteriorations) ' +
        'from one simulated device per patient to a running server; patients are reused from the database or created',
    )
    .addOption(
      new Option('--patients <n>', 'monitored patients (one device each)')
        .default(500)
        .argParser(positiveInt),
    )
    .addOption(
      new Option('--hz <rate>', 'ticks per second per device (HR, SpO2, RR each tick)')
        .default(1)
        .argParser(positiveNumber),
    )
    .addOption(
      new Option('--mqtt <url>', 'publish over MQTT to this broker (mqtt://host:1883), QoS 1')
        .argParser(url(['mqtt:', 'mqtts:', 'ws:', 'wss:']))
        .conflicts('http'),
    )
    .addOption(
      new Option('--http <url>', 'POST to this server (default: HEARTH_BASE_URL)').argParser(
        url(['http:', 'https:']),
      ),
    )
    .addOption(
      new Option('--duration <seconds>', 'stop after this long (default: until Ctrl-C)').argParser(
        positiveNumber,
      ),
    )
    .option('--seed <seed>', 'the same seed gives each patient the same physiology', 'hearth-sim')
    .addOption(
      new Option('--deteriorations-per-hour <rate>', 'chance deteriorations per patient-hour')
        .default(0.02)
        .argParser(nonNegativeNumber),
    )
    .option('--no-progress', 'no progress bar')
    .action((opts: SimulateDevicesOptions) => deps.run((config) => simulateDevices(opts, config, deps))());
}

async function simulateDevices(
  opts: SimulateDevicesOptions,
  config: Readonly<Config>,
  deps: SimulateCommandDeps,
): Promise<number> {
  const { httpPublisher, mqttPublisher } = await import('../devices/simulator-publishers.ts');
  const { provisionDevices } = await import('../devices/simulator-provision.ts');
  const { runSimulation } = await import('../devices/simulator.ts');
  const target = opts.mqtt ?? opts.http ?? config.baseUrl;
  if (opts.mqtt === undefined) await checkServer(target);
  const provisioned = await deps.withAdmin(config, (admin) =>
    provisionDevices(admin, { patients: opts.patients, seed: opts.seed }),
  );
  const { devices } = provisioned;
  process.stderr.write(
    `Simulating ${devices.length} patients (${provisioned.createdPatients} created, ` +
      `${devices.length - provisioned.createdPatients} reused; ${provisioned.createdDevices} devices registered) ` +
      `at ${opts.hz} Hz to ${opts.mqtt ? `MQTT ${redact(opts.mqtt)}` : target}\n`,
  );
  const publisher = opts.mqtt ? mqttPublisher(opts.mqtt) : httpPublisher(target);
  const abort = new AbortController();
  const onSignal = () => {
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = progressView(opts);
  try {
    const stats = await runSimulation({
      devices,
      publisher,
      hz: opts.hz,
      seed: opts.seed,
      deteriorationsPerHour: opts.deteriorationsPerHour,
      signal: abort.signal,
      ...(opts.duration !== undefined ? { durationMs: opts.duration * 1000 } : {}),
      onProgress: (s) => {
        progress.update(s);
      },
      onEpisode: (device: SimulatedDevice, episode) => {
        progress.log(`Patient/${device.patientId}: ${EPISODE_WORDS[episode.kind]} starting`);
      },
    });
    progress.stop();
    process.stderr.write(`${summary(stats)}\n`);
    if (stats.failedReadings > 0) return 1;
    return abort.signal.aborted ? 130 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await publisher.close();
  }
}

const EPISODE_WORDS = {
  sepsis: 'a sepsis-like deterioration',
  'heart-failure': 'a heart-failure decompensation',
  hypoglycaemia: 'a hypoglycaemia',
} as const;

function redact(u: string): string {
  const parsed = new URL(u);
  parsed.password = '';
  parsed.username = '';
  return parsed.toString();
}

async function checkServer(base: string): Promise<void> {
  const health = `${base.replace(/\/$/, '')}/healthz`;
  try {
    const res = await fetch(health);
    if (!res.ok) throw new Error(`${health} answered ${res.status}`);
  } catch (err) {
    throw new Error(
      `No Hearth server answers at ${base} (${(err as Error).message}); start one with \`npx hearth start\` ` +
        'or name it with --http URL',
    );
  }
}

function summary(s: SimulationStats): string {
  const seconds = s.elapsedMs / 1000;
  const rate = Math.round(s.ackedReadings / Math.max(seconds, 0.001));
  const failed =
    s.failedReadings > 0
      ? `; ${s.failedReadings} readings refused or lost (last: ${s.lastError ?? '?'})`
      : '';
  return (
    `Sent ${s.ackedReadings} readings in ${s.ackedMessages} messages in ${seconds.toFixed(1)} s ` +
    `(${rate} readings/s acknowledged), ${s.episodes} deteriorations${failed}`
  );
}

interface ProgressView {
  update(s: SimulationStats): void;
  log(line: string): void;
  stop(): void;
}

function progressView(opts: SimulateDevicesOptions): ProgressView {
  const line = (s: SimulationStats) =>
    `${Math.round(s.currentRate)} readings/s | ${s.ackedReadings} acknowledged | backlog ${s.backlog} | ` +
    `${s.episodes} deteriorations${s.failedReadings > 0 ? ` | ${s.failedReadings} FAILED: ${s.lastError ?? ''}` : ''}`;
  if (!opts.progress || !process.stderr.isTTY) {
    // Not a terminal (or asked for quiet): a status line every 10 s instead of a redrawn bar.
    let last = 0;
    return {
      update: (s) => {
        if (!opts.progress || s.elapsedMs - last < 10_000) return;
        last = s.elapsedMs;
        process.stderr.write(`${Math.round(s.elapsedMs / 1000)} s: ${line(s)}\n`);
      },
      log: (l) => process.stderr.write(`${l}\n`),
      stop: () => undefined,
    };
  }
  const total = opts.duration ?? 0;
  const bar = new SingleBar({
    stream: process.stderr,
    format: total > 0 ? 'Simulating |{bar}| {value}/{total} s | {status}' : 'Simulating {value} s | {status}',
    hideCursor: true,
  });
  bar.start(total > 0 ? Math.ceil(total) : 0, 0, { status: 'connecting…' });
  return {
    update: (s) => {
      bar.update(Math.round(s.elapsedMs / 1000), { status: line(s) });
    },
    log: (l) => {
      // Above the bar, which redraws on the next update.
      process.stderr.write(`\r\x1b[K${l}\n`);
    },
    stop: () => {
      bar.stop();
    },
  };
}
