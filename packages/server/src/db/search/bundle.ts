// The searchset Bundle (FHIR R4 search.html#return, bundle.html#searchset): entries with fullUrl and
// search.mode, paging links that carry the accepted query plus _count/_offset, and an outcome entry
// for parameters ignored under lenient handling.
import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import { operationOutcome, shapeResource, type ShapeOptions } from '@hearth/fhir';
import type { ParsedSearch, SearchIssue } from './ast.ts';
import type { Compartment, MatchRow } from './query.ts';
import { storedEntry } from './stored-entries.ts';

export interface PageLinkInput {
  baseUrl: string;
  type: string | undefined;
  compartment: Compartment | undefined;
  search: ParsedSearch;
  hasNext: boolean;
  total: number | undefined;
}

function searchPath(input: PageLinkInput): string {
  const { baseUrl, type, compartment } = input;
  if (compartment) return `${baseUrl}/${compartment.type}/${compartment.id}${type ? `/${type}` : ''}`;
  return type ? `${baseUrl}/${type}` : baseUrl;
}

function pageUrl(input: PageLinkInput, offset: number): string {
  const pairs: [string, string][] = [...input.search.accepted.map(([k, v]): [string, string] => [k, v])];
  pairs.push(['_count', String(input.search.count)], ['_offset', String(offset)]);
  return `${searchPath(input)}?${new URLSearchParams(pairs).toString()}`;
}

/** self, first, previous, next and (when the total is known) last (search.html#paging). */
export function pageLinks(input: PageLinkInput): BundleLink[] {
  const { count, offset } = input.search;
  const links: BundleLink[] = [
    { relation: 'self', url: pageUrl(input, offset) },
    { relation: 'first', url: pageUrl(input, 0) },
  ];
  if (offset > 0 && count > 0)
    links.push({ relation: 'previous', url: pageUrl(input, Math.max(0, offset - count)) });
  if (input.hasNext && count > 0) links.push({ relation: 'next', url: pageUrl(input, offset + count) });
  if (input.total !== undefined && count > 0) {
    const lastOffset = Math.max(0, Math.floor((input.total - 1) / count) * count);
    links.push({ relation: 'last', url: pageUrl(input, lastOffset) });
  }
  return links;
}

export function toEntry(
  row: MatchRow,
  baseUrl: string,
  mode: 'match' | 'include',
  shape: ShapeOptions,
): BundleEntry {
  const fullUrl = `${baseUrl}/${row.resource_type}/${row.id}`;
  if (shape.summary === undefined && shape.elements === undefined)
    return storedEntry(fullUrl, row.content, mode);
  const resource = JSON.parse(row.content) as Resource;
  return { fullUrl, resource: shapeResource(resource, shape), search: { mode } };
}

/** Ignored parameters as warnings (search.html#errors: lenient handling). */
export function outcomeEntry(issues: readonly SearchIssue[]): BundleEntry {
  const outcome = operationOutcome(
    'bad-request',
    issues.map((i) => ({
      severity: 'warning',
      code: 'not-supported',
      diagnostics: `Ignored search parameter '${i.param}': ${i.message}`,
      expression: i.param,
    })),
  );
  return { resource: outcome, search: { mode: 'outcome' } };
}

export function searchsetBundle(
  entries: BundleEntry[],
  links: BundleLink[],
  total: number | undefined,
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total !== undefined ? { total } : {}),
    link: links,
    entry: entries,
  };
}
