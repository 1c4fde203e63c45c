// The ONE table from outcome kind to HTTP status (STYLE.md §4), and the Fastify error handler that turns
// every failure into an OperationOutcome: ours by kind, Fastify's own by its status code, anything else
// a generic 500 whose details go to the log only (never request bodies: they may hold PHI).
import { OperationOutcomeError, operationOutcome, type OutcomeKind } from '@hearth/fhir';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendThrottledPage, wantsHtml } from './throttled-page.ts';

const STATUS_BY_KIND: Readonly<Record<OutcomeKind, number>> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  conflict: 409,
  gone: 410,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'too-many-requests': 429,
  'server-error': 500,
  'not-implemented': 501,
};

export function statusForKind(kind: OutcomeKind): number {
  return STATUS_BY_KIND[kind];
}

/** The kind for a status Fastify or a plugin chose (body too large, bad JSON, rate limit...). */
export function kindForStatus(status: number): OutcomeKind {
  const found = (Object.entries(STATUS_BY_KIND) as [OutcomeKind, number][]).find(([, s]) => s === status);
  if (found) return found[0];
  return status >= 400 && status < 500 ? 'bad-request' : 'server-error';
}

/** RFC 6750 §3: a 401 says which scheme to use. */
export const WWW_AUTHENTICATE = 'Bearer realm="hearth"';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function sendError(reply: FastifyReply, err: OperationOutcomeError): FastifyReply {
  const status = statusForKind(err.kind);
  // A route that authenticates otherwise (devices: HTTP Basic) has set its own challenge already.
  if (status === 401 && !reply.hasHeader('www-authenticate'))
    void reply.header('www-authenticate', WWW_AUTHENTICATE);
  return reply.status(status).type(FHIR_JSON).send(JSON.stringify(err.outcome));
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof OperationOutcomeError) return sendError(reply, error);
  const status = error.statusCode;
  if (status === 429 && wantsHtml(request)) return sendThrottledPage(reply);
  if (status !== undefined && status >= 400 && status < 500) {
    // FHIR issue-type `throttled` (valueset-issue-type): refused for load management, e.g. a rate limit.
    const code = status === 429 ? 'throttled' : undefined;
    return sendError(
      reply,
      new OperationOutcomeError(kindForStatus(status), [
        { diagnostics: clientMessage(error), ...(code ? { code } : {}) },
      ]),
    );
  }
  request.log.error(
    { err: { name: error.name, message: error.message, code: error.code, stack: error.stack } },
    'unhandled error',
  );
  return reply
    .status(500)
    .type(FHIR_JSON)
    .send(
      JSON.stringify(
        operationOutcome('server-error', [{ code: 'exception', diagnostics: 'Internal server error.' }]),
      ),
    );
}

/** Fastify's messages for client errors are safe to show; make the common ones say what to do. */
function clientMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this server accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type: send application/fhir+json (or application/json-patch+json for PATCH).';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty but its Content-Type says JSON.';
    default:
      return error instanceof SyntaxError ? `The body is not valid JSON: ${error.message}` : error.message;
  }
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? '';
  return sendError(
    reply,
    new OperationOutcomeError('not-found', [
      { code: 'not-found', diagnostics: `No route ${request.method} ${path}.` },
    ]),
  );
}
