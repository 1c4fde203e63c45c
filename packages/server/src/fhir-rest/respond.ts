// Building responses the way http.html prescribes: ETag as a weak version tag, Last-Modified from
// meta.lastUpdated, Location with the version, and the body chosen by Prefer: return= (http.html#ops).
import { allOk } from '@hearth/fhir';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Preferences } from './prefer.ts';
import type { FhirResponse } from './types.ts';

/** http.html#versioning: ETag is `W/"<versionId>"`. */
export function etag(versionId: string): string {
  return `W/"${versionId}"`;
}

/** `W/"3"`, `"3"` or `3` → `3`; the If-Match / If-None-Match value as a version id. */
export function versionFromETag(header: string): string {
  return header.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

export function httpDate(instant: string): string {
  return new Date(instant).toUTCString();
}

/** ETag and Last-Modified for a stored resource. */
export function versionHeaders(resource: Resource): Record<string, string> {
  const headers: Record<string, string> = {};
  if (resource.meta?.versionId) headers.etag = etag(resource.meta.versionId);
  if (resource.meta?.lastUpdated) headers['last-modified'] = httpDate(resource.meta.lastUpdated);
  return headers;
}

export function versionedLocation(baseUrl: string, resource: Resource): string {
  return `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}/_history/${resource.meta?.versionId ?? ''}`;
}

export function ok(body: Resource, status = 200): FhirResponse {
  return { status, headers: {}, body };
}

export function outcomeResponse(status: number, outcome: OperationOutcome): FhirResponse {
  return { status, headers: {}, body: outcome };
}

/** A write's response: status, version headers, Location, and the body Prefer asks for. */
export function writeResponse(opts: {
  status: number;
  resource: Resource;
  baseUrl: string;
  prefer: Preferences;
  location: boolean;
}): FhirResponse {
  const headers = versionHeaders(opts.resource);
  if (opts.location) headers.location = versionedLocation(opts.baseUrl, opts.resource);
  return { status: opts.status, headers, ...preferredBody(opts.prefer, opts.resource) };
}

export function preferredBody(prefer: Preferences, resource: Resource): { body?: Resource } {
  switch (prefer.return) {
    case 'minimal':
      return {};
    case 'OperationOutcome':
      return { body: allOk(`${resource.resourceType}/${resource.id ?? ''} written.`) };
    case 'representation':
      return { body: resource };
  }
}
