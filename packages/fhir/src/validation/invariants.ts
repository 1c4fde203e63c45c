// Core invariants of the R4 datatypes (FHIR R4 §2.24 datatypes, each constraint named by its key;
// Timing, Range and Ratio in timing-invariants.ts),
// hand-compiled rather than evaluated as FHIRPath so a write pays microseconds for them. Resource
// invariants live in resource-invariants.ts and questionnaire-invariants.ts; all register by schema id.
import { hasChoice, report, type Invariant } from './context.ts';
import { QUESTIONNAIRE_INVARIANTS } from './questionnaire-invariants.ts';
import { RESOURCE_INVARIANTS } from './resource-invariants.ts';
import { TIMING_INVARIANTS } from './timing-invariants.ts';

/** qty-3: if a code for the unit is present, the system SHALL also be present. */
const quantityUnitSystem: Invariant = (walk, value, path) => {
  if (value.code !== undefined && value.system === undefined) {
    report(walk, 'invariant', `${path}.system`, 'a coded unit needs its system (qty-3)');
  }
};

const DATATYPE_INVARIANTS: Readonly<Record<string, Invariant>> = {
  /** ext-1: must have either extensions or value[x], not both. */
  Extension: (walk, value, path) => {
    if (hasChoice(value, 'value') === (value.extension !== undefined)) {
      report(walk, 'invariant', path, 'an extension has either a value or extensions, not both (ext-1)');
    }
  },
  /** per-1: if present, start SHALL have a lower value than end. */
  Period: (walk, value, path) => {
    const { start, end } = value;
    if (typeof start !== 'string' || typeof end !== 'string') return;
    // FHIRPath compares only values of the same precision; compare the instants they begin at.
    if (start.length === end.length || (start.includes('T') && end.includes('T'))) {
      if (Date.parse(start) > Date.parse(end)) report(walk, 'invariant', path, 'start is after end (per-1)');
    }
  },
  /** cpt-2: a system is required if a value is provided. */
  ContactPoint: (walk, value, path) => {
    if (value.value !== undefined && value.system === undefined) {
      report(walk, 'invariant', `${path}.system`, 'a contact value needs its system (cpt-2)');
    }
  },
  /** att-1: if the Attachment has data, it SHALL have a contentType. */
  Attachment: (walk, value, path) => {
    if (value.data !== undefined && value.contentType === undefined) {
      report(walk, 'invariant', `${path}.contentType`, 'attached data needs its contentType (att-1)');
    }
  },
  Quantity: quantityUnitSystem,
  Age: quantityUnitSystem,
  Count: quantityUnitSystem,
  Distance: quantityUnitSystem,
  Duration: quantityUnitSystem,
};

const REGISTRIES = [DATATYPE_INVARIANTS, TIMING_INVARIANTS, RESOURCE_INVARIANTS, QUESTIONNAIRE_INVARIANTS];

/** The invariant on a schema's objects ('Period', 'Patient.contact'), looked up once at compile time. */
export function invariantFor(schemaId: string): Invariant | undefined {
  const registry = REGISTRIES.find((r) => Object.hasOwn(r, schemaId));
  return registry?.[schemaId];
}
