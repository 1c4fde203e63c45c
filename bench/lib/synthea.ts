// Volume for benchmarks from the shared Synthea patients (../shared/data/synthea): the shared
// resources (Organization, Location, Practitioner, PractitionerRole) once, then the patients and their
// records replicated under fresh ids — copy k rewrites every patient-compartment id and every
// `Type/id` reference to it; conditional references to the shared resources stay as they are.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';

export const SYNTHEA_DIR = new URL('../../../shared/data/synthea/', import.meta.url).pathname;
const SHARED_TYPES = ['Organization', 'Location', 'Practitioner', 'PractitionerRole'];

function readType(type: string): Resource[] {
  return readdirSync(SYNTHEA_DIR)
    .filter((f) => f.startsWith(`${type}.`) && f.endsWith('.ndjson'))
    .flatMap((f) =>
      readFileSync(join(SYNTHEA_DIR, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Resource),
    );
}

function allTypes(): string[] {
  return [
    ...new Set(
      readdirSync(SYNTHEA_DIR)
        .filter((f) => f.endsWith('.ndjson'))
        .map((f) => f.split('.')[0]!),
    ),
  ];
}

export function sharedResources(): Resource[] {
  return SHARED_TYPES.flatMap(readType);
}

/** The patient-compartment resources, Patients first, as JSON text templates. */
function patientTemplates(): { type: string; id: string; json: string }[] {
  const types = ['Patient', ...allTypes().filter((t) => t !== 'Patient' && !SHARED_TYPES.includes(t))];
  return types.flatMap((t) => readType(t).map((r) => ({ type: t, id: r.id!, json: JSON.stringify(r) })));
}

/** Yields `copies` replicas of the patient records, each with fresh ids and rewritten references. */
export function* replicatedPatients(copies: number, tag: string): Generator<Resource[]> {
  const templates = patientTemplates();
  const idPattern = new RegExp(
    `"(reference)":"(${[...new Set(templates.map((t) => t.type))].join('|')})/([^"/]+)"`,
    'g',
  );
  for (let k = 0; k < copies; k++) {
    const suffix = `-${tag}${k.toString(36)}`;
    yield templates.map((t) => {
      const json = t.json
        .replace(`"id":"${t.id}"`, `"id":"${t.id}${suffix}"`)
        .replace(
          idPattern,
          (_m, key: string, type: string, id: string) => `"${key}":"${type}/${id}${suffix}"`,
        );
      return JSON.parse(json) as Resource;
    });
  }
}

export function resourcesPerCopy(): number {
  return patientTemplates().length;
}

/** Copy 0 of `replicatedPatients(…, tag)`: the records the read benchmark and its baseline serve. */
export function firstReplica(tag: string): Resource[] {
  const first: IteratorResult<Resource[], void> = replicatedPatients(1, tag).next();
  return first.done ? [] : first.value;
}
