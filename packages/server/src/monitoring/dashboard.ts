// GET /monitoring/dashboard: the monitored patients the caller may read, ranked by NEWS2 then open alerts,
// with the last 24 hours of each reading series, and the alerts of those patients.
import type { Patient } from '@medplum/fhirtypes';
import type { AccessContext } from '../db/repository.types.ts';
import type { AlertView } from './alert-types.ts';
import type { AlertService } from './alert-service.ts';
import { searchAll, type SearchTarget } from './fhir-search.ts';
import type { PatientState } from './patient-state.ts';

export interface DashboardPatient {
  patientId: string;
  name: string;
  news2?: { score: number; band: string; complete: boolean; at: string };
  openAlerts: number;
  series: Record<string, [number, number][]>;
}

export interface Dashboard {
  patients: DashboardPatient[];
  alerts: AlertView[];
}

const CHUNK = 200;

/** The ids among `ids` whose Patient the caller may read (one search per 200, filtered by the repository). */
export async function readablePatients(
  target: SearchTarget,
  ctx: AccessContext,
  ids: readonly string[],
): Promise<Set<string>> {
  const ok = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await searchAll<Patient>(target, ctx, 'Patient', [
      ['_id', ids.slice(i, i + CHUNK).join(',')],
    ]);
    for (const p of found) if (p.id) ok.add(p.id);
  }
  return ok;
}

const BAND_RANK: Readonly<Record<string, number>> = { none: 0, low: 1, 'low-medium': 2, medium: 3, high: 4 };

export async function buildDashboard(opts: {
  target: SearchTarget;
  ctx: AccessContext;
  states: ReadonlyMap<string, PatientState>;
  alerts: AlertService;
  nowMs: number;
}): Promise<Dashboard> {
  const views = opts.alerts.views();
  const ids = new Set([...opts.states.keys(), ...views.map((v) => v.patientId)]);
  const readable = await readablePatients(opts.target, opts.ctx, [...ids]);
  const patients: DashboardPatient[] = [];
  for (const id of readable) {
    const state = opts.states.get(id);
    const series: Record<string, [number, number][]> = {};
    for (const [code, s] of state?.series ?? []) {
      const points = s.points(opts.nowMs);
      if (points.length > 0) series[code] = points;
    }
    const n = state?.news2;
    patients.push({
      patientId: id,
      name: state?.context.name ?? views.find((v) => v.patientId === id)?.patientName ?? '',
      ...(n
        ? {
            news2: {
              score: n.result.aggregate,
              band: n.result.band,
              complete: n.result.complete,
              at: new Date(n.at).toISOString(),
            },
          }
        : {}),
      openAlerts: opts.alerts.openCount(id),
      series,
    });
  }
  const score = (p: DashboardPatient) => [BAND_RANK[p.news2?.band ?? 'none'] ?? 0, p.news2?.score ?? -1];
  patients.sort((a, b) => {
    const [ab, as] = score(a);
    const [bb, bs] = score(b);
    return bb! - ab! || bs! - as! || b.openAlerts - a.openAlerts || a.name.localeCompare(b.name);
  });
  const alerts = views
    .filter((v) => readable.has(v.patientId))
    .sort(
      (a, b) =>
        (a.status === 'acknowledged' ? 1 : 0) - (b.status === 'acknowledged' ? 1 : 0) ||
        b.createdAt.localeCompare(a.createdAt),
    );
  return { patients, alerts };
}
