import { describe, expect, it } from 'vitest';
import { scoreNews2, type News2Result } from '@hearth/clinical';
import { plateauOf, VitalStream, type DeviceReading, type VitalStreamOptions } from './vital-streams.ts';

const START = Date.parse('2026-11-23T08:00:00Z');

/** The latest value of each kind a stream has sent, as a monitor keeps them. */
type Latest = Partial<Record<DeviceReading['type'], DeviceReading>>;

function valueOf(latest: Latest, type: Exclude<DeviceReading['type'], 'blood-pressure'>): number | undefined {
  const r = latest[type];
  return r && r.type !== 'blood-pressure' ? r.value : undefined;
}

function news2(latest: Latest): News2Result {
  const bp = latest['blood-pressure'];
  return scoreNews2({
    respirationRate: valueOf(latest, 'respiratory-rate'),
    spo2: valueOf(latest, 'oxygen-saturation'),
    supplementalOxygen: false,
    systolicBloodPressure: bp?.type === 'blood-pressure' ? bp.systolic : undefined,
    pulse: valueOf(latest, 'heart-rate'),
    consciousness: 'A',
    temperature: valueOf(latest, 'body-temperature'),
  });
}

interface Sample {
  timeMs: number;
  latest: Latest;
  readings: DeviceReading[];
}

/** Runs a stream for `seconds` and returns every tick with the monitor's view after it. */
function run(
  opts: Omit<VitalStreamOptions, 'startMs'>,
  seconds: number,
): { stream: VitalStream; ticks: Sample[] } {
  const stream = new VitalStream({ startMs: START, ...opts });
  const latest: Latest = {};
  const ticks: Sample[] = [];
  while (stream.nextTimeMs < START + seconds * 1000) {
    const tick = stream.next();
    for (const r of tick.readings) latest[r.type] = r;
    ticks.push({ timeMs: tick.timeMs, latest: { ...latest }, readings: tick.readings });
  }
  return { stream, ticks };
}

const SEEDS = Array.from({ length: 20 }, (_, i) => `patient-${i}`);

function inPlateau(stream: VitalStream, ticks: Sample[]): Sample[] {
  const [from, to] = plateauOf(stream.episodes[0]!);
  return ticks.filter((t) => t.timeMs >= from && t.timeMs < to);
}

describe('VitalStream', () => {
  it('gives the same readings for the same seed and different ones for another seed', () => {
    const a = run({ seed: 's', hz: 1, deteriorationsPerHour: 2 }, 3600).ticks;
    const b = run({ seed: 's', hz: 1, deteriorationsPerHour: 2 }, 3600).ticks;
    const c = run({ seed: 't', hz: 1, deteriorationsPerHour: 2 }, 3600).ticks;
    expect(JSON.stringify(b.map((t) => t.readings))).toBe(JSON.stringify(a.map((t) => t.readings)));
    expect(JSON.stringify(c.map((t) => t.readings))).not.toBe(JSON.stringify(a.map((t) => t.readings)));
  });

  it('sends heart rate, SpO2 and respiratory rate every tick, temperature each minute, BP every 5 minutes', () => {
    const { ticks } = run({ seed: 'rates', hz: 2, conditions: [], deteriorationsPerHour: 0 }, 3600);
    const count = (type: DeviceReading['type']) =>
      ticks.flatMap((t) => t.readings).filter((r) => r.type === type).length;
    expect(ticks).toHaveLength(7200);
    expect(count('heart-rate')).toBe(7200);
    expect(count('oxygen-saturation')).toBe(7200);
    expect(count('respiratory-rate')).toBe(7200);
    expect(count('body-temperature')).toBe(60);
    expect(count('blood-pressure')).toBe(12);
    expect(count('blood-glucose')).toBe(0);
    expect(count('body-weight')).toBe(0);
    expect(ticks[1]!.readings[0]!.time).toBe('2026-11-23T08:00:00.500Z');
  });

  it('sends glucose for patients with diabetes and weight for patients with heart failure', () => {
    const { ticks } = run({ seed: 'c', hz: 0.5, conditions: ['diabetes', 'heart-failure'] }, 3600);
    const types = ticks.flatMap((t) => t.readings.map((r) => r.type));
    expect(types.filter((t) => t === 'blood-glucose')).toHaveLength(12);
    expect(types.filter((t) => t === 'body-weight')).toHaveLength(4);
  });

  it('keeps a resting patient at NEWS2 0 nearly always and never at 5 or more', () => {
    const scores = SEEDS.flatMap((seed) =>
      run({ seed, hz: 0.2, deteriorationsPerHour: 0 }, 3600)
        .ticks.slice(60) // once temperature and blood pressure have been sent
        .map((t) => news2(t.latest).aggregate),
    );
    expect(scores.filter((s) => s === 0).length / scores.length).toBeGreaterThan(0.9);
    expect(Math.max(...scores)).toBeLessThan(5);
  });

  it('takes sepsis to a NEWS2 of 7 or more (high risk) at its worst, then back to baseline', () => {
    for (const seed of SEEDS) {
      const { stream, ticks } = run(
        { seed, hz: 0.5, deteriorationsPerHour: 0, episodes: [{ kind: 'sepsis', startMs: START + 600_000 }] },
        5400,
      );
      const worst = inPlateau(stream, ticks).slice(150); // BP is sent every 5 minutes: let it catch up
      expect(worst.length).toBeGreaterThan(0);
      for (const t of worst) {
        const score = news2(t.latest);
        expect(score.aggregate).toBeGreaterThanOrEqual(7);
        expect(score.band).toBe('high');
      }
      expect(stream.episode).toBeUndefined();
      expect(news2(ticks.at(-1)!.latest).aggregate).toBeLessThan(5);
    }
  });

  it('takes heart-failure decompensation to NEWS2 5 or more and gains more than 2 kg', () => {
    for (const seed of SEEDS) {
      const { stream, ticks } = run(
        {
          seed,
          hz: 0.5,
          conditions: ['heart-failure'],
          deteriorationsPerHour: 0,
          episodes: [{ kind: 'heart-failure', startMs: START + 1800_000 }],
        },
        5400,
      );
      for (const t of inPlateau(stream, ticks)) expect(news2(t.latest).aggregate).toBeGreaterThanOrEqual(5);
      const weights = ticks.flatMap((t) => t.readings).filter((r) => r.type === 'body-weight');
      const before = weights.filter((r) => Date.parse(r.time) < START + 1800_000);
      const first = before[0]!;
      const heaviest = Math.max(...weights.map((r) => (r.type === 'body-weight' ? r.value : 0)));
      expect(first.type === 'body-weight' && heaviest - first.value).toBeGreaterThan(2);
    }
  });

  it('takes hypoglycaemia below 54 mg/dL (level 2) while NEWS2 stays below 5', () => {
    for (const seed of SEEDS) {
      const { stream, ticks } = run(
        {
          seed,
          hz: 0.5,
          conditions: ['diabetes'],
          deteriorationsPerHour: 0,
          episodes: [{ kind: 'hypoglycaemia', startMs: START + 900_000 }],
        },
        3600,
      );
      const plateau = inPlateau(stream, ticks);
      const glucose = plateau.flatMap((t) => t.readings).filter((r) => r.type === 'blood-glucose');
      expect(glucose.length).toBeGreaterThan(0);
      for (const r of glucose) expect(r.type === 'blood-glucose' && r.value).toBeLessThan(54);
      for (const t of plateau) expect(news2(t.latest).aggregate).toBeLessThan(5);
    }
  });

  it('starts deteriorations by chance at about the requested rate, one at a time', () => {
    const episodes = SEEDS.flatMap(
      (seed) => run({ seed, hz: 0.1, deteriorationsPerHour: 0.5 }, 10 * 3600).stream.episodes,
    );
    // 20 patients × 10 h × 0.5/h = 100 expected, less the time spent inside episodes (~0.5 h each).
    expect(episodes.length).toBeGreaterThan(50);
    expect(episodes.length).toBeLessThan(120);
    for (const seed of SEEDS.slice(0, 5)) {
      const own = run({ seed, hz: 0.1, deteriorationsPerHour: 0.5 }, 10 * 3600).stream.episodes;
      for (let i = 1; i < own.length; i++) expect(own[i]!.startMs).toBeGreaterThanOrEqual(own[i - 1]!.endMs);
    }
  });

  it('stays within physiological bounds through many episodes', () => {
    const seen = new Map<string, [number, number]>();
    const note = (name: string, value: number) => {
      const [lo, hi] = seen.get(name) ?? [value, value];
      seen.set(name, [Math.min(lo, value), Math.max(hi, value)]);
    };
    for (const seed of SEEDS.slice(0, 10)) {
      const { ticks } = run(
        { seed, hz: 0.1, conditions: ['heart-failure', 'diabetes'], deteriorationsPerHour: 1 },
        12 * 3600,
      );
      for (const r of ticks.flatMap((t) => t.readings)) {
        if (r.type === 'blood-pressure') {
          note('systolic', r.systolic);
          note('diastolic', r.diastolic);
          note('pulse pressure', r.systolic - r.diastolic);
        } else note(r.type, r.value);
      }
    }
    const within = (name: string, lo: number, hi: number) => {
      const [min, max] = seen.get(name)!;
      expect([name, min >= lo, max <= hi]).toEqual([name, true, true]);
    };
    within('heart-rate', 40, 160);
    within('oxygen-saturation', 80, 100);
    within('respiratory-rate', 8, 40);
    within('body-temperature', 35.5, 40.5);
    within('systolic', 65, 190);
    within('diastolic', 30, 120);
    within('pulse pressure', 15, 100);
    within('blood-glucose', 20, 300);
    within('body-weight', 45, 150);
  });

  it('refuses a tick rate that is not positive', () => {
    expect(() => new VitalStream({ seed: 'x', startMs: START, hz: 0 })).toThrow(/hz must be/);
  });
});
