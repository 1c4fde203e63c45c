// The Consent shapes Hearth enforces (packages/server/src/access/consent-sql.ts), built and read here so
// that a patient's choice really takes effect. The server reads only the top-level provision:
//
// - Research opt-out: status active, scope consentscope#research, provision.type deny. The patient is
//   left out of researchers' aggregates and research exports (access/research-use.ts).
// - Sharing opt-out: status active, scope consentscope#patient-privacy, provision.type deny,
//   provision.actor naming an Organization. That organization's users no longer see the record (a
//   clinician breaking the glass in an emergency still can; that is recorded and the patient notified).
//
// Opting out creates such a Consent; opting back in marks the ones in force `inactive` (Consent.status,
// consent.html: "the consent is terminated or replaced") — nothing is deleted, so the history of the
// patient's choices stays. A sharing Consent naming several organizations keeps the others.
import type {
  CodeableConcept,
  Consent,
  ConsentProvisionActor,
  Organization,
  Reference,
} from '@medplum/fhirtypes';

export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
// consent-category example value set: LOINC 59284-0 "Patient Consent".
const PATIENT_CONSENT: CodeableConcept = {
  coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }],
};
// v3-ActCode OPTOUT: "the client has opted out"; satisfies invariant ppc-1 (policy or policyRule).
const OPT_OUT_RULE: CodeableConcept = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT', display: 'opt-out' },
  ],
};
// v3-ParticipationType IRCP: information recipient, the role a denied organization plays.
const RECIPIENT: CodeableConcept = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
      code: 'IRCP',
      display: 'information recipient',
    },
  ],
};

export type ConsentScope = 'research' | 'patient-privacy';

function scopeOf(consent: Consent): string | undefined {
  return consent.scope.coding?.find((c) => c.system === CONSENT_SCOPE)?.code;
}

/** An opt-out the server enforces today: active, the given scope, top-level provision deny. */
function isEnforcedDeny(consent: Consent, scope: ConsentScope): boolean {
  return consent.status === 'active' && scopeOf(consent) === scope && consent.provision?.type === 'deny';
}

function organizationsNamed(consent: Consent): string[] {
  return (consent.provision?.actor ?? [])
    .map((a) => a.reference.reference)
    .filter((r): r is string => r?.startsWith('Organization/') === true);
}

export interface ConsentState {
  researchOptedOut: boolean;
  /** `Organization/id` of every organization the patient has denied sharing with. */
  sharingDenied: ReadonlySet<string>;
}

export function consentState(consents: readonly Consent[]): ConsentState {
  return {
    researchOptedOut: consents.some((c) => isEnforcedDeny(c, 'research')),
    sharingDenied: new Set(
      consents.filter((c) => isEnforcedDeny(c, 'patient-privacy')).flatMap(organizationsNamed),
    ),
  };
}

function base(patientId: string, scope: ConsentScope, now: Date): Consent {
  const patient = { reference: `Patient/${patientId}` };
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: CONSENT_SCOPE, code: scope }] },
    category: [PATIENT_CONSENT],
    patient,
    dateTime: now.toISOString(),
    performer: [patient],
    policyRule: OPT_OUT_RULE,
  };
}

export function researchOptOut(patientId: string, now: Date): Consent {
  return { ...base(patientId, 'research', now), provision: { type: 'deny' } };
}

export function sharingOptOut(patientId: string, organization: Reference<Organization>, now: Date): Consent {
  const actor: ConsentProvisionActor = { role: RECIPIENT, reference: organization };
  return { ...base(patientId, 'patient-privacy', now), provision: { type: 'deny', actor: [actor] } };
}

/** One write a choice needs: a new Consent, or a change to one in force. */
export type ConsentChange = { kind: 'create'; resource: Consent } | { kind: 'update'; resource: Consent };

export interface ChoiceOptions {
  consents: readonly Consent[];
  patientId: string;
  now: Date;
}

/** The writes that make the research choice true; none when it already is. */
export function researchChanges(optOut: boolean, o: ChoiceOptions): ConsentChange[] {
  const inForce = o.consents.filter((c) => isEnforcedDeny(c, 'research'));
  if (optOut)
    return inForce.length > 0 ? [] : [{ kind: 'create', resource: researchOptOut(o.patientId, o.now) }];
  return inForce.map((c) => ({ kind: 'update', resource: { ...c, status: 'inactive' } }));
}

/** The writes that make sharing with `organization` denied (optOut) or allowed again. */
export function sharingChanges(
  optOut: boolean,
  organization: Reference<Organization>,
  o: ChoiceOptions,
): ConsentChange[] {
  const ref = organization.reference ?? '';
  const naming = o.consents.filter(
    (c) => isEnforcedDeny(c, 'patient-privacy') && organizationsNamed(c).includes(ref),
  );
  if (optOut) {
    return naming.length > 0
      ? []
      : [{ kind: 'create', resource: sharingOptOut(o.patientId, organization, o.now) }];
  }
  return naming.map((c): ConsentChange => {
    const actors = (c.provision?.actor ?? []).filter((a) => a.reference.reference !== ref);
    const stillDenies = actors.some((a) => a.reference.reference?.startsWith('Organization/'));
    return stillDenies
      ? { kind: 'update', resource: { ...c, provision: { ...c.provision, actor: actors } } }
      : { kind: 'update', resource: { ...c, status: 'inactive' } };
  });
}

/** One Consent as the page lists it. */
export interface ConsentRow {
  id: string;
  /** consentscope code (research, patient-privacy, treatment, adr) or undefined. */
  scope: string | undefined;
  scopeText: string;
  status: Consent['status'];
  /** Top-level provision: permit or deny. */
  decision: 'permit' | 'deny' | undefined;
  /** References of the organizations/people the provision names. */
  actors: readonly Reference[];
  dateTime: string | undefined;
}

export function consentRows(consents: readonly Consent[]): ConsentRow[] {
  return consents
    .map((c): ConsentRow => ({
      id: c.id ?? '',
      scope: scopeOf(c),
      scopeText: c.scope.text ?? c.scope.coding?.[0]?.display ?? c.scope.coding?.[0]?.code ?? '',
      status: c.status,
      decision: c.provision?.type,
      actors: (c.provision?.actor ?? []).map((a) => a.reference),
      dateTime: c.dateTime ?? c.meta?.lastUpdated,
    }))
    .sort(
      (a, b) =>
        Number(b.status === 'active') - Number(a.status === 'active') ||
        (b.dateTime ?? '').localeCompare(a.dateTime ?? ''),
    );
}
