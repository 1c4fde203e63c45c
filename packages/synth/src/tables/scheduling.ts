import type { Code } from './codes.ts';

// Clinic staffing and templates. Specialties use NUCC Health Care Provider Taxonomy codes (the US Core
// PractitionerRole binding); roles use the FHIR practitioner-role code system. Open-access morning
// slots (30 minutes, 08:00–12:00 local, weekdays) are published as free Slots; afternoons hold
// pre-booked follow-ups (the patients' Appointments). A common US primary-care template (AAFP).

export const FAMILY_MEDICINE: Code = { code: '207Q00000X', display: 'Family Medicine Physician' };

export type SpecialtyKey = 'cardiology' | 'endocrinology' | 'pulmonology' | 'nephrology' | 'psychiatry';

export const SPECIALTIES: Readonly<Record<SpecialtyKey, Code>> = {
  cardiology: { code: '207RC0000X', display: 'Cardiovascular Disease Physician' },
  endocrinology: { code: '207RE0101X', display: 'Endocrinology, Diabetes & Metabolism Physician' },
  pulmonology: { code: '207RP1001X', display: 'Pulmonary Disease Physician' },
  nephrology: { code: '207RN0300X', display: 'Nephrology Physician' },
  psychiatry: { code: '2084P0800X', display: 'Psychiatry Physician' },
};

export const SPECIALTY_ORDER: readonly SpecialtyKey[] = [
  'cardiology',
  'endocrinology',
  'pulmonology',
  'nephrology',
  'psychiatry',
];

export const FAMILY_PHYSICIANS_PER_CLINIC = 3;
export const SLOT_MINUTES = 30;
export const OPEN_ACCESS_HOURS = [8, 12] as const;
export const BOOKED_HOURS = [13, 17] as const;
export const DEFAULT_SCHEDULE_WEEKS = 3;
/** Share of patients with an upcoming booked appointment in the schedule horizon. */
export const UPCOMING_APPOINTMENT_SHARE = 0.15;
