// Personal targets from the patient's Goals (FHIR R4 Goal.target: `measure` is what is measured, a
// LOINC code; `detailRange` the target range, or `detailQuantity` with a comparator for one bound),
// in the unit the readings are charted in. Hearth's monitoring rules read the same Goal targets (those
// its CarePlans link); the portal shows every active Goal's targets, so a target a clinician set is
// never hidden from the patient it is for.
import type { Goal, Quantity } from '@medplum/fhirtypes';

export interface Target {
  code: string;
  low?: number;
  high?: number;
  /** What the Goal says, for the text beside the chart (e.g. "Keep your blood pressure below 140"). */
  description?: string;
}

/** Goals that are being worked on (R4 Goal.lifecycleStatus). */
const CURRENT = new Set(['proposed', 'planned', 'accepted', 'active']);

/** The canonical units of the charted readings (the device readings' UCUM units) and what converts. */
const CONVERSIONS: Readonly<Record<string, Readonly<Record<string, (v: number) => number>>>> = {
  kg: { '[lb_av]': (v) => v * 0.45359237, lb: (v) => v * 0.45359237, g: (v) => v / 1000 },
  Cel: { '[degF]': (v) => ((v - 32) * 5) / 9 },
  // Glucose: molecular weight 180.156 g/mol, so 1 mmol/L = 18.0156 mg/dL.
  'mg/dL': { 'mmol/L': (v) => v * 18.0156 },
};

const CANONICAL: Readonly<Record<string, string>> = {
  '8480-6': 'mm[Hg]',
  '8462-4': 'mm[Hg]',
  '8867-4': '/min',
  '9279-1': '/min',
  '59408-5': '%',
  '8310-5': 'Cel',
  '29463-7': 'kg',
  '2339-0': 'mg/dL',
  '55423-8': '{steps}',
};

/** A quantity in the chart's unit for `code`, or undefined when it cannot be converted. */
export function inChartUnit(code: string, q: Quantity | undefined): number | undefined {
  if (q?.value === undefined || !Number.isFinite(q.value)) return undefined;
  const want = CANONICAL[code];
  const have = q.code ?? q.unit;
  if (!want || have === undefined || have === want) return q.value;
  const convert = CONVERSIONS[want]?.[have];
  return convert ? Math.round(convert(q.value) * 100) / 100 : undefined;
}

function loinc(goalTarget: NonNullable<Goal['target']>[number]): string | undefined {
  return goalTarget.measure?.coding?.find((c) => c.system === 'http://loinc.org')?.code;
}

/** Targets by LOINC code; with several Goals on one measure, the most recently changed wins. */
export function targetsFromGoals(goals: readonly Goal[]): Map<string, Target> {
  const current = goals
    .filter((g) => CURRENT.has(g.lifecycleStatus ?? ''))
    .sort((a, b) => (a.meta?.lastUpdated ?? '').localeCompare(b.meta?.lastUpdated ?? ''));
  const out = new Map<string, Target>();
  for (const goal of current) {
    for (const target of goal.target ?? []) {
      const code = loinc(target);
      if (!code) continue;
      const t: Target = { code };
      if (target.detailRange) {
        const low = inChartUnit(code, target.detailRange.low);
        const high = inChartUnit(code, target.detailRange.high);
        if (low !== undefined) t.low = low;
        if (high !== undefined) t.high = high;
      } else if (target.detailQuantity) {
        const value = inChartUnit(code, target.detailQuantity);
        const comparator = target.detailQuantity.comparator;
        if (value !== undefined && (comparator === '<' || comparator === '<=')) t.high = value;
        if (value !== undefined && (comparator === '>' || comparator === '>=')) t.low = value;
      }
      if (t.low === undefined && t.high === undefined) continue;
      const description = goal.description?.text;
      if (description) t.description = description;
      out.set(code, t);
    }
  }
  return out;
}

export interface TargetPoint {
  t: Date;
  v: number;
  flag?: 'H' | 'L';
}

/** Points flagged against the patient's own target (above: H, below: L); unflagged without a target. */
export function flagAgainst(
  points: readonly { t: Date; v: number }[],
  target: Target | undefined,
): TargetPoint[] {
  return points.map(({ t, v }) => {
    if (target?.high !== undefined && v > target.high) return { t, v, flag: 'H' };
    if (target?.low !== undefined && v < target.low) return { t, v, flag: 'L' };
    return { t, v };
  });
}
