// The "Record vitals" form → Observations (R4 observation-vitalsigns: status, category vital-signs,
// LOINC code, subject, effectiveDateTime, UCUM valueQuantity; blood pressure as one 85354-9 panel with
// systolic/diastolic components). The client checks only obvious mistakes; the server validates again.
import type { Observation } from '@medplum/fhirtypes';
import { BLOOD_PRESSURE_PANEL, VITAL_KEYS, VITALS, type VitalKey } from './vital-signs.ts';

const UCUM = 'http://unitsofmeasure.org';
const LOINC = 'http://loinc.org';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** Form values as Mantine NumberInput gives them: a number, or '' when empty. */
export type VitalsValues = Record<VitalKey, number | string>;

export const EMPTY_VITALS: VitalsValues = {
  systolic: '',
  diastolic: '',
  heartRate: '',
  respiratoryRate: '',
  oxygenSaturation: '',
  bodyTemperature: '',
  bodyWeight: '',
};

/** i18n keys (clinician namespace) of the client-side messages. */
export type VitalsError =
  | 'vitals.errors.notANumber'
  | 'vitals.errors.implausible'
  | 'vitals.errors.bothPressures'
  | 'vitals.errors.systolicBelowDiastolic'
  | 'vitals.errors.nothingEntered'
  | 'vitals.errors.future';

export type VitalsField = VitalKey | 'effective' | 'form';

/** One Observation to create, and the form field its server errors belong to. */
export interface VitalsEntry {
  field: VitalKey;
  resource: Observation;
}

export type VitalsDraft =
  { ok: true; entries: VitalsEntry[] } | { ok: false; errors: Partial<Record<VitalsField, VitalsError>> };

export interface VitalsContext {
  patientId: string;
  /** The signed-in practitioner, e.g. Practitioner/12 (Observation.performer). */
  performer: string;
  effective: Date;
  now: Date;
}

/** Clock skew tolerated between the user's device and "now" before a time counts as future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function parse(value: number | string): number | undefined | 'invalid' {
  if (value === '' || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : 'invalid';
}

function quantity(key: VitalKey, value: number) {
  const { unit } = VITALS[key];
  return { value, unit, system: UCUM, code: unit };
}

function concept(code: string, display: string) {
  return { coding: [{ system: LOINC, code, display }], text: display };
}

function frame(ctx: VitalsContext, code: { loinc: string; display: string }): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] }],
    code: concept(code.loinc, code.display),
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: ctx.effective.toISOString(),
    performer: [{ reference: ctx.performer }],
  };
}

/** Checks the values and builds the Observations, or says what is wrong with which field. */
export function draftVitals(values: VitalsValues, ctx: VitalsContext): VitalsDraft {
  const errors: Partial<Record<VitalsField, VitalsError>> = {};
  const numbers: Partial<Record<VitalKey, number>> = {};
  for (const key of VITAL_KEYS) {
    const n = parse(values[key]);
    if (n === 'invalid') errors[key] = 'vitals.errors.notANumber';
    else if (n !== undefined) {
      const [low, high] = VITALS[key].plausible;
      if (n < low || n > high) errors[key] = 'vitals.errors.implausible';
      else numbers[key] = n;
    }
  }
  const { systolic, diastolic } = numbers;
  const typedSystolic = values.systolic !== '';
  const typedDiastolic = values.diastolic !== '';
  if (typedSystolic !== typedDiastolic) {
    const missing = typedSystolic ? 'diastolic' : 'systolic';
    errors[missing] ??= 'vitals.errors.bothPressures';
  } else if (systolic !== undefined && diastolic !== undefined && systolic <= diastolic) {
    errors.systolic = 'vitals.errors.systolicBelowDiastolic';
  }
  if (
    Number.isNaN(ctx.effective.getTime()) ||
    ctx.effective.getTime() > ctx.now.getTime() + FUTURE_TOLERANCE_MS
  )
    errors.effective = 'vitals.errors.future';
  const typedAny = VITAL_KEYS.some((key) => values[key] !== '');
  if (!typedAny) errors.form = 'vitals.errors.nothingEntered';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const entries: VitalsEntry[] = [];
  if (systolic !== undefined && diastolic !== undefined) {
    const panel = frame(ctx, BLOOD_PRESSURE_PANEL);
    panel.component = [
      {
        code: concept(VITALS.systolic.loinc, VITALS.systolic.display),
        valueQuantity: quantity('systolic', systolic),
      },
      {
        code: concept(VITALS.diastolic.loinc, VITALS.diastolic.display),
        valueQuantity: quantity('diastolic', diastolic),
      },
    ];
    entries.push({ field: 'systolic', resource: panel });
  }
  for (const key of VITAL_KEYS) {
    const value = numbers[key];
    if (key === 'systolic' || key === 'diastolic' || value === undefined) continue;
    const observation = frame(ctx, VITALS[key]);
    observation.valueQuantity = quantity(key, value);
    entries.push({ field: key, resource: observation });
  }
  return { ok: true, entries };
}
