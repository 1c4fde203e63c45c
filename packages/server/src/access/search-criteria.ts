// Search criteria that look at other resources: chained parameters (`subject:Patient.name=…`), reverse
// chains (`_has:Observation:patient:code=…`) and `_list`. They match through rows of another type, so the
// caller must be allowed to search that type too: otherwise the search is refused with a 403 naming the
// parameter, rather than answered with an empty result that would look like "nothing matches". Rows of
// an allowed type the caller may not see still never satisfy a criterion (SearchAccess.criteria): an
// invisible chain target, `_has` source or List matches nothing, exactly as if it did not exist.
import { forbidden } from '@hearth/fhir';
import type { AccessContext, SearchQuery } from '../db/repository.types.ts';
import type { Filter } from '../db/search/ast.ts';
import { parseQuery } from '../db/search/search.ts';
import { authorize } from './policy.ts';

/** The first type a filter reaches that the caller may not search, if any. */
function refusedType(filter: Filter, searchable: (type: string) => boolean): string | undefined {
  switch (filter.kind) {
    case 'chain': {
      // A chain without a `:Type` modifier may go to several target types: refused only when none of them
      // may be searched (the others match nothing for this caller anyway).
      const open = filter.hops.filter((h) => searchable(h.type));
      if (open.length === 0) return filter.hops[0]?.type;
      for (const hop of open) {
        const deeper = refusedType(hop.filter, searchable);
        if (deeper !== undefined) return deeper;
      }
      return undefined;
    }
    case 'has':
      return searchable(filter.sourceType) ? refusedType(filter.filter, searchable) : filter.sourceType;
    case 'list':
      return searchable('List') ? undefined : 'List';
    case 'param':
    case 'missing':
    case 'id':
    case 'lastUpdated':
    case 'text':
      return undefined;
  }
}

const crossesResources = (key: string) => key === '_list' || key.startsWith('_has:') || key.includes('.');

/** Throws 403 naming the first parameter that searches through a type the caller may not search. */
export function assertCriteriaSearchable(
  ctx: AccessContext,
  search: { type: string | undefined; query: SearchQuery; baseUrl: string; aggregate: boolean },
): void {
  const { type, query, aggregate } = search;
  const searchable = (t: string) => authorize(ctx, { interaction: 'search', type: t, aggregate }).allowed;
  const types = query.filter(([k]) => k === '_type');
  for (const [key, value] of query) {
    if (!crossesResources(key)) continue;
    // Parsed on its own, leniently: a malformed parameter is the search's to report (400), not ours.
    const parsed = parseQuery(type, [...types, [key, value]], {
      baseUrl: search.baseUrl,
      handling: 'lenient',
    });
    for (const filter of parsed.filters) {
      const refused = refusedType(filter, searchable);
      if (refused !== undefined) {
        throw forbidden(
          `The search parameter '${key}' searches ${refused} resources, which this token may not search.`,
          key,
        );
      }
    }
  }
}
