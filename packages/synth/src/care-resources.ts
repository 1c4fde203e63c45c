import type { AllergyIntolerance, Immunization, MedicationRequest } from '@medplum/fhirtypes';
import { coding, concept, dateTime, reference } from './fhir-values.ts';
import type { AllergyDefinition } from './tables/allergies.ts';
import type { Code } from './tables/codes.ts';
import { CVX, RXNORM, SNOMED } from './tables/codes.ts';
import type { Drug } from './tables/medications.ts';

// MedicationRequest (R4: status, intent, medication[x], subject required), Immunization (status,
// vaccineCode, patient, occurrence[x]) and AllergyIntolerance (patient; ait-1/ait-2 statuses).

export interface Prescription {
  readonly id: string;
  readonly patientId: string;
  readonly drug: Drug;
  readonly authoredMs: number;
  readonly requesterId: string;
  readonly conditionId: string;
  readonly encounterId?: string;
}

export function medicationRequestResource(p: Prescription): MedicationRequest {
  const request: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: p.id,
    status: 'active',
    intent: 'order',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
            code: 'community',
            display: 'Community',
          },
        ],
      },
    ],
    medicationCodeableConcept: concept(RXNORM, p.drug),
    subject: reference('Patient', p.patientId),
    authoredOn: dateTime(p.authoredMs),
    requester: reference('Practitioner', p.requesterId),
    reasonReference: [reference('Condition', p.conditionId)],
    dosageInstruction: [{ text: p.drug.dosage }],
  };
  if (p.encounterId !== undefined) request.encounter = reference('Encounter', p.encounterId);
  return request;
}

export function immunizationResource(
  id: string,
  patientId: string,
  vaccine: Code,
  occurrenceMs: number,
  locationId: string,
): Immunization {
  return {
    resourceType: 'Immunization',
    id,
    status: 'completed',
    vaccineCode: concept(CVX, vaccine),
    patient: reference('Patient', patientId),
    occurrenceDateTime: dateTime(occurrenceMs),
    primarySource: true,
    location: reference('Location', locationId),
  };
}

export function allergyResource(
  id: string,
  patientId: string,
  allergy: AllergyDefinition,
  recordedMs: number,
): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id,
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
    category: [allergy.category],
    criticality: allergy.criticality,
    code: concept(SNOMED, allergy.code),
    patient: reference('Patient', patientId),
    recordedDate: dateTime(recordedMs),
    reaction: [
      { manifestation: [{ coding: [coding(SNOMED, allergy.reaction)], text: allergy.reaction.display }] },
    ],
  };
}
