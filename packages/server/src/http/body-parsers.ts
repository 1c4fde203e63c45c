// Request bodies the FHIR API takes (http.html#mime-type): FHIR JSON (application/fhir+json, and plain
// application/json), and JSON Patch (application/json-patch+json). Fastify's own JSON parser is used for
// all three: it refuses prototype-poisoning keys and reports bad JSON as a 400. Anything else is 415.
// Form bodies (POST [type]/_search) are parsed where the FHIR routes are registered, so they do not
// change what OAuth's form-encoded endpoints receive.
import type { FastifyInstance } from 'fastify';

export const JSON_BODY_TYPES = [
  'application/fhir+json',
  'application/json-patch+json',
  'application/json+fhir',
];

export function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser(
    JSON_BODY_TYPES,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
}
