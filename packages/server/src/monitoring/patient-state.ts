// One monitored patient in memory: the latest NEWS2 inputs, the state that makes each rule fire once per
// crossing, the 24-hour series for the dashboard. Pure and synchronous: a reading costs O(1) (the weight
// trend looks at the few weights of 3 days); what must be written or sent comes back as effects.
import { scoreNews2, type News2Input, type News2Result } from '@hearth/clinical';
import type { NormalizedReading } from '../devices/types.ts';
import type { AlertCandidate } from './alert-types.ts';
import { BLOOD_PRESSURE_PANEL, BODY_WEIGHT, NEWS2_FIELD_BY_CODE } from './codes.ts';
import {
  news2Alert,
  noDataAlert,
  outsideTarget,
  thresholdAlert,
  thresholdKey,
  TREND_WINDOW_MS,
  weightRise,
  weightTrendAlert,
  type Target,
} from './rules.ts';
import { Series } from './series.ts';

/** What the care record says about how to monitor this patient (monitoring/patient-context.ts loads it). */
export interface PatientContext {
  name: string;
  /** SpO2 Scale 2: an active Scale-2 Flag or hypercapnic respiratory failure Condition. */
  scale2: boolean;
  heartFailure: boolean;
  targets: readonly Target[];
  /** Responders in escalation order: the care team's members, then the fallback. */
  responders: readonly string[];
  /** Paired devices (ids) and when each last sent a reading (ms), if known. */
  devices: ReadonlyMap<string, number | undefined>;
}

/**
 * RCP NEWS2 (2017) Chart 4: with a score of 0 observations are repeated at least every 12 hours, so an input
 * older than that no longer describes the patient and is left out (the score becomes partial).
 */
export const NEWS2_INPUT_MAX_AGE_MS = 12 * 3600_000;

export type News2Field = Exclude<keyof News2Input, 'hypercapnicRespiratoryFailure'>;

export interface Vital {
  code: string;
  value: number;
  unit: string;
  time: number;
}

export interface Effects {
  /** The NEWS2 score changed (score, band or completeness): a RiskAssessment is due. */
  news2?: News2Result;
  alerts: AlertCandidate[];
  vitals: Vital[];
}

const none = (): Effects => ({ alerts: [], vitals: [] });

export class PatientState {
  readonly patientId: string;
  context: PatientContext;
  news2: { result: News2Result; at: number } | undefined;
  readonly series = new Map<string, Series>();
  private readonly inputs = new Map<News2Field, { value: News2Input[News2Field]; at: number }>();
  private band: News2Result['band'] | undefined;
  private readonly outside = new Set<string>();
  private weights: [number, number][] = [];
  private trendActive = false;
  private readonly lastSeen = new Map<string, number>();
  private readonly silent = new Set<string>();

  constructor(patientId: string, context: PatientContext, startedMs: number) {
    this.patientId = patientId;
    this.context = context;
    // A device whose last reading is unknown counts from now: a restart never raises a flood of no-data alerts.
    for (const [id, seen] of context.devices) this.lastSeen.set(id, seen ?? startedMs);
  }

  /** New context (care plan, conditions, care team, devices changed): rescored in case the scale changed. */
  setContext(context: PatientContext, nowMs: number): Effects {
    this.context = context;
    for (const [id, seen] of context.devices) {
      if (!this.lastSeen.has(id)) this.lastSeen.set(id, seen ?? nowMs);
    }
    for (const id of [...this.lastSeen.keys()]) if (!context.devices.has(id)) this.lastSeen.delete(id);
    return this.rescore(nowMs);
  }

  /** A device reading: series, last-seen, NEWS2 input, care-plan thresholds, the weight trend. */
  applyReading(deviceId: string, r: NormalizedReading, nowMs: number): Effects {
    return this.applyReadings(deviceId, [r], nowMs);
  }

  /** A batch of one device's readings, scored once at the end (a vital-signs set is one assessment). */
  applyReadings(deviceId: string, readings: readonly NormalizedReading[], nowMs: number): Effects {
    const effects = none();
    let inputChanged = false;
    for (const r of readings) if (this.take(deviceId, r, effects)) inputChanged = true;
    if (inputChanged) this.mergeScore(nowMs, effects);
    return effects;
  }

  /** One reading's effects except the score; true when a NEWS2 input changed. */
  private take(deviceId: string, r: NormalizedReading, effects: Effects): boolean {
    if (deviceId !== '') {
      this.lastSeen.set(deviceId, Math.max(r.timeMs, this.lastSeen.get(deviceId) ?? 0));
      this.silent.delete(`no-data:${deviceId}`);
    }
    const values: [string, number, string][] =
      r.code === BLOOD_PRESSURE_PANEL
        ? (r.components ?? []).map((c) => [c.code, c.value, c.unit])
        : r.value === undefined
          ? []
          : [[r.code, r.value, r.unit]];
    let inputChanged = false;
    for (const [code, value, unit] of values) {
      this.seriesOf(code).add(r.timeMs, value);
      effects.vitals.push({ code, value, unit, time: r.timeMs });
      const field = NEWS2_FIELD_BY_CODE[code];
      if (field !== undefined && this.setInput(field as News2Field, value, r.timeMs)) inputChanged = true;
      this.checkTargets(code, value, unit, effects);
    }
    if (r.code === BODY_WEIGHT && r.value !== undefined) this.checkWeight(r.timeMs, r.value, effects);
    return inputChanged;
  }

  /** NEWS2 inputs from clinician-entered Observations (ACVPU, oxygen, manual vitals). */
  applyInputs(inputs: readonly [News2Field, News2Input[News2Field], number][], nowMs: number): Effects {
    let changed = false;
    for (const [field, value, at] of inputs) if (this.setInput(field, value, at)) changed = true;
    return changed ? this.rescore(nowMs) : none();
  }

  /** Periodic: inputs that aged out, silent devices. */
  tick(nowMs: number, noDataHours: number): Effects {
    const effects = this.rescore(nowMs);
    for (const [id, seen] of this.lastSeen) {
      const key = `no-data:${id}`;
      if (nowMs - seen < noDataHours * 3600_000 || this.silent.has(key)) continue;
      this.silent.add(key);
      effects.alerts.push(noDataAlert(id, seen, noDataHours));
    }
    return effects;
  }

  private seriesOf(code: string): Series {
    let s = this.series.get(code);
    if (!s) this.series.set(code, (s = new Series()));
    return s;
  }

  /** Keeps the latest value per input; true when the value the score sees changed. */
  private setInput(field: News2Field, value: News2Input[News2Field], at: number): boolean {
    const prior = this.inputs.get(field);
    if (prior && prior.at > at) return false;
    this.inputs.set(field, { value, at });
    return prior?.value !== value;
  }

  private checkTargets(code: string, value: number, unit: string, effects: Effects): void {
    for (const t of this.context.targets) {
      if (t.code !== code) continue;
      const key = thresholdKey(t);
      if (!outsideTarget(t, value)) {
        this.outside.delete(key);
      } else if (!this.outside.has(key)) {
        this.outside.add(key);
        effects.alerts.push(thresholdAlert(t, value, unit));
      }
    }
  }

  private checkWeight(at: number, kg: number, effects: Effects): void {
    if (!this.context.heartFailure) return;
    const latest = this.weights.at(-1);
    if (latest && at < latest[0]) return; // a late, out-of-order weight: the trend looks forward only
    this.weights.push([at, kg]);
    this.weights = this.weights.filter(([t]) => t >= at - TREND_WINDOW_MS);
    const alert = weightTrendAlert(weightRise(this.weights), kg);
    if (!alert) this.trendActive = false;
    else if (!this.trendActive) {
      this.trendActive = true;
      effects.alerts.push(alert);
    }
  }

  private rescore(nowMs: number): Effects {
    const effects = none();
    this.mergeScore(nowMs, effects);
    return effects;
  }

  private mergeScore(nowMs: number, effects: Effects): void {
    const input: News2Input = { hypercapnicRespiratoryFailure: this.context.scale2 };
    for (const [field, { value, at }] of this.inputs) {
      if (nowMs - at <= NEWS2_INPUT_MAX_AGE_MS) (input as Record<string, unknown>)[field] = value;
    }
    if (Object.keys(input).length === 1) return;
    let result: News2Result;
    try {
      result = scoreNews2(input);
    } catch {
      return; // an implausible value (payloads.ts should have refused it): the previous score stands
    }
    const prior = this.news2?.result;
    if (
      prior &&
      prior.aggregate === result.aggregate &&
      prior.band === result.band &&
      prior.missing.join() === result.missing.join() &&
      prior.scale === result.scale
    )
      return;
    this.news2 = { result, at: nowMs };
    effects.news2 = result;
    const alert = news2Alert(this.band, result);
    this.band = result.band;
    if (alert) effects.alerts.push(alert);
  }
}
