// The only reader of process.env (STYLE.md §11): parsed once, typed, frozen, with defaults that make
// `npm start` work with no setup.
import { isIP } from 'node:net';
import { z } from 'zod';

/** OWASP Forgot Password Cheat Sheet: reset links expire after a short time. */
export const DEFAULT_RESET_TOKEN_MINUTES = 30;

/** MQTT's registered port (IANA), where the embedded broker listens unless HEARTH_MQTT_PORT says otherwise. */
export const DEFAULT_MQTT_PORT = 1883;

/** An origin as browsers send it (RFC 6454 §6.1): scheme, host and optional port, nothing else. */
const ORIGIN = /^https?:\/\/[^/\s,*]+$/;

/**
 * HEARTH_TRUST_PROXY: `off`, or comma-separated proxy addresses/CIDRs (and the proxy-addr names
 * loopback, linklocal, uniquelocal). Never "trust everyone", and no bare hop count: X-Forwarded-For is
 * a header any client can write, so it counts only when the connection comes from a proxy named here
 * (Fastify likewise makes a hop count fail closed, as it cannot check the immediate peer).
 */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): false | string[] {
  const v = value.trim();
  if (v === '' || v === 'off') return false;
  const entries = v.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !isProxyAddress(e));
  if (bad === undefined) return entries;
  ctx.addIssue({
    code: 'custom',
    message: `"${bad}" is not off or a proxy address/CIDR (e.g. 10.0.0.0/8, ::1, loopback)`,
  });
  return z.NEVER;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** HEARTH_SECRET_KEY: 32 bytes, as 64 hex digits or base64 (`openssl rand -base64 32`). */
function parseSecretKey(value: string | undefined, ctx: z.RefinementCtx): Buffer | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (key.length === 32) return key;
  ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes as base64 or 64 hex digits' });
  return z.NEVER;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // Loopback by default: a fresh `npm start` (demo passwords in its banner) is not reachable from other
  // machines until someone chooses to expose it (HOST=0.0.0.0 in a container or behind a proxy).
  HOST: z.string().min(1).default('127.0.0.1'),
  HEARTH_DATA_DIR: z.string().default('./.hearth'),
  DATABASE_URL: z.url().optional(),
  REDIS_URL: z.url().optional(),
  NATS_URL: z.url().optional(),
  MQTT_URL: z.url().optional(),
  // The embedded MQTT broker (devices/mqtt.ts) when MQTT_URL is unset: a port (0 = any free one) or `off`.
  HEARTH_MQTT_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)], {
      error: 'a port number 0-65535 (0 = any free port) or off',
    })
    .optional(),
  HEARTH_BASE_URL: z.url().optional(),
  HEARTH_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  HEARTH_ACCESS_TOKEN_SECONDS: z.coerce.number().int().positive().default(300),
  // Sign-in hardening (NIST SP 800-63B §5.2.2, OWASP Authentication Cheat Sheet): lockout after this
  // many consecutive failures, for this long; sessions and reset links expire.
  HEARTH_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  HEARTH_LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  HEARTH_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  // Requests per client address per minute on /oauth2 token, authorize, consent, introspect, revoke.
  HEARTH_OAUTH_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  HEARTH_SESSION_HOURS: z.coerce.number().positive().max(24).default(8),
  // OWASP Session Management Cheat Sheet: 15–30 minutes idle for a high-value application.
  HEARTH_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  HEARTH_RESET_TOKEN_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .max(1440)
    .default(DEFAULT_RESET_TOKEN_MINUTES),
  // Break-the-glass (access/break-glass.ts): how long an emergency access lasts, and who reviews it.
  HEARTH_BREAK_GLASS_MINUTES: z.coerce.number().int().positive().max(1440).default(60),
  HEARTH_PRIVACY_OFFICER: z
    .string()
    .regex(/^(Practitioner|PractitionerRole|Organization)\/[A-Za-z0-9\-.]{1,64}$/)
    .optional(),
  // Demo mode (seed/demo-clinic.ts): synthetic patients `hearth start` seeds into an EMPTY embedded
  // database, never into DATABASE_URL's; 0 disables it.
  HEARTH_DEMO_PATIENTS: z.coerce.number().int().min(0).max(100_000).default(200),
  // Remote-monitoring alerts (monitoring/): an unanswered alert passes to the next responder after this
  // many minutes; a paired device silent this many hours raises a no-data alert; the last responder's
  // escalation goes to HEARTH_ALERT_FALLBACK (else the privacy officer, else the patient's organization).
  HEARTH_ALERT_ESCALATION_MINUTES: z.coerce.number().positive().max(1440).default(15),
  HEARTH_NO_DATA_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(12),
  HEARTH_ALERT_FALLBACK: z
    .string()
    .regex(/^(Practitioner|PractitionerRole|Organization|CareTeam)\/[A-Za-z0-9\-.]{1,64}$/)
    .optional(),
  HEARTH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Audit of reads and searches (audit/request-audit.ts). `off` exists only to measure the audit's
  // overhead in the benchmark; writes are always audited in their own transaction.
  HEARTH_AUDIT_READS: z.enum(['on', 'off']).default('on'),
  // TLS (http/tls.ts): PEM certificate (chain) and private key files; both or neither.
  HEARTH_TLS_CERT: z.string().min(1).optional(),
  // The key that encrypts TOTP secrets at rest (identity/secret-box.ts); else <data dir>/secret.key.
  HEARTH_SECRET_KEY: z.string().optional().transform(parseSecretKey),
  // Behind a reverse proxy: whose X-Forwarded-For to believe (rate limits, audit source addresses).
  HEARTH_TRUST_PROXY: z.string().default('off').transform(parseTrustProxy),
  HEARTH_TLS_KEY: z.string().min(1).optional(),
  // CORS allow-list for the FHIR API (http/cors.ts): exact origins, comma-separated; none by default.
  HEARTH_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .pipe(z.array(z.string().regex(ORIGIN, 'each origin is scheme://host[:port], no path or wildcard'))),
  // The web app's dev server (`npm run dev -w packages/web`, Vite): its /callback becomes a redirect URI
  // of the built-in `hearth-web` client (auth/first-party.ts). Unset in production.
  HEARTH_WEB_DEV_ORIGIN: z.string().regex(ORIGIN, 'an origin: scheme://host[:port]').optional(),
});

/** Both TLS files or neither: half a TLS configuration must not silently serve plain HTTP. */
const validated = schema.refine(
  (e) => (e.HEARTH_TLS_CERT === undefined) === (e.HEARTH_TLS_KEY === undefined),
  {
    message: 'set both HEARTH_TLS_CERT and HEARTH_TLS_KEY (PEM file paths) to serve HTTPS, or neither',
    path: ['HEARTH_TLS_CERT'],
  },
);

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  natsUrl: string | undefined;
  mqttUrl: string | undefined;
  /** The embedded MQTT broker's port (HEARTH_MQTT_PORT, default 1883; 0 = any free port); undefined: off. */
  mqttPort: number | undefined;
  /**
   * HEARTH_MQTT_PORT was set: not being able to listen there stops the start. The default port, when
   * taken (e.g. by a Mosquitto on the same machine), only leaves the embedded broker off with a warning.
   */
  mqttPortExplicit: boolean;
  /** Public base URL of the server (no trailing slash); FHIR base is `${baseUrl}/fhir`. */
  baseUrl: string;
  maxBodyBytes: number;
  accessTokenSeconds: number;
  logLevel: z.infer<typeof schema>['HEARTH_LOG_LEVEL'];
  login: LoginConfig;
  breakGlass: BreakGlassConfig;
  /** Demo patients seeded into an empty embedded database at start (0 = no demo). */
  demoPatients: number;
  monitoring: MonitoringConfig;
  /** Record reads, searches and refused requests in the audit log (default true). */
  auditReads: boolean;
  /** PEM file paths: the server listens with HTTPS (http/tls.ts). */
  tls: TlsConfig | undefined;
  /** Requests per client address per minute on the OAuth endpoints (credential stuffing). */
  oauthRateLimitPerMinute: number;
  /** Exact origins allowed to call the FHIR API from a browser (http/cors.ts). */
  corsOrigins: readonly string[];
  /** The web app's development origin (Vite), whose /callback the built-in web client accepts. */
  webDevOrigin: string | undefined;
  /**
   * Proxies whose X-Forwarded-For gives the client address (Fastify `trustProxy`): false (the default:
   * the socket's address, whatever the header says) or proxy addresses/CIDRs.
   */
  trustProxy: false | readonly string[];
  /** AES-256 key for secrets at rest (HEARTH_SECRET_KEY); undefined: generated into the data dir. */
  secretKey: Buffer | undefined;
}

export interface MonitoringConfig {
  /** Minutes an alert waits for acknowledgement before it escalates to the next responder. */
  escalationMinutes: number;
  /** Hours of silence from a paired device that raise a no-data alert. */
  noDataHours: number;
  /** Who receives an alert the last responder left unanswered, e.g. `Organization/clinic`. */
  fallbackResponder: string | undefined;
}

export interface TlsConfig {
  certFile: string;
  keyFile: string;
}

export interface BreakGlassConfig {
  minutes: number;
  /** A reference, e.g. `Practitioner/privacy-officer`: the addressee of break-the-glass notifications. */
  privacyOfficer: string | undefined;
}

export interface LoginConfig {
  /** Consecutive failures that lock an account (NIST SP 800-63B §5.2.2 allows at most 100). */
  maxFailures: number;
  lockoutMinutes: number;
  /** Sign-in form submissions per client address per minute. */
  rateLimitPerMinute: number;
  /** Absolute session lifetime. */
  sessionHours: number;
  /** A session unused this long ends (sign in again). */
  sessionIdleMinutes: number;
  resetTokenMinutes: number;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = validated.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}. Fix the environment variable(s) and start again.`);
  }
  const e = parsed.data;
  const tls =
    e.HEARTH_TLS_CERT !== undefined && e.HEARTH_TLS_KEY !== undefined
      ? Object.freeze({ certFile: e.HEARTH_TLS_CERT, keyFile: e.HEARTH_TLS_KEY })
      : undefined;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: e.HEARTH_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    natsUrl: e.NATS_URL,
    mqttUrl: e.MQTT_URL,
    mqttPort: e.HEARTH_MQTT_PORT === 'off' ? undefined : (e.HEARTH_MQTT_PORT ?? DEFAULT_MQTT_PORT),
    mqttPortExplicit: e.HEARTH_MQTT_PORT !== undefined,
    baseUrl: (e.HEARTH_BASE_URL ?? `${tls ? 'https' : 'http'}://localhost:${e.PORT}`).replace(/\/$/, ''),
    maxBodyBytes: e.HEARTH_MAX_BODY_BYTES,
    accessTokenSeconds: e.HEARTH_ACCESS_TOKEN_SECONDS,
    logLevel: e.HEARTH_LOG_LEVEL,
    login: Object.freeze({
      maxFailures: e.HEARTH_LOGIN_MAX_FAILURES,
      lockoutMinutes: e.HEARTH_LOGIN_LOCKOUT_MINUTES,
      rateLimitPerMinute: e.HEARTH_LOGIN_RATE_LIMIT,
      sessionHours: e.HEARTH_SESSION_HOURS,
      sessionIdleMinutes: e.HEARTH_SESSION_IDLE_MINUTES,
      resetTokenMinutes: e.HEARTH_RESET_TOKEN_MINUTES,
    }),
    demoPatients: e.HEARTH_DEMO_PATIENTS,
    monitoring: Object.freeze({
      escalationMinutes: e.HEARTH_ALERT_ESCALATION_MINUTES,
      noDataHours: e.HEARTH_NO_DATA_HOURS,
      fallbackResponder: e.HEARTH_ALERT_FALLBACK ?? e.HEARTH_PRIVACY_OFFICER,
    }),
    breakGlass: Object.freeze({
      minutes: e.HEARTH_BREAK_GLASS_MINUTES,
      privacyOfficer: e.HEARTH_PRIVACY_OFFICER,
    }),
    auditReads: e.HEARTH_AUDIT_READS === 'on',
    tls,
    oauthRateLimitPerMinute: e.HEARTH_OAUTH_RATE_LIMIT,
    corsOrigins: Object.freeze(e.HEARTH_CORS_ORIGINS),
    webDevOrigin: e.HEARTH_WEB_DEV_ORIGIN,
    trustProxy: e.HEARTH_TRUST_PROXY === false ? false : Object.freeze(e.HEARTH_TRUST_PROXY),
    secretKey: e.HEARTH_SECRET_KEY,
  });
}
