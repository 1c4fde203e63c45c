import type { Condition } from '@medplum/fhirtypes';
import { coding, dateTime, reference } from './fhir-values.ts';
import type { Code } from './tables/codes.ts';
import { ICD10CM, SNOMED } from './tables/codes.ts';

// Condition as FHIR R4 §Condition requires for a diagnosis (con-3: clinicalStatus and
// verificationStatus; con-4: abatement only when resolved), coded in SNOMED CT with the ICD-10-CM
// code for billing and reporting as a second coding of the same concept.

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';

export interface ConditionFacts {
  readonly id: string;
  readonly patientId: string;
  readonly snomed: Code;
  readonly icd10: Code;
  readonly category: 'problem-list-item' | 'encounter-diagnosis';
  readonly onsetMs: number;
  readonly recordedMs: number;
  readonly encounterId?: string;
  readonly abatementMs?: number;
  readonly recorderId: string;
}

export function conditionResource(facts: ConditionFacts): Condition {
  const resolved = facts.abatementMs !== undefined;
  const condition: Condition = {
    resourceType: 'Condition',
    id: facts.id,
    clinicalStatus: {
      coding: [
        {
          system: CLINICAL,
          code: resolved ? 'resolved' : 'active',
          display: resolved ? 'Resolved' : 'Active',
        },
      ],
    },
    verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed', display: 'Confirmed' }] },
    category: [
      {
        coding: [
          {
            system: CATEGORY,
            code: facts.category,
            display: facts.category === 'problem-list-item' ? 'Problem List Item' : 'Encounter Diagnosis',
          },
        ],
      },
    ],
    code: {
      coding: [coding(SNOMED, facts.snomed), coding(ICD10CM, facts.icd10)],
      text: facts.snomed.display,
    },
    subject: reference('Patient', facts.patientId),
    onsetDateTime: dateTime(facts.onsetMs),
    recordedDate: dateTime(facts.recordedMs),
    recorder: reference('Practitioner', facts.recorderId),
  };
  if (facts.encounterId !== undefined) condition.encounter = reference('Encounter', facts.encounterId);
  if (facts.abatementMs !== undefined) condition.abatementDateTime = dateTime(facts.abatementMs);
  return condition;
}
