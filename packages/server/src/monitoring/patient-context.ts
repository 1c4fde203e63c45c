// Loads what the care record says about monitoring one patient, as the system: name, Scale-2 marker
// (Flag or hypercapnic Condition), heart failure, care-plan targets, responders, paired devices, and the
// recent Observations that seed the NEWS2 inputs and the dashboard series after a restart.
//
// Decisions (documented in the README, "Early warning and alerts"):
// - Per-patient thresholds are the targets of active Goals linked from an active CarePlan of the patient
//   (CarePlan.goal): a target whose measure is a LOINC code and whose detail is a Range (low and/or high);
//   Goal.priority high-priority → high severity, low-priority → low, otherwise medium.
// - Responders are the members of the patient's active CareTeams (participant order, Practitioner,
//   PractitionerRole, Organization or CareTeam members; patients and relatives are never paged), then the
//   fallback (HEARTH_ALERT_FALLBACK, else the privacy officer, else the patient's managing organization).
import { news2InputsFromObservations, type News2Input } from '@hearth/clinical';
import type {
  CarePlan,
  CareTeam,
  Condition,
  Device,
  Flag,
  Goal,
  Observation,
  Patient,
} from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import type { NormalizedReading } from '../devices/types.ts';
import { isHeartFailureCondition, isHypercapnicCondition, isScale2Flag, LOINC } from './codes.ts';
import { searchAll, type SearchTarget } from './fhir-search.ts';
import { NEWS2_INPUT_MAX_AGE_MS, type News2Field, type PatientContext } from './patient-state.ts';
import type { Target } from './rules.ts';
import type { AlertSeverity } from './alert-types.ts';

export interface LoadedPatient {
  context: PatientContext;
  /** NEWS2 inputs from Observations of the last 12 hours: [field, value, effective ms]. */
  inputs: [News2Field, News2Input[News2Field], number][];
  /** Recent vital-sign Observations as readings (series, weights), oldest first, with their device. */
  readings: { deviceId: string | undefined; reading: NormalizedReading }[];
}

const RESPONDER = /^(Practitioner|PractitionerRole|Organization|CareTeam)\/[A-Za-z0-9\-.]{1,64}$/;

export function patientName(p: Patient | undefined): string {
  const n = p?.name?.[0];
  if (!n) return 'Unnamed patient';
  return n.text ?? [...(n.given ?? []), n.family ?? ''].join(' ').trim();
}

const PRIORITY_SEVERITY: Readonly<Record<string, AlertSeverity>> = {
  'high-priority': 'high',
  'medium-priority': 'medium',
  'low-priority': 'low',
};

export function goalTargets(goals: readonly Goal[]): Target[] {
  return goals.flatMap((g) => {
    if (!g.id || g.lifecycleStatus !== 'active') return [];
    const priority = g.priority?.coding?.find((c) => c.code !== undefined)?.code ?? '';
    return (g.target ?? []).flatMap((t) => {
      const code = t.measure?.coding?.find((c) => c.system === LOINC)?.code;
      const range = t.detailRange;
      if (!code || (range?.low?.value === undefined && range?.high?.value === undefined)) return [];
      const unit = range?.low?.code ?? range?.high?.code;
      return [
        {
          goalId: g.id!,
          code,
          ...(range?.low?.value !== undefined ? { low: range.low.value } : {}),
          ...(range?.high?.value !== undefined ? { high: range.high.value } : {}),
          ...(unit !== undefined ? { unit } : {}),
          severity: PRIORITY_SEVERITY[priority] ?? 'medium',
          description: g.description.text ?? 'personal target',
        },
      ];
    });
  });
}

export function careTeamResponders(teams: readonly CareTeam[]): string[] {
  const out: string[] = [];
  for (const team of teams) {
    for (const p of team.participant ?? []) {
      const ref = p.member?.reference;
      if (ref && RESPONDER.test(ref) && !out.includes(ref)) out.push(ref);
    }
  }
  return out;
}

function effectiveMs(o: Observation): number | undefined {
  const t = o.effectiveDateTime ?? o.effectiveInstant ?? o.effectivePeriod?.end;
  const ms = t === undefined ? NaN : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A final vital-sign Observation with a plain value (or a BP panel) as a reading, for series and trends. */
function asReading(o: Observation): { deviceId: string | undefined; reading: NormalizedReading } | undefined {
  const code = o.code.coding?.find((c) => c.system === LOINC)?.code;
  const timeMs = effectiveMs(o);
  if (!code || timeMs === undefined || o.status !== 'final') return undefined;
  const deviceId = /^Device\/(.+)$/.exec(o.device?.reference ?? '')?.[1];
  const components = (o.component ?? []).flatMap((c) => {
    const cc = c.code.coding?.find((x) => x.system === LOINC)?.code;
    const v = c.valueQuantity?.value;
    return cc && v !== undefined ? [{ code: cc, value: v, unit: c.valueQuantity?.code ?? '' }] : [];
  });
  const value = o.valueQuantity?.value;
  if (value === undefined && components.length === 0) return undefined;
  return {
    deviceId,
    reading: {
      kind: 'heart-rate', // not read downstream: code decides
      code,
      unit: o.valueQuantity?.code ?? '',
      ...(value !== undefined ? { value } : { components }),
      timeMs,
    },
  };
}

export async function loadPatient(
  target: SearchTarget,
  patientId: string,
  opts: { nowMs: number; fallback: string | undefined },
): Promise<LoadedPatient> {
  const sys = SYSTEM_CONTEXT;
  const subject = `Patient/${patientId}`;
  const since = (ms: number) => new Date(opts.nowMs - ms).toISOString();
  const [patient, conditions, flags, plans, teams, devices, observations] = await Promise.all([
    target.repo.read(sys, 'Patient', patientId).then(
      (p) => p as Patient,
      () => undefined,
    ),
    searchAll<Condition>(target, sys, 'Condition', [['patient', subject]]),
    searchAll<Flag>(target, sys, 'Flag', [
      ['patient', subject],
      ['status', 'active'],
    ]),
    searchAll<CarePlan | Goal>(
      target,
      sys,
      'CarePlan',
      [
        ['patient', subject],
        ['status', 'active'],
        ['_include', 'CarePlan:goal'],
      ],
      { includes: true },
    ),
    searchAll<CareTeam>(target, sys, 'CareTeam', [
      ['patient', subject],
      ['status', 'active'],
    ]),
    searchAll<Device>(target, sys, 'Device', [['patient', subject]]),
    searchAll<Observation>(target, sys, 'Observation', [
      ['patient', subject],
      ['date', `ge${since(3 * 24 * 3600_000)}`],
      ['_sort', 'date'],
    ]),
  ]);
  const active = conditions.filter((c) =>
    (c.clinicalStatus?.coding ?? []).some((x) => x.code === 'active' || x.code === 'recurrence'),
  );
  const goals = plans.filter((r): r is Goal => r.resourceType === 'Goal');
  const fallback = opts.fallback ?? patient?.managingOrganization?.reference;
  const responders = careTeamResponders(teams);
  if (fallback && !responders.includes(fallback)) responders.push(fallback);
  const readings = observations.flatMap((o) => asReading(o) ?? []);
  const lastSeen = new Map<string, number>();
  for (const { deviceId, reading } of readings) {
    if (deviceId) lastSeen.set(deviceId, Math.max(reading.timeMs, lastSeen.get(deviceId) ?? 0));
  }
  const paired = devices.filter((d) => d.id && d.status !== 'inactive' && d.status !== 'entered-in-error');
  const window = { start: since(NEWS2_INPUT_MAX_AGE_MS), end: new Date(opts.nowMs + 60_000).toISOString() };
  const { input, basis } = news2InputsFromObservations(observations, window);
  const inputs = (Object.keys(input) as News2Field[]).map(
    (f): [News2Field, News2Input[News2Field], number] => [f, input[f], effectiveMs(basis[f]!) ?? opts.nowMs],
  );
  return {
    context: {
      name: patientName(patient),
      scale2: flags.some((f) => isScale2Flag(f.code)) || active.some((c) => isHypercapnicCondition(c.code)),
      heartFailure: active.some((c) => isHeartFailureCondition(c.code)),
      targets: goalTargets(goals),
      responders,
      devices: new Map(paired.map((d) => [d.id!, lastSeen.get(d.id!)])),
    },
    inputs,
    readings,
  };
}
