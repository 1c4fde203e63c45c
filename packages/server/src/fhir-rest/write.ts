// create, update, patch and delete, plain and conditional (http.html#create, #update, #patch, #delete,
// #ccreate, #cond-update, #cdelete). The repository does the writing, validation and versioning; this
// layer checks what only the request can tell (URL vs body) and shapes the response.
import { badRequest, unsupportedMediaType } from '@hearth/fhir';
import type { SearchQuery } from '../db/repository.types.ts';
import { requireId, requireResourceBody } from './guards.ts';
import { parsePrefer } from './prefer.ts';
import { versionFromETag, writeResponse } from './respond.ts';
import type { FhirContext, FhirRequest, FhirResponse } from './types.ts';

export async function createInteraction(
  fc: FhirContext,
  req: FhirRequest,
  type: string,
): Promise<FhirResponse> {
  const resource = requireResourceBody(req.body, type);
  const ifNoneExist = req.headers['if-none-exist'];
  const result = await fc.repo.create(fc.ctx, resource, ifNoneExist ? { ifNoneExist } : undefined);
  return writeResponse({
    status: result.created ? 201 : 200,
    resource: result.resource,
    baseUrl: fc.baseUrl,
    prefer: parsePrefer(req.headers.prefer),
    location: true,
  });
}

export async function updateInteraction(
  fc: FhirContext,
  req: FhirRequest,
  target: { type: string; id: string },
): Promise<FhirResponse> {
  const resource = requireResourceBody(req.body, target.type);
  // http.html#update: the body's id must be present and equal the URL's id.
  if (resource.id === undefined) throw badRequest('The resource in an update must carry its id.', 'id');
  if (resource.id !== target.id) {
    throw badRequest(`The body's id "${resource.id}" does not match the URL's id "${target.id}".`, 'id');
  }
  const ifMatch = req.headers['if-match'];
  const result = await fc.repo.update(
    fc.ctx,
    resource,
    ifMatch ? { ifMatch: versionFromETag(ifMatch) } : undefined,
  );
  return writeResponse({
    status: result.created ? 201 : 200,
    resource: result.resource,
    baseUrl: fc.baseUrl,
    prefer: parsePrefer(req.headers.prefer),
    location: result.created,
  });
}

export async function conditionalUpdateInteraction(
  fc: FhirContext,
  req: FhirRequest,
  type: string,
): Promise<FhirResponse> {
  const resource = requireResourceBody(req.body, type);
  if (resource.id !== undefined) requireId(resource.id);
  const result = await fc.repo.conditionalUpdate(fc.ctx, resource, req.query);
  return writeResponse({
    status: result.created ? 201 : 200,
    resource: result.resource,
    baseUrl: fc.baseUrl,
    prefer: parsePrefer(req.headers.prefer),
    location: result.created,
  });
}

/** http.html#patch: JSON Patch (RFC 6902) only; FHIRPath Patch is not supported. */
export async function patchInteraction(
  fc: FhirContext,
  req: FhirRequest,
  target: { type: string; id: string },
): Promise<FhirResponse> {
  const contentType = req.headers['content-type']?.split(';')[0]?.trim();
  if (contentType !== undefined && contentType !== 'application/json-patch+json') {
    throw unsupportedMediaType(`PATCH takes application/json-patch+json, not ${contentType}.`);
  }
  if (!Array.isArray(req.body)) throw badRequest('A JSON Patch body must be an array of operations.');
  const ifMatch = req.headers['if-match'];
  const result = await fc.repo.patch(
    fc.ctx,
    target.type,
    target.id,
    req.body,
    ifMatch ? { ifMatch: versionFromETag(ifMatch) } : undefined,
  );
  return writeResponse({
    status: 200,
    resource: result.resource,
    baseUrl: fc.baseUrl,
    prefer: parsePrefer(req.headers.prefer),
    location: false,
  });
}

export async function deleteInteraction(
  fc: FhirContext,
  target: { type: string; id: string },
): Promise<FhirResponse> {
  await fc.repo.delete(fc.ctx, target.type, target.id);
  return { status: 204, headers: {} };
}

/** http.html#cdelete: every match is deleted (CapabilityStatement says conditionalDelete = multiple). */
export async function conditionalDeleteInteraction(
  fc: FhirContext,
  type: string,
  query: SearchQuery,
): Promise<FhirResponse> {
  if (query.length === 0) throw badRequest('A conditional delete needs search parameters.');
  await fc.repo.conditionalDelete(fc.ctx, type, query);
  return { status: 204, headers: {} };
}
