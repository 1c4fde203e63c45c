// An alert as FHIR: a Flag on the patient (what is wrong) and a Task for the care team (who must answer,
// by when). Task.status requested = waiting for a human; accepted = acknowledged. Task.businessStatus
// says open / escalated / acknowledged; the escalation level and who acknowledged ride in extensions;
// restriction.period.end is the escalation deadline.
import type { Extension, Flag, Task, TaskInput } from '@medplum/fhirtypes';
import type { AlertCandidate, AlertRule, AlertSeverity, AlertStatus, AlertView } from './alert-types.ts';
import {
  ACKNOWLEDGED_BY_URL,
  ALERT_KEY_SYSTEM,
  ALERT_RULE_SYSTEM,
  ALERT_STATUS_SYSTEM,
  ESCALATION_LEVEL_URL,
} from './codes.ts';

const RULE_DISPLAY: Readonly<Record<AlertRule, string>> = {
  news2: 'NEWS2 response threshold',
  threshold: 'Outside a care-plan target',
  trend: 'Worrying trend',
  'no-data': 'No data from a paired device',
};

/** FHIR request-priority for each severity (Task.priority). */
const PRIORITY: Readonly<Record<AlertSeverity, NonNullable<Task['priority']>>> = {
  low: 'routine',
  medium: 'urgent',
  high: 'stat',
};

export function severityOf(task: Task): AlertSeverity {
  return task.priority === 'stat' ? 'high' : task.priority === 'urgent' ? 'medium' : 'low';
}

export function alertFlag(patientId: string, c: AlertCandidate, at: string): Flag {
  return {
    resourceType: 'Flag',
    status: 'active',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'clinical' }] },
    ],
    code: {
      coding: [{ system: ALERT_RULE_SYSTEM, code: c.rule, display: RULE_DISPLAY[c.rule] }],
      text: c.summary,
    },
    subject: { reference: `Patient/${patientId}` },
    period: { start: at },
  };
}

function inputs(details: AlertCandidate['details']): TaskInput[] {
  return Object.entries(details).map(([name, v]) => ({
    type: { text: name },
    ...(typeof v === 'number' ? { valueDecimal: v } : { valueString: v }),
  }));
}

export interface Assignment {
  owner: string | undefined;
  level: number;
  /** ISO instant; undefined once the alert rests with the fallback (nobody left to escalate to). */
  dueAt: string | undefined;
}

export function alertTask(
  patientId: string,
  c: AlertCandidate,
  opts: { flagId: string; at: string; assignment: Assignment },
): Task {
  return withAssignment(
    {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      priority: PRIORITY[c.severity],
      identifier: [{ system: ALERT_KEY_SYSTEM, value: c.key }],
      code: { coding: [{ system: ALERT_RULE_SYSTEM, code: c.rule, display: RULE_DISPLAY[c.rule] }] },
      description: c.summary,
      for: { reference: `Patient/${patientId}` },
      focus: { reference: `Flag/${opts.flagId}` },
      authoredOn: opts.at,
      lastModified: opts.at,
      ...(Object.keys(c.details).length > 0 ? { input: inputs(c.details) } : {}),
    },
    opts.assignment,
    'open',
  );
}

/** The Task passed to an owner at a level (status open, or escalated above level 0). */
export function withAssignment(task: Task, a: Assignment, status: AlertStatus): Task {
  const { owner: _owner, restriction: _restriction, ...rest } = task;
  const extension: Extension[] = [
    ...(task.extension ?? []).filter((e) => e.url !== ESCALATION_LEVEL_URL),
    { url: ESCALATION_LEVEL_URL, valueInteger: a.level },
  ];
  return {
    ...rest,
    extension,
    businessStatus: { coding: [{ system: ALERT_STATUS_SYSTEM, code: status }] },
    ...(a.owner ? { owner: { reference: a.owner } } : {}),
    ...(a.dueAt ? { restriction: { period: { end: a.dueAt } } } : {}),
  };
}

export function alertKey(task: Task): string | undefined {
  return task.identifier?.find((i) => i.system === ALERT_KEY_SYSTEM)?.value;
}

export function escalationLevel(task: Task): number {
  return task.extension?.find((e) => e.url === ESCALATION_LEVEL_URL)?.valueInteger ?? 0;
}

export function alertStatus(task: Task): AlertStatus {
  if (task.status !== 'requested') return 'acknowledged';
  const code = task.businessStatus?.coding?.find((c) => c.system === ALERT_STATUS_SYSTEM)?.code;
  return code === 'escalated' ? 'escalated' : 'open';
}

export const isAlertTask = (task: Task): boolean =>
  (task.code?.coding ?? []).some((c) => c.system === ALERT_RULE_SYSTEM);

export const patientOf = (task: Task): string => (task.for?.reference ?? '').replace(/^Patient\//, '');

export function alertView(task: Task, patientName: string): AlertView {
  const rule = (task.code?.coding?.find((c) => c.system === ALERT_RULE_SYSTEM)?.code ?? 'news2') as AlertRule;
  const details: Record<string, string | number> = {};
  for (const i of task.input ?? []) {
    const v = i.valueDecimal ?? i.valueString;
    if (i.type.text && v !== undefined) details[i.type.text] = v;
  }
  const ackBy = task.extension?.find((e) => e.url === ACKNOWLEDGED_BY_URL)?.valueReference;
  const status = alertStatus(task);
  return {
    id: task.id ?? '',
    flagId: (task.focus?.reference ?? '').replace(/^Flag\//, ''),
    patientId: patientOf(task),
    patientName,
    rule,
    severity: severityOf(task),
    summary: task.description ?? '',
    details,
    createdAt: task.authoredOn ?? '',
    status,
    ...(task.owner?.reference ? { owner: task.owner.reference } : {}),
    escalationLevel: escalationLevel(task),
    ...(status !== 'acknowledged' && task.restriction?.period?.end
      ? { dueAt: task.restriction.period.end }
      : {}),
    ...(ackBy ? { acknowledgedBy: ackBy.reference ?? ackBy.display ?? '' } : {}),
  };
}

/** The Task acknowledged by `who` (a reference such as `Practitioner/1`, or the actor's display). */
export function acknowledgedTask(
  task: Task,
  who: { reference?: string; display?: string },
  at: string,
): Task {
  const { restriction: _r, ...rest } = task;
  return {
    ...rest,
    status: 'accepted',
    businessStatus: { coding: [{ system: ALERT_STATUS_SYSTEM, code: 'acknowledged' }] },
    lastModified: at,
    extension: [
      ...(task.extension ?? []).filter((e) => e.url !== ACKNOWLEDGED_BY_URL),
      { url: ACKNOWLEDGED_BY_URL, valueReference: who },
    ],
  };
}

/** The severity raised (a NEWS2 alert whose band rose while it waited). */
export function reassessedTask(task: Task, c: AlertCandidate, at: string): Task {
  return {
    ...task,
    priority: PRIORITY[c.severity],
    description: c.summary,
    lastModified: at,
    ...(Object.keys(c.details).length > 0 ? { input: inputs(c.details) } : {}),
  };
}
