// What a request log line says about the request. Fastify's default logs `req.url`, query string
// included, and FHIR query strings carry PHI (`?name=smith`, `?identifier=…|MRN`, `?birthdate=…`), as do
// resource ids in paths. No PHI in logs, so a request is logged by its route pattern; under the FHIR
// catch-all route, by the first path segment, which is always a resource type, `metadata`, `_history`,
// `_search` or a `$operation` (http.html#general), never an id.
import type { FastifyRequest } from 'fastify';

export type LoggedRequest = Record<string, string> & { method: string; route: string; remoteAddress: string };

/** `/fhir/Patient/123/_history/2?name=x` → `/fhir/Patient/…`; other routes by their pattern. */
export function loggedRoute(pattern: string | undefined, url: string): string {
  if (pattern === undefined) return '(no route)';
  if (pattern !== '/fhir/*') return pattern;
  const path = url.split('?')[0]!;
  const m = /^\/fhir\/([^/]+)(\/.)?/.exec(path);
  if (!m) return '/fhir';
  return `/fhir/${m[1]!}${m[2] === undefined ? '' : '/…'}`;
}

/** The `req` serializer of the server's logger. */
export function serializeRequest(request: FastifyRequest): LoggedRequest {
  return {
    method: request.method,
    route: loggedRoute(request.routeOptions.url, request.url),
    remoteAddress: request.ip,
  };
}
