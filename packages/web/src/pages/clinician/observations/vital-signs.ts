// The vital signs the clinician records and charts: LOINC codes and UCUM units as the FHIR R4 vital
// signs profile fixes them (R4 §8.1.1 observation-vitalsigns: 85354-9 panel with 8480-6 / 8462-4
// components in mm[Hg]; 8867-4 and 9279-1 in /min; 8310-5 in Cel; 29463-7 in kg; 59408-5 (2708-6 is
// the parent code the profile also accepts) in %).

export type VitalKey =
  | 'systolic'
  | 'diastolic'
  | 'heartRate'
  | 'respiratoryRate'
  | 'oxygenSaturation'
  | 'bodyTemperature'
  | 'bodyWeight';

export interface VitalDefinition {
  /** The LOINC code written on new Observations. */
  loinc: string;
  /** Other LOINC codes read as the same vital sign on existing Observations. */
  alsoReads: readonly string[];
  display: string;
  unit: string;
  /** What a typed value may be before the form asks "is that right?": limits of survivable physiology, not clinical thresholds. */
  plausible: readonly [number, number];
  /** Decimal places worth typing. */
  decimals: number;
}

export const BLOOD_PRESSURE_PANEL = {
  loinc: '85354-9',
  display: 'Blood pressure panel with all children optional',
};

export const VITALS: Readonly<Record<VitalKey, VitalDefinition>> = {
  systolic: {
    loinc: '8480-6',
    alsoReads: [],
    display: 'Systolic blood pressure',
    unit: 'mm[Hg]',
    plausible: [40, 300],
    decimals: 0,
  },
  diastolic: {
    loinc: '8462-4',
    alsoReads: [],
    display: 'Diastolic blood pressure',
    unit: 'mm[Hg]',
    plausible: [20, 200],
    decimals: 0,
  },
  heartRate: {
    loinc: '8867-4',
    alsoReads: [],
    display: 'Heart rate',
    unit: '/min',
    plausible: [20, 300],
    decimals: 0,
  },
  respiratoryRate: {
    loinc: '9279-1',
    alsoReads: [],
    display: 'Respiratory rate',
    unit: '/min',
    plausible: [2, 80],
    decimals: 0,
  },
  oxygenSaturation: {
    loinc: '59408-5',
    alsoReads: ['2708-6'],
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
    plausible: [50, 100],
    decimals: 0,
  },
  bodyTemperature: {
    loinc: '8310-5',
    alsoReads: [],
    display: 'Body temperature',
    unit: 'Cel',
    plausible: [30, 45],
    decimals: 1,
  },
  bodyWeight: {
    loinc: '29463-7',
    alsoReads: [],
    display: 'Body weight',
    unit: 'kg',
    plausible: [0.3, 500],
    decimals: 1,
  },
};

export const VITAL_KEYS = Object.keys(VITALS) as VitalKey[];

/** The vital sign a LOINC code stands for, if any. */
export function vitalForCode(code: string): VitalKey | undefined {
  return VITAL_KEYS.find((key) => VITALS[key].loinc === code || VITALS[key].alsoReads.includes(code));
}
