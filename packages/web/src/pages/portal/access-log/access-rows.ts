// AuditEvent → the rows of "Who accessed my record". Hearth records each interaction as an AuditEvent
// shaped by packages/server/src/audit/audit-event.ts: subtype = the restful-interaction code (or DICOM
// login/logout), one agent for the person (type DCM 110153, `who` = their fhirUser reference, role as
// text) and one for the app (DCM 110150, `who.identifier` = the OAuth client id), outcome 0/4/8
// (auditevent.html: success / minor failure / serious failure; Hearth uses 4 for a refused request), and
// for a break-the-glass access the stated reason in purposeOfEvent.text (v3-ActReason BTG).
import type { AuditEvent, AuditEventAgent } from '@medplum/fhirtypes';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const PERSON = '110153';
const APPLICATION = '110150';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/** What was done, in words the page translates (portal.json accessLog.action.*). */
export type AccessAction =
  | 'viewed'
  | 'searched'
  | 'viewed-history'
  | 'added'
  | 'changed'
  | 'deleted'
  | 'batch'
  | 'operation'
  | 'signed-in'
  | 'signed-out'
  | 'other';

const BY_INTERACTION: Readonly<Record<string, AccessAction>> = {
  read: 'viewed',
  vread: 'viewed',
  'search-type': 'searched',
  'search-system': 'searched',
  'search-compartment': 'searched',
  'history-instance': 'viewed-history',
  'history-type': 'viewed-history',
  'history-system': 'viewed-history',
  create: 'added',
  update: 'changed',
  patch: 'changed',
  delete: 'deleted',
  batch: 'batch',
  transaction: 'batch',
  operation: 'operation',
  login: 'signed-in',
  logout: 'signed-out',
};

/** AuditEvent.action (C R U D E) when the subtype says nothing we know. */
const BY_ACTION: Readonly<Record<string, AccessAction>> = {
  C: 'added',
  R: 'viewed',
  U: 'changed',
  D: 'deleted',
  E: 'operation',
};

export type AccessOutcome = 'success' | 'refused' | 'failed';

export interface AccessRow {
  id: string;
  /** ISO instant. */
  recorded: string;
  /** `Practitioner/1`, `Patient/9`…, when the person is a FHIR user. */
  whoReference: string | undefined;
  /** The Hearth user id when the person has no FHIR identity (an administrator, say). */
  whoUserId: string | undefined;
  /** The user's role as recorded (practitioner, patient, caregiver, admin…). */
  role: string | undefined;
  /** The patient themself. */
  isYou: boolean;
  /** The OAuth client (app) the request came through. */
  app: string | undefined;
  action: AccessAction;
  /** The kind of data touched (FHIR type), when known. */
  resourceType: string | undefined;
  outcome: AccessOutcome;
  /** The reason given to break the glass; undefined for ordinary access. */
  breakGlassReason: string | undefined;
}

function agentOfType(event: AuditEvent, code: string): AuditEventAgent | undefined {
  return event.agent.find((a) => a.type?.coding?.some((c) => c.system === DCM && c.code === code));
}

function outcomeOf(code: AuditEvent['outcome']): AccessOutcome {
  if (code === undefined || code === '0') return 'success';
  return code === '4' ? 'refused' : 'failed';
}

/** The break-the-glass reason: purposeOfEvent text, else a BTG purposeOfUse on an agent. */
function breakGlassReason(event: AuditEvent): string | undefined {
  const fromEvent = event.purposeOfEvent?.find((p) => p.text)?.text;
  if (fromEvent) return fromEvent;
  for (const agent of event.agent) {
    const btg = agent.purposeOfUse?.find((p) =>
      p.coding?.some((c) => c.system === ACT_REASON && c.code === 'BTG'),
    );
    if (btg) return btg.text ?? '';
  }
  return undefined;
}

function resourceTypeOf(event: AuditEvent): string | undefined {
  for (const e of event.entity ?? []) {
    const isPatientRole = e.role?.code === '1';
    const ref = e.what?.reference;
    if (ref && !isPatientRole) return ref.split('/')[0];
    if (e.description) return e.description;
  }
  // Only the patient entity: the request was about the Patient record itself.
  return event.entity?.some((e) => e.role?.code === '1') ? 'Patient' : undefined;
}

export function accessRow(event: AuditEvent, you: string): AccessRow {
  const person = agentOfType(event, PERSON);
  const app = agentOfType(event, APPLICATION);
  const whoReference = person?.who?.reference;
  const interaction = event.subtype?.[0]?.code;
  return {
    id: event.id ?? '',
    recorded: event.recorded,
    whoReference,
    whoUserId: whoReference ? undefined : (person?.altId ?? person?.who?.identifier?.value),
    role: person?.role?.[0]?.text,
    isYou: whoReference !== undefined && whoReference === you,
    app: app?.who?.identifier?.value ?? app?.who?.display,
    action:
      (interaction ? BY_INTERACTION[interaction] : undefined) ?? BY_ACTION[event.action ?? ''] ?? 'other',
    resourceType: resourceTypeOf(event),
    outcome: outcomeOf(event.outcome),
    breakGlassReason: breakGlassReason(event),
  };
}

/** The people to look up by name, per type (`Practitioner` → ids), leaving out the patient themself. */
export function peopleToName(rows: readonly AccessRow[]): Map<string, string[]> {
  const byType = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.whoReference || row.isYou) continue;
    const [type, id] = row.whoReference.split('/');
    if (!type || !id) continue;
    byType.set(type, (byType.get(type) ?? new Set()).add(id));
  }
  return new Map([...byType].map(([type, ids]) => [type, [...ids].sort()]));
}
