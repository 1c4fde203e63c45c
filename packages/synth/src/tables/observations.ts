// Vital signs and laboratory tests: LOINC codes (loinc.org), UCUM units as the FHIR R4 vital signs
// profile requires (R4 §8.1 "Vital Signs": e.g. mm[Hg], /min, Cel, kg, cm, kg/m2, %), the adult
// reference range printed on reports, and the physiological bounds every generated value must stay
// within (limits of survivable physiology, used by the tests; not clinical thresholds).

export type ObservationKey =
  | 'systolic'
  | 'diastolic'
  | 'heartRate'
  | 'respiratoryRate'
  | 'oxygenSaturation'
  | 'bodyTemperature'
  | 'bodyWeight'
  | 'bodyHeight'
  | 'bmi'
  | 'hba1c'
  | 'glucose'
  | 'bloodGlucose'
  | 'egfr'
  | 'creatinine'
  | 'cholesterol'
  | 'hdl'
  | 'triglycerides'
  | 'potassium'
  | 'sodium'
  | 'ntProBnp';

export type ObservationCategory = 'vital-signs' | 'laboratory';

export interface ObservationDefinition {
  readonly loinc: string;
  readonly display: string;
  readonly unit: string;
  readonly category: ObservationCategory;
  readonly decimals: number;
  readonly bounds: readonly [number, number];
  readonly referenceRange?: readonly [number, number];
}

export const OBSERVATIONS: Readonly<Record<ObservationKey, ObservationDefinition>> = {
  systolic: {
    loinc: '8480-6',
    display: 'Systolic blood pressure',
    unit: 'mm[Hg]',
    category: 'vital-signs',
    decimals: 0,
    bounds: [60, 250],
  },
  diastolic: {
    loinc: '8462-4',
    display: 'Diastolic blood pressure',
    unit: 'mm[Hg]',
    category: 'vital-signs',
    decimals: 0,
    bounds: [30, 150],
  },
  heartRate: {
    loinc: '8867-4',
    display: 'Heart rate',
    unit: '/min',
    category: 'vital-signs',
    decimals: 0,
    bounds: [30, 220],
  },
  respiratoryRate: {
    loinc: '9279-1',
    display: 'Respiratory rate',
    unit: '/min',
    category: 'vital-signs',
    decimals: 0,
    bounds: [6, 70],
  },
  oxygenSaturation: {
    loinc: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
    category: 'vital-signs',
    decimals: 0,
    bounds: [70, 100],
  },
  bodyTemperature: {
    loinc: '8310-5',
    display: 'Body temperature',
    unit: 'Cel',
    category: 'vital-signs',
    decimals: 1,
    bounds: [34, 42],
  },
  bodyWeight: {
    loinc: '29463-7',
    display: 'Body weight',
    unit: 'kg',
    category: 'vital-signs',
    decimals: 1,
    bounds: [1.5, 300],
  },
  bodyHeight: {
    loinc: '8302-2',
    display: 'Body height',
    unit: 'cm',
    category: 'vital-signs',
    decimals: 1,
    bounds: [40, 220],
  },
  bmi: {
    loinc: '39156-5',
    display: 'Body mass index (BMI) [Ratio]',
    unit: 'kg/m2',
    category: 'vital-signs',
    decimals: 1,
    bounds: [10, 80],
  },
  hba1c: {
    loinc: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    unit: '%',
    category: 'laboratory',
    decimals: 1,
    bounds: [3.5, 16],
    referenceRange: [4, 5.6],
  },
  glucose: {
    loinc: '2345-7',
    display: 'Glucose [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 0,
    bounds: [40, 600],
    referenceRange: [70, 99],
  },
  bloodGlucose: {
    loinc: '2339-0',
    display: 'Glucose [Mass/volume] in Blood',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 0,
    bounds: [40, 600],
    referenceRange: [70, 140],
  },
  egfr: {
    loinc: '62238-1',
    display:
      'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)',
    unit: 'mL/min/{1.73_m2}',
    category: 'laboratory',
    decimals: 0,
    bounds: [5, 150],
    referenceRange: [60, 150],
  },
  creatinine: {
    loinc: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 2,
    bounds: [0.2, 15],
    referenceRange: [0.6, 1.3],
  },
  cholesterol: {
    loinc: '2093-3',
    display: 'Cholesterol [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 0,
    bounds: [80, 400],
    referenceRange: [100, 199],
  },
  hdl: {
    loinc: '2085-9',
    display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 0,
    bounds: [15, 120],
    referenceRange: [40, 100],
  },
  triglycerides: {
    loinc: '2571-8',
    display: 'Triglyceride [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 0,
    bounds: [30, 1000],
    referenceRange: [0, 149],
  },
  potassium: {
    loinc: '2823-3',
    display: 'Potassium [Moles/volume] in Serum or Plasma',
    unit: 'mmol/L',
    category: 'laboratory',
    decimals: 1,
    bounds: [2.5, 7],
    referenceRange: [3.5, 5.1],
  },
  sodium: {
    loinc: '2951-2',
    display: 'Sodium [Moles/volume] in Serum or Plasma',
    unit: 'mmol/L',
    category: 'laboratory',
    decimals: 0,
    bounds: [120, 160],
    referenceRange: [136, 145],
  },
  ntProBnp: {
    loinc: '33762-6',
    display: 'Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma',
    unit: 'pg/mL',
    category: 'laboratory',
    decimals: 0,
    bounds: [5, 35000],
    referenceRange: [0, 125],
  },
};

/** The vital-signs panel that groups systolic and diastolic (FHIR R4 vital signs profile, BP). */
export const BLOOD_PRESSURE_PANEL = {
  loinc: '85354-9',
  display: 'Blood pressure panel with all children optional',
};
/** The pulse oximetry code FHIR R4's oxygen saturation profile requires alongside 59408-5. */
export const OXYGEN_SATURATION_ALT = { loinc: '2708-6', display: 'Oxygen saturation in Arterial blood' };
/** SARS-CoV-2 RNA NAA test, reported as a coded result (SNOMED CT 10828004 Positive). */
export const SARS_COV_2_NAA = {
  loinc: '94500-6',
  display: 'SARS-CoV-2 (COVID-19) RNA [Presence] in Respiratory specimen by NAA with probe detection',
};
