// Remote monitoring end to end on both engines: readings (through onStored, the store's seam) → NEWS2 →
// RiskAssessment on change → alert as Flag + Task → WebSocket to those who may read the patient →
// acknowledged (audited as the user) or escalated at the deadline, also across a restart.
import type { AuditEvent, Bundle, Flag, RiskAssessment, Task } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { createServerRepository } from '../main.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import type { AlertView } from './alert-types.ts';
import type { Dashboard } from './dashboard.ts';
import {
  bloodPressure,
  deterioration,
  liveSocket,
  MONITORING_POPULATION,
  openMonitoringServer,
  reading,
  T0,
  until,
  type MonitoringServer,
} from './monitoring.fixtures.ts';

const FHIR = 'http://hearth.test/fhir';
const MIN = 60_000;

async function search<T>(repo: Repository, type: string, query: [string, string][]): Promise<T[]> {
  const b: Bundle = await repo.search(SYSTEM_CONTEXT, type, [...query, ['_count', '1000']], {
    baseUrl: FHIR,
  });
  return (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource as T);
}

const alertTasks = (repo: Repository, patient: string) =>
  search<Task>(repo, 'Task', [['patient', `Patient/${patient}`]]);

describe.each(testEngines())('remote monitoring on %s', (_name, open) => {
  let engine: Engine;
  let s: MonitoringServer;

  beforeEach(async () => {
    engine = await open();
    const seed = createServerRepository({
      engine,
      config: loadConfig({ HEARTH_BASE_URL: 'http://hearth.test' }),
    });
    await seed.putMany(SYSTEM_CONTEXT, MONITORING_POPULATION);
    s = await openMonitoringServer(engine);
  });
  afterEach(async () => {
    await s.close();
    await engine.close();
  });

  const post = (url: string, token: string) =>
    s.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` } });

  async function raiseAliceAlert(): Promise<Task> {
    s.monitoring.onStored({
      identity: { deviceId: 'dev-a', patientId: 'alice' },
      readings: deterioration(s.now()),
    });
    await s.monitoring.idle();
    const tasks = await alertTasks(s.repo, 'alice');
    expect(tasks).toHaveLength(1);
    return tasks[0]!;
  }

  it('a deterioration becomes one Flag + Task for the first responder, live to a clinician but not to another patient', async () => {
    const clinician = await liveSocket(s.app, 'dr-a');
    const otherPatient = await liveSocket(s.app, 'bob');
    const task = await raiseAliceAlert();
    // More readings over the threshold: still one alert.
    s.monitoring.onStored({
      identity: { deviceId: 'dev-a', patientId: 'alice' },
      readings: deterioration(s.now() + 1000),
    });
    await s.monitoring.idle();
    expect(await alertTasks(s.repo, 'alice')).toHaveLength(1);

    expect(task).toMatchObject({
      status: 'requested',
      priority: 'stat',
      for: { reference: 'Patient/alice' },
      owner: { reference: 'Practitioner/dr-a' },
      restriction: { period: { end: new Date(T0 + 15 * MIN).toISOString() } },
    });
    const flag = (await s.repo.read(SYSTEM_CONTEXT, 'Flag', task.focus!.reference!.slice(5))) as Flag;
    expect(flag).toMatchObject({ status: 'active', subject: { reference: 'Patient/alice' } });

    await until(() => clinician.messages.some((m) => m.type === 'alert'));
    const alert = clinician.messages.find((m) => m.type === 'alert')!.alert!;
    expect(alert).toMatchObject({
      id: task.id,
      patientId: 'alice',
      rule: 'news2',
      severity: 'high',
      status: 'open',
    });
    expect(clinician.messages.some((m) => m.type === 'news2' && m.patientId === 'alice')).toBe(true);
    expect(clinician.messages.some((m) => m.type === 'vitals' && m.patientId === 'alice')).toBe(true);
    // bob's socket: the same messages were sent after the clinician's, and none reached it.
    await s.monitoring.idle();
    bobSeesOnlyBob(otherPatient.messages);
    // …while bob's own readings do reach bob.
    s.monitoring.onStored({
      identity: { deviceId: 'dev-b', patientId: 'bob' },
      readings: [reading('8867-4', 70, s.now())],
    });
    await until(() => otherPatient.messages.some((m) => m.type === 'vitals'));
    bobSeesOnlyBob(otherPatient.messages);
    clinician.ws.terminate();
    otherPatient.ws.terminate();
  });

  function bobSeesOnlyBob(messages: { type: string; patientId?: string }[]) {
    expect(messages.filter((m) => m.type !== 'ready' && m.patientId !== 'bob')).toEqual([]);
  }

  it('closes a socket whose first message is not a valid token with 4401', async () => {
    const ws = await s.app.injectWS('/monitoring/ws');
    const closed = new Promise<number>((resolve) =>
      ws.on('close', (code: number) => {
        resolve(code);
      }),
    );
    ws.send(JSON.stringify({ type: 'auth', token: 'not-a-token' }));
    expect(await closed).toBe(4401);
    const ws2 = await s.app.injectWS('/monitoring/ws');
    const closed2 = new Promise<number>((resolve) =>
      ws2.on('close', (code: number) => {
        resolve(code);
      }),
    );
    ws2.send('hello');
    expect(await closed2).toBe(4401);
    // A later auth message with a bad token ends an authenticated socket too.
    const live = await liveSocket(s.app, 'dr-a');
    const closed3 = new Promise<number>((resolve) =>
      live.ws.on('close', (code: number) => {
        resolve(code);
      }),
    );
    live.ws.send(JSON.stringify({ type: 'auth', token: 'revoked' }));
    expect(await closed3).toBe(4401);
  });

  it('closes an authenticated socket with 4401 when its token would have expired', async () => {
    await s.close();
    s = await openMonitoringServer(engine, { config: { accessTokenSeconds: 1 } });
    const live = await liveSocket(s.app, 'dr-a');
    const closed = new Promise<number>((resolve) =>
      live.ws.on('close', (code: number) => {
        resolve(code);
      }),
    );
    expect(await closed).toBe(4401);
  });

  it('acknowledge through REST is done as the user: Task accepted, Flag inactive, audited as dr-a', async () => {
    const clinician = await liveSocket(s.app, 'dr-a');
    const task = await raiseAliceAlert();
    // A patient cannot acknowledge another patient's alert (nor learn that it exists), and nothing changes.
    expect((await post(`/monitoring/alerts/${task.id}/acknowledge`, 'bob')).statusCode).toBe(404);
    expect(((await s.repo.read(SYSTEM_CONTEXT, 'Task', task.id!)) as Task).status).toBe('requested');
    expect((await post(`/monitoring/alerts/${task.id}/acknowledge`, 'nobody')).statusCode).toBe(401);
    expect((await post('/monitoring/alerts/missing/acknowledge', 'dr-a')).statusCode).toBe(404);
    const other = await s.repo.create<Task>(SYSTEM_CONTEXT, {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/alice' },
    });
    const notAlert = await post(`/monitoring/alerts/${other.resource.id}/acknowledge`, 'dr-a');
    expect(notAlert.statusCode).toBe(409);
    expect(notAlert.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    expect((await post('/monitoring/alerts/bad%20id!/acknowledge', 'dr-a')).statusCode).toBe(400);

    const res = await post(`/monitoring/alerts/${task.id}/acknowledge`, 'dr-a');
    expect(res.statusCode).toBe(200);
    expect(res.json<AlertView>()).toMatchObject({
      id: task.id,
      status: 'acknowledged',
      acknowledgedBy: 'Practitioner/dr-a',
    });
    const stored = (await s.repo.read(SYSTEM_CONTEXT, 'Task', task.id!)) as Task;
    expect(stored.status).toBe('accepted');
    const flag = (await s.repo.read(SYSTEM_CONTEXT, 'Flag', task.focus!.reference!.slice(5))) as Flag;
    expect(flag.status).toBe('inactive');
    await until(() =>
      clinician.messages.some((m) => m.type === 'alert' && m.alert?.status === 'acknowledged'),
    );

    await s.audit.flush();
    const events = await search<AuditEvent>(s.repo, 'AuditEvent', []);
    const ack = events.filter(
      (e) =>
        e.entity?.some((x) => x.what?.reference?.startsWith(`Task/${task.id}`)) &&
        e.agent.some((a) => a.who?.reference === 'Practitioner/dr-a'),
    );
    expect(ack.length).toBe(1);
    // Acknowledged once only; and the deadline no longer applies.
    expect((await post(`/monitoring/alerts/${task.id}/acknowledge`, 'dr-a')).statusCode).toBe(409);
    s.advance(60 * MIN);
    await s.monitoring.tick();
    expect(((await s.repo.read(SYSTEM_CONTEXT, 'Task', task.id!)) as Task).owner?.reference).toBe(
      'Practitioner/dr-a',
    );
    clinician.ws.terminate();
  });

  it('escalates an unanswered alert to the next responder at the deadline, then to the fallback, never dropped', async () => {
    const task = await raiseAliceAlert();
    s.advance(14 * MIN);
    await s.monitoring.tick();
    expect(((await s.repo.read(SYSTEM_CONTEXT, 'Task', task.id!)) as Task).owner?.reference).toBe(
      'Practitioner/dr-a',
    );
    s.advance(2 * MIN);
    await s.monitoring.tick();
    const second = (await s.repo.read(SYSTEM_CONTEXT, 'Task', task.id!)) as Task;
    expect(second).toMatchObject({ status: 'requested', owner: { reference: 'Practitioner/dr-c' } });
    expect(second.restriction?.period?.end).toBe(new Date(s.now() + 15 * MIN).toISOString());
    s.advance(16 * MIN);
    await s.monitoring.tick();
    // The care team's last member passed it on: the fallback (alice's organization) holds it, with no
    // further deadline, still open until someone acknowledges it.
    const last = (await s.repo.read(SYSTEM_CONTEXT, 'Task', task.id!)) as Task;
    expect(last).toMatchObject({ status: 'requested', owner: { reference: 'Organization/hosp-a' } });
    expect(last.restriction).toBeUndefined();
    const view = s.monitoring.alerts.views().find((v) => v.id === task.id);
    expect(view).toMatchObject({ status: 'escalated', escalationLevel: 2 });
    expect((await post(`/monitoring/alerts/${task.id}/escalate`, 'dr-a')).statusCode).toBe(409);
    expect((await post(`/monitoring/alerts/${task.id}/acknowledge`, 'dr-a')).statusCode).toBe(200);
  });

  it('escalation by hand moves the alert on at once, audited as the user', async () => {
    const task = await raiseAliceAlert();
    const res = await post(`/monitoring/alerts/${task.id}/escalate`, 'dr-a');
    expect(res.statusCode).toBe(200);
    expect(res.json<AlertView>()).toMatchObject({
      status: 'escalated',
      owner: 'Practitioner/dr-c',
      escalationLevel: 1,
    });
    await s.audit.flush();
    const events = await search<AuditEvent>(s.repo, 'AuditEvent', []);
    expect(
      events.some(
        (e) =>
          e.entity?.some((x) => x.what?.reference?.startsWith(`Task/${task.id}`)) &&
          e.agent.some((a) => a.who?.reference === 'Practitioner/dr-a'),
      ),
    ).toBe(true);
  });

  it('a restart resumes escalation from the Task', async () => {
    const task = await raiseAliceAlert();
    await s.close();
    s = await openMonitoringServer(engine, { startMs: T0 + 20 * MIN });
    await s.monitoring.tick();
    const after = (await s.repo.read(SYSTEM_CONTEXT, 'Task', task.id!)) as Task;
    expect(after.owner?.reference).toBe('Practitioner/dr-c');
    // And the open alert is known: the same deterioration does not raise a second one.
    s.monitoring.onStored({
      identity: { deviceId: 'dev-a', patientId: 'alice' },
      readings: deterioration(s.now()),
    });
    await s.monitoring.idle();
    expect(await alertTasks(s.repo, 'alice')).toHaveLength(1);
  });

  it('writes a RiskAssessment when the score changes, not for every reading', async () => {
    const id = { deviceId: 'dev-a', patientId: 'alice' };
    const healthy = (t: number) => [
      reading('9279-1', 16, t),
      reading('59408-5', 97, t),
      bloodPressure(120, 80, t),
      reading('8867-4', 70, t),
      reading('8310-5', 37, t),
    ];
    s.monitoring.onStored({ identity: id, readings: healthy(s.now()) });
    await s.monitoring.idle();
    const first = await search<RiskAssessment>(s.repo, 'RiskAssessment', [['subject', 'Patient/alice']]);
    for (let i = 1; i <= 20; i++)
      s.monitoring.onStored({ identity: id, readings: healthy(s.now() + i * 1000) });
    await s.monitoring.idle();
    expect(await search(s.repo, 'RiskAssessment', [['subject', 'Patient/alice']])).toHaveLength(first.length);
    // Pulse 95 scores 1: one more assessment.
    s.monitoring.onStored({ identity: id, readings: [reading('8867-4', 95, s.now() + 30_000)] });
    await s.monitoring.idle();
    const all = await search<RiskAssessment>(s.repo, 'RiskAssessment', [['subject', 'Patient/alice']]);
    expect(all).toHaveLength(first.length + 1);
    expect(all.some((r) => r.prediction?.[0]?.rationale?.startsWith('NEWS2 1 (partial'))).toBe(true);
  });

  it('takes consciousness (ACVPU) and supplemental oxygen from clinician-entered Observations', async () => {
    const id = { deviceId: 'dev-a', patientId: 'alice' };
    const t = s.now();
    s.monitoring.onStored({
      identity: id,
      readings: [
        reading('9279-1', 16, t),
        reading('59408-5', 97, t),
        bloodPressure(120, 80, t),
        reading('8867-4', 70, t),
        reading('8310-5', 37, t),
      ],
    });
    await s.monitoring.idle();
    const clinician = await liveSocket(s.app, 'dr-a');
    const observation = (code: object, value: object) => ({
      resourceType: 'Observation',
      status: 'final',
      code,
      subject: { reference: 'Patient/alice' },
      effectiveDateTime: new Date(t).toISOString(),
      ...value,
    });
    const acvpu = observation(
      { coding: [{ system: 'http://snomed.info/sct', code: '1104441000000107' }] },
      { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '300202002' }] } },
    );
    const oxygen = observation(
      { coding: [{ system: 'http://loinc.org', code: '3151-8' }] },
      { valueQuantity: { value: 2, unit: 'L/min', system: 'http://unitsofmeasure.org', code: 'L/min' } },
    );
    for (const o of [acvpu, oxygen]) {
      const res = await s.app.inject({
        method: 'POST',
        url: '/fhir/Observation',
        headers: { authorization: 'Bearer dr-a', 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(o),
      });
      expect(res.statusCode).toBe(201);
    }
    // RCP Chart 1: responds to voice scores 3, oxygen 2; the rest 0 — complete, 5, medium.
    await until(() =>
      clinician.messages.some((m) => m.type === 'news2' && m.score === 5 && m.complete === true),
    );
    await s.monitoring.idle();
    const tasks = await alertTasks(s.repo, 'alice');
    expect(tasks.map((x) => x.priority)).toEqual(['urgent']);
    clinician.ws.terminate();
  });

  it('scores SpO2 on Scale 2 for a patient with hypercapnic respiratory failure', async () => {
    const t = s.now();
    s.monitoring.onStored({
      identity: { deviceId: 'dev-h', patientId: 'hyper' },
      readings: [reading('9279-1', 16, t), reading('59408-5', 89, t), reading('8867-4', 70, t)],
    });
    await s.monitoring.idle();
    const [ra] = await search<RiskAssessment>(s.repo, 'RiskAssessment', [['subject', 'Patient/hyper']]);
    expect(ra?.method?.text).toContain('SpO2 scale 2');
    // Scale 2: 89% scores 0 on air and on oxygen alike below 93 … no: 88–92 on air 0, on oxygen 0 —
    // Chart 1's Scale 2 columns agree below 93, so it is scored without knowing air or oxygen.
    expect(ra?.prediction?.[0]?.rationale).toMatch(/^NEWS2 0 /);
    expect(await alertTasks(s.repo, 'hyper')).toEqual([]);
  });

  it('alerts on a care-plan target and on the heart-failure weight trend', async () => {
    const id = { deviceId: 'dev-w', patientId: 'heart' };
    const t = s.now();
    s.monitoring.onStored({
      identity: id,
      readings: [bloodPressure(150, 85, t), reading('29463-7', 80, t - 2 * 24 * 60 * MIN)],
    });
    s.monitoring.onStored({ identity: id, readings: [reading('29463-7', 82.5, t)] });
    await s.monitoring.idle();
    const tasks = await alertTasks(s.repo, 'heart');
    const rules = tasks.map((x) => [x.code?.coding?.[0]?.code, x.priority]).sort();
    expect(rules).toEqual([
      ['threshold', 'stat'],
      ['trend', 'urgent'],
    ]);
  });

  it('raises a no-data alert when a paired device stays silent', async () => {
    await s.close();
    s = await openMonitoringServer(engine, { monitoring: { noDataHours: 2 } });
    s.monitoring.onStored({
      identity: { deviceId: 'dev-b', patientId: 'bob' },
      readings: [reading('8867-4', 70, s.now())],
    });
    await s.monitoring.idle();
    s.advance(2 * 60 * MIN + MIN);
    await s.monitoring.tick();
    await s.monitoring.idle();
    const tasks = await alertTasks(s.repo, 'bob');
    expect(tasks.map((x) => x.code?.coding?.[0]?.code)).toContain('no-data');
    expect(tasks.find((x) => x.code?.coding?.[0]?.code === 'no-data')?.description).toContain('Device/dev-b');
  });

  it('the dashboard ranks the patients the caller may read, with series and alerts; a patient sees only themself', async () => {
    await raiseAliceAlert();
    s.monitoring.onStored({
      identity: { deviceId: 'dev-b', patientId: 'bob' },
      readings: [reading('8867-4', 70, s.now())],
    });
    await s.monitoring.idle();
    const res = await s.app.inject({
      method: 'GET',
      url: '/monitoring/dashboard',
      headers: { authorization: 'Bearer dr-a' },
    });
    expect(res.statusCode).toBe(200);
    const d = res.json<Dashboard>();
    expect(d.patients[0]).toMatchObject({
      patientId: 'alice',
      name: 'Test Alder',
      openAlerts: 1,
      news2: { band: 'high' },
    });
    expect(d.patients[0]!.series['8867-4']).toEqual([[T0, 135]]);
    expect(d.alerts.map((a) => a.patientId)).toEqual(['alice']);
    const mine = (
      await s.app.inject({
        method: 'GET',
        url: '/monitoring/dashboard',
        headers: { authorization: 'Bearer bob' },
      })
    ).json<Dashboard>();
    expect(mine.patients.map((p) => p.patientId)).toEqual(['bob']);
    expect(mine.alerts).toEqual([]);
    expect((await s.app.inject({ method: 'GET', url: '/monitoring/dashboard' })).statusCode).toBe(401);

    // Each dashboard read is audited with the patients it showed; the refused one too.
    await s.audit.flush();
    const events = await search<AuditEvent>(s.repo, 'AuditEvent', [['action', 'R']]);
    const byWho = (who: string) =>
      events.filter((e) => e.agent.some((a) => a.who?.reference === who) && e.outcome === '0');
    const patientsOf = (e: AuditEvent) =>
      (e.entity ?? []).flatMap((x) => (x.what?.reference?.startsWith('Patient/') ? [x.what.reference] : []));
    expect(byWho('Practitioner/dr-a').map(patientsOf)).toContainEqual(
      expect.arrayContaining(['Patient/alice', 'Patient/bob']),
    );
    expect(byWho('Patient/bob').map(patientsOf)).toContainEqual(['Patient/bob']);
    expect(events.filter((e) => e.outcome !== '0').length).toBeGreaterThanOrEqual(1);
  });
});
