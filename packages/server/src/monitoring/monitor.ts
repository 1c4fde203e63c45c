// The monitoring engine: device readings in (onStored, after they are durable), per-patient state in
// memory, effects out — RiskAssessments when NEWS2 changes, alerts, live messages. Care-record changes
// (clinician Observations, Conditions, Flags, care plans, care teams, devices) arrive as change events.
import { news2InputsFromObservations, news2ResultRiskAssessment, type News2Result } from '@hearth/clinical';
import type { Device, Observation, RiskAssessment } from '@medplum/fhirtypes';
import type { MonitoringConfig } from '../config/config.ts';
import { SYSTEM_CONTEXT, type ChangeEvent } from '../db/repository.types.ts';
import type { DeviceIdentity, NormalizedReading } from '../devices/types.ts';
import type { AlertService } from './alert-service.ts';
import { searchAll, type SearchTarget } from './fhir-search.ts';
import type { LiveHub } from './live-hub.ts';
import { loadPatient } from './patient-context.ts';
import { NEWS2_INPUT_MAX_AGE_MS, PatientState, type Effects, type News2Field } from './patient-state.ts';

export interface StoredBatch {
  identity: DeviceIdentity;
  readings: NormalizedReading[];
}

export interface MonitorOptions extends SearchTarget {
  config: MonitoringConfig;
  clock: () => Date;
  alerts: () => AlertService;
  hub: LiveHub;
  onError: (err: unknown) => void;
}

/** Live vitals go out at most once a second per patient and code (the #6 contract). */
const VITALS_INTERVAL_MS = 1_000;
const CONTEXT_TYPES = new Set(['Condition', 'Flag', 'CarePlan', 'Goal', 'CareTeam', 'Patient']);

export interface Monitor {
  onStored(batch: StoredBatch): void;
  onChange(event: ChangeEvent): void;
  /** Loads every patient with a paired device or an open alert, in the background (start). */
  preload(): Promise<void>;
  tick(): void;
  ensure(patientId: string): Promise<PatientState | undefined>;
  states(): ReadonlyMap<string, PatientState>;
  /** Resolves when every queued write (RiskAssessments, alerts, loads) has finished: tests and shutdown. */
  idle(): Promise<void>;
}

export function createMonitor(opts: MonitorOptions): Monitor {
  const states = new Map<string, PatientState>();
  const loading = new Map<string, Promise<PatientState | undefined>>();
  const waiting = new Map<string, StoredBatch[]>();
  const lastVital = new Map<string, number>();
  const riskWrites = new Map<string, { running: Promise<void>; next: News2Result | undefined }>();
  const pending = new Set<Promise<unknown>>();
  const nowMs = () => opts.clock().getTime();

  function track<T>(p: Promise<T>): Promise<T> {
    const q = p.catch((err: unknown) => {
      opts.onError(err);
      return undefined as T;
    });
    pending.add(q);
    void q.finally(() => pending.delete(q));
    return q;
  }

  function writeRisk(state: PatientState, result: News2Result): void {
    const slot = riskWrites.get(state.patientId);
    if (slot) {
      slot.next = result; // coalesced: the latest score is written when the running write ends
      return;
    }
    const run = (r: News2Result): Promise<void> => {
      const at = opts.clock().toISOString();
      const devices = [...state.context.devices.keys()].map((id) => ({ reference: `Device/${id}` }));
      const ra: RiskAssessment = news2ResultRiskAssessment({
        result: r,
        subject: { reference: `Patient/${state.patientId}` },
        occurrence: at,
        basis: devices,
      });
      if (devices.length === 0) delete ra.basis;
      return opts.repo.create(SYSTEM_CONTEXT, ra).then(() => {
        const s = riskWrites.get(state.patientId)!;
        const next = s.next;
        s.next = undefined;
        if (next) return run(next);
        riskWrites.delete(state.patientId);
      });
    };
    const entry = { running: Promise.resolve(), next: undefined as News2Result | undefined };
    riskWrites.set(state.patientId, entry);
    entry.running = track(
      run(result).catch((err: unknown) => {
        riskWrites.delete(state.patientId);
        throw err;
      }),
    );
  }

  function apply(state: PatientState, effects: Effects): void {
    const id = state.patientId;
    const t = nowMs();
    for (const v of effects.vitals) {
      const key = `${id}|${v.code}`;
      if (t - (lastVital.get(key) ?? -Infinity) < VITALS_INTERVAL_MS) continue;
      lastVital.set(key, t);
      opts.hub.send(id, { type: 'vitals', patientId: id, ...v, time: new Date(v.time).toISOString() });
    }
    if (effects.news2) {
      const r = effects.news2;
      writeRisk(state, r);
      opts.hub.send(id, {
        type: 'news2',
        patientId: id,
        score: r.aggregate,
        band: r.band,
        complete: r.complete,
        at: new Date(t).toISOString(),
      });
    }
    for (const c of effects.alerts) void track(opts.alerts().raise(id, c));
  }

  function process(state: PatientState, batch: StoredBatch): void {
    apply(state, state.applyReadings(batch.identity.deviceId, batch.readings, nowMs()));
  }

  async function load(patientId: string): Promise<PatientState | undefined> {
    const loaded = await loadPatient(opts, patientId, {
      nowMs: nowMs(),
      fallback: opts.config.fallbackResponder,
    });
    const prior = states.get(patientId);
    if (prior) {
      apply(prior, prior.setContext(loaded.context, nowMs()));
      return prior;
    }
    const state = new PatientState(patientId, loaded.context, nowMs());
    // History re-arms the rules (a crossing already alerted before a restart is not alerted again) and
    // fills the series; its effects are not replayed.
    for (const { deviceId, reading } of loaded.readings)
      state.applyReading(deviceId ?? '', reading, reading.timeMs);
    state.applyInputs(loaded.inputs, nowMs());
    state.setContext(loaded.context, nowMs());
    states.set(patientId, state);
    for (const b of waiting.get(patientId) ?? []) process(state, b);
    waiting.delete(patientId);
    return state;
  }

  function ensure(patientId: string): Promise<PatientState | undefined> {
    const state = states.get(patientId);
    if (state) return Promise.resolve(state);
    let p = loading.get(patientId);
    if (!p) {
      p = track(load(patientId)).finally(() => loading.delete(patientId));
      loading.set(patientId, p);
    }
    return p;
  }

  /** Reloads a patient's context after a care-record change (one reload at a time, the last one wins). */
  const reloads = new Map<string, boolean>();
  function reload(patientId: string): void {
    if (!states.has(patientId)) return;
    if (reloads.has(patientId)) {
      reloads.set(patientId, true);
      return;
    }
    reloads.set(patientId, false);
    const run = (): Promise<void> =>
      load(patientId).then(() => {
        if (reloads.get(patientId)) {
          reloads.set(patientId, false);
          return run();
        }
        reloads.delete(patientId);
      });
    void track(run().finally(() => reloads.delete(patientId)));
  }

  async function clinicianObservation(event: ChangeEvent): Promise<void> {
    const raw = await opts.repo.readRaw(SYSTEM_CONTEXT, 'Observation', event.id);
    const o = JSON.parse(raw.content) as Observation;
    if (o.device) return; // a device's own Observation: its readings came through onStored
    const t = nowMs();
    const window = {
      start: new Date(t - NEWS2_INPUT_MAX_AGE_MS).toISOString(),
      end: new Date(t + 60_000).toISOString(),
    };
    const { input } = news2InputsFromObservations([o], window);
    const at = Date.parse(o.effectiveDateTime ?? o.effectiveInstant ?? o.effectivePeriod?.end ?? '');
    const inputs = (Object.keys(input) as News2Field[]).map(
      (f): [News2Field, (typeof input)[News2Field], number] => [f, input[f], at],
    );
    for (const p of event.patientIds) {
      const state = states.get(p);
      if (state && inputs.length > 0) apply(state, state.applyInputs(inputs, t));
    }
  }

  async function deviceChanged(event: ChangeEvent): Promise<void> {
    const device = (await opts.repo.read(SYSTEM_CONTEXT, 'Device', event.id).catch(() => undefined)) as
      Device | undefined;
    const patientId = /^Patient\/(.+)$/.exec(device?.patient?.reference ?? '')?.[1];
    for (const [id, s] of states) if (s.context.devices.has(event.id) && id !== patientId) reload(id);
    if (patientId) {
      if (states.has(patientId)) reload(patientId);
      else await ensure(patientId);
    }
  }

  async function preloadAll(): Promise<void> {
    const devices = await searchAll<Device>(opts, SYSTEM_CONTEXT, 'Device', [['status', 'active']]);
    const patients = new Set(
      devices.flatMap((d) => /^Patient\/(.+)$/.exec(d.patient?.reference ?? '')?.[1] ?? []),
    );
    for (const v of opts.alerts().views()) if (v.status !== 'acknowledged') patients.add(v.patientId);
    // Two at a time: a start with thousands of monitored patients must not starve the server.
    const queue = [...patients];
    const worker = async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) await ensure(p);
    };
    await Promise.all([worker(), worker()]);
  }

  return {
    onStored(batch) {
      const patientId = batch.identity.patientId;
      if (patientId === undefined || batch.readings.length === 0) return;
      const state = states.get(patientId);
      if (state) {
        process(state, batch);
        return;
      }
      const queue = waiting.get(patientId) ?? [];
      queue.push(batch);
      waiting.set(patientId, queue);
      void ensure(patientId);
    },
    onChange(event) {
      if (event.action === 'delete' && event.resourceType !== 'Device') {
        for (const p of event.patientIds) if (CONTEXT_TYPES.has(event.resourceType)) reload(p);
        return;
      }
      switch (event.resourceType) {
        case 'Observation':
          if (event.patientIds.some((p) => states.has(p))) void track(clinicianObservation(event));
          return;
        case 'Device':
          void track(deviceChanged(event));
          return;
        case 'Task':
          void track(opts.alerts().refresh(event.id));
          return;
        default:
          if (CONTEXT_TYPES.has(event.resourceType)) for (const p of event.patientIds) reload(p);
      }
    },
    preload() {
      return track(preloadAll());
    },
    tick() {
      const t = nowMs();
      for (const state of states.values()) apply(state, state.tick(t, opts.config.noDataHours));
    },
    ensure,
    states: () => states,
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
