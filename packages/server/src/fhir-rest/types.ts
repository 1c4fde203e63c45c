// The FHIR interaction layer's own request and response (STYLE.md §2, Medplum's fhir-router idea): plain
// values, no HTTP framework. Fastify routes adapt to these; batch/transaction entries build them directly.
import type { Resource } from '@medplum/fhirtypes';
import type { AccessContext, Repository, SearchQuery } from '../db/repository.types.ts';

export type FhirMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Headers the FHIR layer reads, lower-cased. */
export interface FhirRequestHeaders {
  'if-match'?: string;
  'if-none-exist'?: string;
  'if-none-match'?: string;
  'if-modified-since'?: string;
  prefer?: string;
  'content-type'?: string;
}

export interface FhirRequest {
  method: string;
  /** Path after the FHIR base, e.g. `Patient/123/_history/2` (leading slash optional, not yet decoded). */
  path: string;
  query: SearchQuery;
  headers: FhirRequestHeaders;
  body?: unknown;
}

export interface FhirResponse {
  status: number;
  headers: Record<string, string>;
  body?: Resource;
  /** The body as stored JSON text (the read fast path); set instead of `body`. */
  rawBody?: string;
}

export interface FhirContext {
  ctx: AccessContext;
  repo: Repository;
  /** FHIR base URL without trailing slash, e.g. `http://localhost:8080/fhir`. */
  baseUrl: string;
  /** Whether CORS origins are configured, for the CapabilityStatement (`rest.security.cors`). */
  cors?: boolean;
}
