// AllergyIntolerance → the rows of "My allergies": the substance, what happens (each reaction's
// manifestations and severity), how serious the risk is (criticality), and whether it is still current.
// Codes from FHIR R4 allergyintolerance.html (clinical status, criticality, reaction severity).
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { conceptCode, conceptText } from '../record/fhir-text.ts';

const CLINICAL_STATUS = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';

export interface ReactionRow {
  /** What the patient experienced, e.g. "Hives, Wheezing". */
  manifestations: string;
  /** mild | moderate | severe */
  severity: 'mild' | 'moderate' | 'severe' | undefined;
}

export interface AllergyRow {
  id: string;
  substance: string;
  /** active | inactive | resolved; undefined when not recorded. */
  clinicalStatus: string | undefined;
  current: boolean;
  /** low | high | unable-to-assess */
  criticality: 'low' | 'high' | 'unable-to-assess' | undefined;
  /** food | medication | environment | biologic */
  categories: readonly string[];
  reactions: readonly ReactionRow[];
  recordedDate: string | undefined;
}

export function allergyRows(allergies: readonly AllergyIntolerance[]): AllergyRow[] {
  const rows = allergies
    // A refuted or mistaken entry is not an allergy the patient has.
    .filter(
      (a) => !['refuted', 'entered-in-error'].includes(conceptCode(a.verificationStatus, VERIFICATION) ?? ''),
    )
    .map((a): AllergyRow => {
      const clinicalStatus = conceptCode(a.clinicalStatus, CLINICAL_STATUS);
      return {
        id: a.id ?? '',
        substance: conceptText(a.code) || conceptText(a.reaction?.[0]?.substance),
        clinicalStatus,
        // A missing clinical status is read as current: the strict reading for a safety fact.
        current: clinicalStatus === undefined || clinicalStatus === 'active',
        criticality: a.criticality,
        categories: a.category ?? [],
        reactions: (a.reaction ?? []).map((r) => ({
          manifestations: r.manifestation.map(conceptText).filter(Boolean).join(', '),
          severity: r.severity,
        })),
        recordedDate: a.recordedDate ?? a.onsetDateTime,
      };
    });
  return rows.sort(
    (a, b) =>
      Number(b.current) - Number(a.current) ||
      Number(b.criticality === 'high') - Number(a.criticality === 'high') ||
      a.substance.localeCompare(b.substance),
  );
}
