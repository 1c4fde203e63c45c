// Search result parameters (FHIR R4 search.html#return): _sort, _count, _offset, _total, _summary,
// _elements, _include, _revinclude. They shape the Bundle rather than select resources.
import type { IncludeSpec, ParamLookup, SortKey, SummaryMode, TotalMode } from './ast.ts';
import { SearchParamError } from './ast.ts';

export const MAX_COUNT = 1000;
export const DEFAULT_COUNT = 20;

export interface ResultState {
  count: number;
  offset: number;
  sort: SortKey[];
  total?: TotalMode;
  summary?: SummaryMode;
  elements?: string[];
  includes: IncludeSpec[];
  revincludes: IncludeSpec[];
}

interface ResultContext {
  type: string | undefined;
  lookup: ParamLookup;
  isResourceType: (name: string) => boolean;
}

/** Names handled here. `_format` and `_pretty` belong to the HTTP layer and are accepted silently. */
export const RESULT_PARAMS: ReadonlySet<string> = new Set([
  '_sort',
  '_count',
  '_offset',
  '_total',
  '_summary',
  '_elements',
  '_include',
  '_revinclude',
  '_format',
  '_pretty',
]);

const TOTAL_MODES: readonly string[] = ['none', 'estimate', 'accurate'];
const SUMMARY_MODES: readonly string[] = ['true', 'false', 'text', 'data', 'count'];
const SORTABLE = new Set(['string', 'token', 'date', 'number', 'quantity', 'uri', 'reference']);

/** Applies one result parameter to `state`; returns whether it belongs in the paging links. */
export function parseResultParam(
  key: string,
  value: string,
  state: ResultState,
  ctx: ResultContext,
): boolean {
  const [name = '', modifier] = key.split(':');
  if (modifier !== undefined && !((name === '_include' || name === '_revinclude') && isIterate(modifier)))
    throw new SearchParamError(`Unsupported modifier on ${name}`);
  switch (name) {
    case '_count':
      // A larger _count is clamped, not refused: the server may return fewer (search.html#count).
      state.count = Math.min(nonNegativeInteger(key, value), MAX_COUNT);
      return false;
    case '_offset':
      state.offset = nonNegativeInteger(key, value);
      return false;
    case '_total':
      if (!TOTAL_MODES.includes(value))
        throw new SearchParamError(`_total must be none, estimate or accurate`);
      state.total = value as TotalMode;
      return true;
    case '_summary':
      if (!SUMMARY_MODES.includes(value))
        throw new SearchParamError(`_summary must be true, false, text, data or count`);
      state.summary = value as SummaryMode;
      return true;
    case '_elements':
      state.elements = value
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e.length > 0);
      return true;
    case '_sort':
      state.sort = value.split(',').map((k) => sortKey(k.trim(), ctx));
      return true;
    case '_include':
    case '_revinclude': {
      const spec = includeSpec(value, modifier !== undefined, ctx);
      (name === '_include' ? state.includes : state.revincludes).push(spec);
      return true;
    }
    default:
      return false;
  }
}

function isIterate(modifier: string): boolean {
  // `:recurse` is the STU3 name of `:iterate`; R4 servers commonly accept both.
  return modifier === 'iterate' || modifier === 'recurse';
}

function nonNegativeInteger(key: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new SearchParamError(`${key} must be a non-negative integer`);
  return Number(value);
}

function sortKey(raw: string, ctx: ResultContext): SortKey {
  const descending = raw.startsWith('-');
  const code = descending ? raw.slice(1) : raw;
  if (code === '_id' || code === '_lastUpdated') return { code, param: undefined, descending };
  const param = ctx.type !== undefined ? ctx.lookup(ctx.type, code) : undefined;
  if (!param || !SORTABLE.has(param.type)) throw new SearchParamError(`Cannot sort by '${code}'`);
  return { code, param, descending };
}

/** `Type:param[:targetType]` or `*` (search.html#include). */
function includeSpec(value: string, iterate: boolean, ctx: ResultContext): IncludeSpec {
  if (value === '*') return { sourceType: '*', param: '*', targetType: undefined, iterate };
  const [sourceType, param, targetType, ...extra] = value.split(':');
  if (!sourceType || !param || extra.length > 0 || !ctx.isResourceType(sourceType))
    throw new SearchParamError(`Malformed include '${value}': expected Type:param[:targetType]`);
  if (targetType !== undefined && !ctx.isResourceType(targetType))
    throw new SearchParamError(`Unknown target type '${targetType}' in '${value}'`);
  if (param === '*') return { sourceType, param, targetType, iterate };
  const def = ctx.lookup(sourceType, param);
  if (def?.type !== 'reference')
    throw new SearchParamError(`'${param}' is not a reference parameter of ${sourceType}`);
  if (targetType !== undefined && !def.targets.includes(targetType))
    throw new SearchParamError(`${sourceType}.${param} cannot refer to ${targetType}`);
  return { sourceType, param, targetType, iterate };
}
