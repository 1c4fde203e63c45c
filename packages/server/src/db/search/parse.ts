// Parses a FHIR search query (FHIR R4 search.html) into the typed form in ast.ts. Every problem is a
// SearchIssue naming the parameter as received; the caller decides (Prefer: handling) whether it is a
// 400 or an ignored parameter with a warning.
import type { SearchQuery } from '../repository.types.ts';
import {
  SearchParamError,
  type Filter,
  type ParamDef,
  type ParseContext,
  type ParsedSearch,
  type SearchIssue,
  type ValueTest,
} from './ast.ts';
import { parseResultParam, RESULT_PARAMS, type ResultState } from './result-params.ts';
import { splitUnescaped, unescapeValue } from './escape.ts';
import { parseValue } from './values.ts';

export function parseSearch(type: string | undefined, query: SearchQuery, ctx: ParseContext): ParsedSearch {
  const issues: SearchIssue[] = [];
  const accepted: [string, string][] = [];
  const state: ResultState = { count: 20, offset: 0, sort: [], includes: [], revincludes: [] };
  const filters: Filter[] = [];
  for (const [key, value] of query) {
    if (key === '_type' && type === undefined) continue;
    try {
      // PostgreSQL text cannot hold NUL; no FHIR value contains one (datatypes.html#string).
      if (key.includes('\u0000') || value.includes('\u0000'))
        throw new SearchParamError('contains a NUL character');
      if (RESULT_PARAMS.has(key.split(':')[0]!)) {
        const keep = parseResultParam(key, value, state, { ...ctx, type });
        if (keep) accepted.push([key, value]);
      } else {
        // System search with _type: the filter must hold on every listed type; they share one AST.
        const [first] = searchTypes(type, query, ctx).map((t) => parseFilter(t, key, value, ctx));
        filters.push(first!);
        accepted.push([key, value]);
      }
    } catch (err) {
      if (!(err instanceof SearchParamError)) throw err;
      issues.push({ param: key, message: err.message });
    }
  }
  const types = type === undefined ? systemTypes(query, ctx, issues, accepted) : [type];
  const { total, summary, elements } = state;
  return { ...state, total, summary, elements, types, filters, issues, accepted };
}

/** The types a filter is validated against: the searched type, each `_type`, or `Resource`. */
function searchTypes(type: string | undefined, query: SearchQuery, ctx: ParseContext): string[] {
  if (type !== undefined) return [type];
  const listed = query.filter(([k]) => k === '_type').flatMap(([, v]) => v.split(','));
  const known = listed.filter((t) => ctx.isResourceType(t));
  return known.length > 0 ? known : ['Resource'];
}

function systemTypes(
  query: SearchQuery,
  ctx: ParseContext,
  issues: SearchIssue[],
  accepted: [string, string][],
): string[] | undefined {
  const typeParams = query.filter(([k]) => k === '_type');
  if (typeParams.length === 0) return undefined;
  const types: string[] = [];
  for (const [key, value] of typeParams) {
    const names = value.split(',').map((t) => t.trim());
    const unknown = names.filter((t) => !ctx.isResourceType(t));
    if (unknown.length > 0)
      issues.push({ param: key, message: `Unknown resource type: ${unknown.join(', ')}` });
    else {
      types.push(...names);
      accepted.push([key, value]);
    }
  }
  return types.length > 0 ? types : undefined;
}

/** One search parameter `key=value` on resources of `type` (FHIR R4 search.html §3.1.1). */
export function parseFilter(type: string, key: string, value: string, ctx: ParseContext): Filter {
  if (key.startsWith('_has:')) return parseHas(type, key, value, ctx);
  const dot = key.indexOf('.');
  if (dot > 0) return parseChain(type, key.slice(0, dot), key.slice(dot + 1), value, ctx);
  const [code, modifier, ...extra] = key.split(':');
  if (extra.length > 0 || !code) throw new SearchParamError(`Malformed parameter name '${key}'`);
  const values = splitUnescaped(value, ',');
  switch (code) {
    case '_type':
      // search.html#_type: the types of a system search; a type-level search already names its type.
      throw new SearchParamError('_type applies to system search only (GET [base]?_type=…)');
    case '_query':
      throw new SearchParamError('Named queries (_query) are not supported');
    case '_id':
      return idFilter(modifier, values);
    case '_lastUpdated':
      return { kind: 'lastUpdated', tests: values.map((v) => lastUpdatedTest(modifier, v, ctx)) };
    case '_list':
      noModifier(code, modifier);
      return { kind: 'list', listIds: values.map(unescapeValue) };
    case '_text':
    case '_content':
      noModifier(code, modifier);
      return {
        kind: 'text',
        scope: code === '_text' ? 'narrative' : 'content',
        terms: values.map(unescapeValue),
      };
  }
  const param = ctx.lookup(type, code);
  if (!param) throw new SearchParamError(`Unknown search parameter '${code}' for ${type}`);
  if (modifier === 'missing') return missingFilter(param, value);
  if (modifier === 'identifier' && param.type === 'reference') return referenceIdentifier(param, values, ctx);
  if (modifier === 'of-type' && param.type === 'token') return identifierOfType(param, values);
  const negate = modifier === 'not';
  if (negate && param.type !== 'token') throw new SearchParamError(`:not applies to token parameters only`);
  const tests = values.map((v) => parseValue(param, negate ? undefined : modifier, v, ctx));
  return { kind: 'param', param, tests, negate };
}

/**
 * `identifier:of-type=typeSystem|typeCode|value` (search.html#token): extraction indexes each Identifier
 * type coding with its value as a token row under `<code>:of-type` (system `typeSystem|typeCode`).
 * All three parts are required; the value is matched exactly.
 */
function identifierOfType(param: ParamDef, values: string[]): Filter {
  const tokenParam: ParamDef = { code: `${param.code}:of-type`, type: 'token', targets: [], components: [] };
  const tests = values.map((raw): ValueTest => {
    const parts = splitUnescaped(raw, '|').map(unescapeValue);
    if (parts.length !== 3 || parts.some((p, i) => p === '' && i > 0))
      throw new SearchParamError(`:of-type takes typeSystem|typeCode|value, not '${raw}'`);
    const [system, code, value] = parts as [string, string, string];
    return { kind: 'token', system: `${system}|${code}`, code: value };
  });
  return { kind: 'param', param: tokenParam, tests, negate: false };
}

/**
 * `subject:identifier=system|value` (search.html#reference): extraction indexes Reference.identifier as
 * token rows under `<code>:identifier`, so this is a token search on that code.
 */
function referenceIdentifier(param: ParamDef, values: string[], ctx: ParseContext): Filter {
  const tokenParam: ParamDef = {
    code: `${param.code}:identifier`,
    type: 'token',
    targets: [],
    components: [],
  };
  const tests = values.map((v) => parseValue(tokenParam, undefined, v, ctx));
  return { kind: 'param', param: tokenParam, tests, negate: false };
}

function noModifier(code: string, modifier: string | undefined): void {
  if (modifier !== undefined) throw new SearchParamError(`${code} takes no modifier`);
}

function idFilter(modifier: string | undefined, values: string[]): Filter {
  if (modifier !== undefined && modifier !== 'not')
    throw new SearchParamError(`Unsupported modifier :${modifier} on _id`);
  return { kind: 'id', ids: values.map(unescapeValue), negate: modifier === 'not' };
}

const LAST_UPDATED: ParamDef = { code: '_lastUpdated', type: 'date', targets: [], components: [] };

function lastUpdatedTest(modifier: string | undefined, v: string, ctx: ParseContext) {
  noModifier('_lastUpdated', modifier);
  const test = parseValue(LAST_UPDATED, undefined, v, ctx);
  if (test.kind !== 'date') throw new SearchParamError('Malformed _lastUpdated');
  return test;
}

function missingFilter(param: ParamDef, value: string): Filter {
  if (value !== 'true' && value !== 'false')
    throw new SearchParamError(`:missing takes true or false, not '${value}'`);
  return { kind: 'missing', param, missing: value === 'true' };
}

/** `subject:Patient.name=x`, `patient.organization.name=x` (search.html#chaining). */
function parseChain(type: string, head: string, rest: string, value: string, ctx: ParseContext): Filter {
  const [code, targetType, ...extra] = head.split(':');
  const param = code ? ctx.lookup(type, code) : undefined;
  if (!param || extra.length > 0)
    throw new SearchParamError(`Unknown search parameter '${head}' for ${type}`);
  if (param.type !== 'reference')
    throw new SearchParamError(`'${code}' is not a reference parameter; it cannot be chained`);
  if (targetType !== undefined && !param.targets.includes(targetType))
    throw new SearchParamError(`'${code}' of ${type} cannot refer to ${targetType}`);
  const candidates = targetType !== undefined ? [targetType] : param.targets;
  const hops: { type: string; filter: Filter }[] = [];
  let lastError: unknown;
  for (const target of candidates) {
    try {
      hops.push({ type: target, filter: parseFilter(target, rest, value, ctx) });
    } catch (err) {
      lastError = err;
    }
  }
  if (hops.length === 0) {
    if (lastError instanceof Error) throw lastError;
    throw new SearchParamError(`'${code}' of ${type} has no target types`);
  }
  return { kind: 'chain', param, hops };
}

/** `_has:Observation:patient:code=1234` and nested `_has:...:_has:...` (search.html#has). */
function parseHas(type: string, key: string, value: string, ctx: ParseContext): Filter {
  const [, sourceType, refParam, ...rest] = key.split(':');
  const inner = rest.join(':');
  if (!sourceType || !refParam || !inner) throw new SearchParamError(`Malformed _has parameter '${key}'`);
  if (!ctx.isResourceType(sourceType))
    throw new SearchParamError(`Unknown resource type '${sourceType}' in _has`);
  const ref = ctx.lookup(sourceType, refParam);
  if (ref?.type !== 'reference')
    throw new SearchParamError(`'${refParam}' is not a reference parameter of ${sourceType}`);
  if (type !== 'Resource' && !ref.targets.includes(type))
    throw new SearchParamError(`${sourceType}.${refParam} cannot refer to ${type}`);
  return { kind: 'has', sourceType, refParam, filter: parseFilter(sourceType, inner, value, ctx) };
}
