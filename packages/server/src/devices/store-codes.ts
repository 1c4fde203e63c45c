// What the store knows of each reading kind's LOINC code (types.ts NormalizedReading.code): its
// canonical UCUM unit (samples keep no unit column, so a reading must come in this one), its display, and
// its Observation category. Codes and displays from LOINC; the vital-signs ones are those of FHIR R4's
// vital signs profile (observation-vitalsigns.html). Pure.
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import type { ReadingKind } from './types.ts';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

export const BP_PANEL = '85354-9';
export const BP_SYSTOLIC = '8480-6';
export const BP_DIASTOLIC = '8462-4';

export interface CodeInfo {
  kind: ReadingKind;
  /** UCUM code of the value (blood pressure: of its components). */
  unit: string;
  /** The unit as people read it (Quantity.unit). */
  unitDisplay: string;
  codings: Coding[];
  /** observation-category: vital-signs, or activity for steps. */
  category: 'vital-signs' | 'activity';
}

const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });

const CODES: Readonly<Record<string, CodeInfo>> = {
  '8867-4': {
    kind: 'heart-rate',
    unit: '/min',
    unitDisplay: 'beats/minute',
    codings: [loinc('8867-4', 'Heart rate')],
    category: 'vital-signs',
  },
  [BP_PANEL]: {
    kind: 'blood-pressure',
    unit: 'mm[Hg]',
    unitDisplay: 'mmHg',
    codings: [loinc(BP_PANEL, 'Blood pressure panel with all children optional')],
    category: 'vital-signs',
  },
  '29463-7': {
    kind: 'body-weight',
    unit: 'kg',
    unitDisplay: 'kg',
    codings: [loinc('29463-7', 'Body weight')],
    category: 'vital-signs',
  },
  // The R4 oxygen saturation profile fixes 2708-6; pulse oximetry's own code comes first.
  '59408-5': {
    kind: 'oxygen-saturation',
    unit: '%',
    unitDisplay: '%',
    codings: [
      loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
      loinc('2708-6', 'Oxygen saturation in Arterial blood'),
    ],
    category: 'vital-signs',
  },
  '8310-5': {
    kind: 'body-temperature',
    unit: 'Cel',
    unitDisplay: '°C',
    codings: [loinc('8310-5', 'Body temperature')],
    category: 'vital-signs',
  },
  '9279-1': {
    kind: 'respiratory-rate',
    unit: '/min',
    unitDisplay: 'breaths/minute',
    codings: [loinc('9279-1', 'Respiratory rate')],
    category: 'vital-signs',
  },
  // Not one of the profile's vital signs, but a home measurement the monitoring rules read beside them
  // (the contract between the parts puts every kind but steps under vital-signs).
  '2339-0': {
    kind: 'blood-glucose',
    unit: 'mg/dL',
    unitDisplay: 'mg/dL',
    codings: [loinc('2339-0', 'Glucose [Mass/volume] in Blood')],
    category: 'vital-signs',
  },
  '55423-8': {
    kind: 'step-count',
    unit: '{steps}',
    unitDisplay: 'steps',
    codings: [loinc('55423-8', 'Number of steps in unspecified time Pedometer')],
    category: 'activity',
  },
};

export const BP_COMPONENTS: readonly { code: string; display: string }[] = [
  { code: BP_SYSTOLIC, display: 'Systolic blood pressure' },
  { code: BP_DIASTOLIC, display: 'Diastolic blood pressure' },
];

export function codeInfo(code: string): CodeInfo | undefined {
  return Object.hasOwn(CODES, code) ? CODES[code] : undefined;
}

export function codeConcept(info: CodeInfo): CodeableConcept {
  return { coding: info.codings, text: info.codings[0]!.display };
}

export function categoryConcept(info: CodeInfo): CodeableConcept[] {
  const display = info.category === 'vital-signs' ? 'Vital Signs' : 'Activity';
  return [{ coding: [{ system: CATEGORY, code: info.category, display }], text: display }];
}
