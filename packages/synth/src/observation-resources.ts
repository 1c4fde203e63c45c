import type { CodeableConcept, Observation, ObservationReferenceRange } from '@medplum/fhirtypes';
import { dateTime, reference, ucumQuantity } from './fhir-values.ts';
import { LOINC, SNOMED } from './tables/codes.ts';
import type { ObservationCategory, ObservationKey } from './tables/observations.ts';
import {
  BLOOD_PRESSURE_PANEL,
  OBSERVATIONS,
  OXYGEN_SATURATION_ALT,
  SARS_COV_2_NAA,
} from './tables/observations.ts';

// Observation resources shaped as the FHIR R4 vital signs profile asks (R4 §8.1.1: status, category
// vital-signs, LOINC code, subject, effective[x], UCUM valueQuantity; blood pressure as components of
// 85354-9) and lab results with a reference range (R4 Observation.referenceRange).

export interface Measured {
  readonly id: string;
  readonly patientId: string;
  readonly effectiveMs: number;
  readonly encounterId?: string;
  readonly deviceId?: string;
}

const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
const CATEGORY_DISPLAY: Readonly<Record<ObservationCategory, string>> = {
  'vital-signs': 'Vital Signs',
  laboratory: 'Laboratory',
};

function loincConcept(code: string, display: string): CodeableConcept {
  return { coding: [{ system: LOINC, code, display }], text: display };
}

function frame(m: Measured, category: ObservationCategory, code: CodeableConcept): Observation {
  const observation: Observation = {
    resourceType: 'Observation',
    id: m.id,
    status: 'final',
    category: [
      { coding: [{ system: CATEGORY_SYSTEM, code: category, display: CATEGORY_DISPLAY[category] }] },
    ],
    code,
    subject: reference('Patient', m.patientId),
    effectiveDateTime: dateTime(m.effectiveMs),
  };
  if (m.encounterId !== undefined) observation.encounter = reference('Encounter', m.encounterId);
  if (m.deviceId !== undefined) observation.device = reference('Device', m.deviceId);
  return observation;
}

function referenceRange(key: ObservationKey): ObservationReferenceRange[] | undefined {
  const { referenceRange: range, unit } = OBSERVATIONS[key];
  return range && [{ low: ucumQuantity(range[0], unit), high: ucumQuantity(range[1], unit) }];
}

export function quantityObservation(m: Measured, key: ObservationKey, value: number): Observation {
  const definition = OBSERVATIONS[key];
  const code =
    key === 'oxygenSaturation'
      ? {
          coding: [
            { system: LOINC, code: OXYGEN_SATURATION_ALT.loinc, display: OXYGEN_SATURATION_ALT.display },
            { system: LOINC, code: definition.loinc, display: definition.display },
          ],
          text: definition.display,
        }
      : loincConcept(definition.loinc, definition.display);
  const observation = frame(m, definition.category, code);
  observation.valueQuantity = ucumQuantity(value, definition.unit);
  const range = referenceRange(key);
  if (range) observation.referenceRange = range;
  return observation;
}

export function bloodPressureObservation(m: Measured, [systolic, diastolic]: [number, number]): Observation {
  const observation = frame(
    m,
    'vital-signs',
    loincConcept(BLOOD_PRESSURE_PANEL.loinc, BLOOD_PRESSURE_PANEL.display),
  );
  observation.component = [
    {
      code: loincConcept(OBSERVATIONS.systolic.loinc, OBSERVATIONS.systolic.display),
      valueQuantity: ucumQuantity(systolic, 'mm[Hg]'),
    },
    {
      code: loincConcept(OBSERVATIONS.diastolic.loinc, OBSERVATIONS.diastolic.display),
      valueQuantity: ucumQuantity(diastolic, 'mm[Hg]'),
    },
  ];
  return observation;
}

/** A positive SARS-CoV-2 NAA result (SNOMED CT 10828004 Positive, the result value set CDC uses). */
export function sarsCov2Positive(m: Measured): Observation {
  const observation = frame(m, 'laboratory', loincConcept(SARS_COV_2_NAA.loinc, SARS_COV_2_NAA.display));
  observation.valueCodeableConcept = {
    coding: [{ system: SNOMED, code: '10828004', display: 'Positive (qualifier value)' }],
    text: 'Positive',
  };
  return observation;
}
