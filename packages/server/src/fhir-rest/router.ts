// The FHIR REST router (http.html): one plain request in, one plain response out. It knows nothing of
// Fastify (STYLE.md §2): the HTTP routes adapt to it and batch/transaction entries go through it in-process.
import { badRequest, methodNotAllowed, OperationOutcomeError } from '@hearth/fhir';
import { statusForKind } from '../http/errors.ts';
import { processBundle } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import { everythingOperation } from './everything.ts';
import { requireId, requireResourceType } from './guards.ts';
import { readInteraction, vreadInteraction } from './read.ts';
import { outcomeResponse } from './respond.ts';
import { historyInteraction, searchInteraction } from './search.ts';
import type { FhirContext, FhirRequest, FhirResponse } from './types.ts';
import { pathSegments } from './url.ts';
import { validateOperation } from './validate-operation.ts';
import {
  conditionalDeleteInteraction,
  conditionalUpdateInteraction,
  createInteraction,
  deleteInteraction,
  patchInteraction,
  updateInteraction,
} from './write.ts';

/** Handles one request; a refused request becomes its OperationOutcome with the mapped status. */
export async function handleFhirRequest(fc: FhirContext, req: FhirRequest): Promise<FhirResponse> {
  try {
    return await routeFhirRequest(fc, req);
  } catch (err) {
    if (err instanceof OperationOutcomeError) return outcomeResponse(statusForKind(err.kind), err.outcome);
    throw err;
  }
}

/** Dispatches on method and path; throws OperationOutcomeError when the request is refused. */
export function routeFhirRequest(fc: FhirContext, req: FhirRequest): Promise<FhirResponse> {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const segments = pathSegments(req.path);
  const [first, second, third, fourth] = segments;
  if (segments.length > 4) throw badRequest(`Unknown FHIR path "${req.path}".`);
  if (first === undefined) return systemLevel(fc, req, method);
  if (first === 'metadata' && segments.length === 1) {
    if (method !== 'GET') throw methodNotAllowed('metadata supports GET only.');
    return Promise.resolve({
      status: 200,
      headers: {},
      body: capabilityStatement(fc.baseUrl, { cors: fc.cors ?? false }),
    });
  }
  if (first === '_history' && segments.length === 1) {
    return only(method, 'GET', () => historyInteraction(fc, req.query, {}));
  }
  const type = requireResourceType(first);
  if (second === undefined) return typeLevel(fc, req, method, type);
  if (second === '_search' && third === undefined) {
    return only(method, 'POST', () => searchInteraction(fc, req, { type }));
  }
  if (second === '_history' && third === undefined) {
    return only(method, 'GET', () => historyInteraction(fc, req.query, { type }));
  }
  if (second === '$validate' && third === undefined) {
    return only(method, 'POST', () => validateOperation(fc, req, { type }));
  }
  const id = requireId(second);
  if (third === undefined) return instanceLevel(fc, req, method, { type, id });
  if (third === '_history') {
    if (fourth === undefined)
      return only(method, 'GET', () => historyInteraction(fc, req.query, { type, id }));
    return only(method, 'GET', () => vreadInteraction(fc, req, { type, id, versionId: requireId(fourth) }));
  }
  if (fourth !== undefined) throw badRequest(`Unknown FHIR path "${req.path}".`);
  if (third === '$validate') return only(method, 'POST', () => validateOperation(fc, req, { type, id }));
  if (type === 'Patient' && third === '$everything') {
    return only(method, ['GET', 'POST'], () => everythingOperation(fc, req, id));
  }
  if (type === 'Patient') {
    // search.html#compartments: GET Patient/[id]/[type] searches that patient's compartment.
    const compartmentType = requireResourceType(third);
    return only(method, 'GET', () =>
      searchInteraction(fc, req, { type: compartmentType, compartment: { type: 'Patient', id } }),
    );
  }
  throw badRequest(`Unknown FHIR path "${req.path}".`);
}

function systemLevel(fc: FhirContext, req: FhirRequest, method: string): Promise<FhirResponse> {
  if (method === 'POST') return processBundle(fc, req);
  return only(method, 'GET', () => searchInteraction(fc, req, {}));
}

function typeLevel(fc: FhirContext, req: FhirRequest, method: string, type: string): Promise<FhirResponse> {
  switch (method) {
    case 'GET':
      return searchInteraction(fc, req, { type });
    case 'POST':
      return createInteraction(fc, req, type);
    case 'PUT':
      if (req.query.length === 0)
        throw badRequest('PUT needs a resource id in the URL or search parameters.');
      return conditionalUpdateInteraction(fc, req, type);
    case 'DELETE':
      return conditionalDeleteInteraction(fc, type, req.query);
    default:
      throw methodNotAllowed(`${method} is not supported on ${type}.`);
  }
}

function instanceLevel(
  fc: FhirContext,
  req: FhirRequest,
  method: string,
  target: { type: string; id: string },
): Promise<FhirResponse> {
  switch (method) {
    case 'GET':
      return readInteraction(fc, req, target);
    case 'PUT':
      return updateInteraction(fc, req, target);
    case 'PATCH':
      return patchInteraction(fc, req, target);
    case 'DELETE':
      return deleteInteraction(fc, target);
    default:
      throw methodNotAllowed(`${method} is not supported on ${target.type}/${target.id}.`);
  }
}

function only(
  method: string,
  allowed: string | readonly string[],
  run: () => Promise<FhirResponse>,
): Promise<FhirResponse> {
  const methods = typeof allowed === 'string' ? [allowed] : allowed;
  if (!methods.includes(method))
    throw methodNotAllowed(`${method} is not supported here; use ${methods.join(' or ')}.`);
  return run();
}
