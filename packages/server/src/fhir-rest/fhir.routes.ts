// The FHIR REST routes: a thin Fastify adapter over the router (STYLE.md §2). Everything under /fhir goes
// to one handler that turns the HTTP request into a FhirRequest and the FhirResponse back into HTTP.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { AccessContext, Repository, SearchQuery } from '../db/repository.types.ts';
import { FHIR_JSON, sendError, WWW_AUTHENTICATE } from '../http/errors.ts';
import { assertAcceptsJson, serialize } from '../http/negotiate.ts';
import { OperationOutcomeError } from '@hearth/fhir';
import { handleFhirRequest } from './router.ts';
import type { FhirRequest, FhirRequestHeaders, FhirResponse } from './types.ts';
import { parseQueryString, queryValue, withoutParams } from './url.ts';

export interface FhirRestRoutesOptions {
  repo: Repository;
  /** FHIR base URL, e.g. `http://localhost:8080/fhir`. */
  baseUrl: string;
  /** CORS origins are configured (HEARTH_CORS_ORIGINS): the CapabilityStatement says so. */
  cors?: boolean;
}

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ANONYMOUS: AccessContext = Object.freeze({ actor: 'anonymous', scopes: [] });
/** Formatting parameters the HTTP layer consumes (http.html#general); the rest is the FHIR query. */
const FORMAT_PARAMS = ['_format', '_pretty'];
const FHIR_HEADERS = [
  'if-match',
  'if-none-exist',
  'if-none-match',
  'if-modified-since',
  'prefer',
  'content-type',
] as const;

export function fhirRestRoutes(app: FastifyInstance, opts: FhirRestRoutesOptions, done: () => void): void {
  // http.html#mime-type: a FHIR body is FHIR JSON (or a form for _search); text/plain, which Fastify
  // parses by default, is 415 Unsupported Media Type here like any other type (this plugin's scope only).
  app.removeContentTypeParser('text/plain');
  // POST [type]/_search: the form body holds search parameters (search.html#search), kept in order.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, parsed) => {
      try {
        parsed(null, parseQueryString(body as string));
      } catch (err) {
        parsed(err as Error);
      }
    },
  );
  const handler = (request: FastifyRequest, reply: FastifyReply) => handle(request, reply, opts);
  app.route({ method: METHODS, url: '/fhir', handler });
  app.route({ method: METHODS, url: '/fhir/*', handler });
  done();
}

async function handle(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: FhirRestRoutesOptions,
): Promise<FastifyReply> {
  const [rawPath, rawQuery] = splitOnce(request.url, '?');
  const query = parseQueryString(rawQuery);
  try {
    // POST _search may carry _format in its form body (search.html#search: the body holds the parameters).
    assertAcceptsJson(formatParam([...query, ...formParams(request)]), request.headers.accept);
  } catch (err) {
    if (err instanceof OperationOutcomeError) return sendError(reply, err);
    throw err;
  }
  const fhirRequest = toFhirRequest(
    request,
    rawPath.slice('/fhir'.length),
    withoutParams(query, FORMAT_PARAMS),
  );
  const response = await handleFhirRequest(
    {
      ctx: request.accessContext ?? ANONYMOUS,
      repo: opts.repo,
      baseUrl: opts.baseUrl,
      cors: opts.cors ?? false,
    },
    fhirRequest,
  );
  return send(reply, response, queryValue(query, '_pretty') === 'true');
}

/** The form body of POST [type]/_search as ordered pairs; empty for any other request. */
function formParams(request: FastifyRequest): SearchQuery {
  const isForm = request.method === 'POST' && /\/_search\/?(\?|$)/.test(request.url);
  return isForm && Array.isArray(request.body) ? (request.body as SearchQuery) : [];
}

function toFhirRequest(request: FastifyRequest, path: string, query: SearchQuery): FhirRequest {
  const headers: FhirRequestHeaders = {};
  for (const name of FHIR_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const form = formParams(request);
  if (form.length > 0)
    return { method: 'POST', path, query: [...query, ...withoutParams(form, FORMAT_PARAMS)], headers };
  return {
    method: request.method,
    path,
    query,
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  };
}

function send(reply: FastifyReply, response: FhirResponse, pretty: boolean): FastifyReply {
  void reply.status(response.status).headers(response.headers);
  if (response.status === 401) void reply.header('www-authenticate', WWW_AUTHENTICATE);
  if (response.rawBody !== undefined) {
    const text = pretty ? serialize(JSON.parse(response.rawBody), true) : response.rawBody;
    return reply.type(FHIR_JSON).send(text);
  }
  if (response.body === undefined) return reply.send();
  return reply.type(FHIR_JSON).send(serialize(response.body, pretty));
}

/**
 * `_format=application/fhir+json` (http.html#mime-type) is usually sent with a literal `+`, which query
 * decoding (application/x-www-form-urlencoded) turns into a space; a MIME type never holds a space.
 */
function formatParam(query: SearchQuery): string | undefined {
  return queryValue(query, '_format')?.replace(/ /g, '+');
}

function splitOnce(text: string, separator: string): [string, string] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}
