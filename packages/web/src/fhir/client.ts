// The app's FHIR REST client (FHIR R4 http.html): every call carries the session's bearer token and
// `application/fhir+json`; a non-2xx answer throws FhirError with the server's OperationOutcome; a 401
// ends the session (the token was revoked or the grant is gone). Paths are relative to the app's origin,
// which serves the API too (in dev mode Vite proxies /fhir).
import { useMemo } from 'react';
import { useAuth } from '../auth/session.tsx';
import { FhirError, outcomeText } from './fhir-error.ts';
import type { Bundle, OperationOutcome, Resource } from './types.ts';

export { FhirError, fieldErrors, errorText, outcomeText } from './fhir-error.ts';

export type SearchParams = Record<string, string | string[] | undefined>;

export interface FhirClient {
  read<T extends Resource>(type: T['resourceType'], id: string): Promise<T>;
  search<T extends Resource>(type: T['resourceType'], params?: SearchParams): Promise<Bundle<T>>;
  /** Every page of a search (follows `next` links) as resources; `max` stops runaway result sets. */
  searchAll<T extends Resource>(type: T['resourceType'], params?: SearchParams, max?: number): Promise<T[]>;
  create<T extends Resource>(resource: T): Promise<T>;
  /** PUT with If-Match on the version the caller read, so a concurrent edit is refused (409/412). */
  update<T extends Resource>(resource: T): Promise<T>;
  /** Any other interaction or operation, e.g. `Patient/1/$everything`; answers the parsed JSON body. */
  request<T = unknown>(path: string, init?: RequestInit): Promise<T>;
}

export interface FhirClientOptions {
  /** A valid access token for this request (renewed by the session when about to expire). */
  accessToken: () => Promise<string | undefined>;
  /** The server refused the token. */
  onUnauthorized: () => void;
  /** The FHIR base path; `/fhir`. */
  base?: string;
  fetch?: typeof fetch;
}

export const FHIR_JSON = 'application/fhir+json';

/** A safety stop for searchAll: more than this many resources is a query to narrow, not to page through. */
const SEARCH_ALL_MAX = 5_000;

function queryString(params: SearchParams | undefined): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

function isOutcome(body: unknown): body is OperationOutcome {
  return typeof body === 'object' && body !== null && (body as Resource).resourceType === 'OperationOutcome';
}

/** A `next` link (absolute, with the server's public base URL) as a path on this origin. */
export function samePath(link: string, base: string): string {
  const url = new URL(link, window.location.origin);
  const at = url.pathname.indexOf(`${base}/`);
  if (at < 0) throw new FhirError(0, `Unexpected paging link ${url.pathname}`);
  return url.pathname.slice(at) + url.search;
}

export function createFhirClient(opts: FhirClientOptions): FhirClient {
  const base = opts.base ?? '/fhir';
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));

  async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const token = await opts.accessToken();
    if (!token) {
      opts.onUnauthorized();
      throw new FhirError(401, 'Not signed in');
    }
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    if (!headers.has('accept')) headers.set('accept', FHIR_JSON);
    if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', FHIR_JSON);
    const url = path.startsWith(`${base}/`) ? path : `${base}/${path.replace(/^\//, '')}`;
    let res: Response;
    try {
      res = await doFetch(url, { ...init, headers });
    } catch (err) {
      throw new FhirError(0, `The server cannot be reached (${(err as Error).message})`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (res.status === 401) opts.onUnauthorized();
    if (!res.ok) {
      const outcome = isOutcome(body) ? body : undefined;
      throw new FhirError(res.status, outcomeText(outcome) || `HTTP ${res.status}`, outcome);
    }
    return body as T;
  }

  const json = (resource: Resource) => JSON.stringify(resource);
  const returnRepresentation = { prefer: 'return=representation' };

  return {
    read: (type, id) => request(`${type}/${encodeURIComponent(id)}`),
    search: (type, params) => request(`${type}${queryString(params)}`),
    async searchAll<T extends Resource>(
      type: T['resourceType'],
      params?: SearchParams,
      max = SEARCH_ALL_MAX,
    ) {
      const out: T[] = [];
      let next: string | undefined = `${type}${queryString(params)}`;
      while (next && out.length < max) {
        const page: Bundle<T> = await request<Bundle<T>>(next);
        for (const e of page.entry ?? []) {
          // Only matches: `_include`d resources are context, not results (FHIR R4 search.html#include).
          if (e.resource && (e.search?.mode ?? 'match') === 'match') out.push(e.resource);
        }
        const link = page.link?.find((l) => l.relation === 'next')?.url;
        next = link ? samePath(link, base) : undefined;
      }
      return out.slice(0, max);
    },
    create: (resource) =>
      request(resource.resourceType, { method: 'POST', body: json(resource), headers: returnRepresentation }),
    update: (resource) => {
      if (!resource.id) return Promise.reject(new FhirError(0, 'update() needs a resource with an id'));
      const version = resource.meta?.versionId;
      return request(`${resource.resourceType}/${encodeURIComponent(resource.id)}`, {
        method: 'PUT',
        body: json(resource),
        headers: { ...returnRepresentation, ...(version ? { 'if-match': `W/"${version}"` } : {}) },
      });
    },
    request,
  };
}

/** The FHIR client of the signed-in session. */
export function useFhir(): FhirClient {
  const auth = useAuth();
  const { accessToken, expire } = auth;
  return useMemo(() => createFhirClient({ accessToken, onUnauthorized: expire }), [accessToken, expire]);
}
