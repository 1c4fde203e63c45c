// Splitting a FHIR request URL (relative to the base) into decoded path segments and an ordered query.
// Used for HTTP requests and for Bundle.entry.request.url alike (http.html#transaction).
import { badRequest } from '@hearth/fhir';
import type { SearchQuery } from '../db/repository.types.ts';

export interface RelativeUrl {
  path: string;
  query: SearchQuery;
}

/** `Patient/1?name=x&name=y` → path and ordered query pairs (repeats kept, as search needs them). */
export function splitUrl(url: string): RelativeUrl {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return { path, query: q < 0 ? [] : parseQueryString(url.slice(q + 1)) };
}

export function parseQueryString(text: string): SearchQuery {
  try {
    return [...new URLSearchParams(text)];
  } catch {
    throw badRequest('The query string is not valid URL encoding.');
  }
}

export function pathSegments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw badRequest(`The path segment "${s}" is not valid URL encoding.`);
      }
    });
}

export function queryValue(query: SearchQuery, name: string): string | undefined {
  return query.find(([k]) => k === name)?.[1];
}

export function withoutParams(query: SearchQuery, names: readonly string[]): SearchQuery {
  return query.filter(([k]) => !names.includes(k));
}
