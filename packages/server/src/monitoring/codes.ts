// The codes monitoring reads and writes. Readings arrive as LOINC (devices/types.ts); the markers that
// change how a patient is monitored are clinician-recorded Conditions and Flags; alerts are Flag + Task
// coded in Hearth's own code systems.
import type { CodeableConcept } from '@medplum/fhirtypes';
import type { News2Input } from '@hearth/clinical';

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';

/** The Hearth code system of alert rules: news2, threshold, trend, no-data (Task.code and Flag.code). */
export const ALERT_RULE_SYSTEM = 'https://hearth.health/fhir/CodeSystem/monitoring-alert';
/** Task.businessStatus: open, acknowledged, escalated. */
export const ALERT_STATUS_SYSTEM = 'https://hearth.health/fhir/CodeSystem/monitoring-alert-status';
/** Task.identifier: what the alert is about (`news2`, `threshold:<goal>:<loinc>`, …), one open alert per key. */
export const ALERT_KEY_SYSTEM = 'https://hearth.health/fhir/NamingSystem/monitoring-alert-key';
export const ESCALATION_LEVEL_URL = 'https://hearth.health/fhir/StructureDefinition/alert-escalation-level';
export const ACKNOWLEDGED_BY_URL = 'https://hearth.health/fhir/StructureDefinition/alert-acknowledged-by';

/**
 * A clinician's decision that the patient's SpO2 is scored on Scale 2 (RCP NEWS2 2017, Chart 1 note: "only
 * for patients with a prescribed target range of 88–92%, e.g. hypercapnic respiratory failure, decided by
 * a competent clinical decision maker and recorded"): an active Flag with this code.
 */
export const SPO2_SCALE_2_FLAG = {
  system: 'https://hearth.health/fhir/CodeSystem/news2',
  code: 'spo2-scale-2',
};

/** Active Conditions that also mean Scale 2: hypercapnic (type 2) respiratory failure. */
const HYPERCAPNIC: readonly (readonly [string, string])[] = [
  [SNOMED, '426896000'], // Chronic hypercapnic respiratory failure (disorder)
  [ICD10CM, 'J96.02'], // Acute respiratory failure with hypercapnia
  [ICD10CM, 'J96.12'], // Chronic respiratory failure with hypercapnia
  [ICD10CM, 'J96.22'], // Acute and chronic respiratory failure with hypercapnia
  [ICD10CM, 'J96.92'], // Respiratory failure, unspecified, with hypercapnia
];

/** Active Conditions that switch on the heart-failure weight trend rule. */
const HEART_FAILURE: readonly (readonly [string, string])[] = [
  [SNOMED, '84114007'], // Heart failure (disorder)
  [SNOMED, '42343007'], // Congestive heart failure (disorder)
  [SNOMED, '88805009'], // Chronic congestive heart failure (disorder)
  [SNOMED, '85232009'], // Left heart failure (disorder)
];

function codedAs(
  concept: CodeableConcept | undefined,
  codes: readonly (readonly [string, string])[],
): boolean {
  return (concept?.coding ?? []).some((c) => codes.some(([s, k]) => c.system === s && c.code === k));
}

export const isHypercapnicCondition = (code: CodeableConcept | undefined): boolean =>
  codedAs(code, HYPERCAPNIC);

/** Heart failure: the SNOMED concepts above, or any ICD-10(-CM) I50 code. */
export function isHeartFailureCondition(code: CodeableConcept | undefined): boolean {
  if (codedAs(code, HEART_FAILURE)) return true;
  return (code?.coding ?? []).some(
    (c) => (c.system === ICD10CM || c.system === ICD10) && (c.code ?? '').startsWith('I50'),
  );
}

export const isScale2Flag = (code: CodeableConcept | undefined): boolean =>
  codedAs(code, [[SPO2_SCALE_2_FLAG.system, SPO2_SCALE_2_FLAG.code]]);

/** The device readings that are NEWS2 inputs (LOINC, as devices/types.ts names them). */
export const NEWS2_FIELD_BY_CODE: Readonly<Record<string, keyof News2Input>> = {
  '9279-1': 'respirationRate',
  '59408-5': 'spo2',
  '8867-4': 'pulse',
  '8310-5': 'temperature',
  '8480-6': 'systolicBloodPressure',
};

export const BODY_WEIGHT = '29463-7';
export const BLOOD_PRESSURE_PANEL = '85354-9';
