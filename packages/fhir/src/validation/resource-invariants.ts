// Resource invariants that matter for correctness (FHIR R4, each resource's "Constraints" table),
// hand-compiled. Keyed by schema id: the resource type or a backbone element path inside it.
import { codings, hasCoding } from './codings.ts';
import { hasChoice, isJsonObject, report, type Invariant } from './context.ts';

const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
// bdl-3/bdl-4: which Bundle types need entry.request / entry.response.
const REQUEST_BUNDLES = ['batch', 'transaction', 'history'];
const RESPONSE_BUNDLES = ['batch-response', 'transaction-response', 'history'];
const UNSCHEDULED_APPOINTMENT = ['proposed', 'cancelled', 'waitlist'];
const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
// ppc-2..ppc-5: privacy, research, advance-directive and treatment consents are about a patient.
const PATIENT_SCOPES = ['patient-privacy', 'research', 'adr', 'treatment'];

const bundle: Invariant = (walk, value, path) => {
  const type = value.type as string;
  // bdl-1: total only when a search or history.
  if (value.total !== undefined && type !== 'searchset' && type !== 'history') {
    report(walk, 'invariant', `${path}.total`, 'total only when a search or history (bdl-1)');
  }
  if (!Array.isArray(value.entry)) return;
  const fullUrls = new Set<string>();
  value.entry.forEach((entry: unknown, i) => {
    if (!isJsonObject(entry)) return;
    const at = `${path}.entry[${i}]`;
    // bdl-2: entry.search only when a search.
    if (entry.search !== undefined && type !== 'searchset') {
      report(walk, 'invariant', `${at}.search`, 'entry.search only when a search (bdl-2)');
    }
    // bdl-3 / bdl-4: entry.request mandatory for batch/transaction/history, otherwise prohibited;
    // likewise entry.response for batch-response/transaction-response/history.
    if ((entry.request !== undefined) !== REQUEST_BUNDLES.includes(type)) {
      report(
        walk,
        'invariant',
        `${at}.request`,
        `entry.request is required in, and only in, batch/transaction/history bundles (bdl-3)`,
      );
    }
    if ((entry.response !== undefined) !== RESPONSE_BUNDLES.includes(type)) {
      report(
        walk,
        'invariant',
        `${at}.response`,
        `entry.response is required in, and only in, batch-response/transaction-response/history bundles (bdl-4)`,
      );
    }
    // bdl-7: fullUrl unique, unless versions of one resource in a history.
    if (typeof entry.fullUrl === 'string' && type !== 'history') {
      const meta =
        isJsonObject(entry.resource) && isJsonObject(entry.resource.meta) ? entry.resource.meta : {};
      const key = `${entry.fullUrl}|${String(meta.versionId)}`;
      if (fullUrls.has(key))
        report(walk, 'invariant', `${at}.fullUrl`, 'fullUrl must be unique in a bundle (bdl-7)');
      fullUrls.add(key);
    }
  });
};

const observation: Invariant = (walk, value, path) => {
  const hasValue = hasChoice(value, 'value');
  // obs-6: dataAbsentReason SHALL only be present if Observation.value[x] is not present.
  if (hasValue && value.dataAbsentReason !== undefined) {
    report(
      walk,
      'invariant',
      `${path}.dataAbsentReason`,
      'dataAbsentReason only when there is no value (obs-6)',
    );
  }
  // obs-7: if code is the same as a component code, the observation's own value SHALL NOT be present.
  if (hasValue && Array.isArray(value.component)) {
    const own = new Set(codings(value.code).map((c) => `${String(c.system)}|${String(c.code)}`));
    const repeated = value.component.some(
      (component: unknown) =>
        isJsonObject(component) &&
        codings(component.code).some((c) => own.has(`${String(c.system)}|${String(c.code)}`)),
    );
    if (repeated)
      report(walk, 'invariant', path, 'value must be in the component that repeats the code (obs-7)');
  }
};

const consent: Invariant = (walk, value, path) => {
  // ppc-1: either a policy or a policyRule.
  if (value.policy === undefined && value.policyRule === undefined) {
    report(walk, 'invariant', `${path}.policyRule`, 'a consent needs a policy or policyRule (ppc-1)');
  }
  if (value.patient === undefined && hasCoding(value.scope, CONSENT_SCOPE, PATIENT_SCOPES)) {
    report(walk, 'invariant', `${path}.patient`, 'this consent scope needs a patient (ppc-2..ppc-5)');
  }
};

export const RESOURCE_INVARIANTS: Readonly<Record<string, Invariant>> = {
  Consent: consent,
  Bundle: bundle,
  Observation: observation,
  /** obs-6 applies to components too. */
  'Observation.component': (walk, value, path) => {
    if (hasChoice(value, 'value') && value.dataAbsentReason !== undefined) {
      report(
        walk,
        'invariant',
        `${path}.dataAbsentReason`,
        'dataAbsentReason only when there is no value (obs-6)',
      );
    }
  },
  /** obs-3: must have at least a low or a high or text. */
  'Observation.referenceRange': (walk, value, path) => {
    if (value.low === undefined && value.high === undefined && value.text === undefined) {
      report(walk, 'invariant', path, 'a reference range needs low, high or text (obs-3)');
    }
  },
  /** pat-1: a contact SHALL contain details or a reference to an organization. */
  'Patient.contact': (walk, value, path) => {
    if (['name', 'telecom', 'address', 'organization'].every((k) => value[k] === undefined)) {
      report(walk, 'invariant', path, 'a contact needs a name, telecom, address or organization (pat-1)');
    }
  },
  Condition: (walk, value, path) => {
    // con-4: if condition is abated, then clinicalStatus must be inactive, resolved or remission.
    const abated = hasChoice(value, 'abatement');
    if (
      abated &&
      !hasCoding(value.clinicalStatus, CONDITION_CLINICAL, ['inactive', 'resolved', 'remission'])
    ) {
      report(
        walk,
        'invariant',
        `${path}.clinicalStatus`,
        'an abated condition is inactive, resolved or in remission (con-4)',
      );
    }
    // con-5: clinicalStatus SHALL NOT be present if verificationStatus is entered-in-error.
    if (
      value.clinicalStatus !== undefined &&
      hasCoding(value.verificationStatus, CONDITION_VERIFICATION, ['entered-in-error'])
    ) {
      report(walk, 'invariant', `${path}.clinicalStatus`, 'no clinicalStatus when entered in error (con-5)');
    }
  },
  AllergyIntolerance: (walk, value, path) => {
    // ait-1 / ait-2: clinicalStatus SHALL be present if, and only if, not entered-in-error.
    const enteredInError = hasCoding(value.verificationStatus, ALLERGY_VERIFICATION, ['entered-in-error']);
    if ((value.clinicalStatus !== undefined) === enteredInError) {
      const key = enteredInError ? 'ait-2' : 'ait-1';
      report(
        walk,
        'invariant',
        `${path}.clinicalStatus`,
        `clinicalStatus is required unless entered in error, and absent then (${key})`,
      );
    }
  },
  Appointment: (walk, value, path) => {
    // app-2: either start and end are specified, or neither.
    if ((value.start === undefined) !== (value.end === undefined)) {
      report(walk, 'invariant', path, 'start and end are both present or both absent (app-2)');
    }
    // app-3: only proposed, cancelled or waitlist appointments can be missing start/end.
    const scheduled = value.start !== undefined && value.end !== undefined;
    if (!scheduled && !UNSCHEDULED_APPOINTMENT.includes(value.status as string)) {
      report(
        walk,
        'invariant',
        path,
        'only proposed, cancelled or waitlisted appointments lack start/end (app-3)',
      );
    }
  },
};
