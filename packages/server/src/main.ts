// The Hearth server entry point: opens the database, wires the repository, the HTTP app, OAuth and the
// FHIR routes, and — for the embedded engine — the admin socket the CLI uses while the server holds the
// data dir (PGlite allows one process per data dir).
import { chmod } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { withAccessControl } from './access/guarded-repository.ts';
import { createTokenService } from './auth/access-tokens.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import { registerFirstPartyClient } from './auth/first-party.ts';
import { oauthRoutes } from './auth/oauth.routes.ts';
import { currentSigningKey } from './auth/signing-keys.ts';
import { adminSocketPath, clearStaleAdminSocket } from './cli/admin-socket.ts';
import { buildAdminApp } from './cli/admin.routes.ts';
import { lockDataDir } from './cli/data-dir-lock.ts';
import type { Config } from './config/config.ts';
import type { Engine } from './db/engine.ts';
import { openEngine } from './db/open-engine.ts';
import { createRepository } from './db/repository.ts';
import type { Repository } from './db/repository.types.ts';
import { createInProcessBus, type EventBus } from './events/bus.ts';
import { identityRoutes } from './identity/identity.routes.ts';
import { oauthIdentity } from './identity/oauth-identity.ts';
import { installAudit } from './audit/install.ts';
import { fhirRestRoutes } from './fhir-rest/fhir.routes.ts';
import { bulkExportRoutes, type BulkExportRoutesOptions } from './bulk-export/export.routes.ts';
import { startMonitoring } from './monitoring/monitoring.ts';
import { startDemoFeed } from './devices/demo-feed.ts';
import { runningDevices, startDevices } from './devices/devices.ts';
import { createDeviceRegistry, type DeviceRegistry } from './devices/registry.ts';
import { demoBanner, startDemo, type RunningDemo } from './seed/demo-start.ts';
import { buildApp, type AppDeps } from './http/app.ts';
import { webAppRoutes } from './http/web-app.ts';

export interface Services {
  config: Readonly<Config>;
  engine: Engine;
  bus: EventBus;
  repo: Repository;
  close(): Promise<void>;
}

/** Opens the database (locking an embedded data dir for this process), the event bus and the repository. */
export async function openServices(config: Readonly<Config>): Promise<Services> {
  const lock = config.databaseUrl ? undefined : await lockDataDir(config.dataDir);
  let engine: Engine;
  try {
    engine = await openEngine(config);
  } catch (err) {
    await lock?.release();
    throw new Error(`Cannot open the database (${describeStorage(config)}): ${(err as Error).message}`);
  }
  const bus = createInProcessBus();
  const repo = createServerRepository({ engine, config, bus });
  return {
    config,
    engine,
    bus,
    repo,
    async close() {
      await bus.close();
      await engine.close();
      await lock?.release();
    },
  };
}

export interface ServerRepositoryOptions {
  engine: Engine;
  config: Readonly<Config>;
  bus?: EventBus;
  /** Injected clock for break-the-glass expiry (tests). */
  clock?: () => Date;
}

/** The repository every caller — HTTP, admin socket, importer, jobs — uses: storage behind access control (DESIGN.md §3). */
export function createServerRepository(opts: ServerRepositoryOptions): Repository {
  const { engine, config } = opts;
  return withAccessControl(createRepository({ db: engine, bus: opts.bus ?? createInProcessBus() }), {
    db: engine,
    baseUrl: `${config.baseUrl}/fhir`,
    breakGlass: config.breakGlass,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
}

export function describeStorage(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `embedded PGlite in ${resolve(config.dataDir)}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.host}${url.pathname}`; // never the password
}

/** The public HTTP app on opened services: FHIR REST at /fhir behind bearer tokens, OAuth at /oauth2. */
export async function buildServerApp(
  services: Pick<Services, 'config' | 'engine' | 'repo'> & Partial<Pick<Services, 'bus'>>,
  opts: Pick<AppDeps, 'logStream'> & {
    bulkExport?: BulkExportRoutesOptions['worker'];
    /** The built web app (default packages/web/dist); tests point it at a fixture. */
    webRoot?: string;
    /** The device registry, shared with the admin socket (one is created when absent). */
    devices?: DeviceRegistry;
    /** Start MQTT ingestion: the embedded broker on HEARTH_MQTT_PORT, or MQTT_URL's (default false). */
    mqtt?: boolean;
  } = {},
): Promise<FastifyInstance> {
  const { config, engine, repo } = services;
  const tokens = createTokenService({
    db: engine,
    baseUrl: config.baseUrl,
    accessTokenSeconds: config.accessTokenSeconds,
  });
  await currentSigningKey(engine); // the first start generates the signing key, not the first token request
  const authenticate = createAuthenticator(tokens);
  await registerFirstPartyClient(engine, { baseUrl: config.baseUrl, devOrigin: config.webDevOrigin });
  const app = buildApp({
    config,
    engine,
    repo,
    authenticate,
    ...(opts.logStream ? { logStream: opts.logStream } : {}),
  });
  // Before the routes, so its hooks see every request (DESIGN.md §3: audit of every interaction).
  await installAudit(app, { engine, auditReads: config.auditReads, authenticate });
  await app.register(oauthRoutes, {
    db: engine,
    repo,
    tokens,
    identity: oauthIdentity(engine, config),
    baseUrl: config.baseUrl,
    webDevOrigin: config.webDevOrigin,
    accessTokenSeconds: config.accessTokenSeconds,
    rateLimit: { max: config.oauthRateLimitPerMinute, timeWindow: 60_000 },
  });
  await app.register(identityRoutes, { db: engine, config });
  await app.register(fhirRestRoutes, {
    repo,
    baseUrl: `${config.baseUrl}/fhir`,
    cors: config.corsOrigins.length > 0,
  });
  await app.register(bulkExportRoutes, {
    engine,
    repo,
    baseUrl: config.baseUrl,
    ...(opts.bulkExport ? { worker: opts.bulkExport } : {}),
  });
  // Remote monitoring (#6): NEWS2, rules, alerts, /monitoring REST and WebSocket. The reading store's
  // onStored is monitoring.onStored (startDevices({ …, onStored: monitoring.onStored })).
  const monitoring = await startMonitoring({
    app,
    engine,
    repo,
    config,
    authenticate,
    ...(services.bus ? { bus: services.bus } : {}),
  });
  app.addHook('onClose', () => monitoring.close());
  // Devices (#6): registry, /devices routes, reading store, HTTP ingestion and — when asked (startServer),
  // so that apps built in tests do not bind port 1883 — MQTT. Closed with the app.
  await startDevices({
    app,
    engine,
    repo,
    config,
    authenticate,
    onStored: (batch) => {
      monitoring.onStored(batch);
    },
    mqtt: opts.mqtt ?? false,
    ...(opts.devices ? { registry: opts.devices } : {}),
  });
  // The web app at `/`: last, so every API route above takes precedence over its SPA fallback.
  const https = config.tls !== undefined || config.baseUrl.startsWith('https://');
  await app.register(webAppRoutes, { https, ...(opts.webRoot ? { root: opts.webRoot } : {}) });
  return app;
}

export interface RunningServer {
  app: FastifyInstance;
  /** Where the server listens, e.g. `http://127.0.0.1:8080`. */
  url: string;
  services: Services;
  /** The demo clinic, when this start is in demo mode (seed/demo-clinic.ts). */
  demo?: RunningDemo;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Close gracefully on SIGINT/SIGTERM (the CLI's `start`; tests manage the lifecycle themselves). */
  handleSignals?: boolean;
  /** Seed the demo clinic into an empty embedded database (the CLI's `start`; seed/demo-clinic.ts). */
  demo?: boolean;
}

export async function startServer(config: Readonly<Config>, opts: StartOptions = {}): Promise<RunningServer> {
  if (!config.databaseUrl) await clearStaleAdminSocket(config.dataDir);
  const services = await openServices(config);
  const { engine, repo } = services;
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const devices = createDeviceRegistry({ engine, repo, config });
    const app = await buildServerApp(services, { devices, mqtt: true });
    closers.push(() => app.close()); // before listening: the app holds the MQTT broker and the store
    const url = await app.listen({ port: config.port, host: config.host });
    if (!config.databaseUrl) {
      const admin = buildAdminApp({ engine, repo, config, devices });
      const socket = adminSocketPath(config.dataDir);
      await admin.listen({ path: socket });
      await chmod(socket, 0o600);
      closers.unshift(() => admin.close());
    }
    const demo = opts.demo ? await startDemo(services) : undefined;
    const seeding = demo?.seeding;
    if (seeding) closers.unshift(() => seeding.stop());
    // The demo clinic's live monitoring feed (devices/demo-feed.ts): in demo mode only, never in tests.
    const running = demo ? runningDevices(app) : undefined;
    if (running) {
      const feed = startDemoFeed({
        registry: running.registry,
        ingest: (identity, readings) => running.store.ingest(identity, readings),
        ...(seeding ? { ready: seeding.done } : {}),
        log: (line) => process.stderr.write(`${line}\n`),
      });
      closers.unshift(() => feed.stop());
    }
    const close = async () => {
      for (const c of closers) await c();
      await services.close();
    };
    if (opts.handleSignals) closeOnSignals(close);
    return { app, url, services, close, ...(demo ? { demo } : {}) };
  } catch (err) {
    for (const c of closers) await c();
    await services.close();
    throw err;
  }
}

function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`\n${signal}: shutting down…\n`);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

export function banner(config: Readonly<Config>, server: RunningServer): string {
  const storage = describeStorage(config);
  const admin = config.databaseUrl ? '' : `\n  Admin socket: ${adminSocketPath(config.dataDir)}`;
  return [
    `Hearth is running (listening on ${server.url})`,
    `  URL:          ${config.baseUrl}`,
    `  FHIR base:    ${config.baseUrl}/fhir`,
    `  Data:         ${storage}${admin}`,
    ...mqttLine(runningDevices(server.app)?.mqttUrl),
    `  Add an API client: npx hearth clients add --name my-app --scope "system/*.*"`,
    ...(server.demo ? demoBanner(server.demo, config.baseUrl) : []),
  ].join('\n');
}

/** Where devices publish readings, when MQTT runs (HEARTH_MQTT_PORT's embedded broker or MQTT_URL). */
function mqttLine(url: string | undefined): string[] {
  if (url === undefined) return [];
  const { protocol, host } = new URL(url); // never a password MQTT_URL may carry
  return [`  MQTT:         ${protocol}//${host} (devices publish to hearth/devices/<id>/readings)`];
}
