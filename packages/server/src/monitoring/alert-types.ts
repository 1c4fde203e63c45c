// What an alert is, as rules propose it and as the clinician workspace sees it (the #6 contract's AlertView).

export type AlertRule = 'news2' | 'threshold' | 'trend' | 'no-data';
export type AlertSeverity = 'low' | 'medium' | 'high';
export type AlertStatus = 'open' | 'acknowledged' | 'escalated';

/** A rule's finding, before it becomes a Flag + Task. */
export interface AlertCandidate {
  rule: AlertRule;
  /** One open alert per patient and key: `news2`, `threshold:<goal id>:<loinc>`, `trend:weight`, `no-data:<device id>`. */
  key: string;
  severity: AlertSeverity;
  summary: string;
  details: Record<string, string | number>;
}

export interface AlertView {
  /** The Task id. */
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
  /** The responder the Task is with, e.g. `Practitioner/123`. */
  owner?: string;
  escalationLevel: number;
  /** When it escalates unless acknowledged. */
  dueAt?: string;
  acknowledgedBy?: string;
}

const RANK: Readonly<Record<AlertSeverity, number>> = { low: 1, medium: 2, high: 3 };

export const moreSevere = (a: AlertSeverity, b: AlertSeverity): boolean => RANK[a] > RANK[b];
