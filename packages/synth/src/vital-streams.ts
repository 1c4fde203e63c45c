// Live device streams for one monitored patient (issue #6: `hearth simulate devices`, the benchmark, the demo
// feed). Pure and deterministic: the seed and the tick times decide every value. Each vital sign is the
// patient's baseline, moved towards a deterioration's targets while an episode runs, plus a slow
// autoregressive wander; the readings are in Hearth's device JSON (README "Sending readings").
import { clamp } from './fhir-values.ts';
import { Random } from './random.ts';
import {
  BASELINE,
  CONDITION_PREVALENCE,
  DETERIORATION_TARGETS,
  deteriorationChoices,
  DIABETIC_GLUCOSE,
  EPISODE_SECONDS,
  READING_PERIOD_SECONDS,
  RELATIVE_TARGETS,
  WANDER,
  type Deterioration,
  type MonitoredCondition,
  type VitalName,
  type Vitals,
} from './tables/deteriorations.ts';

export type { Deterioration, MonitoredCondition, Vitals } from './tables/deteriorations.ts';

/** One reading in Hearth's device JSON, as a device sends it. */
export type DeviceReading =
  | {
      type:
        | 'heart-rate'
        | 'oxygen-saturation'
        | 'respiratory-rate'
        | 'body-temperature'
        | 'body-weight'
        | 'blood-glucose';
      value: number;
      unit: string;
      time: string;
    }
  | { type: 'blood-pressure'; systolic: number; diastolic: number; unit: 'mmHg'; time: string };

export interface PlannedEpisode {
  kind: Deterioration;
  startMs: number;
}

export interface VitalStreamOptions {
  /** Any string; the same seed and tick times give the same readings. */
  seed: string;
  /** The time of the first tick, ms since the epoch. */
  startMs: number;
  /** Ticks per second: heart rate, SpO2 and respiratory rate are sent every tick, the rest less often. */
  hz: number;
  /** The patient's conditions (default: drawn from the seed). */
  conditions?: readonly MonitoredCondition[];
  /** Expected deteriorations per patient-hour that start by chance (default 0.02; 0 for none). */
  deteriorationsPerHour?: number;
  /** Deteriorations that start at given times (tests, demo), besides the random ones. */
  episodes?: readonly PlannedEpisode[];
}

export interface Episode extends PlannedEpisode {
  /** When the episode is over (the patient is back at baseline). */
  endMs: number;
  /** Where it takes each vital it affects, in absolute units. */
  targets: Partial<Vitals>;
}

export interface Tick {
  timeMs: number;
  readings: DeviceReading[];
}

const VITALS = Object.keys(BASELINE) as VitalName[];
const DEFAULT_RATE_PER_HOUR = 0.02;

/** 0 → 1 with zero slope at both ends (a smooth onset, as vital signs drift rather than jump). */
function smoothstep(x: number): number {
  const t = clamp(x, 0, 1);
  return t * t * (3 - 2 * t);
}

export class VitalStream {
  readonly conditions: readonly MonitoredCondition[];
  readonly baseline: Readonly<Vitals>;
  private readonly rng: Random;
  private readonly tickMs: number;
  private readonly startMs: number;
  private readonly ratePerTick: number;
  private readonly planned: PlannedEpisode[];
  private readonly wander: Vitals;
  private readonly due: Record<keyof typeof READING_PERIOD_SECONDS, number>;
  private tickIndex = 0;
  private active: Episode | undefined;
  private readonly past: Episode[] = [];

  constructor(opts: VitalStreamOptions) {
    if (!(opts.hz > 0 && opts.hz <= 1000)) throw new Error(`hz must be in (0, 1000], got ${opts.hz}`);
    this.rng = new Random(`vitals:${opts.seed}`);
    this.tickMs = 1000 / opts.hz;
    this.startMs = opts.startMs;
    this.ratePerTick = ((opts.deteriorationsPerHour ?? DEFAULT_RATE_PER_HOUR) * this.tickMs) / 3_600_000;
    this.planned = [...(opts.episodes ?? [])].sort((a, b) => a.startMs - b.startMs);
    this.conditions = opts.conditions ?? this.drawConditions();
    this.baseline = this.drawBaseline();
    this.wander = { hr: 0, spo2: 0, rr: 0, temp: 0, sbp: 0, dbp: 0, weight: 0, glucose: 0 };
    // A random phase per channel, so a crowd of simulated patients does not send in lockstep.
    const phase = (seconds: number) => opts.startMs + this.rng.int(0, seconds - 1) * 1000;
    this.due = {
      temperature: phase(READING_PERIOD_SECONDS.temperature),
      bloodPressure: phase(READING_PERIOD_SECONDS.bloodPressure),
      glucose: phase(READING_PERIOD_SECONDS.glucose),
      weight: phase(READING_PERIOD_SECONDS.weight),
    };
  }

  /** The episode under way at the last tick, if any. */
  get episode(): Episode | undefined {
    return this.active;
  }

  /** Every episode that has started so far, oldest first. */
  get episodes(): readonly Episode[] {
    return this.active ? [...this.past, this.active] : this.past;
  }

  /** The next tick's time, ms since the epoch. */
  get nextTimeMs(): number {
    return Math.round(this.startMs + this.tickIndex * this.tickMs);
  }

  /** Advances one tick and returns the readings the devices send at it. */
  next(): Tick {
    const timeMs = this.nextTimeMs;
    this.tickIndex++;
    this.updateEpisode(timeMs);
    this.updateWander();
    const v = this.vitalsAt(timeMs);
    const time = new Date(timeMs).toISOString();
    const readings: DeviceReading[] = [
      { type: 'heart-rate', value: Math.round(v.hr), unit: 'beats/min', time },
      { type: 'oxygen-saturation', value: Math.round(v.spo2), unit: '%', time },
      { type: 'respiratory-rate', value: Math.round(v.rr), unit: 'breaths/min', time },
    ];
    if (this.isDue('temperature', timeMs))
      readings.push({ type: 'body-temperature', value: round1(v.temp), unit: 'C', time });
    if (this.isDue('bloodPressure', timeMs))
      readings.push({
        type: 'blood-pressure',
        systolic: Math.round(v.sbp),
        diastolic: Math.round(v.dbp),
        unit: 'mmHg',
        time,
      });
    if (this.conditions.includes('diabetes') && this.isDue('glucose', timeMs))
      readings.push({ type: 'blood-glucose', value: Math.round(v.glucose), unit: 'mg/dL', time });
    if (this.conditions.includes('heart-failure') && this.isDue('weight', timeMs))
      readings.push({ type: 'body-weight', value: round1(v.weight), unit: 'kg', time });
    return { timeMs, readings };
  }

  /** The patient's vital signs at `timeMs` (trajectory plus the current wander, before rounding). */
  vitalsAt(timeMs: number): Vitals {
    const severity = this.active ? severityAt(this.active, timeMs) : 0;
    const out = { ...this.baseline };
    for (const name of VITALS) {
      const target = this.active?.targets[name];
      const moved = target === undefined ? out[name] : out[name] + severity * (target - out[name]);
      out[name] = moved + this.wander[name];
    }
    out.spo2 = clamp(out.spo2, 70, 100);
    out.dbp = Math.min(out.dbp, out.sbp - 15);
    return out;
  }

  private isDue(channel: keyof typeof READING_PERIOD_SECONDS, timeMs: number): boolean {
    if (timeMs < this.due[channel]) return false;
    const period = READING_PERIOD_SECONDS[channel] * 1000;
    // Skip whole periods a slow tick rate stepped over, keeping the channel's phase.
    this.due[channel] += Math.max(1, Math.ceil((timeMs - this.due[channel] + 1) / period)) * period;
    return true;
  }

  private updateEpisode(timeMs: number): void {
    if (this.active && timeMs >= this.active.endMs) {
      this.past.push(this.active);
      this.active = undefined;
    }
    if (this.active) return;
    const planned = this.planned[0];
    if (planned && planned.startMs <= timeMs) {
      this.planned.shift();
      this.active = this.startEpisode(planned.kind, timeMs);
    } else if (this.ratePerTick > 0 && this.rng.chance(this.ratePerTick)) {
      this.active = this.startEpisode(this.rng.weighted(deteriorationChoices(this.conditions)), timeMs);
    }
  }

  private startEpisode(kind: Deterioration, startMs: number): Episode {
    const targets: Partial<Vitals> = {};
    for (const [name, range] of Object.entries(DETERIORATION_TARGETS[kind]) as [
      VitalName,
      readonly [number, number],
    ][]) {
      const drawn = this.rng.between(range[0], range[1]);
      targets[name] = RELATIVE_TARGETS.has(name) ? this.baseline[name] + drawn : drawn;
    }
    const s = EPISODE_SECONDS[kind];
    return { kind, startMs, endMs: startMs + (s.onset + s.plateau + s.recovery) * 1000, targets };
  }

  private updateWander(): void {
    const dt = this.tickMs / 1000;
    for (const name of VITALS) {
      const { sd, tauSeconds } = WANDER[name];
      const phi = Math.exp(-dt / tauSeconds);
      this.wander[name] = phi * this.wander[name] + sd * Math.sqrt(1 - phi * phi) * this.rng.normal(0, 1);
    }
  }

  private drawConditions(): MonitoredCondition[] {
    return (Object.keys(CONDITION_PREVALENCE) as MonitoredCondition[]).filter((c) =>
      this.rng.chance(CONDITION_PREVALENCE[c]),
    );
  }

  private drawBaseline(): Vitals {
    const draw = ([mean, sd, min, max]: readonly [number, number, number, number]) =>
      clamp(this.rng.normal(mean, sd), min, max);
    const b = {} as Vitals;
    for (const name of VITALS) b[name] = draw(BASELINE[name]);
    if (this.conditions.includes('diabetes')) b.glucose = draw(DIABETIC_GLUCOSE);
    return b;
  }
}

/** How far into its deterioration an episode is at `timeMs`: 0 (baseline) … 1 (worst). */
export function severityAt(episode: Episode, timeMs: number): number {
  const s = EPISODE_SECONDS[episode.kind];
  const t = (timeMs - episode.startMs) / 1000;
  if (t < 0 || timeMs >= episode.endMs) return 0;
  if (t < s.onset) return smoothstep(t / s.onset);
  if (t < s.onset + s.plateau) return 1;
  return 1 - smoothstep((t - s.onset - s.plateau) / s.recovery);
}

/** When an episode is at its worst: [start, end) of its plateau, ms since the epoch. */
export function plateauOf(episode: Episode): [number, number] {
  const s = EPISODE_SECONDS[episode.kind];
  const start = episode.startMs + s.onset * 1000;
  return [start, start + s.plateau * 1000];
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
