// A monitoring test server: the HTTP app with audit, FHIR routes and startMonitoring on a test database,
// an injected clock and no timer (tests call tick()), plus a small care population and live-socket helpers.
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/audit-log.ts';
import { installAudit } from '../audit/install.ts';
import { loadConfig, type Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import type { AccessContext, Repository } from '../db/repository.types.ts';
import type { NormalizedReading } from '../devices/types.ts';
import { createInProcessBus } from '../events/bus.ts';
import { fhirRestRoutes } from '../fhir-rest/fhir.routes.ts';
import { TEST_BASE, testAuthenticator } from '../fhir-rest/test-server.ts';
import { buildApp } from '../http/app.ts';
import { createServerRepository } from '../main.ts';
import { startMonitoring, type Monitoring } from './monitoring.ts';

export const T0 = Date.parse('2026-11-23T08:00:00Z');

const user = (id: string, role: 'practitioner' | 'patient', fhirUser: string) => ({ id, role, fhirUser });

export const MONITORING_TOKENS: Record<string, AccessContext> = {
  'dr-a': {
    actor: 'Practitioner/dr-a',
    scopes: ['user/*.cruds'],
    user: user('u-dra', 'practitioner', 'Practitioner/dr-a'),
  },
  bob: {
    actor: 'Patient/bob',
    scopes: ['patient/*.rs'],
    user: user('u-bob', 'patient', 'Patient/bob'),
    patient: 'bob',
  },
};

const org = (id: string): Resource => ({ resourceType: 'Organization', id, name: id });
const practitioner = (id: string): Resource => ({ resourceType: 'Practitioner', id, name: [{ family: id }] });
const patient = (id: string, family: string): Resource => ({
  resourceType: 'Patient',
  id,
  name: [{ given: ['Test'], family }],
  managingOrganization: { reference: 'Organization/hosp-a' },
});
const device = (id: string, patientId: string): Resource => ({
  resourceType: 'Device',
  id,
  status: 'active',
  patient: { reference: `Patient/${patientId}` },
});
const condition = (id: string, patientId: string, system: string, code: string): Resource => ({
  resourceType: 'Condition',
  id,
  clinicalStatus: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
  },
  code: { coding: [{ system, code }] },
  subject: { reference: `Patient/${patientId}` },
});

/**
 * alice (care team: dr-a then dr-c; device dev-a), bob (another patient, device dev-b), hyper (hypercapnic
 * respiratory failure, dev-h), heart (heart failure, a care plan with a BP goal, dev-w). Fallback: hosp-a.
 */
export const MONITORING_POPULATION: Resource[] = [
  org('hosp-a'),
  practitioner('dr-a'),
  practitioner('dr-c'),
  {
    resourceType: 'PractitionerRole',
    id: 'role-a',
    practitioner: { reference: 'Practitioner/dr-a' },
    organization: { reference: 'Organization/hosp-a' },
  },
  patient('alice', 'Alder'),
  patient('bob', 'Bishop'),
  patient('hyper', 'Hume'),
  patient('heart', 'Hart'),
  {
    resourceType: 'CareTeam',
    id: 'team-alice',
    status: 'active',
    subject: { reference: 'Patient/alice' },
    participant: [
      { member: { reference: 'Practitioner/dr-a' } },
      { member: { reference: 'Practitioner/dr-c' } },
    ],
  },
  device('dev-a', 'alice'),
  device('dev-b', 'bob'),
  device('dev-h', 'hyper'),
  device('dev-w', 'heart'),
  condition('hyper-hcrf', 'hyper', 'http://snomed.info/sct', '426896000'),
  condition('heart-hf', 'heart', 'http://snomed.info/sct', '84114007'),
  {
    resourceType: 'Goal',
    id: 'heart-bp',
    lifecycleStatus: 'active',
    priority: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-priority', code: 'high-priority' }],
    },
    description: { text: 'Systolic under 140' },
    subject: { reference: 'Patient/heart' },
    target: [
      {
        measure: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
        detailRange: {
          high: { value: 140, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
        },
      },
    ],
  },
  {
    resourceType: 'CarePlan',
    id: 'heart-plan',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/heart' },
    goal: [{ reference: 'Goal/heart-bp' }],
  },
];

export interface MonitoringServer {
  app: FastifyInstance;
  repo: Repository;
  audit: AuditLog;
  monitoring: Monitoring;
  /** Advances the injected clock. */
  advance(ms: number): void;
  now(): number;
  close(): Promise<void>;
}

/** A server on `engine` (not closed by `close()`, so a test can restart on the same database). */
export async function openMonitoringServer(
  engine: Engine,
  opts: { startMs?: number; monitoring?: Partial<Config['monitoring']>; config?: Partial<Config> } = {},
): Promise<MonitoringServer> {
  let now = opts.startMs ?? T0;
  const clock = () => new Date(now);
  const base = loadConfig({ HEARTH_BASE_URL: TEST_BASE, HEARTH_LOG_LEVEL: 'silent' });
  const config: Config = { ...base, ...opts.config, monitoring: { ...base.monitoring, ...opts.monitoring } };
  const bus = createInProcessBus();
  const repo = createServerRepository({ engine, config, bus, clock });
  const authenticate = testAuthenticator(MONITORING_TOKENS);
  const app = buildApp({ config, engine, repo, authenticate, clock });
  const audit = await installAudit(app, { engine, auditReads: true, authenticate, flushMs: 3_600_000 });
  await app.register(fhirRestRoutes, { repo, baseUrl: `${config.baseUrl}/fhir` });
  const monitoring = await startMonitoring({
    app,
    engine,
    repo,
    config,
    bus,
    authenticate,
    clock,
    tickMs: 0,
  });
  await app.ready();
  return {
    app,
    repo,
    audit,
    monitoring,
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
    async close() {
      await monitoring.close();
      await app.close();
      await bus.close();
    },
  };
}

export const UNITS: Readonly<Record<string, string>> = {
  '9279-1': '/min',
  '59408-5': '%',
  '8867-4': '/min',
  '8310-5': 'Cel',
  '29463-7': 'kg',
};

export function reading(code: string, value: number, timeMs: number): NormalizedReading {
  return { kind: 'heart-rate', code, unit: UNITS[code] ?? '', value, timeMs };
}

export function bloodPressure(systolic: number, diastolic: number, timeMs: number): NormalizedReading {
  return {
    kind: 'blood-pressure',
    code: '85354-9',
    unit: 'mm[Hg]',
    components: [
      { code: '8480-6', value: systolic, unit: 'mm[Hg]' },
      { code: '8462-4', value: diastolic, unit: 'mm[Hg]' },
    ],
    timeMs,
  };
}

/** RCP NEWS2 Chart 1: RR 26 (3), SpO2 90 (3, Scale 1), SBP 95 (2), pulse 135 (3), temp 39.5 (2): 13, high. */
export function deterioration(timeMs: number): NormalizedReading[] {
  return [
    reading('9279-1', 26, timeMs),
    reading('59408-5', 90, timeMs),
    bloodPressure(95, 60, timeMs),
    reading('8867-4', 135, timeMs),
    reading('8310-5', 39.5, timeMs),
  ];
}

/** Polls `check` until it holds or `ms` passes (no fixed sleeps). */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface LiveMessage {
  type: string;
  patientId?: string;
  alert?: { id: string; patientId: string; rule: string; severity: string; status: string; owner?: string };
  [k: string]: unknown;
}

/** A WebSocket to /monitoring/ws authenticated with `token`; resolves once the server said ready. */
export async function liveSocket(app: FastifyInstance, token: string) {
  const ws = await app.injectWS('/monitoring/ws');
  const messages: LiveMessage[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as LiveMessage));
  ws.send(JSON.stringify({ type: 'auth', token }));
  await until(() => messages.some((m) => m.type === 'ready'));
  return { ws, messages };
}
