import type { ChronicCase } from './chronic.ts';
import { DAY, HOUR, MINUTE, YEAR } from './fhir-values.ts';
import type { InfectionCase } from './outbreaks.ts';
import type { Person } from './person.ts';
import { ageAt } from './physiology.ts';
import type { Random } from './random.ts';
import type { AcuteProblem, EncounterKind } from './tables/encounters.ts';
import {
  ACUTE_PROBLEMS,
  ACUTE_VISITS_PER_YEAR,
  FOLLOW_UP_MONTHS,
  wellnessIntervalYears,
} from './tables/encounters.ts';

// The visits of a person's history, in time order: periodic wellness visits, chronic follow-ups,
// the visit at which each new chronic condition was diagnosed, acute visits and infection visits.

export interface Visit {
  readonly kind: EncounterKind;
  readonly startMs: number;
  readonly diagnoses: readonly ChronicCase[];
  readonly acuteProblem?: AcuteProblem;
  readonly infection?: InfectionCase;
}

export interface Window {
  readonly fromMs: number;
  readonly nowMs: number;
  readonly utcOffsetHours: number;
}

/** Moves an instant to a clinic hour (08:00–16:30 local) of the same local day. */
function atClinicHour(ms: number, rng: Random, utcOffsetHours: number): number {
  const offset = utcOffsetHours * HOUR;
  const day = Math.floor((ms + offset) / DAY) * DAY - offset;
  return day + rng.int(8, 16) * HOUR + rng.pick([0, 30]) * MINUTE;
}

function poisson(rng: Random, mean: number): number {
  // Knuth's method; means here are small (a few visits).
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k += 1;
    p *= rng.next();
  }
  return k;
}

export function planVisits(
  rng: Random,
  person: Person,
  chronic: readonly ChronicCase[],
  infections: readonly InfectionCase[],
  window: Window,
): Visit[] {
  const fromMs = Math.max(window.fromMs, person.birthMs + DAY);
  const visits: Visit[] = [];
  const add = (kind: EncounterKind, ms: number, extra: Partial<Visit> = {}): void => {
    const startMs = atClinicHour(ms, rng, window.utcOffsetHours);
    if (startMs >= fromMs && startMs < window.nowMs - HOUR)
      visits.push({ kind, startMs, diagnoses: [], ...extra });
  };
  for (let t = fromMs + rng.between(0, 0.5) * YEAR; t < window.nowMs;) {
    add('wellness', t);
    t += wellnessIntervalYears(ageAt(person, t)) * YEAR + rng.between(-20, 20) * DAY;
  }
  if (chronic.length > 0) {
    const firstOnset = Math.min(...chronic.map((c) => c.onsetMs));
    const step = (FOLLOW_UP_MONTHS / 12) * YEAR;
    for (let t = Math.max(fromMs, firstOnset) + rng.between(0.3, 1) * step; t < window.nowMs;) {
      add('followUp', t);
      t += step + rng.between(-30, 30) * DAY;
    }
  }
  for (const c of chronic) {
    if (c.onsetMs >= fromMs) add('problem', c.onsetMs, { diagnoses: [c] });
  }
  const acuteCount = poisson(rng, (ACUTE_VISITS_PER_YEAR * (window.nowMs - fromMs)) / YEAR);
  for (let i = 0; i < acuteCount; i++) {
    const acuteProblem = rng.weighted(ACUTE_PROBLEMS.map((p) => ({ value: p, weight: p.weight })));
    add('acute', rng.between(fromMs, window.nowMs), { acuteProblem });
  }
  for (const infection of infections) {
    const severe = ageAt(person, infection.onsetMs) >= 65 ? 0.2 : 0.06;
    let kind: EncounterKind = rng.chance(severe) ? 'emergency' : rng.chance(0.5) ? 'urgent' : 'acute';
    // Onsets fall in [fromMs, now − 6 h), so this visit time does too, after the onset.
    let startMs = Math.min(infection.onsetMs + rng.between(0.5, 2.5) * DAY, window.nowMs - 2 * HOUR);
    if (kind === 'acute') {
      // The clinic sees them the same day if it is open; otherwise urgent care (open all hours) does.
      const clinicMs = atClinicHour(startMs, rng, window.utcOffsetHours);
      if (clinicMs >= infection.onsetMs && clinicMs < window.nowMs - HOUR) startMs = clinicMs;
      else kind = 'urgent';
    }
    visits.push({ kind, startMs, diagnoses: [], infection });
  }
  return visits.sort((a, b) => a.startMs - b.startMs);
}
