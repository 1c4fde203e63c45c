// What one audit entry says, and the FHIR R4 AuditEvent it becomes (auditevent.html). Pure: the
// recorded time is passed in. Codes: audit-event-type `rest` with the restful-interaction subtype
// for FHIR requests, DICOM 110114/110122 for user authentication; outcome 0/4/8 (success, minor failure
// for a refused request, serious failure for a server fault); entity roles from object-role.
import type { AuditEvent, AuditEventAgent, AuditEventEntity } from '@medplum/fhirtypes';
import type { AccessContext, BreakGlassGrant } from '../db/repository.types.ts';

export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

/** Who acted: an AccessContext's identity, or only what a failed login or an unauthenticated call shows. */
export interface AuditAgent {
  /** e.g. `Client/abc`, `Practitioner/1`, `system`; absent when the caller was not authenticated. */
  actor?: string;
  clientId?: string;
  userId?: string;
  fhirUser?: string;
  role?: string;
  /** The user name a login attempt gave (failed logins have no user id). */
  username?: string;
  sourceIp?: string;
}

export interface AuditEntryInput {
  /** ISO instant. */
  recorded: string;
  /** restful-interaction code (`read`, `search-type`, `create`, …), or `login` / `logout`. */
  interaction: string;
  action: AuditAction;
  /** The HTTP status the request ended with (401/403 = denied). */
  status: number;
  /** A short, PHI-free reason for a failure, e.g. `invalid password`. */
  outcomeText?: string;
  agent: AuditAgent;
  /** The resource type acted on (type-level interactions). */
  resourceType?: string;
  /** References of the resources acted on, e.g. `Observation/1`. */
  entities?: readonly string[];
  /** The query string of a search or operation, as received. */
  query?: string;
  /** Ids of the patients whose records were touched. */
  patients?: readonly string[];
  /** Break-the-glass reason of a request that opens a record (AccessContext.breakGlassReason). */
  breakGlassReason?: string;
  /** Running break-the-glass grants of the user (AccessContext.breakGlassGrants). */
  breakGlassGrants?: readonly BreakGlassGrant[];
}

/**
 * The break-the-glass reason an entry is flagged with: the one the request stated when it opened a
 * record, else the reasons of the running grants under which it touched a patient's record (a later
 * request needs no header, but is still emergency access and audited as such).
 */
export function breakGlassReasonOf(e: AuditEntryInput): string | undefined {
  if (e.breakGlassReason !== undefined) return e.breakGlassReason;
  const patients = new Set(e.patients ?? []);
  const reasons = new Set(
    (e.breakGlassGrants ?? []).filter((g) => patients.has(g.patientId)).map((g) => g.reason),
  );
  return reasons.size > 0 ? [...reasons].join('; ') : undefined;
}

/** The leaf format of entries sealed since migration 0019 (earlier leaves are AuditEvent JSON). */
export const COMPACT_FORMAT = 'hearth.audit.v2';

/**
 * What the log stores and hashes for an entry: the entry itself, with the break-the-glass grants
 * resolved to the reason they flag it with (the grants are request state, not part of the record).
 * Its AuditEvent is rendered from it on demand (audit-render.ts).
 */
export interface CompactEntry extends Omit<AuditEntryInput, 'breakGlassGrants'> {
  format: typeof COMPACT_FORMAT;
}

export function compactEntry(e: AuditEntryInput): CompactEntry {
  const { breakGlassGrants: _grants, ...rest } = e;
  return { format: COMPACT_FORMAT, ...rest, breakGlassReason: breakGlassReasonOf(e) };
}

export function agentOf(ctx: AccessContext | undefined, sourceIp?: string): AuditAgent {
  if (!ctx) return { sourceIp };
  return {
    actor: ctx.actor,
    clientId: ctx.clientId,
    userId: ctx.user?.id,
    fhirUser: ctx.user?.fhirUser,
    role: ctx.user?.role,
    sourceIp: ctx.sourceIp ?? sourceIp,
  };
}

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

export function outcomeCode(status: number): AuditEvent['outcome'] {
  if (status < 400) return '0';
  return status < 500 ? '4' : '8';
}

function agents(a: AuditAgent, breakGlass: string | undefined): AuditEventAgent[] {
  const network = a.sourceIp ? { address: a.sourceIp, type: '2' as const } : undefined;
  // v3-ActReason ETREAT (emergency treatment) and BTG (break the glass) as the purpose of use.
  const purposeOfUse = breakGlass
    ? [{ coding: [{ system: ACT_REASON, code: 'BTG', display: 'break the glass' }], text: breakGlass }]
    : undefined;
  const person: AuditEventAgent | undefined =
    a.userId || a.username
      ? {
          type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
          who: a.fhirUser
            ? { reference: a.fhirUser }
            : a.userId
              ? { identifier: { system: 'urn:hearth:user', value: a.userId } }
              : { identifier: { system: 'urn:hearth:username', value: a.username } },
          altId: a.userId,
          role: a.role ? [{ text: a.role }] : undefined,
          requestor: true,
          network,
          purposeOfUse,
        }
      : undefined;
  const app: AuditEventAgent | undefined =
    a.clientId || a.actor
      ? {
          type: { coding: [{ system: DCM, code: '110150', display: 'Application' }] },
          who: a.clientId
            ? { identifier: { system: 'urn:hearth:client', value: a.clientId } }
            : { display: a.actor },
          requestor: !person,
          network: person ? undefined : network,
          purposeOfUse: person ? undefined : purposeOfUse,
        }
      : undefined;
  const found = [person, app].filter((x): x is AuditEventAgent => x !== undefined);
  if (found.length > 0) return found;
  return [{ who: { display: 'unauthenticated' }, requestor: true, network }];
}

function entities(e: AuditEntryInput): AuditEventEntity[] {
  const out: AuditEventEntity[] = (e.entities ?? []).map((reference) => ({
    what: { reference },
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
  }));
  if (e.query !== undefined || (e.resourceType && out.length === 0)) {
    out.push({
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      description: e.resourceType,
      query: e.query ? Buffer.from(e.query, 'utf8').toString('base64') : undefined,
    });
  }
  // object-role 1 = Patient: these entities put the event in each patient's compartment
  // (AuditEvent `patient` search parameter: entity.what.where(resolve() is Patient)).
  for (const id of new Set(e.patients ?? [])) {
    out.push({
      what: { reference: `Patient/${id}` },
      type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  }
  return out;
}

/** The AuditEvent an entry is recorded as (without id: the log assigns the leaf index as id). */
export function toAuditEvent(e: AuditEntryInput): AuditEvent {
  const login = e.interaction === 'login' || e.interaction === 'logout';
  const breakGlass = breakGlassReasonOf(e);
  return {
    resourceType: 'AuditEvent',
    type: login
      ? { system: DCM, code: '110114', display: 'User Authentication' }
      : {
          system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
          code: 'rest',
          display: 'RESTful Operation',
        },
    subtype: [
      login
        ? { system: DCM, code: e.interaction === 'login' ? '110122' : '110123', display: e.interaction }
        : { system: 'http://hl7.org/fhir/restful-interaction', code: e.interaction },
    ],
    action: e.action,
    recorded: e.recorded,
    outcome: outcomeCode(e.status),
    outcomeDesc: e.outcomeText ? `${e.status} ${e.outcomeText}` : String(e.status),
    purposeOfEvent: breakGlass
      ? [
          {
            coding: [{ system: ACT_REASON, code: 'ETREAT', display: 'Emergency Treatment' }],
            text: breakGlass,
          },
        ]
      : undefined,
    agent: agents(e.agent, breakGlass),
    source: {
      observer: { display: 'Hearth' },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity: (() => {
      const list = entities(e);
      return list.length > 0 ? list : undefined;
    })(),
  };
}
