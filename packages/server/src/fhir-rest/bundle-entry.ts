// One batch/transaction entry: what it asks (Bundle.entry.request) turned into a router request, and the
// router's response turned into Bundle.entry.response (http.html#transaction-response).
import { badRequest } from '@hearth/fhir';
import type { Binary, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { FhirMethod, FhirRequest, FhirRequestHeaders, FhirResponse } from './types.ts';
import { splitUrl } from './url.ts';

export interface PlannedEntry {
  index: number;
  method: FhirMethod;
  /** Relative to the FHIR base, e.g. `Patient/1` or `Patient?identifier=x`. */
  url: string;
  fullUrl?: string;
  resource?: Resource;
  headers: FhirRequestHeaders;
}

const METHODS: readonly FhirMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** http.html#trules: DELETE, then POST, then PUT/PATCH, then GET/HEAD. */
const ORDER: Readonly<Record<FhirMethod, number>> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

export function processingOrder(entries: readonly PlannedEntry[]): PlannedEntry[] {
  return [...entries].sort((a, b) => ORDER[a.method] - ORDER[b.method] || a.index - b.index);
}

export function planEntry(entry: unknown, index: number, baseUrl: string): PlannedEntry {
  const at = `Bundle.entry[${index}]`;
  if (typeof entry !== 'object' || entry === null) throw badRequest(`${at} must be an object.`, at);
  const { request, resource, fullUrl } = entry as BundleEntry;
  // bdl-3 (bundle.html#invs): every entry of a batch or transaction carries a request.
  if (typeof request !== 'object' || request === null)
    throw badRequest(`${at}.request is required in a batch or transaction.`, `${at}.request`);
  const method = request.method?.toUpperCase() as FhirMethod | undefined;
  if (method === undefined || !METHODS.includes(method)) {
    throw badRequest(`${at}.request.method must be one of ${METHODS.join(', ')}.`, `${at}.request.method`);
  }
  if (typeof request.url !== 'string' || request.url === '') {
    throw badRequest(`${at}.request.url is required.`, `${at}.request.url`);
  }
  const url = relativeUrl(request.url, baseUrl);
  if (url === '' || url.startsWith('?'))
    throw badRequest(`${at}.request.url must name a resource type.`, `${at}.request.url`);
  if (
    (method === 'POST' || method === 'PUT' || method === 'PATCH') &&
    (typeof resource !== 'object' || resource === null)
  ) {
    throw badRequest(`${at}.resource is required for ${method}.`, `${at}.resource`);
  }
  const headers: FhirRequestHeaders = {};
  if (request.ifMatch) headers['if-match'] = request.ifMatch;
  if (request.ifNoneExist) headers['if-none-exist'] = request.ifNoneExist;
  if (request.ifNoneMatch) headers['if-none-match'] = request.ifNoneMatch;
  if (request.ifModifiedSince) headers['if-modified-since'] = request.ifModifiedSince;
  return {
    index,
    method,
    url,
    ...(typeof fullUrl === 'string' ? { fullUrl } : {}),
    ...(resource ? { resource } : {}),
    headers,
  };
}

function relativeUrl(url: string, baseUrl: string): string {
  const rel = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length + 1) : url;
  return rel.replace(/^\//, '');
}

export function entryRequest(entry: PlannedEntry, prefer: string | undefined): FhirRequest {
  const { path, query } = splitUrl(entry.url);
  const headers = { ...entry.headers, ...(prefer ? { prefer } : {}) };
  if (entry.method === 'PATCH') return { method: 'PATCH', path, query, headers, body: patchBody(entry) };
  return { method: entry.method, path, query, headers, ...(entry.resource ? { body: entry.resource } : {}) };
}

/** http.html#patch: in a bundle a JSON Patch travels as a Binary with contentType application/json-patch+json. */
function patchBody(entry: PlannedEntry): unknown {
  const binary = entry.resource as Binary | undefined;
  const at = `Bundle.entry[${entry.index}].resource`;
  if (
    binary?.resourceType !== 'Binary' ||
    binary.contentType !== 'application/json-patch+json' ||
    !binary.data
  ) {
    throw badRequest(`${at} of a PATCH must be a Binary holding application/json-patch+json.`, at);
  }
  try {
    return JSON.parse(Buffer.from(binary.data, 'base64').toString('utf8')) as unknown;
  } catch {
    throw badRequest(`${at}.data is not a base64 JSON Patch document.`, `${at}.data`);
  }
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

export function responseEntry(res: FhirResponse, baseUrl: string, method: FhirMethod): BundleEntry {
  const body = method === 'HEAD' ? undefined : (res.body ?? parseRaw(res.rawBody));
  const outcome = body?.resourceType === 'OperationOutcome' ? body : undefined;
  const resource = outcome ? undefined : body;
  const lastUpdated = resource?.meta?.lastUpdated ?? lastModifiedInstant(res.headers['last-modified']);
  return {
    ...(resource?.id ? { fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}` } : {}),
    ...(resource ? { resource } : {}),
    response: {
      status: `${res.status} ${REASONS[res.status] ?? ''}`.trim(),
      ...(res.headers.location ? { location: res.headers.location } : {}),
      ...(res.headers.etag ? { etag: res.headers.etag } : {}),
      ...(lastUpdated ? { lastModified: lastUpdated } : {}),
      ...(outcome ? { outcome } : {}),
    },
  };
}

function lastModifiedInstant(header: string | undefined): string | undefined {
  return header === undefined ? undefined : new Date(header).toISOString();
}

function parseRaw(raw: string | undefined): Resource | undefined {
  return raw === undefined ? undefined : (JSON.parse(raw) as Resource);
}
