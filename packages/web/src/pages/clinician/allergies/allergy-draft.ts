// The "Add allergy" form → AllergyIntolerance (R4: patient required; ait-1/ait-2 — a confirmed, active
// allergy has clinicalStatus and verificationStatus). Common substances carry their SNOMED CT "allergy
// to X" finding codes (packages/synth/src/tables/allergies.ts, plus sulfonamide and aspirin from the
// SNOMED CT International browser); anything else is text only.
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { checkPastDate, type RecordContext } from '../problems/condition-draft.ts';

const SNOMED = 'http://snomed.info/sct';

export const COMMON_ALLERGIES = [
  { code: '91936005', display: 'Allergy to penicillin (finding)', category: 'medication' },
  { code: '91939003', display: 'Allergy to sulfonamide (finding)', category: 'medication' },
  { code: '293586001', display: 'Allergy to aspirin (finding)', category: 'medication' },
  { code: '91935009', display: 'Allergy to peanuts (finding)', category: 'food' },
  { code: '300913006', display: 'Shellfish allergy (finding)', category: 'food' },
  { code: '300916003', display: 'Latex allergy (finding)', category: 'environment' },
  { code: '418689008', display: 'Allergy to grass pollen (finding)', category: 'environment' },
] as const;

export type AllergyCategory = NonNullable<AllergyIntolerance['category']>[number];
export type Criticality = NonNullable<AllergyIntolerance['criticality']>;

export const ALLERGY_CATEGORIES: readonly AllergyCategory[] = [
  'medication',
  'food',
  'environment',
  'biologic',
];
export const CRITICALITIES: readonly Criticality[] = ['low', 'high', 'unable-to-assess'];

export interface AllergyValues {
  text: string;
  code?: string;
  category: AllergyCategory | '';
  criticality: Criticality | '';
  reaction: string;
  onset: string;
}

export type AllergyField = 'code' | 'category' | 'criticality' | 'reaction' | 'onset';
export type AllergyError =
  | 'allergies.errors.required'
  | 'allergies.errors.categoryRequired'
  | 'allergies.errors.future'
  | 'allergies.errors.date';

export const ALLERGY_PATHS: Record<AllergyField, readonly string[]> = {
  code: ['AllergyIntolerance.code'],
  category: ['AllergyIntolerance.category'],
  criticality: ['AllergyIntolerance.criticality'],
  reaction: ['AllergyIntolerance.reaction'],
  onset: ['AllergyIntolerance.onset', 'AllergyIntolerance.onsetDateTime', 'AllergyIntolerance.onset[x]'],
};

export function draftAllergy(
  values: AllergyValues,
  ctx: RecordContext,
):
  | { ok: true; resource: AllergyIntolerance }
  | { ok: false; errors: Partial<Record<AllergyField, AllergyError>> } {
  const errors: Partial<Record<AllergyField, AllergyError>> = {};
  const text = values.text.trim();
  if (!text) errors.code = 'allergies.errors.required';
  if (!values.category) errors.category = 'allergies.errors.categoryRequired';
  if (values.onset) {
    const problem = checkPastDate(values.onset, ctx.now);
    if (problem) errors.onset = problem === 'future' ? 'allergies.errors.future' : 'allergies.errors.date';
  }
  if (Object.keys(errors).length > 0 || !values.category) return { ok: false, errors };
  const known = COMMON_ALLERGIES.find((a) => a.code === values.code);
  const allergy: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
          code: 'confirmed',
        },
      ],
    },
    type: 'allergy',
    category: [values.category],
    code: known ? { coding: [{ system: SNOMED, code: known.code, display: known.display }], text } : { text },
    patient: { reference: `Patient/${ctx.patientId}` },
    recordedDate: ctx.now.toISOString(),
    recorder: { reference: ctx.recorder },
  };
  if (values.criticality) allergy.criticality = values.criticality;
  if (values.onset) allergy.onsetDateTime = values.onset;
  const reaction = values.reaction.trim();
  if (reaction) allergy.reaction = [{ manifestation: [{ text: reaction }] }];
  return { ok: true, resource: allergy };
}
