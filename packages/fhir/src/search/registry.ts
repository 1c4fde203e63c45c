// Which search parameters each resource type has (search.html, R4 SearchParameter registry):
// its own, plus those every Resource and DomainResource inherits.
import { resourceTypeNames } from '../definitions/structure.ts';
import { indexSearchParameters, loadBaseSearchParameters } from '../definitions/search-params.ts';
import type { SearchParamDef } from '../definitions/search-params.types.ts';

/** R4's resources that derive from Resource directly, so have no narrative for `_text`. */
const NOT_DOMAIN_RESOURCES = new Set(['Binary', 'Bundle', 'Parameters']);

/**
 * Parameters the spec defines on the search page itself rather than as SearchParameter resources
 * (search.html#_type, #has, #list). They are served by the query engine, never indexed.
 */
const SEARCH_PAGE_PARAMS: readonly SearchParamDef[] = [
  { code: '_type', url: 'http://hl7.org/fhir/R4/search.html#_type', type: 'token', base: ['Resource'] },
  { code: '_has', url: 'http://hl7.org/fhir/R4/search.html#has', type: 'special', base: ['Resource'] },
  { code: '_list', url: 'http://hl7.org/fhir/R4/search.html#list', type: 'special', base: ['Resource'] },
];

interface Registry {
  byType: Map<string, ReadonlyMap<string, SearchParamDef>>;
  types: readonly string[];
}

let registry: Registry | undefined;

function build(): Registry {
  const declared = indexSearchParameters(loadBaseSearchParameters());
  const common = new Map(declared.get('Resource'));
  for (const def of SEARCH_PAGE_PARAMS) common.set(def.code, def);
  const domain = declared.get('DomainResource') ?? new Map<string, SearchParamDef>();
  const types = resourceTypeNames();
  const byType = new Map<string, ReadonlyMap<string, SearchParamDef>>();
  for (const type of types) {
    const params = new Map(common);
    if (!NOT_DOMAIN_RESOURCES.has(type)) for (const [code, def] of domain) params.set(code, def);
    for (const [code, def] of declared.get(type) ?? []) params.set(code, def);
    byType.set(type, params);
  }
  return { byType, types };
}

function get(): Registry {
  registry ??= build();
  return registry;
}

const NONE: ReadonlyMap<string, SearchParamDef> = new Map();

/** Every parameter `resourceType` can be searched by, keyed by code; empty for an unknown type. */
export function getSearchParams(resourceType: string): ReadonlyMap<string, SearchParamDef> {
  return get().byType.get(resourceType) ?? NONE;
}

export function getSearchParam(resourceType: string, code: string): SearchParamDef | undefined {
  return getSearchParams(resourceType).get(code);
}

/** All 146 concrete R4 resource types: each is searchable at least by the common parameters. */
export function searchableResourceTypes(): readonly string[] {
  return get().types;
}
