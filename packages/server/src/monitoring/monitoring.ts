// Remote monitoring (#6 point 5), wired: startMonitoring puts the routes on the app, resumes the alerts
// from their Tasks, loads the monitored patients, listens to change events, and runs the periodic tick
// (escalation deadlines, silent devices, inputs that aged out). Its `onStored` is what the reading store
// calls after each durable batch (devices/devices.ts startDevices).
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import type { Repository } from '../db/repository.types.ts';
import type { EventBus } from '../events/bus.ts';
import { createAlertService, type AlertService } from './alert-service.ts';
import { createLiveHub, type Authenticate } from './live-hub.ts';
import { monitoringRoutes } from './monitoring.routes.ts';
import { createMonitor, type Monitor, type StoredBatch } from './monitor.ts';

const NO_BUS: Pick<EventBus, 'subscribe'> = { subscribe: () => () => undefined };

export interface MonitoringOptions {
  app: FastifyInstance;
  engine: Engine;
  repo: Repository;
  config: Readonly<Config>;
  /**
   * The change events of `repo` (clinician entries, care plans, devices, Tasks changed elsewhere); without
   * it, monitoring sees only device readings and its own alerts.
   */
  bus?: EventBus;
  /** The app's Bearer authenticator (auth/authenticate.ts). */
  authenticate: Authenticate;
  clock?: () => Date;
  /** How often the tick runs (ms); 0: never by itself (tests call `tick()`). Default 5 s. */
  tickMs?: number;
}

export interface Monitoring {
  onStored(batch: StoredBatch): void;
  /** Escalates overdue alerts and checks silent devices and stale inputs now. */
  tick(): Promise<void>;
  /** Resolves when queued writes have finished (tests). */
  idle(): Promise<void>;
  alerts: AlertService;
  monitor: Monitor;
  close(): Promise<void>;
}

export async function startMonitoring(opts: MonitoringOptions): Promise<Monitoring> {
  const clock = opts.clock ?? (() => new Date());
  const target = { repo: opts.repo, fhirBase: `${opts.config.baseUrl}/fhir` };
  const onError = (err: unknown) => {
    // The error's kind only: its text may quote clinical values.
    opts.app.log.error({ err: (err as Error).name }, 'monitoring: a write or load failed');
  };
  const hub = createLiveHub({
    repo: opts.repo,
    authenticate: opts.authenticate,
    clock,
    sessionMs: opts.config.accessTokenSeconds * 1000,
  });
  const monitor: Monitor = createMonitor({
    ...target,
    config: opts.config.monitoring,
    clock,
    alerts: () => alerts,
    hub,
    onError,
  });
  const alerts = createAlertService({
    ...target,
    config: opts.config.monitoring,
    clock,
    responders: async (patientId) => (await monitor.ensure(patientId))?.context.responders ?? [],
    patientName: (patientId) => monitor.states().get(patientId)?.context.name ?? '',
    publish: (alert) => {
      hub.send(alert.patientId, { type: 'alert', alert });
    },
    onError,
  });
  // On the root instance (the plugin is global): one WebSocket server for the app, whoever adds routes.
  if (!opts.app.hasDecorator('websocketServer')) await opts.app.register(websocket);
  await opts.app.register(monitoringRoutes, {
    engine: opts.engine,
    target,
    authenticate: opts.authenticate,
    alerts,
    monitor,
    hub,
    clock,
  });
  await alerts.resume();
  // In the background: readings for a patient not loaded yet wait for that patient alone.
  void monitor.preload();
  const unsubscribe = (opts.bus ?? NO_BUS).subscribe((e) => {
    monitor.onChange(e);
  });
  let ticking: Promise<void> | undefined;
  let closed = false;
  const tick = async () => {
    if (ticking) return ticking;
    ticking = (async () => {
      monitor.tick();
      await alerts.tick();
    })().finally(() => (ticking = undefined));
    return ticking;
  };
  const interval =
    (opts.tickMs ?? 5_000) > 0
      ? setInterval(() => void tick().catch(onError), opts.tickMs ?? 5_000)
      : undefined;
  interval?.unref();
  return {
    onStored: (batch) => {
      // After close (the store flushing its last batch as the app shuts down) there is nobody to tell: the
      // readings are durable, and the next start reloads the patients' recent Observations.
      if (!closed) monitor.onStored(batch);
    },
    tick,
    idle: () => monitor.idle(),
    alerts,
    monitor,
    async close() {
      closed = true;
      if (interval) clearInterval(interval);
      unsubscribe();
      hub.close();
      await ticking;
      await monitor.idle();
    },
  };
}
