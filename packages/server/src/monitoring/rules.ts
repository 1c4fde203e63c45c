// The alert rules, pure: each takes what it needs and says whether an alert is due. The engine
// (patient-state.ts) keeps the state that makes each fire once per crossing, not once per reading.
import type { News2Band, News2Result } from '@hearth/clinical';
import type { AlertCandidate, AlertSeverity } from './alert-types.ts';

const BAND_RANK: Readonly<Record<News2Band, number>> = {
  none: 0,
  low: 1,
  'low-medium': 2,
  medium: 3,
  high: 4,
};

/**
 * RCP NEWS2 (2017) Chart 4: a 3 in a single parameter asks the nurse to inform the medical team (low), 5–6 is
 * the urgent response threshold (medium), 7 or more the emergency response threshold (high). Aggregate 1–4
 * ("inform registered nurse, who must assess") is the nurse's own review: shown on the dashboard, no alert,
 * or every home patient with a resting pulse of 95 would page someone.
 */
const BAND_SEVERITY: Readonly<Partial<Record<News2Band, AlertSeverity>>> = {
  'low-medium': 'low',
  medium: 'medium',
  high: 'high',
};

/** An alert when the band rises into an alerting band (a partial score is a floor, so it counts too). */
export function news2Alert(previous: News2Band | undefined, result: News2Result): AlertCandidate | undefined {
  const severity = BAND_SEVERITY[result.band];
  if (severity === undefined || BAND_RANK[result.band] <= BAND_RANK[previous ?? 'none']) return undefined;
  const partial = result.complete ? '' : ` (partial: ${result.missing.join(', ')} not measured)`;
  const details: Record<string, string | number> = {
    score: result.aggregate,
    band: result.band,
    scale: result.scale,
    monitoring: result.monitoring,
  };
  for (const [name, s] of Object.entries(result.scores)) details[name] = `${s.score} (${s.band})`;
  return {
    rule: 'news2',
    key: 'news2',
    severity,
    summary: `NEWS2 ${result.aggregate}${partial}: ${result.actions[0] ?? result.monitoring}`,
    details,
  };
}

/** A personal target from the care plan: a Goal target with a LOINC measure and a range. */
export interface Target {
  goalId: string;
  /** LOINC of the reading (for blood pressure: 8480-6 systolic or 8462-4 diastolic). */
  code: string;
  low?: number;
  high?: number;
  unit?: string;
  severity: AlertSeverity;
  /** Goal.description text. */
  description: string;
}

export const thresholdKey = (t: Target): string => `threshold:${t.goalId}:${t.code}`;

export function outsideTarget(t: Target, value: number): boolean {
  return (t.low !== undefined && value < t.low) || (t.high !== undefined && value > t.high);
}

export function thresholdAlert(t: Target, value: number, unit: string): AlertCandidate {
  const range = `${t.low ?? '…'}–${t.high ?? '…'} ${t.unit ?? unit}`;
  return {
    rule: 'threshold',
    key: thresholdKey(t),
    severity: t.severity,
    summary: `${t.code} ${value} ${unit} is outside the care-plan target ${range} (${t.description})`,
    details: { code: t.code, value, unit, target: range, goal: `Goal/${t.goalId}` },
  };
}

/**
 * ESC 2021 heart-failure guidelines (self-care, Table 26) and NICE NG106: a sudden weight gain of more than
 * 2 kg in 3 days is fluid retention until shown otherwise. Here: the latest weight minus the lowest weight in
 * the 3 days before it.
 */
export const TREND_WINDOW_MS = 3 * 24 * 3600_000;
export const TREND_RISE_KG = 2;

/** The rise (kg) of the latest weight over the lowest in the window before it; weights sorted by time. */
export function weightRise(weights: readonly (readonly [number, number])[]): number {
  const latest = weights.at(-1);
  if (!latest) return 0;
  let lowest = latest[1];
  for (const [t, kg] of weights) if (t >= latest[0] - TREND_WINDOW_MS && kg < lowest) lowest = kg;
  return latest[1] - lowest;
}

export function weightTrendAlert(rise: number, latestKg: number): AlertCandidate | undefined {
  if (rise < TREND_RISE_KG) return undefined;
  return {
    rule: 'trend',
    key: 'trend:weight',
    severity: 'medium',
    summary: `Weight up ${rise.toFixed(1)} kg in 3 days (heart failure): possible fluid retention`,
    details: { riseKg: Number(rise.toFixed(2)), weightKg: latestKg, windowDays: 3 },
  };
}

export function noDataAlert(deviceId: string, lastSeenMs: number, hours: number): AlertCandidate {
  return {
    rule: 'no-data',
    key: `no-data:${deviceId}`,
    severity: 'low',
    summary: `No reading from Device/${deviceId} for more than ${hours} h`,
    details: { device: `Device/${deviceId}`, lastReading: new Date(lastSeenMs).toISOString(), hours },
  };
}
