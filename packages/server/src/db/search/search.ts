// FHIR R4 search (search.html) over the typed index tables: parse → SQL → page → includes → Bundle.
// The repository's `search` and conditional interactions call these.
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { invalid } from '@hearth/fhir';
import type { Queryable } from '../engine.ts';
import type { AccessContext, SearchOptions, SearchQuery } from '../repository.types.ts';
import type { ParsedSearch } from './ast.ts';
import { outcomeEntry, pageLinks, searchsetBundle, toEntry } from './bundle.ts';
import { findIncluded } from './include.ts';
import { parseSearch } from './parse.ts';
import { idStatement, pageStatement, type Compartment, type MatchRow, type Within } from './query.ts';
import { isResourceType, registryLookup } from './registry-lookup.ts';
import { searchTotal } from './total.ts';

/**
 * Parses the query; under strict handling any problem is a 400 naming the parameter, under lenient
 * handling (the default, search.html#errors) problem parameters are ignored and reported as warnings.
 */
export function parseQuery(
  type: string | undefined,
  query: SearchQuery,
  opts: Pick<SearchOptions, 'baseUrl' | 'handling'>,
): ParsedSearch {
  if (type !== undefined && !isResourceType(type))
    throw invalid([{ diagnostics: `Unknown resource type '${type}'` }]);
  const parsed = parseSearch(type, query, {
    lookup: registryLookup,
    isResourceType,
    baseUrl: opts.baseUrl,
    now: new Date(),
  });
  if (opts.handling === 'strict' && parsed.issues.length > 0) {
    throw invalid(
      parsed.issues.map((i) => ({ diagnostics: `${i.param}: ${i.message}`, expression: i.param })),
    );
  }
  return parsed;
}

/** A searchset Bundle for `type` (undefined = system search), optionally within a patient compartment. */
export async function searchResources(
  db: Queryable,
  _ctx: AccessContext,
  type: string | undefined,
  query: SearchQuery,
  opts: SearchOptions,
): Promise<Bundle> {
  const search = parseQuery(type, query, opts);
  const compartment: Compartment | undefined = opts.compartment;
  const within: Within = {
    compartment,
    access: opts.access,
    patients: opts.patients,
    afterId: opts.afterId,
  };
  if (opts.afterId !== undefined && (search.sort.length > 0 || search.offset > 0 || type === undefined))
    throw new Error('keyset paging (afterId) needs a one-type search without _sort or _offset');
  const countOnly = search.summary === 'count';
  const rows = countOnly ? [] : await fetchPage(db, search, within);
  const hasNext = rows.length > search.count;
  const matches = rows.slice(0, search.count);
  const total = await searchTotal(db, { search, within, page: matches, hasNext, countOnly });
  const shape = { summary: search.summary, elements: search.elements };
  const entries: BundleEntry[] = matches.map((r) => toEntry(r, opts.baseUrl, 'match', shape));
  if (!countOnly && (search.includes.length > 0 || search.revincludes.length > 0)) {
    const included = await findIncluded(db, matches, search, opts.access?.include);
    entries.push(...included.map((r) => toEntry(r, opts.baseUrl, 'include', shape)));
  }
  if (search.issues.length > 0) entries.push(outcomeEntry(search.issues));
  const links = pageLinks({ baseUrl: opts.baseUrl, type, compartment, search, hasNext, total });
  return searchsetBundle(entries, links, total);
}

async function fetchPage(db: Queryable, search: ParsedSearch, within: Within): Promise<MatchRow[]> {
  const { sql, params } = pageStatement(search, within);
  return (await db.query<MatchRow>(sql, params)).rows;
}

/**
 * Ids of the resources of `type` matching `query` (conditional create/update/delete, http.html#cond-update),
 * at most `limit` of them. Strict handling: a condition the server cannot evaluate must not match
 * everything.
 */
export async function findMatchingIds(
  db: Queryable,
  type: string,
  query: SearchQuery,
  limit = 1000,
  compartment?: Compartment,
): Promise<string[]> {
  const search = parseQuery(type, query, { baseUrl: '', handling: 'strict' });
  const { sql, params } = idStatement(search, { compartment }, limit);
  return (await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
}
