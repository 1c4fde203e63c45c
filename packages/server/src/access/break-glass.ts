// Break-the-glass (issue #3 point 4): a practitioner opens a patient's record outside their panel by
// stating a reason in the `X-Break-Glass` request header. The HL7 purpose of use for this is
// v3-ActReason "BTG" (break the glass: "to perform one or more operations on information to which the
// user is not entitled… in an emergency"). The access is allowed for a limited time (a stored grant),
// the request carries the reason in AccessContext.breakGlassReason so the audit entry is flagged, and
// the patient and the privacy officer are each sent a Communication.
//
// Two kinds of request, kept apart: the one that OPENS a record (it carries the header; it records the
// grant and sends the two notifications, once per opening — a header repeated while the grant runs opens
// nothing new), and later ones working UNDER a running grant (no header needed): the grant admits them
// (panel-sql.ts breakGlassSql) and their audit entries carry the original reason
// (AccessContext.breakGlassGrants, loaded when the request begins), but they record and notify nothing.
// Once the grant expires the patient is outside the practitioner's access again.
import { badRequest, forbidden } from '@hearth/fhir';
import type { Communication } from '@medplum/fhirtypes';
import { clientOrganizationOf } from '../auth/clients.ts';
import type { Queryable } from '../db/engine.ts';
import {
  SYSTEM_CONTEXT,
  type AccessContext,
  type BreakGlassGrant,
  type Repository,
} from '../db/repository.types.ts';

export const BREAK_GLASS_HEADER = 'x-break-glass';
export const BTG = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG' } as const;
const MAX_REASON = 500;

export interface BreakGlassOptions {
  /** How long a grant lasts. */
  minutes: number;
  /** Who reviews emergency accesses, e.g. `Practitioner/privacy-officer`; their Communication is addressed to them. */
  privacyOfficer?: string | undefined;
}

/** The header's reason, checked: present, printable, at most 500 characters; undefined without the header. */
export function breakGlassReason(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const reason = (Array.isArray(header) ? header.join(', ') : header).trim();
  // eslint-disable-next-line no-control-regex
  if (reason === '' || reason.length > MAX_REASON || /[\u0000-\u001f\u007f]/.test(reason)) {
    throw badRequest(
      `X-Break-Glass must state the reason for the access (1–${MAX_REASON} printable characters).`,
    );
  }
  return reason;
}

/**
 * The request context with the user's running grants (for its audit entries); unchanged for everyone but
 * practitioners, the only ones who can hold a grant. One indexed lookup (access_break_glass_user).
 */
export async function withRunningGrants(
  db: Queryable,
  ctx: AccessContext,
  now: Date,
): Promise<AccessContext> {
  if (ctx.user?.role !== 'practitioner') return ctx;
  const rows = await db.query<{ patient_id: string; reason: string }>(
    `SELECT patient_id, reason FROM access_break_glass WHERE user_id = $1 AND expires_at > $2::timestamptz
     ORDER BY granted_at`,
    [ctx.user.id, now.toISOString()],
  );
  if (rows.rows.length === 0) return ctx;
  const grants: BreakGlassGrant[] = rows.rows.map((r) => ({ patientId: r.patient_id, reason: r.reason }));
  return { ...ctx, breakGlassGrants: grants };
}

/** Client id → organization, remembered briefly: a registration changes rarely, requests come often. */
const clientOrganizations = new Map<string, { organization: string | undefined; until: number }>();
const CLIENT_ORGANIZATION_TTL_MS = 30_000;

/**
 * The request context with what access control needs to know beyond the token: the user's running
 * break-the-glass grants, and the organization the app is registered to (AccessContext.clientOrganization).
 */
export async function withAccessFacts(db: Queryable, ctx: AccessContext, now: Date): Promise<AccessContext> {
  const withGrants = await withRunningGrants(db, ctx, now);
  if (ctx.clientId === undefined || ctx.clientOrganization !== undefined) return withGrants;
  let known = clientOrganizations.get(ctx.clientId);
  if (known === undefined || known.until < Date.now()) {
    known = {
      organization: await clientOrganizationOf(db, ctx.clientId),
      until: Date.now() + CLIENT_ORGANIZATION_TTL_MS,
    };
    clientOrganizations.set(ctx.clientId, known);
  }
  return known.organization === undefined
    ? withGrants
    : { ...withGrants, clientOrganization: known.organization };
}

export interface GrantInput {
  db: Queryable;
  /** The repository the notifications are written through (the unguarded one: the system writes them). */
  repo: Repository;
  ctx: AccessContext;
  patientId: string;
  now: Date;
  options: BreakGlassOptions;
}

/**
 * Records a grant for the user and patient, unless one is still running, and notifies. Only practitioners
 * may break the glass; patients, caregivers, researchers, officers and apps have nothing to override.
 */
export async function grantBreakGlass(input: GrantInput): Promise<void> {
  const { db, ctx, patientId, now, options } = input;
  const reason = ctx.breakGlassReason;
  if (reason === undefined) return;
  if (ctx.user?.role !== 'practitioner') {
    throw forbidden('Only practitioners may break the glass (X-Break-Glass).');
  }
  const running = await db.query(
    'SELECT 1 FROM access_break_glass WHERE user_id = $1 AND patient_id = $2 AND expires_at > $3::timestamptz',
    [ctx.user.id, patientId, now.toISOString()],
  );
  if (running.rows.length > 0) return;
  const expires = new Date(now.getTime() + options.minutes * 60_000);
  await db.query(
    `INSERT INTO access_break_glass (user_id, practitioner, patient_id, reason, granted_at, expires_at)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz)`,
    [ctx.user.id, ctx.user.fhirUser ?? null, patientId, reason, now.toISOString(), expires.toISOString()],
  );
  for (const notice of notifications({ ctx, patientId, reason, now, expires, options })) {
    await input.repo.create(SYSTEM_CONTEXT, notice);
  }
}

function notifications(n: {
  ctx: AccessContext;
  patientId: string;
  reason: string;
  now: Date;
  expires: Date;
  options: BreakGlassOptions;
}): Communication[] {
  const who = n.ctx.user?.fhirUser ?? `user ${n.ctx.user?.id ?? ''}`;
  const base: Communication = {
    resourceType: 'Communication',
    status: 'completed',
    category: [{ coding: [{ ...BTG, display: 'break the glass' }], text: 'Break-the-glass access' }],
    subject: { reference: `Patient/${n.patientId}` },
    ...(n.ctx.user?.fhirUser ? { sender: { reference: n.ctx.user.fhirUser } } : {}),
    sent: n.now.toISOString(),
    reasonCode: [{ text: n.reason }],
  };
  const until = n.expires.toISOString();
  return [
    {
      ...base,
      recipient: [{ reference: `Patient/${n.patientId}` }],
      payload: [
        {
          contentString: `${who} opened your health record in an emergency ("break the glass"), giving the reason: "${n.reason}". The access lasts until ${until} and is recorded in the audit log.`,
        },
      ],
    },
    {
      ...base,
      ...(n.options.privacyOfficer ? { recipient: [{ reference: n.options.privacyOfficer }] } : {}),
      payload: [
        {
          contentString: `Break-the-glass review: ${who} opened Patient/${n.patientId} outside their care relationship until ${until}. Reason given: "${n.reason}".`,
        },
      ],
    },
  ];
}
