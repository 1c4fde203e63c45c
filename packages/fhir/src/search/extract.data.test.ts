// Every real Synthea resource in the shared fixtures extracts without error, and every resource of
// a patient-compartment type lands in a compartment.
// eslint-disable-next-line no-restricted-imports -- tests read the shared fixture files; the code under test does no I/O.
import { readdirSync, readFileSync } from 'node:fs';
import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { extractIndexValues } from './extract.ts';
import { patientCompartmentParams } from './compartment.ts';

const SYNTHEA_DIR = '/work/shared/data/synthea/';

function readNdjson(file: string): Resource[] {
  return readFileSync(SYNTHEA_DIR + file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Resource);
}

describe('real Synthea resources', () => {
  const files = readdirSync(SYNTHEA_DIR).filter((f) => f.endsWith('.ndjson'));

  it.each(files)('extracts every resource in %s', (file) => {
    for (const resource of readNdjson(file)) {
      const values = extractIndexValues(resource);
      const inCompartment =
        resource.resourceType === 'Patient' || patientCompartmentParams(resource.resourceType).length > 0;
      if (inCompartment) expect(values.patients.length, resource.id).toBeGreaterThan(0);
      expect(
        values.token.length + values.reference.length + values.string.length,
        resource.id,
      ).toBeGreaterThan(0);
    }
  });
});
