// The CRUD loop of Health Samurai's public FHIR server benchmark. Mirrored from
// github.com/Aidbox/fhir-server-benchmark test/crud.js (`full` scenario: create, read, update, delete
// of one resource per iteration, counting every HTTP request) as extended in
// healthsamurai.github.io/fhir-server-performance-benchmark to nine linked clinical resources:
// each iteration creates Organization, Practitioner, Patient, Encounter, Observation, Condition,
// MedicationRequest, AllergyIntolerance and Procedure (each referring to the earlier ones), reads each,
// updates each, then deletes each (dependents first) — 36 requests per iteration.
import type { Resource } from '@medplum/fhirtypes';
import type { FhirClient } from '../lib/fhir-client.ts';
import { runLoad, type LoadResult } from '../lib/load.ts';
import { CRUD_STEPS, changed, type Refs } from './crud-resources.ts';

export const REQUESTS_PER_ITERATION = CRUD_STEPS.length * 4;

async function iteration(client: FhirClient, n: number): Promise<void> {
  const refs: Refs = {};
  const created: Resource[] = [];
  for (const build of CRUD_STEPS) {
    const body = build(refs, n);
    const saved = await client.send('POST', `/fhir/${body.resourceType}`, body, [201]);
    refs[saved.resourceType] = `${saved.resourceType}/${saved.id}`;
    created.push(saved);
  }
  for (const r of created) await client.get(`/fhir/${r.resourceType}/${r.id}`);
  for (const r of created) await client.send('PUT', `/fhir/${r.resourceType}/${r.id}`, changed(r, n), [200]);
  for (const r of created.reverse()) await client.del(`/fhir/${r.resourceType}/${r.id}`);
}

export interface CrudResult extends LoadResult {
  requestsPerSecond: number;
}

export async function crudLoop(
  client: FhirClient,
  concurrency: number,
  durationMs: number,
): Promise<CrudResult> {
  let n = 0;
  const result = await runLoad({ concurrency, durationMs, task: () => iteration(client, n++) });
  return { ...result, requestsPerSecond: result.perSecond * REQUESTS_PER_ITERATION };
}
