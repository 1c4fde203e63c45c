// The access decision (DESIGN.md §3, issue #3 point 4): effective permission = scopes ∩ role policy ∩
// compartment ∩ consent. `authorize` is pure: it says whether an interaction on a type may happen at all
// and, if so, which rows the caller may touch, as a RowPolicy that row-sql.ts turns into SQL so that
// searches, totals, includes and paging are filtered in the database.
import type { AccessContext, SearchQuery } from '../db/repository.types.ts';
import { isIndividualType } from './resource-classes.ts';
import type { ConsentCheck } from './consent-sql.ts';
import type { Clinician } from './panel-sql.ts';
import { grantsFor, grantsOf, type Letter } from './scope-grants.ts';

export type Interaction =
  'read' | 'vread' | 'history-instance' | 'search' | 'history' | 'create' | 'update' | 'delete';

/** SMART 2.0 scopes: r = read, vread, instance history; s = search, type/system history; u = update, patch. */
const LETTER: Readonly<Record<Interaction, Letter>> = {
  read: 'r',
  vread: 'r',
  'history-instance': 'r',
  search: 's',
  history: 's',
  create: 'c',
  update: 'u',
  delete: 'd',
};

/** Patients whose data a caller may touch. */
export type PatientSet =
  | { kind: 'ids'; ids: readonly string[] }
  /** A practitioner's panel (panel-sql.ts) plus the patients they currently hold a break-the-glass grant for. */
  | ({ kind: 'care-relationship' } & Clinician);

/** Consent-based exclusions (issue #3 point 5): the patients whose Consent denies this access (consent-sql.ts). */
export type Exclusion = ConsentCheck;

/** Research use (researchers' aggregates, research exports): research and privacy Consents, purpose HRESEARCH. */
export const RESEARCH_USE: ConsentCheck = Object.freeze({
  kind: 'consent',
  purpose: 'HRESEARCH',
  scopes: Object.freeze(['research', 'patient-privacy'] as const),
});

/** One way a row may be admitted: a scope's type, its patient context, its granular constraint. */
export interface Branch {
  type: string;
  patients?: PatientSet;
  constraint?: SearchQuery;
}

export interface RowPolicy {
  /** A row must be admitted by one branch… */
  branches: readonly Branch[];
  /** …and be within the role's patients (`no-individual`: no individual health data at all)… */
  role: PatientSet | 'no-individual' | undefined;
  /** …and not belong to a patient excluded by consent. */
  exclusions: readonly Exclusion[];
  /** Writes never reach shared reference data from a patient-restricted caller. */
  purpose: 'read' | 'write';
}

export type Decision =
  | { allowed: false; reason: string }
  /** `policy` undefined: every row of the type (the system/*.* fast path, no SQL added). */
  | { allowed: true; policy: RowPolicy | undefined };

export interface AccessRequest {
  interaction: Interaction;
  /** undefined for searches and history across types. */
  type: string | undefined;
  /** A `_summary=count` search: only a number leaves the server. */
  aggregate?: boolean;
}

export function authorize(ctx: AccessContext, request: AccessRequest): Decision {
  const { interaction, type } = request;
  const what = type ?? 'resources';
  const role = rolePolicy(ctx, request.aggregate === true);
  if (role.role === 'no-individual' && type !== undefined && isIndividualType(type)) {
    return {
      allowed: false,
      reason: `A ${ctx.user?.role ?? ''} account sees aggregate data only: individual ${type} records are not available (use _summary=count, or the research and public-health endpoints).`,
    };
  }
  const branches = grantsFor(grantsOf(ctx.scopes), type, LETTER[interaction]).flatMap((g) => {
    if (g.context === 'system' && ctx.user) return [];
    if (g.context === 'user' && !ctx.user) return [];
    const branch: Branch = { type: g.resourceType };
    if (g.context === 'patient') branch.patients = { kind: 'ids', ids: launchPatients(ctx) };
    if (g.constraint) branch.constraint = g.constraint;
    return [branch];
  });
  if (branches.length === 0) {
    return { allowed: false, reason: `The granted scopes do not allow ${interaction} of ${what}.` };
  }
  const purpose = LETTER[interaction] === 'r' || LETTER[interaction] === 's' ? 'read' : 'write';
  const open = branches.some((b) => (b.type === '*' || type !== undefined) && !b.patients && !b.constraint);
  if (open && role.role === undefined && role.exclusions.length === 0)
    return { allowed: true, policy: undefined };
  return { allowed: true, policy: { branches, ...role, purpose } };
}

/** The patients a `patient/` scope refers to: the launch context, else the user's own or proxied ones. */
function launchPatients(ctx: AccessContext): readonly string[] {
  if (ctx.patient) return [ctx.patient];
  if (ctx.user?.role === 'patient') return ownPatient(ctx);
  if (ctx.user?.role === 'caregiver') return ctx.proxyPatients ?? [];
  return [];
}

function ownPatient(ctx: AccessContext): readonly string[] {
  const own = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(ctx.user?.fhirUser ?? '')?.[1] ?? ctx.patient;
  return own ? [own] : [];
}

export function practitionerId(ctx: AccessContext): string | undefined {
  return /^Practitioner\/([A-Za-z0-9\-.]{1,64})$/.exec(ctx.user?.fhirUser ?? '')?.[1];
}

/** The practitioner behind an account: fhirUser `Practitioner/…` or `PractitionerRole/…` (panel-sql.ts). */
function clinician(ctx: AccessContext, userId: string): Clinician {
  const role = /^PractitionerRole\/([A-Za-z0-9\-.]{1,64})$/.exec(ctx.user?.fhirUser ?? '')?.[1];
  return { practitionerId: practitionerId(ctx), ...(role ? { practitionerRoleId: role } : {}), userId };
}

function appOrganization(organization: string): ConsentCheck {
  return { kind: 'consent', purpose: 'TREAT', scopes: ['patient-privacy'], actors: { organization } };
}

/** The role half of the decision (issue #3 point 4). Apps without a user (backend services) have none. */
function rolePolicy(ctx: AccessContext, aggregate: boolean): Pick<RowPolicy, 'role' | 'exclusions'> {
  const user = ctx.user;
  // An app registered to an organization (an exchange partner's) sees no patient who refused sharing
  // with that organization.
  if (!user)
    return {
      role: undefined,
      exclusions: ctx.clientOrganization ? [appOrganization(ctx.clientOrganization)] : [],
    };
  switch (user.role) {
    case 'admin':
      return { role: undefined, exclusions: [] };
    case 'practitioner': {
      const who = clinician(ctx, user.id);
      const organization = ctx.clientOrganization;
      return {
        role: { kind: 'care-relationship', ...who },
        exclusions: [
          {
            kind: 'consent',
            purpose: 'TREAT',
            scopes: ['patient-privacy'],
            actors: { clinician: who, ...(organization ? { organization } : {}) },
            breakGlassUser: user.id,
          },
        ],
      };
    }
    case 'patient':
      return { role: { kind: 'ids', ids: ownPatient(ctx) }, exclusions: [] };
    case 'caregiver':
      return { role: { kind: 'ids', ids: ctx.proxyPatients ?? [] }, exclusions: [] };
    case 'researcher':
      // Aggregates only, and never over patients who opted out of research.
      return aggregate
        ? { role: undefined, exclusions: [RESEARCH_USE] }
        : { role: 'no-individual', exclusions: [] };
    case 'public-health':
      return aggregate ? { role: undefined, exclusions: [] } : { role: 'no-individual', exclusions: [] };
  }
}
