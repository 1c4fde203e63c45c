// The dashboard as the page shows it, kept current by the WebSocket's messages: pure functions from
// (dashboard, message) to the next dashboard, so the live behaviour is tested in Node without a socket.
import type {
  AlertView,
  Dashboard,
  MonitoredPatient,
  News2Band,
  SeriesPoint,
  ServerMessage,
} from './monitoring.types.ts';

/** Sparklines show the last 24 hours. */
export const WINDOW_MS = 24 * 3_600_000;
/** The server sends at most 96 points per series (one per 15 minutes); live points keep that grain. */
export const BUCKET_MS = 15 * 60_000;

const BANDS: readonly News2Band[] = ['none', 'low', 'low-medium', 'medium', 'high'];
const SEVERITIES = ['low', 'medium', 'high'] as const;
const STATUSES = ['open', 'acknowledged', 'escalated'] as const;
const RULES = ['news2', 'threshold', 'trend', 'no-data'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isTime = (v: unknown): v is string => isString(v) && !Number.isNaN(Date.parse(v));
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => list.includes(v as T);

function isAlert(v: unknown): v is AlertView {
  return (
    isObject(v) &&
    isString(v.id) &&
    isString(v.patientId) &&
    typeof v.patientName === 'string' &&
    oneOf(RULES, v.rule) &&
    oneOf(SEVERITIES, v.severity) &&
    oneOf(STATUSES, v.status) &&
    typeof v.summary === 'string' &&
    isTime(v.createdAt) &&
    isNumber(v.escalationLevel)
  );
}

/** An AlertView as the server sends it (a message's or an action's answer), or undefined. */
export function parseAlert(v: unknown): AlertView | undefined {
  return isAlert(v) ? { ...v, details: isObject(v.details) ? v.details : {} } : undefined;
}

/** A message from /monitoring/ws, or undefined when it is not one the page understands (ignored). */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'alert': {
      const alert = parseAlert(m.alert);
      return alert ? { type: 'alert', alert } : undefined;
    }
    case 'news2':
      return isString(m.patientId) && isNumber(m.score) && oneOf(BANDS, m.band) && isTime(m.at)
        ? {
            type: 'news2',
            patientId: m.patientId,
            score: m.score,
            band: m.band,
            at: m.at,
            ...(typeof m.complete === 'boolean' ? { complete: m.complete } : {}),
          }
        : undefined;
    case 'vitals':
      return isString(m.patientId) && isString(m.code) && isNumber(m.value) && isTime(m.time)
        ? {
            type: 'vitals',
            patientId: m.patientId,
            code: m.code,
            value: m.value,
            unit: typeof m.unit === 'string' ? m.unit : '',
            time: m.time,
          }
        : undefined;
    default:
      return undefined;
  }
}

/** Unanswered: open, or escalated to the next responder and still waiting. */
export function isUnanswered(alert: AlertView): boolean {
  return alert.status !== 'acknowledged';
}

/**
 * Sickest first: by NEWS2 band (RCP NEWS2 (2017), Chart 2: a 3 in any single parameter is a
 * low–medium clinical risk, above an aggregate of 1–4), then score (none last), then open alerts,
 * then name — the server's order (monitoring/dashboard.ts), kept as live messages arrive.
 */
export function rankPatients(patients: readonly MonitoredPatient[]): MonitoredPatient[] {
  const band = (p: MonitoredPatient) => (p.news2 ? BANDS.indexOf(p.news2.band) : -1);
  return [...patients].sort(
    (a, b) =>
      band(b) - band(a) ||
      (b.news2?.score ?? -1) - (a.news2?.score ?? -1) ||
      b.openAlerts - a.openAlerts ||
      a.name.localeCompare(b.name),
  );
}

const SEVERITY_ORDER: Record<AlertView['severity'], number> = { high: 0, medium: 1, low: 2 };

/** Unanswered before acknowledged, then the most severe, then the newest. */
export function sortAlerts(alerts: readonly AlertView[]): AlertView[] {
  return [...alerts].sort(
    (a, b) =>
      Number(isUnanswered(b)) - Number(isUnanswered(a)) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
}

/** A point appended to a series: the last 24 h only, one point per 15-minute bucket (the newest wins). */
export function addPoint(points: readonly SeriesPoint[], point: SeriesPoint, nowMs: number): SeriesPoint[] {
  const kept = points.filter(([t]) => t > nowMs - WINDOW_MS);
  if (point[0] <= nowMs - WINDOW_MS) return kept;
  const bucket = Math.floor(point[0] / BUCKET_MS);
  const at = kept.findIndex(([t]) => Math.floor(t / BUCKET_MS) === bucket);
  if (at >= 0) {
    // A late reading older than the one already in its bucket does not replace it.
    if (kept[at]![0] <= point[0]) kept[at] = point;
    return kept;
  }
  return [...kept, point].sort((a, b) => a[0] - b[0]);
}

function withPatient(
  dashboard: Dashboard,
  patientId: string,
  name: string | undefined,
  change: (p: MonitoredPatient) => MonitoredPatient,
): Dashboard {
  const found = dashboard.patients.some((p) => p.patientId === patientId);
  const patients = found
    ? dashboard.patients.map((p) => (p.patientId === patientId ? change(p) : p))
    : [...dashboard.patients, change({ patientId, name: name ?? '', openAlerts: 0, series: {} })];
  return { ...dashboard, patients: rankPatients(patients) };
}

/**
 * Whether the patient is on the dashboard. News and vitals of one that is not are left out (the page
 * refetches, so the patient arrives with their name and history, never as a nameless row).
 */
export function knowsPatient(dashboard: Dashboard, patientId: string): boolean {
  return dashboard.patients.some((p) => p.patientId === patientId);
}

/** The dashboard after one live message; `nowMs` trims sparklines to the last 24 h. */
export function applyMessage(dashboard: Dashboard, message: ServerMessage, nowMs: number): Dashboard {
  switch (message.type) {
    case 'ready':
      return dashboard;
    case 'alert': {
      const { alert } = message;
      const alerts = sortAlerts([...dashboard.alerts.filter((a) => a.id !== alert.id), alert]);
      const open = alerts.filter((a) => a.patientId === alert.patientId && isUnanswered(a)).length;
      return withPatient({ ...dashboard, alerts }, alert.patientId, alert.patientName, (p) => ({
        ...p,
        openAlerts: open,
      }));
    }
    case 'news2': {
      const { patientId, score, band, at, complete } = message;
      if (!knowsPatient(dashboard, patientId)) return dashboard;
      return withPatient(dashboard, patientId, undefined, (p) =>
        p.news2 && Date.parse(p.news2.at) > Date.parse(at)
          ? p
          : { ...p, news2: { score, band, at, ...(complete !== undefined ? { complete } : {}) } },
      );
    }
    case 'vitals': {
      if (!knowsPatient(dashboard, message.patientId)) return dashboard;
      const point: SeriesPoint = [Date.parse(message.time), message.value];
      return withPatient(dashboard, message.patientId, undefined, (p) => ({
        ...p,
        series: { ...p.series, [message.code]: addPoint(p.series[message.code] ?? [], point, nowMs) },
      }));
    }
  }
}

/** The dashboard as fetched, put in the page's order. */
export function normalizeDashboard(dashboard: Dashboard): Dashboard {
  return {
    patients: rankPatients(dashboard.patients.map((p) => ({ ...p, series: p.series ?? {} }))),
    alerts: sortAlerts(dashboard.alerts.map((a) => ({ ...a, details: a.details ?? {} }))),
  };
}

export interface LiveStep {
  /** The dashboard to show now; undefined to keep the current one. */
  next?: Dashboard;
  /** Fetch the dashboard again: the feed (re)connected, or it spoke of a patient not listed. */
  refetch: boolean;
  /** An alert the page has not seen before (to announce). */
  arrived?: AlertView;
}

/** What one live message does to the page: the next dashboard, a refetch, an announcement. */
export function liveStep(current: Dashboard | undefined, message: ServerMessage, nowMs: number): LiveStep {
  // Whatever was said while the feed was down is in a fresh fetch, not in the messages.
  if (message.type === 'ready') return { refetch: true };
  if (!current) return { refetch: false };
  if (message.type !== 'alert' && !knowsPatient(current, message.patientId)) return { refetch: true };
  const next = applyMessage(current, message, nowMs);
  if (message.type === 'alert' && !current.alerts.some((a) => a.id === message.alert.id))
    return { next, refetch: false, arrived: message.alert };
  return { next, refetch: false };
}
