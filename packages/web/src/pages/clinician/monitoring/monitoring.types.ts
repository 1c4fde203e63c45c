// The monitoring API's wire format as the server sends it (GET /monitoring/dashboard and the
// /monitoring/ws messages; issue #6, /monitoring in the server). The web app talks to the server only
// over HTTP (DESIGN.md §2), so these are declared here, not imported; `parseServerMessage` checks each
// message's shape before the page trusts it.
import type { News2Band } from '@hearth/clinical';

export type { News2Band };

export type AlertRule = 'news2' | 'threshold' | 'trend' | 'no-data';
export type AlertSeverity = 'low' | 'medium' | 'high';
export type AlertStatus = 'open' | 'acknowledged' | 'escalated';

export interface AlertView {
  /** The Task id: acknowledge and escalate act on it. */
  id: string;
  flagId: string;
  patientId: string;
  patientName: string;
  rule: AlertRule;
  severity: AlertSeverity;
  summary: string;
  details: Record<string, string | number>;
  createdAt: string;
  status: AlertStatus;
  owner?: string;
  escalationLevel: number;
  dueAt?: string;
  acknowledgedBy?: string;
}

export interface News2Summary {
  score: number;
  band: News2Band;
  at: string;
  /** False when some inputs were not measured: the score is then a floor (the dashboard says so). */
  complete?: boolean;
}

/** One [time in ms, value] point of a sparkline. */
export type SeriesPoint = [number, number];

export interface MonitoredPatient {
  patientId: string;
  name: string;
  news2?: News2Summary;
  openAlerts: number;
  /** By LOINC code: the last 24 h, oldest first. */
  series: Record<string, SeriesPoint[]>;
}

export interface Dashboard {
  patients: MonitoredPatient[];
  alerts: AlertView[];
}

export type ServerMessage =
  | { type: 'ready' }
  | { type: 'alert'; alert: AlertView }
  | { type: 'news2'; patientId: string; score: number; band: News2Band; at: string; complete?: boolean }
  | { type: 'vitals'; patientId: string; code: string; value: number; unit: string; time: string };
