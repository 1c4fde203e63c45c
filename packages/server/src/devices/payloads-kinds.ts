// What Hearth knows about each reading kind: its LOINC code, canonical UCUM unit, the unit spellings it accepts
// (UCUM and the Open mHealth value sets), the plausible range and the Open mHealth schema it comes in.
import type { ReadingKind } from './types.ts';

export interface KindSpec {
  kind: ReadingKind;
  /** Words for messages. */
  label: string;
  /** LOINC code of the Observation (types.ts). */
  code: string;
  /** Canonical UCUM unit the value is stored in. */
  unit: string;
  /** Accepted unit spellings → their UCUM code. Case-sensitive, as UCUM and the OMH enums are. */
  units: Readonly<Record<string, string>>;
  /**
   * Plausible range in the canonical unit. Plausibility, not clinical thresholds: wide enough for any living
   * patient, narrow enough to catch a wrong unit (°F labelled Cel, lb labelled kg) or a sensor glitch. Inside
   * @hearth/clinical's NEWS2 input limits, so an accepted reading is always scoreable.
   */
  min: number;
  max: number;
  /** Counts must be whole numbers. */
  integer?: boolean;
  /** Grams per mole, for mmol/L → mg/dL. */
  molecularWeight?: number;
  omh: {
    /** The body property that carries the measure (e.g. `heart_rate`); blood pressure has two. */
    property: string;
    /** Schema major versions whose body shape this parser follows. */
    majors: readonly number[];
    /** The unit as the schema spells it, for examples in messages. */
    unit: string;
  };
}

// Glucose C6H12O6: 6 × 12.011 + 12 × 1.008 + 6 × 15.999 = 180.156 g/mol (IUPAC standard atomic weights).
export const GLUCOSE_MOLECULAR_WEIGHT = 180.156;

export const KINDS: Readonly<Record<ReadingKind, KindSpec>> = {
  // omh:heart-rate 1.x/2.x: heart_rate {value, unit: 'beats/min'}.
  'heart-rate': {
    kind: 'heart-rate',
    label: 'heart rate',
    code: '8867-4',
    unit: '/min',
    units: { '/min': '/min', '{beats}/min': '/min', 'beats/min': '/min' },
    min: 1,
    max: 300,
    omh: { property: 'heart_rate', majors: [1, 2], unit: 'beats/min' },
  },
  // omh:blood-pressure 1.x–4.x: systolic_blood_pressure / diastolic_blood_pressure {value, unit: 'mmHg'}.
  'blood-pressure': {
    kind: 'blood-pressure',
    label: 'blood pressure',
    code: '85354-9',
    unit: 'mm[Hg]',
    units: { 'mm[Hg]': 'mm[Hg]', mmHg: 'mm[Hg]', kPa: 'kPa' },
    min: 10,
    max: 300,
    omh: { property: 'systolic_blood_pressure', majors: [1, 2, 3, 4], unit: 'mmHg' },
  },
  // omh:body-weight 1.x–3.x: body_weight is a mass-unit-value (omh:mass-unit-value-1.0 enum: … g, kg, oz, lb …).
  'body-weight': {
    kind: 'body-weight',
    label: 'body weight',
    code: '29463-7',
    unit: 'kg',
    units: { kg: 'kg', g: 'g', '[lb_av]': '[lb_av]', lb: '[lb_av]', '[oz_av]': '[oz_av]', oz: '[oz_av]' },
    min: 0.2,
    max: 650,
    omh: { property: 'body_weight', majors: [1, 2, 3], unit: 'kg' },
  },
  // omh:oxygen-saturation 1.x/2.x: oxygen_saturation {value, unit: '%'}.
  'oxygen-saturation': {
    kind: 'oxygen-saturation',
    label: 'oxygen saturation',
    code: '59408-5',
    unit: '%',
    units: { '%': '%' },
    min: 20,
    max: 100,
    omh: { property: 'oxygen_saturation', majors: [1, 2], unit: '%' },
  },
  // omh:body-temperature 1.x–4.x: body_temperature is a temperature-unit-value (omh enum: K, F, C).
  'body-temperature': {
    kind: 'body-temperature',
    label: 'body temperature',
    code: '8310-5',
    unit: 'Cel',
    units: { Cel: 'Cel', C: 'Cel', '[degF]': '[degF]', F: '[degF]', K: 'K' },
    min: 25,
    max: 45,
    omh: { property: 'body_temperature', majors: [1, 2, 3, 4], unit: 'C' },
  },
  // omh:respiratory-rate 1.x/2.x: respiratory_rate {value, unit: 'breaths/min'}.
  'respiratory-rate': {
    kind: 'respiratory-rate',
    label: 'respiratory rate',
    code: '9279-1',
    unit: '/min',
    units: { '/min': '/min', '{breaths}/min': '/min', 'breaths/min': '/min' },
    min: 1,
    max: 120,
    omh: { property: 'respiratory_rate', majors: [1, 2], unit: 'breaths/min' },
  },
  // omh:blood-glucose 1.x–4.x: blood_glucose {value, unit: 'mg/dL' | 'mmol/L'}.
  'blood-glucose': {
    kind: 'blood-glucose',
    label: 'blood glucose',
    code: '2339-0',
    unit: 'mg/dL',
    units: { 'mg/dL': 'mg/dL', 'mmol/L': 'mmol/L' },
    min: 10,
    max: 1500,
    molecularWeight: GLUCOSE_MOLECULAR_WEIGHT,
    omh: { property: 'blood_glucose', majors: [1, 2, 3, 4], unit: 'mg/dL' },
  },
  // omh:step-count 1.x/2.x: step_count is a bare number; 3.x: step_count {value, unit: 'steps'}.
  'step-count': {
    kind: 'step-count',
    label: 'step count',
    code: '55423-8',
    unit: '{steps}',
    units: { '{steps}': '{steps}', steps: '{steps}' },
    min: 0,
    max: 200_000,
    integer: true,
    omh: { property: 'step_count', majors: [1, 2, 3], unit: 'steps' },
  },
};

export const READING_KINDS = Object.keys(KINDS) as ReadingKind[];

export function isReadingKind(value: unknown): value is ReadingKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

/** LOINC codes of the blood pressure components. */
export const SYSTOLIC_CODE = '8480-6';
export const DIASTOLIC_CODE = '8462-4';
